#pragma once

#include "document.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ftadvisor::testing {

// Parses and validates a spec text; the file name's extension picks JSON or YAML.
inline SpecResult parse_spec_text(const std::string& text, const std::string& file = "spec.json",
                                  const Rules& rules = default_rules())
{
    return ftadvisor::parse_spec_text(text, file, detect_format(file, text), rules);
}

// Loads the embedded rules plus one extra file, which must make them invalid, and returns
// every message.
inline std::string rules_errors(const std::string& extra)
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.push_back(RuleSource{"team.yaml", extra});
    RulesResult result = load_rules(sources);
    std::string out;
    for (const auto& diagnostic : result.diagnostics) {
        out += format_diagnostic(diagnostic);
    }
    CHECK_FALSE(result.value.has_value());
    return out;
}

// Whether two specs say the same thing, field by field.
inline bool same_spec(const Spec& a, const Spec& b)
{
    return a.file == b.file && a.line == b.line && a.spec_version == b.spec_version && a.name == b.name &&
           a.description == b.description && a.answers == b.answers && a.stage == b.stage &&
           a.proposed_approach == b.proposed_approach && a.dataset == b.dataset && a.budget_usd == b.budget_usd &&
           a.waivers.size() == b.waivers.size();
}

// The lines of `text` longer than `width` bytes: none, for a report that keeps to the width.
inline std::vector<std::string> lines_over(const std::string& text, std::size_t width)
{
    std::vector<std::string> over;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (end - start > width) {
            over.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return over;
}

// A spec that must be valid.
inline Spec spec_of(const std::string& text, const std::string& file = "spec.json",
                    const Rules& rules = default_rules())
{
    SpecResult result = parse_spec_text(text, file, rules);
    INFO((result.diagnostics.empty() ? std::string() : format_diagnostic(result.diagnostics.front())));
    REQUIRE(result.value.has_value());
    return *result.value;
}

// Every diagnostic of an invalid text, formatted as the CLI prints them.
inline std::string errors_of(const std::string& text, const std::string& file = "spec.json")
{
    SpecResult result = parse_spec_text(text, file);
    std::string out;
    for (const auto& diagnostic : result.diagnostics) {
        out += format_diagnostic(diagnostic);
    }
    return out;
}

// The first line of each diagnostic (location, path and message), without the source line
// and caret, one per line.
inline std::string headlines_of(const std::string& text, const std::string& file = "spec.json")
{
    SpecResult result = parse_spec_text(text, file);
    std::string out;
    for (const auto& diagnostic : result.diagnostics) {
        const std::string formatted = format_diagnostic(diagnostic);
        out += formatted.substr(0, formatted.find('\n') + 1);
    }
    return out;
}

inline Evaluation evaluate_text(const std::string& text, const Rules& rules = default_rules())
{
    return evaluate(spec_of(text, "spec.json", rules), rules);
}

// The embedded rule sources with one text replaced in the named file; for proving that a
// change to the YAML alone changes behaviour.
inline std::vector<RuleSource> rules_with(const std::string& file, const std::string& from, const std::string& to)
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    for (auto& source : sources) {
        if (source.name == file) {
            // The embedded copy is JSON converted at build time; edit the YAML itself.
            std::ifstream in(std::string(FTADVISOR_SOURCE_DIR) + "/" + file, std::ios::binary);
            std::stringstream yaml;
            yaml << in.rdbuf();
            source.text = yaml.str();
            source.format = DocumentFormat::yaml;
            source.converted_from.clear();
            const auto at = source.text.find(from);
            REQUIRE(at != std::string::npos);
            source.text.replace(at, from.size(), to);
        }
    }
    return sources;
}

// The embedded rule sources followed by one overlay.
inline std::vector<RuleSource> rules_plus(const std::string& overlay, const std::string& name = "team.yaml")
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.push_back(RuleSource{name, overlay});
    return sources;
}

inline Rules load_or_fail(const std::vector<RuleSource>& sources)
{
    RulesResult result = load_rules(sources);
    std::string messages;
    for (const auto& diagnostic : result.diagnostics) {
        messages += format_diagnostic(diagnostic);
    }
    INFO(messages);
    REQUIRE(result.value.has_value());
    return *result.value;
}

} // namespace ftadvisor::testing
