#!/usr/bin/env python3
"""Writes a chat training set for bench/data_stats.sh: COUNT examples (default 100,000) in
the `messages` layout, with lengths like real chat data (a system prompt on most, one to
four turns, replies of log-normally spread length, about 1 KB an example on average), a few
percent repeated, a few format errors. Deterministic: the same COUNT gives the same file.

Usage: gen_dataset.py [COUNT] > train.jsonl"""
import json
import random
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(42)
words = ("the policy covers returns within thirty days of delivery when the item is unused and "
         "in its original packaging customers may ask for a refund or an exchange and the store "
         "pays for shipping if the item arrived damaged please include the order number photo "
         "receipt warranty claim account balance invoice tracking parcel courier appointment "
         "dosage symptom clinic prescription contract clause liability notice").split()
systems = ["You are a helpful support agent for an online store.",
           "You answer questions about orders, returns and warranties. Be brief and polite.",
           "You are a careful assistant. Cite the policy section when you answer."]


def sentence(n):
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def text(mean_words):
    n = max(3, int(rng.lognormvariate(0, 0.8) * mean_words))
    out = []
    while n > 0:
        k = min(n, rng.randint(6, 20))
        out.append(sentence(k))
        n -= k
    return " ".join(out)


written = []
for i in range(count):
    if written and rng.random() < 0.03:
        print(rng.choice(written))  # a repeat
        continue
    if rng.random() < 0.002:
        print('{"messages": [{"role": "user", "content": "broken"}')  # not JSON
        continue
    messages = []
    if rng.random() < 0.8:
        messages.append({"role": "system", "content": rng.choice(systems)})
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        messages.append({"role": "user", "content": text(15)})
        messages.append({"role": "assistant", "content": text(35)})
    line = json.dumps({"messages": messages})
    written.append(line) if len(written) < 1000 else None
    print(line)
