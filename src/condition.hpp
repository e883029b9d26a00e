#pragma once

#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftadvisor {

// The facts a spec's evaluation reads: `answers.<question>`, `signals.<signal>`, `spec.<field>`,
// `dataset.<count>`, `recommended`. Each has a slot, its place in the rules' fact_names, where
// a loaded condition finds it without a search; a name is looked up only for a message's
// placeholder or a condition made by hand.
class Facts {
public:
    // No fact set yet, in the slots of the rules' fact_names; the rules must outlive it.
    explicit Facts(const Rules& rules);
    // The facts listed, each in a slot of its own (for conditions made by hand).
    Facts(std::initializer_list<std::pair<std::string_view, Value>> entries);
    Facts() : Facts(std::initializer_list<std::pair<std::string_view, Value>>{}) {}
    Facts(const Facts&) = delete; // it may point into itself
    Facts& operator=(const Facts&) = delete;

    // The fact's value, or nothing when it is not set.
    const Value* at(std::uint32_t slot) const { return m_set[slot] != 0 ? &m_values[slot] : nullptr; }
    const Value* find(std::string_view name) const;

    void set(std::uint32_t slot, Value value)
    {
        m_values[slot] = std::move(value);
        m_set[slot] = 1;
    }

    void clear(std::uint32_t slot) { m_set[slot] = 0; }

    // The slot of `answers.<the question at index>`, of `signals.<the signal at index>`, and
    // of k_fixed_facts[index], in the rules' layout.
    static std::uint32_t answer_slot(std::size_t index) { return static_cast<std::uint32_t>(index); }
    std::uint32_t signal_slot(std::size_t index) const { return static_cast<std::uint32_t>(m_questions + index); }
    std::uint32_t fixed_slot(std::size_t index) const
    {
        return static_cast<std::uint32_t>(m_questions + m_signals + index);
    }

    // The slot of the named fact, or k_no_slot.
    std::uint32_t slot(std::string_view name) const;

private:
    std::vector<std::string> m_own_names;    // for facts listed by hand
    const std::vector<std::string>* m_names; // by slot
    std::size_t m_questions = 0;
    std::size_t m_signals = 0;
    std::vector<Value> m_values;
    std::vector<char> m_set;
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
