#!/usr/bin/env bash
# The CI set-ups of examples/ci do what docs/ci.md says:
#   - the pre-commit hook checks the proposals a commit stages under proposals/, and stops
#     the commit (1) for one that needs changes or (2) for one that cannot be read;
#   - the GitHub Actions workflow, the GitLab job and the pre-commit config are valid YAML
#     that run `ftadvisor check` on proposals/.
# Usage: ci_examples.sh BINARY SOURCE_DIR SCRATCH_DIR
set -euo pipefail
binary=$1 source=$2 scratch=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

rm -rf "$scratch" && mkdir -p "$scratch"
repo=$scratch/repo
git init -q "$repo"
git -C "$repo" config user.email ci@example.com
git -C "$repo" config user.name CI
mkdir -p "$repo/proposals/team a" "$repo/notes"
hook() {
  (cd "$repo" && FTADVISOR=$binary FTADVISOR_ARGS="--today 2026-06-01" sh "$source/examples/ci/pre-commit" >out 2>err)
}
expect_hook() { # CODE WHAT
  local code=0
  hook || code=$?
  [ "$code" -eq "$1" ] || fail "hook: $2: exit $code, expected $1: $(cat "$repo/out" "$repo/err")"
}

# Nothing staged under proposals/: the hook does not run the check.
echo "not a proposal" > "$repo/notes/readme.json"
git -C "$repo" add notes
expect_hook 0 "nothing under proposals/"
[ ! -s "$repo/out" ] || fail "hook: ran the check with no proposal staged"

# A proposal that passes, in a folder with a space in its name.
cp "$source/tests/data/check/pass/team-a/clinic-triage.json" "$repo/proposals/team a/"
git -C "$repo" add proposals
expect_hook 0 "a passing proposal"
grep -q "1 proposal: 1 pass" "$repo/out" || fail "hook: the passing proposal was not checked"
git -C "$repo" commit -qm "a passing proposal"

# One that needs changes stops the commit; so does one that cannot be read.
cp "$source/tests/data/check/mixed/team-a/pub-quiz.json" "$repo/proposals/"
git -C "$repo" add proposals
expect_hook 1 "a mismatch"
grep -q "pub-quiz.json" "$repo/out" || fail "hook: the failing proposal is not in the report"
grep -q "clinic-triage" "$repo/out" && fail "hook: checked a proposal the commit does not change"
cp "$source/tests/data/check/broken.json" "$repo/proposals/"
git -C "$repo" add proposals
expect_hook 2 "a broken proposal"
grep -q "proposals/broken.json:5:1" "$repo/err" || fail "hook: the broken proposal's error is not on stderr"

# What is checked is what the commit holds: the staged content, not the working tree.
git -C "$repo" rm -q --cached proposals/broken.json proposals/pub-quiz.json
rm "$repo/proposals/broken.json" "$repo/proposals/pub-quiz.json"
cp "$source/tests/data/check/mixed/team-a/pub-quiz.json" "$repo/proposals/"
git -C "$repo" add proposals
cp "$source/tests/data/check/pass/team-a/clinic-triage.json" "$repo/proposals/pub-quiz.json" # mended, not staged
expect_hook 1 "a failing proposal staged, mended only in the working tree"
cp "$source/tests/data/check/mixed/team-a/pub-quiz.json" "$repo/proposals/pub-quiz.json"
git -C "$repo" rm -q --cached proposals/pub-quiz.json
cp "$source/tests/data/check/pass/team-a/clinic-triage.json" "$repo/proposals/pub-quiz.json"
git -C "$repo" add proposals
cp "$source/tests/data/check/mixed/team-a/pub-quiz.json" "$repo/proposals/pub-quiz.json" # broken again, not staged
expect_hook 0 "a passing proposal staged, a failing edit left unstaged"

# The YAML set-ups parse and run the check on proposals/.
/usr/bin/python3 - "$source/examples/ci" <<'PY' || fail "the YAML set-ups"
import sys, yaml
folder = sys.argv[1]
workflow = yaml.safe_load(open(f"{folder}/github-actions.yml"))
steps = workflow["jobs"]["check"]["steps"]
runs = " ".join(step.get("run", "") for step in steps)
assert "--base base/ --fail-on-increase" in runs, "the pull request is compared with the base branch"
assert "check --rules-from-base base/" in runs and "--format github" in runs and "proposals/" in runs, runs
base = [step for step in steps if step.get("with", {}).get("path") == "base"]
assert base and base[0]["with"]["ref"] == "${{ github.base_ref }}", "the rules come from the base branch's checkout"
assert all(step["with"]["persist-credentials"] is False for step in steps if "checkout" in step.get("uses", ""))
assert any(step.get("if") == "always()" for step in steps), "the JUnit upload must run after a failure"
# A pinned release, built once and cached: the build runs only when the cache missed.
cache = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
assert cache and "0.2.0" in cache[0]["with"]["key"], "the package is cached by release"
build = [step for step in steps if "cpack" in step.get("run", "")]
assert build and "cache-hit" in build[0].get("if", ""), "the package is built only when the cache missed"
assert all("--branch \"v$FTADVISOR_VERSION\"" in step["run"] for step in build), "the build is of a pinned tag"
assert workflow["permissions"] == {"contents": "read"}, workflow["permissions"]
gitlab = yaml.safe_load(open(f"{folder}/gitlab-ci.yml"))["check-proposals"]
assert any("ftadvisor check" in line and "proposals/" in line for line in gitlab["script"]), gitlab["script"]
assert gitlab["artifacts"]["reports"]["junit"] == "ftadvisor-junit.xml"
assert "$FTADVISOR_VERSION" in gitlab["cache"]["key"] and gitlab["cache"]["paths"] == [".ftadvisor-deb/"], gitlab["cache"]
hook = yaml.safe_load(open(f"{folder}/pre-commit-config.yaml"))["repos"][0]["hooks"][0]
assert hook["entry"] == "ftadvisor check" and hook["files"].startswith("^proposals/"), hook
PY

echo "$failures failures"
[ "$failures" -eq 0 ]
