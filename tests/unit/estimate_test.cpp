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
