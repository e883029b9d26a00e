#!/usr/bin/env python3
"""Writes the manual page ftadvisor(1) from the binary's --help and docs/interface.md.

    tools/man_page.py BINARY docs/interface.md CHANGELOG.md OUTPUT

Run at build time (CMakeLists.txt), so the page says what the binary does: the synopsis and
the commands with their options come from `--help` of every command, the exit status,
environment, files and versions from the interface contract, and the date from the
release's line in the changelog. The same inputs give the same bytes.
"""
import re
import subprocess
import sys


def roff(text):
    """Text as roff: backslashes escaped, markdown's code and links made plain."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"`([^`]+)`", lambda m: "\\fB" + m.group(1) + "\\fR", text)
    text = text.replace("-", "\\-")
    return text


def line(text):
    """A line that roff will not take for a request."""
    return "\\&" + text if text.startswith((".", "'")) else text


def help_of(binary, words):
    result = subprocess.run([binary, *words, "--help"], capture_output=True, text=True, check=True,
                            env={"NO_COLOR": "1", "COLUMNS": "100"})
    return result.stdout


def parse_help(text):
    """CLI11's help: the description, the usage line, the sections of items, the footer."""
    lines = text.rstrip("\n").split("\n")
    description, usage, sections, footer = [], "", [], []
    section = None
    i = 0
    while i < len(lines) and not lines[i].startswith("Usage: "):
        description.append(lines[i])
        i += 1
    usage = lines[i][len("Usage: "):] if i < len(lines) else ""
    i += 1
    for raw in lines[i:]:
        if footer or (section is not None and raw and not raw.startswith(" ") and not raw.endswith(":")):
            footer.append(raw)
        elif raw.endswith(":") and not raw.startswith(" "):
            section = (raw[:-1], [])
            sections.append(section)
        elif raw.startswith(" " * 8) and section and section[1]:
            section[1][-1][1].append(raw.strip())
        elif raw.startswith("  ") and section is not None:
            name, _, rest = raw.strip().partition("  ")
            section[1].append((name, [rest.strip()] if rest.strip() else []))
    while footer and not footer[0].strip():
        footer.pop(0)
    return " ".join(description).strip(), usage, sections, footer


def commands(binary, words=()):
    """Every command path, depth first, with its parsed help."""
    parsed = parse_help(help_of(binary, list(words)))
    yield list(words), parsed
    for title, items in parsed[2]:
        if title == "Subcommands":
            for name, _ in items:
                yield from commands(binary, [*words, name])


def markdown_sections(path):
    sections, current = {}, None
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        if raw.startswith("## "):
            current = raw[3:].strip()
            sections[current] = []
        elif current:
            sections[current].append(raw)
    return sections


def markdown_to_roff(lines):
    """Paragraphs, bullets and two-column tables of the contract as roff."""
    out, paragraph = [], []

    def flush():
        if paragraph:
            out.append(".PP")
            out.append(line(roff(" ".join(paragraph))))
            paragraph.clear()

    for raw in lines:
        text = raw.strip()
        if text.startswith("|"):
            flush()
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", text.strip("|"))]
            if all(set(c) <= set("-: ") for c in cells) or cells[0] in ("code", "variable", "option", "command"):
                continue
            out.append(".TP")
            out.append(line(roff(cells[0].replace("\\|", "|"))))
            out.append(line(roff(" ".join(cells[1:2]).replace("\\|", "|"))))
        elif text.startswith("- "):
            flush()
            out.append(".IP \\(bu 2")
            out.append(line(roff(text[2:])))
        elif raw.startswith("  ") and out and out[-2:-1] == [".IP \\(bu 2"]:
            out[-1] += " " + roff(text)
        elif not text:
            flush()
        else:
            paragraph.append(text)
    flush()
    return out


def release_date(changelog, version):
    for raw in open(changelog, encoding="utf-8"):
        match = re.match(r"## \[?" + re.escape(version) + r"\]? - (\d{4}-\d{2}-\d{2})", raw)
        if match:
            return match.group(1)
    sys.exit(f"man_page.py: {changelog} has no line '## [{version}] - YYYY-MM-DD' for this release")


def main():
    binary, interface, changelog, output = sys.argv[1:5]
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]
    all_commands = list(commands(binary))
    description = all_commands[0][1][0]
    name_line = description.split(":", 1)[1].strip() if ":" in description else description
    page = [
        '.\\" The manual page of ftadvisor, generated by tools/man_page.py from --help and docs/interface.md.',
        f'.TH FTADVISOR 1 "{release_date(changelog, version)}" "ftadvisor {version}" "User Commands"',
        ".SH NAME",
        "ftadvisor \\- " + roff(name_line),
        ".SH SYNOPSIS",
    ]
    for words, (_, usage, sections, _) in all_commands:
        if words and not any(title == "Subcommands" for title, _ in sections):
            page += [".br", line(roff(usage))]
    page += [".SH DESCRIPTION", ".PP", line(roff(description))]
    contract = markdown_sections(interface)
    page += markdown_to_roff(contract["Commands"])
    page += [".SH OPTIONS"] + markdown_to_roff(contract["Options every command takes"])
    page += [".SH COMMANDS"]
    for words, (summary, usage, sections, footer) in all_commands[1:]:
        page += [".SS " + roff("ftadvisor " + " ".join(words)), ".PP", line(roff(summary)), ".PP",
                 "\\fBUsage:\\fR " + roff(usage)]
        for title, items in sections:
            if title == "Subcommands":
                continue
            if title not in ("Positionals", "Options"):
                page += [".PP", "\\fB" + roff(title) + "\\fR"]
            for name, text in items:
                if name.startswith("-h,--help"):
                    continue
                page += [".TP", line("\\fB" + roff(name) + "\\fR"), line(roff(" ".join(text)))]
        if footer:
            page += [".PP", ".nf"] + [line(roff(f)) for f in footer] + [".fi"]
    for title, heading in (("Exit status", "EXIT STATUS"), ("Environment", "ENVIRONMENT"), ("Files", "FILES"),
                           ("Versions", "VERSIONS")):
        page += [".SH " + heading] + markdown_to_roff(contract[title])
    page += [".SH SEE ALSO", "The documents in the source's \\fIdocs/\\fR folder, and in",
             "\\fI/usr/share/doc/ftadvisor/\\fR once installed: interface.md, spec.md, output.md,",
             "decision-model.md, description.md, rules.md, providers.md, ci.md, data.md, ask.md, security.md."]
    with open(output, "w", encoding="utf-8") as out:
        out.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
