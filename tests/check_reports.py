#!/usr/bin/python3
"""End-to-end checks of `ftadvisor check`'s reports that a golden file cannot make:

- the JUnit XML is read by an XML parser (Python's ElementTree) and its counts, class
  names and failures match the proposals;
- every GitHub annotation names a proposal file that exists, and every failing or invalid
  proposal has an ::error;
- --report writes each format to its file, byte for byte what --format prints;
- a report file that exists is left untouched (exit 2) unless --force;
- with --format github, the Markdown report is appended to $GITHUB_STEP_SUMMARY.

Usage: check_reports.py BINARY SOURCE_DIR SCRATCH_DIR
"""

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

BINARY, SOURCE, SCRATCH = sys.argv[1:4]
INPUTS = ["tests/data/check/mixed", "tests/data/check/broken.json"]
FIXED = ["--today", "2026-06-01"]
failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def run(*args, env=None):
    full_env = dict(os.environ, NO_COLOR="1")
    full_env.pop("GITHUB_STEP_SUMMARY", None)
    full_env.update(env or {})
    return subprocess.run([BINARY, *args], cwd=SOURCE, env=full_env, capture_output=True)


shutil.rmtree(SCRATCH, ignore_errors=True)
os.makedirs(SCRATCH)

# JUnit, through an XML parser.
junit = run("--format", "junit", "check", *FIXED, *INPUTS)
expect(junit.returncode == 2, f"junit: exit {junit.returncode}, expected 2")
root = ET.fromstring(junit.stdout)
suite = root.find("testsuite")
cases = suite.findall("testcase")
expect(root.tag == "testsuites", f"junit: root is {root.tag}")
expect(len(cases) == 7 and suite.get("tests") == "7", f"junit: {len(cases)} testcases, tests={suite.get('tests')}")
failed = [c for c in cases if c.find("failure") is not None]
errors = [c for c in cases if c.find("error") is not None]
expect(suite.get("failures") == str(len(failed)) == "2", f"junit: failures={suite.get('failures')}, {len(failed)} found")
expect(suite.get("errors") == str(len(errors)) == "1", f"junit: errors={suite.get('errors')}, {len(errors)} found")
expect(root.get("failures") == "2" and root.get("errors") == "1", "junit: testsuites counts differ from the suite's")
expect({c.get("name").split(":")[0] for c in failed} == {"pub-quiz.json", "contracts-expired.yaml"},
       f"junit: failing cases {[c.get('name') for c in failed]}")
expect(errors[0].get("classname") == "tests.data.check" and errors[0].get("name") == "broken.json",
       f"junit: error case {errors[0].attrib}")
expect(all(c.get("classname").startswith("tests.data.check") for c in cases), "junit: class names are not folders")
quiz = next(c for c in failed if c.get("name").startswith("pub-quiz"))
expect(quiz.find("failure").get("type") == "approach-mismatch", "junit: pub-quiz failure type")
expect("rules recommend skip" in quiz.find("failure").text, "junit: pub-quiz failure text")
odd = next(c for c in cases if c.get("name").startswith("ops-bot"))
expect(odd.get("name") == 'ops-bot.json: Ops <bot> & "friends" \ufffd \U0001f680',
       f"junit: the escaped name did not read back: {odd.get('name')!r}")

# With --fail-on warning the warning proposal is a failure too; with never, nothing is.
warning = ET.fromstring(run("--format", "junit", "check", "--fail-on", "warning", *FIXED, *INPUTS).stdout)
expect(warning.get("failures") == "3", f"junit --fail-on warning: failures={warning.get('failures')}")
never = ET.fromstring(run("--format", "junit", "check", "--fail-on", "never", *FIXED, *INPUTS).stdout)
expect(never.get("failures") == "0" and never.get("errors") == "1", f"junit --fail-on never: {never.attrib}")

# Jenkins' schema (tests/data/junit) takes the report as it is, and so it does with names and
# reasons that hold characters XML 1.0 has no place for (U+FFFE, U+FFFF) and line breaks and
# tabs, which an attribute keeps only as character references.
def schema_errors(xml_bytes, name):
    path = os.path.join(HOSTILE, name)
    with open(path, "wb") as f:
        f.write(xml_bytes)
    checked = subprocess.run(["xmllint", "--noout", "--schema",
                              os.path.join(SOURCE, "tests/data/junit/junit-10.xsd"), path], capture_output=True)
    return checked.returncode, checked.stderr.decode(errors="replace")


HOSTILE = os.path.join(SCRATCH, "..", "check-reports-hostile")
shutil.rmtree(HOSTILE, ignore_errors=True)
os.makedirs(HOSTILE)
code, errors_text = schema_errors(junit.stdout, "mixed.xml")
expect(code == 0, f"junit: not valid against junit-10.xsd: {errors_text}")
odd_name = "Odd \ufffe\uffff name\nsecond line\r\tand a tab"
with open(os.path.join(HOSTILE, "odd.json"), "w", encoding="utf-8") as f:
    json.dump({"spec_version": 1, "name": odd_name, "answers": {"domain_expertise_critical": True,
               "high_quality_examples": 800, "production": True, "expected_improvement_pct": 25,
               "needs_realtime_data": False}, "stage": "production", "proposed_approach": "fine-tune",
               "waivers": [{"rule": "over-specializing", "reason": "Reason \uffff with\na line break",
                            "expires": "2026-07-01"}]}, f)
hostile = subprocess.run([BINARY, "--format", "junit", "check", *FIXED, os.path.join(HOSTILE, "odd.json")],
                         capture_output=True)
code, errors_text = schema_errors(hostile.stdout, "odd.xml")
expect(code == 0, f"junit with U+FFFE, U+FFFF and line breaks: not valid XML or not valid against the schema: {errors_text}")
odd_case = ET.fromstring(hostile.stdout).find("testsuite/testcase")
expect(odd_case is not None and odd_case.get("name") == "odd.json: Odd \ufffd\ufffd name\nsecond line\r\tand a tab",
       f"junit: the name's line breaks and tab did not read back: {odd_case.get('name') if odd_case is not None else None!r}")
# Class names from the folder: no leading or lone dot, whatever the path.
absolute = ET.fromstring(subprocess.run([BINARY, "--format", "junit", "check", *FIXED,
                                         os.path.abspath(os.path.join(HOSTILE, "odd.json"))],
                                        capture_output=True).stdout).find("testsuite/testcase")
expect(not absolute.get("classname").startswith(".") and ".." not in absolute.get("classname"),
       f"junit: class name of an absolute path: {absolute.get('classname')!r}")
os.makedirs(os.path.join(HOSTILE, ".github", "a."), exist_ok=True)
shutil.copy(os.path.join(HOSTILE, "odd.json"), os.path.join(HOSTILE, ".github", "a.", "odd.json"))
hidden = ET.fromstring(subprocess.run([BINARY, "--format", "junit", "check", *FIXED, ".github/a./odd.json"], cwd=HOSTILE,
                                      capture_output=True).stdout).find("testsuite/testcase")
expect(hidden.get("classname") == "github.a", f"junit: class name of a hidden folder: {hidden.get('classname')!r}")
here = ET.fromstring(subprocess.run([BINARY, "--format", "junit", "check", *FIXED, "./odd.json"], cwd=HOSTILE,
                                    capture_output=True).stdout).find("testsuite/testcase")
expect(here.get("classname") == "(root)", f"junit: class name of a file in the working folder: {here.get('classname')!r}")

# SARIF, against the 2.1.0 schema (tests/data/sarif), with a rule for every result, waived
# findings suppressed by their waiver, and fingerprints that hold from run to run.
import jsonschema  # noqa: E402 (python3-jsonschema, as the schema test uses)

sarif_run = run("--format", "sarif", "check", *FIXED, *INPUTS)
expect(sarif_run.returncode == 2, f"sarif: exit {sarif_run.returncode}, expected 2")
sarif = json.loads(sarif_run.stdout)
with open(os.path.join(SOURCE, "tests/data/sarif/sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    sarif_errors = [e.message for e in jsonschema.Draft4Validator(json.load(f)).iter_errors(sarif)]
expect(not sarif_errors, f"sarif: not valid against the 2.1.0 schema: {sarif_errors[:3]}")
sarif_rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
results = sarif["runs"][0]["results"]
expect(all(sarif_rules[r["ruleIndex"]] == r["ruleId"] for r in results), "sarif: a result's ruleIndex is not its rule")
expect({r["ruleId"] for r in results} >= {"approach-mismatch", "over-budget", "invalid-waiver", "invalid-proposal"},
       f"sarif: results {sorted({r['ruleId'] for r in results})}")
suppressed = [r for r in results if r.get("suppressions")]
expect(len(suppressed) == 1 and suppressed[0]["suppressions"][0]["kind"] == "external"
       and "related-task suite" in suppressed[0]["suppressions"][0]["justification"],
       f"sarif: the waived finding is not suppressed by its waiver: {suppressed}")
prints = [r["partialFingerprints"]["ftadvisorFinding/v1"] for r in results]
again = json.loads(run("--format", "sarif", "check", *FIXED, *INPUTS).stdout)["runs"][0]["results"]
expect(prints == [r["partialFingerprints"]["ftadvisorFinding/v1"] for r in again], "sarif: fingerprints changed")
expect(len(set(prints)) == len(prints), "sarif: two results share a fingerprint (code scanning would merge them)")
expect(all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results), "sarif: no line")

# GitHub annotations name real files, and every failing or invalid proposal has an ::error.
summary_file = os.path.join(SCRATCH, "step-summary.md")
with open(summary_file, "w", encoding="utf-8") as f:
    f.write("# Earlier step")  # its last line left open: the report must not run into it
github = run("--format", "github", "check", *FIXED, *INPUTS, env={"GITHUB_STEP_SUMMARY": summary_file})
expect(github.returncode == 2, f"github: exit {github.returncode}")
lines = github.stdout.decode().splitlines()
annotations = [l for l in lines if l.startswith("::")]
pattern = re.compile(r"^::(error|warning|notice) file=([^,]+)(,line=\d+)?(,col=\d+)?,title=[^:]+::.+$")
files = {"error": set(), "warning": set(), "notice": set()}
for line in annotations:
    match = pattern.match(line)
    expect(match is not None, f"github: not a workflow command: {line}")
    if match:
        files[match.group(1)].add(match.group(2))
        expect(os.path.isfile(os.path.join(SOURCE, match.group(2))), f"github: no such file {match.group(2)}")
expect(files["error"] == {"tests/data/check/mixed/team-a/pub-quiz.json",
                          "tests/data/check/mixed/team-b/contracts-expired.yaml", "tests/data/check/broken.json"},
       f"github: ::error files {sorted(files['error'])}")
expect(files["warning"] == {"tests/data/check/mixed/team-b/returns-bot.yaml"},
       f"github: ::warning files {sorted(files['warning'])}")
expect(len([l for l in annotations if l.startswith("::error")]) == 3, "github: one ::error per failing proposal")
# A waived finding is still on the pull request, as a notice.
expect(files["notice"] == {"tests/data/check/mixed/team-b/returns-bot-waived.yaml"},
       f"github: ::notice files {sorted(files['notice'])}")
markdown = run("--format", "markdown", "check", *FIXED, *INPUTS).stdout.decode()
with open(summary_file, encoding="utf-8") as f:
    expect(f.read() == "# Earlier step\n" + markdown,
           "github: the step summary is not the Markdown report appended after a line break")

# --report writes every format, identical to --format; the log keeps the text report.
formats = ["text", "json", "markdown", "junit", "sarif", "github"]
reports = [f"{fmt}={os.path.join(SCRATCH, 'report.' + fmt)}" for fmt in formats]
args = [a for r in reports for a in ("--report", r)]
both = run("check", *FIXED, *args, *INPUTS)
expect(both.returncode == 2, f"--report: exit {both.returncode}")
expect(both.stdout == run("check", *FIXED, *INPUTS).stdout, "--report: the log is not the text report")
for fmt in formats:
    with open(os.path.join(SCRATCH, "report." + fmt), "rb") as f:
        written = f.read()
    expect(written == run("--format", fmt, "check", *FIXED, *INPUTS).stdout, f"--report {fmt}: differs from --format")

# An existing report file is never replaced without --force, and nothing is checked.
target = os.path.join(SCRATCH, "report.junit")
with open(target, "wb") as f:
    f.write(b"kept\n")
refused = run("check", *FIXED, "--report", f"junit={target}", "tests/data/check/pass")
expect(refused.returncode == 2, f"--report over a file: exit {refused.returncode}")
expect(b"already exists" in refused.stderr and refused.stdout == b"", "--report over a file: message or output")
with open(target, "rb") as f:
    expect(f.read() == b"kept\n", "--report over a file: the file was changed")
forced = run("check", *FIXED, "--force", "--report", f"junit={target}", "tests/data/check/pass")
expect(forced.returncode == 0, f"--report --force: exit {forced.returncode}")
with open(target, "rb") as f:
    expect(ET.fromstring(f.read()).get("tests") == "2", "--report --force: the file was not replaced")
expect(sorted(os.listdir(SCRATCH)) == sorted(["report." + f for f in formats] + ["step-summary.md"]),
       f"temporary files left behind: {sorted(os.listdir(SCRATCH))}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
