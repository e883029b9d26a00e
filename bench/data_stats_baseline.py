#!/usr/bin/env python3
"""The usual Python check of a chat training set, for bench/data_stats.sh to compare with:
json.loads a line at a time, the format checks of `ftadvisor data stats` for the chat
layout (object, messages list, message keys, roles, content, an assistant turn), repeats by
hashing the white-space-normalised example, empty replies, and a length estimate of
characters / 4. Prints the counts.

Usage: data_stats_baseline.py FILE"""
import collections
import hashlib
import json
import sys

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
KEYS = {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal"}
errors = collections.Counter()
seen = set()
valid = duplicates = empty = tokens = 0
with open(sys.argv[1], encoding="utf-8", errors="replace") as lines:
    for line in lines:
        if not line.strip():
            continue
        try:
            example = json.loads(line)
        except ValueError:
            errors["not_json"] += 1
            continue
        if not isinstance(example, dict):
            errors["not_object"] += 1
            continue
        messages = example.get("messages")
        if not isinstance(messages, list) or not messages:
            errors["messages"] += 1
            continue
        problem = None
        reply = None
        for message in messages:
            if not isinstance(message, dict) or "role" not in message:
                problem = "message"
            elif set(message) - KEYS:
                problem = "message_unknown_key"
            elif message["role"] not in ROLES:
                problem = "unknown_role"
            elif not isinstance(message.get("content"), str) and "tool_calls" not in message:
                problem = "content_not_string"
            if problem:
                break
            if message["role"] == "assistant":
                reply = message.get("content") or ""
        if problem is None and reply is None:
            problem = "no_assistant_turn"
        if problem:
            errors[problem] += 1
            continue
        valid += 1
        key = hashlib.sha1(json.dumps(
            [[m["role"], " ".join(str(m.get("content", "")).split())] for m in messages]).encode()).digest()
        if key in seen:
            duplicates += 1
        seen.add(key)
        empty += 0 if reply.strip() else 1
        tokens += sum(len(str(m.get("content", ""))) for m in messages) // 4
print(json.dumps({"examples_valid": valid, "format_errors": sum(errors.values()), "duplicates": duplicates,
                  "empty": empty, "tokens": tokens}))
