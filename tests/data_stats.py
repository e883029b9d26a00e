#!/usr/bin/env python3
"""End-to-end tests of `ftadvisor data stats` on generated training sets of known make-up:
so many valid examples of each layout, so many repeats, empty replies, over-long examples,
blank lines and format errors of each kind, at known lines. Every count is asserted.

Usage: data_stats.py FTADVISOR"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args, stdin=None):
    result = subprocess.run([BINARY, *args], capture_output=True, stdin=stdin)
    return result.returncode, result.stdout, result.stderr.decode("utf-8", "replace")


def stats(*args):
    code, out, err = run("--format", "json", "data", "stats", *args)
    return code, (json.loads(out) if out.strip() else None), err


def chat(user, reply, **extra):
    return json.dumps({"messages": [{"role": "user", "content": user}, {"role": "assistant", "content": reply}],
                       **extra})


class Dataset:
    """Lines with what each should count as."""

    def __init__(self):
        self.lines = []
        self.errors = {}  # line number -> kind
        self.expect = {"valid": 0, "clean": 0, "duplicates": 0, "empty": 0, "too_long": 0, "nothing_to_learn": 0,
                       "blank": 0,
                       "formats": {"chat": 0, "prompt_completion": 0, "instruction": 0, "conversations": 0,
                                   "preference": 0, "gemini": 0, "prompt_response": 0, "text": 0}}

    def valid(self, line, layout="chat", clean=True, duplicate=False, empty=False, too_long=False,
              nothing_to_learn=False):
        self.lines.append(line)
        self.expect["valid"] += 1
        self.expect["formats"][layout] += 1
        self.expect["clean"] += 1 if clean else 0
        self.expect["duplicates"] += 1 if duplicate else 0
        self.expect["empty"] += 1 if empty else 0
        self.expect["too_long"] += 1 if too_long else 0
        self.expect["nothing_to_learn"] += 1 if nothing_to_learn else 0

    def error(self, line, kind):
        self.lines.append(line)
        self.errors[len(self.lines)] = kind

    def blank(self, line=""):
        self.lines.append(line)
        self.expect["blank"] += 1

    def text(self, newline="\n", final_newline=True):
        body = newline.join(self.lines)
        return body + (newline if final_newline else "")


def composed():
    d = Dataset()
    for i in range(40):
        d.valid(chat(f"question number {i} about the returns policy", f"answer {i}: within thirty days"))
    # Repeats: the same example with other white space and JSON formatting.
    d.valid(chat("question number 3  about the returns\tpolicy", "answer 3: within thirty days "), clean=False,
            duplicate=True)
    d.valid(json.dumps(json.loads(d.lines[5]), indent=None, separators=(",", ":")), clean=False, duplicate=True)
    d.valid(chat("an empty reply", "   "), clean=False, empty=True)
    d.valid(chat("x " * 400, "too long for a limit of 200 tokens"), clean=False, too_long=True)
    d.valid(json.dumps({"prompt": "2+2=", "completion": "4"}), layout="prompt_completion")
    d.valid(json.dumps({"instruction": "Translate", "input": "bonjour", "output": "hello"}), layout="instruction")
    d.valid(json.dumps({"instruction": "Say hi", "output": ""}), layout="instruction", clean=False, empty=True)
    d.valid(json.dumps({"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}]}),
            layout="conversations")
    # Accepted as providers accept them: name, weight, tool calls, the tool role, content parts.
    d.valid(json.dumps({"messages": [
        {"role": "system", "content": "You look up the weather.", "name": "setup"},
        {"role": "user", "content": "Oslo?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Oslo\"}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "5C"},
        {"role": "assistant", "content": "5C in Oslo.", "weight": 1}],
        "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]}))
    # Every assistant message at weight 0: valid, but nothing to learn, so not clean.
    d.valid(json.dumps({"messages": [
        {"role": "developer", "content": [{"type": "text", "text": "Describe"}]},
        {"role": "user", "content": [{"type": "text", "text": "this"}, {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]},
        {"role": "assistant", "content": "a cat", "weight": 0}]}), clean=False, nothing_to_learn=True)
    d.valid(json.dumps({"messages": [
        {"role": "user", "content": "q"}, {"role": "assistant", "content": "draft", "weight": 0},
        {"role": "user", "content": "again"}, {"role": "assistant", "content": "final", "weight": 1}]}))
    # A preference pair (DPO): the prompt, then the preferred and the rejected reply.
    d.valid(json.dumps({"input": {"messages": [{"role": "user", "content": "Tone?"}], "tools": []},
                        "preferred_output": [{"role": "assistant", "content": "Warm and brief."}],
                        "non_preferred_output": [{"role": "assistant", "content": "Whatever."}]}),
            layout="preference")
    # "tool_calls": [] calls nothing: an empty content beside it is an empty reply.
    d.valid(json.dumps({"messages": [{"role": "user", "content": "q"},
                                     {"role": "assistant", "content": "", "tool_calls": []}]}),
            clean=False, empty=True)
    d.valid(json.dumps({"messages": [{"role": "user", "content": "call"},
                                     {"role": "assistant", "function_call": {"name": "f", "arguments": "{}"}}]}))
    d.blank()
    d.blank("   \t")
    d.error("not json at all", "not_json")
    d.error('{"messages": [{"role": "user", "content": "unterminated}]}', "not_json")
    d.error("[1, 2, 3]", "not_object")
    d.error('"a string"', "not_object")
    d.valid(json.dumps({"text": "plain text, for continued pre-training"}), layout="text")
    d.valid(json.dumps({"prompt": "2+3=", "response": "5"}), layout="prompt_response")
    d.valid(json.dumps({"systemInstruction": {"parts": [{"text": "Be brief."}]},
                        "contents": [{"role": "user", "parts": [{"text": "Hi"}]},
                                     {"role": "model", "parts": [{"text": "Hello."}]}]}), layout="gemini")
    d.error(json.dumps({"contents": [{"role": "user", "parts": [{"text": "Hi"}]}]}), "no_assistant_turn")
    d.error(json.dumps({"contents": [{"role": "assistant", "parts": [{"text": "Hi"}]}]}), "unknown_role")
    d.error(json.dumps({"body": "neither layout"}), "unknown_format")
    d.error(json.dumps({"messages": [], "prompt": "p", "completion": "c"}), "ambiguous_format")
    d.error(json.dumps({"messages": "hello"}), "messages_not_list")
    d.error(json.dumps({"messages": []}), "messages_empty")
    d.error(json.dumps({"conversations": []}), "messages_empty")
    d.error(json.dumps({"messages": ["hello"]}), "message_not_object")
    d.error(json.dumps({"messages": [{"content": "no role"}, {"role": "assistant", "content": "a"}]}),
            "message_missing_key")
    d.error(json.dumps({"messages": [{"role": "user"}, {"role": "assistant", "content": "a"}]}),
            "message_missing_key")
    d.error(json.dumps({"messages": [{"role": "user", "content": "q", "mood": "happy"},
                                     {"role": "assistant", "content": "a"}]}), "message_unknown_key")
    d.error(json.dumps({"messages": [{"role": "bot", "content": "q"}, {"role": "assistant", "content": "a"}]}),
            "unknown_role")
    d.error(json.dumps({"messages": [{"role": "user", "content": 42}, {"role": "assistant", "content": "a"}]}),
            "content_not_string")
    d.error(json.dumps({"messages": [{"role": "user", "content": "q"},
                                     {"role": "assistant", "content": "a", "weight": 0.5}]}), "bad_weight")
    d.error(json.dumps({"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}]}),
            "no_assistant_turn")
    d.error(json.dumps({"prompt": "only a prompt"}), "missing_field")
    d.error(json.dumps({"prompt": "p", "completion": ["not", "text"]}), "field_not_string")
    d.error(json.dumps({"conversations": [{"from": "alien", "value": "x"}]}), "unknown_role")
    d.error(json.dumps({"messages": [{"role": "user", "content": "q"},
                                     {"role": "assistant", "content": None, "tool_calls": [
                                         {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                                     {"role": "tool", "content": "5C"},
                                     {"role": "assistant", "content": "a"}]}), "message_missing_key")
    d.error(json.dumps({"messages": [{"role": "user", "content": "q"},
                                     {"role": "assistant", "tool_calls": [
                                         {"id": "c1", "type": "function",
                                          "function": {"name": "f", "arguments": {"city": "Oslo"}}}]}]}),
            "bad_tool_call")
    d.error(json.dumps({"messages": [{"role": "user", "content": "q", "weight": 1},
                                     {"role": "assistant", "content": "a"}]}), "bad_weight")
    d.error(json.dumps({"messages": [{"role": "user", "content": "q"},
                                     {"role": "assistant", "content": None, "tool_calls": None}]}),
            "content_not_string")
    d.error(json.dumps({"input": {"messages": [{"role": "user", "content": "q"}]},
                        "preferred_output": [{"role": "assistant", "content": "a"}]}), "missing_field")
    # Content parts the services refuse: another type, a text part without text, an image
    # without an address or at a local path, an image in an assistant message.
    for parts, role in (([{"type": "video", "video": {"url": "https://example.com/v.mp4"}}], "user"),
                        ([{"type": "text"}], "user"),
                        ([{"type": "image_url", "image_url": {}}], "user"),
                        ([{"type": "image_url", "image_url": {"url": "/home/me/cat.png"}}], "user"),
                        ([{"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}], "assistant")):
        d.error(json.dumps({"messages": [{"role": "user", "content": "q"} if role == "assistant" else
                                         {"role": role, "content": parts},
                                         {"role": "assistant", "content": parts if role == "assistant" else "a"}]}),
                "bad_content_part")
    d.error(json.dumps({"input": {"messages": [{"role": "user", "content": "q"}]},
                        "preferred_output": [{"role": "user", "content": "a"}],
                        "non_preferred_output": [{"role": "assistant", "content": "b"}]}), "no_assistant_turn")
    return d


def assert_counts(result, d, label, extra_lines=0):
    e = d.expect
    errors = len(d.errors)
    check(result["lines"] == len(d.lines) + extra_lines, f"{label}: lines {result['lines']} != {len(d.lines)}")
    check(result["blank_lines"] == e["blank"], f"{label}: blank_lines {result['blank_lines']} != {e['blank']}")
    check(result["examples_valid"] == e["valid"], f"{label}: examples_valid {result['examples_valid']} != {e['valid']}")
    check(result["examples_clean"] == e["clean"], f"{label}: examples_clean {result['examples_clean']} != {e['clean']}")
    check(result["format_errors"] == errors, f"{label}: format_errors {result['format_errors']} != {errors}")
    for key in ("duplicates", "empty", "too_long", "nothing_to_learn"):
        check(result[key] == e[key], f"{label}: {key} {result[key]} != {e[key]}")
    check(result["formats"] == e["formats"], f"{label}: formats {result['formats']} != {e['formats']}")
    by_kind = {}
    for kind in d.errors.values():
        by_kind[kind] = by_kind.get(kind, 0) + 1
    check(result["errors_by_kind"] == by_kind, f"{label}: errors_by_kind {result['errors_by_kind']} != {by_kind}")
    listed = {error["line"]: error["kind"] for error in result["first_errors"]}
    check(listed == d.errors, f"{label}: first_errors {listed} != {d.errors}")
    check(result["tokens"]["max"] >= result["tokens"]["p90"] >= result["tokens"]["p50"] > 0,
          f"{label}: token percentiles out of order: {result['tokens']}")


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    d = composed()

    plain = tmp / "train.jsonl"
    plain.write_text(d.text(), encoding="utf-8")
    code, result, err = stats("--max-tokens", "200", "--errors", "100", str(plain))
    check(code == 0, f"plain: exit {code} ({err})")
    assert_counts(result, d, "plain")
    check(result["files"][0]["final_newline"] and not result["files"][0]["byte_order_mark"], "plain: file notes")
    check(result["mixed_formats"], "plain: layouts are mixed")
    check(result["images"] == 1, f"plain: images {result['images']} != 1 (the image part of a valid example)")

    # The same lines with CRLF, a byte-order mark, and no final line end: the same counts.
    crlf = tmp / "crlf.jsonl"
    crlf.write_bytes(b"\xef\xbb\xbf" + d.text(newline="\r\n", final_newline=False).encode("utf-8"))
    code, result, err = stats("--max-tokens", "200", "--errors", "100", str(crlf))
    check(code == 0, f"crlf: exit {code}")
    assert_counts(result, d, "crlf")
    file = result["files"][0]
    check(file["byte_order_mark"], "crlf: byte-order mark noted")
    check(file["crlf_lines"] == len(d.lines) - 1, f"crlf: crlf_lines {file['crlf_lines']}")
    check(not file["final_newline"], "crlf: missing final newline noted")

    # --errors limits the list, not the counts; --strict turns errors into exit 1.
    code, result, _ = stats("--max-tokens", "200", "--errors", "3", str(plain))
    check(len(result["first_errors"]) == 3 and result["format_errors"] == len(d.errors), "--errors 3")
    check([e["line"] for e in result["first_errors"]] == sorted(d.errors)[:3], "--errors keeps the first ones")
    code, _, _ = stats("--strict", str(plain))
    check(code == 1, f"--strict with errors: exit {code}")
    clean_file = tmp / "clean.jsonl"
    clean_file.write_text(chat("q", "a") + "\n", encoding="utf-8")
    code, _, _ = stats("--strict", str(clean_file))
    check(code == 0, f"--strict without errors: exit {code}")

    # Invalid UTF-8 inside a string, and a NUL byte as an escape (valid) and raw (invalid).
    odd = tmp / "odd.jsonl"
    odd.write_bytes(b'{"prompt": "caf\xe9", "completion": "x"}\n'
                    + b'{"prompt": "a\\u0000b", "completion": "x"}\n'
                    + b'{"prompt": "a\x00b", "completion": "x"}\n')
    code, result, _ = stats(str(odd))
    kinds = [e["kind"] for e in result["first_errors"]]
    check(kinds == ["invalid_utf8", "not_json"], f"odd bytes: {kinds}")
    check(result["examples_valid"] == 1, "odd bytes: the escaped NUL is valid")

    # A 10 MB line among ordinary ones, across the reader's 4 MiB chunks.
    big = tmp / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        out.write(chat("first", "one") + "\n")
        out.write(chat("long " * 2_000_000, "the end") + "\n")
        out.write(chat("last", "three") + "\n")
    code, result, _ = stats(str(big))
    check(code == 0 and result["examples_valid"] == 3 and result["too_long"] == 1,
          f"10 MB line: {code}, {result and result['examples_valid']}, {result and result['too_long']}")

    # Many lines over several chunks, read on 1 and 2 threads: the same report, byte for byte,
    # and repeats found across chunk boundaries.
    many = tmp / "many.jsonl"
    with many.open("w", encoding="utf-8") as out:
        for i in range(60_000):
            out.write(chat(f"question {i % 50_000} " + "padding " * 20, f"answer {i % 50_000}") + "\n")
    outputs = []
    for jobs in ("1", "2", "3"):
        code, out, _ = run("--format", "json", "data", "stats", "-j", jobs, str(many))
        outputs.append(out)
    check(outputs[0] == outputs[1] == outputs[2], "the same output on 1, 2 and 3 threads")
    result = json.loads(outputs[0])
    check(result["examples_valid"] == 60_000 and result["duplicates"] == 10_000 and result["examples_clean"] == 50_000,
          f"many: {result['examples_valid']} valid, {result['duplicates']} repeats, {result['examples_clean']} clean")
    check(result["bytes"] > 8 << 20, "many: spans several chunks")

    # What is not a regular file is refused with exit 2; the other files are still reported.
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    for target, words in ((str(tmp), "a folder"), ("/dev/zero", "a device"), (str(fifo), "a pipe"),
                          (str(tmp / "missing.jsonl"), "No such file"), ("-", "standard input")):
        code, result, err = stats(str(plain), target)
        check(code == 2, f"{target}: exit {code}")
        check(words in err and target in err, f"{target}: message {err!r}")
        check(result is not None and len(result["files"]) == 1 and result["unreadable"][0]["file"] == target,
              f"{target}: the readable file is still reported")

    # Totals over two files; text and Markdown carry the same counts.
    code, result, _ = stats("--max-tokens", "200", str(plain), str(crlf))
    check(result["examples_valid"] == 2 * d.expect["valid"] and len(result["files"]) == 2, "total of two files")
    code, out, _ = run("data", "stats", "--max-tokens", "200", str(plain))
    text = out.decode("utf-8")
    check(f"{d.expect['valid']} valid of {len(d.lines) - d.expect['blank']}; {d.expect['clean']} clean" in text,
          f"text counts: {text[:300]!r}")
    check("tokens per valid example:" in text and "\u2588" in text, "text has a histogram")
    code, out, _ = run("--format", "markdown", "data", "stats", "--max-tokens", "200", str(plain))
    md = out.decode("utf-8")
    check(f"| {d.expect['valid']} | {d.expect['clean']} | {len(d.errors)} |" in md, "markdown table counts")
    # Without --max-tokens, the limit is the rules' training.max_example_tokens.
    overlay = tmp / "limit.yaml"
    overlay.write_text("training:\n  max_example_tokens: 200\n", encoding="utf-8")
    code, result, _ = run("--rules", str(overlay), "--format", "json", "data", "stats", str(plain))
    result = json.loads(result)
    check(result["max_tokens"] == 200 and result["too_long"] == d.expect["too_long"],
          f"rules limit: {result['max_tokens']}, {result['too_long']}")
    code, result, _ = stats(str(plain))
    check(result["max_tokens"] == 65536 and result["too_long"] == 0, "built-in limit")

    code, _, err = run("--format", "junit", "data", "stats", str(plain))
    check(code == 2 and "json, markdown" in err, f"unsupported format: {code} {err!r}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("data stats: all checks passed")
