// The Markdown report of `ftadvisor check`, for a pull-request comment.

#include "ftadvisor/check.hpp"

#include "render_check_parts.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using namespace check_report;
using text::markdown_escape;

std::string status_cell(CheckStatus status)
{
    switch (status) {
    case CheckStatus::pass:
        return "pass";
    case CheckStatus::warn:
        return "**warn**";
    case CheckStatus::fail:
        return "**fail**";
    case CheckStatus::invalid:
        return "**invalid**";
    }
    return "";
}

std::string markdown_code(std::string_view text)
{
    // A code span cannot hold a backtick or a line break; neither belongs in a file name.
    std::string out = text::valid_utf8(text);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '`' || c == '\n' || c == '\r' || c == '|'; }, '_');
    return "`" + out + "`";
}

std::string markdown_headline(const CheckReport& report)
{
    const CheckSummary& s = report.summary;
    const std::size_t failing = report.failing();
    std::string out;
    if (s.proposals == 0) {
        return "no proposals found";
    }
    if (failing > 0) {
        out = fmt::format("{} of {} {} changes", failing, plural(s.proposals, "proposal", "proposals"),
                          failing == 1 ? "needs" : "need");
    } else if (s.invalid == 0) {
        out = s.proposals == 1 ? "The proposal passes" : fmt::format("All {} proposals pass", s.proposals);
    } else {
        out = fmt::format("{} checked", plural(s.proposals - s.invalid, "proposal", "proposals"));
    }
    if (s.invalid > 0) {
        out += fmt::format("; {} could not be read", plural(s.invalid, "file", "files"));
    }
    return out;
}

std::string markdown_details(const ProposalCheck& check)
{
    std::string out = fmt::format("### {} {}\n\n", check.name.empty() ? "Unreadable" : markdown_escape(check.name),
                                  markdown_code(where(check)));
    for (const Diagnostic& d : check.errors) {
        std::string location = location_words(d.location);
        std::string field = d.path.empty() ? "" : markdown_code(d.path);
        std::string at = text::join(
            [&] {
            std::vector<std::string> parts;
            for (const std::string& part : {location, field}) {
                if (!part.empty()) {
                    parts.push_back(part);
                }
            }
            return parts;
            }(),
            ", ");
        out += fmt::format("- error{}: {}\n", at.empty() ? "" : " at " + at, markdown_escape(d.message));
    }
    for (const Finding& finding : check.findings) {
        if (finding.waiver) {
            out += fmt::format("- waived `{}` ({}), {}\n", finding.id, markdown_escape(finding.title),
                               markdown_escape(waiver_text(*finding.waiver)));
        } else {
            out += fmt::format("- {} `{}`: {}\n", severity_name(finding.severity), finding.id,
                               markdown_escape(finding.message));
        }
    }
    for (const std::string& note : unused_waivers(check)) {
        out += fmt::format("- note: {}\n", markdown_escape(note));
    }
    return out + "\n";
}

} // namespace

std::string render_check_markdown(const CheckReport& report, std::size_t max_chars)
{
    std::string head = fmt::format("## ftadvisor check: {}\n\n", markdown_headline(report));
    std::vector<std::string> rows;
    for (const ProposalCheck& check : report.checks) {
        std::string proposal = check.name.empty() ? markdown_code(where(check))
                                                  : markdown_escape(check.name) + " " + markdown_code(where(check));
        rows.push_back(fmt::format("| {} | {} | {} | {} | {} | {} |\n", proposal, check.proposed_approach.value_or(""),
                                   check.verdict, status_cell(check.status), markdown_escape(cost_text(check)),
                                   markdown_escape(budget_text(check))));
    }
    std::string foot = fmt::format("\n{}. Result: {}.\n", counts(report.summary), outcome(report));
    if (const std::string rules = rules_words(report, markdown_code); !rules.empty()) {
        foot += fmt::format("\nRules: {}.\n", rules);
    }
    std::vector<std::string> details;
    for (const ProposalCheck& check : report.checks) {
        if (has_details(check)) {
            details.push_back(markdown_details(check));
        }
    }

    // Within the limit: every row and as many details as fit, then a note of what was left
    // out. Rows go too only when they alone are over the limit.
    constexpr std::size_t k_note_room = 200;
    const std::string table_head =
        "| Proposal | Proposed | Verdict | Status | Cost | Budget |\n|---|---|---|---|---|---|\n";
    std::size_t used = head.size() + table_head.size() + foot.size() + k_note_room;
    std::string out = head + table_head;
    std::size_t shown_rows = 0;
    for (const std::string& row : rows) {
        if (used + row.size() > max_chars) {
            break;
        }
        out += row;
        used += row.size();
        ++shown_rows;
    }
    std::string trimmed;
    if (shown_rows < rows.size()) {
        trimmed = fmt::format("{} of the table and every proposal's details",
                              plural(rows.size() - shown_rows, "row", "rows"));
    }
    out += foot;
    std::size_t shown_details = 0;
    if (trimmed.empty()) {
        for (const std::string& section : details) {
            if (used + section.size() + 1 > max_chars) {
                break;
            }
            out += (shown_details == 0 ? "\n" : "") + section;
            used += section.size() + 1;
            ++shown_details;
        }
        if (shown_details < details.size()) {
            trimmed = fmt::format("the details of {}", plural(details.size() - shown_details, "proposal", "proposals"));
        }
    }
    if (!trimmed.empty()) {
        out += fmt::format("\n> Left out to stay under {} characters: {}. The job log and the JSON report have "
                           "everything.\n",
                           text::format_number(static_cast<double>(max_chars)), trimmed);
    }
    return text::visible(out);
}

} // namespace ftadvisor
