#include "render_check_parts.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ftadvisor::check_report {

std::string where(const ProposalCheck& check)
{
    return check.line > 0 ? fmt::format("{}:{}", check.file, check.line) : check.file;
}

std::string rules_words(const CheckReport& report, std::string (*code)(std::string_view))
{
    if (report.rules_overlays.empty()) {
        return {};
    }
    std::vector<std::string> files;
    for (const RulesOverlay& overlay : report.rules_overlays) {
        files.push_back(fmt::format("{} (sha256 {})", code(overlay.file), code(overlay.sha256)));
    }
    return fmt::format("the built-in rules with {} laid over them{}: {}", plural(files.size(), "overlay", "overlays"),
                       report.rules_from.empty() ? "" : fmt::format(", read from {}", code(report.rules_from)),
                       text::join(files, ", "));
}

std::string location_words(const Location& location)
{
    if (location.line <= 0) {
        return {};
    }
    return location.column > 0 ? fmt::format("line {}, column {}", location.line, location.column)
                               : fmt::format("line {}", location.line);
}

std::string cost_text(const ProposalCheck& check)
{
    if (!check.estimate) {
        return "";
    }
    const Range& cost = check.estimate->cost_usd;
    return text::format_usd_range(cost.low, cost.high) + (check.estimate->open_ended ? "+" : "");
}

std::string budget_text(const ProposalCheck& check)
{
    return check.budget_usd ? text::format_usd(*check.budget_usd) : "";
}

std::string plural(std::size_t n, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "5 proposals: 3 pass, 1 warn, 1 fail; 1 finding waived".
std::string counts(const CheckSummary& s)
{
    std::vector<std::string> parts;
    const std::pair<std::size_t, const char*> statuses[] = {
        {s.passed, "pass"}, {s.warned, "warn"}, {s.failed, "fail"}, {s.invalid, "invalid"}};
    for (const auto& [n, name] : statuses) {
        if (n > 0) {
            parts.push_back(fmt::format("{} {}", n, name));
        }
    }
    std::string out = plural(s.proposals, "proposal", "proposals");
    if (!parts.empty()) {
        out += ": " + text::join(parts, ", ");
    }
    if (s.waived > 0) {
        out += "; " + plural(s.waived, "finding", "findings") + " waived";
    }
    return out;
}

// The run's outcome in one line, as the exit code reports it.
std::string outcome(const CheckReport& report)
{
    const std::size_t failing = report.failing();
    if (report.empty_refused()) {
        return "invalid input: no proposals found (--allow-empty lets such a run pass)";
    }
    if (report.summary.invalid > 0) {
        return fmt::format("invalid input: {} could not be checked{}",
                           plural(report.summary.invalid, "proposal", "proposals"),
                           failing > 0 ? fmt::format(", and {} failed", failing) : "");
    }
    if (failing > 0) {
        return fmt::format("failed: {} of {} {} changes (--fail-on {})", failing, report.summary.proposals,
                           failing == 1 ? "needs" : "need", fail_on_name(report.fail_on));
    }
    return fmt::format("passed (--fail-on {})", fail_on_name(report.fail_on));
}

// "until 2026-12-31: the reason", or "no end date: the reason", with ", owner X" after the
// date when the waiver names one.
std::string waiver_text(const Waiver& waiver)
{
    return fmt::format("{}{}: {}", waiver.expires.empty() ? "no end date" : "until " + waiver.expires,
                       waiver.owner.empty() ? std::string() : ", owner " + waiver.owner, waiver.reason);
}

std::string first_error(const ProposalCheck& check)
{
    if (check.errors.empty()) {
        return "could not be read";
    }
    const Diagnostic& d = check.errors.front();
    std::string out = d.path.empty() ? d.message : d.path + ": " + d.message;
    if (check.errors.size() > 1) {
        out += fmt::format(" (and {} more)", check.errors.size() - 1);
    }
    return out;
}

bool has_details(const ProposalCheck& check)
{
    return !check.findings.empty() || !check.errors.empty() ||
           std::any_of(check.waivers.begin(), check.waivers.end(),
                       [](const WaiverUse& use) { return use.state == WaiverState::unused; });
}

// "the waiver of X covers no finding; remove it once it is no longer needed" for each unused waiver.
std::vector<std::string> unused_waivers(const ProposalCheck& check)
{
    std::vector<std::string> out;
    for (const WaiverUse& use : check.waivers) {
        if (use.state == WaiverState::unused) {
            out.push_back(fmt::format("the waiver of {} covers no finding; remove it once it is no longer needed",
                                      use.waiver.rule));
        }
    }
    return out;
}

std::optional<CostChange> cost_change(const ProposalCheck& check)
{
    if (!check.change || !check.change->base || (!check.estimate && !check.change->base->cost_usd)) {
        return std::nullopt;
    }
    const Range now = check.estimate ? check.estimate->cost_usd : Range{};
    const Range before = check.change->base->cost_usd.value_or(Range{});
    CostChange change{Range{now.low - before.low, now.high - before.high}, std::nullopt};
    if (before.high > 0) {
        change.high_percent = change.usd.high / before.high * 100;
    }
    return change;
}

std::string signed_usd(double amount)
{
    if (std::abs(amount) < 0.005) {
        return "$0";
    }
    // Appended, not "+" + format_usd(): GCC 12's -Wrestrict false positive at -O3.
    std::string out = amount > 0 ? "+" : "-";
    out += text::format_usd(std::abs(amount));
    return out;
}

std::string cost_change_words(const CostChange& change)
{
    if (!change.high_percent || std::abs(change.usd.high) < 0.005) {
        return signed_usd(change.usd.high);
    }
    const double percent = std::round(*change.high_percent);
    return fmt::format("{} ({}{}%)", signed_usd(change.usd.high), percent > 0 ? "+" : "", text::format_number(percent));
}

std::string cost_text(const BaseProposal& proposal)
{
    return proposal.cost_usd ? text::format_usd_range(proposal.cost_usd->low, proposal.cost_usd->high) +
                                   (proposal.open_ended ? "+" : "")
                             : "";
}

std::vector<std::string> change_clauses(const ProposalCheck& check)
{
    std::vector<std::string> out;
    if (!check.change || !check.change->base || check.change->kind != ChangeKind::changed) {
        return out;
    }
    const ProposalChange& change = *check.change;
    const BaseProposal& base = *change.base;
    auto moved = [&](const char* what, const std::string& before, const std::string& now) {
        if (before != now) {
            out.push_back(
                fmt::format("{} {} -> {}", what, before.empty() ? "none" : before, now.empty() ? "none" : now));
        }
    };
    moved("status", status_name(base.status), status_name(check.status));
    moved("name", base.name, check.name);
    moved("verdict", base.verdict, check.verdict);
    moved("approach checked", base.approach, check.approach);
    if (const std::optional<CostChange> cost = cost_change(check);
        cost && (std::abs(cost->usd.low) >= 0.005 || std::abs(cost->usd.high) >= 0.005)) {
        const std::string now = cost_text(check);
        out.push_back(fmt::format("cost {} -> {}, {}", base.cost_usd ? cost_text(base) : "none",
                                  now.empty() ? "none" : now, cost_change_words(*cost)));
    }
    if (!change.new_findings.empty()) {
        out.push_back(fmt::format("new {} {}", change.new_findings.size() == 1 ? "finding" : "findings",
                                  text::join(change.new_findings, ", ")));
    }
    if (!change.fixed_findings.empty()) {
        out.push_back("fixed " + text::join(change.fixed_findings, ", "));
    }
    return out;
}

bool shown(const CheckReport& report, const ProposalCheck& check)
{
    return !report.only_changed || !check.change || check.change->kind != ChangeKind::unchanged ||
           check.status == CheckStatus::invalid || fails(check.status, report.fail_on);
}

std::size_t not_shown(const CheckReport& report)
{
    return static_cast<std::size_t>(std::count_if(report.checks.begin(), report.checks.end(),
                                                  [&](const ProposalCheck& c) { return !shown(report, c); }));
}

namespace {

// "status pass; verdict fine-tune; cost $10,000 to $100,000": the parts that are known.
std::string standing(const std::string& status, const std::string& verdict, const std::string& cost)
{
    std::string out = status;
    if (!verdict.empty()) {
        out += "; verdict " + verdict;
    }
    if (!cost.empty()) {
        out += "; cost " + cost;
    }
    return out;
}

} // namespace

std::string change_summary(const ProposalCheck& check)
{
    if (!check.change) {
        return {};
    }
    switch (check.change->kind) {
    case ChangeKind::added:
        return standing(std::string("status ") + status_name(check.status), check.verdict, cost_text(check));
    case ChangeKind::changed:
        return text::join(change_clauses(check), "; ");
    case ChangeKind::unchanged:
    case ChangeKind::removed:
        return {};
    }
    return {};
}

std::string removed_summary(const BaseProposal& proposal)
{
    return standing(std::string("status was ") + status_name(proposal.status), proposal.verdict, cost_text(proposal));
}

std::string where(const BaseProposal& proposal)
{
    return proposal.line > 0 ? fmt::format("{}:{}", proposal.file, proposal.line) : proposal.file;
}

std::string changes_line(const CheckReport& report)
{
    if (report.base == nullptr) {
        return {};
    }
    const ChangeSummary s = summarize_changes(report.checks, report.removed);
    std::vector<std::string> parts;
    for (const auto& [n, name] : {std::pair(s.added, "added"), std::pair(s.changed, "changed"),
                                  std::pair(s.removed, "removed"), std::pair(s.unchanged, "unchanged")}) {
        if (n > 0) {
            parts.push_back(fmt::format("{} {}", n, name));
        }
    }
    std::string out = parts.empty() ? std::string("no proposals on either side") : text::join(parts, ", ");
    if (std::abs(s.cost_usd.high - s.base_cost_usd.high) >= 0.005) {
        out += fmt::format("; estimated upper cost {} -> {} ({})", text::format_usd(s.base_cost_usd.high),
                           text::format_usd(s.cost_usd.high), signed_usd(s.cost_usd.high - s.base_cost_usd.high));
    } else if (s.cost_usd.high > 0) {
        out += fmt::format("; estimated upper cost unchanged at {}", text::format_usd(s.cost_usd.high));
    }
    return out;
}

} // namespace ftadvisor::check_report
