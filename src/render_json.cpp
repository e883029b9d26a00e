#include "ftadvisor/render.hpp"

#include "json_writer.hpp"

namespace ftadvisor {
namespace {

// Writes the output contract's object. Written by hand rather than built as a JSON tree:
// a batch of specs spends most of its time here otherwise.
class EvaluationWriter {
public:
    EvaluationWriter(std::string& out, bool pretty) : w(out, pretty) {}

    void write(const Evaluation& e)
    {
        w.begin_object();
        w.key("output_version").value(k_output_version);
        w.key("file").value(e.file);
        if (e.line > 0) {
            w.key("line").value(e.line);
        }
        w.key("name").value(e.name);
        w.key("verdict").value(e.verdict);
        w.key("also").value(e.also);
        w.key("flags").value(e.flags);
        w.key("scores").begin_object();
        for (const Standing& standing : e.standings) {
            w.key(standing.approach).value(standing.score);
        }
        w.end_object();
        w.key("excluded").begin_object();
        for (const Standing& standing : e.standings) {
            if (!standing.excluded_by.empty()) {
                w.key(standing.approach).value(standing.excluded_by);
            }
        }
        w.end_object();
        answers(e);
        inferred(e);
        w.key("unknown").value(e.unknown);
        reasons(e);
        warnings(e);
        w.key("scenarios").begin_array();
        for (const Scenario* scenario : e.scenarios) {
            write_scenario(*scenario);
        }
        w.end_array();
        w.key("estimate");
        if (e.estimate) {
            estimate(*e.estimate);
        } else {
            w.null();
        }
        w.key("plan");
        if (e.plan != nullptr) {
            plan(*e.plan);
        } else {
            w.null();
        }
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
        w.end_object();
    }

private:
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
        for (const Answer& answer : e.answers) {
            w.key(answer.question).begin_object();
            w.key("value");
            value(answer.value);
            w.key("source").value(source_name(answer.source));
            w.end_object();
        }
        w.end_object();
    }

    void inferred(const Evaluation& e)
    {
        w.key("inferred").begin_array();
        for (const Inferred& entry : e.inferred) {
            w.begin_object();
            w.key("question").value(entry.question);
            w.key("value");
            value(entry.value);
            w.key("rule").value(entry.rule);
            w.key("because").value(entry.because);
            w.end_object();
        }
        w.end_array();
        w.key("contradictions").begin_array();
        for (const Contradiction& entry : e.contradictions) {
            w.begin_object();
            w.key("question").value(entry.question);
            w.key("given");
            value(entry.given);
            w.key("inferred");
            value(entry.inferred);
            w.key("rule").value(entry.rule);
            w.key("because").value(entry.because);
            w.end_object();
        }
        w.end_array();
    }

    void reasons(const Evaluation& e)
    {
        w.key("reasons").begin_array();
        for (const Reason& reason : e.reasons) {
            const DecisionRule& rule = *reason.rule;
            w.begin_object();
            w.key("rule").value(rule.id);
            w.key("question");
            if (rule.question.empty()) {
                w.null();
            } else {
                w.value(rule.question);
            }
            w.key("message").value(reason.message);
            w.key("scores").begin_object();
            for (const auto& [approach, points] : rule.scores) {
                w.key(approach).value(points);
            }
            w.end_object();
            w.key("exclude").value(rule.exclude);
            w.key("also").value(rule.also);
            w.key("flags").value(rule.flags);
            w.end_object();
        }
        w.end_array();
    }

    void warnings(const Evaluation& e)
    {
        w.key("warnings").begin_array();
        for (const Warning& warning : e.warnings) {
            w.begin_object();
            w.key("id").value(warning.id);
            w.key("name").value(warning.name);
            w.key("severity").value(severity_name(warning.severity));
            w.key("message").value(warning.message);
            w.end_object();
        }
        w.end_array();
    }

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
        w.end_object();
    }

    void plan(const Plan& plan)
    {
        w.begin_object();
        w.key("id").value(plan.id);
        w.key("title").value(plan.title);
        w.key("steps").begin_array();
        for (const PlanStep& step : plan.steps) {
            w.begin_object();
            w.key("text").value(step.text);
            if (step.week_from) {
                w.key("weeks").begin_object();
                w.key("low").value(*step.week_from);
                w.key("high");
                optional_number(step.week_to);
                w.end_object();
            }
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }

    JsonWriter w;
};

} // namespace

nlohmann::ordered_json to_json(const Evaluation& evaluation)
{
    return nlohmann::ordered_json::parse(render_json_line(evaluation));
}

std::string render_json(const Evaluation& evaluation)
{
    std::string out;
    EvaluationWriter(out, true).write(evaluation);
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
