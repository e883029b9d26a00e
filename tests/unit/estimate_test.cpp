#include "ftadvisor/estimate.hpp"

#include <catch2/catch.hpp>

using namespace ftadvisor;

TEST_CASE("tiers are half-open ranges of examples", "[estimate]")
{
    static const struct {
        double examples;
        const char* tier; // nullptr: none
    } cases[] = {
        {0, nullptr},     {499, nullptr},   {500, "small"},  {999, "small"},
        {1000, "medium"}, {4999, "medium"}, {5000, "large"}, {1e9, "large"},
    };
    for (const auto& c : cases) {
        INFO(c.examples);
        const auto estimate = estimate_fine_tuning(c.examples, default_rules());
        if (c.tier == nullptr) {
            CHECK_FALSE(estimate.has_value());
        } else {
            REQUIRE(estimate.has_value());
            CHECK(estimate->tier_id == c.tier);
        }
    }
}

TEST_CASE("upkeep is retraining every 3 to 6 months at the tier's cost", "[estimate]")
{
    const auto estimate = estimate_fine_tuning(2400, default_rules());
    REQUIRE(estimate.has_value());
    CHECK(estimate->cost_usd.low == 2000);
    CHECK(estimate->cost_usd.high == 20000);
    CHECK(estimate->hours.low == 2);
    CHECK(estimate->hours.high == 8);
    CHECK(estimate->retrain_every_months.low == 3);
    CHECK(estimate->retrain_every_months.high == 6);
    CHECK(estimate->retrains_per_year.low == 2);
    CHECK(estimate->retrains_per_year.high == 4);
    CHECK(estimate->upkeep_cost_usd_per_year.low == 4000);
    CHECK(estimate->upkeep_cost_usd_per_year.high == 80000);
    CHECK(estimate->upkeep_hours_per_year.low == 4);
    CHECK(estimate->upkeep_hours_per_year.high == 32);
}

TEST_CASE("the large tier is open-ended", "[estimate]")
{
    const auto estimate = estimate_fine_tuning(7500, default_rules());
    REQUIRE(estimate.has_value());
    CHECK(estimate->open_ended);
    CHECK(estimate->cost_usd.high == 100000);
    CHECK_FALSE(estimate->tier_max_examples.has_value());
}

TEST_CASE("epochs: the target, raised for a small set and lowered for a large one", "[estimate]")
{
    const EpochRule rule = default_rules().training->epochs; // 3 within [1, 25]; 100 to 25,000 read
    CHECK(rule.epochs_for(1000) == 3);
    CHECK(rule.epochs_for(20) == 5);      // 20 x 3 = 60 < 100: ceil(100 / 20)
    CHECK(rule.epochs_for(2) == 25);      // capped at max
    CHECK(rule.epochs_for(10000) == 2);   // 30,000 > 25,000: floor(25,000 / 10,000)
    CHECK(rule.epochs_for(1000000) == 1); // never below min
    CHECK(rule.epochs_for(8333) == 3);    // 24,999 read: the target stands
}

TEST_CASE("compute: tokens x epochs, priced per hosted service and per self-hosted size", "[estimate]")
{
    const Rules& rules = default_rules();
    const auto compute = estimate_compute(1000, 2'000'000, rules, "2026-01-15");
    REQUIRE(compute);
    CHECK(compute->epochs == 3);
    CHECK(compute->training_tokens == 6'000'000);
    REQUIRE(compute->hosted.size() == rules.prices.size());
    for (const HostedTrainingCost& hosted : compute->hosted) {
        CHECK(hosted.cost_usd == Approx(6.0 * hosted.price->usd_per_million_tokens));
    }
    const SelfHosting& self = rules.training->self_hosted;
    REQUIRE(compute->self_hosted.size() == self.params_billion.size());
    const SelfHostedTrainingCost& first = compute->self_hosted.front();
    CHECK(first.flops == Approx(6 * self.params_billion.front() * 1e9 * 6'000'000));
    // The fast end uses the high utilisation; the slow end the low one.
    CHECK(first.gpu_hours.low == Approx(first.flops / (self.gpu_peak_tflops * 1e12 * self.utilisation.high * 3600)));
    CHECK(first.gpu_hours.high == Approx(first.flops / (self.gpu_peak_tflops * 1e12 * self.utilisation.low * 3600)));
    CHECK(first.cost_usd.high == Approx(first.gpu_hours.high * self.usd_per_gpu_hour.high));
    CHECK(compute->prices_read == "2025-06-01");
    CHECK(compute->prices_stale); // more than six months before 2026-01-15
    CHECK_FALSE(estimate_compute(1000, 1, rules, "2025-11-30")->prices_stale);
    CHECK_FALSE(estimate_compute(1000, 1, rules, "")->prices_stale); // no date: not judged
}

TEST_CASE("a date is older than N months when N months after it is before today", "[estimate]")
{
    CHECK_FALSE(older_than_months("2026-01-31", 6, "2026-07-31"));
    CHECK(older_than_months("2026-01-31", 6, "2026-08-01"));
    CHECK(older_than_months("2025-06-01", 6, "2026-11-29"));
    CHECK_FALSE(older_than_months("2026-11-01", 6, "2026-11-29"));
    CHECK(older_than_months("2025-12-15", 1, "2026-01-16"));
}
