#!/usr/bin/env bash
# `evaluate --format jsonl -` streams: the result for a line comes out before the next line
# arrives. A producer writes one spec into a pipe, waits (up to 20 s) until its result has
# been printed, then writes the second. A tool that waited for more input, or for the end,
# would never print the first result in time.
#   tests/streaming.sh FTADVISOR [EVALUATE-OPTION...]
set -euo pipefail
binary=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"; kill $(jobs -p) 2>/dev/null || true' EXIT
mkfifo "$work/in"
spec='{"spec_version":1,"name":"streamed","answers":{"production":false}}'

"$binary" --format jsonl evaluate "$@" - < "$work/in" > "$work/out" &
tool=$!
exec 3> "$work/in"
for n in 1 2; do
  echo "$spec" >&3
  for _ in $(seq 200); do
    [ "$(wc -l < "$work/out")" -ge "$n" ] && break
    sleep 0.1
  done
  lines=$(wc -l < "$work/out")
  if [ "$lines" -lt "$n" ]; then
    echo "streaming.sh: no result for line $n within 20 s of writing it (got $lines lines)" >&2
    exit 1
  fi
done
exec 3>&-
wait "$tool"
[ "$(wc -l < "$work/out")" -eq 2 ] || { echo "streaming.sh: expected 2 results" >&2; exit 1; }
grep -q '"line":2' "$work/out" || { echo "streaming.sh: the second result lacks its line" >&2; exit 1; }
echo "streaming.sh: each result came out before the next line was written"
