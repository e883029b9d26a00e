#pragma once

#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"

#include <map>
#include <string>

namespace ftadvisor {

using Facts = std::map<std::string, Value, std::less<>>;

// Evaluates a condition in three-valued logic: a test on an unknown fact is unknown; `all`
// is false if any child is false, `any` true if any child is true, `not` keeps unknown.
Truth evaluate_condition(const Condition& condition, const Facts& facts);

} // namespace ftadvisor
