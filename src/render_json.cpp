#include "ftadvisor/render.hpp"

#include "render_json.hpp"

#include "ftadvisor/version.hpp"
#include "json_writer.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace ftadvisor {

// The parts of a record that depend on the rules alone, rendered compact once: whole
// scenarios, and the fixed beginnings and ends of the objects whose other members
// vary (a reason's message, a warning's, an answer's value), found by the rules' object
// they come from.
struct RecordParts {
    using BySource = std::unordered_map<const void*, std::string>;
    BySource whole;        // scenarios
    BySource plan_steps;   // the steps of a plan whose text holds no placeholder
    BySource tier_members; // an estimate's members from `tier` to `upkeep`, by tier
    BySource heads;        // a reason, inferred answer or warning object, up to what varies
    BySource contradiction_heads;
    BySource middles;                        // a contradiction's members after the given answer
    BySource tails;                          // a reason's members after its message, and its closing brace
    std::vector<std::string> approach_keys;  // `"skip":`, in the rules' order
    std::vector<std::string> question_heads; // `"production":{"value":`, in the rules' order
    std::array<std::string, 4> source_tails; // `,"source":"given"}`, by AnswerSource

    static std::string_view find(const BySource& parts, const void* source)
    {
        const auto found = parts.find(source);
        return found == parts.end() ? std::string_view() : std::string_view(found->second);
    }
};

namespace {

// Writes the output contract's object. Written by hand rather than built as a JSON tree:
// a batch of specs spends most of its time here otherwise.
class EvaluationWriter {
public:
    EvaluationWriter(std::string& out, bool pretty, const RecordParts* parts = nullptr) : w(out, pretty), m_parts(parts)
    {
    }

    void write(const Evaluation& e)
    {
        w.begin_object();
        w.key("output_version").value(k_output_version);
        w.key("ftadvisor_version").value(k_version);
        w.key("file").value(e.file);
        if (e.line > 0) {
            w.key("line").value(e.line);
        }
        w.key("name").value(e.name);
        w.key("verdict").value(e.verdict);
        w.key("also").value(e.also);
        w.key("flags").value(e.flags);
        w.key("scores").begin_object();
        for (std::size_t i = 0; i < e.standings.size(); ++i) {
            approach_key(i, e.standings[i].approach);
            w.value(e.standings[i].score);
        }
        w.end_object();
        w.key("excluded").begin_object();
        for (std::size_t i = 0; i < e.standings.size(); ++i) {
            if (!e.standings[i].excluded_by.empty()) {
                approach_key(i, e.standings[i].approach);
                w.value(e.standings[i].excluded_by);
            }
        }
        w.end_object();
        answers(e);
        inferred(e);
        w.key("unknown").value(e.unknown);
        w.key("hints").begin_object();
        for (std::size_t i = 0; i < e.unknown.size() && i < e.hints.size(); ++i) {
            if (!e.hints[i].empty()) {
                w.key(e.unknown[i]).value(e.hints[i]);
            }
        }
        w.end_object();
        reasons(e);
        what_would_change(e);
        warnings(e);
        w.key("scenarios").begin_array();
        for (const Scenario* scenario : e.scenarios) {
            if (const std::string_view part = part_of(&RecordParts::whole, scenario); !part.empty()) {
                w.raw(part);
            } else {
                write_scenario(*scenario);
            }
        }
        w.end_array();
        dataset(e);
        w.key("estimate");
        if (e.estimate) {
            estimate(*e.estimate);
        } else {
            w.null();
        }
        routes(e);
        plan(e);
        w.key("proposal");
        if (e.proposed_approach) {
            w.begin_object();
            w.key("approach").value(*e.proposed_approach);
            w.key("supported").value(e.proposal_supported);
            w.end_object();
        } else {
            w.null();
        }
        w.key("budget_usd");
        optional_number(e.budget_usd);
        cost_avoided(e);
        budget(e);
        if (e.explained) {
            explain(e);
        }
        w.end_object();
    }

    void value(const Value& value)
    {
        struct Visitor {
            JsonWriter& w;
            void operator()(std::monostate) const { w.null(); }
            void operator()(bool b) const { w.value(b); }
            void operator()(double d) const { w.value(d); }
            void operator()(const std::string& s) const { w.value(s); }
            void operator()(const std::vector<std::string>& list) const { w.value(list); }
        };
        std::visit(Visitor{w}, value);
    }

    JsonWriter& json() { return w; }

private:
    // The approach's key: standings are in the rules' order.
    void approach_key(std::size_t index, std::string_view approach)
    {
        if (m_parts != nullptr && index < m_parts->approach_keys.size()) {
            w.raw_key(m_parts->approach_keys[index]);
        } else {
            w.key(approach);
        }
    }

    void optional_number(const std::optional<double>& number)
    {
        if (number) {
            w.value(*number);
        } else {
            w.null();
        }
    }

    void range(const Range& range)
    {
        w.begin_object();
        w.key("low").value(range.low);
        w.key("high").value(range.high);
        w.end_object();
    }

    void answers(const Evaluation& e)
    {
        w.key("answers").begin_object();
        // Answers are in the rules' question order, one a question.
        const bool parts = m_parts != nullptr && m_parts->question_heads.size() == e.answers.size();
        for (std::size_t i = 0; i < e.answers.size(); ++i) {
            const Answer& answer = e.answers[i];
            if (parts) {
                w.raw_open(m_parts->question_heads[i], true);
                value(answer.value);
                w.raw_close(m_parts->source_tails[static_cast<std::size_t>(answer.source)]);
                continue;
            }
            w.key(answer.question).begin_object();
            w.key("value");
            value(answer.value);
            w.key("source").value(source_name(answer.source));
            w.end_object();
        }
        w.end_object();
    }

    void match(const PhraseMatch& m)
    {
        w.key("phrase").value(m.phrase);
        w.key("text").value(m.text);
        w.key("start").value(m.start);
        w.key("end").value(m.end);
        w.key("weight").value(m.weight);
        if (m.amount) {
            w.key("amount").begin_object();
            w.key("value").value(m.value);
            w.key("low").value(m.low);
            w.key("high").value(m.high);
            w.key("checked").value(m.checked);
            w.key("chosen").value(m.chosen);
            w.end_object();
        }
        if (!m.read_as.empty()) {
            w.key("read_as").value(m.read_as);
        }
    }

    // `signals`: each signal an inference read, its value, and the words that gave it.
    void evidence(const Evaluation& e, const std::vector<PhraseMatch>& matches)
    {
        w.key("signals").begin_array();
        // By the signal each match feeds: a negated phrase feeds its lexicon's negated signal.
        auto fed = [](const PhraseMatch& m) { return m.feeds.empty() ? m.signal : m.feeds; };
        std::vector<std::string_view> done;
        for (const PhraseMatch& m : matches) {
            if (std::find(done.begin(), done.end(), fed(m)) != done.end()) {
                continue;
            }
            done.push_back(fed(m));
            w.begin_object();
            w.key("signal").value(fed(m));
            w.key("value").value(signal_value(e, fed(m)));
            w.key("evidence").begin_array();
            for (const PhraseMatch& other : matches) {
                if (fed(other) == fed(m)) {
                    w.begin_object();
                    match(other);
                    if (!other.negated_by.empty()) {
                        w.key("negated_by").value(other.negated_by);
                    }
                    w.end_object();
                }
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
    }

    static double signal_value(const Evaluation& e, std::string_view signal)
    {
        for (const SignalValue& s : e.signals) {
            if (s.signal == signal) {
                return s.value;
            }
        }
        return 0;
    }

    static const char* truth_name(Truth truth)
    {
        return truth == Truth::yes ? "yes" : truth == Truth::no ? "no" : "unknown";
    }

public:
    // The trace of --explain: what the description said, and every rule considered.
    void explain(const Evaluation& e)
    {
        w.key("explain").begin_object();
        w.key("description_read").value(e.description_read);
        w.key("signals").begin_object();
        for (const SignalValue& s : e.signals) {
            w.key(s.signal);
            if (s.known) {
                w.value(s.value);
            } else {
                w.null();
            }
        }
        w.end_object();
        w.key("matches").begin_array();
        for (const PhraseMatch& m : e.matches) {
            w.begin_object();
            w.key("signal").value(m.signal);
            w.key("lexicon").value(m.lexicon);
            match(m);
            w.key("counted").value(m.counts());
            w.key("negated_by");
            if (m.negated_by.empty()) {
                w.null();
            } else {
                w.value(m.negated_by);
            }
            w.end_object();
        }
        w.end_array();
        w.key("matches_unlisted").value(e.matches_unlisted);
        w.key("trace").begin_array();
        for (const TraceEntry& t : e.trace) {
            w.begin_object();
            w.key("rule").value(t.rule);
            w.key("kind").value(t.kind);
            w.key("result").value(truth_name(t.result));
            w.key("inputs").begin_object();
            for (const auto& [fact, input] : t.inputs) {
                w.key(fact);
                value(input);
            }
            w.end_object();
            if (t.decision != nullptr) {
                w.key("effect").begin_object();
                if (t.result == Truth::yes) {
                    effect(*t.decision);
                }
                w.end_object();
            }
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }

private:
    void inferred(const Evaluation& e)
    {
        w.key("inferred").begin_array();
        for (const Inferred& entry : e.inferred) {
            if (const std::string_view head = part_of(&RecordParts::heads, entry.source); !head.empty()) {
                w.raw_open(head, false);
            } else {
                inferred_head(entry);
            }
            evidence(e, entry.evidence);
            if (!entry.overruled.empty()) {
                w.key("overruled").begin_array();
                for (const Inferred& other : entry.overruled) {
                    inferred_head(other);
                    evidence(e, other.evidence);
                    w.end_object();
                }
                w.end_array();
            }
            w.end_object();
        }
        w.end_array();
        w.key("contradictions").begin_array();
        for (const Contradiction& entry : e.contradictions) {
            if (const std::string_view head = part_of(&RecordParts::contradiction_heads, entry.source); !head.empty()) {
                w.raw_open(head, true);
                value(entry.given);
                w.raw(part_of(&RecordParts::middles, entry.source));
            } else {
                contradiction_head(entry);
                value(entry.given);
                contradiction_middle(entry);
            }
            evidence(e, entry.evidence);
            w.end_object();
        }
        w.end_array();
    }

    void reasons(const Evaluation& e)
    {
        w.key("reasons").begin_array();
        for (const Reason& reason : e.reasons) {
            const DecisionRule& rule = *reason.rule;
            if (const std::string_view head = part_of(&RecordParts::heads, &rule); !head.empty()) {
                w.raw_open(head, true);
                w.value(reason.message);
                w.raw_close(part_of(&RecordParts::tails, &rule));
                continue;
            }
            reason_head(rule);
            w.value(reason.message);
            effect(rule);
            w.end_object();
        }
        w.end_array();
    }

    // The part rendered for `source` in one of RecordParts' maps, or nothing.
    std::string_view part_of(RecordParts::BySource RecordParts::*map, const void* source) const
    {
        return m_parts != nullptr && source != nullptr ? RecordParts::find(m_parts->*map, source) : std::string_view();
    }

public:
    // The members of an inferred answer before its evidence, the object opened.
    void inferred_head(const Inferred& entry)
    {
        w.begin_object();
        w.key("question").value(entry.question);
        inference_members("value", entry.value, entry.rule, entry.because);
    }

    // A contradiction's object opened, up to the given answer's key.
    void contradiction_head(const Contradiction& entry)
    {
        w.begin_object();
        w.key("question").value(entry.question);
        w.key("given");
    }

    // A contradiction's members after the given answer, before the evidence.
    void contradiction_middle(const Contradiction& entry)
    {
        inference_members("inferred", entry.inferred, entry.rule, entry.because);
    }

    // The value an inference gives, under `key`, then the inference and its reason.
    void inference_members(std::string_view key, const Value& inferred, std::string_view rule, std::string_view because)
    {
        w.key(key);
        value(inferred);
        w.key("rule").value(rule);
        w.key("because").value(because);
    }

    // A reason's object opened, up to its message's key.
    void reason_head(const DecisionRule& rule)
    {
        w.begin_object();
        w.key("rule").value(rule.id);
        w.key("question");
        if (rule.question.empty()) {
            w.null();
        } else {
            w.value(rule.question);
        }
        w.key("message");
    }

    // A warning's object opened, up to its message's key.
    void warning_head(std::string_view id, std::string_view name, Severity severity)
    {
        w.begin_object();
        w.key("id").value(id);
        w.key("name").value(name);
        w.key("severity").value(severity_name(severity));
        w.key("message");
    }

    // What a decision rule does when it fires: the members after a reason's message.
    void effect(const DecisionRule& rule)
    {
        w.key("scores").begin_object();
        for (const auto& [approach, points] : rule.scores) {
            w.key(approach).value(points);
        }
        w.end_object();
        w.key("exclude").value(rule.exclude);
        w.key("also").value(rule.also);
        w.key("flags").value(rule.flags);
    }

private:
    // Each change with the verdict it leads to; `distance` is to - from for a number that was
    // known, null otherwise.
    void what_would_change(const Evaluation& e)
    {
        if (!e.changes_searched) {
            return; // the key is there exactly when the search ran
        }
        w.key("what_would_change").begin_array();
        for (const VerdictChange& change : e.what_would_change) {
            w.begin_object();
            w.key("verdict").value(change.verdict);
            w.key("also").value(change.also);
            w.key("changes").begin_array();
            for (const AnswerChange& c : change.changes) {
                w.begin_object();
                w.key("question").value(c.question);
                w.key("from");
                value(c.from);
                w.key("to");
                value(c.to);
                w.key("distance");
                const double* from = std::get_if<double>(&c.from);
                const double* to = std::get_if<double>(&c.to);
                if (from != nullptr && to != nullptr) {
                    w.value(*to - *from);
                } else {
                    w.null();
                }
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
    }

    void warnings(const Evaluation& e)
    {
        w.key("warnings").begin_array();
        for (const Warning& warning : e.warnings) {
            if (const std::string_view head = part_of(&RecordParts::heads, warning.source); !head.empty()) {
                w.raw_open(head, true);
            } else {
                warning_head(warning.id, warning.name, warning.severity);
            }
            w.value(warning.message);
            w.end_object();
        }
        w.end_array();
    }

public:
    void begin() { w.begin_object(); }
    void end() { w.end_object(); }

    void write_scenario(const Scenario& scenario)
    {
        w.begin_object();
        w.key("id").value(scenario.id);
        w.key("name").value(scenario.name);
        w.key("fine_tuning_pays").value(scenario.pays);
        auto text = [&](const char* name, const std::string& s) {
            if (!s.empty()) {
                w.key(name).value(s);
            }
        };
        auto list = [&](const char* name, const std::vector<std::string>& items) {
            if (!items.empty()) {
                w.key(name).value(items);
            }
        };
        auto optional_range = [&](const char* name, const std::optional<Range>& r) {
            if (r) {
                w.key(name);
                range(*r);
            }
        };
        text("use_case", scenario.use_case);
        text("why", scenario.why);
        list("data_sources", scenario.data_sources);
        list("impact", scenario.impact);
        list("examples", scenario.examples);
        optional_range("investment_usd", scenario.investment_usd);
        text("benefit", scenario.benefit);
        optional_range("improvement_pct", scenario.improvement_pct);
        text("better_approach", scenario.better_approach);
        w.end_object();
    }

    void estimate(const Estimate& estimate)
    {
        w.begin_object();
        w.key("examples").value(estimate.examples);
        if (const std::string_view part = part_of(&RecordParts::tier_members, estimate.tier); !part.empty()) {
            w.raw(part);
        } else {
            tier_members(estimate);
        }
        w.key("compute");
        if (estimate.compute) {
            compute(*estimate.compute);
        } else {
            w.null();
        }
        w.end_object();
    }

    // An estimate's members that follow from its tier and the upkeep alone, `tier` to `upkeep`.
    void tier_members(const Estimate& estimate)
    {
        w.key("tier").begin_object();
        w.key("id").value(estimate.tier_id);
        w.key("name").value(estimate.tier_name);
        w.key("min_examples").value(estimate.tier_min_examples);
        w.key("max_examples");
        optional_number(estimate.tier_max_examples);
        w.end_object();
        w.key("cost_usd");
        range(estimate.cost_usd);
        w.key("open_ended").value(estimate.open_ended);
        w.key("hours");
        range(estimate.hours);
        w.key("upkeep").begin_object();
        w.key("retrain_every_months");
        range(estimate.retrain_every_months);
        w.key("retrains_per_year");
        range(estimate.retrains_per_year);
        w.key("cost_usd_per_year");
        range(estimate.upkeep_cost_usd_per_year);
        w.key("hours_per_year");
        range(estimate.upkeep_hours_per_year);
        w.end_object();
    }

    void compute(const ComputeEstimate& compute)
    {
        w.begin_object();
        w.key("examples").value(compute.examples);
        w.key("tokens_per_epoch").value(compute.tokens_per_epoch);
        w.key("epochs").value(compute.epochs);
        w.key("training_tokens").value(compute.training_tokens);
        w.key("hosted").begin_array();
        for (const RouteCost& cost : compute.routes) {
            if (cost.route->usd_per_million_tokens) {
                hosted(cost);
            }
        }
        w.end_array();
        w.key("self_hosted").begin_array();
        for (const RouteCost& cost : compute.routes) {
            if (cost.route->gpu_params_billion) {
                self_hosted(cost);
            }
        }
        w.end_array();
        w.key("not_priced").begin_array();
        for (const Route* route : compute.unpriced) {
            w.value(route->id);
        }
        w.end_array();
        w.key("assumptions");
        if (compute.assumptions != nullptr) {
            const SelfHosting& a = *compute.assumptions;
            w.begin_object();
            w.key("tokens").value("estimated");
            w.key("flops_per_param_token").value(a.flops_per_param_token);
            w.key("gpu").value(a.gpu);
            w.key("gpu_peak_tflops").value(a.gpu_peak_tflops);
            w.key("utilisation");
            range(a.utilisation);
            w.key("usd_per_gpu_hour");
            range(a.usd_per_gpu_hour);
            w.end_object();
        } else {
            w.null();
        }
        w.key("prices_read").value(compute.prices_read);
        w.key("prices_stale").value(compute.prices_stale);
        w.end_object();
    }

    // A route priced by the token: the fields of output version 1, then how its billing came out.
    void hosted(const RouteCost& cost)
    {
        const Route& route = *cost.route;
        const RouteSource* source = route.source_of("price");
        w.begin_object();
        w.key("id").value(route.id);
        w.key("provider").value(route.provider_name);
        w.key("model").value(route.name);
        w.key("usd_per_million_tokens").value(*route.usd_per_million_tokens);
        w.key("cost_usd").value(cost.cost_usd.high);
        w.key("source").value(source != nullptr ? source->url : std::string());
        w.key("read").value(source != nullptr ? source->read : std::string());
        w.key("epochs").value(cost.epochs);
        w.key("training_tokens").value(cost.training_tokens);
        w.key("minimum_usd").value(route.minimum_usd);
        w.key("minimum_applied").value(cost.minimum_applied);
        w.key("validation_billed").value(route.validation_billed);
        w.key("hosting_usd_per_month").value(route.hosting_usd_per_month);
        w.key("upkeep_usd_per_year");
        range(cost.upkeep_usd_per_year);
        w.end_object();
    }

    void self_hosted(const RouteCost& cost)
    {
        w.begin_object();
        w.key("params_billion").value(*cost.route->gpu_params_billion);
        w.key("flops").value(cost.flops);
        w.key("gpu_hours");
        range(*cost.gpu_hours);
        w.key("cost_usd");
        range(cost.cost_usd);
        w.key("id").value(cost.route->id);
        w.key("epochs").value(cost.epochs);
        w.key("training_tokens").value(cost.training_tokens);
        w.key("upkeep_usd_per_year");
        range(cost.upkeep_usd_per_year);
        w.end_object();
    }

    // Where to fine-tune (docs/providers.md): the schedule the routes were judged on, and each.
    void routes(const Evaluation& e)
    {
        w.key("route_schedule");
        if (e.routes.empty()) {
            w.null();
            w.key("routes").begin_array().end_array();
            return;
        }
        const RouteSchedule& s = e.route_schedule;
        w.begin_object();
        w.key("today").value(s.today);
        w.key("first_run").value(s.first_run);
        w.key("retrains").value(s.retrains);
        w.key("horizon_end").value(s.horizon_end);
        w.end_object();
        w.key("routes").begin_array();
        for (const RouteAdvice& advice : e.routes) {
            w.begin_object();
            w.key("id").value(advice.route->id);
            w.key("provider").value(advice.route->provider);
            w.key("model").value(advice.route->model);
            w.key("status").value(route_status_name(advice.status));
            w.key("offered").value(advice.offered);
            w.key("named").value(advice.named);
            w.key("why");
            optional_text(advice.why);
            w.end_object();
        }
        w.end_array();
    }

    void dataset(const Evaluation& e)
    {
        w.key("dataset");
        if (!e.dataset) {
            w.null();
            return;
        }
        const MeasuredDataset& d = *e.dataset;
        w.begin_object();
        w.key("path").value(d.path);
        w.key("examples").value(d.examples);
        w.key("examples_valid").value(d.examples_valid);
        w.key("examples_clean").value(d.examples_clean);
        w.key("format_errors").value(d.format_errors);
        w.key("duplicates").value(d.duplicates);
        w.key("empty").value(d.empty);
        w.key("too_long").value(d.too_long);
        w.key("tokens_clean").value(d.tokens_clean);
        w.key("claimed_examples");
        optional_number(e.claimed_examples);
        w.key("claim");
        if (e.claimed_examples) {
            const double claimed = *e.claimed_examples;
            w.value(claimed > d.examples_clean ? "higher" : claimed < d.examples_clean ? "lower" : "matches");
        } else {
            w.null();
        }
        w.end_object();
    }

    void weeks(double from, const std::optional<double>& to)
    {
        w.key("weeks").begin_object();
        w.key("low").value(from);
        w.key("high");
        optional_number(to);
        w.end_object();
    }

    // A plan's steps (PlanStep or TimelineStep): their text and weeks.
    template <class Step>
    void steps(const std::vector<Step>& list)
    {
        w.begin_array();
        for (const Step& step : list) {
            w.begin_object();
            w.key("text").value(step.text);
            weeks(step.week_from, step.week_to);
            w.end_object();
        }
        w.end_array();
    }

    // The verdict's plan as its timeline: the steps that apply, their weeks, the retraining.
    void plan(const Evaluation& e)
    {
        w.key("plan");
        if (e.plan == nullptr) {
            w.null();
            return;
        }
        const Timeline& t = e.timeline;
        w.begin_object();
        w.key("id").value(e.plan->id);
        w.key("title").value(e.plan->title);
        w.key("steps");
        if (const std::string_view part = part_of(&RecordParts::plan_steps, e.plan); !part.empty()) {
            w.raw(part);
        } else {
            steps(t.steps);
        }
        w.key("weeks");
        optional_number(t.weeks);
        w.key("weeks_assumed").value(t.assumed);
        w.key("retrain");
        if (t.retrain) {
            const RetrainSchedule& r = *t.retrain;
            w.begin_object();
            w.key("every_months");
            range(r.every_months);
            w.key("per_year");
            range(r.per_year);
            w.key("rollout");
            optional_text(r.rollout);
            w.key("first_due");
            optional_text(r.first_due);
            w.key("first_latest");
            optional_text(r.first_latest);
            w.end_object();
        } else {
            w.null();
        }
        w.end_object();
    }

    void optional_text(const std::string& text)
    {
        if (text.empty()) {
            w.null();
        } else {
            w.value(text);
        }
    }

    void cost_avoided(const Evaluation& e)
    {
        w.key("cost_avoided");
        if (!e.avoided) {
            w.null();
            return;
        }
        w.begin_object();
        w.key("estimate");
        if (e.avoided->estimate) {
            estimate(*e.avoided->estimate);
        } else {
            w.null();
        }
        w.key("smallest");
        if (e.avoided->smallest) {
            estimate(*e.avoided->smallest);
        } else {
            w.null();
        }
        w.key("scenarios").begin_array();
        for (const Scenario* scenario : e.avoided->scenarios) {
            w.begin_object();
            w.key("id").value(scenario->id);
            w.key("investment_usd");
            range(*scenario->investment_usd);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }

    void budget(const Evaluation& e)
    {
        w.key("budget");
        if (!e.budget) {
            w.null();
            return;
        }
        const BudgetCheck& b = *e.budget;
        static constexpr std::array<const char*, 3> k_against = {"estimate", "cost_avoided", nullptr};
        static constexpr std::array<const char*, 4> k_covers = {"all", "low_end", "none", nullptr};
        w.begin_object();
        w.key("usd").value(b.usd);
        const char* against = k_against.at(static_cast<std::size_t>(b.against));
        const char* covers = k_covers.at(static_cast<std::size_t>(b.covers));
        w.key("against");
        optional_text(against != nullptr ? against : "");
        w.key("covers");
        optional_text(covers != nullptr ? covers : "");
        w.key("cost_usd");
        if (against != nullptr) {
            range(b.cost_usd);
        } else {
            w.null();
        }
        w.end_object();
    }

private:
    JsonWriter w;
    const RecordParts* m_parts;
};

// The compact JSON of what `write` writes, `skip` characters dropped from its start.
template <class Write>
std::string compact(Write&& write, std::size_t skip = 0)
{
    std::string out;
    {
        EvaluationWriter writer(out, false);
        write(writer);
    }
    return out.substr(skip);
}

// Members written inside an object opened only to hold them: `"a":1,"b":`, without the brace.
template <class Write>
std::string members(Write&& write)
{
    return compact(
        [&](EvaluationWriter& w) {
        w.begin();
        write(w);
        },
        1);
}

// Members written after another one of an object, and its closing brace: `,"a":1}`.
template <class Write>
std::string tail(Write&& write)
{
    constexpr std::string_view k_before = R"({"x":null)";
    return compact(
        [&](EvaluationWriter& w) {
        w.begin();
        w.json().key("x").null();
        write(w);
        w.end();
        },
        k_before.size());
}

} // namespace

JsonLineRenderer::JsonLineRenderer(const Rules& rules)
{
    auto parts = std::make_shared<RecordParts>();
    auto add = [](RecordParts::BySource& to, const void* source, std::string part) {
        to.emplace(source, std::move(part));
    };
    for (const Scenario& scenario : rules.scenarios) {
        add(parts->whole, &scenario, compact([&](EvaluationWriter& w) { w.write_scenario(scenario); }));
    }
    for (const Tier& tier : rules.tiers) {
        if (const auto estimate = estimate_fine_tuning(tier.min_examples, rules)) {
            add(parts->tier_members, &tier, members([&](EvaluationWriter& w) { w.tier_members(*estimate); }));
        }
    }
    for (const Plan& plan : rules.plans) {
        const bool fixed = std::none_of(plan.steps.begin(), plan.steps.end(),
                                        [](const PlanStep& step) { return step.text.find('{') != std::string::npos; });
        if (fixed) {
            add(parts->plan_steps, &plan, compact([&](EvaluationWriter& w) { w.steps(plan.steps); }));
        }
    }
    for (const DecisionRule& rule : rules.decisions) {
        add(parts->heads, &rule, compact([&](EvaluationWriter& w) { w.reason_head(rule); }));
        add(parts->tails, &rule, tail([&](EvaluationWriter& w) { w.effect(rule); }));
    }
    for (const InferenceRule& rule : rules.inferences) {
        if (!rule.value_from.empty()) {
            continue; // its value is the spec's: rendered with each record
        }
        const Inferred inferred{rule.answer, rule.value, rule.id, rule.because, {}, &rule, {}};
        add(parts->heads, &rule, compact([&](EvaluationWriter& w) { w.inferred_head(inferred); }));
        const Contradiction contradiction{rule.answer, {}, rule.value, rule.id, rule.because, {}, &rule};
        add(parts->contradiction_heads, &rule,
            compact([&](EvaluationWriter& w) { w.contradiction_head(contradiction); }));
        add(parts->middles, &rule, members([&](EvaluationWriter& w) { w.contradiction_middle(contradiction); }));
    }
    for (const Pitfall& pitfall : rules.pitfalls) {
        for (const PitfallCase& pitfall_case : pitfall.cases) {
            add(parts->heads, &pitfall_case,
                compact([&](EvaluationWriter& w) { w.warning_head(pitfall.id, pitfall.name, pitfall_case.severity); }));
        }
    }
    for (const Approach& approach : rules.approaches) {
        parts->approach_keys.push_back(members([&](EvaluationWriter& w) { w.json().key(approach.id); }));
    }
    for (const Question& question : rules.questions) {
        parts->question_heads.push_back(
            members([&](EvaluationWriter& w) { w.json().key(question.id).begin_object().key("value"); }));
    }
    for (const AnswerSource source :
         {AnswerSource::given, AnswerSource::inferred, AnswerSource::measured, AnswerSource::unknown}) {
        parts->source_tails[static_cast<std::size_t>(source)] =
            tail([&](EvaluationWriter& w) { w.json().key("source").value(source_name(source)); });
    }
    m_parts = std::move(parts);
}

std::string JsonLineRenderer::render(const Evaluation& evaluation) const
{
    std::string out;
    out.reserve(4096);
    EvaluationWriter(out, false, m_parts.get()).write(evaluation);
    return out;
}

nlohmann::ordered_json to_json(const Evaluation& evaluation)
{
    return nlohmann::ordered_json::parse(render_json_line(evaluation));
}

std::string render_json(const Evaluation& evaluation, std::size_t indent)
{
    std::string out;
    {
        EvaluationWriter writer(out, true);
        writer.json().indent_by(indent);
        writer.write(evaluation);
    }
    out += '\n';
    return out;
}

std::string render_json_line(const Evaluation& evaluation)
{
    std::string out;
    out.reserve(4096);
    EvaluationWriter(out, false).write(evaluation);
    return out;
}

} // namespace ftadvisor
