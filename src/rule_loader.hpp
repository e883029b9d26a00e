#pragma once

#include "condition_grammar.hpp"
#include "ftadvisor/rules.hpp"
#include "reader.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// One entry of a section of the merged rules: its path there and its node.
struct SectionEntry {
    std::string path;
    const nlohmann::json* node;
};

// Reads the merged rules tree (rule_merge) into typed Rules, reporting every problem at its
// path through the Reader; finish() loads the sections in the order they depend on one
// another. Its sections are read in three files: rules_checklist.cpp (approaches, stages,
// questions, thresholds, facts and conditions), rules_lexicons.cpp (what the description
// reader looks for) and rules_advice.cpp (scores, inferences, rules, pitfalls, tiers, upkeep,
// training, scenarios, plans), rules_routes.cpp (the routes); rules.cpp has finish() and the checks across them.
class RulesLoader {
public:
    RulesLoader(const nlohmann::json& root, DiagnoseFn diagnose, std::vector<Diagnostic>& diagnostics)
        : m_root(root), m_reader(std::move(diagnose), diagnostics)
    {
    }

    Rules finish();

private:
    const Reader& reader(const SectionEntry&) const { return m_reader; }

    // A question no condition or message reads cannot change anything; it is most likely a
    // rule that was removed or renamed.
    void check_questions_used();

    // An approach can be the verdict only if it can score: through a base score, a rule's
    // points, or by coming first in the tie-break order.
    void check_verdicts_reachable();

    // Calls fn(item, reader, node) for each entry of a list section that is an object,
    // after reporting keys outside `keys`. Entries that are not objects are reported.
    template <typename Fn>
    void for_each_entry(const std::string& name, const std::vector<std::string>& keys, Fn fn)
    {
        for (const SectionEntry& item : section(name)) {
            const Reader r = reader(item);
            if (!r.expect_object(*item.node, item.path)) {
                continue;
            }
            r.check_keys(*item.node, item.path, keys);
            fn(item, r, *item.node);
        }
    }

    // The entries of a list section, or the one object of an object section.
    std::vector<SectionEntry> section(const std::string& name) const;

    // Reads an entry's `id`, refusing duplicates within the section.
    std::optional<std::string> read_id(const SectionEntry& item, std::set<std::string>& seen);

    std::vector<std::string> approach_list(const Reader& r, const nlohmann::json& node, const std::string& path,
                                           const std::string& key);

    void load_approaches();

    void load_stages();

    void load_questions();

    void load_thresholds();

    // A question's `change`: the words a report uses for a change of its answer.
    void read_change(const Reader& r, const nlohmann::json& node, const std::string& path, Question& question);

    // A phrase reads as words: letters of any script, digits, and - ' & . + / between them;
    // `*` may end a word (any letters follow). Anything else is most likely a mistake. A
    // hyphen joins two parts of a word, and a phrase is looked for in every way its hyphens
    // may be written (a gap or nothing each), so a phrase has at most k_max_hyphens.
    static std::string phrase_problem(std::string_view phrase);

    // The most characters the phrase reader's trie may hold for all the lexicons' phrases
    // of ASCII characters, each phrase counted once for each way its hyphens are written:
    // about 180 MiB of table (docs/security.md). The built-in lexicons spell about 15,000.
    static constexpr std::size_t k_most_spelled = std::size_t{1} << 20;

    // Adds a phrase's characters to `spelled`, and reports the phrase that passes k_most_spelled.
    static void count_spelled(const Reader& r, const std::string& path, std::string_view phrase, std::size_t& spelled);

    void load_lexicons();

    void add_signal(const std::string& signal);

    std::optional<std::string> signal_name(const Reader& r, const nlohmann::json& node, const std::string& path,
                                           const std::string& key, Required required) const;

    // A map of phrases to numbers (`words: {six: 6}`), each phrase checked as a lexicon's is.
    NumberWords::Valued valued(const Reader& r, const nlohmann::json& node, const std::string& path,
                               const std::string& key) const;

    // How numbers are written; entries add to one another (a language each, say).
    void load_numbers();

    // Amounts a description may state: each feeds a signal of its own with the amount read.
    void load_amounts();

    // The one object of an object section, its keys checked; nothing when the section is
    // absent or not an object (reported).
    std::optional<SectionEntry> object_section(const std::string& name, const std::vector<std::string>& keys) const;

    void load_spelling();

    void load_negation();

    void define_facts();

    // The fact's place in fact_names.
    std::uint32_t slot_of(std::string_view fact) const;

    void load_base_scores();

    std::optional<Condition> condition(const Reader& r, const nlohmann::json& node, const std::string& path,
                                       Recommended recommended);

    // Checks the `{fact}` placeholders of a message.
    // `recommended`: whether the facts known only after the verdict may stand in it (a pitfall's).
    void check_message(const Reader& r, const std::string& path, const std::string& message, Recommended recommended);

    // An inference's value: a valid answer to its question, as a spec would give it
    // (accept_answer, the one definition).
    std::optional<Value> answer_value(const Reader& r, const Question& question, const nlohmann::json& value,
                                      const std::string& path);

    void load_inferences();

    std::optional<Condition> required_condition(const Reader& r, const SectionEntry& item, Recommended recommended);

    void load_decisions();

    void load_pitfalls();

    void load_tiers();

    void load_upkeep();

    // The catalogue of fine-tuning routes (rules_routes.cpp).
    void load_routes();

    void load_training();

    // What a waiver may do (check's policy over waivers, docs/ci.md).
    void load_waiver_policy();

    void load_scenarios();

    void load_plans();

    // A plan's steps, each checked against the one before it.
    std::vector<PlanStep> plan_steps(const Reader& r, const nlohmann::json& node, const std::string& path);

    // Every approach has a plan without `when`: every verdict gets a timeline.
    void check_every_verdict_planned();

    const nlohmann::json& m_root;
    Reader m_reader;
    std::map<std::string, FactInfo> m_facts;
    std::set<std::string> m_used_facts; // facts read by a condition or a message
    std::set<std::string> m_signal_set; // the signals of m_rules.signals, for add_signal
    Rules m_rules;
};

} // namespace ftadvisor
