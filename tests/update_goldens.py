#!/usr/bin/python3
"""Rewrites the golden files of the golden tests that fail, from what the binary prints now.

Usage: tests/update_goldens.py [BUILD_DIR] [REGEX]
  BUILD_DIR: a configured and built build folder (default: build/ci)
  REGEX:     only tests whose name matches (default: every golden test)

It runs ctest to find the failing golden tests, reruns each one's command line the way
tests/run_golden.cmake does (from the source folder, NO_COLOR=1, the same stdin) and writes
its stdout and stderr over the expected files. A golden file is a promise about behaviour:
read `git diff` before committing what this writes.
"""

import os
import re
import shlex
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build/ci"
pattern = sys.argv[2] if len(sys.argv) > 2 else "golden"

failed = subprocess.run(["ctest", "--test-dir", build, "-R", pattern], capture_output=True, text=True).stdout
names = re.findall(r"^\s*\d+ - (\S+) \(Failed\)$", failed, re.M)
if not names:
    print("no failing golden test")
    sys.exit(0)

listing = subprocess.run(["ctest", "--test-dir", build, "-N", "-V", "-R", pattern], capture_output=True,
                         text=True).stdout
commands = {}
for block in re.split(r"\n(?=\d+: Test command: )", listing):
    test = re.search(r"^\s*Test\s+#\d+: (\S+)", block, re.M)
    command = re.search(r"Test command: (.*)", block)
    if test and command:
        commands[test.group(1)] = shlex.split(command.group(1))

for name in names:
    words = commands.get(name)
    if not words or "-P" not in words or not words[words.index("-P") + 1].endswith("run_golden.cmake"):
        print(f"skipped {name}: not a golden test")
        continue
    defines = {}
    for i, word in enumerate(words):
        if word == "-D":
            key, _, value = words[i + 1].partition("=")
            defines[key] = value
    args = [a for a in defines.get("ARGS", "").split("|") if a != ""]
    stdin = open(defines["STDIN"], "rb") if defines.get("STDIN") else subprocess.DEVNULL
    result = subprocess.run([defines["BINARY"], *args], cwd=defines["WORKDIR"], stdin=stdin, capture_output=True,
                            env=dict(os.environ, NO_COLOR="1"))
    if result.returncode != int(defines["EXPECT_CODE"]):
        print(f"left {name}: exit {result.returncode}, the test expects {defines['EXPECT_CODE']}")
        continue
    for stream, data in (("EXPECT_STDOUT", result.stdout), ("EXPECT_STDERR", result.stderr)):
        version = defines.get("VERSION", "").encode()
        if version:  # as run_golden.cmake does: the release is @VERSION@ in the expected files
            for form in (b"ftadvisor %s", b'"ftadvisor_version": "%s"', b'"ftadvisor_version":"%s"'):
                data = data.replace(form % version, form % b"@VERSION@")
        if defines.get(stream):
            with open(defines[stream], "wb") as f:
                f.write(data)
    print(f"rewrote {name}")
