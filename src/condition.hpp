#pragma once

#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftadvisor {

// A fact's type, as a condition tests it.
enum class FactType { boolean, number, string, list };

// The facts besides the answers and the signals, in one list: Rules::fact_names ends with
// them in this order. A string fact may take only the rules' stages or approaches; a
// dataset's count is read from its field of MeasuredDataset. `recommended` (the verdict and
// `also`) is known only once the verdict is, so only pitfalls may test it.
enum class FixedFact : std::uint8_t {
    stage,
    proposed_approach,
    dataset,
    budget_usd,
    examples,
    examples_valid,
    examples_clean,
    format_errors,
    duplicates,
    empty,
    too_long,
    tokens_clean,
    longest_tokens,
    provider,
    model,
    route_status,
    route_offered,
    route_why,
    route_min_examples,
    route_examples_short,
    route_max_example_tokens,
    route_too_long,
    recommended,
};
enum class FactWords : std::uint8_t { any, stages, approaches, route_statuses };
struct FixedFactInfo {
    FixedFact fact;
    std::string_view name;
    FactType type;
    FactWords words = FactWords::any;
    double MeasuredDataset::*count = nullptr;
    // Known only once the verdict is, so only pitfalls may test it: `recommended`, and the
    // facts of the route a spec names (src/routes.cpp).
    bool after_verdict = false;
};
inline constexpr std::array k_fixed_facts{
    FixedFactInfo{FixedFact::stage, "spec.stage", FactType::string, FactWords::stages},
    FixedFactInfo{FixedFact::proposed_approach, "spec.proposed_approach", FactType::string, FactWords::approaches},
    FixedFactInfo{FixedFact::dataset, "spec.dataset", FactType::string},
    FixedFactInfo{FixedFact::budget_usd, "spec.budget_usd", FactType::number},
    FixedFactInfo{FixedFact::examples, "dataset.examples", FactType::number, FactWords::any,
                  &MeasuredDataset::examples},
    FixedFactInfo{FixedFact::examples_valid, "dataset.examples_valid", FactType::number, FactWords::any,
                  &MeasuredDataset::examples_valid},
    FixedFactInfo{FixedFact::examples_clean, "dataset.examples_clean", FactType::number, FactWords::any,
                  &MeasuredDataset::examples_clean},
    FixedFactInfo{FixedFact::format_errors, "dataset.format_errors", FactType::number, FactWords::any,
                  &MeasuredDataset::format_errors},
    FixedFactInfo{FixedFact::duplicates, "dataset.duplicates", FactType::number, FactWords::any,
                  &MeasuredDataset::duplicates},
    FixedFactInfo{FixedFact::empty, "dataset.empty", FactType::number, FactWords::any, &MeasuredDataset::empty},
    FixedFactInfo{FixedFact::too_long, "dataset.too_long", FactType::number, FactWords::any,
                  &MeasuredDataset::too_long},
    FixedFactInfo{FixedFact::tokens_clean, "dataset.tokens_clean", FactType::number, FactWords::any,
                  &MeasuredDataset::tokens_clean},
    FixedFactInfo{FixedFact::longest_tokens, "dataset.longest_tokens", FactType::number, FactWords::any,
                  &MeasuredDataset::longest_tokens},
    FixedFactInfo{FixedFact::provider, "spec.provider", FactType::string},
    FixedFactInfo{FixedFact::model, "spec.model", FactType::string},
    FixedFactInfo{FixedFact::route_status, "route.status", FactType::string, FactWords::route_statuses, nullptr, true},
    FixedFactInfo{FixedFact::route_offered, "route.offered", FactType::boolean, FactWords::any, nullptr, true},
    FixedFactInfo{FixedFact::route_why, "route.why", FactType::string, FactWords::any, nullptr, true},
    FixedFactInfo{FixedFact::route_min_examples, "route.min_examples", FactType::number, FactWords::any, nullptr, true},
    FixedFactInfo{FixedFact::route_examples_short, "route.examples_short", FactType::number, FactWords::any, nullptr,
                  true},
    FixedFactInfo{FixedFact::route_max_example_tokens, "route.max_example_tokens", FactType::number, FactWords::any,
                  nullptr, true},
    FixedFactInfo{FixedFact::route_too_long, "route.too_long", FactType::boolean, FactWords::any, nullptr, true},
    FixedFactInfo{FixedFact::recommended, "recommended", FactType::list, FactWords::any, nullptr, true},
};
constexpr bool fixed_facts_in_order()
{
    for (std::size_t i = 0; i < k_fixed_facts.size(); ++i) {
        if (static_cast<std::size_t>(k_fixed_facts[i].fact) != i) {
            return false;
        }
    }
    return k_fixed_facts.back().fact == FixedFact::recommended;
}
static_assert(fixed_facts_in_order(), "k_fixed_facts lists each FixedFact once, in order");

// Whether a condition may test `recommended`: in a pitfall, which is judged after the verdict.
enum class Recommended : std::uint8_t { hidden, visible };

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
    // of a fixed fact, in the rules' layout.
    static std::uint32_t answer_slot(std::size_t index) { return static_cast<std::uint32_t>(index); }
    std::uint32_t signal_slot(std::size_t index) const { return static_cast<std::uint32_t>(m_questions + index); }
    std::uint32_t fixed_slot(FixedFact fact) const
    {
        return static_cast<std::uint32_t>(m_questions + m_signals + static_cast<std::size_t>(fact));
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
