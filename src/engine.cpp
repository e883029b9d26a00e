#include "ftadvisor/engine.hpp"

#include "advice.hpp"
#include "condition.hpp"
#include "routes.hpp"
#include "spec_node.hpp"
#include "text.hpp"
#include "what_would_change.hpp"

#include <algorithm>
#include <filesystem>

namespace ftadvisor {
namespace {

template <class List>
void add_unique(List& list, const std::string& word)
{
    if (std::find(list.begin(), list.end(), word) == list.end()) {
        list.push_back(word);
    }
}

void set_spec_facts(const Spec& spec, const Rules& rules, Facts& facts)
{
    for (const auto& [id, value] : spec.answers) {
        if (const Question* question = rules.find_question(id)) {
            facts.set(Facts::answer_slot(static_cast<std::size_t>(question - rules.questions.data())), value);
        }
    }
    if (spec.stage) {
        facts.set(facts.fixed_slot(FixedFact::stage), *spec.stage);
    }
    if (spec.proposed_approach) {
        facts.set(facts.fixed_slot(FixedFact::proposed_approach), *spec.proposed_approach);
    }
    if (spec.dataset) {
        facts.set(facts.fixed_slot(FixedFact::dataset), *spec.dataset);
    }
    if (spec.budget_usd) {
        facts.set(facts.fixed_slot(FixedFact::budget_usd), *spec.budget_usd);
    }
    if (spec.provider) {
        facts.set(facts.fixed_slot(FixedFact::provider), *spec.provider);
    }
    if (spec.model) {
        facts.set(facts.fixed_slot(FixedFact::model), *spec.model);
    }
    if (spec.measured) {
        // What is in the file answers the examples question, whatever the spec claims.
        const MeasuredDataset& m = *spec.measured;
        if (const std::uint32_t slot = examples_slot(rules); slot != k_no_slot) {
            facts.set(slot, m.examples_clean);
        }
        for (const FixedFactInfo& fixed : k_fixed_facts) {
            if (fixed.count != nullptr) {
                facts.set(facts.fixed_slot(fixed.fact), m.*fixed.count);
            }
        }
    }
}

std::string display_name(const Spec& spec)
{
    if (spec.name && !spec.name->empty()) {
        return *spec.name;
    }
    if (!spec.file.empty() && spec.file != "-" && spec.file != "<stdin>") {
        return std::filesystem::path(spec.file).stem().string();
    }
    return "unnamed";
}

// Records the trace when asked (--explain): each rule considered, its result and the facts
// its condition read, as they were then. Costs nothing otherwise.
class Tracer {
public:
    Tracer(Evaluation& evaluation, bool on) : m_evaluation(evaluation), m_on(on) {}

    bool on() const { return m_on; }

    void add(std::string_view rule, std::string_view kind, Truth result, const Condition* when, const Facts& facts,
             const DecisionRule* decision = nullptr)
    {
        if (m_on) {
            add(rule, kind, result, std::vector<const Condition*>{when}, facts, decision);
        }
    }

    void add(std::string_view rule, std::string_view kind, Truth result, const std::vector<const Condition*>& whens,
             const Facts& facts, const DecisionRule* decision = nullptr)
    {
        if (!m_on) {
            return;
        }
        TraceEntry entry{rule, kind, result, {}, decision};
        std::vector<std::string_view> names;
        for (const Condition* when : whens) {
            if (when != nullptr) {
                condition_facts(*when, names);
            }
        }
        for (const std::string_view name : names) {
            const Value* value = facts.find(name);
            entry.inputs.emplace_back(name, value != nullptr ? *value : Value{});
        }
        m_evaluation.trace.push_back(std::move(entry));
    }

private:
    Evaluation& m_evaluation;
    bool m_on;
};

// Reads the description, if there is one: each signal becomes the fact `signals.<id>`.
// Without a description the signals stay unknown, so nothing is inferred from them; so does
// an amount's signal when the description states no such amount.
void read_description(const Spec& spec, const Rules& rules, Facts& facts, Evaluation& evaluation)
{
    if (!spec.description || text::is_blank(*spec.description) || !rules.description_reader) {
        return;
    }
    DescriptionReading reading = rules.description_reader->read(*spec.description);
    evaluation.description_read = true;
    // The reader lists the signals as the rules do: in the order the lexicons first name them.
    for (std::size_t i = 0; i < reading.signals.size(); ++i) {
        if (reading.signals[i].known) {
            facts.set(facts.signal_slot(i), reading.signals[i].value);
        }
    }
    evaluation.signals = std::move(reading.signals);
    evaluation.matches = std::move(reading.matches);
    evaluation.matches_unlisted = reading.unlisted;
}

// The description's words behind a rule: the matches that feed a signal it reads, and the
// other amounts read for that signal (shown beside the one that answers), in
// evaluation.matches.
std::vector<const PhraseMatch*> evidence_refs(const Condition& when, const Evaluation& evaluation)
{
    std::vector<const PhraseMatch*> evidence;
    if (evaluation.matches.empty()) {
        return evidence;
    }
    std::vector<std::string_view> names;
    condition_facts(when, names);
    for (const std::string_view name : names) {
        constexpr std::string_view k_prefix = "signals.";
        if (name.substr(0, k_prefix.size()) != k_prefix) {
            continue;
        }
        const std::string_view signal = name.substr(k_prefix.size());
        for (const PhraseMatch& match : evaluation.matches) {
            if (match.feeds == signal && match.chosen) {
                evidence.push_back(&match);
            }
        }
        for (const PhraseMatch& match : evaluation.matches) {
            if (match.amount && !match.chosen && match.signal == signal && match.negated_by.empty()) {
                evidence.push_back(&match);
            }
        }
    }
    return evidence;
}

// Copies of the evidence, for the report; none when `keep` is false (a search for the
// verdict alone).
std::vector<PhraseMatch> copies(const std::vector<const PhraseMatch*>& evidence, bool keep)
{
    std::vector<PhraseMatch> out;
    if (keep) {
        out.reserve(evidence.size());
        for (const PhraseMatch* match : evidence) {
            out.push_back(*match);
        }
    }
    return out;
}

// The value an inference gives: its own, or that of the fact it takes it from when that is a
// valid answer to its question (an amount read as 2.5 examples is not).
std::optional<Value> inferred_value(const InferenceRule& rule, const Rules& rules, const Facts& facts)
{
    if (rule.value_slot == k_no_slot) {
        return rule.value;
    }
    const Value* from = facts.at(rule.value_slot);
    const Question* question = rules.find_question(rule.answer);
    if (from == nullptr || question == nullptr || !std::holds_alternative<double>(*from)) {
        return std::nullopt;
    }
    AnswerScalar scalar;
    scalar.kind = AnswerScalar::Kind::number;
    scalar.number = std::get<double>(*from);
    return accept_answer(*question, scalar);
}

// The weight of the description's words behind a reading, as a signal counts them: each
// phrase once, however often it stands; an amount counts as a phrase that settles a signal (2).
double weight_of(const std::vector<const PhraseMatch*>& evidence)
{
    std::vector<std::pair<std::string_view, std::string_view>> seen;
    double weight = 0;
    for (const PhraseMatch* match : evidence) {
        if (!match->counts()) {
            continue;
        }
        const auto key = std::make_pair(match->signal, match->amount ? std::string_view(match->text) : match->phrase);
        if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
            seen.push_back(key);
            weight += match->amount ? 2.0 : match->weight;
        }
    }
    return weight;
}

// Why a pass stopped: an inference to leave out of the next one, for good (it led to a
// contradiction with a given answer), or while `winner` stands (it lost on weight).
struct Block {
    std::size_t rule = 0;
    std::optional<std::size_t> winner;
};

// A reading that lost on weight, and the inference it lost to.
struct Lost {
    std::size_t winner = 0;
    Inferred reading;
};

// One pass over the inferences, the `blocked` ones left out. Returns the index of an
// inference to block and run again without: one whose answer led a later inference to
// disagree with a given answer ("prototype" in the description, then `production: false`
// from the prototype stage, against `production: true` as given). A given answer wins over
// everything inferred, also over what would follow from an inference.
// Long on purpose: one pass of the inference rules with its blocks and withdrawals
// (docs/decision-model.md); the retry loop around it is apply_inferences.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
std::optional<Block> infer_once(const Spec& spec, const Rules& rules, Facts& facts, Evaluation& evaluation,
                                Tracer& tracer, const std::vector<char>& blocked,
                                const std::vector<std::optional<std::size_t>>& lost_to,
                                std::vector<Contradiction>& withdrawn, std::vector<Lost>& overruled,
                                std::vector<Lost>& weaker, bool keep_evidence)
{
    std::vector<std::pair<std::uint32_t, std::size_t>> set_by; // slot -> inference that set it
    // The weight of the words behind each entry of evaluation.inferred; none: it read none.
    std::vector<std::optional<double>> weights(evaluation.inferred.size());
    for (std::size_t index = 0; index < rules.inferences.size(); ++index) {
        const InferenceRule& rule = rules.inferences[index];
        if (blocked[index] != 0 || lost_to[index]) {
            continue;
        }
        const Truth truth = evaluate_condition(rule.when, facts);
        tracer.add(rule.id, "inference", truth, &rule.when, facts);
        if (truth != Truth::yes) {
            continue;
        }
        const std::optional<Value> value = inferred_value(rule, rules, facts);
        if (!value) {
            continue;
        }
        const bool stage = rule.answer == k_stage_answer;
        std::optional<Value> given;
        if (stage) {
            if (spec.stage) {
                given = Value(*spec.stage);
            }
        } else if (auto found = spec.answers.find(rule.answer); found != spec.answers.end()) {
            given = found->second;
        }
        if (given) {
            if (*given == *value) {
                continue;
            }
            // Disagreeing because of an earlier inference: withdraw that one instead.
            std::vector<std::string_view> names;
            condition_facts(rule.when, names);
            for (const std::string_view name : names) {
                const std::uint32_t slot = facts.slot(name);
                for (const auto& [set_slot, by] : set_by) {
                    if (set_slot == slot) {
                        const InferenceRule& earlier = rules.inferences[by];
                        withdrawn.push_back(
                            Contradiction{rule.answer, *given, *value, earlier.id, earlier.because,
                                          copies(evidence_refs(earlier.when, evaluation), keep_evidence), nullptr});
                        return Block{by, std::nullopt};
                    }
                }
            }
            evaluation.contradictions.push_back(
                Contradiction{rule.answer, *given, *value, rule.id, rule.because,
                              copies(evidence_refs(rule.when, evaluation), keep_evidence), &rule});
            continue;
        }
        if (facts.at(rule.slot) != nullptr) {
            // An earlier inference answered it. Where both read the description and disagree,
            // the reading with more weight behind it wins (on a tie, the earlier), and the
            // other is reported beside it.
            const auto first = std::find_if(evaluation.inferred.begin(), evaluation.inferred.end(),
                                            [&](const Inferred& e) { return e.source->slot == rule.slot; });
            const auto first_weight = first == evaluation.inferred.end()
                                          ? std::nullopt
                                          : weights[static_cast<std::size_t>(first - evaluation.inferred.begin())];
            if (first == evaluation.inferred.end() || first->value == *value || !first_weight) {
                continue;
            }
            const std::vector<const PhraseMatch*> evidence = evidence_refs(rule.when, evaluation);
            if (evidence.empty()) {
                continue;
            }
            Inferred reading{rule.answer, *value, rule.id, rule.because, copies(evidence, keep_evidence), &rule, {}};
            const auto first_index = static_cast<std::size_t>(first->source - rules.inferences.data());
            if (weight_of(evidence) > *first_weight) {
                Inferred lost = *first;
                lost.overruled.clear();
                overruled.push_back(Lost{index, std::move(lost)});
                return Block{first_index, index};
            }
            weaker.push_back(Lost{first_index, std::move(reading)});
            continue;
        }
        facts.set(rule.slot, *value);
        set_by.emplace_back(rule.slot, index);
        const std::vector<const PhraseMatch*> evidence = evidence_refs(rule.when, evaluation);
        weights.push_back(evidence.empty() ? std::nullopt : std::optional<double>(weight_of(evidence)));
        evaluation.inferred.push_back(
            Inferred{rule.answer, *value, rule.id, rule.because, copies(evidence, keep_evidence), &rule, {}});
    }
    return std::nullopt;
}

// The inferences, pass after pass until none is blocked. Without `keep_evidence` the entries
// carry no copies of the description's words (the search for what would change the verdict
// needs the answers alone); the passes decide the same either way.
void apply_inferences(const Spec& spec, const Rules& rules, Facts& facts, Evaluation& evaluation, Tracer& tracer,
                      bool keep_evidence = true)
{
    std::vector<char> blocked(rules.inferences.size(), 0);                    // for good
    std::vector<std::optional<std::size_t>> lost_to(rules.inferences.size()); // while the winner stands
    std::vector<Contradiction> withdrawn;
    std::vector<Lost> overruled; // readings that lost to a later, stronger one
    std::vector<Lost> weaker;    // readings that lost to an earlier, stronger one, in the last pass
    const std::size_t trace_size = evaluation.trace.size();
    while (const std::optional<Block> block = infer_once(spec, rules, facts, evaluation, tracer, blocked, lost_to,
                                                         withdrawn, overruled, weaker, keep_evidence)) {
        if (block->winner) {
            lost_to[block->rule] = block->winner;
        } else {
            // Withdrawn for good: the readings that lost to it stand again.
            blocked[block->rule] = 1;
            for (std::optional<std::size_t>& winner : lost_to) {
                if (winner == block->rule) {
                    winner.reset();
                }
            }
            overruled.erase(std::remove_if(overruled.begin(), overruled.end(),
                                           [&](const Lost& lost) { return lost.winner == block->rule; }),
                            overruled.end());
        }
        // Start again without it: undo what this pass inferred.
        for (const Inferred& entry : evaluation.inferred) {
            facts.clear(entry.source->slot);
        }
        evaluation.inferred.clear();
        evaluation.contradictions.clear();
        evaluation.trace.resize(trace_size);
        weaker.clear();
    }
    evaluation.contradictions.insert(evaluation.contradictions.begin(), withdrawn.begin(), withdrawn.end());
    overruled.insert(overruled.end(), std::make_move_iterator(weaker.begin()), std::make_move_iterator(weaker.end()));
    for (Lost& lost : overruled) {
        for (Inferred& entry : evaluation.inferred) {
            if (entry.source->slot == lost.reading.source->slot) {
                entry.overruled.push_back(std::move(lost.reading));
                break;
            }
        }
    }
}

void record_answers(const Rules& rules, const Facts& facts, Evaluation& evaluation, bool measured)
{
    evaluation.answers.reserve(rules.questions.size());
    for (std::size_t i = 0; i < rules.questions.size(); ++i) {
        const Question& question = rules.questions[i];
        Answer answer{question.id, {}, AnswerSource::unknown};
        if (const Value* found = facts.at(Facts::answer_slot(i))) {
            answer.value = *found;
            // Every answer is given but those an inference filled in.
            const bool inferred = std::any_of(evaluation.inferred.begin(), evaluation.inferred.end(),
                                              [&](const Inferred& entry) { return entry.question == question.id; });
            answer.source = inferred ? AnswerSource::inferred : AnswerSource::given;
            if (measured && question.id == k_examples_question) {
                answer.source = AnswerSource::measured;
            }
        } else {
            evaluation.unknown.push_back(question.id);
            evaluation.hints.push_back(question.hint);
        }
        evaluation.answers.push_back(std::move(answer));
    }
}

// Whether decide() writes each reason's message, or finds the verdict alone.
enum class Messages { write, skip };

void decide(const Rules& rules, const Facts& facts, Evaluation& evaluation, Tracer& tracer,
            Messages messages = Messages::write, std::vector<Truth>* truths = nullptr)
{
    evaluation.standings.reserve(rules.approaches.size());
    for (const Approach& approach : rules.approaches) {
        auto base = rules.base_scores.find(approach.id);
        evaluation.standings.push_back(Standing{approach.id, base == rules.base_scores.end() ? 0.0 : base->second, {}});
    }
    auto standing_of = [&](const std::string& id) -> Standing& {
        return *std::find_if(evaluation.standings.begin(), evaluation.standings.end(),
                             [&](const Standing& s) { return s.approach == id; });
    };

    std::vector<std::string_view> also;       // views of the rules' approach ids
    std::vector<const DecisionRule*> flagged; // fired rules with flags
    for (const DecisionRule& rule : rules.decisions) {
        const Truth truth = evaluate_condition(rule.when, facts);
        if (truths != nullptr) {
            truths->push_back(truth);
        }
        tracer.add(rule.id, "decision", truth, &rule.when, facts, &rule);
        if (truth != Truth::yes) {
            continue;
        }
        for (const auto& [approach, points] : rule.scores) {
            standing_of(approach).score += points;
        }
        for (const auto& approach : rule.exclude) {
            standing_of(approach).excluded_by.push_back(rule.id);
        }
        for (const auto& approach : rule.also) {
            add_unique(also, approach);
        }
        if (!rule.flags.empty()) {
            flagged.push_back(&rule);
        }
        if (messages == Messages::write) {
            evaluation.reasons.push_back(Reason{&rule, expand_message(rule.reason, facts, rules)});
        }
    }

    // Highest score among approaches no rule excluded; the earlier approach wins a tie.
    const Standing* best = nullptr;
    for (const Standing& standing : evaluation.standings) {
        if (standing.excluded_by.empty() && (best == nullptr || standing.score > best->score)) {
            best = &standing;
        }
    }
    evaluation.verdict = best != nullptr ? best->approach : rules.approaches.front().id;

    // `also` in the rules' approach order, without the verdict.
    for (const Approach& approach : rules.approaches) {
        if (approach.id != evaluation.verdict && std::find(also.begin(), also.end(), approach.id) != also.end()) {
            evaluation.also.push_back(approach.id);
        }
    }

    // A flag is reported where it concerns the verdict or `also`.
    for (const DecisionRule* rule : flagged) {
        const bool concerned =
            rule->concerns.empty() || std::any_of(rule->concerns.begin(), rule->concerns.end(),
                                                  [&](const auto& a) { return evaluation.recommends(a); });
        for (const auto& flag : concerned ? rule->flags : std::vector<std::string>{}) {
            add_unique(evaluation.flags, flag);
        }
    }
}

// The verdict `spec` leads to with its description read as `read` read it: the same steps as
// evaluate (the spec's facts, the description's signals, inferences, decision rules) and
// nothing else. `scratch` is reused from call to call.
VerdictOf verdict_only(const Spec& spec, const Rules& rules, const Evaluation& read, Evaluation& scratch)
{
    Facts facts(rules);
    set_spec_facts(spec, rules, facts);
    for (std::size_t i = 0; i < read.signals.size(); ++i) {
        if (read.signals[i].known) {
            facts.set(facts.signal_slot(i), read.signals[i].value);
        }
    }
    scratch.inferred.clear();
    scratch.contradictions.clear();
    Tracer tracer(scratch, false);
    apply_inferences(spec, rules, facts, scratch, tracer, false);
    return decide_verdict(rules, facts);
}

// Fills in evaluation.what_would_change: variants of the spec's answers, each evaluated for
// its verdict alone, with the description as it was read.
void find_what_would_change(const Spec& spec, const Rules& rules, Facts& facts, const std::vector<Truth>& truths,
                            Evaluation& evaluation)
{
    Spec variant; // what the steps to the verdict read of a spec
    variant.stage = spec.stage;
    variant.proposed_approach = spec.proposed_approach;
    variant.dataset = spec.dataset;
    variant.budget_usd = spec.budget_usd;
    variant.measured = spec.measured;
    Evaluation scratch;
    scratch.matches = std::move(evaluation.matches); // the evidence of inferences; given back below
    scratch.signals = std::move(evaluation.signals);
    ChangeBase base{facts, truths, {}, [&](const Answers& answers) {
                        variant.answers = answers;
                        return verdict_only(variant, rules, scratch, scratch);
                    }};
    for (const Inferred& entry : evaluation.inferred) {
        base.inferred_slots.push_back(entry.source->slot);
    }
    evaluation.what_would_change = what_would_change(rules, evaluation.answers, spec.answers, evaluation.verdict, base);
    evaluation.matches = std::move(scratch.matches);
    evaluation.signals = std::move(scratch.signals);
}

void check_pitfalls(const Rules& rules, const Facts& facts, Evaluation& evaluation, Tracer& tracer)
{
    for (const Pitfall& pitfall : rules.pitfalls) {
        Truth applied = Truth::no;
        for (const PitfallCase& pitfall_case : pitfall.cases) {
            const Truth truth = evaluate_condition(pitfall_case.when, facts);
            if (truth == Truth::yes) {
                evaluation.warnings.push_back(Warning{pitfall.id, pitfall.name, pitfall_case.severity,
                                                      expand_message(pitfall_case.message, facts, rules),
                                                      &pitfall_case});
                applied = Truth::yes;
                break;
            }
            if (truth == Truth::unknown) {
                applied = Truth::unknown;
            }
        }
        if (tracer.on()) {
            std::vector<const Condition*> whens;
            for (const PitfallCase& pitfall_case : pitfall.cases) {
                whens.push_back(&pitfall_case.when);
            }
            tracer.add(pitfall.id, "pitfall", applied, whens, facts);
        }
    }
    std::stable_sort(evaluation.warnings.begin(), evaluation.warnings.end(),
                     [](const Warning& a, const Warning& b) { return a.severity < b.severity; });
}

} // namespace

const char* source_name(AnswerSource source)
{
    switch (source) {
    case AnswerSource::given:
        return "given";
    case AnswerSource::inferred:
        return "inferred";
    case AnswerSource::measured:
        return "measured";
    case AnswerSource::unknown:
        return "unknown";
    }
    return "unknown";
}

const Standing& Evaluation::standing(std::string_view approach) const
{
    return *std::find_if(standings.begin(), standings.end(), [&](const Standing& s) { return s.approach == approach; });
}

bool Evaluation::recommends(std::string_view approach) const
{
    return verdict == approach || std::find(also.begin(), also.end(), approach) != also.end();
}

std::string expand_message(std::string_view message, const Facts& facts, const Rules& rules)
{
    std::string out;
    out.reserve(message.size() + 32);
    std::size_t pos = 0;
    while (pos < message.size()) {
        const std::size_t open = message.find('{', pos);
        const std::size_t close = open == std::string_view::npos ? open : message.find('}', open);
        if (close == std::string_view::npos) {
            out.append(message.substr(pos));
            break;
        }
        out.append(message.substr(pos, open - pos));
        const std::string_view name = message.substr(open + 1, close - open - 1);
        constexpr std::string_view k_thresholds = "thresholds.";
        if (name.substr(0, k_thresholds.size()) == k_thresholds) {
            auto found = rules.thresholds.find(name.substr(k_thresholds.size()));
            out += found == rules.thresholds.end() ? "unknown" : text::format_number(found->second);
        } else {
            const Value* found = facts.find(name);
            out += found == nullptr ? "unknown" : format_value(*found);
        }
        pos = close + 1;
    }
    return out;
}

Evaluation evaluate(const Spec& spec, const Rules& rules, const EvaluateOptions& options)
{
    const bool explain = options.explain;
    Evaluation evaluation;
    Tracer tracer(evaluation, explain);
    evaluation.explained = explain;
    evaluation.reasons.reserve(8);
    evaluation.file = spec.file;
    evaluation.line = spec.line;
    evaluation.name = display_name(spec);
    evaluation.proposed_approach = spec.proposed_approach;
    evaluation.budget_usd = spec.budget_usd;
    evaluation.waivers = spec.waivers;

    Facts facts(rules);
    set_spec_facts(spec, rules, facts);
    read_description(spec, rules, facts, evaluation);
    apply_inferences(spec, rules, facts, evaluation, tracer);
    record_answers(rules, facts, evaluation, spec.measured.has_value());
    if (spec.measured) {
        evaluation.dataset = spec.measured;
        auto claimed = spec.answers.find(k_examples_question);
        if (claimed != spec.answers.end() && std::holds_alternative<double>(claimed->second)) {
            evaluation.claimed_examples = std::get<double>(claimed->second);
        }
    }
    std::vector<Truth> truths;
    truths.reserve(rules.decisions.size());
    decide(rules, facts, evaluation, tracer, Messages::write, &truths);
    if (options.what_would_change) {
        evaluation.changes_searched = true;
        find_what_would_change(spec, rules, facts, truths, evaluation);
    }

    std::vector<std::string> recommended{evaluation.verdict};
    recommended.insert(recommended.end(), evaluation.also.begin(), evaluation.also.end());
    facts.set(facts.fixed_slot(FixedFact::recommended), std::move(recommended));
    add_routes(spec, rules, facts, options.today, evaluation);
    check_pitfalls(rules, facts, evaluation, tracer);

    for (const Scenario& scenario : rules.scenarios) {
        const Truth truth = evaluate_condition(scenario.when, facts);
        tracer.add(scenario.id, "scenario", truth, &scenario.when, facts);
        if (truth == Truth::yes) {
            evaluation.scenarios.push_back(&scenario);
        }
    }

    add_costs(spec, rules, facts, options.today, evaluation);
    for (const Plan& plan : rules.plans) {
        if (plan.approach != evaluation.verdict) {
            continue;
        }
        const Truth truth = plan.when ? evaluate_condition(*plan.when, facts) : Truth::yes;
        tracer.add(plan.id, "plan", truth, plan.when ? &*plan.when : nullptr, facts);
        if (truth == Truth::yes) {
            evaluation.plan = &plan;
            evaluation.timeline = make_timeline(plan, evaluation, rules, options.today);
            break;
        }
    }

    evaluation.proposal_supported =
        spec.proposed_approach.has_value() && evaluation.recommends(*spec.proposed_approach);
    return evaluation;
}

} // namespace ftadvisor
