#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ftadvisor {

// The merged rules as data, before typing (Rules::merged): what `rules show` prints.
struct MergedRules {
    nlohmann::json tree;
};

// The top-level sections of a rules file, in the order `rules show` writes them.
inline const std::vector<std::string> k_rule_sections = {
    "approaches", "stages",  "questions", "thresholds", "base_scores", "lexicons", "negation",
    "numbers",    "amounts", "spelling",  "inferences", "rules",       "pitfalls", "tiers",
    "upkeep",     "routes",  "training",  "scenarios",  "plans",       "waivers"};

} // namespace ftadvisor
