#include "ftadvisor/check.hpp"

#include "advice.hpp"
#include "check_base.hpp"
#include "ftadvisor/batch.hpp"
#include "parallel.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace ftadvisor {
namespace {

std::string recommendation(const Evaluation& evaluation)
{
    std::string out = evaluation.verdict;
    if (!evaluation.also.empty()) {
        out += fmt::format(" (with {})", text::join(evaluation.also, ", "));
    }
    return out;
}

// What the approach checked would cost, when the rules price it: the evaluation's estimate,
// or, for a proposal the rules do not back, the cost it would have avoided.
std::optional<Estimate> approach_estimate(const Evaluation& evaluation, std::string_view approach, bool& below_tiers)
{
    below_tiers = false;
    if (approach != k_estimated_approach) {
        return std::nullopt;
    }
    if (evaluation.estimate) {
        return evaluation.estimate;
    }
    if (!evaluation.avoided) {
        return std::nullopt;
    }
    if (evaluation.avoided->estimate) {
        return evaluation.avoided->estimate;
    }
    // Fewer examples than the smallest tier takes cost no less than that tier: without this a
    // fine-tune proposed on 200 examples would pass any budget.
    below_tiers = evaluation.avoided->smallest.has_value();
    return evaluation.avoided->smallest;
}

// Whether a fired rule speaks against `proposed` and for the verdict: it rules the proposal
// out, or scores it below the verdict.
bool against(const DecisionRule& rule, const std::string& proposed, const std::string& verdict)
{
    if (std::find(rule.exclude.begin(), rule.exclude.end(), proposed) != rule.exclude.end()) {
        return true;
    }
    auto points = [&](const std::string& approach) {
        auto found = rule.scores.find(approach);
        return found == rule.scores.end() ? 0.0 : found->second;
    };
    return points(proposed) < points(verdict);
}

void add_mismatch(ProposalCheck& check, const Evaluation& e)
{
    if (!e.proposed_approach || e.proposal_supported) {
        return;
    }
    Finding finding{std::string(k_approach_mismatch), Severity::error,
                    fmt::format("proposes {}; the rules recommend {}", *e.proposed_approach, recommendation(e)), "",
                    std::nullopt};
    std::vector<std::string> reasons;
    for (const Reason& reason : e.reasons) {
        if (reason.rule != nullptr && against(*reason.rule, *e.proposed_approach, e.verdict)) {
            reasons.push_back(reason.message);
        }
    }
    finding.message =
        fmt::format("The proposal asks for {}, but the rules recommend {}.", *e.proposed_approach, recommendation(e));
    if (!reasons.empty()) {
        finding.message += ' ';
        finding.message += text::join(reasons, " "); // not " " + join(): GCC 12's -Wrestrict false positive at -O3
    }
    check.findings.push_back(std::move(finding));
}

void add_pitfalls(ProposalCheck& check, const Evaluation& e, const Rules& rules)
{
    for (const Warning& warning : e.warnings) {
        if (warning.severity == Severity::info) {
            continue;
        }
        const Pitfall* pitfall = rules.find_pitfall(warning.id);
        if (pitfall != nullptr && !pitfall->concerns(check.approach)) {
            continue;
        }
        check.findings.push_back(Finding{std::string(warning.id), warning.severity, std::string(warning.name),
                                         warning.message, std::nullopt});
    }
}

void add_budget(ProposalCheck& check, const Evaluation& e, const CheckPolicy& policy)
{
    if (e.budget_usd) {
        check.budget_usd = e.budget_usd;
        check.budget_source = "budget_usd";
    }
    if (policy.max_cost_usd && (!check.budget_usd || *policy.max_cost_usd < *check.budget_usd)) {
        check.budget_usd = policy.max_cost_usd;
        check.budget_source = "--max-cost";
    }
    check.estimate = approach_estimate(e, check.approach, check.estimate_below_tiers);
    if (!check.budget_usd || !check.estimate || check.estimate->cost_usd.high <= *check.budget_usd) {
        return;
    }
    const Estimate& estimate = *check.estimate;
    const std::string cost =
        text::format_usd_range(estimate.cost_usd.low, estimate.cost_usd.high) + (estimate.open_ended ? " or more" : "");
    Finding finding{std::string(k_over_budget), Severity::error,
                    fmt::format("estimated cost up to {} is over the budget of {}",
                                text::format_usd(estimate.cost_usd.high), text::format_usd(*check.budget_usd)),
                    "", std::nullopt};
    finding.message =
        check.estimate_below_tiers
            ? fmt::format("The proposal's examples are fewer than the {} the smallest tier ({}) takes, and {} costs "
                          "no less than that tier: {}, over the budget of {} ({}).",
                          text::format_number(estimate.examples), estimate.tier_name, check.approach, cost,
                          text::format_usd(*check.budget_usd), check.budget_source)
            : fmt::format("The estimate for {} on {} examples ({} tier) is {}, over the budget of {} ({}).",
                          check.approach, text::format_number(estimate.examples), estimate.tier_name, cost,
                          text::format_usd(*check.budget_usd), check.budget_source);
    check.findings.push_back(std::move(finding));
}

// Every id a waiver may name: the pitfalls' and the check's own, but not invalid-waiver.
std::vector<std::string> waivable_ids(const Rules& rules)
{
    std::vector<std::string> ids = rules.pitfall_ids();
    ids.insert(ids.end(), k_waivable_check_finding_ids.begin(), k_waivable_check_finding_ids.end());
    return ids;
}

// The letters of a reason: "." or a zero-width space is no reason (docs/ci.md).
std::size_t letters_in(std::string_view raw)
{
    const std::string reason = text::valid_utf8(raw);
    std::size_t letters = 0;
    for (std::size_t i = 0; i < reason.size();) {
        std::size_t length = 1;
        const char32_t c = text::decode_utf8(reason, i, length);
        const bool ascii_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool invisible = (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
        letters += ascii_letter || (c >= 0xC0 && !invisible) ? 1 : 0;
        i += length;
    }
    return letters;
}

// Whether the rules let a waiver cover `id` (WaiverPolicy): not one in `never`, and an error
// only when listed in `errors`.
bool may_cover(const WaiverPolicy& policy, const std::vector<Finding>& findings, const std::string& id)
{
    if (std::find(policy.never.begin(), policy.never.end(), id) != policy.never.end()) {
        return false;
    }
    const bool error = std::any_of(findings.begin(), findings.end(),
                                   [&](const Finding& f) { return f.id == id && f.severity == Severity::error; });
    return !error || std::find(policy.errors.begin(), policy.errors.end(), id) != policy.errors.end();
}

// A warning that an applied waiver ends within the rules' warn_days of `today`, so the team
// renews it or mends the finding before the check starts failing.
void add_expiring(std::vector<Finding>& problems, const Waiver& waiver, const std::string& today,
                  const WaiverPolicy& rules_policy)
{
    if (today.empty() || waiver.expires.empty()) {
        return;
    }
    const long days = days_between(today, waiver.expires);
    if (days < 0 || static_cast<double>(days) > rules_policy.warn_days) {
        return;
    }
    const std::string when = days == 0   ? std::string("today")
                             : days == 1 ? std::string("tomorrow")
                                         : fmt::format("in {} days", days);
    problems.push_back(Finding{std::string(k_waiver_expiring), Severity::warning,
                               fmt::format("the waiver of {} ends {}", waiver.rule, when),
                               fmt::format("The waiver of {} holds until {}, {}: renew it with a new expiry and "
                                           "reason, or address the finding before then.",
                                           waiver.rule, waiver.expires, when),
                               std::nullopt});
}

// Long on purpose: each way a waiver can be refused, with its words, in the order it is judged.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void apply_waivers(ProposalCheck& check, const CheckPolicy& policy, const Rules& rules)
{
    const WaiverPolicy& rules_policy = rules.waiver_policy;
    const std::string latest =
        policy.today.empty() ? std::string() : add_days(policy.today, static_cast<int>(rules_policy.max_days));
    const std::vector<std::string> ids = waivable_ids(rules);
    std::vector<Finding> problems;
    std::vector<WaiverUse> given = std::move(check.waivers);
    check.waivers.clear();
    for (const WaiverUse& proposed : given) {
        const Waiver& waiver = proposed.waiver;
        WaiverUse use{waiver, WaiverState::unused};
        std::string title;
        std::string problem;
        if (std::find(ids.begin(), ids.end(), waiver.rule) == ids.end()) {
            use.state = WaiverState::unknown_rule;
            title = fmt::format("a waiver names '{}', which is not a finding", waiver.rule);
            problem = fmt::format("The waiver names '{}', which is not a finding the check makes{}.", waiver.rule,
                                  text::did_you_mean(waiver.rule, ids));
        } else if (!waiver.expires.empty() && waiver.expires < policy.today) {
            use.state = WaiverState::expired;
            title = fmt::format("the waiver of {} expired on {}", waiver.rule, waiver.expires);
            problem = fmt::format("The waiver of {} ended on {}; renew it or address the finding.", waiver.rule,
                                  waiver.expires);
        } else if (!may_cover(rules_policy, check.findings, waiver.rule)) {
            use.state = WaiverState::not_waivable;
            title = fmt::format("{} may not be waived", waiver.rule);
            problem = fmt::format("The rules let no waiver cover {}: address the finding (the rules' waivers.never "
                                  "and waivers.errors say which findings a waiver may cover).",
                                  waiver.rule);
        } else if (static_cast<double>(letters_in(waiver.reason)) < rules_policy.min_reason_letters) {
            use.state = WaiverState::no_reason;
            title = fmt::format("the waiver of {} gives no reason", waiver.rule);
            problem = fmt::format("The waiver of {} gives no reason in words (at least {} letters); say why the "
                                  "finding is accepted.",
                                  waiver.rule, text::format_number(rules_policy.min_reason_letters));
        } else if (rules_policy.owner_required && letters_in(waiver.owner) == 0) {
            use.state = WaiverState::no_owner;
            title = fmt::format("the waiver of {} names no owner", waiver.rule);
            problem = fmt::format("The rules ask every waiver for an owner: give the waiver of {} an `owner`, the "
                                  "person or team who answers for it.",
                                  waiver.rule);
        } else if (!latest.empty() && (waiver.expires.empty() || waiver.expires > latest)) {
            use.state = WaiverState::too_long;
            title = waiver.expires.empty() ? fmt::format("the waiver of {} never expires", waiver.rule)
                                           : fmt::format("the waiver of {} runs past {}", waiver.rule, latest);
            problem = fmt::format("A waiver runs at most {} days, to {}: give the waiver of {} an expiry by then, "
                                  "and look at the finding again when it comes.",
                                  text::format_number(rules_policy.max_days), latest, waiver.rule);
        } else {
            for (Finding& finding : check.findings) {
                if (finding.id == waiver.rule && !finding.waiver) {
                    finding.waiver = waiver;
                    use.state = WaiverState::applied;
                }
            }
            if (use.state == WaiverState::applied) {
                add_expiring(problems, waiver, policy.today, rules_policy);
            }
        }
        if (!problem.empty()) {
            problems.push_back(Finding{std::string(k_invalid_waiver), Severity::error, std::move(title),
                                       std::move(problem), std::nullopt});
        }
        check.waivers.push_back(std::move(use));
    }
    check.findings.insert(check.findings.end(), std::make_move_iterator(problems.begin()),
                          std::make_move_iterator(problems.end()));
    std::stable_partition(check.findings.begin(), check.findings.end(), [](const Finding& f) { return !f.waiver; });
}

CheckStatus status_of(const std::vector<Finding>& findings)
{
    CheckStatus status = CheckStatus::pass;
    for (const Finding& finding : findings) {
        if (finding.waiver) {
            continue;
        }
        if (finding.severity == Severity::error) {
            return CheckStatus::fail;
        }
        status = CheckStatus::warn;
    }
    return status;
}

} // namespace

std::vector<FindingKind> finding_kinds(const Rules& rules)
{
    std::vector<FindingKind> kinds;
    kinds.push_back(FindingKind{std::string(k_approach_mismatch), "Approach the rules do not support",
                                "The proposal asks for an approach that is neither the verdict nor among those the "
                                "rules also support. Change proposed_approach, or change the answers if they are "
                                "wrong; a waiver cannot cover it."});
    kinds.push_back(FindingKind{std::string(k_over_budget), "Over budget",
                                "The estimated upper cost of the approach checked is over the proposal's budget_usd "
                                "or the run's --max-cost. Raise the budget, plan for fewer examples, or choose a "
                                "cheaper approach."});
    kinds.push_back(FindingKind{std::string(k_cost_increase), "Cost increase over the limit",
                                "With --base and --fail-on-increase: the estimated upper cost of the approach checked "
                                "grew, against the base branch, by more than the limit allows. Plan for fewer "
                                "examples or a cheaper approach, or agree a higher limit."});
    kinds.push_back(FindingKind{std::string(k_invalid_waiver), "Invalid waiver",
                                "A waiver in the proposal has expired, breaks the rules' waiver policy, or names no "
                                "finding the check makes. Renew it, give it a reason, an owner or an expiry within "
                                "the policy, or remove it."});
    kinds.push_back(FindingKind{std::string(k_waiver_expiring), "Waiver about to expire",
                                "A waiver that covers a finding ends soon. Renew it with a new expiry and reason, or "
                                "address the finding before it ends."});
    kinds.push_back(FindingKind{std::string(k_invalid_proposal), "Proposal that could not be read",
                                "The proposal could not be read or is not a valid spec (docs/spec.md). Fix the "
                                "problem the message names."});
    for (const Pitfall& pitfall : rules.pitfalls) {
        kinds.push_back(FindingKind{pitfall.id, pitfall.name, pitfall.summary});
    }
    return kinds;
}

const char* status_name(CheckStatus status)
{
    switch (status) {
    case CheckStatus::pass:
        return "pass";
    case CheckStatus::warn:
        return "warn";
    case CheckStatus::fail:
        return "fail";
    case CheckStatus::invalid:
        return "invalid";
    }
    return "invalid";
}

const char* waiver_state_name(WaiverState state)
{
    switch (state) {
    case WaiverState::applied:
        return "applied";
    case WaiverState::unused:
        return "unused";
    case WaiverState::expired:
        return "expired";
    case WaiverState::no_reason:
        return "no-reason";
    case WaiverState::no_owner:
        return "no-owner";
    case WaiverState::not_waivable:
        return "not-waivable";
    case WaiverState::too_long:
        return "too-long";
    case WaiverState::unknown_rule:
        return "unknown-rule";
    }
    return "unused";
}

std::optional<CheckStatus> status_named(std::string_view name)
{
    for (const CheckStatus status : {CheckStatus::pass, CheckStatus::warn, CheckStatus::fail, CheckStatus::invalid}) {
        if (name == status_name(status)) {
            return status;
        }
    }
    return std::nullopt;
}

std::size_t ProposalCheck::waived() const
{
    return static_cast<std::size_t>(
        std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.waiver.has_value(); }));
}

namespace {

// The findings of one proposal before any waiver is applied, and its waivers (unused as yet).
ProposalCheck start_check(const SpecOutcome& outcome, const Rules& rules, const CheckPolicy& policy)
{
    ProposalCheck check;
    check.file = outcome.file;
    check.line = outcome.line;
    if (!outcome.evaluation) {
        check.status = CheckStatus::invalid;
        check.errors = outcome.diagnostics;
        return check;
    }
    const Evaluation& e = *outcome.evaluation;
    check.file = e.file;
    check.line = e.line;
    check.name = e.name;
    check.verdict = e.verdict;
    check.also = e.also;
    check.proposed_approach = e.proposed_approach;
    check.approach = e.proposed_approach.value_or(e.verdict);
    add_mismatch(check, e);
    add_pitfalls(check, e, rules);
    add_budget(check, e, policy);
    for (const Waiver& waiver : e.waivers) {
        check.waivers.push_back(WaiverUse{waiver, WaiverState::unused});
    }
    check.reasons = e.reasons;
    check.warnings = e.warnings;
    return check;
}

// The rest: with a base, the cost-increase finding; the waivers; the status; and with a base,
// the change.
void finish_check(ProposalCheck& check, const Rules& rules, const CheckPolicy& policy, bool compared,
                  const BaseProposal* base)
{
    if (check.status != CheckStatus::invalid) {
        if (compared) {
            add_cost_increase(check, base, policy.max_increase);
        }
        apply_waivers(check, policy, rules);
        check.status = status_of(check.findings);
    }
    if (compared) {
        set_change(check, base);
    }
}

} // namespace

ProposalCheck check_proposal(const SpecOutcome& outcome, const Rules& rules, const CheckPolicy& policy, bool compared,
                             const BaseProposal* base)
{
    ProposalCheck check = start_check(outcome, rules, policy);
    finish_check(check, rules, policy, compared, base);
    return check;
}

CheckSummary summarize(const std::vector<ProposalCheck>& checks)
{
    CheckSummary summary;
    summary.proposals = checks.size();
    for (const ProposalCheck& check : checks) {
        summary.waived += check.waived();
        switch (check.status) {
        case CheckStatus::pass:
            ++summary.passed;
            break;
        case CheckStatus::warn:
            ++summary.warned;
            break;
        case CheckStatus::fail:
            ++summary.failed;
            break;
        case CheckStatus::invalid:
            ++summary.invalid;
            break;
        }
    }
    return summary;
}

bool fails(CheckStatus status, FailOn fail_on)
{
    switch (fail_on) {
    case FailOn::mismatch:
        return status == CheckStatus::fail;
    case FailOn::warning:
        return status == CheckStatus::fail || status == CheckStatus::warn;
    case FailOn::never:
        return false;
    }
    return false;
}

const char* fail_on_name(FailOn fail_on)
{
    switch (fail_on) {
    case FailOn::mismatch:
        return "mismatch";
    case FailOn::warning:
        return "warning";
    case FailOn::never:
        return "never";
    }
    return "mismatch";
}

std::size_t CheckReport::failing() const
{
    return static_cast<std::size_t>(
        std::count_if(checks.begin(), checks.end(), [&](const ProposalCheck& c) { return fails(c.status, fail_on); }));
}

CheckedProposals check_proposals(SpecInputs& inputs, const Rules& rules, const CheckPolicy& policy, const Run& run,
                                 const std::function<void(const Diagnostic&)>& problem, std::size_t max_proposals,
                                 const Base* base)
{
    const EvaluateOptions options{false, policy.today};
    CheckedProposals result;
    std::size_t taken = 0;
    auto next = [&]() -> std::optional<SpecInput> {
        if (taken == max_proposals) {
            if (!result.stopped) {
                result.stopped = inputs.next().has_value(); // one more is enough to know
            }
            return std::nullopt;
        }
        std::optional<SpecInput> input = inputs.next();
        taken += input ? 1U : 0U;
        return input;
    };
    // With a base, each is finished once all are in: the matching is one to one.
    auto work = [&](SpecInput& input) {
        ProposalCheck check = start_check(evaluate_spec_input(input, rules, options, run), rules, policy);
        if (base == nullptr) {
            finish_check(check, rules, policy, false, nullptr);
        }
        return check;
    };
    auto sink = [&](ProposalCheck& check) {
        for (const Diagnostic& diagnostic : check.errors) {
            problem(diagnostic);
        }
        result.checks.push_back(std::move(check));
    };
    ordered_parallel_map<SpecInput, ProposalCheck>(
        next, [&] { return inputs.ready(); }, [] {}, work, sink, run.threads(), 64);
    if (base != nullptr) {
        const std::vector<const BaseProposal*> matches = base->match(result.checks);
        for (std::size_t i = 0; i < result.checks.size(); ++i) {
            finish_check(result.checks[i], rules, policy, true, matches[i]);
        }
        result.removed = base->unmatched(matches);
    }
    return result;
}

} // namespace ftadvisor
