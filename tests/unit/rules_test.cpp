#include "ftadvisor/render.hpp"
#include "ftadvisor/rule_cases.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

// Loads a case file's text against the default rules.
RuleCasesResult cases_of(const std::string& text)
{
    return load_rule_cases(RuleSource{"cases.yaml", text}, default_rules());
}

std::string errors_replacing(const std::string& file, const std::string& from, const std::string& to)
{
    RulesResult result = load_rules(rules_with(file, from, to));
    std::string out;
    for (const auto& diagnostic : result.diagnostics) {
        out += format_diagnostic(diagnostic);
    }
    CHECK_FALSE(result.value.has_value());
    return out;
}

} // namespace

TEST_CASE("the embedded rules load without a problem", "[rules]")
{
    const Rules& rules = default_rules();
    CHECK(rules.approaches.size() == 4);
    CHECK(rules.approaches.front().id == "skip");
    CHECK(rules.approaches.back().id == "fine-tune");
    CHECK(rules.stages == std::vector<std::string>{"prototype", "pilot", "production"});
}

TEST_CASE("the embedded rules carry the checklist and its thresholds", "[rules]")
{
    const Rules& rules = default_rules();
    int checklist = 0;
    for (const auto& question : rules.questions) {
        checklist += question.checklist ? 1 : 0;
    }
    CHECK(checklist == 5);
    CHECK(rules.thresholds.at("min_examples") == 500);
    CHECK(rules.thresholds.at("overfit_examples") == 100);
    CHECK(rules.thresholds.at("justified_pct") == 20);
    CHECK(rules.thresholds.at("marginal_pct") == 10);
}

TEST_CASE("the embedded tiers and upkeep carry the source figures", "[rules]")
{
    const Rules& rules = default_rules();
    REQUIRE(rules.tiers.size() == 3);
    static const struct {
        const char* id;
        double min;
        double max; // 0: none
        double cost_low, cost_high, hours_low, hours_high;
    } expected[] = {
        {"small", 500, 1000, 500, 5000, 1, 2},
        {"medium", 1000, 5000, 2000, 20000, 2, 8},
        {"large", 5000, 0, 10000, 100000, 8, 48},
    };
    for (std::size_t i = 0; i < 3; ++i) {
        const Tier& tier = rules.tiers[i];
        INFO(tier.id);
        CHECK(tier.id == expected[i].id);
        CHECK(tier.min_examples == expected[i].min);
        CHECK(tier.max_examples.value_or(0) == expected[i].max);
        CHECK(tier.cost_usd.low == expected[i].cost_low);
        CHECK(tier.cost_usd.high == expected[i].cost_high);
        CHECK(tier.hours.low == expected[i].hours_low);
        CHECK(tier.hours.high == expected[i].hours_high);
    }
    CHECK(rules.tiers.back().open_ended);
    CHECK(rules.upkeep.retrain_every_months.low == 3);
    CHECK(rules.upkeep.retrain_every_months.high == 6);
}

TEST_CASE("the embedded scenarios carry the source figures", "[rules]")
{
    const Rules& rules = default_rules();
    auto find = [&](const std::string& id) -> const Scenario& {
        auto it =
            std::find_if(rules.scenarios.begin(), rules.scenarios.end(), [&](const Scenario& s) { return s.id == id; });
        REQUIRE(it != rules.scenarios.end());
        return *it;
    };
    for (const char* id : {"medical", "legal", "financial", "customer-support"}) {
        INFO(id);
        CHECK(find(id).pays);
        CHECK_FALSE(find(id).data_sources.empty());
        CHECK_FALSE(find(id).impact.empty());
    }
    CHECK(find("general-knowledge").investment_usd->low == 1000);
    CHECK(find("general-knowledge").investment_usd->high == 10000);
    CHECK(find("general-knowledge").improvement_pct->low == 5);
    CHECK(find("general-knowledge").improvement_pct->high == 10);
    CHECK(find("content-generation").investment_usd->low == 5000);
    CHECK(find("content-generation").investment_usd->high == 20000);
    CHECK(find("introductory").investment_usd->low == 3000);
    CHECK(find("introductory").investment_usd->high == 15000);
    CHECK(find("prototyping").investment_usd->high == 0);
    CHECK(find("fast-changing-information").better_approach == "rag");
    CHECK(find("content-generation").better_approach == "prompt-engineer");
}

TEST_CASE("the prototype plan carries the week-by-week timeline", "[rules]")
{
    const Rules& rules = default_rules();
    const Plan& plan = rules.plans.front();
    REQUIRE(plan.id == "prototype-timeline");
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].week_from == 1);
    CHECK(plan.steps[0].week_to == 4);
    CHECK(plan.steps[1].week_from == 5);
    CHECK(plan.steps[1].week_to == 8);
    CHECK(plan.steps[2].week_from == 9);
    CHECK_FALSE(plan.steps[2].week_to.has_value());
}

TEST_CASE("changing a threshold in the YAML changes the verdict with no C++ edit", "[rules]")
{
    const char* spec = R"({"spec_version": 1, "answers": {"domain_expertise_critical": true,
        "high_quality_examples": 700, "production": true, "expected_improvement_pct": 30,
        "needs_realtime_data": false}})";
    CHECK(evaluate_text(spec).verdict == "fine-tune");
    const Rules raised = load_or_fail(rules_with("rules/questions.yaml", "min_examples: 500", "min_examples: 1000"));
    const Evaluation evaluation = evaluate_text(spec, raised);
    CHECK(evaluation.verdict == "prompt-engineer");
    CHECK(evaluation.reasons[1].message ==
          "700 high-quality examples are fewer than the 1,000 fine-tuning needs; get what you can from prompting "
          "first and keep collecting.");
}

TEST_CASE("an inference's value is a valid answer as a spec would give it", "[rules]")
{
    const std::string errors =
        rules_errors("inferences:\n  - id: negative\n    answer: high_quality_examples\n    value: -5\n"
                     "    when: {fact: spec.stage, is: pilot}\n    because: never\n"
                     "  - id: half\n    answer: high_quality_examples\n    value: 2.5\n"
                     "    when: {fact: spec.stage, is: pilot}\n    because: never\n");
    CHECK_THAT(errors, Catch::Contains("inferences[0].value: question 'high_quality_examples' takes a whole number "
                                       "from 0 up to 1,000,000,000,000; got -5"));
    CHECK_THAT(errors, Catch::Contains("inferences[1].value: question 'high_quality_examples' takes a whole number "
                                       "from 0 up to 1,000,000,000,000; got 2.5"));
}

TEST_CASE("rules problems name file, line, column and a suggestion", "[rules]")
{
    CHECK(rules_errors("rules:\n  - id: x\n    when: {fact: answers.production, is: true}\n    reson: typo\n") ==
          "team.yaml:2:5: error: rules[0]: missing required key 'reason'\n"
          "    - id: x\n"
          "      ^\n"
          "team.yaml:4:5: error: rules[0].reson: unknown key 'reson' (did you mean 'reason'?)\n"
          "      reson: typo\n"
          "      ^\n");
    CHECK(rules_errors("rules:\n  - id: y\n    when: {fact: answers.prodution, is: true}\n    reason: r\n") ==
          "team.yaml:3:12: error: rules[0].when.fact: unknown fact 'answers.prodution' (did you mean "
          "'answers.production'?)\n"
          "      when: {fact: answers.prodution, is: true}\n"
          "             ^\n");
    CHECK(rules_errors("rules:\n  - id: z\n    when: {fact: answers.high_quality_examples, lt: min_exampels}\n"
                       "    reason: r\n") ==
          "team.yaml:3:49: error: rules[0].when.lt: unknown threshold 'min_exampels' (did you mean "
          "'min_examples'?)\n"
          "      when: {fact: answers.high_quality_examples, lt: min_exampels}\n"
          "                                                  ^\n");
    CHECK(rules_errors("rules:\n  - id: w\n    when: {fact: answers.production, gt: 3}\n    reason: r\n") ==
          "team.yaml:3:38: error: rules[0].when.gt: 'gt' does not apply to answers.production, which is a yes/no "
          "answer\n"
          "      when: {fact: answers.production, gt: 3}\n"
          "                                       ^\n");
    CHECK(rules_errors("rules:\n  - id: v\n    when: {fact: answers.use_case, is: medicine}\n    reason: r\n") ==
          "team.yaml:3:36: error: rules[0].when.is: unknown value 'medicine'\n"
          "      when: {fact: answers.use_case, is: medicine}\n"
          "                                     ^\n");
    CHECK(rules_errors("rules:\n  - id: u\n    when: {fact: recommended, contains: rag}\n    reason: r\n") ==
          "team.yaml:3:12: error: rules[0].when.fact: unknown fact 'recommended' ('recommended' is known only to "
          "pitfalls)\n"
          "      when: {fact: recommended, contains: rag}\n"
          "             ^\n");
    CHECK(rules_errors("rules:\n  - id: t\n    when: {fact: answers.production, is: true}\n"
                       "    reason: 'has {answers.prod}'\n") ==
          "team.yaml:4:5: error: rules[0].reason: unknown placeholder '{answers.prod}' (did you mean "
          "'answers.production'?)\n"
          "      reason: 'has {answers.prod}'\n"
          "      ^\n");
    CHECK(rules_errors("rules:\n  - id: twice\n    when: {fact: answers.production, is: true}\n    reason: r\n"
                       "  - id: twice\n    when: {fact: answers.production, is: true}\n    reason: r\n") ==
          "team.yaml:5:5: error: rules[1].id: duplicate id 'twice'\n"
          "    - id: twice\n"
          "      ^\n");
    // An id reaches reports unescaped, so markup in one is refused where it is written.
    CHECK(rules_errors("pitfalls:\n  - id: '![x](https://e.example/p.png)|<b>'\n") ==
          "team.yaml:2:5: error: pitfalls[0].id: an id is written with lower-case letters, digits, '-' and '_', "
          "got \"![x](https://e.example/p.png)|<b>\"\n"
          "    - id: '![x](https://e.example/p.png)|<b>'\n"
          "      ^\n");
    CHECK(rules_errors("approaches:\n  - id: Fine-Tune\n") ==
          "team.yaml:2:5: error: approaches[0].id: an id is written with lower-case letters, digits, '-' and '_', "
          "got \"Fine-Tune\"\n"
          "    - id: Fine-Tune\n"
          "      ^\n");
    CHECK(rules_errors("approches: []\n") ==
          "team.yaml:1:1: error: approches: unknown key 'approches' (did you mean 'approaches'?)\n"
          "  approches: []\n"
          "  ^\n");
}

TEST_CASE("tiers that overlap or leave a gap are refused, naming both", "[rules]")
{
    CHECK(errors_replacing("rules/estimate.yaml", "    min_examples: 1000\n", "    min_examples: 900\n") ==
          "rules/estimate.yaml:13:5: error: tiers[1].min_examples: tiers 'small' and 'medium' overlap: 'small' ends "
          "at 1,000 but 'medium' starts at 900\n"
          "      min_examples: 900\n"
          "      ^\n");
    CHECK(errors_replacing("rules/estimate.yaml", "    min_examples: 5000\n", "    min_examples: 6000\n") ==
          "rules/estimate.yaml:19:5: error: tiers[2].min_examples: gap between tiers 'medium' and 'large': no tier "
          "covers 5,000 to 6,000 examples\n"
          "      min_examples: 6000\n"
          "      ^\n");
    CHECK(errors_replacing("rules/estimate.yaml", "cost_usd: {low: 2000, high: 20000}",
                           "cost_usd: {low: 20000, high: 2000}") ==
          "rules/estimate.yaml:15:5: error: tiers[1].cost_usd: low (20,000) is above high (2,000)\n"
          "      cost_usd: {low: 20000, high: 2000}\n"
          "      ^\n");
}

TEST_CASE("a YAML syntax error in a rules file is located", "[rules]")
{
    const std::string errors = rules_errors("rules: [\n");
    CHECK(errors.rfind("team.yaml:2:1: error: invalid YAML: ", 0) == 0);
}

TEST_CASE("an overlay replaces a threshold and leaves the others", "[rules][overlay]")
{
    const Rules rules = load_or_fail(rules_plus("thresholds:\n  min_examples: 1000\n"));
    CHECK(rules.thresholds.at("min_examples") == 1000);
    CHECK(rules.thresholds.at("overfit_examples") == 100);
    const Evaluation e = evaluate_text(R"({"spec_version": 1, "answers": {"domain_expertise_critical": true,
        "high_quality_examples": 700, "production": true, "expected_improvement_pct": 30,
        "needs_realtime_data": false}})",
                                       rules);
    CHECK(e.verdict == "prompt-engineer");
}

TEST_CASE("an entry with a known id replaces only the fields it gives", "[rules][overlay]")
{
    const Rules rules = load_or_fail(rules_plus("pitfalls:\n"
                                                "  - id: over-specializing\n"
                                                "    cases:\n"
                                                "      - when: {fact: recommended, contains: fine-tune}\n"
                                                "        severity: error\n"
                                                "        message: Always test related tasks.\n"));
    const auto pitfall = std::find_if(rules.pitfalls.begin(), rules.pitfalls.end(),
                                      [](const Pitfall& p) { return p.id == "over-specializing"; });
    REQUIRE(pitfall != rules.pitfalls.end());
    CHECK(pitfall->name == "Over-specialising"); // kept from the defaults
    REQUIRE(pitfall->cases.size() == 1);
    CHECK(pitfall->cases[0].severity == Severity::error);
    CHECK(rules.pitfalls.size() == default_rules().pitfalls.size());
    CHECK(rules.pitfalls.back().id == default_rules().pitfalls.back().id); // order kept
}

TEST_CASE("a new id is appended and remove: true drops one", "[rules][overlay]")
{
    const Rules rules = load_or_fail(rules_plus("pitfalls:\n"
                                                "  - {id: low-quality-data, remove: true}\n"
                                                "plans:\n"
                                                "  - id: skip-with-review\n"
                                                "    approach: skip\n"
                                                "    title: Review quarterly\n"
                                                "    steps: [{weeks: {low: 1}, text: Look again each quarter.}]\n"));
    CHECK(std::none_of(rules.pitfalls.begin(), rules.pitfalls.end(),
                       [](const Pitfall& p) { return p.id == "low-quality-data"; }));
    CHECK(rules.plans.back().id == "skip-with-review");
}

TEST_CASE("tiers can be replaced with in-house figures", "[rules][overlay]")
{
    const Rules rules =
        load_or_fail(rules_plus("tiers:\n"
                                "  - {id: small, cost_usd: {low: 300, high: 900}}\n"
                                "  - {id: medium, cost_usd: {low: 900, high: 4000}, hours: {low: 1, high: 3}}\n"
                                "  - {id: large, cost_usd: {low: 4000, high: 30000}}\n"));
    const auto estimate = estimate_fine_tuning(2400, rules);
    REQUIRE(estimate.has_value());
    CHECK(estimate->cost_usd.low == 900);
    CHECK(estimate->cost_usd.high == 4000);
    CHECK(estimate->hours.high == 3);
    CHECK(estimate_fine_tuning(600, rules)->hours.high == 2); // unchanged fields stay
}

TEST_CASE("complete: true starts from nothing instead of the defaults", "[rules][overlay]")
{
    RulesResult result = load_rules(rules_plus("complete: true\n"));
    REQUIRE_FALSE(result.value.has_value());
    CHECK(format_diagnostic(result.diagnostics.front()) == "<rules>: error: the rules define no approaches\n");
}

TEST_CASE("overlay mistakes are reported where the overlay wrote them", "[rules][overlay]")
{
    CHECK(rules_errors("pitfalls:\n  - {id: low-quality-dta, remove: true}\n") ==
          "team.yaml:2:6: error: pitfalls[0].id: cannot remove 'low-quality-dta': no earlier rules define it in "
          "pitfalls\n"
          "    - {id: low-quality-dta, remove: true}\n"
          "       ^\n");
    CHECK(rules_errors("pitfalls:\n  - {id: low-quality-data, remove: true, name: x}\n") ==
          "team.yaml:2:5: error: pitfalls[0]: an entry that removes 'low-quality-data' takes no other keys\n"
          "    - {id: low-quality-data, remove: true, name: x}\n"
          "      ^\n");
    // The merged tier is wrong because of the overlay's figure: the message points there.
    CHECK(rules_errors("tiers:\n  - id: medium\n    min_examples: 1200\n") ==
          "team.yaml:3:5: error: tiers[0].min_examples: gap between tiers 'small' and 'medium': no tier covers "
          "1,000 to 1,200 examples\n"
          "      min_examples: 1200\n"
          "      ^\n");
}

TEST_CASE("a question no rule reads is refused", "[rules]")
{
    CHECK(rules_errors("questions:\n  - id: latency_critical\n    kind: bool\n    text: Must it answer fast?\n") ==
          "team.yaml:2:5: error: questions[0].id: question 'latency_critical' is not used by any rule\n"
          "    - id: latency_critical\n"
          "      ^\n");
}

TEST_CASE("a verdict no rule can reach is refused", "[rules]")
{
    CHECK(rules_errors("rules:\n  - {id: realtime-needs-retrieval, remove: true}\n") ==
          "rules/approaches.yaml:11:5: error: approaches[2].id: verdict 'rag' cannot be reached: no base score or "
          "rule gives it points\n"
          "    - id: rag\n"
          "      ^\n");
}

TEST_CASE("the effective rules shown as YAML load back to the same rules", "[rules][show]")
{
    const Rules base = load_or_fail(rules_plus("thresholds: {min_examples: 800}\n"
                                               "pitfalls:\n  - {id: low-quality-data, remove: true}\n"));
    const std::string shown = render_rules_yaml(base);
    CHECK(shown.find("complete: true") != std::string::npos);

    // Alone, and laid over the defaults, it gives back the same rules, shown the same way.
    const Rules alone = load_or_fail({RuleSource{"shown.yaml", shown}});
    const Rules over = load_or_fail(rules_plus(shown, "shown.yaml"));
    CHECK(render_rules_yaml(alone) == shown);
    CHECK(render_rules_yaml(over) == shown);

    // And every example evaluates to byte-identical output under both.
    for (const auto& entry : std::filesystem::directory_iterator(std::string(FTADVISOR_SOURCE_DIR) + "/examples")) {
        if (!entry.is_regular_file()) {
            continue; // examples/rules holds overlays, not specs
        }
        const std::string path = entry.path().string();
        INFO(path);
        const FileText file = local_files().read_file(path, k_default_max_document_bytes);
        REQUIRE(file.text.has_value());
        const Spec spec = spec_of(*file.text, path, base);
        CHECK(render_json(evaluate(spec, alone)) == render_json(evaluate(spec, base)));
        CHECK(render_text(evaluate(spec, over), over, {}) == render_text(evaluate(spec, base), base, {}));
    }
}

TEST_CASE("strings that would read back as other types are quoted", "[rules][show]")
{
    const Rules rules = load_or_fail(rules_plus("approaches:\n  - {id: skip, summary: 'true'}\n"
                                                "  - {id: rag, summary: '12'}\n"));
    const std::string shown = render_rules_yaml(rules);
    CHECK(shown.find("summary: \"true\"") != std::string::npos);
    CHECK(shown.find("summary: \"12\"") != std::string::npos);
    const Rules back = load_or_fail({RuleSource{"shown.yaml", shown}});
    CHECK(back.approaches[0].summary == "true");
}

TEST_CASE("the project's own rule cases all pass", "[rules][cases]")
{
    std::size_t count = 0;
    for (const auto& source : embedded_rule_case_sources()) {
        INFO(source.name);
        RuleCasesResult cases = load_rule_cases(source, default_rules());
        CHECK(cases.diagnostics.empty());
        for (const auto& rule_case : cases.cases) {
            INFO(rule_case.name);
            CHECK(check_rule_case(rule_case, default_rules()).empty());
            ++count;
        }
    }
    CHECK(count >= 30);
}

TEST_CASE("a failing rule case says what differs", "[rules][cases]")
{
    RuleCasesResult cases = cases_of("- name: wrong\n"
                                     "  spec: {spec_version: 1, answers: {use_case: general-knowledge}}\n"
                                     "  expect: {verdict: rag, also: [fine-tune], flags: [marginal],\n"
                                     "           warnings: [over-specializing], no_warnings: []}\n");
    REQUIRE(cases.cases.size() == 1);
    CHECK(cases.cases[0].location.line == 1);
    CHECK(check_rule_case(cases.cases[0], default_rules()) ==
          std::vector<std::string>{"verdict: expected rag, got skip", "also: expected [fine-tune], got []",
                                   "flags: expected [marginal], got []",
                                   "warnings: expected over-specializing to apply, got []"});
}

TEST_CASE("bad rule cases are reported with their location and the others kept", "[rules][cases]")
{
    RuleCasesResult cases = cases_of("- name: fine\n"
                                     "  spec: {spec_version: 1}\n"
                                     "  expect: {verdict: prompt-engineer}\n"
                                     "- name: broken\n"
                                     "  spec: {spec_version: 1, stage: beta}\n"
                                     "  expect: {verdict: skip, cost: 1}\n");
    REQUIRE(cases.cases.size() == 1);
    CHECK(cases.cases[0].name == "fine");
    REQUIRE(cases.diagnostics.size() == 2);
    CHECK(format_diagnostic(cases.diagnostics[0]) ==
          "cases.yaml:5:27: error: [1].spec.stage: unknown stage \"beta\"; expected one of prototype, pilot, "
          "production\n"
          "    spec: {spec_version: 1, stage: beta}\n"
          "                            ^\n");
    CHECK(format_diagnostic(cases.diagnostics[1])
              .rfind("cases.yaml:6:27: error: [1].expect.cost: unknown key 'cost' (did you mean 'cost_usd'?)", 0) == 0);
}

TEST_CASE("the catalogue of routes is checked, each problem at its place", "[rules][providers]")
{
    const std::string errors = rules_errors(R"(routes:
  - {id: negative, provider: x, provider_name: X, model: a, kind: hosted, status: open,
     billing: {usd_per_million_tokens: -1}, sources: [{for: price, url: u, read: 2026-01-01}]}
  - {id: undated, provider: x, provider_name: X, model: b, kind: hosted, status: open,
     sources: [{for: price, url: u, read: last spring}]}
  - {id: backwards, provider: x, provider_name: X, model: c, kind: hosted, status: closing,
     jobs_stop: 2027-03-01, serving_stops: 2027-01-01, sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
  - {id: unknown-status, provider: x, provider_name: X, model: d, kind: hosted, status: sunsetting,
     sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
  - {id: open-with-date, provider: x, provider_name: X, model: e, kind: hosted, status: open,
     jobs_stop: 2027-01-01, sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
  - {id: gpu-hosted, provider: x, provider_name: X, model: f, kind: hosted, status: open,
     billing: {gpu_hour: {params_billion: 8}}, sources: [{for: price, url: u, read: 2026-01-01}]}
  - {id: no-price-source, provider: x, provider_name: X, model: g, kind: hosted, status: open,
     billing: {usd_per_million_tokens: 1}, sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
  - {id: same-model, provider: x, provider_name: X, model: g, kind: hosted, status: open,
     sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
  - {id: bad-epochs, provider: x, provider_name: X, model: h, kind: hosted, status: open, epochs: 0,
     sources: [{for: lifecycle, url: u, read: 2026-01-01}]}
  - {id: bad-kind, provider: x, provider_name: X, model: i, kind: cloud, status: open, sources: []}
)");
    CHECK_THAT(errors, Catch::Contains("team.yaml:3:") && Catch::Contains("routes[0].billing.usd_per_million_tokens: "
                                                                          "must be 0 or more"));
    CHECK_THAT(errors, Catch::Contains("team.yaml:5:") && Catch::Contains("routes[1].sources[0].read") &&
                           Catch::Contains("'last spring'"));
    CHECK_THAT(errors, Catch::Contains("team.yaml:7:") && Catch::Contains("routes[2].serving_stops") &&
                           Catch::Contains("before new jobs stop"));
    CHECK_THAT(errors,
               Catch::Contains("team.yaml:8:") && Catch::Contains("routes[3].status: unknown status 'sunsetting'"));
    CHECK_THAT(errors, Catch::Contains("routes[4].status: an open route has no stop date announced"));
    CHECK_THAT(errors, Catch::Contains("routes[5].billing.gpu_hour: only a self-hosted route"));
    CHECK_THAT(errors, Catch::Contains("routes[6].sources: a priced route says where its price was read"));
    CHECK_THAT(errors, Catch::Contains("routes[7].model: another route is already x g"));
    CHECK_THAT(errors, Catch::Contains("routes[8].epochs: expected `auto`"));
    CHECK_THAT(errors, Catch::Contains("routes[9].kind: unknown kind of route 'cloud'"));

    // Facts of the named route are the pitfalls' alone: a decision rule may not test them.
    const std::string decision = rules_errors(R"(rules:
  - id: closing-route
    when: {fact: route.offered, is: false}
    scores: {prompt-engineer: 1}
    reason: The route closes.
)");
    CHECK_THAT(decision, Catch::Contains("unknown fact 'route.offered' ('route.offered' is known only to pitfalls)"));
}

TEST_CASE("the training section is checked", "[rules]")
{
    const std::string training = rules_errors(R"(training:
  epochs: {target: 30, min: 1, max: 25, min_examples_x_epochs: 100, max_examples_x_epochs: 25000}
  self_hosted: {flops_per_param_token: 6, gpu: H100, gpu_peak_tflops: 989,
                utilisation: {low: 0.3, high: 1.5}, usd_per_gpu_hour: {low: 2, high: 4}}
)");
    CHECK_THAT(training, Catch::Contains("training.epochs.target") && Catch::Contains("within [min, max]"));
    CHECK_THAT(rules_errors("training: {price_max_age_months: 2147483000}\n"),
               Catch::Contains("training.price_max_age_months: must be at most 1200 (a century)"));
    CHECK_THAT(rules_errors("training: {horizon_months: 0}\n"),
               Catch::Contains("team.yaml:1:12: error: training.horizon_months: must be above 0"));
    CHECK_THAT(training, Catch::Contains("training.self_hosted.utilisation") && Catch::Contains("(0, 1]"));
}

TEST_CASE("rules check reports bad amounts, number words, spelling and value_from with their place", "[rules][amounts]")
{
    const std::string errors = testing::rules_errors(R"(amounts:
  - id: budget
    signal: medical
    kind: money
  - id: hours
    signal: hours
    kind: count
    reach: 20
lexicons:
  - id: team
    signal: team
    negated_signal: team
    terms: [{weight: 1, phrases: [ward]}]
numbers:
  - id: german
    words: {eins: 1, zwei: -2}
    suffixes: {"k!": 1000}
spelling:
  min_length: 2
inferences:
  - id: x
    answer: production
    value_from: signals.examples
    because: no
  - id: y
    answer: high_quality_examples
    value_from: signals.medical
    because: no
  - id: z
    answer: high_quality_examples
    value: 3
    value_from: signals.examples
    because: no
)");
    for (const char* expected :
         {"team.yaml:3:5: error: amounts[0].signal: signal 'medical' is already fed by a lexicon; an amount "
          "needs a signal of its own\n",
          "team.yaml:4:5: error: amounts[0].kind: unknown amount kind 'money'",
          "team.yaml:5:5: error: amounts[1]: missing required key 'units'\n",
          "team.yaml:8:5: error: amounts[1].reach: expected a whole number of words from 0 to 12\n",
          "team.yaml:12:5: error: lexicons[0].negated_signal: must differ from the lexicon's own signal\n",
          "team.yaml:16:22: error: numbers[0].words.zwei: must be a number above 0\n",
          "team.yaml:17:16: error: numbers[0].suffixes.k!: a suffix is written with ASCII letters only, as it "
          "stands against a figure (15k)\n",
          "team.yaml:19:3: error: spelling.min_length: expected 0 (no correction) or a whole number from 4 to "
          "30\n",
          "team.yaml:23:5: error: inferences[0].value_from: takes a number, so it answers a count or percent "
          "question only\n",
          "team.yaml:27:5: error: inferences[1].value_from: expected the signal of an amount (signals.<signal "
          "of `amounts`), got \"signals.medical\"\n",
          "team.yaml:29:5: error: inferences[2]: give 'value' or 'value_from', not both\n"}) {
        INFO(errors);
        CHECK(errors.find(expected) != std::string::npos);
    }
}

TEST_CASE("a team extends the amounts with number words and units of its own", "[rules][amounts]")
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.push_back(RuleSource{"team.yaml", R"(numbers:
  - id: german
    words: {zweitausend: 2000}
amounts:
  - id: examples
    units: [Gutachten]
)"});
    const RulesResult result = load_rules(sources);
    REQUIRE(result.value);
    const DescriptionReading reading = result.value->description_reader->read("Wir haben zweitausend Gutachten.");
    const auto examples = std::find_if(reading.signals.begin(), reading.signals.end(),
                                       [](const SignalValue& s) { return s.signal == "examples"; });
    REQUIRE(examples != reading.signals.end());
    CHECK(examples->known);
    CHECK(examples->value == 2000);
}
