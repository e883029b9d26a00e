#!/usr/bin/env bash
# Speed and memory of `ftadvisor data stats` on a generated chat training set, as ratios to
# the usual Python check (bench/data_stats_baseline.py) and to `wc -l` (the floor: reading
# the file and nothing else), all measured in this run with hyperfine; peak memory from
# /usr/bin/time -v.
#
#   bench/data_stats.sh [BINARY] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/ftadvisor}
count=${2:-100000}
for tool in hyperfine python3 /usr/bin/time "$binary"; do
  command -v "$tool" >/dev/null || [ -x "$tool" ] || { echo "bench/data_stats.sh: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/train.jsonl
python3 bench/gen_dataset.py "$count" > "$data"
echo "$(wc -l < "$data") examples, $(( $(stat -c %s "$data") / 1000000 )) MB, $(nproc) cores"
# Which machine: a figure is only comparable with one from the same kind (docs/performance.md).
lscpu | sed -n 's/^\(Model name\|Thread(s) per core\|Core(s) per socket\):[[:space:]]*/  \1: /p'
echo "python:    $(python3 bench/data_stats_baseline.py "$data")"
echo "ftadvisor: $("$binary" --format json data stats "$data" | python3 -c 'import json,sys; r=json.load(sys.stdin); print({k: r[k] for k in ("examples_valid","format_errors","duplicates","empty")}, r["tokens"]["total"])')"

hyperfine --warmup 1 --runs 5 --export-json "$work/times.json" \
  --command-name "python check" "python3 bench/data_stats_baseline.py $data > /dev/null" \
  --command-name "wc -l" "wc -l $data > /dev/null" \
  --command-name "ftadvisor data stats" "$binary data stats $data > /dev/null" \
  --command-name "ftadvisor data stats -j 1" "$binary data stats -j 1 $data > /dev/null" \
  >/dev/null

jq -r '
  (.results[0].mean) as $py | (.results[1].mean) as $wc
  | .results[]
  | "\(.command)\t\((.mean * 1000 | round)) ms ± \((.stddev * 1000 | round))\t\(($py / .mean * 10 | round) / 10)x python\t\((.mean / $wc * 10 | round) / 10)x the time of wc -l"
' "$work/times.json" | column -t -s $'\t'

/usr/bin/time -v "$binary" data stats "$data" 2> "$work/time.txt" > /dev/null
awk -F': ' '/Maximum resident/ { printf "ftadvisor peak memory: %.1f MiB\n", $2 / 1024 }' "$work/time.txt"
