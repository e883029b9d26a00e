#include "ftadvisor/spec.hpp"

#include "reader.hpp"
#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <stdexcept>

namespace ftadvisor {
namespace {

using nlohmann::json;

std::string range_text(const Question& question, const char* noun)
{
    if (question.min && question.max) {
        return fmt::format("{} from {} to {}", noun, text::format_number(*question.min),
                           text::format_number(*question.max));
    }
    if (question.min) {
        return fmt::format("{} >= {}", noun, text::format_number(*question.min));
    }
    if (question.max) {
        return fmt::format("{} <= {}", noun, text::format_number(*question.max));
    }
    return noun;
}

AnswerScalar scalar_of(const json& value)
{
    AnswerScalar scalar;
    if (value.is_boolean()) {
        scalar.kind = AnswerScalar::Kind::boolean;
        scalar.flag = value.get<bool>();
    } else if (value.is_number()) {
        scalar.kind = AnswerScalar::Kind::number;
        scalar.number = value.get<double>();
    } else if (value.is_string()) {
        scalar.kind = AnswerScalar::Kind::string;
        scalar.text = value.get_ref<const std::string&>();
    }
    return scalar;
}

std::optional<Value> read_answer(const Reader& r, const Question& question, const json& value, const std::string& path)
{
    const AnswerScalar scalar = scalar_of(value);
    if (std::optional<Value> answer = accept_answer(question, scalar)) {
        return answer;
    }
    switch (question.kind) {
    case Question::Kind::boolean:
        r.error(path, fmt::format("expected true or false, got {}{}", describe(value), boolean_hint(value)));
        break;
    case Question::Kind::count:
    case Question::Kind::percent:
        r.error(path, fmt::format(
                          "expected {}, got {}",
                          range_text(question, question.kind == Question::Kind::count ? "a whole number" : "a number"),
                          describe(value)));
        break;
    case Question::Kind::choice:
        if (scalar.kind != AnswerScalar::Kind::string) {
            r.error(path,
                    fmt::format("expected one of {}, got {}", text::join(question.choices, ", "), describe(value)));
        } else {
            r.error(path,
                    fmt::format("unknown choice {}{}; expected one of {}", text::quote(scalar.text),
                                text::did_you_mean(scalar.text, question.choices), text::join(question.choices, ", ")));
        }
        break;
    }
    return std::nullopt;
}

// A string that must be one of `allowed`.
std::optional<std::string> read_word(const Reader& r, const json& object, const std::string& key, const char* noun,
                                     const std::vector<std::string>& allowed)
{
    auto word = r.string(object, "", key, Required::no);
    if (!word) {
        return std::nullopt;
    }
    if (std::find(allowed.begin(), allowed.end(), *word) == allowed.end()) {
        r.error(key, fmt::format("unknown {} {}{}; expected one of {}", noun, text::quote(*word),
                                 text::did_you_mean(*word, allowed), text::join(allowed, ", ")));
        return std::nullopt;
    }
    return word;
}

std::vector<Waiver> read_waivers(const Reader& r, const json& root)
{
    std::vector<Waiver> waivers;
    if (!root.contains("waivers") || !r.expect_array(root.at("waivers"), "waivers")) {
        return waivers;
    }
    const json& list = root.at("waivers");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = join_path("waivers", i);
        if (!r.expect_object(list[i], path)) {
            continue;
        }
        r.check_keys(list[i], path, {"rule", "reason", "expires", "owner"});
        auto rule = r.string(list[i], path, "rule", Required::yes);
        auto reason = r.string(list[i], path, "reason", Required::no);
        auto expires = r.string(list[i], path, "expires", Required::no);
        auto owner = r.string(list[i], path, "owner", Required::no);
        if (expires && !valid_date(*expires)) {
            r.error(join_path(path, "expires"),
                    fmt::format("expected a date as YYYY-MM-DD, got {}", text::quote(*expires)));
            continue;
        }
        if (rule) {
            waivers.push_back(Waiver{*rule, reason.value_or(""), expires.value_or(""), owner.value_or("")});
        }
    }
    return waivers;
}

} // namespace

std::string today_utc()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    return fmt::format("{:04}-{:02}-{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

bool valid_date(const std::string& date)
{
    // YYYY-MM-DD, matched by hand: a std::regex compiled at the first date cost more than the
    // rest of loading the rules (docs/performance.md).
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
        return false;
    }
    auto digits = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (date[i] < '0' || date[i] > '9') {
                return -1;
            }
            value = value * 10 + (date[i] - '0');
        }
        return value;
    };
    const int year = digits(0, 4);
    const int month = digits(5, 2);
    const int day = digits(8, 2);
    if (year < 0) {
        return false;
    }
    if (month < 1 || month > 12 || day < 1) {
        return false;
    }
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int limit = month == 2 && leap ? 29 : days[month - 1];
    return day <= limit;
}

std::optional<double> answer_min(const Question& question)
{
    return question.min;
}

std::optional<double> answer_max(const Question& question)
{
    if (question.kind == Question::Kind::count) {
        return std::min(question.max.value_or(k_max_count), k_max_count);
    }
    return question.max;
}

AnswerProblem answer_problem(const Question& question, const AnswerScalar& scalar)
{
    switch (question.kind) {
    case Question::Kind::boolean:
        return scalar.kind == AnswerScalar::Kind::boolean ? AnswerProblem::none : AnswerProblem::wrong_type;
    case Question::Kind::count:
    case Question::Kind::percent: {
        if (scalar.kind != AnswerScalar::Kind::number) {
            return AnswerProblem::wrong_type;
        }
        const double number = scalar.number;
        const std::optional<double> min = answer_min(question);
        const std::optional<double> max = answer_max(question);
        if (!std::isfinite(number)) {
            return AnswerProblem::not_finite;
        }
        if (min && number < *min) {
            return AnswerProblem::below_min;
        }
        if (max && number > *max) {
            return AnswerProblem::above_max;
        }
        if (question.kind == Question::Kind::count && std::floor(number) != number) {
            return AnswerProblem::not_whole;
        }
        return AnswerProblem::none;
    }
    case Question::Kind::choice:
        if (scalar.kind != AnswerScalar::Kind::string) {
            return AnswerProblem::wrong_type;
        }
        return std::find(question.choices.begin(), question.choices.end(), scalar.text) == question.choices.end()
                   ? AnswerProblem::unknown_choice
                   : AnswerProblem::none;
    }
    return AnswerProblem::wrong_type;
}

std::optional<Value> accept_answer(const Question& question, const AnswerScalar& scalar)
{
    if (answer_problem(question, scalar) != AnswerProblem::none) {
        return std::nullopt;
    }
    switch (scalar.kind) {
    case AnswerScalar::Kind::boolean:
        return Value(scalar.flag);
    case AnswerScalar::Kind::number:
        return Value(scalar.number);
    case AnswerScalar::Kind::string:
        return Value(std::string(scalar.text));
    case AnswerScalar::Kind::other:
        break;
    }
    return std::nullopt;
}

const Value& Answers::at(std::string_view id) const
{
    const auto found = find(id);
    if (found == end()) {
        throw std::out_of_range("no answer to " + std::string(id));
    }
    return found->second;
}

std::pair<Answers::iterator, bool> Answers::emplace(std::string_view id, Value value)
{
    const auto at = m_items.begin() + (lower_bound(id) - m_items.cbegin());
    if (at != m_items.end() && at->first == id) {
        return {at, false};
    }
    return {m_items.emplace(at, id, std::move(value)), true};
}

namespace {

// `provider` and `model`, each one the catalogue knows.
void read_route(const Reader& r, const json& root, const Rules& rules, Spec& spec)
{
    spec.provider = r.string(root, "", "provider", Required::no);
    spec.model = r.string(root, "", "model", Required::no);
    if (spec.model && !spec.provider) {
        r.error("model", "a model is named with its provider: add `provider` (`ftadvisor providers` lists them)");
        return;
    }
    if (!spec.provider) {
        return;
    }
    if (rules.find_routes(*spec.provider).empty()) {
        const std::vector<std::string> providers = rules.provider_ids();
        r.error("provider", fmt::format("unknown provider '{}'{} (`ftadvisor providers` lists them)", *spec.provider,
                                        text::did_you_mean(*spec.provider, providers)));
        return;
    }
    if (spec.model && rules.find_routes(*spec.provider, *spec.model).empty()) {
        std::vector<std::string> models;
        for (const Route* route : rules.find_routes(*spec.provider)) {
            models.push_back(route->model);
        }
        r.error("model", fmt::format("{} has no model '{}'{}; its models: {}", *spec.provider, *spec.model,
                                     text::did_you_mean(*spec.model, models), text::join(models, ", ")));
    }
}

} // namespace

SpecResult parse_spec(const Document& document, const Rules& rules)
{
    return parse_spec_node(
        document.root, document.file,
        [&document](std::string_view path, std::string message) { return document.diagnose(path, std::move(message)); },
        rules);
}

SpecResult parse_spec_node(const nlohmann::json& root, const std::string& file, const DiagnoseFn& diagnose,
                           const Rules& rules)
{
    SpecResult result;
    const Reader r(diagnose, result.diagnostics);
    if (!root.is_object()) {
        r.error("", fmt::format("a spec must be an object with a spec_version, got {}", describe(root)));
        return result;
    }
    Spec spec;
    spec.file = file;
    r.check_keys(root, "", k_spec_keys);

    if (!root.contains("spec_version")) {
        r.error("", fmt::format("missing required key 'spec_version' (this version of ftadvisor reads {})",
                                k_spec_version));
    } else if (const json& version = root.at("spec_version");
               !version.is_number_integer() && !version.is_number_unsigned()) {
        r.error("spec_version", fmt::format("expected a whole number, got {}", describe(version)));
    } else if (version.get<long long>() != k_spec_version) {
        r.error("spec_version", fmt::format("unsupported spec_version {}; this version of ftadvisor reads {}",
                                            version.dump(), k_spec_version));
    }

    spec.name = r.string(root, "", "name", Required::no);
    spec.description = r.string(root, "", "description", Required::no);
    spec.dataset = r.string(root, "", "dataset", Required::no);
    if (spec.dataset && spec.dataset->empty()) {
        r.error("dataset", "expected a path to a JSON Lines file, got an empty string");
    }
    spec.stage = read_word(r, root, "stage", "stage", rules.stages);
    spec.proposed_approach = read_word(r, root, "proposed_approach", "approach", rules.approach_ids());
    if (root.contains("budget_usd")) {
        const json& budget = root.at("budget_usd");
        if (!is_finite_number(budget) || budget.get<double>() < 0) {
            r.error("budget_usd", fmt::format("expected an amount in USD >= 0, got {}", describe(budget)));
        } else {
            spec.budget_usd = budget.get<double>();
        }
    }
    read_route(r, root, rules, spec);
    spec.waivers = read_waivers(r, root);

    if (root.contains("answers") && r.expect_object(root.at("answers"), "answers")) {
        const std::vector<std::string> ids = rules.question_ids();
        spec.answers.reserve(rules.questions.size());
        for (const auto& [key, value] : root.at("answers").items()) {
            const std::string path = join_path("answers", key);
            const Question* question = rules.find_question(key);
            if (question == nullptr) {
                r.error(path, fmt::format("unknown question '{}'{}", key, text::did_you_mean(key, ids)));
                continue;
            }
            if (value.is_null()) {
                continue; // null leaves the answer open, as leaving it out does
            }
            if (auto answer = read_answer(r, *question, value, path)) {
                spec.answers.emplace(question->id, std::move(*answer));
            }
        }
    }

    sort_diagnostics(result.diagnostics, {});
    limit_diagnostics(result.diagnostics);
    if (result.diagnostics.empty()) {
        result.value = std::move(spec);
    }
    return result;
}

SpecResult parse_spec_text(std::string_view text, const std::string& file, DocumentFormat format, const Rules& rules)
{
    DocumentResult document = parse_document(text, file, format);
    if (!document.value) {
        return SpecResult{std::nullopt, std::move(document.diagnostics)};
    }
    return parse_spec(*document.value, rules);
}

} // namespace ftadvisor
