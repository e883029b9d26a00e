#include "condition.hpp"

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

constexpr std::string_view k_answers_prefix = "answers.";
constexpr std::string_view k_signals_prefix = "signals.";

} // namespace

Facts::Facts(std::initializer_list<std::pair<std::string_view, Value>> entries)
{
    for (const auto& [name, value] : entries) {
        if (name.substr(0, k_answers_prefix.size()) == k_answers_prefix) {
            set_answer(name.substr(k_answers_prefix.size()), value);
        } else {
            set(name, value);
        }
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

const Value* Facts::find(std::string_view name) const
{
    if (name.substr(0, k_answers_prefix.size()) == k_answers_prefix) {
        return find(m_answers, name.substr(k_answers_prefix.size()));
    }
    if (name.substr(0, k_signals_prefix.size()) == k_signals_prefix) {
        return find(m_signals, name.substr(k_signals_prefix.size()));
    }
    return find(m_others, name);
}

const Value* Facts::find(const Entries& entries, std::string_view name)
{
    for (const auto& [key, value] : entries) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

void Facts::set(Entries& entries, std::string_view name, Value value)
{
    for (auto& [key, old] : entries) {
        if (key == name) {
            old = std::move(value);
            return;
        }
    }
    entries.emplace_back(name, std::move(value));
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

    const Value* found = facts.find(condition.fact);
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
