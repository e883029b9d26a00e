// Inputs written to break the tool (issue 9, docs/security.md): each is refused with a
// located message or read as it should be, never a crash, a hang or an exception.
#include "document.hpp"
#include "ftadvisor/batch.hpp"
#include "ftadvisor/check.hpp"
#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"

#include "helpers.hpp"
#include "spec_node.hpp"
#include "text.hpp"
#include "yaml_scalar.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

// Every message of a spec text that must be refused, one diagnostic a line.
std::string refusal(const std::string& text, const std::string& file = "spec.json")
{
    const SpecResult result = parse_spec_text(text, file);
    CHECK_FALSE(result.value.has_value());
    std::string out;
    for (const Diagnostic& diagnostic : result.diagnostics) {
        out += format_diagnostic(diagnostic);
    }
    return out;
}

std::string nested(std::size_t depth)
{
    return "{\"spec_version\": 1, \"name\": " + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
}

std::string file_text(const std::filesystem::path& path)
{
    const FileText file = local_files().read_file(path.string(), k_default_max_document_bytes);
    REQUIRE(file.text.has_value());
    return *file.text;
}

} // namespace

TEST_CASE("nesting is limited to 64 levels in JSON and YAML, with the place it passes", "[hostile]")
{
    // 64 levels: the root object and 63 lists; the spec is then refused for its name only.
    CHECK_THAT(refusal(nested(64)), Catch::Contains("name: expected a string, got a list"));
    const std::string deep = refusal(nested(65));
    CHECK_THAT(deep, Catch::StartsWith("spec.json:1:92: error: lists and mappings nest more than 64 levels deep"));
    CHECK_THAT(
        refusal("spec_version: 1\nname: " + std::string(100000, '[') + std::string(100000, ']') + "\n", "spec.yaml"),
        Catch::StartsWith("spec.yaml:2:70: error: lists and mappings nest more than 64 levels deep"));
    std::string mappings = "spec_version: 1\nname:\n";
    for (int level = 1; level < 200; ++level) {
        mappings += std::string(static_cast<std::size_t>(level), ' ') + "a:\n";
    }
    CHECK_THAT(refusal(mappings, "spec.yaml"), Catch::Contains("nest more than 64 levels deep"));
    // Brackets inside strings are text, not nesting.
    CHECK_THAT(refusal("{\"spec_version\": 1, \"name\": \"" + std::string(200, '[') + "\", \"x\": 1}"),
               Catch::Contains("unknown key 'x'"));
}

TEST_CASE("a document of more than a million values is refused where it passes them, unindexed", "[hostile]")
{
    // 3 bytes a value in the text, some 100 in a tree: the limit, not the text, bounds memory.
    std::string json = "{\"spec_version\":1,\"x\":[";
    for (int i = 0; i < 1'000'001; ++i) {
        json += i == 0 ? "{}" : ",{}";
    }
    json += "]}";
    const DocumentResult too_many = parse_document(json, "spec.json", DocumentFormat::json);
    REQUIRE(too_many.diagnostics.size() == 1);
    CHECK(format_diagnostic(too_many.diagnostics[0]) ==
          "spec.json: error: holds more than 1,000,000 values (lists, mappings and scalars), the last at x[999997]; "
          "no spec or rules file needs so many\n");

    std::string yaml = "spec_version: 1\nx: [1";
    for (int i = 1; i < 1'000'000; ++i) {
        yaml += ",1";
    }
    yaml += "]\n";
    const DocumentResult yaml_too_many = parse_document(yaml, "spec.yaml", DocumentFormat::yaml);
    REQUIRE(yaml_too_many.diagnostics.size() == 1);
    // The root, spec_version's 1 and the list are the first three: the 999,998th 1 passes.
    CHECK_THAT(format_diagnostic(yaml_too_many.diagnostics[0]),
               Catch::StartsWith("spec.yaml:2:1999999: error: holds more than 1,000,000 values"));
    // A million values exactly are read: the object, spec_version, the list and 999,997 {}.
    CHECK(parse_document(json.substr(0, json.size() - 14) + "]}", "spec.json", DocumentFormat::json).value);
}

TEST_CASE("a problem in a long line shows the part of the line around it, caret aligned", "[hostile]")
{
    std::string text = "{\"spec_version\": 1, \"answers\": {";
    for (int i = 0; i < 5000; ++i) {
        text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    }
    text += "\"production\": \"maybe\"}}";
    const SpecResult result = parse_spec_text(text);
    REQUIRE(result.diagnostics.size() == k_max_diagnostics_per_file + 1);
    const Diagnostic& first = result.diagnostics.front();
    CHECK(first.location.column == 33);
    CHECK(first.source_line.size() == 120 + 3); // cut at its end only
    CHECK(first.source_line.substr(first.source_line.size() - 3) == "...");
    const Diagnostic& later = result.diagnostics[99];
    CHECK(later.path == "answers.k99");
    CHECK(later.source_line.substr(0, 3) == "...");
    CHECK(later.source_line.size() <= 120 + 6);
    // The caret stands under the key's opening quote, in the cut line as in the file.
    const std::string shown = format_diagnostic(later);
    const std::size_t line = shown.find("\n  ") + 3;
    const std::size_t caret = shown.find('^');
    const std::size_t caret_line = shown.rfind('\n', caret) + 1;
    CHECK(shown.substr(line + (caret - caret_line - 2), 5) == "\"k99\"");
    CHECK(text.substr(static_cast<std::size_t>(later.location.column - 1), 5) == "\"k99\"");
}

TEST_CASE("a long line is never cut inside a UTF-8 character", "[hostile]")
{
    const std::string word = "\xC3\xA9t\xC3\xA9 "; // "été "
    std::string name;
    for (int i = 0; i < 100; ++i) {
        name += word;
    }
    const std::string text = "{\"spec_version\": 1, \"name\": \"" + name + "\", \"stage\": \"later\"}";
    const SpecResult result = parse_spec_text(text);
    REQUIRE(result.diagnostics.size() == 1);
    const std::string& line = result.diagnostics.front().source_line;
    CHECK(line.substr(0, 3) == "...");
    CHECK(text::is_valid_utf8(line));
}

TEST_CASE("a file wrong everywhere reports 100 problems and how many more there were", "[hostile]")
{
    std::string text = "{\"spec_version\": 1";
    for (int i = 0; i < 200000; ++i) {
        text += ", \"x" + std::to_string(i) + "\": 0";
    }
    text += "}";
    const SpecResult result = parse_spec_text(text);
    // Past 10,000 problems the reader stops looking (each costs a search and an excerpt),
    // says so first, and shows the first 100 of those it found in the order of the text.
    REQUIRE(result.diagnostics.size() == 101);
    CHECK(result.diagnostics[0].message == "10,000 problems found: stopped looking for more; fix these first");
    CHECK(result.diagnostics[1].path == "x0");
    CHECK(
        std::is_sorted(result.diagnostics.begin() + 1, result.diagnostics.begin() + 100,
                       [](const Diagnostic& a, const Diagnostic& b) { return a.location.column < b.location.column; }));
    CHECK(result.diagnostics[100].message == "9901 more problems in this file are not shown");
    CHECK(result.diagnostics[100].location.line == 0);
}

TEST_CASE("limit_diagnostics keeps the first of each file and notes the rest after them", "[hostile]")
{
    std::vector<Diagnostic> diagnostics;
    for (int i = 0; i < 5; ++i) {
        diagnostics.push_back(Diagnostic{"a.yaml", {i + 1, 1}, {}, "a" + std::to_string(i), {}});
    }
    diagnostics.push_back(Diagnostic{"b.yaml", {1, 1}, {}, "b0", {}});
    for (int i = 5; i < 8; ++i) {
        diagnostics.push_back(Diagnostic{"c.yaml", {i, 1}, {}, "c" + std::to_string(i), {}});
    }
    limit_diagnostics(diagnostics, 2);
    std::vector<std::string> messages;
    for (const Diagnostic& diagnostic : diagnostics) {
        messages.push_back(diagnostic.file + ": " + diagnostic.message);
    }
    CHECK(messages == std::vector<std::string>{"a.yaml: a0", "a.yaml: a1",
                                               "a.yaml: 3 more problems in this file are not shown", "b.yaml: b0",
                                               "c.yaml: c5", "c.yaml: c6",
                                               "c.yaml: 1 more problems in this file are not shown"});
}

TEST_CASE("invalid UTF-8 is refused where it stands, in JSON and in YAML", "[hostile]")
{
    CHECK_THAT(refusal("{\"spec_version\": 1, \"name\": \"x\xFF\"}"),
               Catch::StartsWith("spec.json:1:31: error: invalid JSON: syntax error while parsing value - invalid "
                                 "string: ill-formed UTF-8 byte"));
    CHECK_THAT(refusal("spec_version: 1\nname: \"ok\"\ndescription: caf\xC3\n", "spec.yaml"),
               Catch::StartsWith("spec.yaml:3:17: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8"));
    // The same in a rules file, which `rules show` would otherwise fail to print.
    CHECK_THAT(rules_errors("approaches:\n  - id: \"\xFF\"\n"),
               Catch::Contains("team.yaml:2:10: error: invalid UTF-8"));
}

TEST_CASE("NUL bytes: raw ones make a binary file, escaped ones are text", "[hostile]")
{
    CHECK_THAT(refusal(std::string("{\"spec_version\": 1, \"name\": \"a\0b\"}", 35)),
               Catch::Contains("this is a binary file (it holds NUL bytes)"));
    const Spec spec = spec_of(R"({"spec_version": 1, "name": "a\u0000b", "description": "x\u0000y"})");
    REQUIRE(spec.name.has_value());
    CHECK(*spec.name == std::string("a\0b", 3));
    const std::string line = render_json_line(evaluate(spec, default_rules()));
    CHECK_THAT(line, Catch::Contains(R"("name":"a\u0000b")"));
    CHECK(line.find('\0') == std::string::npos);
}

TEST_CASE("a 10 MB description and a 5 MB name are read and evaluated", "[hostile]")
{
    std::string description;
    while (description.size() < 10'000'000) {
        description += "We fine-tune on our own domain data; answers must be exact. ";
    }
    const std::string name(5'000'000, 'n');
    const std::string text =
        R"({"spec_version": 1, "name": ")" + name + R"(", "description": ")" + description + R"("})";
    for (const DocumentFormat format : {DocumentFormat::json, DocumentFormat::yaml}) {
        SpecText spec{"big", 0, text, format};
        const SpecOutcome outcome = evaluate_spec_text(spec, default_rules(), {}, Run());
        REQUIRE(outcome.evaluation.has_value());
        CHECK(outcome.evaluation->name == name);
        CHECK(render_json_line(*outcome.evaluation).size() > name.size());
    }
}

TEST_CASE("a YAML scalar of a million digits is typed without running out of stack", "[hostile]")
{
    // std::regex recursed once a character here, and this crashed.
    const std::string digits(1'000'000, '7');
    for (const std::string& scalar : {digits, "1." + digits, "-" + digits + "e5"}) {
        const SpecResult result = parse_spec_text("spec_version: 1\ndescription: " + scalar + "\n", "spec.yaml");
        REQUIRE(result.diagnostics.size() == 1);
        CHECK_THAT(result.diagnostics.front().message, Catch::StartsWith("expected a string, got "));
    }
    CHECK(spec_of("spec_version: 1\ndescription: 1." + digits + "x\n", "spec.yaml").description->size() == 1'000'003);
    CHECK(resolve_yaml_scalar("1." + digits + "x") == "1." + digits + "x");
    CHECK(resolve_yaml_scalar("-.5e-3") == -0.0005);
    CHECK(resolve_yaml_scalar("5.") == 5.0);
    CHECK(resolve_yaml_scalar("1e") == "1e");
    CHECK(resolve_yaml_scalar("+.INF") == HUGE_VAL);
    CHECK(resolve_yaml_scalar("0o17") == 15.0);
    CHECK(resolve_yaml_scalar("0xg") == "0xg");
}

TEST_CASE("numbers that do not fit, or are not whole, are refused for a count", "[hostile]")
{
    CHECK_THAT(
        refusal(R"({"spec_version": 1, "answers": {"high_quality_examples": 123456789012345678901234567890}})"),
        Catch::Contains("answers.high_quality_examples: expected a whole number >= 0, got 1.2345678901234568e+29"));
    CHECK_THAT(refusal(R"({"spec_version": 18446744073709551616})"),
               Catch::Contains("spec_version: expected a whole number, got 1.8446744073709552e+19"));
    CHECK_THAT(refusal(R"({"spec_version": 1, "answers": {"high_quality_examples": 12.5}})"),
               Catch::Contains("expected a whole number >= 0, got 12.5"));
    CHECK_THAT(refusal(R"({"spec_version": 1.0})"), Catch::Contains("spec_version: expected a whole number, got 1.0"));
    CHECK_THAT(refusal(R"({"spec_version": 1, "answers": {"high_quality_examples": 1e400}})"),
               Catch::Contains("number 1e400 is out of range"));
    CHECK_THAT(refusal("spec_version: 1\nanswers:\n  high_quality_examples: 99999999999999999999999\n", "s.yaml"),
               Catch::Contains("expected a whole number >= 0, got 9.999999999999999e+22"));
    CHECK_THAT(refusal("spec_version: 1\nanswers:\n  high_quality_examples: .nan\n", "s.yaml"),
               Catch::Contains("got NaN"));
}

TEST_CASE("a duplicate key is refused, in either reader, whichever value it has", "[hostile]")
{
    const std::string text = R"({"spec_version": 1, "name": "a", "name": "a"})";
    CHECK_THAT(refusal(text), Catch::StartsWith("spec.json:1:34: error: duplicate key 'name'"));
    std::string copy = text;
    CHECK_FALSE(read_plain_json_spec(copy, "spec.json", default_rules()).has_value());
    CHECK_THAT(refusal("spec_version: 1\nname: a\nname: b\n", "spec.yaml"),
               Catch::Contains("spec.yaml:3:1: error: duplicate key 'name' (first at line 2)"));
}

TEST_CASE("a byte-order mark and CRLF line ends in JSON and YAML are read as text", "[hostile]")
{
    CHECK(spec_of("\xEF\xBB\xBF{\"spec_version\": 1,\r\n\"name\": \"x\"}\r\n").name == "x");
    CHECK(spec_of("\xEF\xBB\xBFspec_version: 1\r\nname: x\r\n", "spec.yaml").name == "x");
}

TEST_CASE("the files the fuzzers found are handled (tests/data/fuzz)", "[hostile]")
{
    const std::filesystem::path root = std::filesystem::path(FTADVISOR_SOURCE_DIR) / "tests/data/fuzz";
    std::size_t specs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root / "spec")) {
        INFO(entry.path().string());
        const std::string text = file_text(entry.path());
        for (const DocumentFormat format : {DocumentFormat::json, DocumentFormat::yaml}) {
            SpecText spec{"fuzz", 0, text, format};
            SpecOutcome outcome;
            REQUIRE_NOTHROW(outcome = evaluate_spec_text(spec, default_rules(), {}, Run()));
            CHECK_FALSE(outcome.diagnostics.empty()); // each of them is a broken spec
        }
        std::string copy = text;
        CHECK_NOTHROW(read_plain_json_spec(copy, "fuzz.json", default_rules()));
        ++specs;
    }
    CHECK(specs >= 3);
    for (const auto& entry : std::filesystem::directory_iterator(root / "rules")) {
        INFO(entry.path().string());
        RulesResult result;
        REQUIRE_NOTHROW(result = load_rules(rules_plus(file_text(entry.path()), "fuzz.yaml")));
        if (result.value) {
            CHECK_NOTHROW(render_rules_yaml(*result.value));
        } else {
            CHECK_FALSE(result.diagnostics.empty());
        }
    }
}

TEST_CASE("a spec or rules file over --max-file-size is refused before it is read", "[hostile]")
{
    const std::filesystem::path path = std::filesystem::temp_directory_path() / "ftadvisor-size-limit.json";
    {
        std::ofstream out(path, std::ios::binary);
        out << R"({"spec_version": 1, "name": ")" << std::string(2000, 'x') << "\"}";
    }
    const FileText limited = local_files().read_file(path.string(), 1024);
    const FileText unlimited = local_files().read_file(path.string(), k_default_max_document_bytes);
    std::filesystem::remove(path);
    REQUIRE(limited.error.has_value());
    CHECK(limited.error->message == "is larger than the 1 KiB a spec or rules file may be (--max-file-size)");
    CHECK(unlimited.text.has_value());
    CHECK(describe_size(16u << 20) == "16 MiB");
    CHECK(describe_size(1000) == "1000 bytes");
}

TEST_CASE("a megabyte of figures, number words, ranges and misspellings reads in one linear pass", "[hostile]")
{
    // Every reading of the description in one sentence, repeated 6,000 times (1.1 MB): the
    // amounts, the speller and the phrases each look a bounded number of words around a
    // place, so this costs what its length costs (docs/security.md).
    const std::string sentence = "We have 500 labelled tickets, of which 40 were checked; about a few thousand "
                                 "hundreds of 30% fewer errors in prodution, between 5 and 8% or 2,000-3,000 tens of "
                                 "thousands one two three four. ";
    std::string description;
    for (int i = 0; i < 6'000; ++i) {
        description += sentence;
    }
    const DescriptionReading reading = default_rules().description_reader->read(description);
    std::size_t amounts = 0;
    std::size_t corrected = 0;
    for (const PhraseMatch& m : reading.matches) {
        amounts += m.amount ? 1U : 0U;
        corrected += m.read_as.empty() ? 0U : 1U;
    }
    // Every place is read; what is listed is bounded by the rules, not by the text.
    CHECK(amounts <= (k_most_amounts_listed + 1) * default_rules().amounts.size());
    CHECK(reading.matches.size() < 200);
    CHECK(reading.unlisted >= 6'000 * 3);
    CHECK(corrected == 1); // "in prodution", read as "in production", listed where it first stands
    for (const SignalValue& s : reading.signals) {
        if (s.signal == "examples") {
            CHECK(s.value == 500); // the first checked amount
        }
    }
}

namespace {

// Texts that, printed raw, would forge a CI log or a terminal: workflow commands (after a line
// feed, after white space, and `##[` anywhere), SGR 8 and cursor movement, OSC 52 (the
// clipboard) and OSC 8, a carriage return, a C1 CSI and a right-to-left override.
const std::vector<std::string> k_forgeries = {
    "Fine\n::error file=SECURITY.md::forged",
    "  ::stop-commands::token",
    "tail ##[error]forged",
    "\x1b[8mhidden\x1b[0m \x1b[2A\x1b[1;32mpass",
    "\x1b]52;c;Y2xpcGJvYXJk\x07 \x1b]8;;https://evil.example\x1b\\link",
    "fail\rpass",
    "\xc2\x9b"
    "31m C1",
    "abc\xe2\x80\xae"
    "txt.exe",
};

// Why `out` could forge a log or a terminal, or empty: a line that opens a workflow command,
// `##[`, an escape other than the report's own styles, a carriage return, a C1 control or a
// bidirectional override.
std::string forgery_in(const std::string& out)
{
    std::string rest = out;
    for (const char* style : {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[1;32m", "\x1b[1;31m", "\x1b[33m", "\x1b[36m"}) {
        for (std::size_t at = rest.find(style); at != std::string::npos; at = rest.find(style)) {
            rest.erase(at, std::strlen(style));
        }
    }
    std::size_t start = 0;
    while (start <= rest.size()) {
        const std::size_t end = std::min(rest.find('\n', start), rest.size());
        const std::string line = rest.substr(start, end - start);
        const std::size_t first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line.compare(first, 2, "::") == 0) {
            return "a workflow command: " + line;
        }
        start = end + 1;
    }
    for (const char* bad : {"##[", "\x1b", "\r", "\xc2\x9b", "\xe2\x80\xae"}) {
        if (rest.find(bad) != std::string::npos) {
            return "raw " + text::quote(bad) + " in: " + rest.substr(0, 400);
        }
    }
    return {};
}

} // namespace

TEST_CASE("no text from input opens a workflow command or reaches the terminal raw", "[hostile][security]")
{
    const Rules& rules = default_rules();
    for (const std::string& forged : k_forgeries) {
        INFO(text::quote(forged));
        nlohmann::json spec = {
            {"spec_version", 1},
            {"name", forged},
            {"description", forged + " for nurses in production"},
            {"proposed_approach", "fine-tune"},
            {"answers", {{"high_quality_examples", 50}}},
            {"waivers", {{{"rule", "insufficient-data"}, {"reason", forged}, {"expires", "2027-01-01"}}}}};
        SpecText input{forged + ".json", 0, spec.dump(), DocumentFormat::json};
        const SpecOutcome outcome = evaluate_spec_text(input, rules, EvaluateOptions{false, "2026-12-02", true},
                                                       Run(local_files(), ReadLimits{}, 1));
        REQUIRE(outcome.evaluation);
        for (const bool color : {false, true}) {
            CHECK(forgery_in(render_text(*outcome.evaluation, rules, TextOptions{color, 80})).empty());
        }
        CHECK(forgery_in(render_markdown_section(*outcome.evaluation, rules)).empty());

        CheckReport report;
        report.checks.push_back(check_proposal(outcome, rules, report.policy));
        report.summary = summarize(report.checks);
        CHECK(forgery_in(render_check_text(report, TextOptions{true, 80})).empty());
        CHECK(forgery_in(render_check_markdown(report)).empty());

        // A problem's message and source line: an unknown key, and the line it stands on.
        const SpecResult bad =
            parse_spec_text("spec_version: 1\n" + nlohmann::json(forged).dump() + ": 1\n", forged + ".yaml");
        REQUIRE_FALSE(bad.diagnostics.empty());
        for (const Diagnostic& diagnostic : bad.diagnostics) {
            CHECK(forgery_in(format_diagnostic(diagnostic)).empty());
        }
    }
    CHECK(text::visible("\x1b[8m") == "\\x1b[8m");
    CHECK(text::visible("  ::error::x\n##[group]") == "  :\\x3aerror::x\n#\\x23[group]");
    CHECK(text::visible("a\xe2\x80\xae"
                        "b") == "a\\u202eb");
}

TEST_CASE("a name with line breaks stays on its line in the text reports", "[hostile][security]")
{
    const Rules& rules = default_rules();
    nlohmann::json spec = {{"spec_version", 1},
                           {"name", "First part\nSTATUS pass\r\nthird"},
                           {"proposed_approach", "rag"},
                           {"answers", {{"production", true}}}};
    SpecText input{"a\nb.json", 0, spec.dump(), DocumentFormat::json};
    const SpecOutcome outcome = evaluate_spec_text(input, rules, EvaluateOptions{false, "2026-12-02", true},
                                                   Run(local_files(), ReadLimits{}, 1));
    REQUIRE(outcome.evaluation);
    const std::string evaluated = render_text(*outcome.evaluation, rules, TextOptions{false, 80});
    CHECK(evaluated.rfind("First part STATUS pass  third\n", 0) == 0);

    CheckReport report;
    report.checks.push_back(check_proposal(outcome, rules, report.policy));
    report.summary = summarize(report.checks);
    const std::string checked = render_check_text(report, TextOptions{false, 80});
    CHECK_THAT(checked, Catch::Contains("fail First part STATUS pass  third (a b.json)\n"));
    for (const std::string& out : {evaluated, checked}) {
        CHECK_THAT(out,
                   !Catch::Contains("\nSTATUS pass") && !Catch::Contains("\nthird") && !Catch::Contains("\nb.json"));
    }
}

TEST_CASE("rules overlays cost what their size costs: phrases, negation, merged entries, thresholds",
          "[hostile][rules]")
{
    SECTION("hyphenated phrases past the reader's budget are refused at the phrase that passes it")
    {
        // Each hyphen doubles the ways a phrase is written; 400 phrases of eight would ask
        // for about 400 MB of table (issue 25, item 3).
        std::string phrases;
        for (int i = 0; i < 400; ++i) {
            phrases += (i > 0 ? ", " : "") + fmt::format("p{0}a-p{0}b-p{0}c-p{0}d-p{0}e-p{0}f-p{0}g-p{0}h-p{0}i", i);
        }
        const std::string errors = rules_errors("lexicons:\n  - id: hostile\n    signal: hostile\n    terms:\n"
                                                "      - weight: 1\n        phrases: [" +
                                                phrases + "]\n");
        CHECK_THAT(errors, Catch::Contains("spell more than 1,048,576 characters for the phrase reader"));
        CHECK_THAT(errors, Catch::Contains("team.yaml:6:"));
        CHECK(std::count(errors.begin(), errors.end(), '^') == 1); // said once, not for every phrase after it
    }

    SECTION("20,000 negation phrases sharing a first word: the longest one that stands there negates")
    {
        std::string before;
        for (int i = 0; i < 20'000; ++i) {
            before += fmt::format(", never w{}", i);
        }
        const Rules rules = load_or_fail(rules_plus("negation:\n  before: [never" + before + "]\n"));
        const DescriptionReading reading = rules.description_reader->read("We never w19999 see patients.");
        bool patient = false;
        for (const PhraseMatch& m : reading.matches) {
            if (m.phrase == "patient") {
                patient = true;
                CHECK(m.negated_by == "never w19999");
            }
        }
        CHECK(patient);
    }

    SECTION("an id removed and given again is appended; other entries keep their order")
    {
        std::vector<RuleSource> sources = rules_plus("approaches:\n  - {id: rag, remove: true}\n", "first.yaml");
        sources.push_back(RuleSource{"second.yaml", "approaches:\n  - {id: rag, name: Retrieval again, summary: "
                                                    "Back at the end.}\n"});
        const Rules rules = load_or_fail(sources);
        REQUIRE(rules.approaches.size() >= 2);
        CHECK(rules.approaches.back().id == "rag");
        CHECK(rules.approaches.back().name == "Retrieval again");
    }

    SECTION("5,000 thresholds on one number: what would change is searched among the nearest")
    {
        std::string overlay = "rules:\n";
        for (int i = 1; i <= 5'000; ++i) {
            overlay += fmt::format("  - {{id: t{0}, question: high_quality_examples, when: {{fact: "
                                   "answers.high_quality_examples, gte: {0}}}, scores: {{skip: 0.001}}, "
                                   "reason: Rule {0}.}}\n",
                                   i * 10);
        }
        const Rules rules = load_or_fail(rules_plus(overlay));
        EvaluateOptions options;
        options.what_would_change = true;
        const Evaluation evaluation =
            evaluate(spec_of(R"({"spec_version":1,"name":"x","answers":{"domain_expertise_critical":true,
                "high_quality_examples":25000,"expected_improvement_pct":20,"production":true,
                "needs_realtime_data":false}})",
                             "spec.json", rules),
                     rules, options);
        CHECK(evaluation.changes_searched);
        for (const VerdictChange& change : evaluation.what_would_change) {
            for (const AnswerChange& answer : change.changes) {
                if (answer.question == "high_quality_examples" && std::holds_alternative<double>(answer.to)) {
                    // the 32 regions nearest 25,000 lie within 160 of it
                    CHECK(std::fabs(std::get<double>(answer.to) - 25'000) <= 170);
                }
            }
        }
    }
}
