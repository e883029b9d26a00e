#include "ftadvisor/estimate.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

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

namespace {

// The routes of `rules` by id, for estimate_compute.
std::vector<const Route*> routes_of(const Rules& rules, std::initializer_list<const char*> ids)
{
    std::vector<const Route*> out;
    for (const char* id : ids) {
        const auto found =
            std::find_if(rules.routes.begin(), rules.routes.end(), [&](const Route& route) { return route.id == id; });
        REQUIRE(found != rules.routes.end());
        out.push_back(&*found);
    }
    return out;
}

// Each billing kind, with figures a test can work out by hand.
const char* const k_billing_overlay = R"(routes:
  - id: per-token
    provider: acme
    provider_name: Acme
    model: small
    kind: hosted
    status: open
    epochs: auto
    billing: {usd_per_million_tokens: 2.5}
    sources: [{for: price, url: "https://acme.example/pricing", read: 2026-11-01}]
  - id: two-epochs-minimum-hosting
    provider: acme
    provider_name: Acme
    model: large
    kind: hosted
    status: open
    epochs: 2
    billing: {usd_per_million_tokens: 1, minimum_usd: 20, hosting_usd_per_month: 100}
    sources: [{for: price, url: "https://acme.example/pricing", read: 2026-10-01}]
  - id: own-gpus-10b
    provider: ours
    provider_name: our cluster
    model: ten-b
    kind: self-hosted
    status: open
    epochs: auto
    billing: {gpu_hour: {params_billion: 10}}
    sources: [{for: assumptions, url: "rules/pricing.yaml", read: 2026-11-01}]
  - id: unpriced
    provider: acme
    provider_name: Acme
    model: beta
    kind: hosted
    status: open
    sources: [{for: lifecycle, url: "https://acme.example/beta", read: 2026-11-01}]
)";

} // namespace

TEST_CASE("compute: each route priced by its own billing, with a year of upkeep", "[estimate][providers]")
{
    const Rules rules = testing::load_or_fail(testing::rules_plus(k_billing_overlay));
    const Range retrains{2, 4};
    // 1,000 examples of 2,000,000 tokens in all: the epoch rule gives 3 epochs, 6M tokens read.
    const auto compute =
        estimate_compute(1000, 2'000'000, rules,
                         routes_of(rules, {"per-token", "two-epochs-minimum-hosting", "own-gpus-10b", "unpriced"}),
                         retrains, "2026-12-02");
    REQUIRE(compute);
    CHECK(compute->epochs == 3);
    CHECK(compute->training_tokens == 6'000'000);
    REQUIRE(compute->routes.size() == 3);
    REQUIRE(compute->unpriced.size() == 1);
    CHECK(compute->unpriced.front()->id == "unpriced");

    // Per token, epochs by the rule: 6M tokens x $2.50 a million = $15 a run; upkeep 2 to 4 runs.
    const RouteCost& token = compute->routes[0];
    CHECK(token.epochs == 3);
    CHECK(token.training_tokens == 6'000'000);
    CHECK(token.cost_usd.low == Approx(15));
    CHECK(token.cost_usd.high == Approx(15));
    CHECK_FALSE(token.minimum_applied);
    CHECK(token.upkeep_usd_per_year.low == Approx(30));
    CHECK(token.upkeep_usd_per_year.high == Approx(60));

    // The route's own 2 epochs: 4M tokens x $1 = $4, under the $20 minimum a job; hosting
    // $100 a month adds $1,200 a year to 2 to 4 runs of $20.
    const RouteCost& minimum = compute->routes[1];
    CHECK(minimum.epochs == 2);
    CHECK(minimum.training_tokens == 4'000'000);
    CHECK(minimum.cost_usd.high == Approx(20));
    CHECK(minimum.minimum_applied);
    CHECK(minimum.upkeep_usd_per_year.low == Approx(2 * 20 + 1200));
    CHECK(minimum.upkeep_usd_per_year.high == Approx(4 * 20 + 1200));

    // By the GPU-hour: 6 x 10e9 parameters x 6M tokens = 3.6e17 operations; at 989 TFLOPS and
    // 50% (30%) of peak that is 0.2022 (0.3370) hours, at $2 ($4) an hour.
    const RouteCost& gpu = compute->routes[2];
    const SelfHosting& self = rules.training->self_hosted;
    CHECK(gpu.flops == Approx(3.6e17));
    REQUIRE(gpu.gpu_hours);
    CHECK(gpu.gpu_hours->low == Approx(3.6e17 / (989e12 * 0.5 * 3600)));
    CHECK(gpu.gpu_hours->high == Approx(3.6e17 / (989e12 * 0.3 * 3600)));
    CHECK(gpu.cost_usd.low == Approx(gpu.gpu_hours->low * self.usd_per_gpu_hour.low));
    CHECK(gpu.cost_usd.high == Approx(gpu.gpu_hours->high * self.usd_per_gpu_hour.high));
    CHECK(gpu.upkeep_usd_per_year.high == Approx(4 * gpu.cost_usd.high));

    // The catalogue's oldest price (the embedded one of 2025-06-01) is what the warning judges.
    CHECK(compute->prices_read == "2025-06-01");
    CHECK(compute->prices_stale);
    CHECK_FALSE(estimate_compute(1000, 1, rules, {}, retrains, "2025-11-30")->prices_stale);
    CHECK_FALSE(estimate_compute(1000, 1, rules, {}, retrains, "")->prices_stale); // no date: not judged
}

TEST_CASE("a date is older than N months when N months after it is before today", "[estimate]")
{
    CHECK_FALSE(older_than_months("2026-01-31", 6, "2026-07-31"));
    CHECK(older_than_months("2026-01-31", 6, "2026-08-01"));
    CHECK(older_than_months("2025-06-01", 6, "2026-11-29"));
    CHECK_FALSE(older_than_months("2026-11-01", 6, "2026-11-29"));
    CHECK(older_than_months("2025-12-15", 1, "2026-01-16"));
}
