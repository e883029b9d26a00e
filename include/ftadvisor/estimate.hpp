#pragma once

#include "ftadvisor/rules.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// The estimate is of fine-tuning, sized by the examples answer; both ids are part of the
// output contract (docs/output.md), so they are named here rather than in the rules.
inline constexpr std::string_view k_estimated_approach = "fine-tune";
inline constexpr std::string_view k_examples_question = "high_quality_examples";

// One training run, and a year of upkeep, priced at one route by its own billing
// (docs/providers.md): tokens x the route's epochs at a token price, with its minimum per job;
// or GPU-hours from the self-hosting assumptions. Upkeep is the retrains of a year at the same
// route, plus twelve months of hosting the tuned model.
struct RouteCost {
    const Route* route = nullptr; // in the rules
    double epochs = 0;
    double training_tokens = 0;   // tokens x epochs
    Range cost_usd;               // one run; low == high for a token price
    bool minimum_applied = false; // the route's minimum per job is above the tokens' price
    double flops = 0;             // a GPU-hour route's
    std::optional<Range> gpu_hours;
    Range upkeep_usd_per_year;
};

// What the training run itself costs in compute, priced from a measured training set.
struct ComputeEstimate {
    double examples = 0;                      // clean examples
    double tokens_per_epoch = 0;              // their estimated tokens
    double epochs = 0;                        // by the training section's epoch rule
    double training_tokens = 0;               // tokens x epochs
    std::vector<RouteCost> routes;            // the routes priced, in the rules' order
    std::vector<const Route*> unpriced;       // the others asked for: the rules know no price
    const SelfHosting* assumptions = nullptr; // in the rules
    std::string prices_read;                  // the oldest price's date; empty without prices
    double price_max_age_months = 0;          // the rules' limit
    bool prices_stale = false;                // older than that on the evaluation's day
};

// What fine-tuning a set of `examples` would cost, from the rules' tiers and upkeep.
struct Estimate {
    double examples = 0;
    const Tier* tier = nullptr; // in the rules
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
    std::optional<ComputeEstimate> compute; // when the training set was measured
};

// The estimate for `examples`, or nothing when no tier covers that many (below the first).
std::optional<Estimate> estimate_fine_tuning(double examples, const Rules& rules);

// The compute a training run over `examples` clean examples of `tokens` tokens in all would
// take, priced at each of `routes` that has a price, with `retrains_per_year` for the upkeep;
// nothing when the rules have no `training` section. `today` (YYYY-MM-DD; empty: not judged)
// tells whether the catalogue's prices are older than the rules allow.
std::optional<ComputeEstimate> estimate_compute(double examples, double tokens, const Rules& rules,
                                                const std::vector<const Route*>& routes, Range retrains_per_year,
                                                const std::string& today);

// A route's cost for the run and its upkeep (see RouteCost); the route must be priced.
RouteCost price_route(const Route& route, double examples, double tokens, const Training& training,
                      Range retrains_per_year);

// The oldest date a price of the catalogue was read, or empty when none is priced.
std::string oldest_price_read(const Rules& rules);

// Whether that date is older than training.price_max_age_months on `today` (empty: not judged).
bool prices_stale(const Rules& rules, const std::string& today);

// Whether `date` plus `months` months falls before `today`; all dates YYYY-MM-DD.
bool older_than_months(const std::string& date, double months, const std::string& today);

} // namespace ftadvisor
