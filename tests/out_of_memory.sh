#!/usr/bin/env bash
# Out of memory is an error like any other: a spec whose tree needs more memory than the
# process may have (ulimit -v) ends with exit 2 and a message, not SIGABRT (exit 134).
#   tests/out_of_memory.sh BINARY
set -u
binary=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# 600,000 empty objects: 1.8 MB of JSON, within the default limits, some 60 MB of tree.
python3 -c "import sys; sys.stdout.write('{\"spec_version\":1,\"x\":[' + ','.join(['{}'] * 600000) + ']}')" \
  > "$scratch/spec.json"
# The same in YAML: 260,000 empty flow maps, 1.8 MB, through yaml-cpp's parser.
python3 -c "import sys; sys.stdout.write('spec_version: 1\nx:\n' + '  - {}\n' * 260000)" > "$scratch/spec.yaml"
failures=0
# At 60 and 90 MB the worker threads' stacks find no room either: the run goes on without them.
# (The YAML tree is smaller: 200 MB holds it.)
for kilobytes in 60000 90000 100000 150000 200000; do
  specs="spec.json spec.yaml"
  [ "$kilobytes" -ge 200000 ] && specs=spec.json
  for spec in $specs; do
    (ulimit -v "$kilobytes"; exec "$binary" evaluate "$scratch/$spec") > "$scratch/out" 2> "$scratch/err"
    code=$?
    if [ "$code" -ne 2 ]; then
      echo "$spec, ulimit -v $kilobytes: exit $code, expected 2: $(head -c 300 "$scratch/err")"
      failures=$((failures + 1))
    elif ! grep -q "^ftadvisor: error: out of memory: " "$scratch/err"; then
      echo "$spec, ulimit -v $kilobytes: exit 2 without the message: $(head -c 300 "$scratch/err")"
      failures=$((failures + 1))
    fi
  done
done
echo "$failures failures"
[ "$failures" -eq 0 ]
