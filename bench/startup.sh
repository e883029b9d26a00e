#!/usr/bin/env bash
# Whole-process time of one `ftadvisor evaluate`, as a ratio to `jq .` on the same spec,
# both measured in this run by hyperfine (Debian package `hyperfine`; `jq` likewise).
# The ratio, not the milliseconds, is what to compare across machines.
#
#   bench/startup.sh [BINARY] [SPEC]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ftadvisor}
spec=${2:-examples/clinic-triage.json}
for tool in hyperfine jq "$binary"; do
  command -v "$tool" >/dev/null || [ -x "$tool" ] || { echo "bench/startup.sh: needs $tool" >&2; exit 2; }
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT
hyperfine --warmup 10 --runs 200 --shell=none --export-json "$out" \
  "jq . $spec" \
  "$binary evaluate $spec" \
  "$binary --format json evaluate $spec" \
  "$binary --version" >/dev/null

jq -r '
  (.results[0].mean) as $jq
  | .results[]
  | "\(.command)\t\((.mean * 1000 * 100 | round) / 100) ms ± \((.stddev * 1000 * 100 | round) / 100)\t\((.mean / $jq * 100 | round) / 100)x jq"
' "$out" | column -t -s $'\t'
