#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/estimate.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// How much a proposal's upper cost may grow over the base's (check --fail-on-increase): by at
// most `usd`, and by at most `percent` of what it was. A proposal the base did not have, or
// had without a cost, is held to `usd` alone.
struct IncreaseLimit {
    std::optional<double> usd;
    std::optional<double> percent;
};

// What `check` holds a proposal to, besides the rules.
struct CheckPolicy {
    std::optional<double> max_cost_usd; // --max-cost: a ceiling on every proposal's upper cost
    std::string today;                  // YYYY-MM-DD: waivers that ended before it have expired
    IncreaseLimit max_increase;         // with a base, a finding when a cost grows past it
};

// Something a proposal should change, or have a waiver for.
struct Finding {
    std::string id; // a pitfall's id, approach-mismatch, over-budget, invalid-waiver or waiver-expiring
    Severity severity = Severity::error; // error or warning; info is never a finding
    std::string title;                   // one line for a reviewer
    std::string message;                 // the whole story
    std::optional<Waiver> waiver;        // the valid waiver that covers it
};

// How a proposal stands. Which of these make the run fail is the --fail-on policy's choice.
enum class CheckStatus {
    pass,    // no finding, or every finding waived
    warn,    // warnings only
    fail,    // at least one error
    invalid, // could not be read or is not a valid spec
};

// "pass", "warn", "fail" or "invalid".
const char* status_name(CheckStatus status);

// The status of that name, or none.
std::optional<CheckStatus> status_named(std::string_view name);

// Why a waiver the proposal carries did or did not apply.
enum class WaiverState {
    applied,      // it covers a finding
    unused,       // valid, but nothing to cover
    expired,      // its last day is before today
    no_reason,    // it says nothing about why
    no_owner,     // the rules ask for an owner and it names none
    unknown_rule, // it names no finding the check can make
    not_waivable, // the rules let no waiver cover that finding (waivers.never, an error not in waivers.errors)
    too_long,     // no expiry, or one past waivers.max_days from today
};

// "applied", "unused", "expired", "no-reason", "no-owner", "unknown-rule", "not-waivable" or
// "too-long".
const char* waiver_state_name(WaiverState state);

struct WaiverUse {
    Waiver waiver;
    WaiverState state = WaiverState::unused;
};

// A proposal as the base branch had it (check --base): what a change is measured against.
struct BaseProposal {
    std::string file;     // relative to the base's root, as the proposals' own paths are
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    std::string name;     // empty when it was invalid
    CheckStatus status = CheckStatus::pass;
    std::string verdict;
    std::string approach;              // the approach checked
    std::optional<Range> cost_usd;     // that approach's estimated cost
    bool open_ended = false;           // its tier has no upper bound ("$100,000+")
    std::vector<std::string> findings; // the ids of its unwaived findings, each once, in order
};

// What a pull request did to one proposal, against the base.
enum class ChangeKind {
    added,     // the base has no such proposal
    changed,   // its status, name, verdict, approach, cost or findings differ
    unchanged, // none of those differ
    removed,   // only the base has it (CheckReport::removed)
};

// "added", "changed", "unchanged" or "removed".
const char* change_kind_name(ChangeKind kind);

struct ProposalChange {
    ChangeKind kind = ChangeKind::added;
    std::optional<BaseProposal> base;        // none when added
    std::vector<std::string> new_findings;   // unwaived here, not in the base
    std::vector<std::string> fixed_findings; // in the base, no longer unwaived here
};

// One proposal's outcome.
struct ProposalCheck {
    std::string file;
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    std::string name;     // empty when invalid
    CheckStatus status = CheckStatus::pass;
    std::string verdict; // empty when invalid
    std::vector<std::string> also;
    std::optional<std::string> proposed_approach;
    std::string approach;                 // the one checked: the proposed one, else the verdict
    std::optional<Estimate> estimate;     // what that approach costs, when the rules price it
    bool estimate_below_tiers = false;    // the examples are fewer than the smallest tier's: its cost
    std::optional<double> budget_usd;     // the lower of --max-cost and the proposal's budget_usd
    std::string budget_source;            // "budget_usd" or "--max-cost"
    std::vector<Finding> findings;        // unwaived first, each group in the order found
    std::vector<WaiverUse> waivers;       // the proposal's, in its order
    std::vector<Diagnostic> errors;       // why it is invalid
    std::vector<Reason> reasons;          // the evaluation's, for the JSON report
    std::vector<Warning> warnings;        // likewise: every pitfall that applied, info included
    std::optional<ProposalChange> change; // against the base, when the check has one

    std::size_t waived() const;
};

// The base branch's proposals, and where they were read.
class Base {
public:
    // `from` says where they were read: the base checkout's folder or a JSON report.
    Base(std::string from, bool report, std::vector<BaseProposal> proposals);

    const std::string& from() const { return m_from; }
    bool is_report() const { return m_report; }
    const std::vector<BaseProposal>& proposals() const { return m_proposals; }

    // Each check's own proposal in the base, or none (it is new): one to one, by where they
    // are. Paths are compared after lexical normalisation ("./a" is "a"). A whole file is
    // matched by its path; in a JSON Lines stream, first the same name on the same line, then
    // the same name (the first of it not yet taken, in the base's order), then, where either
    // side has no name, the same line.
    std::vector<const BaseProposal*> match(const std::vector<ProposalCheck>& checks) const;

    // The base's proposals that `matches` (from match()) left out, in the base's order.
    std::vector<BaseProposal> unmatched(const std::vector<const BaseProposal*>& matches) const;

private:
    std::string m_from;
    bool m_report = false;
    std::vector<BaseProposal> m_proposals;
};

// What a checked proposal was, for a base: its file made relative to `root` (the base
// checkout's folder, which the base's paths start with; empty: as it is).
BaseProposal base_proposal(const ProposalCheck& check, std::string_view root);

// The proposals of a JSON report that `check --format json` wrote (docs/ci.md), named `file`
// in messages: each problem with its line, column and field path. A proposal listed twice
// (the same file and line) is a problem.
Result<std::vector<BaseProposal>> read_base_report(std::string_view text, const std::string& file);

// The largest JSON report --base reads. Its JSON values are bounded too, as every document's
// are (1,000,000): about 17,000 proposals with their evaluations.
inline constexpr std::size_t k_max_base_report_bytes = std::size_t{64} << 20;

// Checks one proposal:
//   - approach-mismatch (error): its proposed_approach is neither the verdict nor in `also`;
//   - each error or warning pitfall that applies and concerns the approach checked;
//   - over-budget (error): the estimated upper cost of the approach checked is over the
//     proposal's budget_usd or --max-cost (fine-tuning on fewer examples than the smallest
//     tier takes is priced at that tier);
//   - invalid-waiver (error): a waiver that has expired, breaks the rules' waiver policy or
//     names no finding;
//   - waiver-expiring (warning): an applied waiver ends within the rules' warn_days;
//   - cost-increase (error), when compared with a base: its upper cost grew past the policy's
//     max_increase.
// Compared with a base (`compared`), its `change` says what differs from `base`, the
// proposal's own there, or that it is new (`base` null).
// A finding covered by a valid waiver is kept, marked waived, and does not count. A proposal
// that could not be read or is invalid (an outcome without an evaluation) comes back
// `invalid`, with its diagnostics. `outcome` is the proposal evaluated with the policy's
// `today` (evaluate_spec_input in batch.hpp).
ProposalCheck check_proposal(const SpecOutcome& outcome, const Rules& rules, const CheckPolicy& policy,
                             bool compared = false, const BaseProposal* base = nullptr);

class Run;
class SpecInputs;

// The most proposals one check reads (--max-proposals): a report holds every proposal, so
// this bounds its memory (docs/security.md).
inline constexpr std::size_t k_default_max_proposals = 100'000;

// What check_proposals found: every proposal checked, and whether inputs were left unread.
struct CheckedProposals {
    std::vector<ProposalCheck> checks;
    bool stopped = false;              // there were more than `max_proposals`; the first were checked
    std::vector<BaseProposal> removed; // with a base: its proposals that none of `checks` matched
};

// The specs `inputs` yields, up to `max_proposals`, evaluated and checked on the run's
// threads, in the order of the inputs. A proposal's problems (also kept in its `errors`) go
// to `problem` on the calling thread as each proposal is done, in the same order. With a
// `base`, once all are read, each is compared with its own there (Base::match).
CheckedProposals check_proposals(SpecInputs& inputs, const Rules& rules, const CheckPolicy& policy, const Run& run,
                                 const std::function<void(const Diagnostic&)>& problem,
                                 std::size_t max_proposals = k_default_max_proposals, const Base* base = nullptr);

// The counts of a run.
struct CheckSummary {
    std::size_t proposals = 0;
    std::size_t passed = 0;
    std::size_t warned = 0;
    std::size_t failed = 0;
    std::size_t invalid = 0;
    std::size_t waived = 0; // findings covered by a waiver
};

CheckSummary summarize(const std::vector<ProposalCheck>& checks);

// What a run changed against its base, and the upper costs summed on each side (those
// without an estimate count nothing).
struct ChangeSummary {
    std::size_t added = 0;
    std::size_t changed = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
    Range base_cost_usd;
    Range cost_usd;
};

ChangeSummary summarize_changes(const std::vector<ProposalCheck>& checks, const std::vector<BaseProposal>& removed);

// Which statuses fail the run (--fail-on).
enum class FailOn { mismatch, warning, never };

// Whether a proposal with `status` fails under `fail_on`. Invalid ones are not failures: they
// are errors (exit 2), whatever the policy.
bool fails(CheckStatus status, FailOn fail_on);

// "mismatch", "warning" or "never".
const char* fail_on_name(FailOn fail_on);

// A whole run: every proposal in input order, and what they were held to.
// A kind of finding the check can make, for reports that describe each (SARIF's rules).
struct FindingKind {
    std::string id;
    std::string name;
    std::string help; // what it means and how to mend it
};

// Every kind of finding `rules` let the check make: its pitfalls and the check's own
// (approach-mismatch, over-budget, invalid-waiver, waiver-expiring), and invalid-proposal for
// a proposal that could not be read.
std::vector<FindingKind> finding_kinds(const Rules& rules);

struct CheckReport {
    std::vector<ProposalCheck> checks;
    CheckSummary summary;
    FailOn fail_on = FailOn::mismatch;
    CheckPolicy policy;
    // The rules files laid over the built-in rules for this check (Rules::overlays), which
    // every report names with their digests; and the folder they were read from instead of
    // the working folder (check --rules-from-base), or empty.
    std::vector<RulesOverlay> rules_overlays;
    std::string rules_from;
    bool allow_empty = false;               // check --allow-empty: finding no proposals passes
    std::vector<FindingKind> finding_kinds; // finding_kinds(rules), for the SARIF report
    std::shared_ptr<const Base> base;       // check --base: what the proposals were compared with
    std::vector<BaseProposal> removed;      // with a base: what only the base has
    bool only_changed = false;              // check --only-changed: the text and Markdown tables leave out
                                            // the proposals that are unchanged and do not fail

    // The proposals that fail under fail_on.
    std::size_t failing() const;
    // Whether the run found no proposals and may not pass for it (exit 2, result "invalid").
    bool empty_refused() const { return checks.empty() && !allow_empty; }
};

// The reports, each ending with a newline (docs/ci.md shows them):
// a summary table and, for each proposal with findings or errors, why;
std::string render_check_text(const CheckReport& report, const TextOptions& options);
// every proposal with its status, findings, waivers and whole evaluation, and the counts;
std::string render_check_json(const CheckReport& report);
// a pull-request comment: a headline, a table and details, trimmed to `max_chars`;
std::string render_check_markdown(const CheckReport& report, std::size_t max_chars = 65000);
// JUnit XML: a testcase per proposal, failures for those that fail, errors for invalid ones;
std::string render_check_junit(const CheckReport& report);
// SARIF 2.1.0, for code scanning: a rule per finding kind, a result per finding located at
// the proposal's file (its line in a JSON Lines stream), waived findings as suppressed
// results, stable partialFingerprints;
std::string render_check_sarif(const CheckReport& report);
// GitHub Actions workflow commands: ::error per proposal that fails under the report's
// --fail-on (its failing findings together) or is invalid, ::warning per finding that does not
// fail it, ::notice per waived finding, then the one-line summary.
std::string render_check_github(const CheckReport& report);

} // namespace ftadvisor
