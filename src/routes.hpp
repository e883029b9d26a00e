#pragma once

#include "ftadvisor/engine.hpp"

#include "condition.hpp"

#include <string>

namespace ftadvisor {

// Where to fine-tune, as the evaluation judges it (docs/providers.md): the fine-tune plan's
// schedule, each route judged on it, and the facts of the route a spec names.

// The dates a route must serve for the fine-tune plan that applies to `facts` (its weeks, and
// its upkeep at the earliest retraining interval), from `today`; empty dates without `today`.
RouteSchedule route_schedule(const Rules& rules, const Facts& facts, const std::string& today);

// The route judged on the schedule: not offered when it is closed, closes to new jobs before
// an event of the schedule, stops serving before the horizon ends, or is closing without a date.
RouteAdvice judge_route(const Route& route, const RouteSchedule& schedule);

// Fills in evaluation.routes and evaluation.route_schedule when fine-tune is recommended or
// the spec names a route, and sets the route facts (route.status and the others of
// src/condition.hpp) from the named routes, for the pitfalls.
void add_routes(const Spec& spec, const Rules& rules, Facts& facts, const std::string& today, Evaluation& evaluation);

} // namespace ftadvisor
