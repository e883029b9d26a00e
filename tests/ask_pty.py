#!/usr/bin/env python3
"""End-to-end tests of `ftadvisor ask` through a real pseudo-terminal: answers typed at the
prompts, line editing, the verdict, --save, Ctrl-C and Ctrl-D, and the refusal without a
terminal.

Usage: ask_pty.py FTADVISOR"""
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import time

BINARY = os.path.abspath(sys.argv[1])
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


class Session:
    """ftadvisor on a pseudo-terminal, driven a prompt at a time."""

    def __init__(self, *args, cwd=None):
        env = dict(os.environ, NO_COLOR="1", TERM="xterm", COLUMNS="100")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            if cwd:
                os.chdir(cwd)
            os.execve(BINARY, [BINARY, *args], env)
        self.output = ""
        self.seen = 0

    def expect(self, pattern, timeout=10):
        """Waits until `pattern` appears in what was written since the last match."""
        deadline = time.time() + timeout
        regex = re.compile(pattern)
        while True:
            match = regex.search(self.output, self.seen)
            if match:
                self.seen = match.end()
                return True
            left = deadline - time.time()
            if left <= 0:
                print(f"timed out waiting for {pattern!r}; last output:\n{self.output[-1500:]}")
                return False
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    print(f"output ended waiting for {pattern!r}; last output:\n{self.output[-1500:]}")
                    return False
                self.output += data.decode("utf-8", "replace")

    def send(self, text):
        # The line editor switches the terminal's mode after it writes the prompt, and that
        # switch discards what was typed before it; a person never types that fast.
        time.sleep(0.15)
        os.write(self.fd, text.encode("utf-8"))

    def line(self, text):
        self.send(text + "\r")

    def finish(self, timeout=10):
        """Reads the rest and returns the exit code; a process still running after `timeout`
        seconds is killed and reported."""
        deadline = time.time() + timeout
        code = None
        while time.time() < deadline:
            if code is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid != 0:
                    code = os.waitstatus_to_exitcode(status)
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            data = b""
            if ready:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                self.output += data.decode("utf-8", "replace")
            if not data and code is not None:
                return code
        if code is None:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            print(f"still running after {timeout} s; last output:\n{self.output[-1500:]}")
        return code


with tempfile.TemporaryDirectory() as tmp:
    saved = os.path.join(tmp, "clinic triage.yaml")

    # A whole interview: defaults inferred from the description, a refused answer, help,
    # back, a changed answer at the summary, the verdict, and the spec saved.
    s = Session("ask", "--save", saved)
    check(s.expect(r"Project name \[My project\] > "), "name prompt")
    s.line("Clinic triage")
    check(s.expect(r"Describe the project"), "description prompt")
    s.line("Triage notes for a clinic's nurses, running in production.")
    check(s.expect(r"1/6\. "), "first question")
    check(s.expect(r"yes/no \[yes\] > "), "expertise default inferred from the description")
    check('The description suggests yes' in s.output, "the prompt says what the default was inferred from")
    s.line("perhaps")
    check(s.expect(r"'perhaps' is not yes or no"), "a wrong yes/no answer is refused with the reason")
    check(s.expect(r"yes/no \[yes\] > "), "and asked again")
    s.line("?")
    check(s.expect(r"yes/no \[yes\] > "), "help, then the question again")
    s.line("")
    check(s.expect(r"2/6\. [\s\S]*?a whole number > "), "examples question")
    s.line("lots")
    check(s.expect(r"'lots' is not a number"), "a wrong count is refused")
    s.line("2,400")
    check(s.expect(r"3/6\. "), "production question")
    s.line("back")
    check(s.expect(r"2/6\. [\s\S]*?a whole number \[2,400\] > "), "back returns with the answer as default")
    s.line("")
    check(s.expect(r"3/6\. [\s\S]*?yes/no \[yes\] > "), "production inferred")
    s.line("y")
    check(s.expect(r"4/6\. [\s\S]*?a percentage > "), "improvement question")
    s.line("30%")
    check(s.expect(r"5/6\. [\s\S]*?yes/no"), "real-time question")
    s.line("no")
    check(s.expect(r"6/6\. "), "use-case question")
    check(s.expect(r"a choice \[medical\] > "), "use case inferred")
    s.line("")
    # The optional fields after the checklist: the stage as offered, a budget, the rest left out.
    check(s.expect(r"What stage is the project at\?[\s\S]*?a choice[^>]* > "), "stage question")
    s.line("")
    check(s.expect(r"What budget[\s\S]*?an amount, or Enter to leave it out > "), "budget question")
    s.line("20k")
    check(s.expect(r"Which approach[\s\S]*? > "), "approach question")
    s.line("")
    check(s.expect(r"Where is the training set[\s\S]*? > "), "dataset question")
    s.line("")
    check(s.expect(r"Your answers"), "summary")
    check(s.expect(r"budget\s+\$20,000"), "the budget in the summary")
    check(s.expect(r"Change an answer\?[^\n]*\n> "), "summary prompt")
    s.line("4")
    check(s.expect(r"a percentage \[30%\] > "), "re-asked with the old answer as default")
    # Line editing: type 40, erase a character with backspace, finish as 45.
    s.send("40\x7f5\r")
    check(s.expect(r"Change an answer\?[^\n]*\n> "), "summary again")
    check(re.search(r"expected_improvement_pct\s+45%", s.output) is not None, "the changed answer is in the summary")
    s.line("")
    check(s.expect(r"verdict\s+fine-tune"), "the verdict, as evaluate prints it")
    check(s.expect(r"Saved the answers to .*clinic triage\.yaml"), "saved")
    code = s.finish()
    check(code == 0, f"a finished interview exits 0, got {code}")
    check("ftadvisor evaluate '" in s.output, "the commands to reuse the spec quote the path")
    if os.path.exists(saved):
        result = subprocess.run([BINARY, "--format", "json", "evaluate", saved], capture_output=True, text=True)
        check(result.returncode == 0 and '"verdict": "fine-tune"' in result.stdout, "the saved spec evaluates")
        check('"expected_improvement_pct": {\n      "value": 45' in result.stdout, "the saved spec keeps the answers")
        with open(saved, encoding="utf-8") as f:
            before = f.read()
    else:
        check(False, "the spec file was written")
        before = ""

    # --save refuses a file that exists, before asking anything, and keeps it byte for byte.
    s = Session("ask", "--save", saved)
    code = s.finish()
    check(code == 2 and "already exists" in s.output, f"--save over a file: {code}")
    with open(saved, encoding="utf-8") as f:
        check(f.read() == before, "the existing file is untouched")

    # --save into a folder that does not exist is refused before the first question too.
    s = Session("ask", "--save", os.path.join(tmp, "missing", "spec.yaml"))
    code = s.finish()
    check(code == 2 and "does not exist; create it first" in s.output and "Project name" not in s.output,
          f"--save into a missing folder: {code}")

    # --save takes its format from the extension: another one is refused before the first
    # question, and a .json file is written as JSON that evaluate reads back.
    s = Session("ask", "--save", os.path.join(tmp, "notes.txt"))
    code = s.finish()
    check(code == 2 and "name a .json or a .yaml" in s.output and "Project name" not in s.output,
          f"--save with another extension: {code}")
    as_json = os.path.join(tmp, "triage.json")
    s = Session("ask", "--save", as_json)
    check(s.expect(r"Project name \[My project\] > "), "name prompt (json)")
    s.line("Triage")
    check(s.expect(r"Describe the project"), "description prompt (json)")
    s.line("Triage notes for nurses.")
    for answer in ["yes", "2400", "yes", "30", "no", "medical", "", "", "", ""]:
        check(s.expect(r"\] > |[a-z] > "), f"a question before {answer}")
        s.line(answer)
    check(s.expect(r"Change an answer\?[^\n]*\n> "), "summary (json)")
    s.line("")
    check(s.expect(r"Saved the answers to .*triage\.json"), "saved as json")
    check(s.finish() == 0, "the interview with a .json file exits 0")
    if os.path.exists(as_json):
        with open(as_json, encoding="utf-8") as f:
            check(f.read().startswith("{"), "a .json file holds JSON")
        result = subprocess.run([BINARY, "evaluate", as_json], capture_output=True, text=True)
        check(result.returncode == 0 and "fine-tune" in result.stdout, f"the saved .json evaluates: {result.stderr}")
    else:
        check(False, "the .json spec was written")

    # Ctrl-C at a prompt ends at once, with one line and exit 2, and saves nothing.
    other = os.path.join(tmp, "other.yaml")
    s = Session("ask", "--save", other)
    check(s.expect(r"Project name"), "prompt before Ctrl-C")
    s.line("Something")
    check(s.expect(r"Describe the project"), "second prompt before Ctrl-C")
    s.send("\x03")
    code = s.finish()
    check(code == 2, f"Ctrl-C exits 2, got {code}")
    check("interview interrupted; nothing was saved" in s.output, "Ctrl-C says so")
    check(not os.path.exists(other), "Ctrl-C leaves no file")

    # Ctrl-D likewise.
    s = Session("ask", "--save", other)
    check(s.expect(r"Project name"), "prompt before Ctrl-D")
    s.send("\x04")
    code = s.finish()
    check(code == 2 and "nothing was saved" in s.output, f"Ctrl-D exits 2, got {code}")
    check(not os.path.exists(other), "Ctrl-D leaves no file")

    # `evaluate -` at a terminal says it is reading standard input and how to end it.
    s = Session("evaluate", "--today", "2026-12-02", "-")
    check(s.expect(r"(?s)reading a spec .* from standard input.*Ctrl-D"), "evaluate - at a terminal says so")
    s.line('{"spec_version": 1, "name": "Typed in", "answers": {"production": true}}')
    s.send("\x04")
    code = s.finish()
    check(code == 0 and "Typed in" in s.output, f"the spec typed at the terminal is evaluated: {code}")

    # Ctrl-D at once ends it: one Ctrl-D, not two (the reader read again after the end).
    s = Session("evaluate", "--today", "2026-12-02", "-")
    check(s.expect(r"(?s)reading a spec .* from standard input.*Ctrl-D"), "evaluate - before Ctrl-D")
    s.send("\x04")
    code = s.finish(timeout=3)
    check(code == 2 and "standard input held no spec" in s.output, f"one Ctrl-D ends an empty evaluate -: {code}")

    # `ftadvisor` alone on a terminal starts the interview.
    s = Session()
    check(s.expect(r"Project name"), "ftadvisor alone asks")
    s.send("\x04")
    s.finish()

# Without a terminal: exit 2 and a pointer to evaluate and init.
result = subprocess.run([BINARY, "ask"], stdin=subprocess.DEVNULL, capture_output=True, text=True)
check(result.returncode == 2 and "ftadvisor evaluate" in result.stderr and "init" in result.stderr,
      f"no terminal: {result.returncode} {result.stderr!r}")
result = subprocess.run([BINARY], stdin=subprocess.DEVNULL, capture_output=True, text=True)
check(result.returncode == 2 and "subcommand" in result.stderr, f"ftadvisor alone, no terminal: {result.stderr!r}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("ask: all checks passed")
