// The GitHub Actions workflow commands of `ftadvisor check`: annotations and a summary line.

#include "ftadvisor/check.hpp"

#include "render_check_parts.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using namespace check_report;

// Escapes for a workflow command's message, and (with `property`) for a property value.
std::string github_escape(std::string_view text, bool property)
{
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '%':
            out += "%25";
            break;
        case '\r':
            out += "%0D";
            break;
        case '\n':
            out += "%0A";
            break;
        case ':':
            out += property ? "%3A" : ":";
            break;
        case ',':
            out += property ? "%2C" : ",";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string github_command(std::string_view command, const std::string& file, int line, int column,
                           std::string_view title, std::string_view message)
{
    std::string properties = "file=" + github_escape(file, true);
    if (line > 0) {
        properties += fmt::format(",line={}", line);
    }
    if (column > 0) {
        properties += fmt::format(",col={}", column);
    }
    properties += ",title=" + github_escape(title, true);
    return fmt::format("::{} {}::{}\n", command, properties, github_escape(message, false));
}

} // namespace

std::string render_check_github(const CheckReport& report)
{
    std::string out;
    for (const ProposalCheck& check : report.checks) {
        const int line = static_cast<int>(check.line);
        if (check.status == CheckStatus::invalid) {
            for (const Diagnostic& d : check.errors) {
                const int at = line > 0 ? line : d.location.line;
                out += github_command("error", check.file, at, line > 0 ? 0 : d.location.column,
                                      "ftadvisor: invalid proposal",
                                      d.path.empty() ? d.message : d.path + ": " + d.message);
            }
            continue;
        }
        std::vector<std::string> errors;
        for (const Finding& finding : check.findings) {
            if (finding.waiver) {
                // Still on the pull request, as a notice: a reviewer sees what was accepted.
                out += github_command(
                    "notice", check.file, line, 0, fmt::format("ftadvisor: {} waived", finding.id),
                    fmt::format("{} ({}): waived {}", check.name, finding.id, waiver_text(*finding.waiver)));
                continue;
            }
            // An error annotation for what fails the run under --fail-on, a warning for the rest:
            // under `never` nothing fails, under `warning` warnings fail too.
            const bool failing =
                fails(finding.severity == Severity::error ? CheckStatus::fail : CheckStatus::warn, report.fail_on);
            if (failing) {
                errors.push_back(fmt::format("{}: {}", finding.id, finding.message));
            } else {
                out += github_command("warning", check.file, line, 0, fmt::format("ftadvisor: {}", finding.title),
                                      fmt::format("{} ({}): {}", check.name, finding.id, finding.message));
            }
        }
        if (!errors.empty()) {
            out += github_command("error", check.file, line, 0, fmt::format("ftadvisor: {} needs changes", check.name),
                                  text::join(errors, "\n"));
        }
    }
    if (const std::string rules = rules_words(report, [](std::string_view s) { return std::string(s); });
        !rules.empty()) {
        out += fmt::format("::notice title={}::{}\n", github_escape("ftadvisor: rules overlays applied", true),
                           github_escape("The check applied " + rules, false));
    }
    if (report.base != nullptr) {
        // Plain text, not a command: the step summary's Markdown lists the changes one by one.
        out += text::one_line(
                   fmt::format("ftadvisor check: changes against {}: {}", report.base->from(), changes_line(report))) +
               '\n';
    }
    out += fmt::format("ftadvisor check: {}; {}\n", counts(report.summary), outcome(report));
    return out;
}

} // namespace ftadvisor
