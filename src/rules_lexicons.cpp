#include "rule_loader.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ftadvisor {

using nlohmann::json;

std::string RulesLoader::phrase_problem(std::string_view phrase)
{
    if (!text::is_valid_utf8(phrase)) {
        return "is not valid UTF-8";
    }
    constexpr std::size_t k_max_hyphens = 8;
    bool letters = false;
    std::size_t hyphens = 0;
    auto joins = [&](std::size_t i) {
        return i > 0 && i + 1 < phrase.size() &&
               std::string_view(" -*").find(phrase[i - 1]) == std::string_view::npos &&
               std::string_view(" -*").find(phrase[i + 1]) == std::string_view::npos;
    };
    for (std::size_t i = 0; i < phrase.size(); ++i) {
        const auto c = static_cast<unsigned char>(phrase[i]);
        if (c >= 0x80 || std::isalnum(c) != 0) {
            letters = true;
        } else if (c == '*') {
            if (i == 0 || phrase[i - 1] == ' ' || (i + 1 < phrase.size() && phrase[i + 1] != ' ')) {
                return "has a '*' that does not end a word";
            }
        } else if (c == '-') {
            if (!joins(i)) {
                return "has a '-' that does not join two parts of a word";
            }
            if (++hyphens > k_max_hyphens) {
                return fmt::format("has more than {} hyphens", k_max_hyphens);
            }
        } else if (std::string_view(" -'&.+/").find(static_cast<char>(c)) == std::string_view::npos) {
            return fmt::format("holds {}, which a phrase cannot match", text::quote(std::string(1, phrase[i])));
        }
    }
    return letters ? "" : "has no letters";
}

void RulesLoader::count_spelled(const Reader& r, const std::string& path, std::string_view phrase, std::size_t& spelled)
{
    if (std::any_of(phrase.begin(), phrase.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        return; // read with RE2, not the trie
    }
    const bool within = spelled <= k_most_spelled;
    spelled += (phrase.size() + 3) << static_cast<std::size_t>(std::count(phrase.begin(), phrase.end(), '-'));
    if (within && spelled > k_most_spelled) { // said once, at the phrase that passes it
        r.error(path, fmt::format("the lexicons' phrases, up to this one, spell more than {} characters for the "
                                  "phrase reader (each hyphen doubles the ways a phrase is written: real-time, real "
                                  "time, realtime); remove phrases or write fewer hyphens",
                                  text::format_number(static_cast<double>(k_most_spelled))));
    }
}

// Long on purpose: the fields of a lexicon, each read and checked where it stands (docs/rules.md).
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void RulesLoader::load_lexicons()
{
    std::set<std::string> seen;
    std::map<std::string, std::string> phrases; // signal + phrase in lower case -> where
    std::size_t spelled = 0;                    // characters of the trie, as k_most_spelled counts them
    for_each_entry("lexicons", {"id", "signal", "negated_signal", "terms"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        Lexicon lexicon;
        auto id = read_id(item, seen);
        auto signal = signal_name(r, node, item.path, "signal", Required::yes);
        auto negated = signal_name(r, node, item.path, "negated_signal", Required::no);
        if (signal && negated && *signal == *negated) {
            r.error(join_path(item.path, "negated_signal"), "must differ from the lexicon's own signal");
            negated.reset();
        }
        const std::string terms_path = join_path(item.path, "terms");
        if (!node.contains("terms")) {
            r.error(item.path, "missing required key 'terms'");
        } else if (r.expect_array(node.at("terms"), terms_path)) {
            for (std::size_t g = 0; g < node.at("terms").size(); ++g) {
                const std::string group_path = join_path(terms_path, g);
                const json& group = node.at("terms")[g];
                if (!r.expect_object(group, group_path)) {
                    continue;
                }
                r.check_keys(group, group_path, {"weight", "phrases"});
                const auto weight = r.number(group, group_path, "weight", Required::yes);
                if (weight && *weight <= 0) {
                    r.error(join_path(group_path, "weight"), "must be above 0");
                }
                const auto words = r.strings(group, group_path, "phrases", Required::yes);
                for (std::size_t p = 0; p < words.size(); ++p) {
                    const std::string path = join_path(join_path(group_path, "phrases"), p);
                    if (const std::string problem = phrase_problem(words[p]); !problem.empty()) {
                        r.error(path, fmt::format("the phrase {} {}", text::quote(words[p]), problem));
                        continue;
                    }
                    std::string key = signal.value_or("") + '\n';
                    for (const char c : words[p]) {
                        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    }
                    if (auto [at, fresh] = phrases.emplace(key, path); !fresh) {
                        r.error(path, fmt::format("the phrase {} is already at {} for signal '{}'",
                                                  text::quote(words[p]), at->second, signal.value_or("")));
                        continue;
                    }
                    count_spelled(r, path, words[p], spelled);
                    if (weight && *weight > 0) {
                        lexicon.phrases.push_back(Lexicon::Phrase{words[p], *weight});
                    }
                }
            }
        }
        if (id && signal) {
            lexicon.id = *id;
            lexicon.signal = *signal;
            add_signal(*signal);
            if (negated) {
                lexicon.negated_signal = *negated;
                add_signal(*negated);
            }
            m_rules.lexicons.push_back(std::move(lexicon));
        }
    });
}

void RulesLoader::add_signal(const std::string& signal)
{
    if (m_signal_set.insert(signal).second) {
        m_rules.signals.push_back(signal);
    }
}

std::optional<std::string> RulesLoader::signal_name(const Reader& r, const json& node, const std::string& path,
                                                    const std::string& key, Required required) const
{
    auto signal = r.string(node, path, key, required);
    if (signal && !text::is_identifier(*signal)) {
        r.error(join_path(path, key),
                fmt::format("a signal is named with lower-case letters, digits, '-' and '_', got {}",
                            text::quote(*signal)));
        signal.reset();
    }
    return signal;
}

NumberWords::Valued RulesLoader::valued(const Reader& r, const json& node, const std::string& path,
                                        const std::string& key) const
{
    NumberWords::Valued out;
    if (!node.contains(key) || !r.expect_object(node.at(key), join_path(path, key))) {
        return out;
    }
    const std::string at = join_path(path, key);
    for (const auto& [phrase, value] : node.at(key).items()) {
        const auto number = r.number(node.at(key), at, phrase, Required::yes);
        if (number && (!std::isfinite(*number) || *number <= 0)) {
            r.error(join_path(at, phrase), "must be a number above 0");
        } else if (number) {
            out.emplace_back(phrase, *number);
        }
    }
    return out;
}

void RulesLoader::load_numbers()
{
    std::set<std::string> seen;
    for_each_entry("numbers",
                   {"id", "words", "scales", "suffixes", "fractions", "percent", "approximate", "at_least", "at_most",
                    "more_than", "less_than", "between", "range", "fillers"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        NumberWords numbers;
        auto id = read_id(item, seen);
        numbers.words = valued(r, node, item.path, "words");
        numbers.scales = valued(r, node, item.path, "scales");
        numbers.suffixes = valued(r, node, item.path, "suffixes");
        numbers.fractions = valued(r, node, item.path, "fractions");
        for (const auto& [phrase, value] : numbers.suffixes) {
            if (phrase.empty() || !std::all_of(phrase.begin(), phrase.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                })) {
                r.error(join_path(join_path(item.path, "suffixes"), phrase),
                        "a suffix is written with ASCII letters only, as it stands against a figure (15k)");
            }
        }
        std::vector<std::string>* lists[] = {&numbers.percent, &numbers.approximate, &numbers.at_least,
                                             &numbers.at_most, &numbers.more_than,   &numbers.less_than,
                                             &numbers.between, &numbers.range,       &numbers.fillers};
        const char* keys[] = {"percent",   "approximate", "at_least", "at_most", "more_than",
                              "less_than", "between",     "range",    "fillers"};
        for (std::size_t k = 0; k < std::size(keys); ++k) {
            *lists[k] = r.strings(node, item.path, keys[k], Required::no);
        }
        if (id) {
            numbers.id = *id;
            m_rules.numbers.push_back(std::move(numbers));
        }
    });
}

void RulesLoader::load_amounts()
{
    std::set<std::string> seen;
    const std::vector<std::string> kinds = {"count", "percent"};
    for_each_entry("amounts",
                   {"id", "signal", "kind", "units", "refer", "checked", "cues", "exclude", "exclude_before",
                    "not_units", "stops", "reach"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        AmountRule rule;
        auto id = read_id(item, seen);
        auto signal = signal_name(r, node, item.path, "signal", Required::yes);
        auto kind = r.string(node, item.path, "kind", Required::yes);
        if (kind && !check_member(r, join_path(item.path, "kind"), *kind, kinds, "amount kind")) {
            kind.reset();
        }
        if (kind) {
            rule.kind = *kind == "count" ? AmountRule::Kind::count : AmountRule::Kind::percent;
        }
        rule.units = r.strings(node, item.path, "units", kind && *kind == "count" ? Required::yes : Required::no);
        rule.refer = r.strings(node, item.path, "refer", Required::no);
        rule.checked = r.strings(node, item.path, "checked", Required::no);
        rule.cues = r.strings(node, item.path, "cues", kind && *kind == "percent" ? Required::yes : Required::no);
        rule.exclude = r.strings(node, item.path, "exclude", Required::no);
        rule.exclude_before = r.strings(node, item.path, "exclude_before", Required::no);
        rule.not_units = r.strings(node, item.path, "not_units", Required::no);
        rule.stops = r.strings(node, item.path, "stops", Required::no);
        if (auto reach = r.number(node, item.path, "reach", Required::no)) {
            if (*reach < 0 || *reach > 12 || *reach != std::floor(*reach)) {
                r.error(join_path(item.path, "reach"), "expected a whole number of words from 0 to 12");
            } else {
                rule.reach = static_cast<int>(*reach);
            }
        }
        if (signal) {
            const bool lexical = std::any_of(m_rules.lexicons.begin(), m_rules.lexicons.end(), [&](const Lexicon& l) {
                return l.signal == *signal || l.negated_signal == *signal;
            });
            const bool taken = std::any_of(m_rules.amounts.begin(), m_rules.amounts.end(),
                                           [&](const AmountRule& a) { return a.signal == *signal; });
            if (lexical || taken) {
                r.error(join_path(item.path, "signal"),
                        fmt::format("signal '{}' is already fed by {}; an amount needs a signal of its own", *signal,
                                    lexical ? "a lexicon" : "another amount"));
                signal.reset();
            }
        }
        if (id && signal && kind) {
            rule.id = *id;
            rule.signal = *signal;
            add_signal(*signal);
            m_rules.amounts.push_back(std::move(rule));
        }
    });
}

std::optional<SectionEntry> RulesLoader::object_section(const std::string& name,
                                                        const std::vector<std::string>& keys) const
{
    const std::vector<SectionEntry> items = section(name);
    if (items.empty() || !reader(items.front()).expect_object(*items.front().node, items.front().path)) {
        return std::nullopt;
    }
    reader(items.front()).check_keys(*items.front().node, items.front().path, keys);
    return items.front();
}

void RulesLoader::load_spelling()
{
    const std::optional<SectionEntry> section_item = object_section("spelling", {"min_length", "keep"});
    if (!section_item) {
        return;
    }
    const SectionEntry& item = *section_item;
    const Reader r = reader(item);
    if (auto length = r.number(*item.node, item.path, "min_length", Required::no)) {
        if (*length != 0 && (*length < 4 || *length > 30 || *length != std::floor(*length))) {
            r.error(join_path(item.path, "min_length"), "expected 0 (no correction) or a whole number from 4 to 30");
        } else {
            m_rules.spelling.min_length = static_cast<std::size_t>(*length);
        }
    }
    m_rules.spelling.keep = r.strings(*item.node, item.path, "keep", Required::no);
}

void RulesLoader::load_negation()
{
    const std::optional<SectionEntry> section_item =
        object_section("negation", {"before", "after", "pseudo", "terminators", "window"});
    if (!section_item) {
        return;
    }
    const SectionEntry& item = *section_item;
    const Reader r = reader(item);
    Negation& negation = m_rules.negation;
    negation.before = r.strings(*item.node, item.path, "before", Required::no);
    negation.after = r.strings(*item.node, item.path, "after", Required::no);
    negation.pseudo = r.strings(*item.node, item.path, "pseudo", Required::no);
    negation.terminators = r.strings(*item.node, item.path, "terminators", Required::no);
    if (auto window = r.number(*item.node, item.path, "window", Required::no)) {
        if (*window < 1 || *window > 20 || *window != std::floor(*window)) {
            r.error(join_path(item.path, "window"), "expected a whole number of words from 1 to 20");
        } else {
            negation.window = static_cast<int>(*window);
        }
    }
}

} // namespace ftadvisor
