// The catalogue of fine-tuning routes and how the advice judges it (docs/providers.md).
#include "ftadvisor/providers.hpp"

#include "helpers.hpp"
#include "routes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ftadvisor;
using testing::load_or_fail;
using testing::rules_plus;

namespace {

const Route& route_of(const Rules& rules, std::string_view id)
{
    const auto found =
        std::find_if(rules.routes.begin(), rules.routes.end(), [&](const Route& route) { return route.id == id; });
    REQUIRE(found != rules.routes.end());
    return *found;
}

const RouteAdvice* advice_of(const Evaluation& e, std::string_view id)
{
    const auto found =
        std::find_if(e.routes.begin(), e.routes.end(), [&](const RouteAdvice& a) { return a.route->id == id; });
    return found == e.routes.end() ? nullptr : &*found;
}

// A fine-tune verdict: expertise, 2,400 examples, production, 30%, static knowledge.
const char* const k_fine_tune = R"({"spec_version": 1, "answers": {"domain_expertise_critical": true,
  "high_quality_examples": 2400, "production": true, "expected_improvement_pct": 30,
  "needs_realtime_data": false}})";

Evaluation evaluate_on(const std::string& text, const std::string& today, const Rules& rules = default_rules())
{
    EvaluateOptions options;
    options.today = today;
    return evaluate(testing::spec_of(text, "spec.json", rules), rules, options);
}

// The test spec with `fields` ("\"provider\": ...") added.
std::string fine_tune_with(const std::string& fields)
{
    std::string text = k_fine_tune;
    text.insert(text.find('{') + 1, fields + ", ");
    return text;
}

} // namespace

TEST_CASE("a route's status on a day: OpenAI closing on 2027-01-05, closed from 2027-01-06", "[providers]")
{
    const Route& openai = route_of(default_rules(), "openai-gpt-4o-mini");
    CHECK(route_status_on(openai, "2026-12-02") == RouteStatus::closing);
    CHECK(route_status_on(openai, "2027-01-05") == RouteStatus::closing);
    CHECK(route_status_on(openai, "2027-01-06") == RouteStatus::closed);
    CHECK(route_status_on(openai, "") == RouteStatus::closing); // undated: as announced
    CHECK(route_status_on(route_of(default_rules(), "cohere-chat-fine-tuning"), "2026-12-02") == RouteStatus::closed);
    CHECK(route_status_on(route_of(default_rules(), "together-lora-up-to-16b"), "2030-01-01") == RouteStatus::open);
}

TEST_CASE("routes are judged on the plan's first run and a year of retrains", "[providers]")
{
    Route route;
    route.id = "r";
    route.provider_name = "P";
    route.name = "m";
    route.status = RouteStatus::closing;
    RouteSchedule schedule{"2026-12-02", "2027-01-13", {"2027-04-13", "2027-07-13", "2027-10-13"}, "2027-12-02"};

    SECTION("new jobs stop between the roll-out and the second retrain")
    {
        route.jobs_stop = "2027-05-01";
        const RouteAdvice advice = judge_route(route, schedule);
        CHECK_FALSE(advice.offered);
        CHECK(advice.status == RouteStatus::closing);
        CHECK(advice.why == "no new fine-tuning jobs from 2027-05-01: the second retrain, due from 2027-07-13, "
                            "could not run there");
    }
    SECTION("new jobs stop on the day a retrain falls due")
    {
        route.jobs_stop = "2027-04-13";
        CHECK(judge_route(route, schedule).why.find("the first retrain") != std::string::npos);
    }
    SECTION("a plan without retraining needs the route until the roll-out only")
    {
        schedule.retrains.clear();
        route.jobs_stop = "2027-01-13";
        CHECK(judge_route(route, schedule).why ==
              "no new fine-tuning jobs from 2027-01-13, before the planned roll-out on 2027-01-13");
        route.jobs_stop = "2027-02-01";
        CHECK(judge_route(route, schedule).offered);
    }
    SECTION("tuned models that stop serving within the year")
    {
        route.jobs_stop = "2028-01-01";
        route.serving_stops = "2027-11-30";
        const RouteAdvice advice = judge_route(route, schedule);
        CHECK_FALSE(advice.offered);
        CHECK(advice.why == "its tuned models stop serving on 2027-11-30, before the year planned ends on 2027-12-02");
    }
    SECTION("closing after the horizon: offered, and said so")
    {
        route.jobs_stop = "2028-06-01";
        const RouteAdvice advice = judge_route(route, schedule);
        CHECK(advice.offered);
        CHECK(advice.why == "closing: no new fine-tuning jobs from 2028-06-01, after the year planned");
    }
    SECTION("deprecated without a date")
    {
        const RouteAdvice advice = judge_route(route, schedule);
        CHECK_FALSE(advice.offered);
        CHECK(advice.why.find("no stop date") != std::string::npos);
    }
    SECTION("closed")
    {
        route.jobs_stop = "2026-09-10";
        const RouteAdvice advice = judge_route(route, schedule);
        CHECK(advice.status == RouteStatus::closed);
        CHECK(advice.why == "no new fine-tuning jobs since 2026-09-10");
    }
}

TEST_CASE("the schedule comes from the fine-tune plan and the upkeep", "[providers]")
{
    const Rules& rules = default_rules();
    Facts facts(rules);
    const RouteSchedule schedule = route_schedule(rules, facts, "2026-12-02");
    CHECK(schedule.first_run == "2027-01-13"); // six weeks
    CHECK(schedule.horizon_end == "2027-12-02");
    CHECK(schedule.retrains == std::vector<std::string>{"2027-04-13", "2027-07-13", "2027-10-13"});
    CHECK(route_schedule(rules, facts, "").first_run.empty());
}

TEST_CASE("a fine-tune verdict offers the routes that last, and says why the others do not", "[providers]")
{
    const Evaluation e = evaluate_on(k_fine_tune, "2026-12-02");
    REQUIRE(e.verdict == "fine-tune");
    const RouteAdvice* openai = advice_of(e, "openai-gpt-4o-mini");
    REQUIRE(openai != nullptr);
    CHECK_FALSE(openai->offered);
    CHECK(openai->why ==
          "no new fine-tuning jobs from 2027-01-06: the first retrain, due from 2027-04-13, could not run there");
    REQUIRE(advice_of(e, "together-lora-up-to-16b") != nullptr);
    CHECK(advice_of(e, "together-lora-up-to-16b")->offered);
    CHECK(advice_of(e, "self-hosted-8b")->offered);
    CHECK(advice_of(e, "cohere-chat-fine-tuning") == nullptr); // closed, and not named
    CHECK(e.warnings.end() ==
          std::find_if(e.warnings.begin(), e.warnings.end(), [](const Warning& w) { return w.id == "route-closing"; }));

    // Not a fine-tune verdict, no route named: no routes.
    CHECK(evaluate_on(R"({"spec_version": 1, "answers": {"needs_realtime_data": true}})", "2026-12-02").routes.empty());
}

TEST_CASE("a named route is checked whatever is offered: closing, closed, too few examples, too long", "[providers]")
{
    const auto finding = [](const Evaluation& e, std::string_view id) -> const Warning* {
        const auto found =
            std::find_if(e.warnings.begin(), e.warnings.end(), [&](const Warning& w) { return w.id == id; });
        return found == e.warnings.end() ? nullptr : &*found;
    };
    const std::string openai = fine_tune_with(R"("provider": "openai", "model": "gpt-4o-mini")");

    const Evaluation before = evaluate_on(openai, "2027-01-05");
    const Warning* closing = finding(before, "route-closing");
    REQUIRE(closing != nullptr);
    CHECK(closing->severity == Severity::error);
    CHECK(closing->message.find("will not last through the upkeep plan") != std::string::npos);
    CHECK(advice_of(before, "openai-gpt-4o-mini")->named);

    const Evaluation after = evaluate_on(openai, "2027-01-06");
    REQUIRE(finding(after, "route-closing") != nullptr);
    CHECK(finding(after, "route-closing")->message.find("is closed: no new fine-tuning jobs since 2027-01-06") !=
          std::string::npos);

    // A provider alone names all its routes; an open one leaves nothing to report.
    const Evaluation together = evaluate_on(fine_tune_with(R"("provider": "together")"), "2026-12-02");
    CHECK(finding(together, "route-closing") == nullptr);
    CHECK(std::count_if(together.routes.begin(), together.routes.end(), [](const RouteAdvice& a) { return a.named; }) ==
          2);

    // An overlay's limits: 5,000 examples at least, 100 tokens an example.
    const Rules strict = load_or_fail(rules_plus(R"(routes:
  - {id: together-lora-up-to-16b, min_examples: 5000, max_example_tokens: 100}
)"));
    Spec spec =
        testing::spec_of(fine_tune_with(R"("provider": "together", "model": "lora-up-to-16b")"), "spec.json", strict);
    spec.measured = MeasuredDataset{"train.jsonl", 2400, 2400, 2400, 0, 0, 0, 0, 240000, 180};
    EvaluateOptions options;
    options.today = "2026-12-02";
    const Evaluation limited = evaluate(spec, strict, options);
    const Warning* few = finding(limited, "route-too-few-examples");
    REQUIRE(few != nullptr);
    CHECK(few->severity == Severity::error);
    CHECK(few->message.find("at least 5,000 examples, and this project has 2,400: 2,600 more") != std::string::npos);
    const Warning* long_one = finding(limited, "route-example-too-long");
    REQUIRE(long_one != nullptr);
    CHECK(long_one->message.find("about 180 tokens, over the 100") != std::string::npos);
}

TEST_CASE("a spec names a route the catalogue knows, or is told the nearest", "[providers][spec]")
{
    CHECK_THAT(testing::errors_of(R"({"spec_version": 1, "provider": "opneai"})"),
               Catch::Contains("spec.json:1:21: error: provider: unknown provider 'opneai' (did you mean 'openai'?)"));
    CHECK_THAT(testing::errors_of(R"({"spec_version": 1, "provider": "openai", "model": "gpt4o-mini"})"),
               Catch::Contains("model: openai has no model 'gpt4o-mini' (did you mean 'gpt-4o-mini'?)"));
    CHECK_THAT(testing::errors_of(R"({"spec_version": 1, "model": "gpt-4o-mini"})"),
               Catch::Contains("model: a model is named with its provider"));
    const Spec spec = testing::spec_of(R"({"spec_version": 1, "provider": "bedrock", "model": "nova-micro"})");
    CHECK(spec.provider == "bedrock");
    CHECK(spec.model == "nova-micro");
}

TEST_CASE("providers lists every route with its status on the day, in each format", "[providers][render]")
{
    const Rules& rules = default_rules();
    const std::string text = render_providers_text(rules, "2027-01-06", TextOptions{false, 200});
    CHECK_THAT(text, Catch::Contains("closed: no new jobs since 2027-01-06; tuned models stop serving on 2027-01-14"));
    const std::string json = render_providers_json(rules, "2027-01-06");
    CHECK_THAT(json, Catch::Contains(R"("status": "closed")") && Catch::Contains(R"("announced_status": "closing")"));
    const std::string markdown = render_providers_markdown(rules, "2026-12-02");
    CHECK(static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '\n')) >= rules.routes.size() + 3);
    // A name from an overlay cannot break the Markdown table.
    const Rules hostile = load_or_fail(rules_plus(R"(routes:
  - {id: x, provider: x, provider_name: "A | B\u001b[31m", model: y, kind: hosted, status: open,
     sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
)"));
    CHECK_THAT(render_providers_markdown(hostile, "2026-12-02"), Catch::Contains("A \\| B"));
}

TEST_CASE("providers' text keeps to the width but for addresses, which stay whole", "[providers][render]")
{
    // At 40 columns the heading ran to 50 columns and a source's address with its note to 101.
    const Rules& rules = default_rules();
    for (int width : {40, 60, 80, 120}) {
        INFO("at " << width);
        const std::string text = render_providers_text(rules, "2026-12-02", TextOptions{false, width});
        for (const std::string& line : testing::lines_over(text, static_cast<std::size_t>(width))) {
            INFO(line);
            // Only an address on its own line may pass the width: nothing else beside it.
            const std::size_t start = line.find_first_not_of(' ');
            CHECK(line.compare(start, 8, "https://") == 0);
            CHECK(line.find(' ', start) == std::string::npos);
        }
        for (const Route& route : rules.routes) {
            for (const RouteSource& source : route.sources) {
                // The address, before the note some sources add after it.
                CHECK_THAT(text, Catch::Contains(source.url.substr(0, source.url.find(' '))));
            }
        }
    }
}
