// The text report of `ftadvisor check`, for the job log: a table of the proposals, then why for each with findings.

#include "ftadvisor/check.hpp"

#include "render_check_parts.hpp"
#include "style.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using namespace check_report;

class TextReport {
public:
    TextReport(const CheckReport& report, const TextOptions& options)
        : m_report(report), m_style(options.color), m_width(static_cast<std::size_t>(std::max(options.width, 40)))
    {
    }

    std::string render()
    {
        if (m_report.base != nullptr) {
            changes();
        }
        if (!m_report.checks.empty()) {
            table();
        }
        for (const ProposalCheck& check : m_report.checks) {
            if (has_details(check) && shown(m_report, check)) {
                details(check);
            }
        }
        if (!m_out.empty()) {
            line();
        }
        paragraph("ftadvisor check: ", 17, counts(m_report.summary), 4);
        paragraph("result: ", 8, outcome(m_report), 4);
        if (const std::string rules = rules_words(m_report, [](std::string_view s) { return std::string(s); });
            !rules.empty()) {
            paragraph("rules: ", 7, rules, 7);
        }
        return std::move(m_out);
    }

private:
    // One line of the report: a line break inside `s` (from a name) would break its layout.
    void line(std::string_view s = {}) { (m_out += text::one_line(s)) += '\n'; }

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

    // What the pull request changed, before the table: a line each for the proposals added,
    // changed and removed.
    void changes()
    {
        paragraph("", 0, fmt::format("changes against {}: {}", m_report.base->from(), changes_line(m_report)), 4);
        auto item = [&](const char* kind, const std::string& file, const std::string& words) {
            paragraph(fmt::format("  {:<8} ", kind), 11, words.empty() ? file : file + ": " + words, 11);
        };
        for (const ProposalCheck& check : m_report.checks) {
            if (check.change && check.change->kind != ChangeKind::unchanged) {
                item(change_kind_name(check.change->kind), where(check), change_summary(check));
            }
        }
        for (const BaseProposal& p : m_report.removed) {
            item("removed", where(p), removed_summary(p));
        }
        line();
    }

    // A cell's text in pieces of at most `width` bytes, cut after a '/' where one falls in the
    // piece (a path breaks at its folders), else at the width.
    static std::vector<std::string> cell_lines(const std::string& cell, std::size_t width)
    {
        std::vector<std::string> out;
        std::string_view rest = cell;
        // A coloured piece is never cut: a cut could fall inside its escape sequence.
        while (rest.size() > width && rest.find('\x1b') == std::string_view::npos) {
            const std::size_t slash = rest.substr(0, width).rfind('/');
            std::size_t cut = slash != std::string_view::npos && slash > 2 ? slash + 1 : width;
            // Never inside a UTF-8 character: back to the start of the one the cut falls in.
            while (cut > 1 && (static_cast<unsigned char>(rest[cut]) & 0xC0U) == 0x80U) {
                --cut;
            }
            out.emplace_back(rest.substr(0, cut));
            rest.remove_prefix(cut);
        }
        out.emplace_back(rest);
        return out;
    }

    // Long on purpose: the table's three layouts (as it is, the proposal column wrapped, a block
    // a proposal), chosen by the width.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    void table()
    {
        std::vector<std::string> heads = {"STATUS", "PROPOSAL", "PROPOSED", "VERDICT", "COST", "BUDGET"};
        std::vector<std::vector<std::string>> rows;
        std::vector<CheckStatus> statuses;
        for (const ProposalCheck& check : m_report.checks) {
            if (!shown(m_report, check)) {
                continue;
            }
            rows.push_back({status_name(check.status), where(check), check.proposed_approach.value_or("-"),
                            check.verdict.empty() ? "-" : check.verdict, cost_text(check), budget_text(check)});
            statuses.push_back(check.status);
        }
        // A column no proposal fills (no budgets, no costs) is left out.
        for (std::size_t c = heads.size(); c-- > 2;) {
            const bool empty = std::all_of(rows.begin(), rows.end(),
                                           [&](const std::vector<std::string>& row) { return row[c].empty(); });
            if (empty) {
                heads.erase(heads.begin() + static_cast<std::ptrdiff_t>(c));
                for (auto& row : rows) {
                    row.erase(row.begin() + static_cast<std::ptrdiff_t>(c));
                }
            }
        }
        std::vector<std::size_t> widths(heads.size());
        for (std::size_t c = 0; c < heads.size(); ++c) {
            widths[c] = heads[c].size();
            for (const auto& row : rows) {
                widths[c] = std::max(widths[c], row[c].size());
            }
        }
        std::size_t others = 2 * (heads.size() - 1);
        for (std::size_t c = 0; c < widths.size(); ++c) {
            others += c == 1 ? 0 : widths[c];
        }
        // The proposal column takes what the others leave, down to 16 columns; below that, a
        // block a proposal.
        constexpr std::size_t k_least_proposal_width = 16;
        if (others + std::min(widths[1], k_least_proposal_width) > m_width) {
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const std::vector<std::string>& row = rows[r];
                const std::vector<std::string> pieces = cell_lines(row[1], m_width > 29 ? m_width - 9 : 20);
                line(fmt::format("{}{}  {}", status(statuses[r]), std::string(7 - row[0].size(), ' '), pieces.front()));
                for (std::size_t k = 1; k < pieces.size(); ++k) {
                    line(std::string(9, ' ') + pieces[k]);
                }
                std::vector<std::string> parts;
                for (std::size_t c = 2; c < row.size(); ++c) {
                    if (!row[c].empty() && row[c] != "-") {
                        parts.push_back(text::ascii_lower(heads[c]) + " " + row[c]);
                    }
                }
                if (!parts.empty()) {
                    paragraph("         ", 9, text::join(parts, "; "), 9);
                }
            }
        } else {
            widths[1] = std::min(widths[1], m_width - others);
            auto render_row = [&](const std::vector<std::string>& cells, const std::string& first) {
                std::string out = first + std::string(widths[0] - cells[0].size(), ' ');
                for (std::size_t c = 1; c < cells.size(); ++c) {
                    out += "  " + cells[c];
                    if (c + 1 < cells.size()) {
                        out += std::string(widths[c] - std::min(widths[c], cells[c].size()), ' ');
                    }
                }
                while (!out.empty() && out.back() == ' ') {
                    out.pop_back();
                }
                return out;
            };
            line(m_style.bold(render_row(heads, heads[0])));
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const std::vector<std::string> pieces = cell_lines(rows[r][1], widths[1]);
                std::vector<std::string> cells = rows[r];
                cells[1] = pieces.front();
                line(render_row(cells, status(statuses[r])));
                for (std::size_t k = 1; k < pieces.size(); ++k) {
                    line(std::string(widths[0] + 2, ' ') + pieces[k]);
                }
            }
        }
        if (const std::size_t hidden = not_shown(m_report); hidden > 0) {
            line(m_style.dim(
                fmt::format("({} not shown: --only-changed)", plural(hidden, "unchanged proposal that does not fail is",
                                                                     "unchanged proposals that do not fail are"))));
        }
    }

    // Prose wrapped to the width: the first line after `lead` (`lead_width` columns on screen,
    // colour codes aside), the others indented by `indent`.
    void paragraph(std::string_view lead, std::size_t lead_width, std::string_view prose, std::size_t indent)
    {
        auto room = [&](std::size_t used) { return m_width > used + 20 ? m_width - used : std::size_t{20}; };
        // A word longer than a line (a path) is cut, so that no line is wider than the width.
        std::vector<std::string> lines;
        for (std::string& piece : text::wrap(prose, room(indent), room(lead_width))) {
            const std::size_t most = lines.empty() ? room(lead_width) : room(indent);
            for (std::string& part : cell_lines(piece, most)) {
                lines.push_back(std::move(part));
            }
        }
        for (std::size_t i = 0; i < lines.size(); ++i) {
            line(fmt::format("{}{}", i == 0 ? std::string(lead) : std::string(indent, ' '), lines[i]));
        }
    }

    void details(const ProposalCheck& check)
    {
        line();
        const std::string title = check.name.empty() ? where(check) : fmt::format("{} ({})", check.name, where(check));
        const std::string status_word = status_name(check.status);
        paragraph(status(check.status) + " ", status_word.size() + 1, m_style.bold(title), 2);
        if (check.status == CheckStatus::invalid) {
            const Diagnostic* d = check.errors.empty() ? nullptr : &check.errors.front();
            const std::string at =
                d != nullptr && d->location.line > 0 ? location_words(d->location) + ": " : std::string();
            paragraph(fmt::format("  {} ", m_style.severity(Severity::error, "error")), 8,
                      at + first_error(check) + " (on standard error in full)", 4);
        }
        for (const Finding& finding : check.findings) {
            if (finding.waiver) {
                paragraph(fmt::format("  {} ", m_style.dim("waived")), 9,
                          fmt::format("{}: {}", finding.id, finding.title), 4);
                paragraph("    ", 4, waiver_text(*finding.waiver), 4);
                continue;
            }
            const char* severity = severity_name(finding.severity);
            paragraph(fmt::format("  {} ", m_style.severity(finding.severity, severity)),
                      std::string_view(severity).size() + 3, fmt::format("{}: {}", finding.id, finding.title), 4);
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

} // namespace

std::string render_check_text(const CheckReport& report, const TextOptions& options)
{
    return text::visible(TextReport(report, options).render(), options.color);
}

} // namespace ftadvisor
