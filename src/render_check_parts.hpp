#pragma once

// What the reports of `ftadvisor check` share (src/render_check_*.cpp, one file a format).

#include "ftadvisor/check.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor::check_report {

// "file" or "file:line" for a proposal from a JSON Lines stream.
std::string where(const ProposalCheck& check);

// The rules the check applied, for a report's last lines: empty for the built-in rules alone,
// else one sentence naming each overlay and its SHA-256 (`code` wraps a file name or digest,
// as Markdown's code span or not at all).
std::string rules_words(const CheckReport& report, std::string (*code)(std::string_view));

// Where in its file a problem is, "line 3, column 5" or "line 3" (no column known), or empty.
std::string location_words(const Location& location);

// The estimated cost of the approach checked, "$2,000 to $20,000" ("+" when open-ended); empty without one.
std::string cost_text(const ProposalCheck& check);

// The budget it is held to, in dollars; empty without one.
std::string budget_text(const ProposalCheck& check);

// "1 proposal", "2 proposals".
std::string plural(std::size_t n, std::string_view one, std::string_view many);

// "5 proposals: 3 pass, 1 warn, 1 fail; 1 finding waived".
std::string counts(const CheckSummary& s);

// The run's outcome in one line, as the exit code reports it.
std::string outcome(const CheckReport& report);

// "until 2026-12-31: the reason", or "no end date: the reason", with ", owner X" after the date.
std::string waiver_text(const Waiver& waiver);

// The first problem that made a proposal invalid, for one line of a table.
std::string first_error(const ProposalCheck& check);

// Whether a proposal has anything to explain below the table: findings, errors, an unused waiver.
bool has_details(const ProposalCheck& check);

// "the waiver of X covers no finding; remove it once it is no longer needed", for each.
std::vector<std::string> unused_waivers(const ProposalCheck& check);

// With a base: how a proposal's estimated cost moved, low and high, and the high's move as a
// share of the base's (none when the base's was 0 or unknown). None when neither side has an
// estimate, or the proposal is new.
struct CostChange {
    Range usd;
    std::optional<double> high_percent;
};
std::optional<CostChange> cost_change(const ProposalCheck& check);

// "+$5,000", "-$1,200", "$0".
std::string signed_usd(double amount);

// "+$60,000 (+300%)" or "+$60,000" for the high's move.
std::string cost_change_words(const CostChange& change);

// "$2,000 to $20,000" for a base proposal's cost; empty without one.
std::string cost_text(const BaseProposal& proposal);

// What changed in one proposal, as short clauses: "status pass -> fail", "verdict rag ->
// fine-tune", "cost $500 to $5,000 -> $2,000 to $20,000, +$15,000 (+300%)", "new finding
// approach-mismatch", "fixed invalid-waiver". Empty for an unchanged or added proposal.
std::vector<std::string> change_clauses(const ProposalCheck& check);

// Whether a report's tables show `check`: always, but with --only-changed not when it is
// unchanged and does not fail.
bool shown(const CheckReport& report, const ProposalCheck& check);

// How many proposals --only-changed left out of the tables.
std::size_t not_shown(const CheckReport& report);

// A proposal's change in one line for a list of changes: for one added, "status pass; verdict
// fine-tune; cost $10,000 to $100,000"; for one changed, its change_clauses; else empty.
std::string change_summary(const ProposalCheck& check);

// A removed proposal in one line: "status was pass; verdict rag".
std::string removed_summary(const BaseProposal& proposal);

// "file" or "file:line" for a base proposal.
std::string where(const BaseProposal& proposal);

// The run's changes in one line: "1 added, 2 changed, 1 removed, 3 unchanged; estimated upper
// cost $120,000 -> $185,000 (+$65,000)". Empty without a base.
std::string changes_line(const CheckReport& report);

} // namespace ftadvisor::check_report
