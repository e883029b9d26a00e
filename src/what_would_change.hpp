#pragma once

#include "ftadvisor/engine.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include "condition.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace ftadvisor {

// The verdict and `also` that a spec's answers lead to.
struct VerdictOf {
    std::string_view verdict; // in the rules
    std::vector<std::string_view> also;
};

// Evaluates the spec with its answers changed as given, for the verdict only.
using VerdictOracle = std::function<VerdictOf(const Answers& answers)>;

// What the search needs of the rules, made once as they load (Rules::change_index): for
// each question, the numbers at which a condition on its answer changes (a comparison
// `gte 500` splits at 500, `gt 20` at 21, `is 3` at 3 and 4), sorted; for each decision
// rule, the questions it reads and what it does, by approach index; for the inferences,
// which questions they read and answer.
struct ChangeIndex {
    std::vector<std::vector<double>> splits;
    std::vector<std::vector<std::uint32_t>> rule_reads; // question indexes, per decision rule
    std::vector<std::vector<std::size_t>> readers;      // per question: the decision rules that read it
    std::vector<std::vector<double>> rule_scores;       // per decision rule, per approach
    std::vector<std::vector<std::size_t>> rule_excludes;
    std::vector<std::vector<std::size_t>> rule_also;
    std::vector<double> base_scores;                         // per approach
    std::vector<std::vector<std::size_t>> read_by;           // per question: the inferences that read it
    std::vector<std::vector<std::size_t>> answered_by;       // per question: the inferences that answer it
    std::vector<char> reads_inferred;                        // per inference: it reads what an inference answers
    std::vector<std::vector<std::uint32_t>> inference_reads; // per inference: the slots its condition reads
    std::vector<std::vector<std::string>> representatives;   // per choice question: one choice a class
};
std::shared_ptr<const ChangeIndex> make_change_index(const Rules& rules);

// The evaluation the search starts from: its facts as the decision rules read them (the
// search changes and restores them), each decision rule's truth, the slots inferences
// answered, and the full evaluation of a variant, for a change the inferences could react to.
struct ChangeBase {
    Facts& facts;
    const std::vector<Truth>& truths;
    std::vector<std::uint32_t> inferred_slots;
    VerdictOracle full;
};

// The smallest changes to the answers that would give another verdict, nearest first: for
// each question, each value the rules can tell apart from the one used (each boolean, each
// choice, a number in each region between the splits, taken as near the answer as the region
// allows); for each other verdict the two nearest single changes; pairs of changes only for a
// verdict no single change reaches, with a bounded number of tries. `used` are the answers
// the evaluation used (given, inferred or measured), `given` the spec's own. An answer set
// to a question becomes a given answer.
// A variant whose changes leave every inference as it was (each that reads a changed answer
// holds as before, none reads what another inferred, none could be withdrawn) is judged by
// the decision rules that read the changed answers alone (the others keep their truth); any
// other goes through `base.full`. A few microseconds a spec; about 4x a batch's time
// (docs/performance.md).
std::vector<VerdictChange> what_would_change(const Rules& rules, const std::vector<Answer>& used, const Answers& given,
                                             std::string_view verdict, ChangeBase& base);

// The verdict and `also` the decision rules give on `facts` (inferences applied), worked out
// with the index's scores by approach: the same as the engine's decide, without its words.
VerdictOf decide_verdict(const Rules& rules, const Facts& facts);

} // namespace ftadvisor
