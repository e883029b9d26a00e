#!/usr/bin/env bash
# Builds the libFuzzer targets (the 'fuzz' CMake preset: clang-14, ASan + UBSan) and runs
# each for SECONDS, starting from seed corpora made of the project's own files. Findings
# (crash-*, leak-*, timeout-*, oom-*) are written to build/fuzz/findings/TARGET/; the
# corpora grow in build/fuzz/corpus/TARGET/. Prints one line a target: seconds, executions,
# corpus size and findings. Exits 1 when there is a finding.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      (default: 600 seconds; fuzz_spec fuzz_rules fuzz_dataset)
#
# The targets run side by side, one process each (libFuzzer uses one core a process); a run
# stops early at its first finding.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_spec fuzz_rules fuzz_dataset)

command -v clang++-14 >/dev/null || { echo "fuzz/run.sh: needs clang-14 and libclang-rt-14-dev" >&2; exit 2; }
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]}" >/dev/null

build=build/fuzz
seeds() { # the seed files of a target, one a line
  case $1 in
    fuzz_spec) find examples tests/data -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.jsonl' \) ;;
    fuzz_rules) find rules tests/data/rules -type f -name '*.yaml' ;;
    fuzz_dataset) find tests/data -type f -name '*.jsonl' ;;
  esac
}

run_target() { # TARGET: fuzz it, then print its line
  local target=$1 corpus=$build/corpus/$1 findings=$build/findings/$1 log=$build/$1.log
  mkdir -p "$corpus" "$findings"
  seeds "$target" | while read -r file; do
    # Named by content, so that seeding twice adds nothing.
    cp "$file" "$corpus/seed-$(sha1sum < "$file" | cut -c1-16)"
  done
  local began=$SECONDS
  # -timeout: one input taking longer is a hang; -rss_limit_mb: memory past it is a finding;
  # -max_len: inputs up to 1 MiB, so that costs that grow with the size are reached.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=1048576 -print_final_stats=1 -artifact_prefix="$findings/" > "$log" 2>&1 || true
  local runs found
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  found=$(find "$findings" -type f | wc -l)
  echo "$target: $((SECONDS - began)) s, ${runs:-0} executions, $(find "$corpus" -type f | wc -l) inputs in the corpus, $found findings"
  find "$findings" -type f | sed 's/^/  /'
}

for target in "${targets[@]}"; do
  run_target "$target" > "$build/$target.summary" &
done
wait
status=0
for target in "${targets[@]}"; do
  cat "$build/$target.summary"
  ! grep -q '^  ' "$build/$target.summary" || status=1
done
exit $status
