#!/usr/bin/env python3
"""Cost of hostile inputs, each at a size and at twice that size (docs/security.md).

    bench/hostile.py [BINARY]

For each construction of issue 25's list (a JSON object of many objects, an array of many
objects, many waivers, many unknown keys, a YAML spec aliasing one long string, rules overlays of hyphenated
phrases, of negation phrases and of many rules, JSON Lines of many short lines, a description
full of lexicon hits), writes the
input at N and 2N, runs `ftadvisor evaluate` on each under /usr/bin/time, and prints the
seconds, the peak memory, the ratio of each at 2N to N (a ratio near 2 or below is
linear) and the exit codes. Also prints the machine's CPU model, as figures are only comparable on one kind.
The size limits are raised to 64 MiB (--max-file-size, --max-rules-size), so that each construction is
read rather than refused by its size: under the default limits (2 MiB) most are refused at once.
"""
import os
import subprocess
import sys
import tempfile

BINARY = sys.argv[1] if len(sys.argv) > 1 else "build/release/ftadvisor"
LIMITS = ["--max-file-size", "64MiB", "--max-rules-size", "64MiB"]


def nested(n):
    return '{"spec_version":1,"x":{' + ",".join('"a%d":{}' % i for i in range(n)) + "}}"


def array(n):
    return '{"spec_version":1,"x":[' + ",".join("{}" for _ in range(n)) + "]}"


def waivers(n):
    item = '{"rule":"insufficient-data","reason":"r","expires":"2026-12-31"}'
    return '{"spec_version":1,"waivers":[' + ",".join(item for _ in range(n)) + "]}"


def keys(n):
    return '{"spec_version":1,' + ",".join('"k%d":1' % i for i in range(n)) + "}"


def alias(n):
    return 'spec_version: 1\nname: &a "%s"\ndescription: [%s]\n' % ("x" * n, ", ".join(["*a"] * (n // 4)))


def hyphens(n):
    # n phrases of eight hyphenated parts: each hyphen doubles the spellings of a phrase
    words = ["-".join("p%dq%d" % (i, k) for k in range(9)) for i in range(n)]
    return "lexicons:\n  - id: hostile\n    signal: hostile\n    terms:\n      - weight: 1\n        phrases: [%s]\n" % (
        ", ".join(words))


def negations(n):
    # n negation phrases sharing their first word
    return "negation:\n  before: [%s]\n" % ", ".join("never w%d" % i for i in range(n))


def rules(n):
    item = ("  - {id: r%d, question: domain_expertise_critical, when: {fact: answers.high_quality_examples, gte: %d}, "
            "scores: {fine-tune: 1}, reason: \"Rule number %d.\"}\n")
    return "rules:\n" + "".join(item % (i, i, i) for i in range(n))


def lines(n):
    return "1\n" * n


def hits(n):
    return "spec_version: 1\nname: x\ndescription: |\n" + "  patients and clinicians, HIPAA and lawyers.\n" * n


SPEC = '{"spec_version":1,"name":"x","description":"We never have examples; patients are triaged."}'

CASES = [
    ("JSON object of N empty objects", nested, 200_000, "json"),
    ("JSON array of N empty objects", array, 400_000, "json"),
    ("N waivers", waivers, 100_000, "json"),
    ("N unknown top-level keys", keys, 400_000, "json"),
    ("YAML: a string of N bytes, aliased N/4 times", alias, 60_000, "yaml"),
    ("rules: N phrases of 8 hyphens (2N: the most allowed)", hyphens, 35, "rules"),
    ("rules: N phrases of 8 hyphens (past the most)", hyphens, 400, "rules"),
    ("rules: N negation phrases, one first word", negations, 20_000, "rules"),
    ("rules: N overlay rules (2N: about the 2 MiB limit)", rules, 6_300, "rules"),
    ("check: N JSON Lines lines of `1`", lines, 1_000_000, "check"),
    ("description of N lines of lexicon hits", hits, 100_000, "yaml"),
]


def command(path, kind):
    if kind == "rules":
        spec = os.path.join(os.path.dirname(path), "spec.json")
        with open(spec, "w") as out:
            out.write(SPEC)
        return [BINARY] + LIMITS + ["evaluate", "--rules", path, spec]
    if kind == "check":
        return [BINARY] + LIMITS + ["check", "--format", "junit", path]
    return [BINARY] + LIMITS + ["evaluate", path]


def run(path, kind):
    with tempfile.NamedTemporaryFile() as times:
        done = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", times.name] + command(path, kind),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds, kilobytes = open(times.name).read().split()[-2:]
    return float(seconds), int(kilobytes) / 1024, done.returncode


def main():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 "unknown")
    print(f"{model}, {os.cpu_count()} cores; {BINARY}")
    print(f"{'construction':48} {'bytes':>10} {'s':>6} {'MiB':>6} | {'2x bytes':>10} {'s':>6} {'MiB':>6} | time x  mem x")
    with tempfile.TemporaryDirectory() as folder:
        for name, make, n, extension in CASES:
            figures = []
            for size in (n, 2 * n):
                suffix = {"rules": "yaml", "check": "jsonl"}.get(extension, extension)
                path = os.path.join(folder, f"input.{suffix}")
                text = make(size)
                with open(path, "w") as out:
                    out.write(text)
                figures.append((len(text),) + run(path, extension))
            (b1, s1, m1, e1), (b2, s2, m2, e2) = figures
            print(f"{name:48} {b1:>10} {s1:>6.2f} {m1:>6.0f} | {b2:>10} {s2:>6.2f} {m2:>6.0f} | "
                  f"{s2 / max(s1, 0.01):5.2f}  {m2 / m1:5.2f}  exit {e1},{e2}")


if __name__ == "__main__":
    main()
