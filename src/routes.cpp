#include "routes.hpp"

#include "advice.hpp"
#include "ftadvisor/estimate.hpp"
#include "ftadvisor/providers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace ftadvisor {
namespace {

// The fine-tune plan that applies to the facts: the first whose `when` holds.
const Plan* fine_tune_plan(const Rules& rules, const Facts& facts)
{
    for (const Plan& plan : rules.plans) {
        if (plan.approach == k_estimated_approach &&
            (!plan.when || evaluate_condition(*plan.when, facts) == Truth::yes)) {
            return &plan;
        }
    }
    return nullptr;
}

std::string retrain_words(std::size_t index)
{
    static constexpr std::array<const char*, 4> k_ordinals = {"first", "second", "third", "fourth"};
    return index < k_ordinals.size() ? fmt::format("the {} retrain", k_ordinals[index])
                                     : fmt::format("retrain {}", index + 1);
}

} // namespace

RouteStatus route_status_on(const Route& route, const std::string& today)
{
    if (route.status == RouteStatus::closed) {
        return RouteStatus::closed;
    }
    const bool stopped = !today.empty() && ((!route.jobs_stop.empty() && route.jobs_stop <= today) ||
                                            (!route.serving_stops.empty() && route.serving_stops <= today));
    return stopped ? RouteStatus::closed : route.status;
}

RouteSchedule route_schedule(const Rules& rules, const Facts& facts, const std::string& today)
{
    RouteSchedule schedule;
    schedule.today = today;
    if (today.empty()) {
        return schedule;
    }
    const double horizon = rules.training ? rules.training->horizon_months : 12;
    schedule.horizon_end = add_months(today, static_cast<int>(std::ceil(horizon)));
    const Plan* plan = fine_tune_plan(rules, facts);
    double weeks = 0;
    if (plan != nullptr && !plan->steps.empty()) {
        const PlanStep& last = plan->steps.back();
        weeks = last.week_to.value_or(last.week_from - 1);
    }
    schedule.first_run = add_days(today, static_cast<int>(weeks) * 7);
    if (plan == nullptr || !plan->upkeep) {
        return schedule;
    }
    const int every = std::max(1, static_cast<int>(std::ceil(rules.upkeep.retrain_every_months.low)));
    for (int k = 1; k <= 120; ++k) {
        std::string due = add_months(schedule.first_run, every * k);
        if (due > schedule.horizon_end) {
            break;
        }
        schedule.retrains.push_back(std::move(due));
    }
    return schedule;
}

// Long on purpose: one case after another, each with its own words (docs/providers.md).
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
RouteAdvice judge_route(const Route& route, const RouteSchedule& schedule)
{
    RouteAdvice advice;
    advice.route = &route;
    advice.status = route_status_on(route, schedule.today);
    if (advice.status == RouteStatus::closed) {
        advice.why = !route.jobs_stop.empty() && (schedule.today.empty() || route.jobs_stop <= schedule.today)
                         ? fmt::format("no new fine-tuning jobs since {}", route.jobs_stop)
                     : !route.serving_stops.empty() && route.serving_stops <= schedule.today
                         ? fmt::format("its tuned models stopped serving on {}", route.serving_stops)
                         : std::string("it takes no new fine-tuning jobs");
        return advice;
    }
    if (schedule.today.empty()) {
        advice.offered = true;
        return advice;
    }
    if (!route.jobs_stop.empty()) {
        // A route that stops before the roll-out may still take the first run, but no retrain.
        if (schedule.retrains.empty() && route.jobs_stop <= schedule.first_run) {
            advice.why = fmt::format("no new fine-tuning jobs from {}, before the planned roll-out on {}",
                                     route.jobs_stop, schedule.first_run);
            return advice;
        }
        for (std::size_t k = 0; k < schedule.retrains.size(); ++k) {
            if (route.jobs_stop <= schedule.retrains[k]) {
                advice.why = fmt::format("no new fine-tuning jobs from {}: {}, due from {}, could not run there",
                                         route.jobs_stop, retrain_words(k), schedule.retrains[k]);
                return advice;
            }
        }
    }
    if (!route.serving_stops.empty() && route.serving_stops <= schedule.horizon_end) {
        advice.why = fmt::format("its tuned models stop serving on {}, before the year planned ends on {}",
                                 route.serving_stops, schedule.horizon_end);
        return advice;
    }
    if (advice.status == RouteStatus::closing && route.jobs_stop.empty() && route.serving_stops.empty()) {
        advice.why = "deprecated with no stop date announced: it may close before the first retrain";
        return advice;
    }
    advice.offered = true;
    if (advice.status == RouteStatus::closing) {
        advice.why =
            !route.jobs_stop.empty()
                ? fmt::format("closing: no new fine-tuning jobs from {}, after the year planned", route.jobs_stop)
                : fmt::format("closing: its tuned models stop serving on {}, after the year planned",
                              route.serving_stops);
    }
    return advice;
}

namespace {

// The facts of the named routes: of the first offered, or else of the one with the best status.
void set_route_facts(const std::vector<RouteAdvice>& named, const Spec& spec, const Rules& rules, Facts& facts)
{
    const auto best = std::min_element(named.begin(), named.end(), [](const RouteAdvice& a, const RouteAdvice& b) {
        return a.offered != b.offered ? a.offered : a.status < b.status;
    });
    const Route& route = *best->route;
    facts.set(facts.fixed_slot(FixedFact::route_status), std::string(route_status_name(best->status)));
    facts.set(facts.fixed_slot(FixedFact::route_offered), best->offered);
    if (!best->why.empty()) {
        facts.set(facts.fixed_slot(FixedFact::route_why), best->why);
    }
    if (route.min_examples) {
        facts.set(facts.fixed_slot(FixedFact::route_min_examples), *route.min_examples);
        const std::uint32_t slot = examples_slot(rules);
        const Value* examples = slot != k_no_slot ? facts.at(slot) : nullptr;
        if (examples != nullptr && std::holds_alternative<double>(*examples)) {
            facts.set(facts.fixed_slot(FixedFact::route_examples_short),
                      std::max(0.0, *route.min_examples - std::get<double>(*examples)));
        }
    }
    if (route.max_example_tokens) {
        facts.set(facts.fixed_slot(FixedFact::route_max_example_tokens), *route.max_example_tokens);
        if (spec.measured) {
            facts.set(facts.fixed_slot(FixedFact::route_too_long),
                      spec.measured->longest_tokens > *route.max_example_tokens);
        }
    }
}

} // namespace

void add_routes(const Spec& spec, const Rules& rules, Facts& facts, const std::string& today, Evaluation& evaluation)
{
    const bool recommended = evaluation.recommends(k_estimated_approach);
    if (!recommended && !spec.provider) {
        return;
    }
    evaluation.route_schedule = route_schedule(rules, facts, today);
    std::vector<RouteAdvice> named;
    for (const Route& route : rules.routes) {
        RouteAdvice advice = judge_route(route, evaluation.route_schedule);
        advice.named = spec.provider && route.provider == *spec.provider && (!spec.model || route.model == *spec.model);
        if (advice.named) {
            named.push_back(advice);
        }
        if (advice.named || (recommended && advice.status != RouteStatus::closed)) {
            evaluation.routes.push_back(std::move(advice));
        }
    }
    if (!named.empty()) {
        set_route_facts(named, spec, rules, facts);
    }
}

} // namespace ftadvisor
