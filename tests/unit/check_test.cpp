#include "ftadvisor/batch.hpp"
#include "ftadvisor/check.hpp"

#include "helpers.hpp"
#include "text.hpp"

#include <algorithm>

using namespace ftadvisor;

namespace {

// A production proposal with expertise, `examples` examples and 30% expected gain; `extra`
// adds top-level YAML fields.
std::string proposal(int examples, const std::string& extra = "", bool realtime = false)
{
    return "spec_version: 1\nname: Test proposal\nanswers:\n  domain_expertise_critical: true\n"
           "  high_quality_examples: " +
           std::to_string(examples) + "\n  production: true\n  expected_improvement_pct: 30\n  needs_realtime_data: " +
           (realtime ? "true" : "false") + "\nstage: production\n" + extra;
}

// The policy of the tests: judged on 2026-06-01, with `max_cost` as --max-cost.
CheckPolicy policy_with(std::optional<double> max_cost = std::nullopt)
{
    CheckPolicy policy;
    policy.max_cost_usd = max_cost;
    policy.today = "2026-06-01";
    return policy;
}

ProposalCheck check_text(const std::string& text, const CheckPolicy& policy = policy_with())
{
    const Run run;
    SpecText spec{"proposal.yaml", 0, text, DocumentFormat::yaml};
    return check_proposal(evaluate_spec_text(spec, default_rules(), EvaluateOptions{false, policy.today}, run),
                          default_rules(), policy);
}

std::vector<std::string> ids(const ProposalCheck& check, bool waived = false)
{
    std::vector<std::string> out;
    for (const Finding& finding : check.findings) {
        if (finding.waiver.has_value() == waived) {
            out.push_back(finding.id);
        }
    }
    return out;
}

bool has_finding(const ProposalCheck& check, const std::string& id)
{
    const auto found = ids(check);
    return std::find(found.begin(), found.end(), id) != found.end();
}

} // namespace

TEST_CASE("a proposal the rules back passes; one they do not fails with approach-mismatch", "[check]")
{
    const ProposalCheck backed = check_text(proposal(2400, "proposed_approach: fine-tune\n"));
    CHECK(backed.status == CheckStatus::pass);
    CHECK(backed.approach == "fine-tune");
    CHECK(ids(backed).empty());

    const ProposalCheck unbacked = check_text(proposal(300, "proposed_approach: fine-tune\n"));
    CHECK(unbacked.status == CheckStatus::fail);
    REQUIRE(ids(unbacked) == std::vector<std::string>{"approach-mismatch"});
    CHECK_THAT(unbacked.findings.front().message, Catch::Contains("300 high-quality examples are fewer than"));
    // Only the reasons against the proposal are quoted, not those in its favour.
    CHECK_THAT(unbacked.findings.front().message, !Catch::Contains("Specialised expertise decides"));
}

TEST_CASE("an approach in `also` is backed", "[check]")
{
    // Real-time data: rag is the verdict, fine-tuning can be added alongside.
    const ProposalCheck check = check_text(proposal(2400, "proposed_approach: fine-tune\n", true));
    CHECK(check.verdict == "rag");
    CHECK(check.also == std::vector<std::string>{"fine-tune"});
    CHECK_FALSE(has_finding(check, "approach-mismatch"));
}

TEST_CASE("an error pitfall fails only the approaches it concerns", "[check]")
{
    // 60 examples: the verdict is prompt-engineer and the too-few-examples pitfall (an
    // error, concerning fine-tuning) applies.
    const ProposalCheck no_proposal = check_text(proposal(60));
    CHECK(no_proposal.verdict == "prompt-engineer");
    CHECK(std::any_of(no_proposal.warnings.begin(), no_proposal.warnings.end(),
                      [](const Warning& w) { return w.id == "insufficient-data" && w.severity == Severity::error; }));
    CHECK(no_proposal.status == CheckStatus::pass);
    CHECK(check_text(proposal(60, "proposed_approach: prompt-engineer\n")).status == CheckStatus::pass);

    const ProposalCheck tune = check_text(proposal(60, "proposed_approach: fine-tune\n"));
    CHECK(tune.status == CheckStatus::fail);
    CHECK(ids(tune) == std::vector<std::string>{"approach-mismatch", "insufficient-data"});

    // A pitfall without applies_to concerns every approach.
    Pitfall everyone;
    CHECK(everyone.concerns("rag"));
    everyone.applies_to = {"fine-tune"};
    CHECK(everyone.concerns("fine-tune"));
    CHECK_FALSE(everyone.concerns("rag"));
}

TEST_CASE("warnings make a proposal warn, and only --fail-on warning fails it", "[check]")
{
    const ProposalCheck check = check_text(proposal(800, "proposed_approach: fine-tune\n"));
    CHECK(check.status == CheckStatus::warn);
    CHECK(ids(check) == std::vector<std::string>{"over-specializing"});
    CHECK_FALSE(fails(CheckStatus::warn, FailOn::mismatch));
    CHECK(fails(CheckStatus::warn, FailOn::warning));
    CHECK_FALSE(fails(CheckStatus::warn, FailOn::never));
    CHECK(fails(CheckStatus::fail, FailOn::mismatch));
    CHECK_FALSE(fails(CheckStatus::fail, FailOn::never));
    CHECK_FALSE(fails(CheckStatus::invalid, FailOn::warning)); // an error, not a failure
}

TEST_CASE("the budget gate takes the lower of --max-cost and budget_usd, against the upper cost", "[check]")
{
    // 2,400 examples: the medium tier, $2,000 to $20,000.
    const std::string text = proposal(2400, "proposed_approach: fine-tune\nbudget_usd: 20000\n");
    const ProposalCheck at_limit = check_text(text);
    CHECK(at_limit.status == CheckStatus::pass);
    REQUIRE(at_limit.budget_usd.has_value());
    CHECK(*at_limit.budget_usd == 20000);
    CHECK(at_limit.budget_source == "budget_usd");

    const ProposalCheck capped = check_text(text, policy_with(19999.5));
    CHECK(capped.status == CheckStatus::fail);
    CHECK(capped.budget_source == "--max-cost");
    REQUIRE(ids(capped) == std::vector<std::string>{"over-budget"});
    CHECK_THAT(capped.findings.front().message, Catch::Contains("$19,999.5 (--max-cost)"));

    CHECK(check_text(text, policy_with(50000)).budget_source == "budget_usd");

    // An approach the rules do not price has nothing to be over budget with.
    const ProposalCheck rag = check_text(proposal(2400, "proposed_approach: rag\nbudget_usd: 1\n", true));
    CHECK_FALSE(rag.estimate.has_value());
    CHECK_FALSE(has_finding(rag, "over-budget"));

    // A fine-tune proposal the rules do not back is still priced from its examples.
    std::string prototype = proposal(2400, "proposed_approach: fine-tune\nbudget_usd: 100\n");
    prototype.replace(prototype.find("stage: production"), 17, "stage: prototype");
    const ProposalCheck unbacked = check_text(prototype);
    REQUIRE(unbacked.estimate.has_value());
    CHECK(unbacked.estimate->tier_id == "medium");
    CHECK(ids(unbacked) == std::vector<std::string>{"approach-mismatch", "over-budget"});

    // Fewer examples than the smallest tier takes: priced at that tier, not passed for free.
    const ProposalCheck few = check_text(proposal(200, "proposed_approach: fine-tune\nbudget_usd: 300\n"));
    REQUIRE(few.estimate.has_value());
    CHECK(few.estimate_below_tiers);
    CHECK(few.estimate->tier_id == "small");
    CHECK(has_finding(few, "over-budget"));
    CHECK_FALSE(
        has_finding(check_text(proposal(200, "proposed_approach: fine-tune\nbudget_usd: 5000\n")), "over-budget"));
    CHECK_FALSE(check_text(proposal(2400, "proposed_approach: fine-tune\n")).estimate_below_tiers);
}

TEST_CASE("waivers: a valid one covers its finding; expired, reason-less and unknown ones fail", "[check]")
{
    const std::string base = proposal(800, "proposed_approach: fine-tune\n");
    auto with_waiver = [&](const std::string& waiver) { return base + "waivers:\n  - " + waiver + "\n"; };
    const std::string reason = "reason: the related-task suite runs before each release";

    const ProposalCheck waived =
        check_text(with_waiver("{rule: over-specializing, " + reason + ", expires: 2026-07-01}"));
    CHECK(waived.status == CheckStatus::pass);
    CHECK(ids(waived, true) == std::vector<std::string>{"over-specializing"});
    CHECK(waived.waived() == 1);
    REQUIRE(waived.waivers.size() == 1);
    CHECK(waived.waivers.front().state == WaiverState::applied);

    // The last day still holds, with a warning that it ends (from warn_days, 14, before it).
    const ProposalCheck last_day =
        check_text(with_waiver("{rule: over-specializing, " + reason + ", expires: 2026-06-01}"));
    CHECK(last_day.status == CheckStatus::warn);
    CHECK(last_day.waivers.front().state == WaiverState::applied);
    CHECK(ids(last_day) == std::vector<std::string>{"waiver-expiring"});
    CHECK(last_day.findings.front().title == "the waiver of over-specializing ends today");
    const ProposalCheck soon =
        check_text(with_waiver("{rule: over-specializing, " + reason + ", expires: 2026-06-15}"));
    CHECK(ids(soon) == std::vector<std::string>{"waiver-expiring"});
    CHECK_THAT(soon.findings.front().message, Catch::Contains("holds until 2026-06-15, in 14 days"));
    CHECK(ids(check_text(with_waiver("{rule: over-specializing, " + reason + ", expires: 2026-06-16}"))).empty());

    const ProposalCheck expired =
        check_text(with_waiver("{rule: over-specializing, " + reason + ", expires: 2026-05-31}"));
    CHECK(expired.status == CheckStatus::fail);
    CHECK(ids(expired) == std::vector<std::string>{"over-specializing", "invalid-waiver"});
    CHECK(expired.waivers.front().state == WaiverState::expired);

    // No reason in words: blank, a full stop, a zero-width space, fewer than 12 letters.
    for (const char* blank : {"'  '", "'.'", "\"\\u200B\"", "'suite runs'"}) {
        INFO(blank);
        const ProposalCheck no_reason = check_text(
            with_waiver(std::string("{rule: over-specializing, reason: ") + blank + ", expires: 2026-07-01}"));
        CHECK(no_reason.status == CheckStatus::fail);
        CHECK(no_reason.waivers.front().state == WaiverState::no_reason);
    }

    const ProposalCheck unknown = check_text(with_waiver("{rule: over-specialising, " + reason + "}"));
    CHECK(unknown.waivers.front().state == WaiverState::unknown_rule);
    CHECK_THAT(unknown.findings.back().message, Catch::Contains("did you mean 'over-specializing'"));

    // invalid-waiver itself cannot be waived.
    const ProposalCheck sneaky = check_text(base + "waivers:\n  - {rule: over-specialising, " + reason +
                                            "}\n  - {rule: invalid-waiver, " + reason + ", expires: 2026-07-01}\n");
    CHECK(sneaky.status == CheckStatus::fail);
    CHECK(ids(sneaky, true).empty());

    const ProposalCheck unused =
        check_text(base + "waivers:\n  - {rule: route-example-too-long, " + reason + ", expires: 2026-07-01}\n");
    CHECK(unused.status == CheckStatus::warn);
    CHECK(unused.waivers.front().state == WaiverState::unused);
}

TEST_CASE("the rules' policy over waivers: no mismatch or error waived, at most 180 days", "[check][security]")
{
    const std::string reason = "reason: the board approved it for the pilot";
    // A mismatch may never be waived, nor an error pitfall (insufficient-data), for ever or not.
    const ProposalCheck mismatch = check_text(proposal(300, "proposed_approach: fine-tune\nwaivers:\n  - {rule: "
                                                            "approach-mismatch, " +
                                                                reason + ", expires: 2026-07-01}\n"));
    CHECK(mismatch.status == CheckStatus::fail);
    CHECK(mismatch.waivers.front().state == WaiverState::not_waivable);
    const ProposalCheck error = check_text(proposal(50, "proposed_approach: fine-tune\nwaivers:\n  - {rule: "
                                                        "insufficient-data, " +
                                                            reason + ", expires: 9999-12-31}\n"));
    CHECK(error.status == CheckStatus::fail);
    CHECK(error.waivers.front().state == WaiverState::not_waivable);

    // At most 180 days from today (2026-06-01: up to 2026-11-28), and never without an end.
    const std::string base = proposal(800, "proposed_approach: fine-tune\n");
    const auto state = [&](const std::string& waiver, const Rules& rules) {
        SpecText spec{"proposal.yaml", 0, base + "waivers:\n  - " + waiver + "\n", DocumentFormat::yaml};
        const CheckPolicy policy = policy_with();
        const ProposalCheck check =
            check_proposal(evaluate_spec_text(spec, rules, EvaluateOptions{false, policy.today}, Run()), rules, policy);
        return check.waivers.front().state;
    };
    const Rules& rules = default_rules();
    CHECK(state("{rule: over-specializing, " + reason + ", expires: 2026-11-28}", rules) == WaiverState::applied);
    CHECK(state("{rule: over-specializing, " + reason + ", expires: 2026-11-29}", rules) == WaiverState::too_long);
    CHECK(state("{rule: over-specializing, " + reason + "}", rules) == WaiverState::too_long);

    // A team's policy over the built-in one: a year, and insufficient-data among the errors.
    const Rules team = testing::load_or_fail(
        testing::rules_plus("waivers: {max_days: 365, errors: [route-closing, over-budget, insufficient-data]}\n"));
    CHECK(state("{rule: over-specializing, " + reason + ", expires: 2027-05-01}", team) == WaiverState::applied);
    CHECK_THAT(testing::rules_errors("waivers: {max_days: -1, never: [no-such-finding]}\n"),
               Catch::Contains("waivers.max_days: expected a whole number from 0 to 3650") &&
                   Catch::Contains("waivers.never[0]: unknown finding 'no-such-finding'"));

    // An owner when the team's rules ask for one: blank or missing is no owner.
    const Rules owned = testing::load_or_fail(testing::rules_plus("waivers: {owner_required: true}\n"));
    const std::string dated = reason + ", expires: 2026-07-01";
    CHECK(state("{rule: over-specializing, " + dated + "}", owned) == WaiverState::no_owner);
    CHECK(state("{rule: over-specializing, " + dated + ", owner: ' '}", owned) == WaiverState::no_owner);
    CHECK(state("{rule: over-specializing, " + dated + ", owner: ml-platform}", owned) == WaiverState::applied);
    CHECK(state("{rule: over-specializing, " + dated + "}", rules) == WaiverState::applied);
    CHECK_THAT(testing::rules_errors("waivers: {owner_required: 'yes please', warn_days: 400}\n"),
               Catch::Contains("waivers.owner_required") &&
                   Catch::Contains("waivers.warn_days: expected a whole number from 0 to 365"));
}

TEST_CASE("an unreadable or invalid proposal is invalid, with its diagnostics", "[check]")
{
    SpecInput missing;
    missing.error = Diagnostic{"nowhere.json", {}, "", "cannot open the file", ""};
    const ProposalCheck unread =
        check_proposal(evaluate_spec_input(missing, default_rules(), {}, Run()), default_rules(), {});
    CHECK(unread.status == CheckStatus::invalid);
    CHECK(unread.file == "nowhere.json");

    const ProposalCheck invalid = check_text("spec_version: 1\nanswers: {production: maybe}\n");
    CHECK(invalid.status == CheckStatus::invalid);
    REQUIRE_FALSE(invalid.errors.empty());
    CHECK(invalid.errors.front().path == "answers.production");

    const CheckSummary summary = summarize({unread, invalid, check_text(proposal(2400))});
    CHECK(summary.proposals == 3);
    CHECK(summary.invalid == 2);
    CHECK(summary.passed == 1);
}

TEST_CASE("the Markdown report stays under its limit, saying what it left out", "[check]")
{
    CheckReport report;
    for (int i = 0; i < 40; ++i) {
        report.checks.push_back(check_text(proposal(300, "proposed_approach: fine-tune\n")));
    }
    report.summary = summarize(report.checks);
    const std::string full = render_check_markdown(report);
    CHECK_THAT(full, Catch::StartsWith("## ftadvisor check: 40 of 40 proposals need changes\n"));
    CHECK_THAT(full, !Catch::Contains("Left out"));

    const std::string trimmed = render_check_markdown(report, 6000);
    CHECK(trimmed.size() <= 6000);
    CHECK(trimmed.size() > 4000);
    CHECK_THAT(trimmed, Catch::Contains("Left out to stay under 6,000 characters: the details of "));
    // Every row of the table is kept when the table fits.
    CHECK(std::count(trimmed.begin(), trimmed.end(), '\n') > 40);

    const std::string tiny = render_check_markdown(report, 1500);
    CHECK(tiny.size() <= 1500);
    CHECK_THAT(tiny, Catch::Contains(" rows of the table (") && Catch::Contains(" fail)"));
}

TEST_CASE("a shortened Markdown report keeps every failing row, passing rows going first", "[check]")
{
    const auto named = [](const std::string& name, int examples, const std::string& extra = "") {
        std::string text = proposal(examples, extra);
        return text.replace(text.find("Test proposal"), 13, name);
    };
    // 600 passing proposals and one failing, last: GitHub's limit cannot hold every row.
    CheckReport report;
    for (int i = 0; i < 600; ++i) {
        report.checks.push_back(check_text(named(
            "Passing proposal number " + std::to_string(i) + " with a fairly long name to fill the table", 2400)));
    }
    report.checks.push_back(check_text(named("The failing one", 300, "proposed_approach: fine-tune\n")));
    report.summary = summarize(report.checks);
    REQUIRE(report.summary.failed == 1);
    const std::string comment = render_check_markdown(report, 65536);
    CHECK(comment.size() <= 65536);
    CHECK_THAT(comment, Catch::Contains("| The failing one `proposal.yaml` |"));
    CHECK_THAT(comment, Catch::Contains("### The failing one"));
    CHECK_THAT(comment, Catch::Contains("Left out to stay under 65,536 characters: ") &&
                            Catch::Contains(" rows of the table (") && Catch::Contains(" pass)"));
    CHECK_THAT(comment, !Catch::Contains(" fail)"));
    // The rows kept stay in the report's order: the first passing rows, then the failing one.
    CHECK(comment.find("number 0 ") < comment.find("The failing one"));

    // One name of 70,000 characters is cut in its cell; the table keeps its rows.
    CheckReport huge;
    huge.checks.push_back(check_text(named(std::string(70000, 'x'), 2400)));
    huge.checks.push_back(check_text(named("The failing one", 300, "proposed_approach: fine-tune\n")));
    huge.summary = summarize(huge.checks);
    const std::string cut = render_check_markdown(huge, 65536);
    CHECK_THAT(cut, Catch::Contains(std::string(150, 'x')) && Catch::Contains("x... `proposal.yaml`"));
    CHECK_THAT(cut, !Catch::Contains(std::string(201, 'x')));
    CHECK_THAT(cut, Catch::Contains("| The failing one `proposal.yaml` |"));
    CHECK_THAT(cut, !Catch::Contains("Left out"));

    // An invalid proposal whose problem names a 70,000-byte key: its details are cut, and the
    // rows of the others stay.
    CheckReport invalid;
    invalid.checks.push_back(check_text("spec_version: 1\nanswers:\n  " + std::string(70000, 'k') + ": 1\n"));
    invalid.checks.push_back(check_text(named("The failing one", 300, "proposed_approach: fine-tune\n")));
    invalid.summary = summarize(invalid.checks);
    REQUIRE(invalid.checks[0].status == CheckStatus::invalid);
    const std::string with_invalid = render_check_markdown(invalid, 65536);
    CHECK(with_invalid.size() <= 65536);
    CHECK_THAT(with_invalid, Catch::Contains("| The failing one `proposal.yaml` |"));
    CHECK_THAT(with_invalid, !Catch::Contains(std::string(1001, 'k')));

    // A limit below the fixed parts cuts the whole rather than passing it.
    CHECK(render_check_markdown(report, 100).size() <= 100);
}

TEST_CASE("reports escape what a proposal's name may hold", "[check]")
{
    CheckReport report;
    report.checks.push_back(check_text("spec_version: 1\nname: \"a <b> & \\\"c\\\" \\a \\x1b[2J\"\n"
                                       "proposed_approach: fine-tune\n"));
    report.summary = summarize(report.checks);
    const std::string junit = render_check_junit(report);
    CHECK_THAT(junit, Catch::Contains("name=\"proposal.yaml: a &lt;b&gt; &amp; &quot;c&quot; \xEF\xBF\xBD "
                                      "\xEF\xBF\xBD[2J\""));
    const std::string github = render_check_github(report);
    CHECK_THAT(github, Catch::Contains("title=ftadvisor%3A a <b> & \"c\""));
    CHECK(std::count(github.begin(), github.end(), '\n') == 2); // the ::error and the summary line
    CHECK_THAT(render_check_markdown(report), Catch::Contains("a \\<b\\> & \"c\""));
}

TEST_CASE("valid_utf8 keeps valid text and replaces each bad sequence", "[text]")
{
    CHECK(text::valid_utf8("caf\xC3\xA9 \xF0\x9F\x9A\x80") == "caf\xC3\xA9 \xF0\x9F\x9A\x80");
    CHECK(text::valid_utf8("a\x80z") == "a\xEF\xBF\xBDz");                             // stray continuation byte
    CHECK(text::valid_utf8("a\xC3") == "a\xEF\xBF\xBD");                               // cut short
    CHECK(text::valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong
    CHECK(text::valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
    CHECK(text::valid_utf8("\xF4\x90\x80\x80").find("\xF4") == std::string::npos);     // past U+10FFFF
    CHECK(text::valid_utf8("\xE2\x82") == "\xEF\xBF\xBD");                             // one bad prefix
}

TEST_CASE("every report names the rules overlays applied, with their SHA-256", "[check][security]")
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.push_back(RuleSource{"team/tiers.yaml", "thresholds: {min_examples: 500}\n"});
    const RulesResult rules = load_rules(sources);
    REQUIRE(rules.value);
    // As `printf 'thresholds: {min_examples: 500}\n' | sha256sum` prints it.
    const std::string digest = "b92549069d945d9be3f799d4e23225f980b54a6bf71c0821b35458b6e4d9632f";
    REQUIRE(rules.value->overlays.size() == 1);
    CHECK(rules.value->overlays[0].file == "team/tiers.yaml");
    CHECK(rules.value->overlays[0].sha256 == digest);
    CHECK(default_rules().overlays.empty());
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    CheckReport report;
    report.checks.push_back(check_text(proposal(2400, "proposed_approach: fine-tune\n")));
    report.summary = summarize(report.checks);
    const std::string unchanged = render_check_text(report, TextOptions{false, 200});
    CHECK_THAT(unchanged, !Catch::Contains("rules:"));
    report.rules_overlays = rules.value->overlays;
    report.rules_from = "base";
    const std::string& sha = digest;
    CHECK_THAT(render_check_text(report, TextOptions{false, 200}),
               Catch::Contains("rules: the built-in rules with 1 overlay laid over them, read from base: "
                               "team/tiers.yaml (sha256 " +
                               sha + ")\n"));
    CHECK_THAT(render_check_markdown(report),
               Catch::Contains("Rules: the built-in rules with 1 overlay laid over them, read from `base`: "
                               "`team/tiers.yaml` (sha256 `" +
                               sha + "`)."));
    CHECK_THAT(render_check_json(report),
               Catch::Contains("\"rules\": {\n    \"from\": \"base\",\n    \"overlays\": [\n      {\n        \"file\": "
                               "\"team/tiers.yaml\",\n        \"sha256\": \"" +
                               sha + "\""));
    CHECK_THAT(render_check_junit(report),
               Catch::Contains("  <testsuite name=\"ftadvisor check\" tests=\"1\" failures=\"0\" errors=\"0\" "
                               "skipped=\"0\">\n    <properties>\n      <property name=\"ftadvisor.rules.overlay\" "
                               "value=\"team/tiers.yaml sha256:" +
                               sha + "\"/>\n"));
    CHECK_THAT(render_check_github(report),
               Catch::Contains("::notice title=ftadvisor%3A rules overlays applied::The check applied the built-in "
                               "rules with 1 overlay laid over them, read from base: team/tiers.yaml (sha256 " +
                               sha + ")\n"));
}

TEST_CASE("GitHub annotations follow --fail-on: an error for what fails the run, a warning for the rest", "[check]")
{
    // One proposal with an error finding (approach-mismatch), one with only a warning.
    CheckReport report;
    report.checks.push_back(check_text(proposal(300, "proposed_approach: fine-tune\n")));
    report.checks.push_back(check_text(proposal(800, "proposed_approach: fine-tune\n")));
    report.summary = summarize(report.checks);
    REQUIRE(report.checks[0].status == CheckStatus::fail);
    REQUIRE(report.checks[1].status == CheckStatus::warn);
    // The lines of the annotations that start with `command`.
    const auto lines_starting = [](const std::string& text, std::string_view command) {
        std::size_t n = 0;
        std::size_t at = 0;
        while (at < text.size()) {
            if (text.compare(at, command.size(), command) == 0) {
                ++n;
            }
            const std::size_t end = text.find('\n', at);
            at = end == std::string::npos ? text.size() : end + 1;
        }
        return n;
    };
    const auto levels = [&](FailOn fail_on) {
        report.fail_on = fail_on;
        const std::string github = render_check_github(report);
        return std::pair(lines_starting(github, "::error "), lines_starting(github, "::warning "));
    };
    // mismatch: the failing proposal's errors together; the warnings of both as warnings.
    const auto [mismatch_errors, mismatch_warnings] = levels(FailOn::mismatch);
    CHECK(mismatch_errors == 1);
    CHECK(mismatch_warnings >= 1);
    // never: nothing fails, so no error annotation at all.
    CHECK(levels(FailOn::never).first == 0);
    // warning: the warning-only proposal fails too, with an error annotation.
    CHECK(levels(FailOn::warning).first == 2);
    CHECK(levels(FailOn::warning).second == 0);
}

namespace {

BaseProposal base_at(std::string file, std::size_t line, std::string name, std::optional<Range> cost = std::nullopt)
{
    BaseProposal p;
    p.file = std::move(file);
    p.line = line;
    p.name = std::move(name);
    p.cost_usd = cost;
    return p;
}

ProposalCheck proposal_at(std::string file, std::size_t line, std::string name)
{
    ProposalCheck check;
    check.file = std::move(file);
    check.line = line;
    check.name = std::move(name);
    return check;
}

// The proposal text checked against `base`, its own in the base (null: it is new), with
// `limit` under `rules`.
ProposalCheck check_against(const std::string& text, const BaseProposal* base, IncreaseLimit limit,
                            const Rules& rules = default_rules())
{
    CheckPolicy policy = policy_with();
    policy.max_increase = limit;
    const Run run;
    SpecText spec{"proposal.yaml", 0, text, DocumentFormat::yaml};
    return check_proposal(evaluate_spec_text(spec, rules, EvaluateOptions{false, policy.today}, run), rules, policy,
                          true, base);
}

// Where each of `checks` is matched in `base`: the index of its own, or -1.
std::vector<long> matched(const Base& base, const std::vector<ProposalCheck>& checks)
{
    std::vector<long> out;
    for (const BaseProposal* p : base.match(checks)) {
        out.push_back(p == nullptr ? -1 : p - base.proposals().data());
    }
    return out;
}

} // namespace

TEST_CASE("check against a base: a file is matched by its path, a streamed proposal by its name, then its line",
          "[check][base]")
{
    const Base base("base", false,
                    {base_at("./p/a.yaml", 0, "A"), base_at("p/s.jsonl", 1, "Moved"), base_at("p/s.jsonl", 2, ""),
                     base_at("p/s.jsonl", 3, "Twin"), base_at("p/s.jsonl", 4, "Twin")});
    // Paths are compared after normalisation; a whole file keeps its match when renamed inside.
    CHECK(matched(base, {proposal_at("p/a.yaml", 0, "A renamed")}) == std::vector<long>{0});
    CHECK(matched(base, {proposal_at("p/./x/../a.yaml", 0, "")}) == std::vector<long>{0});
    CHECK(matched(base, {proposal_at("p/s.jsonl", 7, "Moved")}) == std::vector<long>{1}); // moved down
    CHECK(matched(base, {proposal_at("p/s.jsonl", 2, "")}) == std::vector<long>{2});      // unnamed: by line
    CHECK(matched(base, {proposal_at("p/s.jsonl", 4, "Twin")}) == std::vector<long>{4});  // of two, its line's
    CHECK(matched(base, {proposal_at("p/s.jsonl", 9, "Twin")}) == std::vector<long>{3});  // else the first
    CHECK(matched(base, {proposal_at("p/b.yaml", 0, "A"), proposal_at("p/s.jsonl", 8, "New")}) ==
          std::vector<long>{-1, -1});
    // A new name on a line the base had named is new, not that line's proposal renamed.
    CHECK(matched(base, {proposal_at("p/s.jsonl", 1, "Other")}) == std::vector<long>{-1});

    // One to one: a proposal inserted at the top of a stream is added, and the others keep
    // their own, twins included.
    const std::vector<ProposalCheck> head = {proposal_at("p/s.jsonl", 1, "New"), proposal_at("p/s.jsonl", 2, "Moved"),
                                             proposal_at("p/s.jsonl", 4, "Twin"), proposal_at("p/s.jsonl", 5, "Twin"),
                                             proposal_at("p/s.jsonl", 6, "Twin")};
    const std::vector<const BaseProposal*> matches = base.match(head);
    CHECK(matched(base, head) == std::vector<long>{-1, 1, 4, 3, -1});
    const std::vector<BaseProposal> removed = base.unmatched(matches);
    REQUIRE(removed.size() == 2);
    CHECK(removed[0].file == "./p/a.yaml");
    CHECK(removed[1].line == 2);

    // A base checkout's paths are made relative to it; one outside it is kept as it is.
    CHECK(base_proposal(proposal_at("../base/p/a.yaml", 0, ""), "../base").file == "p/a.yaml");
    CHECK(base_proposal(proposal_at("../base/./p/a.yaml", 0, ""), "../base/").file == "p/a.yaml");
    CHECK(base_proposal(proposal_at("elsewhere/a.yaml", 0, ""), "../base").file == "elsewhere/a.yaml");
}

TEST_CASE("a limit on cost increases: by an amount, by a share of the base's cost, a new proposal by the amount only",
          "[check][base]")
{
    // 12,000 examples: the 10,000-50,000 tier, up to $100,000; the base's was $20,000.
    const std::string text = proposal(12000, "proposed_approach: fine-tune\n");
    const BaseProposal before_proposal = base_at("proposal.yaml", 0, "Test proposal", Range{2000, 20000});
    const BaseProposal* before = &before_proposal;
    auto cost_increase = [](const ProposalCheck& check) { return has_finding(check, "cost-increase"); };

    const ProposalCheck over = check_against(text, before, IncreaseLimit{50000, std::nullopt});
    CHECK(cost_increase(over));
    CHECK(over.status == CheckStatus::fail);
    REQUIRE(over.change);
    CHECK(over.change->kind == ChangeKind::changed);
    CHECK(over.change->new_findings == std::vector<std::string>{"cost-increase"});
    CHECK_THAT(over.findings.back().title, Catch::Contains("grew by $80,000 (400%)"));
    CHECK_FALSE(cost_increase(check_against(text, before, IncreaseLimit{80000, std::nullopt})));
    CHECK(cost_increase(check_against(text, before, IncreaseLimit{std::nullopt, 399})));
    CHECK_FALSE(cost_increase(check_against(text, before, IncreaseLimit{std::nullopt, 400})));
    CHECK_FALSE(cost_increase(check_against(text, before, IncreaseLimit{})));

    // Not in the base: a share of nothing says nothing, an amount does.
    const ProposalCheck added = check_against(text, nullptr, IncreaseLimit{std::nullopt, 10});
    CHECK_FALSE(cost_increase(added));
    REQUIRE(added.change);
    CHECK(added.change->kind == ChangeKind::added);
    CHECK(cost_increase(check_against(text, nullptr, IncreaseLimit{99999, std::nullopt})));

    // The same proposal at the same cost is unchanged; a cheaper one never fails the limit.
    BaseProposal was = base_at("proposal.yaml", 0, "Test proposal", Range{10000, 100000});
    was.verdict = was.approach = "fine-tune";
    const ProposalCheck same = check_against(text, &was, IncreaseLimit{0, 0});
    REQUIRE(same.change);
    CHECK(same.change->kind == ChangeKind::unchanged);
    CHECK_FALSE(cost_increase(same));
    CHECK_FALSE(
        cost_increase(check_against(proposal(2400, "proposed_approach: fine-tune\n"), before, IncreaseLimit{0, 0})));
}

TEST_CASE("a cost increase is waived only where the rules let a waiver cover it", "[check][base]")
{
    const std::string text =
        proposal(12000, "proposed_approach: fine-tune\nwaivers:\n  - {rule: cost-increase, reason: "
                        "\"the second market doubles the data\", expires: 2026-08-31}\n");
    const BaseProposal before = base_at("proposal.yaml", 0, "Test proposal", Range{2000, 20000});
    const ProposalCheck refused = check_against(text, &before, IncreaseLimit{50000, std::nullopt});
    CHECK(refused.status == CheckStatus::fail);
    REQUIRE(refused.waivers.size() == 1);
    CHECK(refused.waivers[0].state == WaiverState::not_waivable);

    Rules rules = default_rules();
    rules.waiver_policy.errors.emplace_back("cost-increase");
    const ProposalCheck waived = check_against(text, &before, IncreaseLimit{50000, std::nullopt}, rules);
    CHECK(waived.status == CheckStatus::pass);
    CHECK(ids(waived, true) == std::vector<std::string>{"cost-increase"});
    // Without a base the waiver has nothing to cover.
    CHECK(check_text(text, policy_with()).waivers.at(0).state == WaiverState::unused);
}

TEST_CASE("a JSON report of check reads back as the base it describes", "[check][base]")
{
    CheckReport report;
    report.policy = policy_with();
    report.checks.push_back(check_text(proposal(300, "proposed_approach: fine-tune\n")));
    report.checks.push_back(check_text(proposal(2400, "proposed_approach: fine-tune\n")));
    report.checks[1].file = "team/stream.jsonl";
    report.checks[1].line = 3;
    ProposalCheck invalid;
    invalid.file = "broken.json";
    invalid.status = CheckStatus::invalid;
    report.checks.push_back(invalid);
    report.summary = summarize(report.checks);
    const std::string json = render_check_json(report);

    const Result<std::vector<BaseProposal>> read = read_base_report(json, "base.json");
    REQUIRE(read.diagnostics.empty());
    REQUIRE(read.value);
    REQUIRE(read.value->size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const BaseProposal expected = base_proposal(report.checks[i], "");
        const BaseProposal& got = (*read.value)[i];
        CHECK(got.file == expected.file);
        CHECK(got.line == expected.line);
        CHECK(got.name == expected.name);
        CHECK(got.status == expected.status);
        CHECK(got.verdict == expected.verdict);
        CHECK(got.approach == expected.approach);
        CHECK(got.cost_usd.has_value() == expected.cost_usd.has_value());
        CHECK(got.findings == expected.findings);
    }
    CHECK((*read.value)[0].findings == std::vector<std::string>{"approach-mismatch"});
    CHECK((*read.value)[1].cost_usd->high == 20000);

    // Another command's report is refused where it says so.
    const Result<std::vector<BaseProposal>> other =
        read_base_report("{\n  \"output_version\": 1,\n  \"command\": \"evaluate\"\n}\n", "other.json");
    REQUIRE(other.diagnostics.size() == 1);
    CHECK(other.diagnostics[0].location.line == 3);
    CHECK(other.diagnostics[0].path == "command");
    CHECK_FALSE(read_base_report("[]", "list.json").value);
    // A proposal twice, or a cost past any estimate, is a problem named where it is.
    const Result<std::vector<BaseProposal>> twice = read_base_report(
        "{\"output_version\": 1, \"command\": \"check\", \"proposals\": [\n"
        "  {\"file\": \"a.yaml\", \"status\": \"pass\"},\n  {\"file\": \"./a.yaml\", \"status\": \"pass\"},\n"
        "  {\"file\": \"b.yaml\", \"status\": \"pass\", \"cost_usd\": {\"low\": 1, \"high\": 1e300}}]}",
        "twice.json");
    REQUIRE(twice.diagnostics.size() == 2);
    CHECK(twice.diagnostics[0].path == "proposals[1]");
    CHECK(twice.diagnostics[0].location.line == 3);
    CHECK(twice.diagnostics[1].path == "proposals[2].cost_usd");
    CHECK_FALSE(
        read_base_report("{\"output_version\": 2, \"command\": \"check\", \"proposals\": []}", "v2.json").value);
}

TEST_CASE("the text report of check keeps to the width: columns shrink, long cells wrap", "[check]")
{
    CheckReport report;
    report.policy = policy_with(50000);
    for (const int examples : {300, 2400, 60000}) {
        ProposalCheck check = check_text(proposal(examples, "proposed_approach: fine-tune\n"));
        check.file =
            "proposals/a-team-with-a-long-name/and-a-folder-below-it/proposal-" + std::to_string(examples) + ".yaml";
        report.checks.push_back(std::move(check));
    }
    report.summary = summarize(report.checks);
    for (const int width : {40, 60, 80, 120, 160}) {
        INFO(width);
        const std::string text = render_check_text(report, TextOptions{false, width});
        CHECK(ftadvisor::testing::lines_over(text, static_cast<std::size_t>(width)).empty());
        // Every proposal is still there, with its figures.
        CHECK_THAT(text, Catch::Contains("60000.yaml"));
        CHECK_THAT(text, Catch::Contains("$100,000"));
    }
    // Wide enough, one row a proposal, as a table.
    CHECK_THAT(render_check_text(report, TextOptions{false, 160}), Catch::Contains("STATUS  PROPOSAL"));
}
