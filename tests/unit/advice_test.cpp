// Cost and timeline for every verdict (docs/decision-model.md, "Cost and timeline").
#include "advice.hpp"
#include "helpers.hpp"

#include "ftadvisor/render.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

Evaluation evaluate_on(const std::string& answers, const std::string& extra = "", const Rules& rules = default_rules())
{
    const Spec spec = spec_of(R"({"spec_version": 1, "answers": {)" + answers + "}" + extra + "}");
    return evaluate(spec, rules, EvaluateOptions{false, "2026-12-02", false});
}

const char* const k_fine_tune = R"("domain_expertise_critical": true, "high_quality_examples": 2400,
    "production": true, "expected_improvement_pct": 30, "needs_realtime_data": false)";

bool has_label(const std::vector<LabelledLine>& lines, const std::string& label)
{
    return std::any_of(lines.begin(), lines.end(), [&](const LabelledLine& l) { return l.label == label; });
}

} // namespace

TEST_CASE("every verdict of the built-in rules has a timeline and a cost line", "[advice]")
{
    static const struct {
        const char* answers;
        const char* verdict;
    } cases[] = {
        {k_fine_tune, "fine-tune"},
        {R"("domain_expertise_critical": true, "high_quality_examples": 80, "production": true)", "prompt-engineer"},
        {R"("needs_realtime_data": true)", "rag"},
        {R"("domain_expertise_critical": false, "use_case": "general-knowledge")", "skip"},
    };
    std::vector<std::string> verdicts;
    for (const auto& c : cases) {
        INFO(c.answers);
        const Evaluation e = evaluate_on(c.answers);
        REQUIRE(e.verdict == c.verdict);
        verdicts.push_back(e.verdict);
        REQUIRE(e.plan != nullptr);
        REQUIRE_FALSE(e.timeline.steps.empty());
        CHECK(e.timeline.steps.front().week_from == 1);
        const auto lines = cost_lines(e);
        REQUIRE_FALSE(lines.empty());
        CHECK_FALSE(lines.front().text.empty());
        CHECK(recap_text(e).find("-week plan") != std::string::npos);
    }
    // The table covers every approach the rules know.
    for (const Approach& approach : default_rules().approaches) {
        CHECK(std::count(verdicts.begin(), verdicts.end(), approach.id) == 1);
    }
}

TEST_CASE("a fine-tune timeline fills in the tier's hours and dates the first retrain from today", "[advice]")
{
    const Evaluation e = evaluate_on(k_fine_tune);
    REQUIRE(e.verdict == "fine-tune");
    REQUIRE(e.estimate);
    CHECK(e.estimate->tier_id == "medium");
    const auto training = std::find_if(e.timeline.steps.begin(), e.timeline.steps.end(),
                                       [](const TimelineStep& s) { return s.text.find("Train") == 0; });
    REQUIRE(training != e.timeline.steps.end());
    CHECK(training->text.find("2 to 8 hours") != std::string::npos);
    CHECK(training->text.find('{') == std::string::npos);
    REQUIRE(e.timeline.weeks);
    CHECK(*e.timeline.weeks == 6);
    CHECK(e.timeline.assumed);
    REQUIRE(e.timeline.retrain);
    CHECK(e.timeline.retrain->rollout == "2027-01-13"); // 2026-12-02 + 6 weeks
    CHECK(e.timeline.retrain->first_due == "2027-04-13");
    CHECK(e.timeline.retrain->first_latest == "2027-07-13");
    CHECK(e.timeline.retrain->per_year.low == 2);
    CHECK(e.timeline.retrain->per_year.high == 4);
}

TEST_CASE("an undated evaluation keeps the retraining schedule without dates", "[advice]")
{
    const Spec spec = spec_of(std::string(R"({"spec_version": 1, "answers": {)") + k_fine_tune + "}}");
    const Evaluation e = evaluate(spec, default_rules());
    REQUIRE(e.timeline.retrain);
    CHECK(e.timeline.retrain->rollout.empty());
    CHECK(e.timeline.retrain->every_months.low == 3);
}

TEST_CASE("dates move on by days and by months, the last day of a short month kept", "[advice]")
{
    CHECK(add_days("2026-12-02", 42) == "2027-01-13");
    CHECK(add_days("2028-02-28", 1) == "2028-02-29");
    CHECK(add_months("2027-01-31", 1) == "2027-02-28");
    CHECK(add_months("2028-01-31", 1) == "2028-02-29");
    CHECK(add_months("2026-11-30", 3) == "2027-02-28");
    CHECK(add_months("2026-12-02", 6) == "2027-06-02");
}

TEST_CASE("another verdict shows what fine-tuning would have cost, as the cost avoided", "[advice]")
{
    SECTION("at the tier of the examples given")
    {
        const Evaluation e = evaluate_on(R"("domain_expertise_critical": true, "high_quality_examples": 3000,
            "production": true, "expected_improvement_pct": 5, "use_case": "legal")");
        REQUIRE(e.verdict == "skip");
        CHECK_FALSE(e.estimate);
        REQUIRE(e.avoided);
        REQUIRE(e.avoided->estimate);
        CHECK(e.avoided->estimate->tier_id == "medium");
        CHECK(has_label(cost_lines(e), "at your tier"));
        CHECK(recap_text(e).find("fine-tuning avoided: $2,000 to $20,000") != std::string::npos);
    }
    SECTION("by the source's figure for the situation, without a tier")
    {
        const Evaluation e =
            evaluate_on(R"("high_quality_examples": 300, "use_case": "content-generation")", R"(, "budget_usd": 3000)");
        REQUIRE(e.verdict == "prompt-engineer");
        REQUIRE(e.avoided);
        CHECK_FALSE(e.avoided->estimate);
        REQUIRE(e.avoided->scenarios.size() == 1);
        CHECK(e.avoided->scenarios.front()->id == "content-generation");
        REQUIRE(e.budget);
        CHECK(e.budget->against == BudgetCheck::Against::cost_avoided);
        CHECK(e.budget->covers == BudgetCheck::Covers::none);
        CHECK(e.budget->cost_usd.low == 5000);
    }
    SECTION("a prototype's $0 is not a cost avoided")
    {
        const Evaluation e = evaluate_on(R"("domain_expertise_critical": true, "high_quality_examples": 100)",
                                         R"(, "stage": "prototype")");
        REQUIRE(e.avoided);
        CHECK(e.avoided->scenarios.empty());
        const auto lines = cost_lines(e);
        REQUIRE(lines.size() == 1);
        CHECK(lines.front().label == "not priced");
        CHECK(lines.front().text.find("100 high-quality examples") != std::string::npos);
        CHECK(lines.front().text.find("with 400 more, fine-tuning would cost $500 to $5,000") != std::string::npos);
        REQUIRE(e.avoided->smallest);
        CHECK(e.avoided->smallest->tier_id == "small");
    }
    SECTION("nothing to price it by")
    {
        const Evaluation e = evaluate_on(R"("needs_realtime_data": true)", R"(, "budget_usd": 1000)");
        REQUIRE(e.avoided);
        CHECK(cost_lines(e).front().text.find("not known") != std::string::npos);
        REQUIRE(e.budget);
        CHECK(e.budget->against == BudgetCheck::Against::nothing);
        CHECK(e.budget->covers == BudgetCheck::Covers::unknown);
    }
}

TEST_CASE("a budget is judged against the estimate of a fine-tune verdict", "[advice]")
{
    static const struct {
        double budget;
        BudgetCheck::Covers covers;
    } cases[] = {{1999, BudgetCheck::Covers::none},
                 {2000, BudgetCheck::Covers::low_end},
                 {19999, BudgetCheck::Covers::low_end},
                 {20000, BudgetCheck::Covers::all}};
    for (const auto& c : cases) {
        INFO(c.budget);
        const Evaluation e = evaluate_on(k_fine_tune, fmt::format(R"(, "budget_usd": {})", c.budget));
        REQUIRE(e.budget);
        CHECK(e.budget->against == BudgetCheck::Against::estimate);
        CHECK(e.budget->covers == c.covers);
    }
}

TEST_CASE("a flag is reported only where it concerns the verdict or also", "[advice]")
{
    // 15% is marginal: a concern of fine-tuning only.
    const Evaluation tuned = evaluate_on(R"("domain_expertise_critical": true, "high_quality_examples": 2400,
        "production": true, "expected_improvement_pct": 15, "needs_realtime_data": false)");
    REQUIRE(tuned.recommends("fine-tune"));
    CHECK(tuned.flags == std::vector<std::string>{"marginal"});
    const Evaluation other = evaluate_on(R"("domain_expertise_critical": true, "high_quality_examples": 80,
        "production": true, "expected_improvement_pct": 15)");
    REQUIRE_FALSE(other.recommends("fine-tune"));
    CHECK(other.flags.empty());
    CHECK(std::any_of(other.reasons.begin(), other.reasons.end(),
                      [](const Reason& r) { return r.rule->id == "improvement-marginal"; })); // still a reason
}

TEST_CASE("a domain where tuning pays is not shown at the prototype stage", "[advice]")
{
    const auto shown = [](const Evaluation& e) {
        return std::any_of(e.scenarios.begin(), e.scenarios.end(), [](const Scenario* s) { return s->id == "legal"; });
    };
    CHECK_FALSE(shown(evaluate_on(R"("use_case": "legal")", R"(, "stage": "prototype")")));
    CHECK(shown(evaluate_on(R"("use_case": "legal")", R"(, "stage": "pilot")")));
    CHECK(shown(evaluate_on(R"("use_case": "legal")")));
}

TEST_CASE("rules check refuses a plan that is not a timeline", "[advice][rules]")
{
    const std::string head = "plans:\n  - id: skip-plan\n    steps:\n";
    CHECK_THAT(rules_errors(head + "      - {text: a}\n"), Catch::Contains("missing required key 'weeks'"));
    CHECK_THAT(rules_errors(head + "      - {weeks: {low: 0, high: 1}, text: a}\n"),
               Catch::Contains("whole numbers from 1"));
    CHECK_THAT(rules_errors(head + "      - {weeks: {low: 1.5, high: 2}, text: a}\n"),
               Catch::Contains("whole numbers from 1"));
    CHECK_THAT(rules_errors(head + "      - {weeks: {low: 3, high: 2}, text: a}\n"),
               Catch::Contains("low is above high"));
    CHECK_THAT(rules_errors(head + "      - {weeks: {low: 1, high: 3}, text: a}\n      - {weeks: {low: 3}, text: b}\n"),
               Catch::Contains("starts in week 3, before the step before ends (week 3)"));
    CHECK_THAT(rules_errors(head + "      - {weeks: {low: 1}, text: a}\n      - {weeks: {low: 2}, text: b}\n"),
               Catch::Contains("only the last step may be"));
    CHECK_THAT(rules_errors(head + "      - {weeks: {low: 1}, text: \"{hours}\"}\n"),
               Catch::Contains("{training_hours}"));
    CHECK_THAT(rules_errors("plans:\n  - {id: rag-plan, remove: true}\n"),
               Catch::Contains("no plan for 'rag' without a `when`"));
}
