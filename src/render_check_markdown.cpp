// The Markdown report of `ftadvisor check`, for a pull-request comment.

#include "ftadvisor/check.hpp"

#include "render_check_parts.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ftadvisor {
namespace {

using namespace check_report;
using text::markdown_escape;

// A cell holds at most this much of a name or a file name: one long name must not leave no
// room for the rest of the table.
constexpr std::size_t k_max_cell_bytes = 200;
// And a line of a proposal's details (a message, a waiver's reason) at most this much.
constexpr std::size_t k_max_line_bytes = 1000;

std::string escaped_line(std::string_view text)
{
    return markdown_escape(text::shorten(text, k_max_line_bytes));
}

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
    std::string out =
        fmt::format("### {} {}\n\n",
                    check.name.empty() ? "Unreadable" : markdown_escape(text::shorten(check.name, k_max_cell_bytes)),
                    markdown_code(text::shorten(where(check), k_max_cell_bytes)));
    for (const Diagnostic& d : check.errors) {
        std::string location = location_words(d.location);
        std::string field = d.path.empty() ? "" : markdown_code(text::shorten(d.path, k_max_cell_bytes));
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
        out += fmt::format("- error{}: {}\n", at.empty() ? "" : " at " + at, escaped_line(d.message));
    }
    for (const Finding& finding : check.findings) {
        if (finding.waiver) {
            out += fmt::format("- waived `{}` ({}), {}\n", finding.id, escaped_line(finding.title),
                               escaped_line(waiver_text(*finding.waiver)));
        } else {
            out += fmt::format("- {} `{}`: {}\n", severity_name(finding.severity), finding.id,
                               escaped_line(finding.message));
        }
    }
    for (const std::string& note : unused_waivers(check)) {
        out += fmt::format("- note: {}\n", escaped_line(note));
    }
    return out + "\n";
}

// How telling a proposal's status is: what a shortened report keeps first.
int rank(CheckStatus status)
{
    switch (status) {
    case CheckStatus::invalid:
        return 0;
    case CheckStatus::fail:
        return 1;
    case CheckStatus::warn:
        return 2;
    case CheckStatus::pass:
        return 3;
    }
    return 3;
}

// Where a piece of the comment goes: the table of changes against the base, the table of
// proposals, or a proposal's details.
enum class Section { changes, table, details };

// A row of a table or a proposal's details, with its rank.
struct Piece {
    int rank = 0;
    Section section = Section::table;
    std::string text;
    bool kept = false;
};

// Keeps the pieces that fit in `room`, most telling first: by rank, a rank's change rows, then
// its table rows, then its details, and within those in the report's order. One that does not
// fit is left out and the next is tried, so one huge piece cannot crowd out the rest. A
// details piece costs a byte more, for the line before it.
void fit(std::vector<Piece>& pieces, std::size_t room)
{
    std::vector<Piece*> order;
    order.reserve(pieces.size());
    for (Piece& piece : pieces) {
        order.push_back(&piece);
    }
    std::stable_sort(order.begin(), order.end(), [](const Piece* a, const Piece* b) {
        return std::pair(a->rank, a->section) < std::pair(b->rank, b->section);
    });
    for (Piece* piece : order) {
        const std::size_t cost = piece->text.size() + (piece->section == Section::details ? 1 : 0);
        if (cost > room) {
            continue;
        }
        room -= cost;
        piece->kept = true;
    }
}

// "3 rows of the table (2 pass, 1 warn)" for the pieces of one section left out; empty for none.
std::string left_out_words(const std::vector<Piece>& pieces, Section section)
{
    std::array<std::size_t, 4> dropped{};
    std::size_t total = 0;
    for (const Piece& piece : pieces) {
        if (piece.section == section && !piece.kept) {
            ++dropped[static_cast<std::size_t>(piece.rank)];
            ++total;
        }
    }
    if (total == 0) {
        return "";
    }
    std::vector<std::string> kinds;
    for (const CheckStatus status : {CheckStatus::invalid, CheckStatus::fail, CheckStatus::warn, CheckStatus::pass}) {
        if (const std::size_t n = dropped[static_cast<std::size_t>(rank(status))]; n > 0) {
            kinds.push_back(fmt::format("{} {}", n, status_name(status)));
        }
    }
    switch (section) {
    case Section::changes:
        return fmt::format("{} of the changes ({})", plural(total, "row", "rows"), text::join(kinds, ", "));
    case Section::table:
        return fmt::format("{} of the table ({})", plural(total, "row", "rows"), text::join(kinds, ", "));
    case Section::details:
        break;
    }
    return fmt::format("the details of {} ({})", plural(total, "proposal", "proposals"), text::join(kinds, ", "));
}

std::string proposal_cell(const std::string& name, const std::string& where)
{
    const std::string file = markdown_code(text::shorten(where, k_max_cell_bytes));
    return name.empty() ? file : markdown_escape(text::shorten(name, k_max_cell_bytes)) + " " + file;
}

// With a base: the heading of the changes, and a row for each proposal added, changed or
// removed, ranked by its status now (a removed one as a pass).
std::string changes_head(const CheckReport& report, std::vector<Piece>& pieces)
{
    for (const ProposalCheck& check : report.checks) {
        if (check.change && check.change->kind != ChangeKind::unchanged) {
            pieces.push_back(Piece{
                rank(check.status), Section::changes,
                text::visible(fmt::format("| {} | {} | {} |\n", proposal_cell(check.name, where(check)),
                                          change_kind_name(check.change->kind), escaped_line(change_summary(check))))});
        }
    }
    for (const BaseProposal& p : report.removed) {
        pieces.push_back(Piece{rank(CheckStatus::pass), Section::changes,
                               text::visible(fmt::format("| {} | removed | {} |\n", proposal_cell(p.name, where(p)),
                                                         escaped_line(removed_summary(p))))});
    }
    std::string head = fmt::format("### Changes against {}\n\n{}.\n\n",
                                   markdown_code(text::shorten(report.base->from(), k_max_cell_bytes)),
                                   markdown_escape(changes_line(report)));
    if (!pieces.empty()) {
        head += "| Proposal | Change | What changed |\n|---|---|---|\n";
    }
    return text::visible(head);
}

} // namespace

std::string render_check_markdown(const CheckReport& report, std::size_t max_chars)
{
    // Each part is made visible (text::visible) before it is measured: escapes lengthen it.
    std::string head = text::visible(fmt::format("## ftadvisor check: {}\n\n", markdown_headline(report)));
    std::vector<Piece> pieces; // the changes, each proposal's row, and its details when it has any
    std::string changes;
    if (report.base != nullptr) {
        changes = changes_head(report, pieces);
    }
    for (const ProposalCheck& check : report.checks) {
        if (!shown(report, check)) {
            continue;
        }
        pieces.push_back(Piece{
            rank(check.status), Section::table,
            text::visible(fmt::format("| {} | {} | {} | {} | {} | {} |\n", proposal_cell(check.name, where(check)),
                                      check.proposed_approach.value_or(""), check.verdict, status_cell(check.status),
                                      markdown_escape(cost_text(check)), markdown_escape(budget_text(check))))});
        if (has_details(check)) {
            pieces.push_back(Piece{rank(check.status), Section::details, text::visible(markdown_details(check))});
        }
    }
    std::string hidden;
    if (const std::size_t n = not_shown(report); n > 0) {
        hidden = fmt::format("\n{} not shown (--only-changed).\n", plural(n, "unchanged proposal that does not fail is",
                                                                          "unchanged proposals that do not fail are"));
    }
    std::string foot = fmt::format("\n{}. Result: {}.\n", counts(report.summary), outcome(report));
    if (const std::string rules = rules_words(report, markdown_code); !rules.empty()) {
        foot += fmt::format("\nRules: {}.\n", rules);
    }
    foot = text::visible(foot);

    // Within the limit: the rows and details kept most telling first (invalid, fail, warn,
    // pass) and shown in the report's order, then a note of what was left out.
    constexpr std::size_t k_note_room = 300;
    const std::string table_head =
        std::string(changes.empty() ? "" : "\n### Proposals\n\n") +
        "| Proposal | Proposed | Verdict | Status | Cost | Budget |\n|---|---|---|---|---|---|\n";
    std::size_t room = max_chars;
    for (const std::size_t used :
         {head.size(), changes.size(), table_head.size(), hidden.size(), foot.size(), k_note_room}) {
        room = room > used ? room - used : 0;
    }
    fit(pieces, room);
    auto kept = [&](Section section) {
        std::string out;
        for (const Piece& piece : pieces) {
            out += piece.kept && piece.section == section ? piece.text : "";
        }
        return out;
    };
    std::string out = head + changes + kept(Section::changes) + table_head + kept(Section::table) + hidden + foot;
    if (std::string details = kept(Section::details); !details.empty()) {
        out += "\n" + details;
    }
    std::vector<std::string> left_out;
    for (const Section section : {Section::changes, Section::table, Section::details}) {
        if (std::string words = left_out_words(pieces, section); !words.empty()) {
            left_out.push_back(std::move(words));
        }
    }
    if (!left_out.empty()) {
        out += fmt::format("\n> Left out to stay under {} characters: {}. The job log and the JSON report have "
                           "everything.\n",
                           text::format_number(static_cast<double>(max_chars)), text::join(left_out, "; "));
    }
    out = text::visible(out);
    // The fixed parts (the head, the counts, the overlays' paths) are not cut above; a limit
    // smaller than they are cuts the whole.
    return out.size() <= max_chars ? out : text::shorten(out, max_chars);
}

} // namespace ftadvisor
