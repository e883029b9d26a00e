#pragma once

#include "ftadvisor/engine.hpp"

#include "condition.hpp"

#include <cstdint>
#include <string>

namespace ftadvisor {

// The parts of an evaluation that follow from its verdict (docs/decision-model.md, "Cost and
// timeline"): what fine-tuning would cost, as the estimate when it is recommended and as the
// cost avoided when not, and the plan's timeline.

// The slot of the examples question's answer, or k_no_slot if the rules have no such question.
std::uint32_t examples_slot(const Rules& rules);

// Fills in evaluation.estimate or evaluation.avoided, and evaluation.budget, from the facts
// the verdict was reached on. `today` (YYYY-MM-DD; empty: not judged) judges the prices' age.
void add_costs(const Spec& spec, const Rules& rules, const Facts& facts, const std::string& today,
               Evaluation& evaluation);

// The plan as it applies to the evaluation: its steps with the estimate's hours filled in, and
// for a plan with upkeep the retraining dated from `today` (empty: undated).
Timeline make_timeline(const Plan& plan, const Evaluation& evaluation, const Rules& rules, const std::string& today);

// `date` (YYYY-MM-DD) moved on by `days` days, or by whole `months` months (the last day of
// the month where the day does not exist in it).
std::string add_days(const std::string& date, int days);
std::string add_months(const std::string& date, int months);

// The days from `from` to `to` (both YYYY-MM-DD): negative when `to` comes first.
long days_between(const std::string& from, const std::string& to);

} // namespace ftadvisor
