#include "ftadvisor/rules.hpp"

#include "condition_grammar.hpp"
#include "ftadvisor/spec.hpp"
#include "reader.hpp"
#include "rule_sections.hpp"
#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <set>

namespace ftadvisor {
namespace {

using nlohmann::json;

// One entry of a section of the merged rules: its path there and its node.
struct Item {
    std::string path;
    const json* node;
};

// Where a part of the merged rules was written: a document and the path in it.
struct Origin {
    const Document* document = nullptr;
    std::string path;
};

// Sections whose entries carry an `id`, merged entry by entry; the others are objects
// merged key by key, and `stages`, a list replaced whole.
const std::vector<std::string> k_id_sections = {"approaches", "questions",  "lexicons",  "numbers",
                                                "amounts",    "inferences", "rules",     "pitfalls",
                                                "tiers",      "prices",     "scenarios", "plans"};
const std::vector<std::string> k_map_sections = {"thresholds", "base_scores", "negation",
                                                 "spelling",   "upkeep",      "training"};

// Lays rules sources over one another (docs/rules.md): an entry with a known id
// replaces the fields it gives, a new id is appended, `remove: true` drops one; object
// sections merge key by key; `complete: true` starts afresh. Remembers where every merged
// entry and field came from, so that problems found later point at the file that wrote them.
class Merger {
public:
    explicit Merger(std::vector<Diagnostic>& diagnostics) : m_diagnostics(diagnostics) {}

    void add(const RuleSource& source)
    {
        DocumentResult parsed = parse_document(source.text, source.name, source.format);
        if (!parsed.document) {
            m_diagnostics.insert(m_diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
            return;
        }
        parsed.document->converted_from = source.converted_from;
        const Document& document = m_documents.emplace_back(std::move(*parsed.document));
        const Reader r(document, m_diagnostics);
        if (document.root.is_null()) {
            return; // a file of comments only adds nothing
        }
        if (!r.expect_object(document.root, "")) {
            return;
        }
        std::vector<std::string> keys = k_rule_sections;
        keys.emplace_back("complete");
        r.check_keys(document.root, "", keys);
        if (r.boolean(document.root, "", "complete", Required::no).value_or(false)) {
            m_lists.clear();
            m_maps.clear();
            m_stages.reset();
        }
        for (const auto& [key, value] : document.root.items()) {
            if (std::find(k_id_sections.begin(), k_id_sections.end(), key) != k_id_sections.end()) {
                merge_list(r, document, key, value);
            } else if (std::find(k_map_sections.begin(), k_map_sections.end(), key) != k_map_sections.end()) {
                merge_map(r, document, key, value);
            } else if (key == "stages") {
                m_stages = std::make_pair(value, Origin{&document, key});
            }
        }
    }

    // The merged rules as one tree, and the origin of each section, entry and field in it.
    json build(std::map<std::string, Origin, std::less<>>& origins) const
    {
        json root = json::object();
        if (m_stages) {
            root["stages"] = m_stages->first;
            origins["stages"] = m_stages->second;
        }
        for (const auto& [section, map] : m_maps) {
            root[section] = map.node;
            origins[section] = map.origin;
            for (const auto& [key, origin] : map.fields) {
                origins[join_path(section, key)] = origin;
            }
        }
        for (const auto& [section, entries] : m_lists) {
            json list = json::array();
            for (std::size_t i = 0; i < entries.size(); ++i) {
                const std::string path = join_path(section, i);
                origins[path] = entries[i].origin;
                for (const auto& [key, origin] : entries[i].fields) {
                    origins[join_path(path, key)] = origin;
                }
                list.push_back(entries[i].node);
            }
            root[section] = std::move(list);
        }
        return root;
    }

private:
    struct Entry {
        std::string id;
        json node;
        Origin origin;                        // where the entry was last given
        std::map<std::string, Origin> fields; // where each field was last given
    };

    struct Map {
        json node = json::object();
        Origin origin;
        std::map<std::string, Origin> fields;
    };

    void merge_list(const Reader& r, const Document& document, const std::string& section, const json& value)
    {
        if (!r.expect_array(value, section)) {
            return;
        }
        std::vector<Entry>& entries = m_lists[section];
        std::set<std::string> seen; // ids given by this document
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string path = join_path(section, i);
            const json& node = value[i];
            if (!r.expect_object(node, path)) {
                continue;
            }
            auto id = r.string(node, path, "id", Required::yes);
            if (!id) {
                continue;
            }
            if (!seen.insert(*id).second) {
                r.error(join_path(path, "id"), fmt::format("duplicate id '{}'", *id));
                continue;
            }
            auto existing = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.id == *id; });
            const bool remove =
                node.contains("remove") && r.boolean(node, path, "remove", Required::no).value_or(false);
            if (remove) {
                if (node.size() != 2) {
                    r.error(path, fmt::format("an entry that removes '{}' takes no other keys", *id));
                } else if (existing == entries.end()) {
                    r.error(join_path(path, "id"),
                            fmt::format("cannot remove '{}': no earlier rules define it in {}", *id, section));
                } else {
                    entries.erase(existing);
                }
                continue;
            }
            if (existing == entries.end()) {
                entries.push_back(Entry{*id, json::object(), {}, {}});
                existing = std::prev(entries.end());
            }
            existing->origin = Origin{&document, path};
            for (const auto& [key, field] : node.items()) {
                if (key == "remove") {
                    continue; // `remove: false` changes nothing
                }
                existing->node[key] = field;
                existing->fields[key] = Origin{&document, join_path(path, key)};
            }
        }
    }

    void merge_map(const Reader& r, const Document& document, const std::string& section, const json& value)
    {
        if (!r.expect_object(value, section)) {
            return;
        }
        Map& map = m_maps[section];
        map.origin = Origin{&document, section};
        for (const auto& [key, field] : value.items()) {
            map.node[key] = field;
            map.fields[key] = Origin{&document, join_path(section, key)};
        }
    }

    std::vector<Diagnostic>& m_diagnostics;
    std::deque<Document> m_documents; // a deque keeps Origin pointers valid as files are added
    std::map<std::string, std::vector<Entry>> m_lists;
    std::map<std::string, Map> m_maps;
    std::optional<std::pair<json, Origin>> m_stages;
};

// Locates a path of the merged rules in the file and at the path that wrote it.
Diagnostic diagnose_merged(const std::map<std::string, Origin, std::less<>>& origins, std::string_view path,
                           std::string message)
{
    std::string prefix(path);
    while (true) {
        auto found = origins.find(prefix);
        if (found != origins.end()) {
            const Origin& origin = found->second;
            return origin.document->diagnose(origin.path + std::string(path.substr(prefix.size())), std::move(message));
        }
        const std::size_t cut = prefix.find_last_of(".[");
        if (prefix.empty() || cut == std::string::npos) {
            return Diagnostic{"<rules>", {}, std::string(path), std::move(message), {}};
        }
        prefix.resize(cut);
    }
}

const char* kind_name(Question::Kind kind)
{
    switch (kind) {
    case Question::Kind::boolean:
        return "bool";
    case Question::Kind::count:
        return "count";
    case Question::Kind::percent:
        return "percent";
    case Question::Kind::choice:
        return "choice";
    }
    return "bool";
}

class Loader {
public:
    Loader(const json& root, DiagnoseFn diagnose, std::vector<Diagnostic>& diagnostics)
        : m_root(root), m_reader(std::move(diagnose), diagnostics)
    {
    }

    Rules finish()
    {
        load_approaches();
        load_stages();
        load_questions();
        load_thresholds();
        load_lexicons();
        load_negation();
        load_numbers();
        load_amounts();
        load_spelling();
        define_facts();
        load_base_scores();
        load_inferences();
        load_decisions();
        load_pitfalls();
        load_tiers();
        load_upkeep();
        load_prices();
        load_training();
        load_scenarios();
        load_plans();
        check_questions_used();
        check_verdicts_reachable();
        m_rules.description_reader = std::make_shared<const DescriptionReader>(
            m_rules.lexicons, m_rules.negation, m_rules.numbers, m_rules.amounts, m_rules.spelling);
        return std::move(m_rules);
    }

private:
    const Reader& reader(const Item&) const { return m_reader; }

    // A question no condition or message reads cannot change anything; it is most likely a
    // rule that was removed or renamed.
    void check_questions_used()
    {
        for (std::size_t i = 0; i < m_rules.questions.size(); ++i) {
            const std::string& id = m_rules.questions[i].id;
            if (m_used_facts.count("answers." + id) == 0) {
                m_reader.error(join_path(join_path("questions", i), "id"),
                               fmt::format("question '{}' is not used by any rule", id));
            }
        }
    }

    // An approach can be the verdict only if it can score: through a base score, a rule's
    // points, or by coming first in the tie-break order.
    void check_verdicts_reachable()
    {
        for (std::size_t i = 1; i < m_rules.approaches.size(); ++i) {
            const std::string& id = m_rules.approaches[i].id;
            auto base = m_rules.base_scores.find(id);
            bool reachable = base != m_rules.base_scores.end() && base->second > 0;
            for (const DecisionRule& rule : m_rules.decisions) {
                auto points = rule.scores.find(id);
                reachable = reachable || (points != rule.scores.end() && points->second > 0);
            }
            if (!reachable) {
                m_reader.error(
                    join_path(join_path("approaches", i), "id"),
                    fmt::format("verdict '{}' cannot be reached: no base score or rule gives it points", id));
            }
        }
    }

    // Calls fn(item, reader, node) for each entry of a list section that is an object,
    // after reporting keys outside `keys`. Entries that are not objects are reported.
    template <typename Fn>
    void for_each_entry(const std::string& name, const std::vector<std::string>& keys, Fn fn)
    {
        for (const Item& item : section(name)) {
            const Reader r = reader(item);
            if (!r.expect_object(*item.node, item.path)) {
                continue;
            }
            r.check_keys(*item.node, item.path, keys);
            fn(item, r, *item.node);
        }
    }

    // The entries of a list section, or the one object of an object section.
    std::vector<Item> section(const std::string& name) const
    {
        std::vector<Item> items;
        auto found = m_root.find(name);
        if (found == m_root.end()) {
            return items;
        }
        if (!found->is_array()) {
            items.push_back(Item{name, &*found});
            return items;
        }
        for (std::size_t i = 0; i < found->size(); ++i) {
            items.push_back(Item{join_path(name, i), &(*found)[i]});
        }
        return items;
    }

    // Reads an entry's `id`, refusing duplicates within the section.
    std::optional<std::string> read_id(const Item& item, std::set<std::string>& seen)
    {
        const Reader r = reader(item);
        auto id = r.string(*item.node, item.path, "id", Required::yes);
        if (id && !seen.insert(*id).second) {
            r.error(join_path(item.path, "id"), fmt::format("duplicate id '{}'", *id));
            return std::nullopt;
        }
        return id;
    }

    std::vector<std::string> approach_list(const Reader& r, const json& node, const std::string& path,
                                           const std::string& key)
    {
        std::vector<std::string> out;
        const auto ids = m_rules.approach_ids();
        const auto words = r.strings(node, path, key, Required::no);
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (check_member(r, join_path(join_path(path, key), i), words[i], ids, "approach")) {
                out.push_back(words[i]);
            }
        }
        return out;
    }

    void load_approaches()
    {
        std::set<std::string> seen;
        for_each_entry("approaches", {"id", "name", "summary"},
                       [&](const Item& item, const Reader& r, const json& node) {
            auto id = read_id(item, seen);
            auto name = r.string(node, item.path, "name", Required::yes);
            auto summary = r.string(node, item.path, "summary", Required::no);
            if (id && name) {
                m_rules.approaches.push_back(Approach{*id, *name, summary.value_or("")});
            }
        });
    }

    void load_stages()
    {
        for (const Item& item : section("stages")) {
            const Reader r = reader(item);
            if (!item.node->is_string()) {
                r.error(item.path, fmt::format("expected a string, got {}", describe(*item.node)));
                continue;
            }
            m_rules.stages.push_back(item.node->get<std::string>());
        }
    }

    void load_questions()
    {
        std::set<std::string> seen;
        const std::vector<std::string> kinds = {"bool", "count", "percent", "choice"};
        for_each_entry("questions", {"id", "kind", "checklist", "text", "help", "hint", "min", "max", "choices"},
                       [&](const Item& item, const Reader& r, const json& node) {
            Question question;
            auto id = read_id(item, seen);
            auto kind = r.string(node, item.path, "kind", Required::yes);
            auto text = r.string(node, item.path, "text", Required::yes);
            if (!id || !kind || !text) {
                return;
            }
            if (!check_member(r, join_path(item.path, "kind"), *kind, kinds, "question kind")) {
                return;
            }
            question.id = *id;
            question.kind = static_cast<Question::Kind>(std::find(kinds.begin(), kinds.end(), *kind) - kinds.begin());
            question.text = *text;
            question.help = r.string(node, item.path, "help", Required::no).value_or("");
            question.hint = r.string(node, item.path, "hint", Required::no).value_or("");
            question.checklist = r.boolean(node, item.path, "checklist", Required::no).value_or(false);
            question.min = r.number(node, item.path, "min", Required::no);
            question.max = r.number(node, item.path, "max", Required::no);
            question.choices = r.strings(node, item.path, "choices",
                                         question.kind == Question::Kind::choice ? Required::yes : Required::no);
            const bool numeric = question.kind == Question::Kind::count || question.kind == Question::Kind::percent;
            if ((question.min || question.max) && !numeric) {
                r.error(item.path, fmt::format("min and max apply to count and percent questions, not {}", *kind));
            }
            if (question.min && question.max && *question.min > *question.max) {
                r.error(join_path(item.path, "min"), "min is above max");
            }
            if (!question.choices.empty() && question.kind != Question::Kind::choice) {
                r.error(join_path(item.path, "choices"), "choices apply to choice questions only");
            }
            m_rules.questions.push_back(std::move(question));
        });
    }

    void load_thresholds()
    {
        for (const Item& item : section("thresholds")) {
            const Reader r = reader(item);
            for (const auto& [name, value] : item.node->items()) {
                // A threshold with a bad value still counts as defined, so the rules that name
                // it do not each report it missing; the value's own error fails the load.
                m_rules.thresholds[name] = r.number(*item.node, item.path, name, Required::yes).value_or(0);
            }
        }
    }

    // A phrase reads as words: letters of any script, digits, and - ' & . + / between them;
    // `*` may end a word (any letters follow). Anything else is most likely a mistake. A
    // hyphen joins two parts of a word, and a phrase is looked for in every way its hyphens
    // may be written (a gap or nothing each), so a phrase has at most k_max_hyphens.
    static std::string phrase_problem(std::string_view phrase)
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

    // Long on purpose: the fields of a lexicon, each read and checked where it stands (docs/rules.md).
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    void load_lexicons()
    {
        std::set<std::string> seen;
        std::map<std::string, std::string> phrases; // signal + phrase in lower case -> where
        for_each_entry("lexicons", {"id", "signal", "negated_signal", "terms"},
                       [&](const Item& item, const Reader& r, const json& node) {
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

    void add_signal(const std::string& signal)
    {
        if (std::find(m_rules.signals.begin(), m_rules.signals.end(), signal) == m_rules.signals.end()) {
            m_rules.signals.push_back(signal);
        }
    }

    std::optional<std::string> signal_name(const Reader& r, const json& node, const std::string& path,
                                           const std::string& key, Required required) const
    {
        auto signal = r.string(node, path, key, required);
        if (signal && !is_identifier(*signal)) {
            r.error(join_path(path, key),
                    fmt::format("a signal is named with lower-case letters, digits, '-' and '_', got {}",
                                text::quote(*signal)));
            signal.reset();
        }
        return signal;
    }

    // A map of phrases to numbers (`words: {six: 6}`), each phrase checked as a lexicon's is.
    NumberWords::Valued valued(const Reader& r, const json& node, const std::string& path, const std::string& key) const
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

    // How numbers are written; entries add to one another (a language each, say).
    void load_numbers()
    {
        std::set<std::string> seen;
        for_each_entry("numbers",
                       {"id", "words", "scales", "suffixes", "fractions", "percent", "approximate", "at_least",
                        "at_most", "more_than", "less_than", "between", "range", "fillers"},
                       [&](const Item& item, const Reader& r, const json& node) {
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

    // Amounts a description may state: each feeds a signal of its own with the amount read.
    void load_amounts()
    {
        std::set<std::string> seen;
        const std::vector<std::string> kinds = {"count", "percent"};
        for_each_entry("amounts",
                       {"id", "signal", "kind", "units", "refer", "checked", "cues", "exclude", "exclude_before",
                        "not_units", "stops", "reach"},
                       [&](const Item& item, const Reader& r, const json& node) {
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
                const bool lexical =
                    std::any_of(m_rules.lexicons.begin(), m_rules.lexicons.end(),
                                [&](const Lexicon& l) { return l.signal == *signal || l.negated_signal == *signal; });
                const bool taken = std::any_of(m_rules.amounts.begin(), m_rules.amounts.end(),
                                               [&](const AmountRule& a) { return a.signal == *signal; });
                if (lexical || taken) {
                    r.error(join_path(item.path, "signal"),
                            fmt::format("signal '{}' is already fed by {}; an amount needs a signal of its own",
                                        *signal, lexical ? "a lexicon" : "another amount"));
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

    // The one object of an object section, its keys checked; nothing when the section is
    // absent or not an object (reported).
    std::optional<Item> object_section(const std::string& name, const std::vector<std::string>& keys) const
    {
        const std::vector<Item> items = section(name);
        if (items.empty() || !reader(items.front()).expect_object(*items.front().node, items.front().path)) {
            return std::nullopt;
        }
        reader(items.front()).check_keys(*items.front().node, items.front().path, keys);
        return items.front();
    }

    void load_spelling()
    {
        const std::optional<Item> section_item = object_section("spelling", {"min_length", "keep"});
        if (!section_item) {
            return;
        }
        const Item& item = *section_item;
        const Reader r = reader(item);
        if (auto length = r.number(*item.node, item.path, "min_length", Required::no)) {
            if (*length != 0 && (*length < 4 || *length > 30 || *length != std::floor(*length))) {
                r.error(join_path(item.path, "min_length"),
                        "expected 0 (no correction) or a whole number from 4 to 30");
            } else {
                m_rules.spelling.min_length = static_cast<std::size_t>(*length);
            }
        }
        m_rules.spelling.keep = r.strings(*item.node, item.path, "keep", Required::no);
    }

    static bool is_identifier(std::string_view word)
    {
        return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    }

    void load_negation()
    {
        const std::optional<Item> section_item =
            object_section("negation", {"before", "after", "pseudo", "terminators", "window"});
        if (!section_item) {
            return;
        }
        const Item& item = *section_item;
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

    void define_facts()
    {
        for (const auto& question : m_rules.questions) {
            FactInfo info{FactType::boolean, {}};
            switch (question.kind) {
            case Question::Kind::boolean:
                break;
            case Question::Kind::count:
            case Question::Kind::percent:
                info.type = FactType::number;
                break;
            case Question::Kind::choice:
                info = FactInfo{FactType::string, question.choices};
                break;
            }
            m_facts.emplace("answers." + question.id, info);
        }
        for (const std::string& signal : m_rules.signals) {
            m_facts.emplace("signals." + signal, FactInfo{FactType::number, {}});
        }
        for (const FixedFactInfo& fixed : k_fixed_facts) {
            if (fixed.fact == FixedFact::recommended) {
                continue; // only pitfalls test it (Recommended::visible)
            }
            FactInfo info{fixed.type, {}};
            if (fixed.words == FactWords::stages) {
                info.values = m_rules.stages;
            } else if (fixed.words == FactWords::approaches) {
                info.values = m_rules.approach_ids();
            }
            m_facts.emplace(std::string(fixed.name), std::move(info));
        }
        for (const auto& question : m_rules.questions) {
            m_rules.fact_names.push_back("answers." + question.id);
        }
        for (const std::string& signal : m_rules.signals) {
            m_rules.fact_names.push_back("signals." + signal);
        }
        for (const FixedFactInfo& fixed : k_fixed_facts) {
            m_rules.fact_names.emplace_back(fixed.name);
        }
    }

    // The fact's place in fact_names.
    std::uint32_t slot_of(std::string_view fact) const
    {
        const auto found = std::find(m_rules.fact_names.begin(), m_rules.fact_names.end(), fact);
        return found == m_rules.fact_names.end() ? k_no_slot
                                                 : static_cast<std::uint32_t>(found - m_rules.fact_names.begin());
    }

    void load_base_scores()
    {
        const auto ids = m_rules.approach_ids();
        for (const Item& item : section("base_scores")) {
            const Reader r = reader(item);
            for (const auto& [approach, value] : item.node->items()) {
                auto score = r.number(*item.node, item.path, approach, Required::yes);
                if (score && check_member(r, join_path(item.path, approach), approach, ids, "approach")) {
                    m_rules.base_scores[approach] = *score;
                }
            }
        }
    }

    std::optional<Condition> condition(const Reader& r, const json& node, const std::string& path,
                                       Recommended recommended)
    {
        ConditionGrammar grammar(ConditionGrammar::Facts{&m_facts, &m_rules.thresholds, m_rules.approach_ids(),
                                                         [this](std::string_view fact) { return slot_of(fact); }},
                                 m_used_facts);
        return grammar.parse(r, node, path, recommended);
    }

    // Checks the `{fact}` placeholders of a message.
    void check_message(const Reader& r, const std::string& path, const std::string& message)
    {
        std::size_t open = message.find('{');
        while (open != std::string::npos) {
            const std::size_t close = message.find('}', open);
            if (close == std::string::npos) {
                r.error(path, "a '{' has no matching '}'");
                return;
            }
            const std::string name = message.substr(open + 1, close - open - 1);
            m_used_facts.insert(name);
            const bool threshold = name.rfind("thresholds.", 0) == 0 &&
                                   m_rules.thresholds.count(name.substr(std::string("thresholds.").size())) != 0;
            if (!threshold && m_facts.count(name) == 0) {
                auto names = ConditionGrammar::names_of(m_facts, Recommended::hidden);
                for (const auto& [known, value] : m_rules.thresholds) {
                    names.push_back("thresholds." + known);
                }
                r.error(path, fmt::format("unknown placeholder '{{{}}}'{}", name, text::did_you_mean(name, names)));
            }
            open = message.find('{', close);
        }
    }

    // An inference's value: a valid answer to its question, as a spec would give it
    // (accept_answer, the one definition).
    std::optional<Value> answer_value(const Reader& r, const Question& question, const json& value,
                                      const std::string& path)
    {
        AnswerScalar scalar;
        if (value.is_boolean()) {
            scalar = AnswerScalar{AnswerScalar::Kind::boolean, value.get<bool>(), 0, {}};
        } else if (value.is_number()) {
            scalar = AnswerScalar{AnswerScalar::Kind::number, false, value.get<double>(), {}};
        } else if (value.is_string()) {
            scalar = AnswerScalar{AnswerScalar::Kind::string, false, 0, value.get_ref<const std::string&>()};
        }
        switch (answer_problem(question, scalar)) {
        case AnswerProblem::none:
            return accept_answer(question, scalar);
        case AnswerProblem::unknown_choice:
            check_member(r, path, value.get<std::string>(), question.choices, "choice");
            return std::nullopt;
        case AnswerProblem::below_min:
        case AnswerProblem::above_max:
        case AnswerProblem::not_whole:
            r.error(path,
                    fmt::format("question '{}' takes {}{}{}; got {}", question.id,
                                question.kind == Question::Kind::count ? "a whole number" : "a number",
                                answer_min(question) ? " from " + text::format_number(*answer_min(question)) : "",
                                answer_max(question) ? " up to " + text::format_number(*answer_max(question)) : "",
                                describe(value)));
            return std::nullopt;
        case AnswerProblem::wrong_type:
        case AnswerProblem::not_finite:
            break;
        }
        r.error(path,
                fmt::format("question '{}' is {}; got {}", question.id, kind_name(question.kind), describe(value)));
        return std::nullopt;
    }

    void load_inferences()
    {
        std::set<std::string> seen;
        auto targets = m_rules.question_ids();
        targets.emplace_back(k_stage_answer);
        for_each_entry("inferences", {"id", "answer", "value", "value_from", "when", "because"},
                       [&](const Item& item, const Reader& r, const json& node) {
            auto id = read_id(item, seen);
            auto answer = r.string(node, item.path, "answer", Required::yes);
            auto because = r.string(node, item.path, "because", Required::yes);
            auto value_from = r.string(node, item.path, "value_from", Required::no);
            if (node.contains("value") == value_from.has_value()) {
                r.error(item.path, value_from ? "give 'value' or 'value_from', not both"
                                              : "missing required key 'value' (or 'value_from')");
            }
            std::optional<Condition> when;
            if (value_from && !node.contains("when")) {
                // By default an inference that takes a fact's value applies when the fact is known.
                when = condition(r, json{{"fact", *value_from}, {"known", true}}, join_path(item.path, "value_from"),
                                 Recommended::hidden);
            } else {
                when = required_condition(r, item, Recommended::hidden);
            }
            if (!id || !answer || !because || !when || node.contains("value") == value_from.has_value() ||
                !check_member(r, join_path(item.path, "answer"), *answer, targets, "question (or 'stage')")) {
                return;
            }
            std::optional<Value> value;
            std::uint32_t value_slot = k_no_slot;
            if (value_from) {
                const Question* question = *answer == k_stage_answer ? nullptr : m_rules.find_question(*answer);
                const bool numeric = question != nullptr && (question->kind == Question::Kind::count ||
                                                             question->kind == Question::Kind::percent);
                value_slot = slot_of(*value_from);
                const bool amount =
                    std::any_of(m_rules.amounts.begin(), m_rules.amounts.end(),
                                [&](const AmountRule& a) { return "signals." + a.signal == *value_from; });
                if (!numeric) {
                    r.error(join_path(item.path, "value_from"),
                            "takes a number, so it answers a count or percent question only");
                } else if (!amount) {
                    r.error(join_path(item.path, "value_from"),
                            fmt::format("expected the signal of an amount (signals.<signal of `amounts`), got {}",
                                        text::quote(*value_from)));
                } else {
                    value = Value(0.0);
                    m_used_facts.insert(*value_from);
                }
            } else if (*answer == k_stage_answer) {
                const json& word = node.at("value");
                if (!word.is_string()) {
                    r.error(join_path(item.path, "value"), "expected a stage");
                } else if (check_member(r, join_path(item.path, "value"), word.get<std::string>(), m_rules.stages,
                                        "stage")) {
                    value = Value(word.get<std::string>());
                }
            } else {
                value =
                    answer_value(r, *m_rules.find_question(*answer), node.at("value"), join_path(item.path, "value"));
            }
            if (value) {
                const std::uint32_t slot =
                    slot_of(*answer == k_stage_answer ? std::string("spec.stage") : "answers." + *answer);
                m_rules.inferences.push_back(InferenceRule{*id, *answer, *value, std::move(*when), *because, slot,
                                                           value_from.value_or(""), value_slot});
            }
        });
    }

    std::optional<Condition> required_condition(const Reader& r, const Item& item, Recommended recommended)
    {
        if (!item.node->contains("when")) {
            r.error(item.path, "missing required key 'when'");
            return std::nullopt;
        }
        return condition(r, item.node->at("when"), join_path(item.path, "when"), recommended);
    }

    void load_decisions()
    {
        std::set<std::string> seen;
        const auto questions = m_rules.question_ids();
        const auto approaches = m_rules.approach_ids();
        for_each_entry("rules", {"id", "question", "when", "scores", "exclude", "also", "flags", "reason"},
                       [&](const Item& item, const Reader& r, const json& node) {
            DecisionRule rule;
            auto id = read_id(item, seen);
            auto reason = r.string(node, item.path, "reason", Required::yes);
            auto when = required_condition(r, item, Recommended::hidden);
            if (auto question = r.string(node, item.path, "question", Required::no)) {
                if (check_member(r, join_path(item.path, "question"), *question, questions, "question")) {
                    rule.question = *question;
                }
            }
            if (node.contains("scores") && r.expect_object(node.at("scores"), join_path(item.path, "scores"))) {
                const std::string scores_path = join_path(item.path, "scores");
                for (const auto& [approach, value] : node.at("scores").items()) {
                    auto points = r.number(node.at("scores"), scores_path, approach, Required::yes);
                    if (points && check_member(r, join_path(scores_path, approach), approach, approaches, "approach")) {
                        rule.scores[approach] = *points;
                    }
                }
            }
            rule.exclude = approach_list(r, node, item.path, "exclude");
            rule.also = approach_list(r, node, item.path, "also");
            rule.flags = r.strings(node, item.path, "flags", Required::no);
            if (reason) {
                check_message(r, join_path(item.path, "reason"), *reason);
            }
            if (!id || !reason || !when) {
                return;
            }
            rule.id = *id;
            rule.when = std::move(*when);
            rule.reason = *reason;
            m_rules.decisions.push_back(std::move(rule));
        });
    }

    void load_pitfalls()
    {
        std::set<std::string> seen;
        const std::vector<std::string> severities = {"error", "warning", "info"};
        for_each_entry("pitfalls", {"id", "name", "summary", "applies_to", "cases"},
                       [&](const Item& item, const Reader& r, const json& node) {
            Pitfall pitfall;
            auto id = read_id(item, seen);
            if (id && (*id == k_approach_mismatch || *id == k_over_budget || *id == k_invalid_waiver)) {
                r.error(join_path(item.path, "id"),
                        fmt::format("'{}' is the id of a finding of 'ftadvisor check'; choose another", *id));
                id.reset();
            }
            auto name = r.string(node, item.path, "name", Required::yes);
            pitfall.summary = r.string(node, item.path, "summary", Required::no).value_or("");
            pitfall.applies_to = approach_list(r, node, item.path, "applies_to");
            const std::string cases_path = join_path(item.path, "cases");
            if (!node.contains("cases")) {
                r.error(item.path, "missing required key 'cases'");
                return;
            }
            if (!r.expect_array(node.at("cases"), cases_path)) {
                return;
            }
            for (std::size_t i = 0; i < node.at("cases").size(); ++i) {
                const Item entry{join_path(cases_path, i), &node.at("cases")[i]};
                if (!r.expect_object(*entry.node, entry.path)) {
                    continue;
                }
                r.check_keys(*entry.node, entry.path, {"when", "severity", "message"});
                auto when = required_condition(r, entry, Recommended::visible);
                auto severity = r.string(*entry.node, entry.path, "severity", Required::yes);
                auto message = r.string(*entry.node, entry.path, "message", Required::yes);
                if (message) {
                    check_message(r, join_path(entry.path, "message"), *message);
                }
                if (!when || !severity || !message ||
                    !check_member(r, join_path(entry.path, "severity"), *severity, severities, "severity")) {
                    continue;
                }
                const auto level = static_cast<Severity>(std::find(severities.begin(), severities.end(), *severity) -
                                                         severities.begin());
                pitfall.cases.push_back(PitfallCase{std::move(*when), level, *message});
            }
            if (id && name) {
                pitfall.id = *id;
                pitfall.name = *name;
                m_rules.pitfalls.push_back(std::move(pitfall));
            }
        });
    }

    void load_tiers()
    {
        std::set<std::string> seen;
        std::vector<std::pair<Tier, Item>> loaded;
        for_each_entry("tiers", {"id", "name", "min_examples", "max_examples", "cost_usd", "open_ended", "hours"},
                       [&](const Item& item, const Reader& r, const json& node) {
            auto id = read_id(item, seen);
            auto name = r.string(node, item.path, "name", Required::yes);
            auto min = r.number(node, item.path, "min_examples", Required::yes);
            auto max = r.number(node, item.path, "max_examples", Required::no);
            auto cost = r.range(node, item.path, "cost_usd", Required::yes);
            auto hours = r.range(node, item.path, "hours", Required::yes);
            auto open_ended = r.boolean(node, item.path, "open_ended", Required::no);
            if (min && max && *min >= *max) {
                r.error(join_path(item.path, "max_examples"), "max_examples must be above min_examples");
                return;
            }
            // A tier with a bad range is still placed, so that it does not also show up as a
            // gap; its range problem is already reported.
            if (id && name && min) {
                loaded.emplace_back(Tier{*id, *name, *min, max, cost.value_or(Range{}), open_ended.value_or(false),
                                         hours.value_or(Range{})},
                                    item);
            }
        });
        std::stable_sort(loaded.begin(), loaded.end(),
                         [](const auto& a, const auto& b) { return a.first.min_examples < b.first.min_examples; });
        for (std::size_t i = 0; i + 1 < loaded.size(); ++i) {
            const Tier& tier = loaded[i].first;
            const Tier& next = loaded[i + 1].first;
            const Reader r = reader(loaded[i + 1].second);
            const double end = tier.max_examples.value_or(std::numeric_limits<double>::infinity());
            if (end > next.min_examples) {
                r.error(join_path(loaded[i + 1].second.path, "min_examples"),
                        fmt::format("tiers '{}' and '{}' overlap: '{}' ends at {} but '{}' starts at {}", tier.id,
                                    next.id, tier.id, tier.max_examples ? text::format_number(end) : "no limit",
                                    next.id, text::format_number(next.min_examples)));
            } else if (end < next.min_examples) {
                r.error(join_path(loaded[i + 1].second.path, "min_examples"),
                        fmt::format("gap between tiers '{}' and '{}': no tier covers {} to {} examples", tier.id,
                                    next.id, text::format_number(end), text::format_number(next.min_examples)));
            }
        }
        if (!loaded.empty() && loaded.back().first.max_examples) {
            const Reader r = reader(loaded.back().second);
            r.error(
                join_path(loaded.back().second.path, "max_examples"),
                fmt::format("gap above tier '{}': the last tier must have no max_examples", loaded.back().first.id));
        }
        for (auto& [tier, item] : loaded) {
            m_rules.tiers.push_back(std::move(tier));
        }
    }

    void load_upkeep()
    {
        const auto& items = section("upkeep");
        if (items.size() > 1) {
            reader(items[1]).error("upkeep", "upkeep is defined more than once");
        }
        if (items.empty()) {
            return;
        }
        const Item& item = items.front();
        const Reader r = reader(item);
        r.check_keys(*item.node, item.path, {"retrain_every_months", "retrain_cost_share"});
        if (auto months = r.range(*item.node, item.path, "retrain_every_months", Required::yes)) {
            if (months->low <= 0) {
                r.error(join_path(item.path, "retrain_every_months.low"), "must be above 0");
            } else {
                m_rules.upkeep.retrain_every_months = *months;
            }
        }
        if (auto share = r.number(*item.node, item.path, "retrain_cost_share", Required::yes)) {
            if (*share < 0) {
                r.error(join_path(item.path, "retrain_cost_share"), "must be 0 or more");
            } else {
                m_rules.upkeep.retrain_cost_share = *share;
            }
        }
    }

    void load_prices()
    {
        std::set<std::string> seen;
        for_each_entry("prices", {"id", "provider", "model", "usd_per_million_tokens", "source", "read"},
                       [&](const Item& item, const Reader& r, const json& node) {
            auto id = read_id(item, seen);
            auto provider = r.string(node, item.path, "provider", Required::yes);
            auto model = r.string(node, item.path, "model", Required::yes);
            auto price = r.number(node, item.path, "usd_per_million_tokens", Required::yes);
            auto source = r.string(node, item.path, "source", Required::yes);
            auto read = r.string(node, item.path, "read", Required::yes);
            if (price && *price < 0) {
                r.error(join_path(item.path, "usd_per_million_tokens"), "must be 0 or more");
                return;
            }
            if (read && !valid_date(*read)) {
                r.error(join_path(item.path, "read"), fmt::format("expected the date the price was read, as "
                                                                  "YYYY-MM-DD; got '{}'",
                                                                  *read));
                return;
            }
            if (id && provider && model && price && source && read) {
                m_rules.prices.push_back(TrainingPrice{*id, *provider, *model, *price, *source, *read});
            }
        });
    }

    // Long on purpose: the fields of the training section, each read and checked where it stands (docs/rules.md).
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    void load_training()
    {
        const auto& items = section("training");
        if (items.empty()) {
            return;
        }
        const Item& item = items.front();
        const Reader r = reader(item);
        const json& node = *item.node;
        r.check_keys(node, item.path, {"max_example_tokens", "epochs", "price_max_age_months", "self_hosted"});
        Training training;
        bool ok = true;
        auto positive = [&](const json& object, const std::string& path, const std::string& key, double& out) {
            if (auto value = r.number(object, path, key, Required::yes)) {
                if (*value <= 0) {
                    r.error(join_path(path, key), "must be above 0");
                    ok = false;
                } else {
                    out = *value;
                }
            } else {
                ok = false;
            }
        };
        positive(node, item.path, "max_example_tokens", training.max_example_tokens);
        positive(node, item.path, "price_max_age_months", training.price_max_age_months);
        const std::string epochs_path = join_path(item.path, "epochs");
        const auto epochs = node.find("epochs");
        if (epochs == node.end()) {
            r.error(epochs_path, "missing: the epoch rule (target, min, max, min_examples_x_epochs, "
                                 "max_examples_x_epochs)");
            ok = false;
        } else if (r.expect_object(*epochs, epochs_path)) {
            r.check_keys(*epochs, epochs_path,
                         {"target", "min", "max", "min_examples_x_epochs", "max_examples_x_epochs"});
            EpochRule& rule = training.epochs;
            positive(*epochs, epochs_path, "target", rule.target);
            positive(*epochs, epochs_path, "min", rule.min);
            positive(*epochs, epochs_path, "max", rule.max);
            positive(*epochs, epochs_path, "min_examples_x_epochs", rule.min_examples_x_epochs);
            positive(*epochs, epochs_path, "max_examples_x_epochs", rule.max_examples_x_epochs);
            if (ok && (rule.min > rule.target || rule.target > rule.max)) {
                r.error(join_path(epochs_path, "target"), "must lie within [min, max]");
                ok = false;
            }
            if (ok && rule.min_examples_x_epochs > rule.max_examples_x_epochs) {
                r.error(join_path(epochs_path, "max_examples_x_epochs"), "must be at least min_examples_x_epochs");
                ok = false;
            }
        } else {
            ok = false;
        }
        const std::string hosting_path = join_path(item.path, "self_hosted");
        const auto hosting = node.find("self_hosted");
        if (hosting == node.end()) {
            r.error(hosting_path, "missing: how training on your own GPUs is priced");
            ok = false;
        } else if (r.expect_object(*hosting, hosting_path)) {
            r.check_keys(*hosting, hosting_path,
                         {"params_billion", "flops_per_param_token", "gpu", "gpu_peak_tflops", "utilisation",
                          "usd_per_gpu_hour"});
            SelfHosting& self = training.self_hosted;
            const auto sizes = hosting->find("params_billion");
            if (sizes == hosting->end() || !sizes->is_array() || sizes->empty() ||
                !std::all_of(sizes->begin(), sizes->end(),
                             [](const json& size) { return is_finite_number(size) && size.get<double>() > 0; })) {
                r.error(join_path(hosting_path, "params_billion"),
                        "expected a list of model sizes in billions of parameters, each above 0");
                ok = false;
            } else {
                for (const json& size : *sizes) {
                    self.params_billion.push_back(size.get<double>());
                }
            }
            positive(*hosting, hosting_path, "flops_per_param_token", self.flops_per_param_token);
            positive(*hosting, hosting_path, "gpu_peak_tflops", self.gpu_peak_tflops);
            if (auto gpu = r.string(*hosting, hosting_path, "gpu", Required::yes)) {
                self.gpu = *gpu;
            } else {
                ok = false;
            }
            auto utilisation = r.range(*hosting, hosting_path, "utilisation", Required::yes);
            auto price = r.range(*hosting, hosting_path, "usd_per_gpu_hour", Required::yes);
            if (utilisation && (utilisation->low <= 0 || utilisation->high > 1)) {
                r.error(join_path(hosting_path, "utilisation"), "must lie in (0, 1]");
                ok = false;
            } else if (utilisation) {
                self.utilisation = *utilisation;
            }
            if (price && price->low < 0) {
                r.error(join_path(hosting_path, "usd_per_gpu_hour.low"), "must be 0 or more");
                ok = false;
            } else if (price) {
                self.usd_per_gpu_hour = *price;
            }
            ok = ok && utilisation && price;
        } else {
            ok = false;
        }
        if (ok) {
            m_rules.training = std::move(training);
        }
    }

    void load_scenarios()
    {
        std::set<std::string> seen;
        const auto approaches = m_rules.approach_ids();
        for_each_entry("scenarios",
                       {"id", "pays", "name", "when", "use_case", "why", "data_sources", "impact", "examples",
                        "investment_usd", "benefit", "improvement_pct", "better_approach"},
                       [&](const Item& item, const Reader& r, const json& node) {
            Scenario scenario;
            auto id = read_id(item, seen);
            auto pays = r.boolean(node, item.path, "pays", Required::yes);
            auto name = r.string(node, item.path, "name", Required::yes);
            auto when = required_condition(r, item, Recommended::hidden);
            scenario.use_case = r.string(node, item.path, "use_case", Required::no).value_or("");
            scenario.why = r.string(node, item.path, "why", Required::no).value_or("");
            scenario.data_sources = r.strings(node, item.path, "data_sources", Required::no);
            scenario.impact = r.strings(node, item.path, "impact", Required::no);
            scenario.examples = r.strings(node, item.path, "examples", Required::no);
            scenario.investment_usd = r.range(node, item.path, "investment_usd", Required::no);
            scenario.benefit = r.string(node, item.path, "benefit", Required::no).value_or("");
            scenario.improvement_pct = r.range(node, item.path, "improvement_pct", Required::no);
            if (auto better = r.string(node, item.path, "better_approach", Required::no)) {
                if (check_member(r, join_path(item.path, "better_approach"), *better, approaches, "approach")) {
                    scenario.better_approach = *better;
                }
            }
            if (id && pays && name && when) {
                scenario.id = *id;
                scenario.pays = *pays;
                scenario.name = *name;
                scenario.when = std::move(*when);
                m_rules.scenarios.push_back(std::move(scenario));
            }
        });
    }

    void load_plans()
    {
        std::set<std::string> seen;
        const auto approaches = m_rules.approach_ids();
        for_each_entry("plans", {"id", "approach", "when", "title", "steps"},
                       [&](const Item& item, const Reader& r, const json& node) {
            Plan plan;
            auto id = read_id(item, seen);
            auto approach = r.string(node, item.path, "approach", Required::yes);
            auto title = r.string(node, item.path, "title", Required::yes);
            if (node.contains("when")) {
                plan.when = condition(r, node.at("when"), join_path(item.path, "when"), Recommended::hidden);
            }
            const std::string steps_path = join_path(item.path, "steps");
            if (!node.contains("steps")) {
                r.error(item.path, "missing required key 'steps'");
            } else if (r.expect_array(node.at("steps"), steps_path)) {
                for (std::size_t i = 0; i < node.at("steps").size(); ++i) {
                    const std::string step_path = join_path(steps_path, i);
                    const json& step = node.at("steps")[i];
                    if (!r.expect_object(step, step_path)) {
                        continue;
                    }
                    r.check_keys(step, step_path, {"weeks", "text"});
                    PlanStep out;
                    auto text = r.string(step, step_path, "text", Required::yes);
                    if (step.contains("weeks") && r.expect_object(step.at("weeks"), join_path(step_path, "weeks"))) {
                        const std::string weeks_path = join_path(step_path, "weeks");
                        r.check_keys(step.at("weeks"), weeks_path, {"low", "high"});
                        out.week_from = r.number(step.at("weeks"), weeks_path, "low", Required::yes);
                        out.week_to = r.number(step.at("weeks"), weeks_path, "high", Required::no);
                        if (out.week_from && out.week_to && *out.week_from > *out.week_to) {
                            r.error(weeks_path, "low is above high");
                        }
                    }
                    if (text) {
                        out.text = *text;
                        plan.steps.push_back(std::move(out));
                    }
                }
            }
            if (id && approach && title &&
                check_member(r, join_path(item.path, "approach"), *approach, approaches, "approach")) {
                plan.id = *id;
                plan.approach = *approach;
                plan.title = *title;
                m_rules.plans.push_back(std::move(plan));
            }
        });
    }

    const json& m_root;
    Reader m_reader;
    std::map<std::string, FactInfo> m_facts;
    std::set<std::string> m_used_facts; // facts read by a condition or a message
    Rules m_rules;
};

} // namespace

const char* severity_name(Severity severity)
{
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::info:
        return "info";
    }
    return "info";
}

namespace {

template <typename Entry>
std::vector<std::string> ids_of(const std::vector<Entry>& entries)
{
    std::vector<std::string> ids;
    ids.reserve(entries.size());
    for (const auto& entry : entries) {
        ids.push_back(entry.id);
    }
    return ids;
}

} // namespace

std::vector<std::string> Rules::approach_ids() const
{
    return ids_of(approaches);
}

std::vector<std::string> Rules::question_ids() const
{
    return ids_of(questions);
}

std::vector<std::string> Rules::pitfall_ids() const
{
    return ids_of(pitfalls);
}

const Question* Rules::find_question(std::string_view id) const
{
    auto found = std::find_if(questions.begin(), questions.end(), [&](const Question& q) { return q.id == id; });
    return found == questions.end() ? nullptr : &*found;
}

bool Pitfall::concerns(std::string_view approach) const
{
    return applies_to.empty() || std::find(applies_to.begin(), applies_to.end(), approach) != applies_to.end();
}

const Pitfall* Rules::find_pitfall(std::string_view id) const
{
    auto found = std::find_if(pitfalls.begin(), pitfalls.end(), [&](const Pitfall& p) { return p.id == id; });
    return found == pitfalls.end() ? nullptr : &*found;
}

const Approach* Rules::find_approach(std::string_view id) const
{
    auto found = std::find_if(approaches.begin(), approaches.end(), [&](const Approach& a) { return a.id == id; });
    return found == approaches.end() ? nullptr : &*found;
}

RulesResult load_rules(const std::vector<RuleSource>& sources)
{
    RulesResult result;
    Merger merger(result.diagnostics);
    for (const auto& source : sources) {
        merger.add(source);
    }
    std::map<std::string, Origin, std::less<>> origins;
    const json root = merger.build(origins);
    Loader loader(
        root,
        [&origins](std::string_view path, std::string message) {
        return diagnose_merged(origins, path, std::move(message));
        },
        result.diagnostics);
    Rules rules = loader.finish();
    rules.merged = std::make_shared<const MergedRules>(MergedRules{root});

    std::vector<std::string> files;
    for (const auto& source : sources) {
        files.push_back(source.name);
    }
    sort_diagnostics(result.diagnostics, files);
    limit_diagnostics(result.diagnostics);
    if (rules.approaches.empty() && result.diagnostics.empty()) {
        result.diagnostics.push_back(Diagnostic{"<rules>", {}, {}, "the rules define no approaches", {}});
    }
    if (result.diagnostics.empty()) {
        result.rules = std::move(rules);
    }
    return result;
}

RuleSourcesResult read_rule_sources(const std::vector<std::string>& paths, const FileSystem& files,
                                    const ReadLimits& limits)
{
    RuleSourcesResult result;
    auto add_file = [&](const std::string& path) {
        FileText file = files.read_file(path, limits.max_document_bytes);
        if (file.text) {
            result.sources.push_back(RuleSource{path, std::move(*file.text)});
        } else {
            result.diagnostics.push_back(*file.error);
        }
    };
    for (const auto& path : paths) {
        if (files.kind(path) != PathKind::folder) {
            add_file(path);
            continue;
        }
        FolderListing listing = files.list(path, {".yaml", ".yml"}, Recursive::no);
        if (listing.error) {
            result.diagnostics.push_back(std::move(*listing.error));
            continue;
        }
        if (listing.files.empty()) {
            result.diagnostics.push_back(Diagnostic{path, {}, {}, "the folder holds no .yaml or .yml files", {}});
        }
        for (const FolderFile& file : listing.files) {
            if (file.link) {
                result.diagnostics.push_back(Diagnostic{file.path, {}, {}, k_link_in_folder, {}});
            } else {
                add_file(file.path);
            }
        }
    }
    return result;
}

const Rules& default_rules()
{
    static const Rules rules = [] {
        RulesResult result = load_rules(embedded_rule_sources());
        if (!result.rules) {
            std::string message = "the embedded rules do not load:\n";
            for (const auto& diagnostic : result.diagnostics) {
                message += format_diagnostic(diagnostic);
            }
            throw Error(message);
        }
        return std::move(*result.rules);
    }();
    return rules;
}

} // namespace ftadvisor
