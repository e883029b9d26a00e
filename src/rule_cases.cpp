#include "ftadvisor/rule_cases.hpp"

#include "ftadvisor/engine.hpp"

#include "reader.hpp"
#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using nlohmann::json;

std::vector<std::string> sorted(std::vector<std::string> words)
{
    std::sort(words.begin(), words.end());
    return words;
}

std::string list_text(const std::vector<std::string>& words)
{
    return fmt::format("[{}]", text::join(words, ", "));
}

std::string range_text(const Range& range)
{
    return fmt::format("{} to {}", text::format_number(range.low), text::format_number(range.high));
}

// Reads a list of ids that must each be one of `known`.
std::vector<std::string> read_ids(const Reader& r, const json& object, const std::string& path, const std::string& key,
                                  const std::vector<std::string>& known, const char* what)
{
    std::vector<std::string> ids = r.strings(object, path, key, Required::no);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (std::find(known.begin(), known.end(), ids[i]) == known.end()) {
            r.error(join_path(join_path(path, key), i),
                    fmt::format("unknown {} '{}'{}", what, ids[i], text::did_you_mean(ids[i], known)));
        }
    }
    return ids;
}

// An expected answer: a yes/no, a number or a word.
std::optional<Value> answer_of(const Reader& r, const json& value, const std::string& path)
{
    if (value.is_boolean()) {
        return Value(value.get<bool>());
    }
    if (value.is_number()) {
        return Value(value.get<double>());
    }
    if (value.is_string()) {
        return Value(value.get<std::string>());
    }
    r.error(path, "expected a yes/no, a number or a word");
    return std::nullopt;
}

// `plan`, `weeks` and `what_would_change`: what the case expects of the advice.
void read_plan_expectations(const Reader& r, const json& expect, const std::string& path, const Rules& rules,
                            RuleCase& rule_case)
{
    rule_case.plan = r.string(expect, path, "plan", Required::no);
    if (rule_case.plan && std::none_of(rules.plans.begin(), rules.plans.end(),
                                       [&](const Plan& plan) { return plan.id == *rule_case.plan; })) {
        r.error(join_path(path, "plan"), fmt::format("unknown plan '{}'", *rule_case.plan));
    }
    rule_case.weeks = r.number(expect, path, "weeks", Required::no);
    if (!expect.contains("what_would_change")) {
        return;
    }
    const std::string list_path = join_path(path, "what_would_change");
    if (!r.expect_array(expect.at("what_would_change"), list_path)) {
        return;
    }
    const auto approaches = rules.approach_ids();
    const auto questions = rules.question_ids();
    for (std::size_t i = 0; i < expect.at("what_would_change").size(); ++i) {
        const std::string item_path = join_path(list_path, i);
        const json& item = expect.at("what_would_change")[i];
        if (!r.expect_object(item, item_path)) {
            continue;
        }
        r.check_keys(item, item_path, {"verdict", "answers"});
        ExpectedChange change;
        change.verdict = r.string(item, item_path, "verdict", Required::yes).value_or("");
        if (!change.verdict.empty() &&
            std::find(approaches.begin(), approaches.end(), change.verdict) == approaches.end()) {
            r.error(join_path(item_path, "verdict"), fmt::format("unknown approach '{}'{}", change.verdict,
                                                                 text::did_you_mean(change.verdict, approaches)));
        }
        const std::string answers_path = join_path(item_path, "answers");
        if (!item.contains("answers")) {
            r.error(item_path, "missing required key 'answers'");
        } else if (r.expect_object(item.at("answers"), answers_path)) {
            for (const auto& [question, value] : item.at("answers").items()) {
                const std::string at = join_path(answers_path, question);
                if (std::find(questions.begin(), questions.end(), question) == questions.end()) {
                    r.error(at,
                            fmt::format("unknown question '{}'{}", question, text::did_you_mean(question, questions)));
                } else if (auto expected = answer_of(r, value, at)) {
                    change.answers.emplace_back(question, std::move(*expected));
                }
            }
        }
        rule_case.what_would_change.push_back(std::move(change));
    }
}

// Whether the evaluation lists a change to exactly `expected`'s answers giving its verdict.
bool lists_change(const Evaluation& evaluation, const ExpectedChange& expected)
{
    return std::any_of(evaluation.what_would_change.begin(), evaluation.what_would_change.end(),
                       [&](const VerdictChange& change) {
        if (change.verdict != expected.verdict || change.changes.size() != expected.answers.size()) {
            return false;
        }
        return std::all_of(expected.answers.begin(), expected.answers.end(), [&](const auto& answer) {
            return std::any_of(change.changes.begin(), change.changes.end(), [&](const AnswerChange& c) {
                return c.question == answer.first && c.to == answer.second;
            });
        });
    });
}

std::string change_text(const ExpectedChange& change)
{
    std::vector<std::string> parts;
    for (const auto& [question, value] : change.answers) {
        parts.push_back(fmt::format("{} = {}", question, format_value(value)));
    }
    return fmt::format("{} with {}", change.verdict, text::join(parts, " and "));
}

} // namespace

namespace {

// Long on purpose: the fields of a golden case, each read and checked where it stands (docs/rules.md).
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
RuleCasesResult load_cases(const Document& document, const Rules& rules)
{
    RuleCasesResult result;
    const Reader r(document, result.diagnostics);
    if (!r.expect_array(document.root, "")) {
        return result;
    }
    const std::vector<std::string> approaches = rules.approach_ids();
    const std::vector<std::string> pitfalls = rules.pitfall_ids();

    for (std::size_t i = 0; i < document.root.size(); ++i) {
        const std::string path = join_path("", i);
        const json& node = document.root[i];
        const std::size_t problems = result.diagnostics.size();
        if (!r.expect_object(node, path)) {
            continue;
        }
        r.check_keys(node, path, {"name", "spec", "expect"});
        RuleCase rule_case;
        rule_case.file = document.file;
        rule_case.location = document.locate(path);
        rule_case.name = r.string(node, path, "name", Required::yes).value_or("");

        if (!node.contains("spec")) {
            r.error(path, "missing required key 'spec'");
        } else {
            const std::string spec_path = join_path(path, "spec");
            SpecResult spec = parse_spec_node(
                node.at("spec"), document.file,
                [&](std::string_view sub, std::string message) {
                return document.diagnose(sub.empty() ? spec_path : spec_path + "." + std::string(sub),
                                         std::move(message));
                },
                rules);
            result.diagnostics.insert(result.diagnostics.end(), spec.diagnostics.begin(), spec.diagnostics.end());
            if (spec.value) {
                rule_case.spec = std::move(*spec.value);
            }
        }

        const std::string expect_path = join_path(path, "expect");
        if (!node.contains("expect")) {
            r.error(path, "missing required key 'expect'");
        } else if (const json& expect = node.at("expect"); r.expect_object(expect, expect_path)) {
            r.check_keys(expect, expect_path,
                         {"verdict", "also", "flags", "warnings", "no_warnings", "cost_usd", "hours", "inferred",
                          "not_inferred", "contradicted", "plan", "weeks", "what_would_change"});
            rule_case.verdict = r.string(expect, expect_path, "verdict", Required::no);
            if (rule_case.verdict &&
                std::find(approaches.begin(), approaches.end(), *rule_case.verdict) == approaches.end()) {
                r.error(join_path(expect_path, "verdict"),
                        fmt::format("unknown approach '{}'{}", *rule_case.verdict,
                                    text::did_you_mean(*rule_case.verdict, approaches)));
            }
            if (expect.contains("also")) {
                rule_case.also = read_ids(r, expect, expect_path, "also", approaches, "approach");
            }
            if (expect.contains("flags")) {
                rule_case.flags = r.strings(expect, expect_path, "flags", Required::no);
            }
            rule_case.warnings = read_ids(r, expect, expect_path, "warnings", pitfalls, "pitfall");
            rule_case.no_warnings = read_ids(r, expect, expect_path, "no_warnings", pitfalls, "pitfall");
            rule_case.cost_usd = r.range(expect, expect_path, "cost_usd", Required::no);
            rule_case.hours = r.range(expect, expect_path, "hours", Required::no);
            auto targets = rules.question_ids();
            targets.emplace_back(k_stage_answer);
            rule_case.not_inferred = read_ids(r, expect, expect_path, "not_inferred", targets, "question");
            rule_case.contradicted = read_ids(r, expect, expect_path, "contradicted", targets, "question");
            if (expect.contains("inferred") &&
                r.expect_object(expect.at("inferred"), join_path(expect_path, "inferred"))) {
                for (const auto& [question, value] : expect.at("inferred").items()) {
                    const std::string at = join_path(join_path(expect_path, "inferred"), question);
                    if (std::find(targets.begin(), targets.end(), question) == targets.end()) {
                        r.error(at, fmt::format("unknown question '{}'{}", question,
                                                text::did_you_mean(question, targets)));
                    } else if (auto expected = answer_of(r, value, at)) {
                        rule_case.inferred.emplace_back(question, std::move(*expected));
                    }
                }
            }
            read_plan_expectations(r, expect, expect_path, rules, rule_case);
        }
        if (result.diagnostics.size() == problems) {
            result.cases.push_back(std::move(rule_case));
        }
    }
    return result;
}

} // namespace

namespace {

// The expectations on the plan, its weeks and what would change the verdict.
std::vector<std::string> check_advice(const RuleCase& rule_case, const Evaluation& evaluation)
{
    std::vector<std::string> mismatches;
    const std::string plan = evaluation.plan != nullptr ? evaluation.plan->id : "none";
    if (rule_case.plan && *rule_case.plan != plan) {
        mismatches.push_back(fmt::format("plan: expected {}, got {}", *rule_case.plan, plan));
    }
    const Timeline& timeline = evaluation.timeline;
    const double weeks = timeline.planned_weeks();
    if (rule_case.weeks && *rule_case.weeks != weeks) {
        mismatches.push_back(fmt::format("weeks: expected {}, got {}", text::format_number(*rule_case.weeks),
                                         text::format_number(weeks)));
    }
    for (const ExpectedChange& change : rule_case.what_would_change) {
        if (!lists_change(evaluation, change)) {
            mismatches.push_back(fmt::format("what_would_change: expected {}, not among the {} listed",
                                             change_text(change), evaluation.what_would_change.size()));
        }
    }
    return mismatches;
}

} // namespace

RuleCasesResult load_rule_cases(const RuleSource& source, const Rules& rules)
{
    DocumentResult document = parse_document(source.text, source.name, detect_format(source.name, source.text));
    if (!document.value) {
        return RuleCasesResult{{}, std::move(document.diagnostics)};
    }
    return load_cases(*document.value, rules);
}

RuleTestRun run_rule_cases(const std::vector<RuleSource>& sources, const Rules& rules)
{
    RuleTestRun run;
    for (const RuleSource& source : sources) {
        RuleCasesResult cases = load_rule_cases(source, rules);
        run.diagnostics.insert(run.diagnostics.end(), cases.diagnostics.begin(), cases.diagnostics.end());
        for (const RuleCase& rule_case : cases.cases) {
            RuleCaseOutcome outcome{rule_case.name, rule_case.file, rule_case.location,
                                    check_rule_case(rule_case, rules)};
            ++(outcome.mismatches.empty() ? run.passed : run.failed);
            run.outcomes.push_back(std::move(outcome));
        }
    }
    return run;
}

std::string render_rule_test(const RuleTestRun& run)
{
    std::string out;
    for (const RuleCaseOutcome& outcome : run.outcomes) {
        if (outcome.mismatches.empty()) {
            out += fmt::format("PASS  {}\n", outcome.name);
            continue;
        }
        out += fmt::format("FAIL  {}  ({}:{})\n", outcome.name, outcome.file, outcome.location.line);
        for (const std::string& mismatch : outcome.mismatches) {
            out += fmt::format("        {}\n", mismatch);
        }
    }
    out += fmt::format("{} passed, {} failed\n", run.passed, run.failed);
    return text::visible(out);
}

std::vector<std::string> check_rule_case(const RuleCase& rule_case, const Rules& rules)
{
    const Evaluation evaluation =
        evaluate(rule_case.spec, rules, EvaluateOptions{false, {}, !rule_case.what_would_change.empty()});
    std::vector<std::string> mismatches = check_advice(rule_case, evaluation);
    if (rule_case.verdict && *rule_case.verdict != evaluation.verdict) {
        mismatches.push_back(fmt::format("verdict: expected {}, got {}", *rule_case.verdict, evaluation.verdict));
    }
    if (rule_case.also && sorted(*rule_case.also) != sorted(evaluation.also)) {
        mismatches.push_back(
            fmt::format("also: expected {}, got {}", list_text(*rule_case.also), list_text(evaluation.also)));
    }
    if (rule_case.flags && sorted(*rule_case.flags) != sorted(evaluation.flags)) {
        mismatches.push_back(
            fmt::format("flags: expected {}, got {}", list_text(*rule_case.flags), list_text(evaluation.flags)));
    }
    std::vector<std::string> applied;
    for (const auto& warning : evaluation.warnings) {
        applied.emplace_back(warning.id);
    }
    for (const auto& id : rule_case.warnings) {
        if (std::find(applied.begin(), applied.end(), id) == applied.end()) {
            mismatches.push_back(fmt::format("warnings: expected {} to apply, got {}", id, list_text(applied)));
        }
    }
    for (const auto& id : rule_case.no_warnings) {
        if (std::find(applied.begin(), applied.end(), id) != applied.end()) {
            mismatches.push_back(fmt::format("warnings: expected {} not to apply, but it does", id));
        }
    }
    const auto check_range = [&](const char* what, const std::optional<Range>& expected, auto actual) {
        if (!expected) {
            return;
        }
        if (!evaluation.estimate) {
            mismatches.push_back(fmt::format("{}: expected {}, got no estimate (fine-tuning is not recommended)", what,
                                             range_text(*expected)));
        } else if (const Range got = actual(*evaluation.estimate);
                   got.low != expected->low || got.high != expected->high) {
            mismatches.push_back(fmt::format("{}: expected {}, got {}", what, range_text(*expected), range_text(got)));
        }
    };
    check_range("cost_usd", rule_case.cost_usd, [](const Estimate& e) { return e.cost_usd; });
    check_range("hours", rule_case.hours, [](const Estimate& e) { return e.hours; });
    auto inferred = [&](const std::string& question) -> const Inferred* {
        auto found = std::find_if(evaluation.inferred.begin(), evaluation.inferred.end(),
                                  [&](const Inferred& i) { return i.question == question; });
        return found == evaluation.inferred.end() ? nullptr : &*found;
    };
    for (const auto& [question, value] : rule_case.inferred) {
        const Inferred* found = inferred(question);
        if (found == nullptr) {
            mismatches.push_back(
                fmt::format("inferred: expected {} = {}, got nothing inferred", question, format_value(value)));
        } else if (found->value != value) {
            mismatches.push_back(fmt::format("inferred: expected {} = {}, got {} ({})", question, format_value(value),
                                             format_value(found->value), found->rule));
        }
    }
    for (const auto& question : rule_case.not_inferred) {
        if (const Inferred* found = inferred(question)) {
            mismatches.push_back(fmt::format("inferred: expected nothing for {}, got {} ({})", question,
                                             format_value(found->value), found->rule));
        }
    }
    for (const auto& question : rule_case.contradicted) {
        if (std::none_of(evaluation.contradictions.begin(), evaluation.contradictions.end(),
                         [&](const Contradiction& c) { return c.question == question; })) {
            mismatches.push_back(fmt::format("contradicted: expected the description to disagree with {}", question));
        }
    }
    return mismatches;
}

} // namespace ftadvisor
