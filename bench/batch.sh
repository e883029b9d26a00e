#!/usr/bin/env bash
# Throughput and memory of `ftadvisor evaluate` on a JSON Lines portfolio, as ratios to jq
# on the same file, both measured in this run (hyperfine and jq are Debian packages; the
# specs come from bench/gen_specs.py, so python3 too).
#
#   bench/batch.sh [BINARY] [COUNT]
#
# Prints: the mean time of each command, ftadvisor's throughput relative to
#   jq -c '{name, v: .answers.production}'
# (above 1 is faster than jq), and ftadvisor's peak resident memory from /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ftadvisor}
count=${2:-100000}
for tool in hyperfine jq python3 /usr/bin/time "$binary"; do
  command -v "$tool" >/dev/null || [ -x "$tool" ] || { echo "bench/batch.sh: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
specs=$work/specs.jsonl
python3 bench/gen_specs.py "$count" > "$specs"
echo "$(wc -l < "$specs") specs, $(( $(stat -c %s "$specs") / 1000000 )) MB, $(nproc) cores"
# Which machine: a figure is only comparable with one from the same kind (docs/performance.md).
lscpu | sed -n 's/^\(Model name\|Thread(s) per core\|Core(s) per socket\):[[:space:]]*/  \1: /p'

hyperfine --warmup 2 --runs 10 --export-json "$work/times.json" \
  --command-name jq "jq -c '{name, v: .answers.production}' $specs > /dev/null" \
  --command-name "ftadvisor jsonl" "$binary --format jsonl evaluate $specs > /dev/null" \
  --command-name "ftadvisor jsonl, stdin" "$binary --format jsonl evaluate - < $specs > /dev/null" \
  --command-name "ftadvisor jsonl -j 1" "$binary --format jsonl evaluate -j 1 $specs > /dev/null" \
  >/dev/null

jq -r '
  (.results[0].mean) as $jq
  | .results[]
  | "\(.command)\t\((.mean * 1000 | round)) ms ± \((.stddev * 1000 | round))\t\(($jq / .mean * 100 | round) / 100)x jq throughput"
' "$work/times.json" | column -t -s $'\t'

/usr/bin/time -v "$binary" --format jsonl evaluate "$specs" 2> "$work/time.txt" > /dev/null
awk -F': ' '/Maximum resident/ { printf "ftadvisor peak memory: %.1f MiB\n", $2 / 1024 }' "$work/time.txt"
