#pragma once

#include "ftadvisor/rules.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ftadvisor {

// The estimate is of fine-tuning, sized by the examples answer; both ids are part of the
// output contract (PRODUCT.md), so they are named here rather than in the rules.
inline constexpr std::string_view k_estimated_approach = "fine-tune";
inline constexpr std::string_view k_examples_question = "high_quality_examples";

// What fine-tuning a set of `examples` would cost, from the rules' tiers and upkeep.
struct Estimate {
    double examples = 0;
    std::string tier_id;
    std::string tier_name;
    double tier_min_examples = 0;
    std::optional<double> tier_max_examples; // exclusive; none for the top tier
    Range cost_usd;
    bool open_ended = false;
    Range hours;
    Range retrain_every_months;
    Range retrains_per_year;
    Range upkeep_cost_usd_per_year;
    Range upkeep_hours_per_year;
};

// The estimate for `examples`, or nothing when no tier covers that many (below the first).
std::optional<Estimate> estimate_fine_tuning(double examples, const Rules& rules);

} // namespace ftadvisor
