#include "advice.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ftadvisor {
namespace {

std::chrono::year_month_day parse_date(const std::string& date)
{
    const auto part = [&](std::size_t at, std::size_t length) { return std::stoi(date.substr(at, length)); };
    return std::chrono::year_month_day{std::chrono::year{part(0, 4)},
                                       std::chrono::month{static_cast<unsigned>(part(5, 2))},
                                       std::chrono::day{static_cast<unsigned>(part(8, 2))}};
}

std::string format_date(const std::chrono::year_month_day& day)
{
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                       static_cast<unsigned>(day.day()));
}

// What fine-tuning would cost at the answered number of examples, with the compute of the
// measured training set when there is one.
std::optional<Estimate> estimate_for(const Spec& spec, const Rules& rules, const Facts& facts, const std::string& today,
                                     const Evaluation& evaluation)
{
    const std::uint32_t slot = examples_slot(rules);
    const Value* examples = slot != k_no_slot ? facts.at(slot) : nullptr;
    if (examples == nullptr || !std::holds_alternative<double>(*examples)) {
        return std::nullopt;
    }
    auto estimate = estimate_fine_tuning(std::get<double>(*examples), rules);
    if (estimate && spec.measured) {
        // Priced where the team could train: the routes offered, and the one the spec names.
        std::vector<const Route*> routes;
        for (const RouteAdvice& advice : evaluation.routes) {
            if (advice.offered || advice.named) {
                routes.push_back(advice.route);
            }
        }
        estimate->compute = estimate_compute(spec.measured->examples_clean, spec.measured->tokens_clean, rules, routes,
                                             estimate->retrains_per_year, today);
    }
    return estimate;
}

BudgetCheck::Covers covers(double budget, const Range& cost)
{
    return budget >= cost.high  ? BudgetCheck::Covers::all
           : budget >= cost.low ? BudgetCheck::Covers::low_end
                                : BudgetCheck::Covers::none;
}

BudgetCheck judge_budget(double budget, const Evaluation& evaluation)
{
    BudgetCheck check;
    check.usd = budget;
    std::optional<Range> cost;
    if (evaluation.estimate) {
        check.against = BudgetCheck::Against::estimate;
        cost = evaluation.estimate->cost_usd;
    } else if (evaluation.avoided && evaluation.avoided->estimate) {
        check.against = BudgetCheck::Against::cost_avoided;
        cost = evaluation.avoided->estimate->cost_usd;
    } else if (evaluation.avoided && !evaluation.avoided->scenarios.empty()) {
        check.against = BudgetCheck::Against::cost_avoided;
        cost = *evaluation.avoided->scenarios.front()->investment_usd;
    }
    if (cost) {
        check.cost_usd = *cost;
        check.covers = covers(budget, *cost);
    }
    return check;
}

} // namespace

std::uint32_t examples_slot(const Rules& rules)
{
    const Question* question = rules.find_question(k_examples_question);
    return question == nullptr ? k_no_slot
                               : Facts::answer_slot(static_cast<std::size_t>(question - rules.questions.data()));
}

void add_costs(const Spec& spec, const Rules& rules, const Facts& facts, const std::string& today,
               Evaluation& evaluation)
{
    if (evaluation.recommends(k_estimated_approach)) {
        evaluation.estimate = estimate_for(spec, rules, facts, today, evaluation);
    } else {
        AvoidedCost avoided;
        avoided.estimate = estimate_for(spec, rules, facts, today, evaluation);
        const std::uint32_t slot = examples_slot(rules);
        const Value* examples = slot != k_no_slot ? facts.at(slot) : nullptr;
        if (!avoided.estimate && examples != nullptr && std::holds_alternative<double>(*examples) &&
            !rules.tiers.empty() && std::get<double>(*examples) < rules.tiers.front().min_examples) {
            avoided.smallest = estimate_fine_tuning(rules.tiers.front().min_examples, rules);
        }
        for (const Scenario* scenario : evaluation.scenarios) {
            if (scenario->investment_usd && scenario->investment_usd->high > 0) {
                avoided.scenarios.push_back(scenario);
            }
        }
        evaluation.avoided = std::move(avoided);
    }
    if (spec.budget_usd) {
        evaluation.budget = judge_budget(*spec.budget_usd, evaluation);
    }
}

std::string add_days(const std::string& date, int days)
{
    return format_date(std::chrono::year_month_day{std::chrono::sys_days{parse_date(date)} + std::chrono::days{days}});
}

long days_between(const std::string& from, const std::string& to)
{
    return static_cast<long>((std::chrono::sys_days{parse_date(to)} - std::chrono::sys_days{parse_date(from)}).count());
}

std::string add_months(const std::string& date, int months)
{
    std::chrono::year_month_day day = parse_date(date) + std::chrono::months{months};
    if (!day.ok()) {
        day = std::chrono::year_month_day{
            std::chrono::year_month_day_last{day.year(), std::chrono::month_day_last{day.month()}}};
    }
    return format_date(day);
}

Timeline make_timeline(const Plan& plan, const Evaluation& evaluation, const Rules& rules, const std::string& today)
{
    Timeline timeline;
    timeline.assumed = plan.assumed;
    constexpr std::string_view k_hours = "{training_hours}";
    for (const PlanStep& step : plan.steps) {
        TimelineStep out{step.week_from, step.week_to, step.text};
        if (const std::size_t at = out.text.find(k_hours); at != std::string::npos) {
            out.text.replace(at, k_hours.size(),
                             evaluation.estimate ? text::format_hours_range(evaluation.estimate->hours.low,
                                                                            evaluation.estimate->hours.high)
                                                 : std::string("the hours of the set's tier"));
        }
        timeline.steps.push_back(std::move(out));
    }
    if (!timeline.steps.empty() && timeline.steps.back().week_to) {
        timeline.weeks = timeline.steps.back().week_to;
    }
    if (plan.upkeep) {
        RetrainSchedule retrain;
        const Range& months = rules.upkeep.retrain_every_months;
        retrain.every_months = months;
        retrain.per_year = Range{12.0 / months.high, 12.0 / months.low}; // as the estimate counts them
        const double weeks = timeline.planned_weeks();
        if (!today.empty()) {
            retrain.rollout = add_days(today, static_cast<int>(weeks) * 7);
            retrain.first_due = add_months(retrain.rollout, static_cast<int>(std::ceil(months.low)));
            retrain.first_latest = add_months(retrain.rollout, static_cast<int>(std::floor(months.high)));
        }
        timeline.retrain = retrain;
    }
    return timeline;
}

} // namespace ftadvisor
