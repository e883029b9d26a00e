// The cost, timeline and recap of a report, shared by the text and Markdown renderers so that
// both say the same (docs/output.md).
#include "ftadvisor/render.hpp"

#include "text.hpp"

#include <fmt/format.h>

namespace ftadvisor {
namespace {

std::string usd_range(const Range& range, bool open_ended = false)
{
    return text::format_usd_range(range.low, range.high) + (open_ended ? " or more" : "");
}

std::string hours_range(const Range& hours)
{
    return text::format_hours_range(hours.low, hours.high);
}

std::string tier_span(const Estimate& est)
{
    return est.tier_max_examples ? fmt::format("{} to {} examples", text::format_number(est.tier_min_examples),
                                               text::format_number(*est.tier_max_examples - 1))
                                 : fmt::format("{} examples or more", text::format_number(est.tier_min_examples));
}

std::string upkeep_words(const Estimate& est)
{
    return fmt::format("retrain every {} to {} months ({} to {} runs a year): {} a year and {} of training; each "
                       "retrain is counted as a repeat of the whole effort",
                       text::format_number(est.retrain_every_months.low),
                       text::format_number(est.retrain_every_months.high),
                       text::format_number(est.retrains_per_year.low), text::format_number(est.retrains_per_year.high),
                       usd_range(est.upkeep_cost_usd_per_year, est.open_ended), hours_range(est.upkeep_hours_per_year));
}

std::string budget_words(const BudgetCheck& budget)
{
    const std::string usd = text::format_usd(budget.usd);
    const std::string cost = usd_range(budget.cost_usd);
    using Covers = BudgetCheck::Covers;
    if (budget.against == BudgetCheck::Against::estimate) {
        return budget.covers == Covers::all       ? fmt::format("{} covers the whole effort ({})", usd, cost)
               : budget.covers == Covers::low_end ? fmt::format("{} covers the low end only ({})", usd, cost)
                                                  : fmt::format("{} is below the estimate ({})", usd, cost);
    }
    if (budget.against == BudgetCheck::Against::cost_avoided) {
        return budget.covers == Covers::all ? fmt::format("{} would cover fine-tuning ({}), which the verdict "
                                                          "does not need",
                                                          usd, cost)
               : budget.covers == Covers::low_end
                   ? fmt::format("{} would cover only the low end of fine-tuning ({})", usd, cost)
                   : fmt::format("{} is below what fine-tuning would cost ({})", usd, cost);
    }
    return fmt::format("{}: no cost of fine-tuning to judge it against (the number of high-quality examples is "
                       "not known)",
                       usd);
}

// Why fine-tuning has no figure: the examples are not known, or fewer than the first tier.
LabelledLine not_priced(const Evaluation& e)
{
    const Answer* examples = nullptr;
    for (const Answer& answer : e.answers) {
        examples = answer.question == k_examples_question ? &answer : examples;
    }
    if (examples != nullptr && std::holds_alternative<double>(examples->value)) {
        const double count = std::get<double>(examples->value);
        if (e.avoided && e.avoided->smallest) {
            const Estimate& est = *e.avoided->smallest;
            return {"not priced", fmt::format("{} high-quality examples are fewer than the {} the smallest tier "
                                              "takes; with {} more, fine-tuning would cost {} for the whole effort "
                                              "({} tier)",
                                              text::format_number(count), text::format_number(est.examples),
                                              text::format_number(est.examples - count),
                                              usd_range(est.cost_usd, est.open_ended), est.tier_name)};
        }
        return {"not priced", fmt::format("{} high-quality examples are fewer than the smallest tier takes, so the "
                                          "rules give no figure",
                                          text::format_number(count))};
    }
    return {"not priced", "fine-tuning is priced by the number of high-quality examples, which is not known"};
}

void avoided_lines(const Evaluation& e, std::vector<LabelledLine>& lines)
{
    const AvoidedCost& avoided = *e.avoided;
    if (avoided.estimate) {
        const Estimate& est = *avoided.estimate;
        lines.push_back(
            {"at your tier", fmt::format("{} for the whole effort at the {} tier ({}): people's time, "
                                         "data preparation, several training runs and evaluation",
                                         usd_range(est.cost_usd, est.open_ended), est.tier_name, tier_span(est))});
        lines.push_back({"upkeep", upkeep_words(est)});
    }
    for (const Scenario* scenario : avoided.scenarios) {
        lines.push_back({"typical", fmt::format("{} to fine-tune in a case like this ({}), by the source's figures",
                                                usd_range(*scenario->investment_usd), scenario->name)});
    }
}

std::string weeks_label(const TimelineStep& step)
{
    if (!step.week_to) {
        return fmt::format("week {} on", text::format_number(step.week_from));
    }
    if (*step.week_to == step.week_from) {
        return fmt::format("week {}", text::format_number(step.week_from));
    }
    return fmt::format("weeks {}-{}", text::format_number(step.week_from), text::format_number(*step.week_to));
}

std::string retrain_words(const RetrainSchedule& retrain)
{
    std::string out =
        fmt::format("retrain every {} to {} months ({} to {} times a year)",
                    text::format_number(retrain.every_months.low), text::format_number(retrain.every_months.high),
                    text::format_number(retrain.per_year.low), text::format_number(retrain.per_year.high));
    if (!retrain.rollout.empty()) {
        out += fmt::format(": after a roll-out by {}, the first retrain falls due between {} and {}", retrain.rollout,
                           retrain.first_due, retrain.first_latest);
    }
    return out;
}

} // namespace

std::string cost_title(const Evaluation& e)
{
    if (e.estimate) {
        return fmt::format("Cost of fine-tuning ({} tier: {})", e.estimate->tier_name, tier_span(*e.estimate));
    }
    if (e.avoided) {
        return "Cost avoided: fine-tuning, which the verdict does not need";
    }
    return "Cost of fine-tuning";
}

std::vector<LabelledLine> cost_lines(const Evaluation& e)
{
    std::vector<LabelledLine> lines;
    if (e.estimate) {
        const Estimate& est = *e.estimate;
        lines.push_back({"whole effort", fmt::format("{}: people's time, data preparation, several training runs "
                                                     "and evaluation, by the tier",
                                                     usd_range(est.cost_usd, est.open_ended))});
        lines.push_back({"training time", hours_range(est.hours) + " a run"});
        lines.push_back({"upkeep", upkeep_words(est)});
    } else if (e.avoided) {
        avoided_lines(e, lines);
    }
    if (lines.empty()) {
        lines.push_back(not_priced(e));
    }
    if (e.budget) {
        lines.push_back({"budget", budget_words(*e.budget)});
    }
    if (e.estimate && e.estimate->compute) {
        for (LabelledLine& line : compute_lines(*e.estimate->compute)) {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

std::vector<LabelledLine> timeline_lines(const Evaluation& e)
{
    std::vector<LabelledLine> lines;
    for (const TimelineStep& step : e.timeline.steps) {
        lines.push_back({weeks_label(step), step.text});
    }
    if (e.timeline.retrain) {
        lines.push_back({"then", retrain_words(*e.timeline.retrain)});
    }
    if (e.timeline.assumed && !e.timeline.steps.empty()) {
        lines.push_back({"assumed", "the weeks are the rules' estimate, not a measured figure; lay your own over "
                                    "them in a rules overlay (docs/rules.md)"});
    }
    return lines;
}

std::string recap_text(const Evaluation& e)
{
    std::string out = e.verdict;
    if (!e.also.empty()) {
        out += " (also " + text::join(e.also, ", ") + ")";
    }
    const Timeline& timeline = e.timeline;
    if (!timeline.steps.empty()) {
        const double weeks = timeline.planned_weeks();
        out += fmt::format("; a {}-week plan{}{}", text::format_number(weeks), timeline.weeks ? "" : ", then ongoing",
                           timeline.assumed ? " (weeks assumed)" : "");
        if (timeline.retrain) {
            out += fmt::format(", then retraining every {} to {} months",
                               text::format_number(timeline.retrain->every_months.low),
                               text::format_number(timeline.retrain->every_months.high));
        }
    }
    if (e.estimate) {
        out += fmt::format("; fine-tuning {} for the whole effort",
                           usd_range(e.estimate->cost_usd, e.estimate->open_ended));
    } else if (e.avoided && e.avoided->estimate) {
        out += fmt::format("; fine-tuning avoided: {}",
                           usd_range(e.avoided->estimate->cost_usd, e.avoided->estimate->open_ended));
    } else if (e.avoided && !e.avoided->scenarios.empty()) {
        out +=
            fmt::format("; fine-tuning avoided: {} typical", usd_range(*e.avoided->scenarios.front()->investment_usd));
    }
    if (!timeline.steps.empty()) {
        out += "; first: " + timeline.steps.front().text;
    }
    return out;
}

std::string routes_title(const Evaluation& e)
{
    const RouteSchedule& s = e.route_schedule;
    if (s.today.empty()) {
        return "Where to fine-tune";
    }
    return fmt::format("Where to fine-tune (judged on {} for a first run by {}{})", s.today, s.first_run,
                       s.retrains.empty() ? std::string() : fmt::format(" and retrains up to {}", s.horizon_end));
}

std::vector<LabelledLine> route_lines(const Evaluation& e)
{
    const auto label_of = [](const RouteAdvice& advice) -> std::string {
        if (!advice.offered) {
            return advice.status == RouteStatus::closed ? "closed" : "not offered";
        }
        return route_status_name(advice.status);
    };
    std::vector<LabelledLine> lines;
    for (const bool offered : {true, false}) {
        for (std::size_t i = 0; i < e.routes.size();) {
            const RouteAdvice& first = e.routes[i];
            if (first.offered != offered) {
                ++i;
                continue;
            }
            // The provider's next routes that come out the same share the line.
            std::vector<std::string> names{first.route->name};
            std::size_t next = i + 1;
            while (next < e.routes.size() && e.routes[next].offered == offered &&
                   e.routes[next].route->provider == first.route->provider && e.routes[next].why == first.why &&
                   e.routes[next].status == first.status && e.routes[next].named == first.named) {
                names.push_back(e.routes[next].route->name);
                ++next;
            }
            std::string line = fmt::format("{}: {}", first.route->provider_name, text::join(names, ", "));
            if (first.named) {
                line += names.size() == 1 ? ", the spec's route" : ", the spec's routes";
            }
            if (!first.why.empty()) {
                line += fmt::format(" ({})", first.why);
            }
            lines.push_back({label_of(first), std::move(line)});
            i = next;
        }
    }
    return lines;
}

} // namespace ftadvisor
