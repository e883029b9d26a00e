// The reports of `ftadvisor check`: text for the job log, JSON for scripts, Markdown for a
// pull-request comment, JUnit XML for test dashboards, GitHub Actions workflow commands.

#include "ftadvisor/check.hpp"

#include "ftadvisor/version.hpp"
#include "json_writer.hpp"
#include "style.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using text::markdown_escape;

std::string where(const ProposalCheck& check)
{
    return check.line > 0 ? fmt::format("{}:{}", check.file, check.line) : check.file;
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

// "until 2026-12-31: the reason", or "no end date: the reason".
std::string waiver_text(const Waiver& waiver)
{
    return fmt::format("{}: {}", waiver.expires.empty() ? "no end date" : "until " + waiver.expires, waiver.reason);
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

// "the waiver of X covers nothing here; remove it when it is no longer needed" for each.
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

// ----------------------------------------------------------------------------------- text

class TextReport {
public:
    TextReport(const CheckReport& report, const TextOptions& options)
        : m_report(report), m_style(options.color), m_width(static_cast<std::size_t>(std::max(options.width, 40)))
    {
    }

    std::string render()
    {
        if (!m_report.checks.empty()) {
            table();
        }
        for (const ProposalCheck& check : m_report.checks) {
            if (has_details(check)) {
                details(check);
            }
        }
        if (!m_out.empty()) {
            line();
        }
        line(fmt::format("ftadvisor check: {}", counts(m_report.summary)));
        line(fmt::format("result: {}", outcome(m_report)));
        return std::move(m_out);
    }

private:
    void line(std::string_view s = {}) { (m_out += s) += '\n'; }

    std::string status(CheckStatus status) const
    {
        const std::string name = status_name(status);
        switch (status) {
        case CheckStatus::pass:
            return m_style.green(name);
        case CheckStatus::warn:
            return m_style.severity(Severity::warning, name);
        case CheckStatus::fail:
        case CheckStatus::invalid:
            return m_style.severity(Severity::error, name);
        }
        return name;
    }

    void table()
    {
        const std::vector<std::string> heads = {"STATUS", "PROPOSAL", "PROPOSED", "VERDICT", "COST", "BUDGET"};
        std::vector<std::vector<std::string>> rows;
        for (const ProposalCheck& check : m_report.checks) {
            rows.push_back({status_name(check.status), where(check), check.proposed_approach.value_or("-"),
                            check.verdict.empty() ? "-" : check.verdict, cost_text(check), budget_text(check)});
        }
        std::vector<std::size_t> widths(heads.size());
        for (std::size_t c = 0; c < heads.size(); ++c) {
            widths[c] = heads[c].size();
            for (const auto& row : rows) {
                widths[c] = std::max(widths[c], row[c].size());
            }
        }
        auto render_row = [&](const std::vector<std::string>& cells, const std::string& first) {
            std::string out = first + std::string(widths[0] - cells[0].size(), ' ');
            for (std::size_t c = 1; c < cells.size(); ++c) {
                out += "  " + cells[c];
                if (c + 1 < cells.size()) {
                    out += std::string(widths[c] - cells[c].size(), ' ');
                }
            }
            while (!out.empty() && out.back() == ' ') {
                out.pop_back();
            }
            return out;
        };
        line(m_style.bold(render_row(heads, heads[0])));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            line(render_row(rows[r], status(m_report.checks[r].status)));
        }
    }

    // Prose wrapped to the width: the first line after `lead` (`lead_width` columns on screen,
    // colour codes aside), the others indented by `indent`.
    void paragraph(std::string_view lead, std::size_t lead_width, std::string_view prose, std::size_t indent)
    {
        auto room = [&](std::size_t used) { return m_width > used + 20 ? m_width - used : std::size_t{20}; };
        const auto lines = text::wrap(prose, room(indent), room(lead_width));
        for (std::size_t i = 0; i < lines.size(); ++i) {
            line(fmt::format("{}{}", i == 0 ? std::string(lead) : std::string(indent, ' '), lines[i]));
        }
    }

    void details(const ProposalCheck& check)
    {
        line();
        const std::string title = check.name.empty() ? where(check) : fmt::format("{} ({})", check.name, where(check));
        line(fmt::format("{} {}", status(check.status), m_style.bold(title)));
        if (check.status == CheckStatus::invalid) {
            const Diagnostic* d = check.errors.empty() ? nullptr : &check.errors.front();
            const std::string at = d != nullptr && d->location.line > 0
                                       ? fmt::format("line {}, column {}: ", d->location.line, d->location.column)
                                       : std::string();
            paragraph(fmt::format("  {} ", m_style.severity(Severity::error, "error")), 8,
                      at + first_error(check) + " (on standard error in full)", 4);
        }
        for (const Finding& finding : check.findings) {
            if (finding.waiver) {
                line(fmt::format("  {} {}: {}", m_style.dim("waived"), finding.id, finding.title));
                paragraph("    ", 4, waiver_text(*finding.waiver), 4);
                continue;
            }
            const char* severity = severity_name(finding.severity);
            line(fmt::format("  {} {}: {}", m_style.severity(finding.severity, severity), finding.id, finding.title));
            paragraph("    ", 4, finding.message, 4);
        }
        for (const std::string& note : unused_waivers(check)) {
            paragraph(fmt::format("  {} ", m_style.dim("note")), 7, note, 4);
        }
    }

    const CheckReport& m_report;
    Style m_style;
    std::size_t m_width;
    std::string m_out;
};

// ----------------------------------------------------------------------------------- JSON

void write_waiver(JsonWriter& w, const Waiver& waiver)
{
    w.key("rule").value(waiver.rule);
    w.key("reason").value(waiver.reason);
    w.key("expires");
    if (waiver.expires.empty()) {
        w.null();
    } else {
        w.value(waiver.expires);
    }
}

void write_optional(JsonWriter& w, const std::optional<std::string>& text)
{
    if (text) {
        w.value(*text);
    } else {
        w.null();
    }
}

// Long on purpose: one proposal of the JSON report, its fields in the documented order (docs/ci.md).
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void write_proposal(JsonWriter& w, const ProposalCheck& check)
{
    w.begin_object();
    w.key("file").value(check.file);
    if (check.line > 0) {
        w.key("line").value(check.line);
    }
    w.key("name");
    write_optional(w, check.name.empty() ? std::nullopt : std::optional(check.name));
    w.key("status").value(status_name(check.status));
    w.key("verdict");
    write_optional(w, check.verdict.empty() ? std::nullopt : std::optional(check.verdict));
    w.key("also").value(check.also);
    w.key("proposed_approach");
    write_optional(w, check.proposed_approach);
    w.key("approach_checked");
    write_optional(w, check.approach.empty() ? std::nullopt : std::optional(check.approach));
    w.key("cost_usd");
    if (check.estimate) {
        w.begin_object();
        w.key("tier").value(check.estimate->tier_id);
        w.key("low").value(check.estimate->cost_usd.low);
        w.key("high").value(check.estimate->cost_usd.high);
        w.key("open_ended").value(check.estimate->open_ended);
        w.end_object();
    } else {
        w.null();
    }
    w.key("budget");
    if (check.budget_usd) {
        w.begin_object();
        w.key("usd").value(*check.budget_usd);
        w.key("source").value(check.budget_source);
        w.end_object();
    } else {
        w.null();
    }
    w.key("findings").begin_array();
    for (const Finding& finding : check.findings) {
        w.begin_object();
        w.key("id").value(finding.id);
        w.key("severity").value(severity_name(finding.severity));
        w.key("title").value(finding.title);
        w.key("message").value(finding.message);
        w.key("waived").value(finding.waiver.has_value());
        w.key("waiver");
        if (finding.waiver) {
            w.begin_object();
            write_waiver(w, *finding.waiver);
            w.end_object();
        } else {
            w.null();
        }
        w.end_object();
    }
    w.end_array();
    w.key("waivers").begin_array();
    for (const WaiverUse& use : check.waivers) {
        w.begin_object();
        write_waiver(w, use.waiver);
        w.key("state").value(waiver_state_name(use.state));
        w.end_object();
    }
    w.end_array();
    w.key("reasons").begin_array();
    for (const Reason& reason : check.reasons) {
        w.begin_object();
        w.key("rule").value(reason.rule != nullptr ? std::string_view(reason.rule->id) : std::string_view());
        w.key("message").value(reason.message);
        w.end_object();
    }
    w.end_array();
    w.key("warnings").begin_array();
    for (const Warning& warning : check.warnings) {
        w.begin_object();
        w.key("id").value(warning.id);
        w.key("name").value(warning.name);
        w.key("severity").value(severity_name(warning.severity));
        w.key("message").value(warning.message);
        w.end_object();
    }
    w.end_array();
    w.key("errors").begin_array();
    for (const Diagnostic& d : check.errors) {
        w.begin_object();
        w.key("file").value(d.file);
        w.key("line");
        d.location.line > 0 ? w.value(d.location.line) : w.null();
        w.key("column");
        d.location.column > 0 ? w.value(d.location.column) : w.null();
        w.key("path").value(d.path);
        w.key("message").value(d.message);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

// ------------------------------------------------------------------------------- Markdown

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
        std::string location =
            d.location.line > 0 ? fmt::format("line {}, column {}", d.location.line, d.location.column) : std::string();
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

// ------------------------------------------------------------------------------ JUnit XML

std::string xml_escape(std::string_view raw)
{
    const std::string text = text::valid_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            // XML 1.0 allows no control character but tab, line feed and carriage return.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                out += "\xEF\xBF\xBD";
            } else {
                out += c;
            }
        }
    }
    return out;
}

// The folder of the proposal as a dotted class name, as JUnit readers group tests.
std::string junit_classname(const ProposalCheck& check)
{
    const std::size_t slash = check.file.rfind('/');
    if (check.file == "<stdin>") {
        return "stdin";
    }
    if (slash == std::string::npos) {
        return ".";
    }
    std::string folder = check.file.substr(0, slash);
    while (folder.rfind("./", 0) == 0) {
        folder.erase(0, 2);
    }
    std::replace(folder.begin(), folder.end(), '/', '.');
    return folder.empty() ? "." : folder;
}

std::string junit_name(const ProposalCheck& check)
{
    std::string file = check.file.substr(check.file.rfind('/') == std::string::npos ? 0 : check.file.rfind('/') + 1);
    if (check.line > 0) {
        file += fmt::format(":{}", check.line);
    }
    return check.name.empty() ? file : fmt::format("{}: {}", file, check.name);
}

// ------------------------------------------------------------------------- GitHub Actions

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

std::string render_check_text(const CheckReport& report, const TextOptions& options)
{
    return TextReport(report, options).render();
}

std::string render_check_json(const CheckReport& report)
{
    std::string out;
    JsonWriter w(out, true);
    w.begin_object();
    w.key("output_version").value(k_output_version);
    w.key("ftadvisor_version").value(k_version);
    w.key("command").value("check");
    w.key("fail_on").value(fail_on_name(report.fail_on));
    w.key("today").value(report.policy.today);
    w.key("max_cost_usd");
    report.policy.max_cost_usd ? w.value(*report.policy.max_cost_usd) : w.null();
    w.key("result").value(report.summary.invalid > 0 ? "invalid" : report.failing() > 0 ? "fail" : "pass");
    w.key("summary").begin_object();
    w.key("proposals").value(report.summary.proposals);
    w.key("pass").value(report.summary.passed);
    w.key("warn").value(report.summary.warned);
    w.key("fail").value(report.summary.failed);
    w.key("invalid").value(report.summary.invalid);
    w.key("failing").value(report.failing());
    w.key("waived").value(report.summary.waived);
    w.end_object();
    w.key("proposals").begin_array();
    for (const ProposalCheck& check : report.checks) {
        write_proposal(w, check);
    }
    w.end_array();
    w.end_object();
    w.finish();
    return out + '\n';
}

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
    return out;
}

std::string render_check_junit(const CheckReport& report)
{
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::string cases;
    for (const ProposalCheck& check : report.checks) {
        cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                             xml_escape(junit_classname(check)), xml_escape(junit_name(check)), xml_escape(check.file));
        if (check.status == CheckStatus::invalid) {
            ++errors;
            std::string body;
            for (const Diagnostic& d : check.errors) {
                body += format_diagnostic(d);
            }
            cases += fmt::format(">\n      <error type=\"invalid\" message=\"{}\">{}</error>\n    </testcase>\n",
                                 xml_escape(first_error(check)), xml_escape(body));
            continue;
        }
        std::vector<std::string> ids;
        std::string body;
        for (const Finding& finding : check.findings) {
            if (!finding.waiver && std::find(ids.begin(), ids.end(), finding.id) == ids.end()) {
                ids.push_back(finding.id);
            }
            body += finding.waiver
                        ? fmt::format("waived {} ({}), {}\n", finding.id, finding.title, waiver_text(*finding.waiver))
                        : fmt::format("{} {}: {}\n", severity_name(finding.severity), finding.id, finding.message);
        }
        if (fails(check.status, report.fail_on)) {
            ++failures;
            cases += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                                 xml_escape(text::join(ids, " ")), xml_escape(check.findings.front().title),
                                 xml_escape(body));
        } else if (!body.empty()) {
            cases += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(body));
        } else {
            cases += "/>\n";
        }
    }
    const std::string counts_attributes =
        fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\"", report.checks.size(), failures, errors);
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<testsuites name=\"ftadvisor check\" {0}>\n"
                       "  <testsuite name=\"ftadvisor check\" {0}>\n"
                       "{1}"
                       "  </testsuite>\n"
                       "</testsuites>\n",
                       counts_attributes, cases);
}

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
                continue;
            }
            if (finding.severity == Severity::error) {
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
    out += fmt::format("ftadvisor check: {}; {}\n", counts(report.summary), outcome(report));
    return out;
}

} // namespace ftadvisor
