#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ftadvisor;

namespace {

Spec spec_of(const std::string& answers, const Rules& rules = default_rules(), const std::string& description = "")
{
    const std::string text =
        R"({"spec_version": 1, "name": "T", "description": ")" + description + R"(", "answers": {)" + answers + "}}";
    SpecResult result = parse_spec_text(text, "t.json", DocumentFormat::json, rules);
    REQUIRE(result.value);
    return std::move(*result.value);
}

Evaluation searched(const Spec& spec, const Rules& rules = default_rules())
{
    return evaluate(spec, rules, EvaluateOptions{false, "2026-12-02", true});
}

// The one change of `question` listed for `verdict`, or nothing.
const AnswerChange* single(const Evaluation& e, std::string_view verdict, std::string_view question)
{
    for (const VerdictChange& change : e.what_would_change) {
        if (change.verdict == verdict && change.changes.size() == 1 && change.changes[0].question == question) {
            return &change.changes[0];
        }
    }
    return nullptr;
}

const char* const k_legal = R"("domain_expertise_critical": true, "production": true, "needs_realtime_data": false,
    "use_case": "legal", "expected_improvement_pct": 25, )";

} // namespace

TEST_CASE("what would change: each change listed gives its verdict when made, and no other change is made",
          "[what_would_change]")
{
    const std::vector<std::string> examples = {"40", "99", "100", "499", "500", "999", "1000", "30000"};
    const std::vector<std::string> gains = {"5", "9", "10", "20", "21", "45"};
    const std::vector<std::string> flags = {"true", "false", ""};
    const std::vector<std::string> use_cases = {"", "legal", "general-knowledge", "other"};
    std::size_t checked = 0;
    const auto check_all = [&](const std::string& answers, const std::string& description = "") {
        const Spec spec = spec_of(answers, default_rules(), description);
        const Evaluation e = searched(spec);
        CHECK_FALSE(e.what_would_change.empty());
        for (const VerdictChange& change : e.what_would_change) {
            CHECK(change.verdict != e.verdict);
            CHECK((change.changes.size() == 1 || change.changes.size() == 2));
            Spec changed = spec;
            for (const AnswerChange& c : change.changes) {
                changed.answers[c.question] = c.to;
            }
            const Evaluation again = evaluate(changed, default_rules());
            CHECK(again.verdict == change.verdict);
            std::vector<std::string> also(change.also.begin(), change.also.end());
            CHECK(again.also == also);
            ++checked;
        }
    };
    for (const std::string& n : examples) {
        for (const std::string& gain : gains) {
            for (const std::string& flag : flags) {
                for (const std::string& use_case : use_cases) {
                    std::string answers = R"("production": true, "high_quality_examples": )" + n +
                                          R"(, "expected_improvement_pct": )" + gain +
                                          R"(, "needs_realtime_data": false)";
                    if (!flag.empty()) {
                        answers += R"(, "domain_expertise_critical": )" + flag;
                    }
                    if (!use_case.empty()) {
                        answers += R"(, "use_case": ")" + use_case + "\"";
                    }
                    check_all(answers);
                }
            }
        }
    }
    // Answers left to the description, which the inferences read.
    for (const char* description :
         {"A triage assistant for the nurses of our clinic. It goes live for all staff in the spring; we have about "
          "2,000 reviewed examples and expect 25% fewer escalations.",
          "A proof of concept that answers general trivia questions for a pub quiz; prices and news change daily.",
          "Our lawyers review supplier contracts; only a specialist can judge the answers. It is a lab experiment."}) {
        for (const std::string& answers : {std::string(), std::string(R"("use_case": "legal")"),
                                           std::string(R"("domain_expertise_critical": false, "production": true)")}) {
            check_all(answers, description);
        }
    }
    CHECK(checked > 1000);
}

TEST_CASE("what would change: numbers at the thresholds the rules read", "[what_would_change]")
{
    // 499 examples: fine-tuning needs 500, one more.
    const Evaluation short_by_one = searched(spec_of(std::string(k_legal) + R"("high_quality_examples": 499)"));
    CHECK(short_by_one.verdict != "fine-tune");
    const AnswerChange* more = single(short_by_one, "fine-tune", "high_quality_examples");
    REQUIRE(more != nullptr);
    CHECK(std::get<double>(more->to) == 500);
    CHECK(std::get<double>(more->from) == 499);

    // 500 examples are enough; 499 would not be.
    const Evaluation enough = searched(spec_of(std::string(k_legal) + R"("high_quality_examples": 500)"));
    CHECK(enough.verdict == "fine-tune");
    const AnswerChange* fewer = nullptr;
    for (const VerdictChange& change : enough.what_would_change) {
        if (change.changes.size() == 1 && change.changes[0].question == "high_quality_examples") {
            fewer = &change.changes[0];
        }
    }
    REQUIRE(fewer != nullptr);
    CHECK(std::get<double>(fewer->to) == 499);

    // A 9% gain is below the 10% that skip reads; 10% is not.
    const Evaluation low_gain =
        searched(spec_of(R"("domain_expertise_critical": true, "production": true, "high_quality_examples": 3000,
        "expected_improvement_pct": 9, "needs_realtime_data": false, "use_case": "legal")"));
    CHECK(low_gain.verdict == "skip");
    const AnswerChange* gain = single(low_gain, "fine-tune", "expected_improvement_pct");
    REQUIRE(gain != nullptr);
    CHECK(std::get<double>(gain->to) == 10);
}

TEST_CASE("what would change: an overlay's threshold is the figure shown", "[what_would_change]")
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.push_back(RuleSource{"overlay.yaml", "thresholds: {min_examples: 800}\n"});
    const RulesResult loaded = load_rules(sources);
    REQUIRE(loaded.value);
    const Evaluation e =
        searched(spec_of(std::string(k_legal) + R"("high_quality_examples": 80)", *loaded.value), *loaded.value);
    const AnswerChange* more = single(e, "fine-tune", "high_quality_examples");
    REQUIRE(more != nullptr);
    CHECK(std::get<double>(more->to) == 800);
}

TEST_CASE("what would change: an unknown answer counts as a change, and costs least", "[what_would_change]")
{
    // The examples left unknown: answering 500 would give fine-tune.
    const Evaluation e = searched(spec_of(R"("domain_expertise_critical": true, "production": true,
        "expected_improvement_pct": 25, "needs_realtime_data": false, "use_case": "legal")"));
    CHECK(e.verdict != "fine-tune");
    const AnswerChange* answer = single(e, "fine-tune", "high_quality_examples");
    REQUIRE(answer != nullptr);
    CHECK_FALSE(is_known(answer->from));
    CHECK(std::get<double>(answer->to) == 500);
    REQUIRE_FALSE(e.what_would_change.empty());
    CHECK_FALSE(is_known(e.what_would_change.front().changes.front().from));
}

TEST_CASE("what would change: not searched unless asked", "[what_would_change]")
{
    const Evaluation e = evaluate(spec_of(std::string(k_legal) + R"("high_quality_examples": 80)"), default_rules());
    CHECK_FALSE(e.changes_searched);
    CHECK(e.what_would_change.empty());
}
