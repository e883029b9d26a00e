#include "ftadvisor/estimate.hpp"

#include <algorithm>
#include <cmath>

namespace ftadvisor {

std::optional<Estimate> estimate_fine_tuning(double examples, const Rules& rules)
{
    for (const Tier& tier : rules.tiers) {
        const bool below_max = !tier.max_examples || examples < *tier.max_examples;
        if (examples < tier.min_examples || !below_max) {
            continue;
        }
        Estimate estimate;
        estimate.examples = examples;
        estimate.tier = &tier;
        estimate.tier_id = tier.id;
        estimate.tier_name = tier.name;
        estimate.tier_min_examples = tier.min_examples;
        estimate.tier_max_examples = tier.max_examples;
        estimate.cost_usd = tier.cost_usd;
        estimate.open_ended = tier.open_ended;
        estimate.hours = tier.hours;

        // Retraining every `low` months is the busy end of the schedule, so it gives the
        // high count per year, and the other way round.
        const Range& months = rules.upkeep.retrain_every_months;
        estimate.retrain_every_months = months;
        estimate.retrains_per_year = Range{12.0 / months.high, 12.0 / months.low};
        const double share = rules.upkeep.retrain_cost_share;
        estimate.upkeep_cost_usd_per_year = Range{estimate.retrains_per_year.low * tier.cost_usd.low * share,
                                                  estimate.retrains_per_year.high * tier.cost_usd.high * share};
        estimate.upkeep_hours_per_year = Range{estimate.retrains_per_year.low * tier.hours.low * share,
                                               estimate.retrains_per_year.high * tier.hours.high * share};
        return estimate;
    }
    return std::nullopt;
}

double EpochRule::epochs_for(double examples) const
{
    if (examples <= 0) {
        return target;
    }
    if (examples * target < min_examples_x_epochs) {
        return std::min(max, std::ceil(min_examples_x_epochs / examples));
    }
    if (examples * target > max_examples_x_epochs) {
        return std::max(min, std::floor(max_examples_x_epochs / examples));
    }
    return target;
}

bool older_than_months(const std::string& date, double months, const std::string& today)
{
    if (date.size() != 10 || today.size() != 10) {
        return false;
    }
    auto part = [](const std::string& text, std::size_t at, std::size_t length) {
        return std::stoi(text.substr(at, length));
    };
    // Compare as (months since year 0, day): the date moved on by whole months.
    const int whole = static_cast<int>(std::floor(months));
    const int then = part(date, 0, 4) * 12 + part(date, 5, 2) - 1 + whole;
    const int now = part(today, 0, 4) * 12 + part(today, 5, 2) - 1;
    return then < now || (then == now && part(date, 8, 2) < part(today, 8, 2));
}

std::optional<ComputeEstimate> estimate_compute(double examples, double tokens, const Rules& rules,
                                                const std::string& today)
{
    if (!rules.training) {
        return std::nullopt;
    }
    const Training& training = *rules.training;
    ComputeEstimate compute;
    compute.examples = examples;
    compute.tokens_per_epoch = tokens;
    compute.epochs = training.epochs.epochs_for(examples);
    compute.training_tokens = tokens * compute.epochs;
    for (const TrainingPrice& price : rules.prices) {
        compute.hosted.push_back(
            HostedTrainingCost{&price, compute.training_tokens / 1e6 * price.usd_per_million_tokens});
        if (compute.prices_read.empty() || price.read < compute.prices_read) {
            compute.prices_read = price.read;
        }
    }
    compute.price_max_age_months = training.price_max_age_months;
    compute.prices_stale = !compute.prices_read.empty() && !today.empty() &&
                           older_than_months(compute.prices_read, training.price_max_age_months, today);
    const SelfHosting& self = training.self_hosted;
    compute.assumptions = &self;
    for (double size : self.params_billion) {
        SelfHostedTrainingCost cost;
        cost.params_billion = size;
        cost.flops = self.flops_per_param_token * size * 1e9 * compute.training_tokens;
        // Low utilisation is the slow end: it gives the high figure of hours.
        const double per_hour_low = self.gpu_peak_tflops * 1e12 * self.utilisation.high * 3600;
        const double per_hour_high = self.gpu_peak_tflops * 1e12 * self.utilisation.low * 3600;
        cost.gpu_hours = Range{cost.flops / per_hour_low, cost.flops / per_hour_high};
        cost.cost_usd =
            Range{cost.gpu_hours.low * self.usd_per_gpu_hour.low, cost.gpu_hours.high * self.usd_per_gpu_hour.high};
        compute.self_hosted.push_back(cost);
    }
    return compute;
}

} // namespace ftadvisor
