#include "rule_loader.hpp"

#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {

using nlohmann::json;

namespace {

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

} // namespace

std::vector<std::string> RulesLoader::approach_list(const Reader& r, const json& node, const std::string& path,
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

void RulesLoader::load_approaches()
{
    std::set<std::string> seen;
    for_each_entry("approaches", {"id", "name", "summary"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        auto id = read_id(item, seen);
        auto name = r.string(node, item.path, "name", Required::yes);
        auto summary = r.string(node, item.path, "summary", Required::no);
        if (id && name) {
            m_rules.approaches.push_back(Approach{*id, *name, summary.value_or("")});
        }
    });
}

void RulesLoader::load_stages()
{
    for (const SectionEntry& item : section("stages")) {
        const Reader r = reader(item);
        if (!item.node->is_string()) {
            r.error(item.path, fmt::format("expected a string, got {}", describe(*item.node)));
            continue;
        }
        m_rules.stages.push_back(item.node->get<std::string>());
    }
}

void RulesLoader::load_questions()
{
    std::set<std::string> seen;
    const std::vector<std::string> kinds = {"bool", "count", "percent", "choice"};
    for_each_entry("questions", {"id", "kind", "checklist", "text", "help", "hint", "min", "max", "choices", "change"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
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
        read_change(r, node, item.path, question);
        m_rules.questions.push_back(std::move(question));
    });
}

void RulesLoader::read_change(const Reader& r, const json& node, const std::string& path, Question& question)
{
    const auto found = node.find("change");
    if (found == node.end() || !r.expect_object(*found, join_path(path, "change"))) {
        return;
    }
    const std::string at = join_path(path, "change");
    if (question.kind == Question::Kind::boolean) {
        r.check_keys(*found, at, {"yes", "no"});
        question.change_yes = r.string(*found, at, "yes", Required::yes).value_or("");
        question.change_no = r.string(*found, at, "no", Required::yes).value_or("");
        return;
    }
    r.check_keys(*found, at, {"to"});
    question.change_to = r.string(*found, at, "to", Required::yes).value_or("");
    if (!question.change_to.empty() && question.change_to.find("{to}") == std::string::npos) {
        r.error(join_path(at, "to"), "expected the words for the new answer to hold {to}, where the answer goes");
    }
}

void RulesLoader::load_thresholds()
{
    for (const SectionEntry& item : section("thresholds")) {
        const Reader r = reader(item);
        for (const auto& [name, value] : item.node->items()) {
            // A threshold with a bad value still counts as defined, so the rules that name
            // it do not each report it missing; the value's own error fails the load.
            m_rules.thresholds[name] = r.number(*item.node, item.path, name, Required::yes).value_or(0);
        }
    }
}

void RulesLoader::define_facts()
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
        FactInfo info{fixed.type, {}, fixed.after_verdict};
        if (fixed.words == FactWords::stages) {
            info.values = m_rules.stages;
        } else if (fixed.words == FactWords::approaches) {
            info.values = m_rules.approach_ids();
        } else if (fixed.words == FactWords::route_statuses) {
            info.values = {route_status_name(RouteStatus::open), route_status_name(RouteStatus::closing),
                           route_status_name(RouteStatus::closed)};
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

std::uint32_t RulesLoader::slot_of(std::string_view fact) const
{
    const auto found = std::find(m_rules.fact_names.begin(), m_rules.fact_names.end(), fact);
    return found == m_rules.fact_names.end() ? k_no_slot
                                             : static_cast<std::uint32_t>(found - m_rules.fact_names.begin());
}

std::optional<Condition> RulesLoader::condition(const Reader& r, const json& node, const std::string& path,
                                                Recommended recommended)
{
    ConditionGrammar grammar(ConditionGrammar::Facts{&m_facts, &m_rules.thresholds, m_rules.approach_ids(),
                                                     [this](std::string_view fact) { return slot_of(fact); }},
                             m_used_facts);
    return grammar.parse(r, node, path, recommended);
}

void RulesLoader::check_message(const Reader& r, const std::string& path, const std::string& message,
                                Recommended recommended)
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
        const auto fact = m_facts.find(name);
        const bool is_fact =
            fact != m_facts.end() && (!fact->second.after_verdict || recommended == Recommended::visible);
        if (!threshold && !is_fact) {
            auto names = ConditionGrammar::names_of(m_facts, recommended);
            for (const auto& [known, value] : m_rules.thresholds) {
                names.push_back("thresholds." + known);
            }
            r.error(path, fmt::format("unknown placeholder '{{{}}}'{}", name, text::did_you_mean(name, names)));
        }
        open = message.find('{', close);
    }
}

std::optional<Value> RulesLoader::answer_value(const Reader& r, const Question& question, const json& value,
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
        r.error(path, fmt::format("question '{}' takes {}{}{}; got {}", question.id,
                                  question.kind == Question::Kind::count ? "a whole number" : "a number",
                                  answer_min(question) ? " from " + text::format_number(*answer_min(question)) : "",
                                  answer_max(question) ? " up to " + text::format_number(*answer_max(question)) : "",
                                  describe(value)));
        return std::nullopt;
    case AnswerProblem::wrong_type:
    case AnswerProblem::not_finite:
        break;
    }
    r.error(path, fmt::format("question '{}' is {}; got {}", question.id, kind_name(question.kind), describe(value)));
    return std::nullopt;
}

std::optional<Condition> RulesLoader::required_condition(const Reader& r, const SectionEntry& item,
                                                         Recommended recommended)
{
    if (!item.node->contains("when")) {
        r.error(item.path, "missing required key 'when'");
        return std::nullopt;
    }
    return condition(r, item.node->at("when"), join_path(item.path, "when"), recommended);
}

} // namespace ftadvisor
