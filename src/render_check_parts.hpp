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

} // namespace ftadvisor::check_report
