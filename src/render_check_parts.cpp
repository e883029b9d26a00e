#include "render_check_parts.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

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

} // namespace ftadvisor::check_report
