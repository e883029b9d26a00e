#!/usr/bin/env python3
"""Writes rules/spelling.yaml: the real English words that are one edit from a word the
description reader lists, so that the reader never takes them for misspellings.

    tools/spelling_keep.py [WORDLIST ...] > rules/spelling.yaml

Run it again after adding phrases to rules/lexicons.yaml. The word lists default to
Debian's wamerican and wbritish (/usr/share/dict/american-english, british-english), which
are in the public domain or under a free licence (see /usr/share/doc/wamerican/copyright).
Needs python3-yaml. The rules of the reader it mirrors are in src/spelling.cpp.
"""
import re
import sys

import yaml

MIN_LENGTH = 6
RULES = "rules/lexicons.yaml"


def phrase_words(phrase):
    """The ASCII letter runs of a phrase, lowered; a run that `*` or a non-ASCII byte ends is a stem."""
    out = []
    for m in re.finditer(r"[A-Za-z]+", phrase):
        after = phrase[m.end():m.end() + 1]
        if after == "*" or (after and ord(after) > 127):
            continue
        out.append(m.group(0).lower())
    return out


def listed(rules):
    phrases = []
    for lexicon in rules.get("lexicons", []):
        for group in lexicon.get("terms", []):
            phrases += group.get("phrases", [])
    negation = rules.get("negation", {})
    for key in ("before", "after", "pseudo", "terminators"):
        phrases += negation.get(key, [])
    for entry in rules.get("numbers", []):
        for key, value in entry.items():
            if isinstance(value, dict):
                phrases += list(value)
            elif isinstance(value, list):
                phrases += value
    for entry in rules.get("amounts", []):
        for key in ("units", "refer", "checked", "cues", "exclude", "exclude_before", "not_units"):
            phrases += entry.get(key, [])
    words = set()
    for phrase in phrases:
        words.update(phrase_words(str(phrase)))
    return words


def one_edit(a, b):
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1 or a == b:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return a[i:] == b[i + 1:]


def known(word, words):
    if word in words:
        return True
    if word.endswith("ies") and len(word) > 4 and word[:-3] + "y" in words:
        return True
    if word.endswith("es") and word[:-2] in words:
        return True
    return word.endswith("s") and word[:-1] in words


def main():
    lists = sys.argv[1:] or ["/usr/share/dict/american-english", "/usr/share/dict/british-english"]
    rules = yaml.safe_load(open(RULES))
    words = listed(rules)
    targets = {}
    for w in words:
        if len(w) >= MIN_LENGTH:
            targets.setdefault((w[0], len(w)), []).append(w)
    keep = set()
    for path in lists:
        for line in open(path, encoding="utf-8", errors="replace"):
            word = line.strip()
            if word.endswith("'s"):
                word = word[:-2]
            if not re.fullmatch(r"[a-z]+", word) or len(word) + 1 < MIN_LENGTH or known(word, words):
                continue
            for stem in (word, word[:-1] if word.endswith("s") else None):
                if not stem:
                    continue
                for length in (len(stem) - 1, len(stem), len(stem) + 1):
                    if any(one_edit(stem, t) for t in targets.get((stem[0], length), [])):
                        keep.add(word)
    print("# Real words that are one edit from a word the description reader lists, so that it never")
    print("# reads them as misspellings (\"filling\" is not \"billing\"). Written by tools/spelling_keep.py")
    print("# from Debian's wamerican and wbritish word lists; run it again after adding phrases.")
    print("spelling:")
    print(f"  min_length: {MIN_LENGTH}")
    lines, line = [], "  keep: ["
    for i, word in enumerate(sorted(keep)):
        piece = word + ("," if i + 1 < len(keep) else "]")
        if len(line) + len(piece) + 1 > 100:
            lines.append(line)
            line = "         " + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    lines.append(line)
    print("\n".join(lines))


main()
