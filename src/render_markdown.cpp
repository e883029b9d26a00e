#include "ftadvisor/render.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using text::markdown_escape;

std::string where(const std::string& file, std::size_t line)
{
    return line > 0 ? fmt::format("{}:{}", file, line) : file;
}

std::string cost_cell(const SummaryRow& row)
{
    return row.cost_usd
               ? text::format_usd_range(row.cost_usd->low, row.cost_usd->high) + (row.cost_open_ended ? " or more" : "")
               : "";
}

std::string hours_cell(const SummaryRow& row)
{
    if (!row.hours) {
        return "";
    }
    return row.hours->low == row.hours->high
               ? fmt::format("{} {}", text::format_number(row.hours->low), row.hours->low == 1 ? "hour" : "hours")
               : fmt::format("{} to {} hours", text::format_number(row.hours->low),
                             text::format_number(row.hours->high));
}

std::string warning_cell(const SummaryRow& row)
{
    if (!row.top_warning) {
        return "";
    }
    return fmt::format("{}: {}", severity_name(row.top_warning->severity), markdown_escape(row.top_warning->name));
}

} // namespace

SummaryRow summary_row(const Evaluation& evaluation)
{
    SummaryRow row;
    row.name = evaluation.name;
    row.file = evaluation.file;
    row.line = evaluation.line;
    row.verdict = evaluation.verdict;
    row.also = evaluation.also;
    if (evaluation.estimate) {
        row.cost_usd = evaluation.estimate->cost_usd;
        row.cost_open_ended = evaluation.estimate->open_ended;
        row.hours = evaluation.estimate->hours;
    }
    if (!evaluation.warnings.empty()) {
        row.top_warning = evaluation.warnings.front(); // the most severe: warnings are sorted
    }
    return row;
}

SummaryRow summary_row(const std::string& file, std::size_t line, const std::vector<Diagnostic>& diagnostics)
{
    SummaryRow row;
    row.file = file;
    row.line = line;
    row.error = diagnostics.empty() ? "invalid" : diagnostics.front().message;
    if (!diagnostics.empty() && !diagnostics.front().path.empty()) {
        row.error = diagnostics.front().path + ": " + row.error;
    }
    if (diagnostics.size() > 1) {
        row.error += fmt::format(" (and {} more)", diagnostics.size() - 1);
    }
    return row;
}

void VerdictTally::add(const SummaryRow& row, const Rules& rules)
{
    ++specs;
    if (row.verdict.empty()) {
        ++invalid;
        return;
    }
    by_approach.resize(rules.approaches.size());
    for (std::size_t i = 0; i < rules.approaches.size(); ++i) {
        if (rules.approaches[i].id == row.verdict) {
            ++by_approach[i];
            return;
        }
    }
}

std::string summary_line(const VerdictTally& tally, const Rules& rules)
{
    std::vector<std::string> counts;
    for (std::size_t i = 0; i < tally.by_approach.size() && i < rules.approaches.size(); ++i) {
        if (tally.by_approach[i] > 0) {
            counts.push_back(fmt::format("{} {}", tally.by_approach[i], rules.approaches[i].id));
        }
    }
    std::string out = fmt::format("{} spec{}", tally.specs, tally.specs == 1 ? "" : "s");
    if (!counts.empty()) {
        out += ": " + text::join(counts, ", ");
    }
    if (tally.invalid > 0) {
        out += fmt::format("{}{} invalid", counts.empty() ? ": " : "; ", tally.invalid);
    }
    return out;
}

std::string summary_line(const std::vector<SummaryRow>& rows, const Rules& rules)
{
    VerdictTally tally;
    for (const SummaryRow& row : rows) {
        tally.add(row, rules);
    }
    return summary_line(tally, rules);
}

// Long on purpose: a spec's Markdown section, its parts in the order the report shows them.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
std::string render_markdown_section(const Evaluation& evaluation, const Rules& rules)
{
    std::string out = fmt::format("## {}\n\n", markdown_escape(evaluation.name));
    out += fmt::format("`{}` · verdict **{}**", markdown_escape(where(evaluation.file, evaluation.line)),
                       evaluation.verdict);
    if (!evaluation.also.empty()) {
        out += fmt::format(", also {}", text::join(evaluation.also, ", "));
    }
    if (!evaluation.flags.empty()) {
        out += fmt::format(" ({})", text::join(evaluation.flags, ", "));
    }
    if (evaluation.proposed_approach) {
        out += fmt::format(" · proposed {} ({})", *evaluation.proposed_approach,
                           evaluation.proposal_supported ? "supported" : "not supported");
    }
    out += "\n\n| Approach | Score | |\n|---|---:|---|\n";
    for (const Standing* standing : ranked_standings(evaluation)) {
        out +=
            fmt::format("| {} | {} | {} |\n", standing->approach, text::format_number(standing->score),
                        standing->excluded_by.empty() ? "" : "ruled out by " + text::join(standing->excluded_by, ", "));
    }

    std::vector<std::string> open;
    for (const Answer& answer : evaluation.answers) {
        if (answer.source == AnswerSource::unknown) {
            open.emplace_back(answer.question);
        }
    }
    if (!open.empty()) {
        out += fmt::format("\nNot answered: {}.\n", text::join(open, ", "));
    }
    for (const Inferred& inferred : evaluation.inferred) {
        out += fmt::format("\nInferred {} = {}: {}{}.\n", inferred.question, format_value(inferred.value),
                           markdown_escape(inferred.because),
                           inferred.evidence.empty() ? ""
                                                     : ", from " + markdown_escape(evidence_words(inferred.evidence)));
    }
    for (const Contradiction& c : evaluation.contradictions) {
        out += fmt::format("\n**Contradiction:** {} was given as {}, but {}, which suggests {}.\n", c.question,
                           format_value(c.given), markdown_escape(c.because), format_value(c.inferred));
    }

    if (!evaluation.reasons.empty()) {
        out += "\n**Why**\n\n";
        for (const Reason& reason : evaluation.reasons) {
            out += fmt::format("- `{}` {}\n", reason.rule->id, markdown_escape(reason.message));
        }
    }
    if (!evaluation.what_would_change.empty()) {
        out += "\n**What would change it**\n\n";
        for (const VerdictChange& change : evaluation.what_would_change) {
            out += "- " + markdown_escape(verdict_change_words(change, rules)) + "\n";
        }
    }
    if (!evaluation.warnings.empty()) {
        out += "\n**Pitfalls**\n\n";
        for (const Warning& warning : evaluation.warnings) {
            out += fmt::format("- {} `{}` {}: {}\n", severity_name(warning.severity), warning.id,
                               markdown_escape(warning.name), markdown_escape(warning.message));
        }
    }
    if (evaluation.dataset) {
        out += fmt::format("\n**Training data** (measured): {}", markdown_escape(dataset_summary(evaluation)));
        if (const std::string claim = claim_summary(evaluation); !claim.empty()) {
            out += ' ' + markdown_escape(claim);
        }
        out += '\n';
    }
    out += fmt::format("\n**{}**\n\n", markdown_escape(cost_title(evaluation)));
    for (const LabelledLine& row : cost_lines(evaluation)) {
        out += fmt::format("- {}: {}\n", row.label, markdown_escape(row.text));
    }
    if (!evaluation.routes.empty()) {
        out += fmt::format("\n**{}**\n\n", markdown_escape(routes_title(evaluation)));
        for (const LabelledLine& row : route_lines(evaluation)) {
            out += fmt::format("- {}: {}\n", row.label, markdown_escape(row.text));
        }
    }
    for (const Scenario* scenario : evaluation.scenarios) {
        out += fmt::format("\n**Scenario:** {} ({}).\n", markdown_escape(scenario->name),
                           scenario->pays ? "fine-tuning tends to pay" : "fine-tuning tends not to pay");
    }
    if (evaluation.plan != nullptr) {
        out += fmt::format("\n**Next steps: {}**\n\n", markdown_escape(evaluation.plan->title));
        for (const LabelledLine& row : timeline_lines(evaluation)) {
            out += fmt::format("- {}: {}\n", row.label, markdown_escape(row.text));
        }
    }
    out += fmt::format("\n**In short:** {}\n", markdown_escape(recap_text(evaluation)));
    return text::visible(out);
}

std::string render_markdown_report(const std::vector<SummaryRow>& rows, const std::vector<std::string>& sections,
                                   const Rules& rules)
{
    std::string out = "# ftadvisor report\n\n";
    out += summary_line(rows, rules) + ".\n\n";
    out += "| Spec | Verdict | Also | Cost | Hours | Top warning |\n|---|---|---|---|---|---|\n";
    for (const SummaryRow& row : rows) {
        const std::string name = row.name.empty() ? where(row.file, row.line) : row.name;
        if (row.verdict.empty()) {
            out += fmt::format("| {} | invalid | | | | {} |\n", markdown_escape(name), markdown_escape(row.error));
            continue;
        }
        out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_escape(name), row.verdict,
                           text::join(row.also, ", "), cost_cell(row), hours_cell(row), warning_cell(row));
    }
    for (const std::string& section : sections) {
        out += "\n" + section;
    }
    return text::visible(out);
}

} // namespace ftadvisor
