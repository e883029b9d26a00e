#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/estimate.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ftadvisor {

// What `check` holds a proposal to, besides the rules.
struct CheckPolicy {
    std::optional<double> max_cost_usd; // --max-cost: a ceiling on every proposal's upper cost
    std::string today;                  // YYYY-MM-DD: waivers that ended before it have expired
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

// One proposal's outcome.
struct ProposalCheck {
    std::string file;
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    std::string name;     // empty when invalid
    CheckStatus status = CheckStatus::pass;
    std::string verdict; // empty when invalid
    std::vector<std::string> also;
    std::optional<std::string> proposed_approach;
    std::string approach;              // the one checked: the proposed one, else the verdict
    std::optional<Estimate> estimate;  // what that approach costs, when the rules price it
    bool estimate_below_tiers = false; // the examples are fewer than the smallest tier's: its cost
    std::optional<double> budget_usd;  // the lower of --max-cost and the proposal's budget_usd
    std::string budget_source;         // "budget_usd" or "--max-cost"
    std::vector<Finding> findings;     // unwaived first, each group in the order found
    std::vector<WaiverUse> waivers;    // the proposal's, in its order
    std::vector<Diagnostic> errors;    // why it is invalid
    std::vector<Reason> reasons;       // the evaluation's, for the JSON report
    std::vector<Warning> warnings;     // likewise: every pitfall that applied, info included

    std::size_t waived() const;
};

// Checks one proposal:
//   - approach-mismatch (error): its proposed_approach is neither the verdict nor in `also`;
//   - each error or warning pitfall that applies and concerns the approach checked;
//   - over-budget (error): the estimated upper cost of the approach checked is over the
//     proposal's budget_usd or --max-cost (fine-tuning on fewer examples than the smallest
//     tier takes is priced at that tier);
//   - invalid-waiver (error): a waiver that has expired, breaks the rules' waiver policy or
//     names no finding;
//   - waiver-expiring (warning): an applied waiver ends within the rules' warn_days.
// A finding covered by a valid waiver is kept, marked waived, and does not count. A proposal
// that could not be read or is invalid (an outcome without an evaluation) comes back
// `invalid`, with its diagnostics. `outcome` is the proposal evaluated with the policy's
// `today` (evaluate_spec_input in batch.hpp).
ProposalCheck check_proposal(const SpecOutcome& outcome, const Rules& rules, const CheckPolicy& policy);

class Run;
class SpecInputs;

// The most proposals one check reads (--max-proposals): a report holds every proposal, so
// this bounds its memory (docs/security.md).
inline constexpr std::size_t k_default_max_proposals = 100'000;

// What check_proposals found: every proposal checked, and whether inputs were left unread.
struct CheckedProposals {
    std::vector<ProposalCheck> checks;
    bool stopped = false; // there were more than `max_proposals`; the first were checked
};

// The specs `inputs` yields, up to `max_proposals`, evaluated and checked on the run's
// threads, in the order of the inputs. A proposal's problems (also kept in its `errors`) go
// to `problem` on the calling thread as each proposal is done, in the same order.
CheckedProposals check_proposals(SpecInputs& inputs, const Rules& rules, const CheckPolicy& policy, const Run& run,
                                 const std::function<void(const Diagnostic&)>& problem,
                                 std::size_t max_proposals = k_default_max_proposals);

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
