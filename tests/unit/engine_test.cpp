#include "helpers.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

bool has_warning(const Evaluation& e, const std::string& id, Severity severity)
{
    return std::any_of(e.warnings.begin(), e.warnings.end(),
                       [&](const Warning& w) { return w.id == id && w.severity == severity; });
}

bool fired(const Evaluation& e, const std::string& rule)
{
    return std::any_of(e.reasons.begin(), e.reasons.end(), [&](const Reason& r) { return r.rule->id == rule; });
}

// One point of the grid: -1 means "left out".
struct Point {
    int dec;              // domain_expertise_critical: 0/1/-1
    double examples;      // -1 unknown
    int production;       // 0/1/-1
    double improvement;   // -1 unknown
    int realtime;         // 0/1/-1
    std::string use_case; // "" unknown
    std::string stage;    // "" unknown
};

std::string to_spec(const Point& p)
{
    std::string answers;
    auto add = [&](const std::string& item) { answers += (answers.empty() ? "" : ", ") + item; };
    if (p.dec >= 0)
        add(fmt::format("\"domain_expertise_critical\": {}", p.dec == 1));
    if (p.examples >= 0)
        add(fmt::format("\"high_quality_examples\": {}", p.examples));
    if (p.production >= 0)
        add(fmt::format("\"production\": {}", p.production == 1));
    if (p.improvement >= 0)
        add(fmt::format("\"expected_improvement_pct\": {}", p.improvement));
    if (p.realtime >= 0)
        add(fmt::format("\"needs_realtime_data\": {}", p.realtime == 1));
    if (!p.use_case.empty())
        add(fmt::format("\"use_case\": \"{}\"", p.use_case));
    std::string spec = "{\"spec_version\": 1, \"answers\": {" + answers + "}";
    if (!p.stage.empty())
        spec += fmt::format(", \"stage\": \"{}\"", p.stage);
    return spec + "}";
}

// The answers after the documented inferences: use case -> domain expertise, stage ->
// production. 1 yes, 0 no, -1 unknown.
struct Effective {
    int dec;
    int production;
};

Effective effective(const Point& p)
{
    const bool specialised = p.use_case == "medical" || p.use_case == "legal" || p.use_case == "financial" ||
                             p.use_case == "customer-support";
    const bool general =
        p.use_case == "general-knowledge" || p.use_case == "content-generation" || p.use_case == "introductory";
    const int dec = p.dec >= 0 ? p.dec : specialised ? 1 : general ? 0 : -1;
    const int production = p.production >= 0         ? p.production
                           : p.stage == "production" ? 1
                           : p.stage == "prototype"  ? 0
                                                     : -1;
    return {dec, production};
}

// The precedence documented in docs/decision-model.md, restated independently of the
// rules' points so that a change of weights that breaks it is caught.
std::string expected_verdict(const Point& p)
{
    const auto [dec, production] = effective(p);
    if (p.realtime == 1)
        return "rag";
    if (p.stage == "prototype")
        return "prompt-engineer";
    if (p.use_case == "content-generation" || p.use_case == "introductory")
        return "prompt-engineer";
    if (p.use_case == "general-knowledge")
        return "skip";
    if (dec == 0)
        return "skip";
    if (p.improvement >= 0 && p.improvement < 10)
        return "skip";
    if (production == 0)
        return "prompt-engineer";
    if (p.examples >= 0 && p.examples < 500)
        return "prompt-engineer";
    if (dec == -1 || p.examples < 0 || production == -1)
        return "prompt-engineer";
    return "fine-tune";
}

bool expected_hybrid(const Point& p, const std::string& verdict)
{
    const auto [dec, production] = effective(p);
    return verdict == "rag" && dec == 1 && p.examples >= 500 && production == 1 && p.improvement > 20 &&
           p.stage != "prototype";
}

} // namespace

TEST_CASE("every combination of answers follows the documented precedence", "[engine]")
{
    const int flags[] = {1, 0, -1};
    const double examples[] = {50, 499, 500, 5000, -1};
    const double improvements[] = {5, 15, 25, -1};
    const char* use_cases[] = {"medical", "general-knowledge", "content-generation", "introductory", "other", ""};
    const char* stages[] = {"prototype", "pilot", "production", ""};
    const Rules& rules = default_rules();
    int checked = 0;
    for (int dec : flags)
        for (double ex : examples)
            for (int production : flags)
                for (double improvement : improvements)
                    for (int realtime : flags)
                        for (const char* use_case : use_cases)
                            for (const char* stage : stages) {
                                const Point p{dec, ex, production, improvement, realtime, use_case, stage};
                                const std::string spec = to_spec(p);
                                const Evaluation e = evaluate(spec_of(spec), rules);
                                INFO(spec);
                                REQUIRE(e.verdict == expected_verdict(p));
                                const bool hybrid = expected_hybrid(p, e.verdict);
                                REQUIRE(e.recommends("fine-tune") == (e.verdict == "fine-tune" || hybrid));
                                REQUIRE(e.estimate.has_value() == e.recommends("fine-tune"));
                                REQUIRE(has_warning(e, "insufficient-data", Severity::error) == (ex >= 0 && ex < 100));
                                // The verdict is the best-scoring approach no rule ruled out.
                                const Standing& verdict = e.standing(e.verdict);
                                REQUIRE(verdict.excluded_by.empty());
                                for (const Standing& s : e.standings) {
                                    if (s.excluded_by.empty()) {
                                        REQUIRE(s.score <= verdict.score);
                                    }
                                }
                                ++checked;
                            }
    CHECK(checked == 3 * 5 * 3 * 4 * 3 * 6 * 4);
}

TEST_CASE("real-time needs go to retrieval, with fine-tuning alongside when the rest supports it", "[engine]")
{
    const Evaluation hybrid = evaluate_text(R"({"spec_version": 1, "answers": {"domain_expertise_critical": true,
        "high_quality_examples": 3200, "production": true, "expected_improvement_pct": 28,
        "needs_realtime_data": true}})");
    CHECK(hybrid.verdict == "rag");
    CHECK(hybrid.also == std::vector<std::string>{"fine-tune"});
    CHECK(fired(hybrid, "retrieval-plus-fine-tune"));
    CHECK(hybrid.standing("fine-tune").excluded_by == std::vector<std::string_view>{"realtime-needs-retrieval"});
    CHECK(has_warning(hybrid, "ignoring-maintenance", Severity::warning));

    const Evaluation marginal = evaluate_text(R"({"spec_version": 1, "answers": {"domain_expertise_critical": true,
        "high_quality_examples": 3200, "production": true, "expected_improvement_pct": 15,
        "needs_realtime_data": true}})");
    CHECK(marginal.verdict == "rag");
    CHECK(marginal.also.empty());
}

TEST_CASE("the improvement bands are half-open at 10 and 20 percent", "[engine]")
{
    static const struct {
        double pct;
        const char* verdict;
        bool marginal;
    } cases[] = {
        {9.9, "skip", false},
        {10, "fine-tune", true},
        {20, "fine-tune", true},
        {20.1, "fine-tune", false},
    };
    for (const auto& c : cases) {
        INFO(c.pct);
        const Evaluation e = evaluate_text(fmt::format(R"({{"spec_version": 1, "answers": {{
            "domain_expertise_critical": true, "high_quality_examples": 2000, "production": true,
            "expected_improvement_pct": {}, "needs_realtime_data": false}}}})",
                                                       c.pct));
        CHECK(e.verdict == c.verdict);
        const bool marginal = std::find(e.flags.begin(), e.flags.end(), "marginal") != e.flags.end();
        CHECK(marginal == c.marginal);
    }
}

TEST_CASE("the example thresholds are half-open at 100 and 500", "[engine]")
{
    static const struct {
        int examples;
        const char* verdict;
        bool overfit;
    } cases[] = {{99, "prompt-engineer", true},
                 {100, "prompt-engineer", false},
                 {499, "prompt-engineer", false},
                 {500, "fine-tune", false}};
    for (const auto& c : cases) {
        INFO(c.examples);
        const Evaluation e = evaluate_text(fmt::format(R"({{"spec_version": 1, "answers": {{
            "domain_expertise_critical": true, "high_quality_examples": {}, "production": true,
            "expected_improvement_pct": 30, "needs_realtime_data": false}}}})",
                                                       c.examples));
        CHECK(e.verdict == c.verdict);
        CHECK(has_warning(e, "insufficient-data", Severity::error) == c.overfit);
    }
}

TEST_CASE("an empty spec gets prompt engineering and lists every answer as unknown", "[engine]")
{
    const Evaluation e = evaluate_text(R"({"spec_version": 1})");
    CHECK(e.verdict == "prompt-engineer");
    CHECK(e.unknown.size() == default_rules().questions.size());
    CHECK(fired(e, "fine-tune-needs-evidence"));
    CHECK(e.name == "spec");
    CHECK_FALSE(e.estimate.has_value());
    CHECK(e.plan->id == "prompt-engineer-plan");
}

TEST_CASE("answers left out are inferred from the stage and use case, and said to be", "[engine]")
{
    const Evaluation e = evaluate_text(R"({"spec_version": 1, "stage": "production",
        "answers": {"use_case": "legal", "high_quality_examples": 1200, "expected_improvement_pct": 30,
                    "needs_realtime_data": false}})");
    CHECK(e.verdict == "fine-tune");
    REQUIRE(e.inferred.size() == 2);
    CHECK(e.inferred[0].question == "production");
    CHECK(e.inferred[0].rule == "production-stage-means-production");
    CHECK(e.inferred[1].question == "domain_expertise_critical");
    CHECK(e.inferred[1].value == Value(true));
    CHECK(e.answers[0].source == AnswerSource::inferred);
    CHECK(e.answers[1].source == AnswerSource::given);
}

TEST_CASE("a given answer wins over an inference, and the contradiction is reported", "[engine]")
{
    const Evaluation e = evaluate_text(R"({"spec_version": 1, "stage": "prototype",
        "answers": {"production": true}})");
    REQUIRE(e.contradictions.size() == 1);
    CHECK(e.contradictions[0].question == "production");
    CHECK(e.contradictions[0].given == Value(true));
    CHECK(e.contradictions[0].inferred == Value(false));
    CHECK(e.answers[2].value == Value(true));
    CHECK(e.answers[2].source == AnswerSource::given);
}

TEST_CASE("the prototype stage gets the week-by-week plan", "[engine]")
{
    const Evaluation e = evaluate_text(R"({"spec_version": 1, "stage": "prototype"})");
    CHECK(e.verdict == "prompt-engineer");
    REQUIRE(e.plan != nullptr);
    CHECK(e.plan->id == "prototype-timeline");
    REQUIRE(e.scenarios.size() == 1);
    CHECK(e.scenarios[0]->id == "prototyping");
}

TEST_CASE("pitfalls apply to what was recommended", "[engine]")
{
    const Evaluation unproven = evaluate_text(R"({"spec_version": 1, "answers": {"domain_expertise_critical": true,
        "high_quality_examples": 700, "production": true, "needs_realtime_data": false}})");
    CHECK(unproven.verdict == "fine-tune");
    CHECK(has_warning(unproven, "no-baseline-comparison", Severity::warning));
    CHECK(has_warning(unproven, "over-specializing", Severity::warning));
    CHECK(has_warning(unproven, "low-quality-data", Severity::info));
    CHECK(unproven.warnings.front().severity == Severity::warning); // most severe first

    const Evaluation measured = evaluate_text(R"({"spec_version": 1, "dataset": "train.jsonl",
        "answers": {"domain_expertise_critical": true, "high_quality_examples": 7000, "production": true,
        "expected_improvement_pct": 40, "needs_realtime_data": false}})");
    CHECK(has_warning(measured, "no-baseline-comparison", Severity::info));
    CHECK(has_warning(measured, "over-specializing", Severity::info));
    CHECK_FALSE(std::any_of(measured.warnings.begin(), measured.warnings.end(),
                            [](const Warning& w) { return w.id == "low-quality-data"; }));

    const Evaluation skipped = evaluate_text(R"({"spec_version": 1, "answers": {"use_case": "general-knowledge"}})");
    CHECK(skipped.warnings.empty());
}

TEST_CASE("a proposal is supported when it is the verdict or in also", "[engine]")
{
    constexpr const char* base = R"({{"spec_version": 1, "proposed_approach": "{}", "answers": {{
        "domain_expertise_critical": true, "high_quality_examples": 3200, "production": true,
        "expected_improvement_pct": 28, "needs_realtime_data": true}}}})";
    CHECK(evaluate_text(fmt::format(fmt::runtime(base), "rag")).proposal_supported);
    CHECK(evaluate_text(fmt::format(fmt::runtime(base), "fine-tune")).proposal_supported);
    CHECK_FALSE(evaluate_text(fmt::format(fmt::runtime(base), "skip")).proposal_supported);
    CHECK_FALSE(evaluate_text(R"({"spec_version": 1})").proposal_supported);
}

TEST_CASE("ties go to the approach listed first", "[engine]")
{
    // With these rules, skip and prompt-engineer both score 3: skip is listed first.
    const Rules rules = load_or_fail(rules_with("rules/decision.yaml", "base_scores: {prompt-engineer: 1}",
                                                "base_scores: {prompt-engineer: 3, skip: 3}"));
    const Evaluation e = evaluate_text(R"({"spec_version": 1})", rules);
    CHECK(e.standing("skip").score == e.standing("prompt-engineer").score);
    CHECK(e.verdict == "skip");
}

TEST_CASE("reasons fill their placeholders from the answers and thresholds", "[engine]")
{
    const Evaluation e = evaluate_text(R"({"spec_version": 1, "answers": {"high_quality_examples": 2400}})");
    REQUIRE(fired(e, "enough-examples"));
    CHECK(e.reasons[0].message == "2,400 high-quality examples meet the 500 needed to consider fine-tuning.");
}

TEST_CASE("evaluation is deterministic", "[engine]")
{
    const std::string spec = R"({"spec_version": 1, "stage": "production", "answers": {"use_case": "financial",
        "high_quality_examples": 3200, "expected_improvement_pct": 28, "needs_realtime_data": true}})";
    const Evaluation a = evaluate_text(spec);
    const Evaluation b = evaluate_text(spec);
    CHECK(a.verdict == b.verdict);
    CHECK(a.reasons.size() == b.reasons.size());
    CHECK(a.warnings.size() == b.warnings.size());
}

TEST_CASE("each example reaches its intended verdict and estimate", "[engine][examples]")
{
    static const struct {
        const char* file;
        const char* verdict;
        const char* also; // "" for none
        const char* tier; // "" for no estimate
        double cost_low;
        double cost_high;
        const char* scenario;
    } cases[] = {
        {"clinic-triage.json", "fine-tune", "", "medium", 2000, 20000, "medical"},
        {"contract-review.yaml", "fine-tune", "", "large", 10000, 100000, "legal"},
        {"market-desk.json", "rag", "fine-tune", "medium", 2000, 20000, "fast-changing-information"},
        {"returns-support.yaml", "fine-tune", "", "small", 500, 5000, "customer-support"},
        {"trivia-bot.json", "skip", "", "", 0, 0, "general-knowledge"},
        {"blog-writer.yaml", "prompt-engineer", "", "", 0, 0, "content-generation"},
        {"intro-lessons.json", "prompt-engineer", "rag", "", 0, 0, "introductory"},
        {"weather-concierge.json", "rag", "", "", 0, 0, "fast-changing-information"},
        {"claims-prototype.yaml", "prompt-engineer", "", "", 0, 0, "prototyping"},
        {"warranty-faq-small.json", "prompt-engineer", "", "", 0, 0, "customer-support"},
        {"hr-policy-pilot.yaml", "prompt-engineer", "", "", 0, 0, ""},
        {"legal-low-gain.json", "skip", "", "", 0, 0, "legal"},
    };
    for (const auto& c : cases) {
        INFO(c.file);
        const std::string path = std::string(FTADVISOR_SOURCE_DIR) + "/examples/" + c.file;
        const FileText file = local_files().read_file(path, k_default_max_document_bytes);
        REQUIRE(file.text.has_value());
        const Evaluation e = evaluate(spec_of(*file.text, path), default_rules());
        CHECK(e.verdict == c.verdict);
        CHECK(e.also == (std::string(c.also).empty() ? std::vector<std::string>{} : std::vector<std::string>{c.also}));
        if (std::string(c.tier).empty()) {
            CHECK_FALSE(e.estimate.has_value());
        } else {
            REQUIRE(e.estimate.has_value());
            CHECK(e.estimate->tier_id == c.tier);
            CHECK(e.estimate->cost_usd.low == c.cost_low);
            CHECK(e.estimate->cost_usd.high == c.cost_high);
        }
        if (!std::string(c.scenario).empty()) {
            CHECK(std::any_of(e.scenarios.begin(), e.scenarios.end(),
                              [&](const Scenario* s) { return s->id == c.scenario; }));
        }
    }
}

TEST_CASE("a description-only spec gets inferences with their evidence, and the trace only on request",
          "[engine][description]")
{
    const Spec spec =
        testing::spec_of(R"({"spec_version": 1, "description": "Drafts radiology reports. No live data."})");
    const Evaluation plain = evaluate(spec, default_rules());
    CHECK(plain.trace.empty());
    CHECK_FALSE(plain.explained);
    CHECK(plain.description_read);
    const auto use_case = std::find_if(plain.inferred.begin(), plain.inferred.end(),
                                       [](const Inferred& i) { return i.question == "use_case"; });
    REQUIRE(use_case != plain.inferred.end());
    CHECK(use_case->value == Value(std::string("medical")));
    REQUIRE(use_case->evidence.size() == 1);
    CHECK(use_case->evidence.front().text == "radiology");
    CHECK(use_case->evidence.front().start == 7);
    // "No live data" says the data is not live: it answers the real-time question with no.
    const auto realtime = std::find_if(plain.inferred.begin(), plain.inferred.end(),
                                       [](const Inferred& i) { return i.question == "needs_realtime_data"; });
    REQUIRE(realtime != plain.inferred.end());
    CHECK(realtime->value == Value(false));
    REQUIRE(realtime->evidence.size() == 1);
    CHECK(realtime->evidence.front().text == "No live data");
    // One span feeds one reading: "live data" inside "No live data" is no real-time cue.
    CHECK(std::none_of(plain.matches.begin(), plain.matches.end(),
                       [](const PhraseMatch& m) { return m.signal == "realtime"; }));

    const Evaluation explained = evaluate(spec, default_rules(), true);
    CHECK(explained.explained);
    auto count = [&](std::string_view kind) {
        return static_cast<std::size_t>(std::count_if(explained.trace.begin(), explained.trace.end(),
                                                      [&](const TraceEntry& t) { return t.kind == kind; }));
    };
    CHECK(count("inference") == default_rules().inferences.size());
    CHECK(count("decision") == default_rules().decisions.size());
    CHECK(count("pitfall") == default_rules().pitfalls.size());
    CHECK(count("scenario") == default_rules().scenarios.size());
    CHECK(count("plan") >= 1);
    CHECK(explained.verdict == plain.verdict);
    const TraceEntry& first = explained.trace.front();
    REQUIRE_FALSE(first.inputs.empty());
    CHECK(first.inputs.front().first.substr(0, 8) == "signals.");
}

TEST_CASE("a given answer wins over the description, and the disagreement carries its words", "[engine][description]")
{
    const Spec spec = testing::spec_of(
        R"({"spec_version": 1, "description": "It quotes live stock prices.", "answers": {"needs_realtime_data": false}})");
    const Evaluation e = evaluate(spec, default_rules());
    CHECK(e.answers[4].question == "needs_realtime_data");
    CHECK(e.answers[4].source == AnswerSource::given);
    REQUIRE(e.contradictions.size() == 1);
    CHECK(e.contradictions.front().question == "needs_realtime_data");
    REQUIRE(e.contradictions.front().evidence.size() == 2);
    CHECK(e.contradictions.front().evidence[1].text == "stock prices");
    // Without a description, signals are unknown rather than zero.
    const Evaluation none = evaluate(testing::spec_of(R"({"spec_version": 1})"), default_rules());
    CHECK_FALSE(none.description_read);
    CHECK(none.signals.empty());
}
