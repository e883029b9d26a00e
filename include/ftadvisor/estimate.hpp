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

// One hosted service's price for the training run.
struct HostedTrainingCost {
    const TrainingPrice* price = nullptr; // in the rules
    double cost_usd = 0;
};

// The training run on one's own GPUs, for one model size.
struct SelfHostedTrainingCost {
    double params_billion = 0;
    double flops = 0;
    Range gpu_hours;
    Range cost_usd;
};

// What the training run itself costs in compute, priced from a measured training set.
struct ComputeEstimate {
    double examples = 0;         // clean examples
    double tokens_per_epoch = 0; // their estimated tokens
    double epochs = 0;
    double training_tokens = 0;             // tokens x epochs: what services bill
    std::vector<HostedTrainingCost> hosted; // in the rules' order
    std::vector<SelfHostedTrainingCost> self_hosted;
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
// take, priced by the rules' hosted prices and self-hosting assumptions; nothing when the
// rules have no `training` section. `today` (YYYY-MM-DD; empty: not judged) tells whether
// the prices are older than the rules allow.
std::optional<ComputeEstimate> estimate_compute(double examples, double tokens, const Rules& rules,
                                                const std::string& today);

// Whether `date` plus `months` months falls before `today`; all dates YYYY-MM-DD.
bool older_than_months(const std::string& date, double months, const std::string& today);

} // namespace ftadvisor
