#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/engine.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ftadvisor {

// The version of the JSON output; bumped only when a v1 field is renamed or removed.
inline constexpr int k_output_version = 1;

struct TextOptions {
    bool color = false; // ANSI colours and bold
    int width = 80;     // wrap prose to this many columns
};

// The evaluation as a human-readable report. Ends with a newline.
std::string render_text(const Evaluation& evaluation, const Rules& rules, const TextOptions& options);

// The evaluation as the JSON object of the output contract (docs/output.md, version 1), its
// keys in a fixed order, with two-space indentation and a final newline; with `indent`, every
// line but the first is indented by that many more levels (an object inside a list).
std::string render_json(const Evaluation& evaluation, std::size_t indent = 0);

// The same object on one line, without the final newline: one record of a JSON Lines stream.
std::string render_json_line(const Evaluation& evaluation);

struct RecordParts;

// Renders JSON Lines records (render_json_line) of evaluations made with one set of rules,
// faster: the parts that depend on the rules alone (scenarios, plans, what each decision
// rule does) are rendered once, here, and copied into each record. The rules must outlive
// it and stay unchanged. Safe to use from several threads at once.
class JsonLineRenderer {
public:
    explicit JsonLineRenderer(const Rules& rules);
    std::string render(const Evaluation& evaluation) const;

private:
    std::shared_ptr<const RecordParts> m_parts;
};

// One line of a portfolio summary: a spec's outcome, or the first problem that kept it from
// being evaluated.
struct SummaryRow {
    std::string name;
    std::string file;
    std::size_t line = 0; // in a JSON Lines stream
    std::string verdict;  // empty when the spec is invalid
    std::vector<std::string> also;
    std::optional<Range> cost_usd; // the estimate's whole effort
    bool cost_open_ended = false;  // costs can run past cost_usd->high
    std::optional<Range> hours;
    std::optional<Warning> top_warning; // the most severe, first in the rules' order
    std::string error;                  // why the spec could not be evaluated
};

SummaryRow summary_row(const Evaluation& evaluation);
SummaryRow summary_row(const std::string& file, std::size_t line, const std::vector<Diagnostic>& diagnostics);

// The verdicts of a run counted, for its summary line without keeping a row per spec.
struct VerdictTally {
    std::size_t specs = 0;
    std::size_t invalid = 0;
    std::vector<std::size_t> by_approach; // in the rules' approach order

    void add(const SummaryRow& row, const Rules& rules);
};

// "12 specs: 5 fine-tune, 3 prompt-engineer, 2 rag, 1 skip; 1 invalid", verdicts in the
// rules' approach order.
std::string summary_line(const VerdictTally& tally, const Rules& rules);
std::string summary_line(const std::vector<SummaryRow>& rows, const Rules& rules);

// An answer for people, as the reports show it: format_value, with "%" after a percentage.
// `question` may be null (an answer to no known question).
std::string format_answer(const Question* question, const Value& value);

// The approaches as the reports list their scores: the verdict first, then the others it could
// have been (highest score first, ties in the rules' order), then those a rule ruled out.
std::vector<const Standing*> ranked_standings(const Evaluation& evaluation);

// A change of one answer for people, in the question's `change` words: "with 500
// high-quality examples (now 80: 420 more)", "if it runs as a production system (now
// unknown)".
std::string change_words(const AnswerChange& change, const Rules& rules);

// What would give another verdict, for people: "fine-tune: with 500 high-quality examples
// (now 80: 420 more)"; two changes are joined with "and".
std::string verdict_change_words(const VerdictChange& change, const Rules& rules);

// The description's words behind an inference, for people: each distinct one quoted, with how
// a misspelling was read ("prodution" (read as "production")) and, for amounts, whether the
// amount was checked, the range it came from, and why another amount answers instead.
std::string evidence_words(const std::vector<PhraseMatch>& evidence);

// The measured training set in a sentence: clean examples of all, and why the rest are not.
// Empty when the spec names no dataset. For the text and Markdown reports.
std::string dataset_summary(const Evaluation& evaluation);
// How the spec's own examples answer compares with the measured count; empty without one.
std::string claim_summary(const Evaluation& evaluation);

// A label and its text: one line of a report.
struct LabelledLine {
    std::string label;
    std::string text;
};

// The compute part of an estimate as labelled lines: tokens and epochs, each hosted price,
// each self-hosted size, the assumptions, and the prices' age.
std::vector<LabelledLine> compute_lines(const ComputeEstimate& compute);

// The cost section's title: the estimate's ("Cost of fine-tuning (Small tier: 500 to 999
// examples)") or, when fine-tuning is not recommended, that of the cost avoided.
std::string cost_title(const Evaluation& evaluation);

// The cost section as labelled lines, each saying what its figure covers: the tier's cost of
// the whole effort, the hours of a run, upkeep and the budget (and the compute when the
// training set was measured), or the cost avoided and the budget. The text and Markdown
// reports both show these.
std::vector<LabelledLine> cost_lines(const Evaluation& evaluation);

// The plan's timeline as labelled lines: each step under its weeks ("weeks 1-2", "week 9
// on"), the retraining that follows it, and whether the weeks are assumed.
std::vector<LabelledLine> timeline_lines(const Evaluation& evaluation);

// Where to fine-tune, when the evaluation judged routes (docs/providers.md): the section's
// title, with the dates they were judged for, and a line for each route, or for a provider's
// routes that come out the same: offered ones first, then those not offered, each with why.
std::string routes_title(const Evaluation& evaluation);
std::vector<LabelledLine> route_lines(const Evaluation& evaluation);

// The report in one line: the verdict and `also`, the timeline's length, the cost, the first
// step.
std::string recap_text(const Evaluation& evaluation);

// One spec's section of a Markdown report: a level-2 heading and the evaluation.
std::string render_markdown_section(const Evaluation& evaluation, const Rules& rules);

// A Markdown report: a title, the summary table and the sections, in order.
std::string render_markdown_report(const std::vector<SummaryRow>& rows, const std::vector<std::string>& sections,
                                   const Rules& rules);

} // namespace ftadvisor
