#!/usr/bin/env bash
# How far ftadvisor's token estimate runs from real tokenizers (o200k_base and cl100k_base,
# through the npm package gpt-tokenizer, installed into a scratch folder: it is not a
# dependency of the build). Needs node and npm, and a bench build:
#   cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DFTADVISOR_BUILD_BENCH=ON
#   cmake --build build/bench && bench/token_accuracy.sh build/bench
set -euo pipefail
build=${1:-build/bench}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$repo/bench/token_texts.py" "$repo" > "$work/samples.jsonl"
python3 -c 'import json,sys
for line in sys.stdin: print(json.dumps(json.loads(line)["text"], ensure_ascii=False))' \
  < "$work/samples.jsonl" > "$work/texts.jsonl"
"$build/bench/ftadvisor_token_estimate" < "$work/texts.jsonl" > "$work/estimate.txt"

(cd "$work" && npm install --silent --no-audit --no-fund gpt-tokenizer >/dev/null)
cat > "$work/count.js" <<'JS'
const fs = require("fs");
const enc = require(`gpt-tokenizer/encoding/${process.argv[2]}`);
const lines = fs.readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean);
for (const line of lines) console.log(enc.encode(JSON.parse(line)).length);
JS
for encoding in o200k_base cl100k_base; do
  (cd "$work" && node count.js "$encoding" texts.jsonl) > "$work/$encoding.txt"
done

python3 - "$work" <<'PY'
import json, pathlib, statistics, sys
work = pathlib.Path(sys.argv[1])
kinds = [json.loads(l)["kind"] for l in (work / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
est = [int(x) for x in (work / "estimate.txt").read_text().split()]
print(f"{len(est)} samples")
for encoding in ("o200k_base", "cl100k_base"):
    real = [int(x) for x in (work / f"{encoding}.txt").read_text().split()]
    for kind in ("prose", "code", "other", "all"):
        pairs = [(e, r) for e, r, k in zip(est, real, kinds) if kind in ("all", k) and r > 0]
        errors = [(e - r) / r * 100 for e, r in pairs]
        total = (sum(e for e, _ in pairs) - sum(r for _, r in pairs)) / sum(r for _, r in pairs) * 100
        errors.sort()
        p90 = sorted(abs(x) for x in errors)[int(0.9 * (len(errors) - 1))]
        print(f"{encoding:12} {kind:6} n={len(pairs):4}  sum {total:+6.1f}%  "
              f"median {statistics.median(errors):+6.1f}%  p90 |err| {p90:5.1f}%")
PY
