#include "condition_grammar.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using nlohmann::json;

const char* kind_word(FactType type)
{
    switch (type) {
    case FactType::boolean:
        return "a yes/no answer";
    case FactType::number:
        return "a number";
    case FactType::string:
        return "a word";
    case FactType::list:
        return "a list";
    }
    return "a list";
}

} // namespace

bool check_member(const Reader& r, const std::string& path, const std::string& word,
                  const std::vector<std::string>& known, const char* what)
{
    if (std::find(known.begin(), known.end(), word) != known.end()) {
        return true;
    }
    r.error(path, fmt::format("unknown {} '{}'{}", what, word, text::did_you_mean(word, known)));
    return false;
}

std::optional<Condition> ConditionGrammar::parse(const Reader& r, const json& node, const std::string& path,
                                                 Recommended recommended)
{
    if (!r.expect_object(node, path)) {
        return std::nullopt;
    }
    for (const char* combinator : {"all", "any"}) {
        if (node.contains(combinator)) {
            return combination(r, node, path, recommended, combinator);
        }
    }
    if (node.contains("not")) {
        r.check_keys(node, path, {"not"});
        auto child = parse(r, node.at("not"), join_path(path, "not"), recommended);
        if (!child) {
            return std::nullopt;
        }
        Condition out;
        out.op = Condition::Op::negate;
        out.children.push_back(std::move(*child));
        return out;
    }
    return test(r, node, path, recommended);
}

// `all` or `any` of a list of at least one condition.
std::optional<Condition> ConditionGrammar::combination(const Reader& r, const json& node, const std::string& path,
                                                       Recommended recommended, const char* combinator)
{
    r.check_keys(node, path, {combinator});
    const std::string list_path = join_path(path, combinator);
    const json& list = node.at(combinator);
    if (!r.expect_array(list, list_path)) {
        return std::nullopt;
    }
    if (list.empty()) {
        r.error(list_path, fmt::format("'{}' needs at least one condition", combinator));
        return std::nullopt;
    }
    Condition out;
    out.op = std::string_view(combinator) == "all" ? Condition::Op::all : Condition::Op::any;
    bool ok = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto child = parse(r, list[i], join_path(list_path, i), recommended);
        ok = ok && child.has_value();
        if (child) {
            out.children.push_back(std::move(*child));
        }
    }
    return ok ? std::optional<Condition>(std::move(out)) : std::nullopt;
}

// A test of one fact: `fact` and exactly one operator.
std::optional<Condition> ConditionGrammar::test(const Reader& r, const json& node, const std::string& path,
                                                Recommended recommended)
{
    std::vector<std::string> allowed = {"fact", "all", "any", "not"};
    allowed.insert(allowed.end(), k_operators.begin(), k_operators.end());
    r.check_keys(node, path, allowed);
    auto fact = r.string(node, path, "fact", Required::yes);
    if (!fact) {
        return std::nullopt;
    }
    m_used.insert(*fact);
    FactInfo info{FactType::list, m_facts.approaches};
    if (*fact != "recommended" || recommended != Recommended::visible) {
        auto found = m_facts.known->find(*fact);
        const bool hidden =
            found != m_facts.known->end() && found->second.after_verdict && recommended != Recommended::visible;
        if (found == m_facts.known->end() || hidden || *fact == "recommended") {
            const std::string hint =
                hidden || *fact == "recommended" ? fmt::format(" ('{}' is known only to pitfalls)", *fact) : "";
            r.error(join_path(path, "fact"), fmt::format("unknown fact '{}'{}{}", *fact, hint,
                                                         text::did_you_mean(*fact, fact_names(recommended))));
            return std::nullopt;
        }
        info = found->second;
    }
    std::vector<std::string> present;
    for (const auto& op : k_operators) {
        if (node.contains(op)) {
            present.push_back(op);
        }
    }
    if (present.size() != 1) {
        r.error(path, fmt::format("a test names exactly one of {}; found {}", text::join(k_operators, ", "),
                                  present.empty() ? "none" : text::join(present, ", ")));
        return std::nullopt;
    }
    Condition out;
    out.fact = *fact;
    out.slot = m_facts.slot_of(*fact);
    return operation(r, node, path, present.front(), info, std::move(out));
}

// The operator `op` of a test of a fact described by `info`, with its operand.
std::optional<Condition> ConditionGrammar::operation(const Reader& r, const json& node, const std::string& path,
                                                     const std::string& op, const FactInfo& info, Condition out)
{
    const std::string op_path = join_path(path, op);
    const json& value = node.at(op);
    auto wrong_operator = [&] {
        r.error(op_path, fmt::format("'{}' does not apply to {}, which is {}", op, out.fact, kind_word(info.type)));
        return std::nullopt;
    };
    if (op == "known") {
        out.op = Condition::Op::known;
        if (!value.is_boolean()) {
            r.error(op_path, fmt::format("expected true or false, got {}", describe(value)));
            return std::nullopt;
        }
        out.operand = value.get<bool>();
        return out;
    }
    if (op == "is") {
        return equality(r, op_path, value, info, std::move(out));
    }
    if (op == "in") {
        if (info.type != FactType::string) {
            return wrong_operator();
        }
        out.op = Condition::Op::in;
        out.choices = r.strings(node, path, "in", Required::yes);
        for (std::size_t i = 0; i < out.choices.size(); ++i) {
            if (!info.values.empty() && !check_member(r, join_path(op_path, i), out.choices[i], info.values, "value")) {
                return std::nullopt;
            }
        }
        return out;
    }
    if (op == "contains") {
        if (info.type != FactType::list) {
            return wrong_operator();
        }
        out.op = Condition::Op::contains;
        if (!value.is_string()) {
            r.error(op_path, fmt::format("expected an approach, got {}", describe(value)));
            return std::nullopt;
        }
        if (!check_member(r, op_path, value.get<std::string>(), info.values, "approach")) {
            return std::nullopt;
        }
        out.operand = value.get<std::string>();
        return out;
    }
    // lt, lte, gt, gte
    if (info.type != FactType::number) {
        return wrong_operator();
    }
    out.op = op == "lt"    ? Condition::Op::lt
             : op == "lte" ? Condition::Op::lte
             : op == "gt"  ? Condition::Op::gt
                           : Condition::Op::gte;
    auto number = operand_number(r, value, op_path);
    if (!number) {
        return std::nullopt;
    }
    out.operand = *number;
    return out;
}

// `is`: a yes/no answer, a number or a word, as the fact is.
std::optional<Condition> ConditionGrammar::equality(const Reader& r, const std::string& op_path, const json& value,
                                                    const FactInfo& info, Condition out)
{
    out.op = Condition::Op::is;
    if (info.type == FactType::boolean && value.is_boolean()) {
        out.operand = value.get<bool>();
    } else if (info.type == FactType::number && is_finite_number(value)) {
        out.operand = value.get<double>();
    } else if (info.type == FactType::string && value.is_string()) {
        out.operand = value.get<std::string>();
        if (!info.values.empty() && !check_member(r, op_path, value.get<std::string>(), info.values, "value")) {
            return std::nullopt;
        }
    } else if (info.type == FactType::list) {
        r.error(op_path, fmt::format("'is' does not apply to {}, which is {}", out.fact, kind_word(info.type)));
        return std::nullopt;
    } else {
        r.error(op_path,
                fmt::format("{} is {}; cannot compare it with {}", out.fact, kind_word(info.type), describe(value)));
        return std::nullopt;
    }
    return out;
}

// A comparison operand: a number, or the name of a threshold.
std::optional<double> ConditionGrammar::operand_number(const Reader& r, const json& value,
                                                       const std::string& path) const
{
    if (value.is_string()) {
        const auto& name = value.get_ref<const std::string&>();
        auto found = m_facts.thresholds->find(name);
        if (found == m_facts.thresholds->end()) {
            std::vector<std::string> names;
            for (const auto& [known, number] : *m_facts.thresholds) {
                names.push_back(known);
            }
            r.error(path, fmt::format("unknown threshold '{}'{}", name, text::did_you_mean(name, names)));
            return std::nullopt;
        }
        return found->second;
    }
    if (!is_finite_number(value)) {
        r.error(path, fmt::format("expected a number or a threshold name, got {}", describe(value)));
        return std::nullopt;
    }
    return value.get<double>();
}

std::vector<std::string> ConditionGrammar::fact_names(Recommended recommended) const
{
    return names_of(*m_facts.known, recommended);
}

std::vector<std::string> ConditionGrammar::names_of(const std::map<std::string, FactInfo>& known,
                                                    Recommended recommended)
{
    std::vector<std::string> names;
    for (const auto& [name, info] : known) {
        if (!info.after_verdict || recommended == Recommended::visible) {
            names.push_back(name);
        }
    }
    if (recommended == Recommended::visible) {
        names.emplace_back("recommended");
    }
    return names;
}

} // namespace ftadvisor
