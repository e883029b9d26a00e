#include "ftadvisor/estimate.hpp"

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

} // namespace ftadvisor
