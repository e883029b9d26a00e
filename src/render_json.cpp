#include "ftadvisor/render.hpp"

#include <cmath>

namespace ftadvisor {
namespace {

using ordered_json = nlohmann::ordered_json;

// Whole numbers print as integers (2400, not 2400.0), so scripts can compare them exactly.
ordered_json number(double value)
{
    if (std::floor(value) == value && std::fabs(value) < 9e15) {
        return static_cast<long long>(value);
    }
    return value;
}

ordered_json value_json(const Value& value)
{
    struct Visitor {
        ordered_json operator()(std::monostate) const { return nullptr; }
        ordered_json operator()(bool b) const { return b; }
        ordered_json operator()(double d) const { return number(d); }
        ordered_json operator()(const std::string& s) const { return s; }
        ordered_json operator()(const std::vector<std::string>& list) const { return list; }
    };
    return std::visit(Visitor{}, value);
}

ordered_json range_json(const Range& range)
{
    return ordered_json{{"low", number(range.low)}, {"high", number(range.high)}};
}

ordered_json estimate_json(const Estimate& estimate)
{
    ordered_json tier{
        {"id", estimate.tier_id},
        {"name", estimate.tier_name},
        {"min_examples", number(estimate.tier_min_examples)},
        {"max_examples", estimate.tier_max_examples ? number(*estimate.tier_max_examples) : ordered_json(nullptr)}};
    return ordered_json{
        {"examples", number(estimate.examples)},
        {"tier", tier},
        {"cost_usd", range_json(estimate.cost_usd)},
        {"open_ended", estimate.open_ended},
        {"hours", range_json(estimate.hours)},
        {"upkeep",
         {{"retrain_every_months", range_json(estimate.retrain_every_months)},
          {"retrains_per_year", range_json(estimate.retrains_per_year)},
          {"cost_usd_per_year", range_json(estimate.upkeep_cost_usd_per_year)},
          {"hours_per_year", range_json(estimate.upkeep_hours_per_year)}}},
    };
}

ordered_json scenario_json(const Scenario& scenario)
{
    ordered_json out{{"id", scenario.id}, {"name", scenario.name}, {"fine_tuning_pays", scenario.pays}};
    if (!scenario.use_case.empty()) {
        out["use_case"] = scenario.use_case;
    }
    if (!scenario.why.empty()) {
        out["why"] = scenario.why;
    }
    if (!scenario.data_sources.empty()) {
        out["data_sources"] = scenario.data_sources;
    }
    if (!scenario.impact.empty()) {
        out["impact"] = scenario.impact;
    }
    if (!scenario.examples.empty()) {
        out["examples"] = scenario.examples;
    }
    if (scenario.investment_usd) {
        out["investment_usd"] = range_json(*scenario.investment_usd);
    }
    if (!scenario.benefit.empty()) {
        out["benefit"] = scenario.benefit;
    }
    if (scenario.improvement_pct) {
        out["improvement_pct"] = range_json(*scenario.improvement_pct);
    }
    if (!scenario.better_approach.empty()) {
        out["better_approach"] = scenario.better_approach;
    }
    return out;
}

ordered_json plan_json(const Plan& plan)
{
    ordered_json steps = ordered_json::array();
    for (const PlanStep& step : plan.steps) {
        ordered_json entry{{"text", step.text}};
        if (step.week_from) {
            entry["weeks"] = {{"low", number(*step.week_from)},
                              {"high", step.week_to ? number(*step.week_to) : ordered_json(nullptr)}};
        }
        steps.push_back(std::move(entry));
    }
    return ordered_json{{"id", plan.id}, {"title", plan.title}, {"steps", std::move(steps)}};
}

} // namespace

nlohmann::ordered_json to_json(const Evaluation& evaluation)
{
    ordered_json scores = ordered_json::object();
    ordered_json excluded = ordered_json::object();
    for (const Standing& standing : evaluation.standings) {
        scores[standing.approach] = number(standing.score);
        if (!standing.excluded_by.empty()) {
            excluded[standing.approach] = standing.excluded_by;
        }
    }

    ordered_json answers = ordered_json::object();
    for (const Answer& answer : evaluation.answers) {
        answers[answer.question] = {{"value", value_json(answer.value)}, {"source", source_name(answer.source)}};
    }

    ordered_json inferred = ordered_json::array();
    for (const Inferred& entry : evaluation.inferred) {
        inferred.push_back({{"question", entry.question},
                            {"value", value_json(entry.value)},
                            {"rule", entry.rule},
                            {"because", entry.because}});
    }

    ordered_json contradictions = ordered_json::array();
    for (const Contradiction& entry : evaluation.contradictions) {
        contradictions.push_back({{"question", entry.question},
                                  {"given", value_json(entry.given)},
                                  {"inferred", value_json(entry.inferred)},
                                  {"rule", entry.rule},
                                  {"because", entry.because}});
    }

    ordered_json reasons = ordered_json::array();
    for (const Reason& reason : evaluation.reasons) {
        ordered_json entry{{"rule", reason.rule}};
        entry["question"] = reason.question.empty() ? ordered_json(nullptr) : ordered_json(reason.question);
        entry["message"] = reason.message;
        ordered_json points = ordered_json::object();
        for (const auto& [approach, value] : reason.scores) {
            points[approach] = number(value);
        }
        entry["scores"] = std::move(points);
        entry["exclude"] = reason.exclude;
        entry["also"] = reason.also;
        entry["flags"] = reason.flags;
        reasons.push_back(std::move(entry));
    }

    ordered_json warnings = ordered_json::array();
    for (const Warning& warning : evaluation.warnings) {
        warnings.push_back({{"id", warning.id},
                            {"name", warning.name},
                            {"severity", severity_name(warning.severity)},
                            {"message", warning.message}});
    }

    ordered_json scenarios = ordered_json::array();
    for (const Scenario& scenario : evaluation.scenarios) {
        scenarios.push_back(scenario_json(scenario));
    }

    ordered_json out;
    out["output_version"] = k_output_version;
    out["file"] = evaluation.file;
    if (evaluation.line > 0) {
        out["line"] = evaluation.line;
    }
    out["name"] = evaluation.name;
    out["verdict"] = evaluation.verdict;
    out["also"] = evaluation.also;
    out["flags"] = evaluation.flags;
    out["scores"] = std::move(scores);
    out["excluded"] = std::move(excluded);
    out["answers"] = std::move(answers);
    out["inferred"] = std::move(inferred);
    out["contradictions"] = std::move(contradictions);
    out["unknown"] = evaluation.unknown;
    out["reasons"] = std::move(reasons);
    out["warnings"] = std::move(warnings);
    out["scenarios"] = std::move(scenarios);
    out["estimate"] = evaluation.estimate ? estimate_json(*evaluation.estimate) : ordered_json(nullptr);
    out["plan"] = evaluation.plan ? plan_json(*evaluation.plan) : ordered_json(nullptr);
    out["proposal"] = evaluation.proposed_approach ? ordered_json{{"approach", *evaluation.proposed_approach},
                                                                  {"supported", evaluation.proposal_supported}}
                                                   : ordered_json(nullptr);
    out["budget_usd"] = evaluation.budget_usd ? number(*evaluation.budget_usd) : ordered_json(nullptr);
    return out;
}

std::string render_json(const Evaluation& evaluation)
{
    // Replace, not throw, on invalid UTF-8 in names and descriptions the user wrote.
    return to_json(evaluation).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string render_json_line(const Evaluation& evaluation)
{
    return to_json(evaluation).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace ftadvisor
