#!/usr/bin/env python3
"""Cost of hostile inputs, each at a size and at twice that size (docs/security.md).

    bench/hostile.py [BINARY]

For each construction of issue 25's list (a JSON object of many objects, an array of many
objects, many waivers, many unknown keys, a YAML spec aliasing one long string), writes the
input at N and 2N, runs `ftadvisor evaluate` on each under /usr/bin/time, and prints the
seconds, the peak memory and the ratio of each at 2N to N: a ratio near 2 or below is
linear. Also prints the machine's CPU model, as figures are only comparable on one kind.
"""
import os
import subprocess
import sys
import tempfile

BINARY = sys.argv[1] if len(sys.argv) > 1 else "build/release/ftadvisor"


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


CASES = [
    ("JSON object of N empty objects", nested, 200_000, "json"),
    ("JSON array of N empty objects", array, 400_000, "json"),
    ("N waivers", waivers, 100_000, "json"),
    ("N unknown top-level keys", keys, 400_000, "json"),
    ("YAML: a string of N bytes, aliased N/4 times", alias, 60_000, "yaml"),
]


def run(path):
    with tempfile.NamedTemporaryFile() as times:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", times.name, BINARY, "evaluate", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds, kilobytes = open(times.name).read().split()[-2:]
    return float(seconds), int(kilobytes) / 1024


def main():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 "unknown")
    print(f"{model}, {os.cpu_count()} cores; {BINARY}")
    print(f"{'construction':48} {'bytes':>10} {'s':>6} {'MiB':>6} | {'2x bytes':>10} {'s':>6} {'MiB':>6} | time x  mem x")
    with tempfile.TemporaryDirectory() as folder:
        for name, make, n, extension in CASES:
            figures = []
            for size in (n, 2 * n):
                path = os.path.join(folder, f"input.{extension}")
                text = make(size)
                with open(path, "w") as out:
                    out.write(text)
                figures.append((len(text),) + run(path))
            (b1, s1, m1), (b2, s2, m2) = figures
            print(f"{name:48} {b1:>10} {s1:>6.2f} {m1:>6.0f} | {b2:>10} {s2:>6.2f} {m2:>6.0f} | "
                  f"{s2 / max(s1, 0.01):5.2f}  {m2 / m1:5.2f}")


if __name__ == "__main__":
    main()
