#include "rule_loader.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ftadvisor {

using nlohmann::json;

void RulesLoader::load_base_scores()
{
    const auto ids = m_rules.approach_ids();
    for (const SectionEntry& item : section("base_scores")) {
        const Reader r = reader(item);
        for (const auto& [approach, value] : item.node->items()) {
            auto score = r.number(*item.node, item.path, approach, Required::yes);
            if (score && check_member(r, join_path(item.path, approach), approach, ids, "approach")) {
                m_rules.base_scores[approach] = *score;
            }
        }
    }
}

void RulesLoader::load_inferences()
{
    std::set<std::string> seen;
    auto targets = m_rules.question_ids();
    targets.emplace_back(k_stage_answer);
    for_each_entry("inferences", {"id", "answer", "value", "value_from", "when", "because"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        auto id = read_id(item, seen);
        auto answer = r.string(node, item.path, "answer", Required::yes);
        auto because = r.string(node, item.path, "because", Required::yes);
        auto value_from = r.string(node, item.path, "value_from", Required::no);
        if (node.contains("value") == value_from.has_value()) {
            r.error(item.path, value_from ? "give 'value' or 'value_from', not both"
                                          : "missing required key 'value' (or 'value_from')");
        }
        std::optional<Condition> when;
        if (value_from && !node.contains("when")) {
            // By default an inference that takes a fact's value applies when the fact is known.
            when = condition(r, json{{"fact", *value_from}, {"known", true}}, join_path(item.path, "value_from"),
                             Recommended::hidden);
        } else {
            when = required_condition(r, item, Recommended::hidden);
        }
        if (!id || !answer || !because || !when || node.contains("value") == value_from.has_value() ||
            !check_member(r, join_path(item.path, "answer"), *answer, targets, "question (or 'stage')")) {
            return;
        }
        std::optional<Value> value;
        std::uint32_t value_slot = k_no_slot;
        if (value_from) {
            const Question* question = *answer == k_stage_answer ? nullptr : m_rules.find_question(*answer);
            const bool numeric = question != nullptr &&
                                 (question->kind == Question::Kind::count || question->kind == Question::Kind::percent);
            value_slot = slot_of(*value_from);
            const bool amount = std::any_of(m_rules.amounts.begin(), m_rules.amounts.end(),
                                            [&](const AmountRule& a) { return "signals." + a.signal == *value_from; });
            if (!numeric) {
                r.error(join_path(item.path, "value_from"),
                        "takes a number, so it answers a count or percent question only");
            } else if (!amount) {
                r.error(join_path(item.path, "value_from"),
                        fmt::format("expected the signal of an amount (signals.<signal of `amounts`), got {}",
                                    text::quote(*value_from)));
            } else {
                value = Value(0.0);
                m_used_facts.insert(*value_from);
            }
        } else if (*answer == k_stage_answer) {
            const json& word = node.at("value");
            if (!word.is_string()) {
                r.error(join_path(item.path, "value"), "expected a stage");
            } else if (check_member(r, join_path(item.path, "value"), word.get<std::string>(), m_rules.stages,
                                    "stage")) {
                value = Value(word.get<std::string>());
            }
        } else {
            value = answer_value(r, *m_rules.find_question(*answer), node.at("value"), join_path(item.path, "value"));
        }
        if (value) {
            const std::uint32_t slot =
                slot_of(*answer == k_stage_answer ? std::string("spec.stage") : "answers." + *answer);
            m_rules.inferences.push_back(InferenceRule{*id, *answer, *value, std::move(*when), *because, slot,
                                                       value_from.value_or(""), value_slot});
        }
    });
}

void RulesLoader::load_decisions()
{
    std::set<std::string> seen;
    const auto questions = m_rules.question_ids();
    const auto approaches = m_rules.approach_ids();
    for_each_entry("rules", {"id", "question", "when", "scores", "exclude", "also", "flags", "concerns", "reason"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        DecisionRule rule;
        auto id = read_id(item, seen);
        auto reason = r.string(node, item.path, "reason", Required::yes);
        auto when = required_condition(r, item, Recommended::hidden);
        if (auto question = r.string(node, item.path, "question", Required::no)) {
            if (check_member(r, join_path(item.path, "question"), *question, questions, "question")) {
                rule.question = *question;
            }
        }
        if (node.contains("scores") && r.expect_object(node.at("scores"), join_path(item.path, "scores"))) {
            const std::string scores_path = join_path(item.path, "scores");
            for (const auto& [approach, value] : node.at("scores").items()) {
                auto points = r.number(node.at("scores"), scores_path, approach, Required::yes);
                if (points && check_member(r, join_path(scores_path, approach), approach, approaches, "approach")) {
                    rule.scores[approach] = *points;
                }
            }
        }
        rule.exclude = approach_list(r, node, item.path, "exclude");
        rule.also = approach_list(r, node, item.path, "also");
        rule.flags = r.strings(node, item.path, "flags", Required::no);
        rule.concerns = approach_list(r, node, item.path, "concerns");
        if (reason) {
            check_message(r, join_path(item.path, "reason"), *reason, Recommended::hidden);
        }
        if (!id || !reason || !when) {
            return;
        }
        rule.id = *id;
        rule.when = std::move(*when);
        rule.reason = *reason;
        m_rules.decisions.push_back(std::move(rule));
    });
}

void RulesLoader::load_pitfalls()
{
    std::set<std::string> seen;
    const std::vector<std::string> severities = {"error", "warning", "info"};
    for_each_entry("pitfalls", {"id", "name", "summary", "applies_to", "cases"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        Pitfall pitfall;
        auto id = read_id(item, seen);
        if (id && std::find(k_check_finding_ids.begin(), k_check_finding_ids.end(), *id) != k_check_finding_ids.end()) {
            r.error(join_path(item.path, "id"),
                    fmt::format("'{}' is the id of a finding of 'ftadvisor check'; choose another", *id));
            id.reset();
        }
        auto name = r.string(node, item.path, "name", Required::yes);
        pitfall.summary = r.string(node, item.path, "summary", Required::no).value_or("");
        pitfall.applies_to = approach_list(r, node, item.path, "applies_to");
        const std::string cases_path = join_path(item.path, "cases");
        if (!node.contains("cases")) {
            r.error(item.path, "missing required key 'cases'");
            return;
        }
        if (!r.expect_array(node.at("cases"), cases_path)) {
            return;
        }
        for (std::size_t i = 0; i < node.at("cases").size(); ++i) {
            const SectionEntry entry{join_path(cases_path, i), &node.at("cases")[i]};
            if (!r.expect_object(*entry.node, entry.path)) {
                continue;
            }
            r.check_keys(*entry.node, entry.path, {"when", "severity", "message"});
            auto when = required_condition(r, entry, Recommended::visible);
            auto severity = r.string(*entry.node, entry.path, "severity", Required::yes);
            auto message = r.string(*entry.node, entry.path, "message", Required::yes);
            if (message) {
                check_message(r, join_path(entry.path, "message"), *message, Recommended::visible);
            }
            if (!when || !severity || !message ||
                !check_member(r, join_path(entry.path, "severity"), *severity, severities, "severity")) {
                continue;
            }
            const auto level =
                static_cast<Severity>(std::find(severities.begin(), severities.end(), *severity) - severities.begin());
            pitfall.cases.push_back(PitfallCase{std::move(*when), level, *message});
        }
        if (id && name) {
            pitfall.id = *id;
            pitfall.name = *name;
            m_rules.pitfalls.push_back(std::move(pitfall));
        }
    });
}

void RulesLoader::load_tiers()
{
    std::set<std::string> seen;
    std::vector<std::pair<Tier, SectionEntry>> loaded;
    for_each_entry("tiers", {"id", "name", "min_examples", "max_examples", "cost_usd", "open_ended", "hours"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        auto id = read_id(item, seen);
        auto name = r.string(node, item.path, "name", Required::yes);
        auto min = r.number(node, item.path, "min_examples", Required::yes);
        auto max = r.number(node, item.path, "max_examples", Required::no);
        auto cost = r.range(node, item.path, "cost_usd", Required::yes);
        auto hours = r.range(node, item.path, "hours", Required::yes);
        auto open_ended = r.boolean(node, item.path, "open_ended", Required::no);
        if (min && max && *min >= *max) {
            r.error(join_path(item.path, "max_examples"), "max_examples must be above min_examples");
            return;
        }
        // A tier with a bad range is still placed, so that it does not also show up as a
        // gap; its range problem is already reported.
        if (id && name && min) {
            loaded.emplace_back(Tier{*id, *name, *min, max, cost.value_or(Range{}), open_ended.value_or(false),
                                     hours.value_or(Range{})},
                                item);
        }
    });
    std::stable_sort(loaded.begin(), loaded.end(),
                     [](const auto& a, const auto& b) { return a.first.min_examples < b.first.min_examples; });
    for (std::size_t i = 0; i + 1 < loaded.size(); ++i) {
        const Tier& tier = loaded[i].first;
        const Tier& next = loaded[i + 1].first;
        const Reader r = reader(loaded[i + 1].second);
        const double end = tier.max_examples.value_or(std::numeric_limits<double>::infinity());
        if (end > next.min_examples) {
            r.error(join_path(loaded[i + 1].second.path, "min_examples"),
                    fmt::format("tiers '{}' and '{}' overlap: '{}' ends at {} but '{}' starts at {}", tier.id, next.id,
                                tier.id, tier.max_examples ? text::format_number(end) : "no limit", next.id,
                                text::format_number(next.min_examples)));
        } else if (end < next.min_examples) {
            r.error(join_path(loaded[i + 1].second.path, "min_examples"),
                    fmt::format("gap between tiers '{}' and '{}': no tier covers {} to {} examples", tier.id, next.id,
                                text::format_number(end), text::format_number(next.min_examples)));
        }
    }
    if (!loaded.empty() && loaded.back().first.max_examples) {
        const Reader r = reader(loaded.back().second);
        r.error(join_path(loaded.back().second.path, "max_examples"),
                fmt::format("gap above tier '{}': the last tier must have no max_examples", loaded.back().first.id));
    }
    for (auto& [tier, item] : loaded) {
        m_rules.tiers.push_back(std::move(tier));
    }
}

void RulesLoader::load_upkeep()
{
    const auto& items = section("upkeep");
    if (items.size() > 1) {
        reader(items[1]).error("upkeep", "upkeep is defined more than once");
    }
    if (items.empty()) {
        return;
    }
    const SectionEntry& item = items.front();
    const Reader r = reader(item);
    r.check_keys(*item.node, item.path, {"retrain_every_months", "retrain_cost_share"});
    if (auto months = r.range(*item.node, item.path, "retrain_every_months", Required::yes)) {
        if (months->low <= 0) {
            r.error(join_path(item.path, "retrain_every_months.low"), "must be above 0");
        } else {
            m_rules.upkeep.retrain_every_months = *months;
        }
    }
    if (auto share = r.number(*item.node, item.path, "retrain_cost_share", Required::yes)) {
        if (*share < 0) {
            r.error(join_path(item.path, "retrain_cost_share"), "must be 0 or more");
        } else {
            m_rules.upkeep.retrain_cost_share = *share;
        }
    }
}

constexpr double k_max_months = 1200;

// Long on purpose: the fields of the training section, each read and checked where it stands (docs/rules.md).
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void RulesLoader::load_training()
{
    const auto& items = section("training");
    if (items.empty()) {
        return;
    }
    const SectionEntry& item = items.front();
    const Reader r = reader(item);
    const json& node = *item.node;
    r.check_keys(node, item.path,
                 {"max_example_tokens", "epochs", "price_max_age_months", "horizon_months", "self_hosted"});
    Training training;
    bool ok = true;
    auto positive = [&](const json& object, const std::string& path, const std::string& key, double& out) {
        if (auto value = r.number(object, path, key, Required::yes)) {
            if (*value <= 0) {
                r.error(join_path(path, key), "must be above 0");
                ok = false;
            } else {
                out = *value;
            }
        } else {
            ok = false;
        }
    };
    positive(node, item.path, "max_example_tokens", training.max_example_tokens);
    positive(node, item.path, "price_max_age_months", training.price_max_age_months);
    positive(node, item.path, "horizon_months", training.horizon_months);
    // Months are counted on calendar dates: a century is past any plan, and far from overflow.
    for (const auto& [key, months] :
         {std::pair<const char*, double>{"price_max_age_months", training.price_max_age_months},
          std::pair<const char*, double>{"horizon_months", training.horizon_months}}) {
        if (months > k_max_months) {
            r.error(join_path(item.path, key), fmt::format("must be at most {} (a century)", k_max_months));
            ok = false;
        }
    }
    const std::string epochs_path = join_path(item.path, "epochs");
    const auto epochs = node.find("epochs");
    if (epochs == node.end()) {
        r.error(epochs_path, "missing: the epoch rule (target, min, max, min_examples_x_epochs, "
                             "max_examples_x_epochs)");
        ok = false;
    } else if (r.expect_object(*epochs, epochs_path)) {
        r.check_keys(*epochs, epochs_path, {"target", "min", "max", "min_examples_x_epochs", "max_examples_x_epochs"});
        EpochRule& rule = training.epochs;
        positive(*epochs, epochs_path, "target", rule.target);
        positive(*epochs, epochs_path, "min", rule.min);
        positive(*epochs, epochs_path, "max", rule.max);
        positive(*epochs, epochs_path, "min_examples_x_epochs", rule.min_examples_x_epochs);
        positive(*epochs, epochs_path, "max_examples_x_epochs", rule.max_examples_x_epochs);
        if (ok && (rule.min > rule.target || rule.target > rule.max)) {
            r.error(join_path(epochs_path, "target"), "must lie within [min, max]");
            ok = false;
        }
        if (ok && rule.min_examples_x_epochs > rule.max_examples_x_epochs) {
            r.error(join_path(epochs_path, "max_examples_x_epochs"), "must be at least min_examples_x_epochs");
            ok = false;
        }
    } else {
        ok = false;
    }
    const std::string hosting_path = join_path(item.path, "self_hosted");
    const auto hosting = node.find("self_hosted");
    if (hosting == node.end()) {
        r.error(hosting_path, "missing: how training on your own GPUs is priced");
        ok = false;
    } else if (r.expect_object(*hosting, hosting_path)) {
        r.check_keys(*hosting, hosting_path,
                     {"flops_per_param_token", "gpu", "gpu_peak_tflops", "utilisation", "usd_per_gpu_hour"});
        SelfHosting& self = training.self_hosted;
        positive(*hosting, hosting_path, "flops_per_param_token", self.flops_per_param_token);
        positive(*hosting, hosting_path, "gpu_peak_tflops", self.gpu_peak_tflops);
        if (auto gpu = r.string(*hosting, hosting_path, "gpu", Required::yes)) {
            self.gpu = *gpu;
        } else {
            ok = false;
        }
        auto utilisation = r.range(*hosting, hosting_path, "utilisation", Required::yes);
        auto price = r.range(*hosting, hosting_path, "usd_per_gpu_hour", Required::yes);
        if (utilisation && (utilisation->low <= 0 || utilisation->high > 1)) {
            r.error(join_path(hosting_path, "utilisation"), "must lie in (0, 1]");
            ok = false;
        } else if (utilisation) {
            self.utilisation = *utilisation;
        }
        if (price && price->low < 0) {
            r.error(join_path(hosting_path, "usd_per_gpu_hour.low"), "must be 0 or more");
            ok = false;
        } else if (price) {
            self.usd_per_gpu_hour = *price;
        }
        ok = ok && utilisation && price;
    } else {
        ok = false;
    }
    if (ok) {
        m_rules.training = std::move(training);
    }
}

void RulesLoader::load_scenarios()
{
    std::set<std::string> seen;
    const auto approaches = m_rules.approach_ids();
    for_each_entry("scenarios",
                   {"id", "pays", "name", "when", "use_case", "why", "data_sources", "impact", "examples",
                    "investment_usd", "benefit", "improvement_pct", "better_approach"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        Scenario scenario;
        auto id = read_id(item, seen);
        auto pays = r.boolean(node, item.path, "pays", Required::yes);
        auto name = r.string(node, item.path, "name", Required::yes);
        auto when = required_condition(r, item, Recommended::hidden);
        scenario.use_case = r.string(node, item.path, "use_case", Required::no).value_or("");
        scenario.why = r.string(node, item.path, "why", Required::no).value_or("");
        scenario.data_sources = r.strings(node, item.path, "data_sources", Required::no);
        scenario.impact = r.strings(node, item.path, "impact", Required::no);
        scenario.examples = r.strings(node, item.path, "examples", Required::no);
        scenario.investment_usd = r.range(node, item.path, "investment_usd", Required::no);
        scenario.benefit = r.string(node, item.path, "benefit", Required::no).value_or("");
        scenario.improvement_pct = r.range(node, item.path, "improvement_pct", Required::no);
        if (auto better = r.string(node, item.path, "better_approach", Required::no)) {
            if (check_member(r, join_path(item.path, "better_approach"), *better, approaches, "approach")) {
                scenario.better_approach = *better;
            }
        }
        if (id && pays && name && when) {
            scenario.id = *id;
            scenario.pays = *pays;
            scenario.name = *name;
            scenario.when = std::move(*when);
            m_rules.scenarios.push_back(std::move(scenario));
        }
    });
}

std::vector<PlanStep> RulesLoader::plan_steps(const Reader& r, const json& node, const std::string& path)
{
    std::vector<PlanStep> steps;
    const std::string steps_path = join_path(path, "steps");
    if (!node.contains("steps")) {
        r.error(path, "missing required key 'steps'");
        return steps;
    }
    if (!r.expect_array(node.at("steps"), steps_path)) {
        return steps;
    }
    const json& list = node.at("steps");
    std::optional<double> last_week = 0; // the week the step before ends; none: it is open-ended
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string step_path = join_path(steps_path, i);
        const json& step = list[i];
        if (!r.expect_object(step, step_path)) {
            continue;
        }
        r.check_keys(step, step_path, {"weeks", "text"});
        PlanStep out;
        auto text = r.string(step, step_path, "text", Required::yes);
        if (text && text->find('{') != std::string::npos && text->find("{training_hours}") == std::string::npos) {
            r.error(join_path(step_path, "text"), "the only placeholder a step may hold is {training_hours}");
        }
        const std::string weeks_path = join_path(step_path, "weeks");
        bool weeks_ok = false;
        if (!step.contains("weeks")) {
            r.error(step_path, "missing required key 'weeks': every step has its place in the timeline");
        } else if (r.expect_object(step.at("weeks"), weeks_path)) {
            r.check_keys(step.at("weeks"), weeks_path, {"low", "high"});
            auto low = r.number(step.at("weeks"), weeks_path, "low", Required::yes);
            out.week_to = r.number(step.at("weeks"), weeks_path, "high", Required::no);
            const auto whole = [](double week) { return week >= 1 && week == std::floor(week); };
            if (low && (!whole(*low) || (out.week_to && !whole(*out.week_to)))) {
                r.error(weeks_path, "weeks are whole numbers from 1, the first week of the plan");
            } else if (low && out.week_to && *low > *out.week_to) {
                r.error(weeks_path, "low is above high");
            } else if (low && !last_week) {
                r.error(weeks_path, "the step before is open-ended (no high): only the last step may be");
            } else if (low && *low <= *last_week) {
                r.error(weeks_path, fmt::format("starts in week {}, before the step before ends (week {}): steps "
                                                "follow one another without overlapping",
                                                text::format_number(*low), text::format_number(*last_week)));
            } else if (low) {
                out.week_from = *low;
                last_week = out.week_to;
                weeks_ok = true;
            }
        }
        if (text && weeks_ok) {
            out.text = *text;
            steps.push_back(std::move(out));
        }
    }
    return steps;
}

void RulesLoader::load_plans()
{
    std::set<std::string> seen;
    const auto approaches = m_rules.approach_ids();
    for_each_entry("plans", {"id", "approach", "when", "title", "steps", "assumed", "upkeep"},
                   [&](const SectionEntry& item, const Reader& r, const json& node) {
        Plan plan;
        auto id = read_id(item, seen);
        auto approach = r.string(node, item.path, "approach", Required::yes);
        auto title = r.string(node, item.path, "title", Required::yes);
        if (node.contains("when")) {
            plan.when = condition(r, node.at("when"), join_path(item.path, "when"), Recommended::hidden);
        }
        plan.steps = plan_steps(r, node, item.path);
        plan.assumed = r.boolean(node, item.path, "assumed", Required::no).value_or(false);
        plan.upkeep = r.boolean(node, item.path, "upkeep", Required::no).value_or(false);
        if (id && approach && title &&
            check_member(r, join_path(item.path, "approach"), *approach, approaches, "approach")) {
            plan.id = *id;
            plan.approach = *approach;
            plan.title = *title;
            m_rules.plans.push_back(std::move(plan));
        }
    });
}

void RulesLoader::check_every_verdict_planned()
{
    for (const Approach& approach : m_rules.approaches) {
        const bool planned = std::any_of(m_rules.plans.begin(), m_rules.plans.end(),
                                         [&](const Plan& plan) { return plan.approach == approach.id && !plan.when; });
        if (!planned) {
            m_reader.error("plans", fmt::format("no plan for '{}' without a `when`: every verdict needs a timeline; "
                                                "add one (docs/rules.md)",
                                                approach.id));
        }
    }
}

} // namespace ftadvisor

namespace ftadvisor {

void RulesLoader::load_waiver_policy()
{
    const std::optional<SectionEntry> section_item =
        object_section("waivers", {"max_days", "never", "errors", "min_reason_letters", "owner_required", "warn_days"});
    if (!section_item) {
        return;
    }
    const SectionEntry& item = *section_item;
    const Reader r = reader(item);
    WaiverPolicy& policy = m_rules.waiver_policy;
    const auto bounded = [&](const char* key, double high, double& out) {
        if (auto value = r.number(*item.node, item.path, key, Required::no)) {
            if (*value < 0 || *value > high || *value != std::floor(*value)) {
                r.error(join_path(item.path, key), fmt::format("expected a whole number from 0 to {}", high));
            } else {
                out = *value;
            }
        }
    };
    bounded("max_days", 3650, policy.max_days);
    bounded("min_reason_letters", 200, policy.min_reason_letters);
    bounded("warn_days", 365, policy.warn_days);
    if (auto required = r.boolean(*item.node, item.path, "owner_required", Required::no)) {
        policy.owner_required = *required;
    }
    // The findings a waiver may name: the pitfalls' and the check's own.
    std::vector<std::string> findings = m_rules.pitfall_ids();
    findings.insert(findings.end(), k_waivable_check_finding_ids.begin(), k_waivable_check_finding_ids.end());
    for (auto [key, list] : {std::pair<const char*, std::vector<std::string>*>{"never", &policy.never},
                             std::pair<const char*, std::vector<std::string>*>{"errors", &policy.errors}}) {
        if (!item.node->contains(key)) {
            continue;
        }
        std::vector<std::string> ids = r.strings(*item.node, item.path, key, Required::yes);
        const std::string path = join_path(item.path, key);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            check_member(r, join_path(path, i), ids[i], findings, "finding");
        }
        *list = std::move(ids);
    }
}

} // namespace ftadvisor
