#!/usr/bin/env python3
"""Checks `ftadvisor schema` with an independent validator (Debian's python3-jsonschema).

    validate_schema.py FTADVISOR SOURCE_DIR SCRATCH_DIR

The schema must itself be a valid draft 2020-12 schema; it must accept every example spec,
the good specs of the batch tests and both `init` templates; and it must reject the bad
specs whose problems a schema can express: wrong types, numbers out of range, unknown keys,
approaches, stages, choices and versions. Exits 1 on the first disagreement.
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
    print(f"{len(accepted)} accepted, {len(REJECTED)} rejected, {failures} disagreements")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
