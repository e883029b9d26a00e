#!/usr/bin/env python3
"""How well descriptions are read: per-answer and verdict accuracy of a file of cases.

    tests/description_accuracy.py BINARY CASES [--min-answers PCT] [--min-verdicts PCT] [-v]

CASES is a `rules test` file whose cases give a description and, under `expect`, every
checklist answer the description states (`inferred`) or leaves unknown (`not_inferred`), and
the verdict. Each case's spec is evaluated with `BINARY evaluate --format json`; an answer is
right when it is inferred with the expected value, or left unknown when it should be. Prints
the accuracy of each answer, of all answers, and of the verdicts; exits 1 when an accuracy is
below its minimum, 2 on a bad file.
"""
import argparse
import json
import subprocess
import sys

import yaml

QUESTIONS = ["domain_expertise_critical", "high_quality_examples", "production", "expected_improvement_pct",
             "needs_realtime_data", "use_case"]


def same(want, have):
    if isinstance(want, bool) or isinstance(have, bool):
        return want == have
    if isinstance(want, (int, float)) and isinstance(have, (int, float)):
        return float(want) == float(have)
    return want == have


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("cases")
    parser.add_argument("--min-answers", type=float, default=0)
    parser.add_argument("--min-verdicts", type=float, default=0)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    try:
        cases = yaml.safe_load(open(args.cases, encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        print(f"{args.cases}: {error}", file=sys.stderr)
        return 2
    right = {q: 0 for q in QUESTIONS}
    verdicts = 0
    for case in cases:
        spec = case["spec"]
        run = subprocess.run([args.binary, "evaluate", "--format", "json", "-"], input=json.dumps(spec),
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"{case['name']}: exit {run.returncode}: {run.stderr}", file=sys.stderr)
            return 2
        result = json.loads(run.stdout)
        got = {q: a["value"] for q, a in result["answers"].items() if a["source"] == "inferred"}
        expect = case["expect"]
        wrong = []
        for q in QUESTIONS:
            want = expect.get("inferred", {}).get(q)
            if same(want, got.get(q)):
                right[q] += 1
            else:
                wrong.append(f"{q}: expected {want}, read {got.get(q)}")
        if result["verdict"] == expect["verdict"]:
            verdicts += 1
        else:
            wrong.append(f"verdict: expected {expect['verdict']}, got {result['verdict']}")
        if wrong and args.verbose:
            print(f"- {case['name']}\n  {spec.get('description')}")
            for line in wrong:
                print(f"    {line}")
    n = len(cases)
    for q in QUESTIONS:
        print(f"{q:<28} {right[q]:>4}/{n} {100 * right[q] / n:5.1f}%")
    answers = sum(right.values())
    answer_pct = 100 * answers / (n * len(QUESTIONS))
    verdict_pct = 100 * verdicts / n
    print(f"{'answers':<28} {answers:>4}/{n * len(QUESTIONS)} {answer_pct:5.1f}%")
    print(f"{'verdicts':<28} {verdicts:>4}/{n} {verdict_pct:5.1f}%")
    if answer_pct < args.min_answers or verdict_pct < args.min_verdicts:
        print(f"below the minimum: answers {args.min_answers}%, verdicts {args.min_verdicts}%", file=sys.stderr)
        return 1
    return 0


sys.exit(main())
