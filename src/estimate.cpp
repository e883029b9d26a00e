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

RouteCost price_route(const Route& route, double examples, double tokens, const Training& training,
                      Range retrains_per_year)
{
    RouteCost cost;
    cost.route = &route;
    cost.epochs = route.epochs.value_or(training.epochs.epochs_for(examples));
    cost.training_tokens = tokens * cost.epochs;
    if (route.usd_per_million_tokens) {
        const double usd = cost.training_tokens / 1e6 * *route.usd_per_million_tokens;
        cost.minimum_applied = route.minimum_usd > usd;
        const double run = std::max(usd, route.minimum_usd);
        cost.cost_usd = Range{run, run};
    } else if (route.gpu_params_billion) {
        const SelfHosting& self = training.self_hosted;
        cost.flops = self.flops_per_param_token * *route.gpu_params_billion * 1e9 * cost.training_tokens;
        // Low utilisation is the slow end: it gives the high figure of hours.
        const double per_hour_fast = self.gpu_peak_tflops * 1e12 * self.utilisation.high * 3600;
        const double per_hour_slow = self.gpu_peak_tflops * 1e12 * self.utilisation.low * 3600;
        cost.gpu_hours = Range{cost.flops / per_hour_fast, cost.flops / per_hour_slow};
        cost.cost_usd =
            Range{cost.gpu_hours->low * self.usd_per_gpu_hour.low, cost.gpu_hours->high * self.usd_per_gpu_hour.high};
    }
    const double hosting = 12 * route.hosting_usd_per_month;
    cost.upkeep_usd_per_year = Range{retrains_per_year.low * cost.cost_usd.low + hosting,
                                     retrains_per_year.high * cost.cost_usd.high + hosting};
    return cost;
}

std::string oldest_price_read(const Rules& rules)
{
    std::string oldest;
    for (const Route& route : rules.routes) {
        const RouteSource* source = route.source_of("price");
        if (source != nullptr && (oldest.empty() || source->read < oldest)) {
            oldest = source->read;
        }
    }
    return oldest;
}

bool prices_stale(const Rules& rules, const std::string& today)
{
    const std::string oldest = oldest_price_read(rules);
    return rules.training && !oldest.empty() && !today.empty() &&
           older_than_months(oldest, rules.training->price_max_age_months, today);
}

std::optional<ComputeEstimate> estimate_compute(double examples, double tokens, const Rules& rules,
                                                const std::vector<const Route*>& routes, Range retrains_per_year,
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
    for (const Route* route : routes) {
        if (route->priced()) {
            compute.routes.push_back(price_route(*route, examples, tokens, training, retrains_per_year));
        } else {
            compute.unpriced.push_back(route);
        }
    }
    compute.prices_read = oldest_price_read(rules);
    compute.price_max_age_months = training.price_max_age_months;
    compute.prices_stale = prices_stale(rules, today);
    compute.assumptions = &training.self_hosted;
    return compute;
}

} // namespace ftadvisor
