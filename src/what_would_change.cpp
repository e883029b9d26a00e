#include "what_would_change.hpp"

#include "condition.hpp"
#include "spec_node.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace ftadvisor {
namespace {

// The most verdicts a pair search evaluates for one spec, so that its cost stays bounded
// whatever the rules hold.
constexpr std::size_t k_max_pair_tries = 64;
// The most changes listed for each other verdict.
constexpr std::size_t k_per_verdict = 2;

void collect_splits(const Condition& condition, const Rules& rules, std::vector<std::vector<double>>& out)
{
    for (const Condition& child : condition.children) {
        collect_splits(child, rules, out);
    }
    if (condition.slot >= rules.questions.size()) {
        return; // not an answer
    }
    const double* operand = std::get_if<double>(&condition.operand);
    if (operand == nullptr || !std::isfinite(*operand)) {
        return;
    }
    std::vector<double>& splits = out[condition.slot];
    const double t = *operand;
    switch (condition.op) {
    case Condition::Op::gte:
    case Condition::Op::lt:
        splits.push_back(std::ceil(t));
        break;
    case Condition::Op::gt:
    case Condition::Op::lte:
        splits.push_back(std::floor(t) + 1);
        break;
    case Condition::Op::is:
        splits.push_back(t);
        splits.push_back(t + 1);
        break;
    default:
        break;
    }
}

// The number as an answer to `question`, if the question takes it.
std::optional<Value> as_answer(const Question& question, double number)
{
    AnswerScalar scalar;
    scalar.kind = AnswerScalar::Kind::number;
    scalar.number = number;
    return accept_answer(question, scalar);
}

// The most values of a number tried for one question (docs/security.md).
constexpr std::size_t k_most_candidates = 32;

// The values the rules tell apart from `from` for a number: in each region between the
// splits, the one nearest `from` (from unknown: the region's lowest, the lowest region's
// highest); of the k_most_candidates regions nearest `from` (from unknown: the lowest).
std::vector<Value> number_candidates(const Question& question, const std::vector<double>& splits, const Value& from)
{
    std::vector<double> numbers;
    const double* now = std::get_if<double>(&from);
    for (std::size_t i = 0; i < splits.size(); ++i) {
        const double s = splits[i];
        if (now == nullptr) {
            numbers.push_back(s);
            if (i == 0) {
                numbers.push_back(s - 1);
            }
        } else if (*now < s) {
            numbers.push_back(s);
        } else {
            numbers.push_back(s - 1);
        }
    }
    // An overlay may split a number thousands of times; every candidate costs a run of the
    // rules, so only the regions nearest the answer (the lowest, when it is unknown) are tried.
    if (numbers.size() > k_most_candidates) {
        if (now != nullptr) {
            const double at = *now;
            std::stable_sort(numbers.begin(), numbers.end(),
                             [at](double a, double b) { return std::fabs(a - at) < std::fabs(b - at); });
        }
        numbers.resize(k_most_candidates);
        std::sort(numbers.begin(), numbers.end());
    }
    std::vector<Value> out;
    for (const double n : numbers) {
        if (now != nullptr && n == *now) {
            continue;
        }
        if (std::optional<Value> value = as_answer(question, n);
            value && std::find(out.begin(), out.end(), *value) == out.end()) {
            out.push_back(std::move(*value));
        }
    }
    return out;
}

// `representatives`: for a choice question, the first choice of each class that no
// condition tells apart.
std::vector<Value> candidates(const Question& question, const std::vector<double>& splits,
                              const std::vector<std::string>& representatives, const Value& from)
{
    std::vector<Value> out;
    switch (question.kind) {
    case Question::Kind::boolean:
        for (const bool flag : {true, false}) {
            if (!(std::holds_alternative<bool>(from) && std::get<bool>(from) == flag)) {
                out.emplace_back(flag);
            }
        }
        break;
    case Question::Kind::choice:
        for (const std::string& choice : representatives) {
            if (!(std::holds_alternative<std::string>(from) && std::get<std::string>(from) == choice)) {
                out.emplace_back(choice);
            }
        }
        break;
    case Question::Kind::count:
    case Question::Kind::percent:
        out = number_candidates(question, splits, from);
        break;
    }
    return out;
}

// How far a change goes, to put the nearest first: answering an open question costs least,
// a number its relative change, a yes/no or a choice most.
double cost_of(const AnswerChange& change)
{
    if (!is_known(change.from)) {
        return 0.5;
    }
    const double* from = std::get_if<double>(&change.from);
    const double* to = std::get_if<double>(&change.to);
    if (from != nullptr && to != nullptr) {
        return std::fabs(*to - *from) / std::max({std::fabs(*from), std::fabs(*to), 1.0});
    }
    return 1;
}

struct Found {
    VerdictChange change;
    double cost = 0;
    std::size_t verdict_rank = 0;
    std::size_t question_rank = 0;
};

} // namespace

namespace {

void questions_read(const Condition& condition, std::size_t questions, std::vector<std::uint32_t>& out)
{
    if (condition.slot < questions && std::find(out.begin(), out.end(), condition.slot) == out.end()) {
        out.push_back(condition.slot);
    }
    for (const Condition& child : condition.children) {
        questions_read(child, questions, out);
    }
}

// The verdict of scores, exclusions and `also` counts by approach index, as the engine's
// decide picks it: the highest score no rule excludes, the earlier approach on a tie.
VerdictOf verdict_of(const Rules& rules, const std::vector<double>& scores, const std::vector<int>& excluded,
                     const std::vector<int>& also)
{
    const std::size_t approaches = rules.approaches.size();
    std::size_t best = approaches;
    for (std::size_t a = 0; a < approaches; ++a) {
        if (excluded[a] == 0 && (best == approaches || scores[a] > scores[best])) {
            best = a;
        }
    }
    VerdictOf out;
    out.verdict = rules.approaches[best == approaches ? 0 : best].id;
    for (std::size_t a = 0; a < approaches; ++a) {
        if (also[a] > 0 && rules.approaches[a].id != out.verdict) {
            out.also.emplace_back(rules.approaches[a].id);
        }
    }
    return out;
}

std::size_t approach_index(const Rules& rules, std::string_view id)
{
    for (std::size_t i = 0; i < rules.approaches.size(); ++i) {
        if (rules.approaches[i].id == id) {
            return i;
        }
    }
    return rules.approaches.size();
}

// The splits of each question (ChangeIndex::splits).
void index_splits(const Rules& rules, ChangeIndex& index)
{
    const std::size_t questions = rules.questions.size();
    index.splits.resize(questions);
    for (const InferenceRule& rule : rules.inferences) {
        collect_splits(rule.when, rules, index.splits);
    }
    for (const DecisionRule& rule : rules.decisions) {
        collect_splits(rule.when, rules, index.splits);
    }
    for (std::vector<double>& splits : index.splits) {
        std::sort(splits.begin(), splits.end());
        splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
    }
}

// What each decision rule reads and does, by approach index, and the base scores.
void index_decisions(const Rules& rules, ChangeIndex& index)
{
    const std::size_t questions = rules.questions.size();
    const std::size_t approaches = rules.approaches.size();
    index.readers.resize(questions);
    for (const DecisionRule& rule : rules.decisions) {
        std::vector<std::uint32_t> reads;
        questions_read(rule.when, questions, reads);
        for (const std::uint32_t q : reads) {
            index.readers[q].push_back(index.rule_reads.size());
        }
        index.rule_reads.push_back(std::move(reads));
        std::vector<double> scores(approaches, 0);
        for (const auto& [approach, points] : rule.scores) {
            if (const std::size_t a = approach_index(rules, approach); a < approaches) {
                scores[a] += points;
            }
        }
        index.rule_scores.push_back(std::move(scores));
        std::vector<std::size_t> excludes;
        for (const std::string& approach : rule.exclude) {
            excludes.push_back(approach_index(rules, approach));
        }
        index.rule_excludes.push_back(std::move(excludes));
        std::vector<std::size_t> also;
        for (const std::string& approach : rule.also) {
            also.push_back(approach_index(rules, approach));
        }
        index.rule_also.push_back(std::move(also));
    }
    index.base_scores.assign(approaches, 0);
    for (std::size_t a = 0; a < approaches; ++a) {
        if (auto base = rules.base_scores.find(rules.approaches[a].id); base != rules.base_scores.end()) {
            index.base_scores[a] = base->second;
        }
    }
}

// Which questions the inferences read and answer, and which read what another answers.
void index_inferences(const Rules& rules, ChangeIndex& index)
{
    const std::size_t questions = rules.questions.size();
    index.read_by.resize(questions);
    index.answered_by.resize(questions);
    std::vector<char> answered_slot(rules.fact_names.size(), 0);
    for (const InferenceRule& rule : rules.inferences) {
        if (rule.slot < answered_slot.size()) {
            answered_slot[rule.slot] = 1;
        }
    }
    for (std::size_t i = 0; i < rules.inferences.size(); ++i) {
        const InferenceRule& rule = rules.inferences[i];
        std::vector<std::uint32_t> reads;
        questions_read(rule.when, questions, reads);
        if (rule.value_slot < questions) {
            reads.push_back(rule.value_slot);
        }
        for (const std::uint32_t q : reads) {
            if (std::find(index.read_by[q].begin(), index.read_by[q].end(), i) == index.read_by[q].end()) {
                index.read_by[q].push_back(i);
            }
        }
        if (rule.slot < questions) {
            index.answered_by[rule.slot].push_back(i);
        }
        // Whether its condition reads a fact that an inference may answer: then a given answer
        // that contradicts it withdraws that inference (engine.cpp), which other rules may read.
        std::vector<std::string_view> names;
        condition_facts(rule.when, names);
        bool reads_inferred = false;
        for (std::uint32_t slot = 0; slot < rules.fact_names.size(); ++slot) {
            if (answered_slot[slot] != 0 &&
                std::find(names.begin(), names.end(), rules.fact_names[slot]) != names.end()) {
                reads_inferred = true;
            }
        }
        index.reads_inferred.push_back(reads_inferred ? 1 : 0);
        std::vector<std::uint32_t> slots;
        for (const std::string_view name : names) {
            for (std::uint32_t slot = 0; slot < rules.fact_names.size(); ++slot) {
                if (rules.fact_names[slot] == name) {
                    slots.push_back(slot);
                }
            }
        }
        index.inference_reads.push_back(std::move(slots));
    }
}

// One choice of each class of choices that no condition tells apart.
void index_choices(const Rules& rules, ChangeIndex& index)
{
    const std::size_t questions = rules.questions.size();
    index.representatives.resize(questions);
    std::vector<std::vector<const Condition*>> tests(questions);
    const std::function<void(const Condition&)> collect = [&](const Condition& c) {
        if (c.slot < questions) {
            tests[c.slot].push_back(&c);
        }
        for (const Condition& child : c.children) {
            collect(child);
        }
    };
    for (const InferenceRule& rule : rules.inferences) {
        collect(rule.when);
    }
    for (const DecisionRule& rule : rules.decisions) {
        collect(rule.when);
    }
    for (std::size_t q = 0; q < questions; ++q) {
        std::vector<std::vector<bool>> seen;
        for (const std::string& choice : rules.questions[q].choices) {
            std::vector<bool> profile;
            for (const Condition* c : tests[q]) {
                const std::string* is = std::get_if<std::string>(&c->operand);
                profile.push_back((c->op == Condition::Op::is && is != nullptr && *is == choice) ||
                                  (c->op == Condition::Op::in &&
                                   std::find(c->choices.begin(), c->choices.end(), choice) != c->choices.end()));
            }
            if (std::find(seen.begin(), seen.end(), profile) == seen.end()) {
                seen.push_back(profile);
                index.representatives[q].push_back(choice);
            }
        }
    }
}

} // namespace

std::shared_ptr<const ChangeIndex> make_change_index(const Rules& rules)
{
    auto index = std::make_shared<ChangeIndex>();
    index_splits(rules, *index);
    index_decisions(rules, *index);
    index_inferences(rules, *index);
    index_choices(rules, *index);
    return index;
}

// Long on purpose: the search in its three steps (singles, pairs, the choice of what to list),
// which share the candidates and what was found.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
std::vector<VerdictChange> what_would_change(const Rules& rules, const std::vector<Answer>& used, const Answers& given,
                                             std::string_view verdict, ChangeBase& base)
{
    if (!rules.change_index) {
        return {};
    }
    const ChangeIndex& index = *rules.change_index;
    const std::size_t approaches = rules.approaches.size();
    const auto rank_of = [&](std::string_view approach) { return approach_index(rules, approach); };
    struct Candidate {
        std::size_t question;
        AnswerChange change;
    };
    std::vector<Candidate> all;
    for (std::size_t q = 0; q < rules.questions.size() && q < used.size(); ++q) {
        for (Value& to : candidates(rules.questions[q], index.splits[q], index.representatives[q], used[q].value)) {
            all.push_back(Candidate{q, AnswerChange{used[q].question, used[q].value, std::move(to)}});
        }
    }

    // Whether an inference reads what another inference answered: then a given answer it
    // contradicts withdraws that one (engine.cpp).
    const auto reads_inferred = [&](std::size_t i) {
        const auto& reads = index.inference_reads[i];
        return std::any_of(reads.begin(), reads.end(), [&](std::uint32_t slot) {
            return std::find(base.inferred_slots.begin(), base.inferred_slots.end(), slot) != base.inferred_slots.end();
        });
    };
    // Whether the inferences could answer otherwise whatever the change: one that reads the
    // question also reads what another inference answered (its truth during the inference
    // pass may differ from its truth now), or one that answers it holds and could withdraw
    // another. Any other inference that reads the question answers as before when its
    // condition holds as before with the change: it reads only given answers, signals and
    // the spec's fixed facts, which the inference pass does not change.
    std::vector<char> reacts(rules.questions.size(), 0);
    for (std::size_t q = 0; q < rules.questions.size(); ++q) {
        for (const std::size_t i : index.read_by[q]) {
            if (index.reads_inferred[i] != 0 && reads_inferred(i)) {
                reacts[q] = 1;
            }
        }
        for (const std::size_t i : index.answered_by[q]) {
            if (reacts[q] != 0 || index.reads_inferred[i] == 0) {
                continue;
            }
            if (reads_inferred(i) && evaluate_condition(rules.inferences[i].when, base.facts) == Truth::yes) {
                reacts[q] = 1;
            }
        }
    }
    // Whether an inference answers the stage or a question the spec leaves open.
    std::vector<char> open(rules.inferences.size(), 0);
    for (std::size_t i = 0; i < rules.inferences.size(); ++i) {
        const std::uint32_t target = rules.inferences[i].slot;
        open[i] = target >= rules.questions.size() || given.find(rules.questions[target].id) == given.end() ? 1 : 0;
    }
    // The truth of each of those inferences before any change is set.
    std::vector<Truth> truth_before(rules.inferences.size(), Truth::unknown);
    for (std::size_t i = 0; i < rules.inferences.size(); ++i) {
        if (open[i] != 0) {
            truth_before[i] = evaluate_condition(rules.inferences[i].when, base.facts);
        }
    }

    // The decision as it stands, by approach index.
    std::vector<double> scores = index.base_scores;
    std::vector<int> excluded(approaches, 0);
    std::vector<int> also(approaches, 0);
    const auto apply =
        [&](std::size_t r, int sign, std::vector<double>& s, std::vector<int>& ex, std::vector<int>& al) {
        for (std::size_t a = 0; a < approaches; ++a) {
            s[a] += sign * index.rule_scores[r][a];
        }
        for (const std::size_t a : index.rule_excludes[r]) {
            ex[a] += sign;
        }
        for (const std::size_t a : index.rule_also[r]) {
            al[a] += sign;
        }
    };
    for (std::size_t r = 0; r < rules.decisions.size() && r < base.truths.size(); ++r) {
        if (base.truths[r] == Truth::yes) {
            apply(r, 1, scores, excluded, also);
        }
    }
    std::vector<double> s;
    std::vector<int> ex;
    std::vector<int> al;
    std::vector<std::optional<Value>> saved;
    using Changes = std::vector<const Candidate*>;
    // Sets the changed answers in the facts, and puts them back.
    const auto set_changes = [&](const Changes& changes) {
        saved.clear();
        for (const Candidate* c : changes) {
            const std::uint32_t slot = Facts::answer_slot(c->question);
            const Value* now = base.facts.at(slot);
            saved.push_back(now != nullptr ? std::optional<Value>(*now) : std::nullopt);
            base.facts.set(slot, c->change.to);
        }
    };
    const auto restore = [&](const Changes& changes) {
        for (std::size_t k = changes.size(); k-- > 0;) {
            const std::uint32_t slot = Facts::answer_slot(changes[k]->question);
            if (saved[k]) {
                base.facts.set(slot, std::move(*saved[k]));
            } else {
                base.facts.clear(slot);
            }
        }
    };
    // Whether an inference that reads a changed answer would hold otherwise (the facts set).
    const auto inferences_react = [&](const Changes& changes) {
        return std::any_of(changes.begin(), changes.end(), [&](const Candidate* c) {
            const auto& readers = index.read_by[c->question];
            return std::any_of(readers.begin(), readers.end(), [&](std::size_t i) {
                if (open[i] == 0) {
                    return false; // it answers a given question: it cannot change an answer
                }
                return evaluate_condition(rules.inferences[i].when, base.facts) != truth_before[i];
            });
        });
    };
    std::vector<char> seen(rules.decisions.size(), 0);
    // The verdict with the changes, judged by the decision rules that read a changed answer
    // (the facts set).
    const auto decided = [&](const Changes& changes) {
        s = scores;
        ex = excluded;
        al = also;
        for (const Candidate* c : changes) {
            for (const std::size_t r : index.readers[c->question]) {
                if (r >= base.truths.size() || seen[r] != 0) {
                    continue;
                }
                seen[r] = 1;
                const bool now = evaluate_condition(rules.decisions[r].when, base.facts) == Truth::yes;
                if (now != (base.truths[r] == Truth::yes)) {
                    apply(r, now ? 1 : -1, s, ex, al);
                }
            }
        }
        for (const Candidate* c : changes) {
            for (const std::size_t r : index.readers[c->question]) {
                seen[r] = 0;
            }
        }
        return verdict_of(rules, s, ex, al);
    };

    Answers variant = given;
    const auto with = [&](const Changes& changes) {
        bool full =
            std::any_of(changes.begin(), changes.end(), [&](const Candidate* c) { return reacts[c->question] != 0; });
        if (!full) {
            set_changes(changes);
            full = inferences_react(changes);
            std::optional<VerdictOf> got;
            if (!full) {
                got = decided(changes);
            }
            restore(changes);
            if (got) {
                return std::move(*got);
            }
        }
        variant = given;
        for (const Candidate* c : changes) {
            variant[c->change.question] = c->change.to;
        }
        return base.full(variant);
    };

    std::vector<Found> singles;
    for (const Candidate& c : all) {
        VerdictOf got = with({&c});
        if (got.verdict == verdict) {
            continue;
        }
        singles.push_back(Found{VerdictChange{got.verdict, std::move(got.also), {c.change}}, cost_of(c.change),
                                rank_of(got.verdict), c.question});
    }
    std::sort(singles.begin(), singles.end(), [](const Found& a, const Found& b) {
        if (a.cost != b.cost) {
            return a.cost < b.cost;
        }
        return a.verdict_rank != b.verdict_rank ? a.verdict_rank < b.verdict_rank : a.question_rank < b.question_rank;
    });

    // Of each verdict, the nearest change of each question, and at most k_per_verdict.
    std::vector<Found> kept;
    for (Found& f : singles) {
        std::size_t of_verdict = 0;
        bool same_question = false;
        for (const Found& k : kept) {
            if (k.change.verdict == f.change.verdict) {
                ++of_verdict;
                same_question = same_question || k.question_rank == f.question_rank;
            }
        }
        if (of_verdict < k_per_verdict && !same_question) {
            kept.push_back(std::move(f));
        }
    }

    // Pairs, for the verdicts no single change reaches.
    std::vector<std::string_view> unreached;
    for (const Approach& approach : rules.approaches) {
        const bool reached =
            std::any_of(kept.begin(), kept.end(), [&](const Found& k) { return k.change.verdict == approach.id; });
        if (approach.id != verdict && !reached) {
            unreached.emplace_back(approach.id);
        }
    }
    // Nearest first, so that the first pair found for a verdict is its nearest, and the search
    // stops once every verdict left has one.
    std::vector<std::pair<std::size_t, std::size_t>> order;
    if (!unreached.empty()) {
        for (std::size_t a = 0; a < all.size(); ++a) {
            for (std::size_t b = a + 1; b < all.size(); ++b) {
                if (all[a].question != all[b].question) {
                    order.emplace_back(a, b);
                }
            }
        }
    }
    const auto pair_cost = [&](const std::pair<std::size_t, std::size_t>& p) {
        return cost_of(all[p.first].change) + cost_of(all[p.second].change);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const auto& x, const auto& y) { return pair_cost(x) < pair_cost(y); });
    std::vector<Found> pairs;
    for (std::size_t t = 0; t < order.size() && t < k_max_pair_tries && !unreached.empty(); ++t) {
        const auto [a, b] = order[t];
        VerdictOf got = with({&all[a], &all[b]});
        const auto left = std::find(unreached.begin(), unreached.end(), got.verdict);
        if (left == unreached.end()) {
            continue;
        }
        unreached.erase(left);
        pairs.push_back(Found{VerdictChange{got.verdict, std::move(got.also), {all[a].change, all[b].change}},
                              pair_cost(order[t]), rank_of(got.verdict), all[a].question});
    }
    std::sort(pairs.begin(), pairs.end(), [](const Found& a, const Found& b) {
        return a.cost != b.cost ? a.cost < b.cost : a.verdict_rank < b.verdict_rank;
    });

    std::vector<VerdictChange> out;
    for (Found& f : kept) {
        out.push_back(std::move(f.change));
    }
    for (Found& f : pairs) {
        out.push_back(std::move(f.change));
    }
    return out;
}

VerdictOf decide_verdict(const Rules& rules, const Facts& facts)
{
    const ChangeIndex& index = *rules.change_index;
    const std::size_t approaches = rules.approaches.size();
    std::vector<double> scores = index.base_scores;
    std::vector<int> excluded(approaches, 0);
    std::vector<int> also(approaches, 0);
    for (std::size_t r = 0; r < rules.decisions.size(); ++r) {
        if (evaluate_condition(rules.decisions[r].when, facts) != Truth::yes) {
            continue;
        }
        for (std::size_t a = 0; a < approaches; ++a) {
            scores[a] += index.rule_scores[r][a];
        }
        for (const std::size_t a : index.rule_excludes[r]) {
            ++excluded[a];
        }
        for (const std::size_t a : index.rule_also[r]) {
            ++also[a];
        }
    }
    return verdict_of(rules, scores, excluded, also);
}

} // namespace ftadvisor
