#!/usr/bin/env python3
"""Writes N realistic project specs as JSON Lines to stdout, the same for the same seed.

    bench/gen_specs.py [N] [SEED] > specs.jsonl

About 400 bytes a line: a name, a description of two or three sentences drawn from the kinds of
projects the advisor is asked about, a mix of given and missing answers, a stage, and for
some a proposed approach and a budget. Used by bench/batch.sh; the engine's answers vary
over every verdict.
"""
import json
import random
import sys

DOMAINS = [
    ("clinic", "Triage assistant for outpatient clinics", "medical"),
    ("radiology", "Radiology report summariser", "medical"),
    ("formulary", "Formulary lookup helper for pharmacists", "medical"),
    ("contract", "Contract clause reviewer", "legal"),
    ("statute", "Statute and precedent research aid", "legal"),
    ("earnings", "Earnings call digest for analysts", "financial"),
    ("ledger", "Ledger reconciliation explainer", "financial"),
    ("warranty", "Warranty and returns policy support bot", "customer-support"),
    ("trivia", "Pub quiz trivia generator", None),
    ("blog", "Marketing blog post writer", None),
    ("lessons", "Introductory lesson plans for new hires", None),
    ("weather", "Weather and travel concierge", None),
    ("headlines", "Morning headlines briefing", None),
]
OPENINGS = [
    "We want to build a {what} that our team can rely on every day.",
    "This project is a {what} used by about {n} people across three regions.",
    "Our group proposes a {what} to cut the time spent on routine questions.",
    "A {what}, first as a proof of concept and later as an internal service.",
]
MIDDLES = [
    "It reads the documents we already keep and answers in the tone our reviewers expect.",
    "Answers must cite the source passage, and a specialist checks every output before it is sent.",
    "The wording of our field is precise, and general models keep getting the terms slightly wrong.",
    "Most questions repeat, but the details change with every customer and every quarter.",
    "We have a few years of tickets and reviewed answers that could serve as examples.",
]
CLOSINGS = [
    "Latency should stay under two seconds on ordinary hardware.",
    "The first users are the support staff, then customers through the web chat.",
    "We would like to know whether training our own model is worth the cost and the upkeep.",
    "Budget is limited this year, so we want the cheapest approach that works.",
    "",
]
STAGES = ["prototype", "pilot", "production"]
APPROACHES = ["fine-tune", "prompt-engineer", "rag", "skip"]


def spec(rng, index):
    key, what, use_case = rng.choice(DOMAINS)
    description = " ".join(s for s in [
        rng.choice(OPENINGS).format(what=what.lower(), n=rng.randrange(20, 2000)),
        rng.choice(MIDDLES),
        rng.choice(CLOSINGS) if rng.random() < 0.4 else "",
    ] if s)
    answers = {}
    if rng.random() < 0.9:
        answers["domain_expertise_critical"] = use_case is not None and rng.random() < 0.85
    if rng.random() < 0.9:
        answers["high_quality_examples"] = rng.choice([40, 120, 480, 750, 2400, 8000, 30000])
    if rng.random() < 0.8:
        answers["production"] = rng.random() < 0.7
    if rng.random() < 0.8:
        answers["expected_improvement_pct"] = rng.choice([5, 8, 12, 15, 25, 30, 45])
    if rng.random() < 0.9:
        answers["needs_realtime_data"] = key in ("weather", "headlines") or rng.random() < 0.1
    if use_case and rng.random() < 0.6:
        answers["use_case"] = use_case
    out = {
        "spec_version": 1,
        "name": f"{what} #{index}",
        "description": description,
        "answers": answers,
        "stage": rng.choice(STAGES),
    }
    if rng.random() < 0.5:
        out["proposed_approach"] = rng.choice(APPROACHES)
    if rng.random() < 0.4:
        out["budget_usd"] = rng.choice([2000, 5000, 15000, 40000])
    return out


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    write = sys.stdout.write
    for index in range(count):
        write(json.dumps(spec(rng, index), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
