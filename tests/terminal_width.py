#!/usr/bin/env python3
"""Every text the command line writes to a terminal keeps to its width, from 40 columns up:
the help of each command, the reports (evaluate with --explain, check, providers, data stats,
rules check) and the usage errors. Run on a pseudo-terminal of each width, with colour on (the
colour codes take no columns). A line may pass the width only when it is an address or an
example command alone on its line, which are never broken so that they can be copied.

Usage: terminal_width.py FTADVISOR SOURCE_DIR"""
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

BINARY = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
TODAY = ["--today", "2026-12-02"]
RUNS = [
    ["--help"], ["ask", "--help"], ["evaluate", "--help"], ["check", "--help"], ["data", "--help"],
    ["data", "stats", "--help"], ["rules", "--help"], ["rules", "check", "--help"], ["rules", "test", "--help"],
    ["providers", "--help"], ["schema", "--help"], ["init", "--help"], ["completion", "--help"],
    ["evaluate", "--explain", *TODAY, "examples/clinic-triage.json", "examples/blog-writer.yaml"],
    ["check", *TODAY, "examples/"],
    ["providers", *TODAY],
    ["data", "stats", "tests/data/dataset/tickets.jsonl", "tests/data/bad-dataset/missing.yaml"],
    ["rules", "check"],
    ["evaluate"], ["evalute", "x.yaml"], ["data"], ["evaluate", "--format"],
]
failures = []


def run(args, width):
    """What `args` writes to a terminal `width` columns wide (standard output and error)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, width, 0, 0))
    env = dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([BINARY, *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                               cwd=SOURCE, env=env)
    os.close(follower)
    out = b""
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    process.wait(timeout=60)
    os.close(leader)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


for width in (40, 60, 120):
    for args in RUNS:
        text = run(args, width)
        if not text.strip():
            failures.append(f"{' '.join(args)} at {width}: no output")
            continue
        for line in text.split("\n"):
            shown = re.sub(r"\x1b\[[0-9;]*m", "", line)
            if len(shown) <= width:
                continue
            alone = shown.strip()
            if " " not in alone and "://" in alone:
                continue  # an address
            if alone.startswith("ftadvisor ") or alone.startswith("source "):
                continue  # an example command
            failures.append(f"{' '.join(args)} at {width}: {len(shown)} columns: {shown!r}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(RUNS) * 3} runs, {len(failures)} lines over the width")
sys.exit(1 if failures else 0)
