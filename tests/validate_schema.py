#!/usr/bin/env python3
"""Checks `ftadvisor schema` with an independent validator (Debian's python3-jsonschema).

    validate_schema.py FTADVISOR SOURCE_DIR SCRATCH_DIR

The schema must itself be a valid draft 2020-12 schema; it must accept every example spec,
the good specs of the batch tests and both `init` templates; and it must reject the bad
specs whose problems a schema can express: wrong types, numbers out of range, unknown keys,
approaches, stages, choices and versions; and at the edges of every question's answers (types,
bounds, choices) the schema and the spec reader must agree. Exits 1 after any disagreement.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml

REJECTED = [
    "wrong-type.json", "negative-count.json", "percent-range.json", "unknown-approach.json",
    "unknown-key.json", "unknown-choice.json", "fraction-count.yaml", "missing-version.json",
    "version-string.json", "unsupported-version.json", "unknown-stage.yaml", "unknown-answer.yaml",
    "not-object.json", "not-object.yaml", "many-problems.json",
]


def load(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def main():
    binary, source, scratch = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    run = lambda *args: subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout
    schema = json.loads(run("schema"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    accepted = sorted(p for p in (source / "examples").glob("*") if p.suffix in (".json", ".yaml", ".yml"))
    accepted += [source / "tests/data/batch/a-clinic.json", source / "tests/data/batch/nested/c-quiz.yml"]
    scratch.mkdir(parents=True, exist_ok=True)
    for name, args in (("template.yaml", ["init"]), ("template.json", ["--format", "json", "init"])):
        (scratch / name).write_text(run(*args), encoding="utf-8")
        accepted.append(scratch / name)
    failures = 0
    for path in accepted:
        errors = [e.message for e in validator.iter_errors(load(path))]
        if errors:
            print(f"{path}: the schema rejects a valid spec: {errors[0]}")
            failures += 1
    for name in REJECTED:
        path = source / "tests/data/bad" / name
        if validator.is_valid(load(path)):
            print(f"{path}: the schema accepts a spec that ftadvisor rejects")
            failures += 1
    # One definition of a valid answer: at the edges of every question, the schema and the spec
    # reader agree (the interview takes what the reader takes: tests/unit/interview_test.cpp).
    rules = yaml.safe_load(run("rules", "show"))
    values = [True, False, 0, 1, 12.5, 100, 1000, 1001, 1e12, 2e12, -3, 0.5, "yes", "true", "nonsense", None]
    answers_checked = 0
    for question in rules["questions"]:
        for value in values + list(question.get("choices", [])):
            spec = {"spec_version": 1, "answers": {question["id"]: value}}
            path = scratch / "edge.json"
            path.write_text(json.dumps(spec), encoding="utf-8")
            read = subprocess.run([binary, "evaluate", "--today", "2026-12-02", str(path)], capture_output=True,
                                  text=True).returncode == 0
            if read != validator.is_valid(spec):
                print(f"{question['id']} = {value!r}: the reader {'takes' if read else 'refuses'} it, the schema "
                      f"{'refuses' if read else 'takes'} it")
                failures += 1
            answers_checked += 1
    print(f"{len(accepted)} accepted, {len(REJECTED)} rejected, {answers_checked} answers at the edges, "
          f"{failures} disagreements")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
