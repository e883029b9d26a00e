#!/usr/bin/env python3
"""Writes sample texts for bench/token_accuracy.sh, one JSON string a line: the paragraphs
of the project's own prose (README, docs), its rules' YAML, C++ source, the test
descriptions, and short passages in other languages, so that the estimate is judged on
prose, code, data and non-English text alike. Usage: token_texts.py REPO_DIR"""
import json
import pathlib
import sys

repo = pathlib.Path(sys.argv[1])
out = []


def paragraphs(path, min_chars=40):
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if len(block) >= min_chars:
            out.append(("prose" if path.suffix == ".md" else "code", block))


for path in sorted(repo.glob("docs/*.md")) + [repo / "README.md"]:
    paragraphs(path)
for path in sorted(repo.glob("src/*.cpp"))[:6] + sorted(repo.glob("rules/*.yaml"))[:4]:
    paragraphs(path)
for path in sorted(repo.glob("tests/data/descriptions/*.yaml")):
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("description:"):
            out.append(("prose", line.split(":", 1)[1].strip().strip("'\"")))
others = [
    "Der Patient klagt seit drei Tagen über Kopfschmerzen und leichtes Fieber; bitte prüfen Sie die Medikation.",
    "Le contrat prévoit une clause de résiliation anticipée avec un préavis de trente jours ouvrables.",
    "Пациент жалуется на головную боль и температуру уже третий день подряд.",
    "El modelo debe responder con el número de póliza y la fecha de vencimiento del seguro.",
    "患者は三日前から頭痛と微熱を訴えています。投薬内容を確認してください。",
    "请根据合同条款判断违约责任，并列出相关的法律依据。",
    "고객님의 주문은 내일 오전에 배송될 예정입니다. 감사합니다.",
    "Η συνάντηση μεταφέρθηκε για την επόμενη Τρίτη στις δέκα το πρωί.",
    "Order #48213 shipped on 2026-11-02 ✅ — tracking 1Z999AA10123456784 📦",
    "SELECT id, name, total FROM orders WHERE total > 1000 ORDER BY total DESC LIMIT 20;",
]
out += [("other", text) for text in others]
for kind, text in out:
    print(json.dumps({"kind": kind, "text": text}, ensure_ascii=False))
