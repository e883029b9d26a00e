#pragma once

#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftadvisor {

// The facts a spec's evaluation reads, by name: `answers.<question>`, `spec.<field>`,
// `recommended`. A handful per spec, so a flat list searched in order beats a tree. Names are
// not copied: each must outlive the facts (the spec's and the rules' strings do).
class Facts {
public:
    Facts() = default;
    Facts(std::initializer_list<std::pair<std::string_view, Value>> entries);

    // The fact's value, or nothing when it is not set.
    const Value* find(std::string_view name) const;

    // Sets `answers.<question>`.
    void set_answer(std::string_view question, Value value) { set(m_answers, question, std::move(value)); }
    const Value* answer(std::string_view question) const { return find(m_answers, question); }

    // Sets `signals.<signal>`.
    void set_signal(std::string_view signal, double value) { set(m_signals, signal, Value(value)); }

    // Sets any other fact.
    void set(std::string_view name, Value value) { set(m_others, name, std::move(value)); }

private:
    using Entries = std::vector<std::pair<std::string_view, Value>>;
    static const Value* find(const Entries& entries, std::string_view name);
    static void set(Entries& entries, std::string_view name, Value value);

    Entries m_answers; // keyed by question id
    Entries m_signals; // keyed by signal id
    Entries m_others;  // keyed by the whole name
};

// Evaluates a condition in three-valued logic: a test on an unknown fact is unknown; `all`
// is false if any child is false, `any` true if any child is true, `not` keeps unknown.
Truth evaluate_condition(const Condition& condition, const Facts& facts);

// The facts a condition reads, each once, in the order they first appear.
void condition_facts(const Condition& condition, std::vector<std::string_view>& out);

// Fills `{fact}` placeholders in a rules message from the facts and the thresholds
// (`{thresholds.name}`). Unknown facts read "unknown".
std::string expand_message(std::string_view message, const Facts& facts, const Rules& rules);

} // namespace ftadvisor
