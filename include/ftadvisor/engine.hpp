#pragma once

#include "ftadvisor/estimate.hpp"
#include "ftadvisor/lexicon.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"
#include "ftadvisor/value.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

enum class AnswerSource { given, inferred, measured, unknown };

// "given", "inferred", "measured" or "unknown".
const char* source_name(AnswerSource source);

// One question's answer as the engine used it.
struct Answer {
    std::string_view question; // the question's id, in the rules
    Value value;
    AnswerSource source = AnswerSource::unknown;
};

// An answer the engine filled in, and why. `question` is a question's id, or `stage`. The
// words point into the rules.
struct Inferred {
    std::string_view question;
    Value value;
    std::string_view rule;
    std::string_view because;
    std::vector<PhraseMatch> evidence;     // the description's words behind it, if it read any
    const InferenceRule* source = nullptr; // the inference, in the rules
    // Later inferences from the description that gave the same question another value: the
    // first in the rules' order wins, and these are reported beside it.
    std::vector<Inferred> overruled;
};

// A given answer that an inference disagrees with. The given answer is kept.
struct Contradiction {
    std::string_view question; // the words point into the rules
    Value given;
    Value inferred;
    std::string_view rule;
    std::string_view because;
    std::vector<PhraseMatch> evidence;
    const InferenceRule* source = nullptr; // the inference, in the rules
};

// A decision rule that fired; its effect (scores, exclude, also, flags) is the rule's.
struct Reason {
    const DecisionRule* rule = nullptr;
    std::string message; // the rule's reason with the spec's facts filled in
};

struct Warning {
    std::string_view id;   // the pitfall's, in the rules
    std::string_view name; // likewise
    Severity severity = Severity::warning;
    std::string message;
    const PitfallCase* source = nullptr; // the pitfall's case that applied, in the rules
};

// An approach's standing: its points and the rules that keep it from being the verdict.
struct Standing {
    std::string approach;
    double score = 0;
    std::vector<std::string_view> excluded_by; // rule ids, in the rules
};

enum class Truth { no, yes, unknown };

// One answer changed: from what the evaluation used (unknown: no value) to another.
struct AnswerChange {
    std::string_view question; // the question's id, in the rules
    Value from;
    Value to;
};

// Answers that, changed together, would give another verdict (what_would_change).
struct VerdictChange {
    std::string_view verdict;           // an approach's id, in the rules
    std::vector<std::string_view> also; // likewise
    std::vector<AnswerChange> changes;  // one, or two where no single change gives the verdict
};

// One step of the timeline: its weeks from the start and what to do, placeholders filled in.
struct TimelineStep {
    double week_from = 1;
    std::optional<double> week_to; // none: open-ended
    std::string text;
};

// Retraining on the rules' upkeep schedule, from the day the plan's last week ends.
struct RetrainSchedule {
    Range every_months;
    Range per_year;           // retrains in the first year after roll-out
    std::string rollout;      // YYYY-MM-DD: `today` plus the plan's weeks; empty without `today`
    std::string first_due;    // the earliest the first retrain falls due; empty without `today`
    std::string first_latest; // the latest
};

// The verdict's plan as a timeline: the steps that apply, in weeks from the start.
struct Timeline {
    std::vector<TimelineStep> steps;
    std::optional<double> weeks;            // the last step's last week; none when it is open-ended
    bool assumed = false;                   // the weeks are the rules' assumption
    std::optional<RetrainSchedule> retrain; // for a plan with upkeep

    // The weeks the plan lays out: all of them, or those before an open-ended last step.
    double planned_weeks() const { return steps.empty() ? 0 : weeks.value_or(steps.back().week_from - 1); }
};

// What fine-tuning would cost although the verdict is another approach: the cost avoided.
struct AvoidedCost {
    std::optional<Estimate> estimate;       // from the examples answer, when a tier covers it
    std::optional<Estimate> smallest;       // the smallest tier, when the examples are fewer
    std::vector<const Scenario*> scenarios; // shown scenarios with a typical investment above 0
};

// A budget set beside the figure it is judged against.
struct BudgetCheck {
    enum class Against { estimate, cost_avoided, nothing };
    enum class Covers { all, low_end, none, unknown };
    double usd = 0;
    Against against = Against::nothing;
    Covers covers = Covers::unknown;
    Range cost_usd; // the figure it was judged against
};

// The dates a fine-tuning route must serve for the fine-tune plan: the first run, by the
// roll-out, and each retrain of the upkeep schedule at its earliest, up to the horizon's end
// (today plus Training::horizon_months). All YYYY-MM-DD.
struct RouteSchedule {
    std::string today;
    std::string first_run;
    std::vector<std::string> retrains;
    std::string horizon_end;
};

// A route as the advice sees it on the day (docs/providers.md): its status then, whether it is
// offered for the plan's horizon, and why not, or what closes later.
struct RouteAdvice {
    const Route* route = nullptr; // in the rules
    RouteStatus status = RouteStatus::open;
    bool offered = false;
    bool named = false; // the spec names it (`provider`, `model`)
    std::string why;    // empty when open and offered
};

// One rule considered, for the trace.
struct TraceEntry {
    std::string_view rule; // the rule's id, in the rules
    std::string_view kind; // "inference", "decision", "pitfall", "scenario", "plan"
    Truth result = Truth::unknown;
    std::vector<std::pair<std::string_view, Value>> inputs; // each fact its condition read, as it was
    const DecisionRule* decision = nullptr;                 // for a decision: its effect on the scores
};

// The advisor's answer for one spec. Reasons, scenarios and the plan point into the rules
// it was evaluated with, which must outlive it.
struct Evaluation {
    std::string file;
    std::size_t line = 0; // the spec's line in a JSON Lines stream; 0 for a whole file
    std::string name;
    std::string verdict;
    std::vector<std::string> also;
    std::vector<Standing> standings; // in the rules' approach order
    std::vector<std::string> flags;  // e.g. "marginal"
    std::vector<Answer> answers;     // in the rules' question order
    std::vector<Inferred> inferred;
    std::vector<Contradiction> contradictions;
    std::vector<std::string_view> unknown; // question ids neither given nor inferred, in the rules
    std::vector<std::string_view> hints;   // what to write to answer each of `unknown` (may be empty), in the rules
    std::vector<Reason> reasons;
    std::vector<VerdictChange> what_would_change; // the nearest changes first
    bool changes_searched = false;                // EvaluateOptions::what_would_change was on
    std::vector<Warning> warnings;                // errors first, then warnings, then info
    std::vector<const Scenario*> scenarios;
    std::optional<Estimate> estimate;   // when fine-tune is the verdict or in `also`
    std::optional<AvoidedCost> avoided; // when it is neither
    // Where to fine-tune, when fine-tune is the verdict or in `also`, or the spec names a route:
    // the routes not closed and the named ones, in the rules' order, judged on `schedule`.
    std::vector<RouteAdvice> routes;
    RouteSchedule route_schedule;
    std::optional<MeasuredDataset> dataset; // the spec's training set, as measured
    std::optional<double> claimed_examples; // the examples answer the measurement replaced
    const Plan* plan = nullptr;
    Timeline timeline; // the plan's, as it applies to this spec
    std::optional<std::string> proposed_approach;
    bool proposal_supported = false; // proposed approach is the verdict or in `also`
    std::optional<double> budget_usd;
    std::optional<BudgetCheck> budget; // when the spec gives a budget
    std::vector<Waiver> waivers;       // the spec's, as written; `check` applies them
    bool description_read = false;     // a description was there to read
    std::vector<SignalValue> signals;  // what the description says, signal by signal
    std::vector<PhraseMatch> matches;  // the phrases found, negated ones included (DescriptionReading)
    std::size_t matches_unlisted = 0;  // places found but not listed in `matches`
    bool explained = false;            // evaluated with `explain`: the trace below is filled in
    std::vector<TraceEntry> trace;

    // The approach's standing; the approach must be one of the rules'.
    const Standing& standing(std::string_view approach) const;
    // True when the verdict or `also` holds the approach.
    bool recommends(std::string_view approach) const;
};

// How to evaluate: whether to record the trace, and the day prices are judged on.
struct EvaluateOptions {
    bool explain = false; // record the trace
    std::string today;    // YYYY-MM-DD, to judge the age of prices; empty: not judged
    // Search for what would change the verdict (Evaluation::what_would_change). Off by default:
    // it makes a batch about 4x slower (docs/performance.md); `evaluate` turns it on for the
    // text and Markdown reports.
    bool what_would_change = false;
};

// Evaluates a spec against the rules. Never fails: unknown answers make conditions
// unknown, and a rule whose condition is unknown does not fire. When every approach is
// excluded, the first approach in tie-break order is the verdict. With `explain`, it also
// records the trace: every rule considered, its result and the facts it read.
Evaluation evaluate(const Spec& spec, const Rules& rules, const EvaluateOptions& options = {});

// The same, with only `explain` set.
inline Evaluation evaluate(const Spec& spec, const Rules& rules, bool explain)
{
    return evaluate(spec, rules, EvaluateOptions{explain, {}});
}

// What became of one spec: its evaluation, or every problem found in it. Diagnostics of a
// JSON Lines spec carry the line of the stream.
struct SpecOutcome {
    std::string file;     // as the user named it; "<stdin>" for standard input
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    std::optional<Evaluation> evaluation;
    std::vector<Diagnostic> diagnostics;
};

} // namespace ftadvisor
