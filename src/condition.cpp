#include "condition.hpp"

#include "ftadvisor/spec.hpp"

#include <algorithm>

namespace ftadvisor {
namespace {

Truth from_bool(bool value)
{
    return value ? Truth::yes : Truth::no;
}

Truth compare(Condition::Op op, double fact, double operand)
{
    switch (op) {
    case Condition::Op::lt:
        return from_bool(fact < operand);
    case Condition::Op::lte:
        return from_bool(fact <= operand);
    case Condition::Op::gt:
        return from_bool(fact > operand);
    case Condition::Op::gte:
        return from_bool(fact >= operand);
    default:
        return Truth::unknown;
    }
}

} // namespace

Facts::Facts(const Rules& rules)
    : m_names(&rules.fact_names), m_questions(rules.questions.size()), m_signals(rules.signals.size()),
      m_values(rules.fact_names.size()), m_set(rules.fact_names.size(), 0)
{
}

Facts::Facts(std::initializer_list<std::pair<std::string_view, Value>> entries) : m_names(&m_own_names)
{
    for (const auto& [name, value] : entries) {
        m_own_names.emplace_back(name);
        m_values.push_back(value);
        m_set.push_back(1);
    }
}

void condition_facts(const Condition& condition, std::vector<std::string_view>& out)
{
    if (!condition.fact.empty() && std::find(out.begin(), out.end(), condition.fact) == out.end()) {
        out.emplace_back(condition.fact);
    }
    for (const Condition& child : condition.children) {
        condition_facts(child, out);
    }
}

std::uint32_t Facts::slot(std::string_view name) const
{
    const auto found = std::find(m_names->begin(), m_names->end(), name);
    return found == m_names->end() ? k_no_slot : static_cast<std::uint32_t>(found - m_names->begin());
}

const Value* Facts::find(std::string_view name) const
{
    const std::uint32_t at_slot = slot(name);
    return at_slot == k_no_slot ? nullptr : at(at_slot);
}

Truth evaluate_condition(const Condition& condition, const Facts& facts)
{
    switch (condition.op) {
    case Condition::Op::always:
        return Truth::yes;
    case Condition::Op::all: {
        Truth result = Truth::yes;
        for (const auto& child : condition.children) {
            const Truth truth = evaluate_condition(child, facts);
            if (truth == Truth::no) {
                return Truth::no;
            }
            if (truth == Truth::unknown) {
                result = Truth::unknown;
            }
        }
        return result;
    }
    case Condition::Op::any: {
        Truth result = Truth::no;
        for (const auto& child : condition.children) {
            const Truth truth = evaluate_condition(child, facts);
            if (truth == Truth::yes) {
                return Truth::yes;
            }
            if (truth == Truth::unknown) {
                result = Truth::unknown;
            }
        }
        return result;
    }
    case Condition::Op::negate: {
        const Truth truth = evaluate_condition(condition.children.front(), facts);
        return truth == Truth::unknown ? Truth::unknown : from_bool(truth == Truth::no);
    }
    default:
        break;
    }

    const Value* found = condition.slot != k_no_slot ? facts.at(condition.slot) : facts.find(condition.fact);
    const bool known = found != nullptr && is_known(*found);
    if (condition.op == Condition::Op::known) {
        return from_bool(known == std::get<bool>(condition.operand));
    }
    if (!known) {
        return Truth::unknown;
    }
    const Value& fact = *found;
    switch (condition.op) {
    case Condition::Op::is:
        // Most tests are of a yes/no answer: compared without visiting both variants.
        if (const bool* expected = std::get_if<bool>(&condition.operand)) {
            const bool* flag = std::get_if<bool>(&fact);
            return from_bool(flag != nullptr && *flag == *expected);
        }
        return from_bool(fact == condition.operand);
    case Condition::Op::in: {
        const auto* word = std::get_if<std::string>(&fact);
        return from_bool(word != nullptr && std::find(condition.choices.begin(), condition.choices.end(), *word) !=
                                                condition.choices.end());
    }
    case Condition::Op::contains: {
        const auto* list = std::get_if<std::vector<std::string>>(&fact);
        return from_bool(list != nullptr && std::find(list->begin(), list->end(),
                                                      std::get<std::string>(condition.operand)) != list->end());
    }
    default: {
        const auto* number = std::get_if<double>(&fact);
        if (number == nullptr) {
            return Truth::unknown;
        }
        return compare(condition.op, *number, std::get<double>(condition.operand));
    }
    }
}

} // namespace ftadvisor
