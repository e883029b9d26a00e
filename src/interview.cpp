#include "ftadvisor/interview.hpp"

#include "ftadvisor/engine.hpp"
#include "spec_node.hpp"
#include "style.hpp"
#include "text.hpp"
#include "yaml_writer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ostream>

namespace ftadvisor {
namespace {

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// A menu's or a choice's number as typed: digits only.
std::optional<std::size_t> item_number(std::string_view text)
{
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? std::optional<std::size_t>(value) : std::nullopt;
}

const char* kind_hint(const Question& question)
{
    switch (question.kind) {
    case Question::Kind::boolean:
        return "yes/no";
    case Question::Kind::count:
        return "a whole number";
    case Question::Kind::percent:
        return "a percentage";
    case Question::Kind::choice:
        return "a choice";
    }
    return "";
}

// The ways people say they do not know, at a question: the answer is left unknown.
bool says_unknown(const std::string& word)
{
    static const std::vector<std::string> words = {
        "idk",    "i don't know", "i dont know", "don't know", "dont know", "do not know", "not sure",
        "unsure", "unknown",      "dunno",       "no idea",    "maybe",     "n/a",         "?" /* help */};
    return std::find(words.begin(), words.end() - 1, word) != words.end() - 1;
}

// Why an answer that reads well is probably a slip, as a question to confirm it ("0.3%? ..."),
// or empty. Asked once: Enter keeps it.
std::string doubt_about(const Question& question, const std::string& typed, const Value& value)
{
    const double* number = std::get_if<double>(&value);
    if (question.kind != Question::Kind::percent || number == nullptr) {
        return {};
    }
    if (*number > 0 && *number < 1 && typed.find('%') == std::string::npos) {
        return fmt::format("{0}%? Type {1} for {1}%, or Enter to keep {0}%", text::format_number(*number),
                           text::format_number(*number * 100));
    }
    if (*number > 100) {
        return fmt::format("{}%, more than doubling? Enter to keep it, or type another", text::format_number(*number));
    }
    return {};
}

// One step of the interview and what was chosen at it.
struct Step {
    enum class Kind { name, description, question };
    Kind kind = Kind::question;
    const Question* question = nullptr;
    std::optional<Value> answer; // for a question: chosen (unknown when skipped); none: not reached
};

class Interview {
public:
    Interview(const Rules& rules, LineInput& in, std::ostream& out, const TextOptions& options)
        : m_rules(rules), m_in(in), m_out(out), m_options(options), m_style(options.color)
    {
    }

    InterviewResult run()
    {
        InterviewResult result;
        m_out << m_style.bold("A few questions about the project.") << '\n'
              << "At any prompt: ? for help, back to go back, skip (or \"don't know\") to leave an answer "
                 "unknown.\n";
        std::vector<Step> steps;
        steps.push_back(Step{Step::Kind::name, nullptr, {}});
        steps.push_back(Step{Step::Kind::description, nullptr, {}});
        for (const Question& question : m_rules.questions) {
            steps.push_back(Step{Step::Kind::question, &question, {}});
        }
        std::size_t at = 0;
        while (at < steps.size()) {
            const auto moved = ask_step(steps, at);
            if (!moved) {
                return result; // input ended
            }
            at = *moved;
        }
        bool show = true;
        for (;;) {
            if (show) {
                summary(steps);
            }
            show = true;
            const auto typed = m_in.ask("Change an answer? Its number, name or description; Enter for the verdict > ");
            if (!typed) {
                return result;
            }
            const std::string choice = text::ascii_lower(trim(*typed));
            if (choice.empty()) {
                break;
            }
            const std::size_t count = m_rules.questions.size();
            std::optional<std::size_t> step;
            if (choice == "name") {
                step = 0;
            } else if (choice == "description") {
                step = 1;
            } else if (choice == "back") {
                step = steps.size() - 1; // the last question
            } else if (const auto number = item_number(choice); number && *number >= 1 && *number <= count) {
                step = 2 + *number - 1;
            }
            if (!step) {
                m_out << fmt::format("  Type a question's number (1 to {}) to change its answer, name or description "
                                     "to change those, back for the last question, or press Enter for the "
                                     "verdict.\n",
                                     count);
                show = false;
                continue;
            }
            if (!ask_step(steps, *step)) {
                return result;
            }
        }
        result.finished = true;
        result.spec = spec_of(steps);
        return result;
    }

private:
    Spec spec_of(const std::vector<Step>& steps) const
    {
        Spec spec;
        spec.name = m_name;
        if (!m_description.empty()) {
            spec.description = m_description;
        }
        for (const Step& step : steps) {
            if (step.kind == Step::Kind::question && step.answer && is_known(*step.answer)) {
                spec.answers[step.question->id] = *step.answer;
            }
        }
        return spec;
    }

    // What the description implies, read afresh whenever it changes.
    void read_description()
    {
        Spec spec;
        spec.name = m_name;
        spec.description = m_description;
        m_inferred = m_description.empty() ? Evaluation{} : evaluate(spec, m_rules);
    }

    const Inferred* inferred_for(const Question& question) const
    {
        for (const Inferred& inferred : m_inferred.inferred) {
            if (inferred.question == question.id) {
                return &inferred;
            }
        }
        return nullptr;
    }

    // Asks step `at`; returns the step to go to next, or nothing when input ended.
    // Long on purpose: the interview's commands at a prompt (?, back, skip, Enter, an answer), one case each.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    std::optional<std::size_t> ask_step(std::vector<Step>& steps, std::size_t at)
    {
        Step& step = steps[at];
        if (step.kind == Step::Kind::name) {
            const auto typed = m_in.ask(fmt::format("Project name [{}] > ", m_name));
            if (!typed) {
                return std::nullopt;
            }
            const std::string name = trim(*typed);
            const std::string word = text::ascii_lower(name);
            if (word == "back") {
                m_out << "  This is the first question; there is nothing before it.\n";
                return at;
            }
            if (word == "?" || word == "help") {
                m_out << "  A short name for the project, shown as the report's title. Enter keeps the one in "
                         "brackets.\n";
                return at;
            }
            if (!name.empty() && word != "skip") {
                m_name = name;
            }
            return at + 1;
        }
        if (step.kind == Step::Kind::description) {
            const auto typed =
                m_in.ask(m_description.empty() ? std::string("Describe the project in a sentence or two > ")
                                               : fmt::format("Description [{}] > ", m_description));
            if (!typed) {
                return std::nullopt;
            }
            const std::string description = trim(*typed);
            if (text::ascii_lower(description) == "back") {
                return at - 1;
            }
            if (text::ascii_lower(description) == "skip") {
                return at + 1;
            }
            if (description == "?" || description == "help") {
                m_out << "  What the project does, for whom, and how far along it is. The advisor reads it for "
                         "the domain, the stage and the need for live data, and suggests answers from it.\n";
                return at;
            }
            if (!description.empty() && description != m_description) {
                m_description = description;
                read_description();
            }
            return at + 1;
        }

        const Question& question = *step.question;
        const std::size_t number = at - 1; // 1-based among the questions
        m_out << '\n';
        const std::string heading = fmt::format("{}/{}. ", number, m_rules.questions.size());
        const auto lines =
            text::wrap(question.text, static_cast<std::size_t>(std::max(m_options.width, 40)) - heading.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            m_out << m_style.bold((i == 0 ? heading : std::string(heading.size(), ' ')) + lines[i]) << '\n';
        }
        if (question.kind == Question::Kind::choice) {
            for (std::size_t i = 0; i < question.choices.size(); ++i) {
                m_out << fmt::format("   {}. {}\n", i + 1, question.choices[i]);
            }
        }
        std::optional<Value> fallback;
        if (step.answer) {
            fallback = *step.answer;
        } else if (const Inferred* inferred = inferred_for(question)) {
            fallback = inferred->value;
            std::string from = inferred->evidence.empty() ? std::string(inferred->because)
                                                          : "from " + evidence_words(inferred->evidence);
            for (const std::string& line : text::wrap(
                     fmt::format("The description suggests {} ({}).", format_answer(&question, inferred->value), from),
                     static_cast<std::size_t>(std::max(m_options.width - 4, 30)))) {
                m_out << "   " << m_style.dim(line) << '\n';
            }
        }
        for (;;) {
            const std::string hint = fallback && is_known(*fallback) ? fmt::format("{} [{}]", kind_hint(question),
                                                                                   format_answer(&question, *fallback))
                                                                     : kind_hint(question);
            const auto typed = m_in.ask(fmt::format("   {} > ", hint));
            if (!typed) {
                return std::nullopt;
            }
            const std::string answer = trim(*typed);
            const std::string word = text::ascii_lower(answer);
            if (word == "back") {
                return at - 1;
            }
            if (word == "?" || word == "help") {
                for (const std::string& line :
                     text::wrap(question.help.empty() ? "No help for this question." : question.help,
                                static_cast<std::size_t>(std::max(m_options.width - 4, 30)))) {
                    m_out << "   " << line << '\n';
                }
                continue;
            }
            if (word == "skip" || says_unknown(word) || (answer.empty() && !(fallback && is_known(*fallback)))) {
                step.answer = Value{};
                m_out << "   " << m_style.dim("Left unknown: the rules that read this answer will not count it.")
                      << '\n';
                return at + 1;
            }
            if (answer.empty()) {
                step.answer = *fallback;
                return at + 1;
            }
            ParsedAnswer parsed = parse_answer(m_rules, question, answer);
            if (!parsed.value) {
                m_out << "   " << m_style.severity(Severity::warning, parsed.problem) << '\n';
                continue;
            }
            if (const std::string doubt = doubt_about(question, answer, *parsed.value); !doubt.empty()) {
                const auto again = m_in.ask(fmt::format("   {} > ", doubt));
                if (!again) {
                    return std::nullopt;
                }
                if (!trim(*again).empty()) {
                    ParsedAnswer second = parse_answer(m_rules, question, trim(*again));
                    if (!second.value) {
                        m_out << "   " << m_style.severity(Severity::warning, second.problem) << '\n';
                        continue;
                    }
                    parsed = std::move(second);
                }
            }
            step.answer = std::move(*parsed.value);
            return at + 1;
        }
    }

    void summary(const std::vector<Step>& steps)
    {
        m_out << '\n' << m_style.bold("Your answers") << '\n';
        m_out << fmt::format("  name         {}\n", m_name);
        if (!m_description.empty()) {
            m_out << fmt::format("  description  {}\n", m_description);
        }
        std::size_t width = 0;
        for (const Question& question : m_rules.questions) {
            width = std::max(width, question.id.size());
        }
        std::size_t number = 1;
        for (const Step& step : steps) {
            if (step.kind != Step::Kind::question) {
                continue;
            }
            const bool known = step.answer && is_known(*step.answer);
            m_out << fmt::format("  {:>2}. {:<{}}  {}\n", number++, step.question->id, width,
                                 known ? format_answer(step.question, *step.answer) : m_style.dim("unknown"));
        }
    }

    const Rules& m_rules;
    LineInput& m_in;
    std::ostream& m_out;
    TextOptions m_options;
    Style m_style;
    std::string m_name = "My project";
    std::string m_description;
    Evaluation m_inferred;
};

} // namespace

ParsedAnswer parse_answer(const Rules& rules, const Question& question, const std::string& typed)
{
    const std::string text = trim(typed);
    const std::string word = text::ascii_lower(text);
    // What was typed, as a spec would give it; then the one test of a valid answer
    // (accept_answer, which every spec reader uses), so that nothing is saved that
    // `evaluate` would refuse.
    AnswerScalar scalar;
    std::string choice; // the choice typed, by name or by number
    switch (question.kind) {
    case Question::Kind::boolean:
        if (word == "y" || word == "yes" || word == "true" || word == "n" || word == "no" || word == "false") {
            scalar.kind = AnswerScalar::Kind::boolean;
            scalar.flag = word[0] == 'y' || word[0] == 't';
        }
        break;
    case Question::Kind::count:
    case Question::Kind::percent:
        // A figure as the description reader reads one, so that what a description may say
        // can be typed too ("2,400", "1.2k", "twelve hundred", "30%").
        if (const auto number = rules.description_reader
                                    ? rules.description_reader->figure(text, question.kind == Question::Kind::percent)
                                    : std::nullopt) {
            scalar.kind = AnswerScalar::Kind::number;
            scalar.number = *number;
        }
        break;
    case Question::Kind::choice: {
        for (const std::string& known : question.choices) {
            if (text::ascii_lower(known) == word) {
                choice = known;
            }
        }
        const auto number = item_number(text);
        if (choice.empty() && number && *number >= 1 && *number <= question.choices.size()) {
            choice = question.choices[*number - 1];
        }
        scalar.kind = AnswerScalar::Kind::string;
        scalar.text = choice;
        break;
    }
    }
    if (std::optional<Value> answer = accept_answer(question, scalar)) {
        return {std::move(*answer), {}};
    }
    const bool percent = question.kind == Question::Kind::percent;
    switch (answer_problem(question, scalar)) {
    case AnswerProblem::below_min:
        return {std::nullopt, fmt::format("{} is below {}, the least this question takes.", text,
                                          text::format_number(*answer_min(question)))};
    case AnswerProblem::above_max:
        return {std::nullopt, fmt::format("{} is above {}, the most this question takes.", text,
                                          text::format_number(*answer_max(question)))};
    case AnswerProblem::not_whole:
        return {std::nullopt, fmt::format("'{}' is not a whole number.", text)};
    case AnswerProblem::unknown_choice:
        return {std::nullopt, fmt::format("'{}' is not one of the choices: type one of them or its number (1 to {}).",
                                          text, question.choices.size())};
    case AnswerProblem::wrong_type:
    case AnswerProblem::not_finite:
    case AnswerProblem::none:
        break;
    }
    if (question.kind == Question::Kind::boolean) {
        return {std::nullopt, fmt::format("'{}' is not yes or no: type yes or no (y/n).", text)};
    }
    return {std::nullopt, fmt::format("'{}' is not a number: type {}, such as {}.", text,
                                      percent ? "a percentage" : "a whole number", percent ? "25" : "1,200")};
}

InterviewResult run_interview(const Rules& rules, LineInput& in, std::ostream& out, const TextOptions& options)
{
    return Interview(rules, in, out, options).run();
}

std::optional<DocumentFormat> format_for_saving(std::string_view file)
{
    auto ends_with = [&](std::string_view tail) {
        return file.size() > tail.size() && text::ascii_lower(file.substr(file.size() - tail.size())) == tail;
    };
    if (ends_with(".json")) {
        return DocumentFormat::json;
    }
    if (ends_with(".yaml") || ends_with(".yml")) {
        return DocumentFormat::yaml;
    }
    return std::nullopt;
}

std::string spec_to_text(const Spec& spec, const Rules& rules, DocumentFormat format)
{
    nlohmann::ordered_json tree = nlohmann::ordered_json::object();
    tree["spec_version"] = k_spec_version;
    if (spec.name) {
        tree["name"] = text::valid_utf8(*spec.name);
    }
    if (spec.description) {
        tree["description"] = text::valid_utf8(*spec.description);
    }
    nlohmann::ordered_json answers = nlohmann::ordered_json::object();
    for (const Question& question : rules.questions) {
        auto found = spec.answers.find(question.id);
        if (found == spec.answers.end()) {
            continue;
        }
        if (const bool* flag = std::get_if<bool>(&found->second)) {
            answers[question.id] = *flag;
        } else if (const double* number = std::get_if<double>(&found->second)) {
            answers[question.id] = *number;
        } else if (const std::string* word = std::get_if<std::string>(&found->second)) {
            answers[question.id] = text::valid_utf8(*word);
        }
    }
    if (!answers.empty()) {
        tree["answers"] = std::move(answers);
    }
    if (format == DocumentFormat::json) {
        return tree.dump(2) + '\n';
    }
    return "# Written by 'ftadvisor ask'. Reuse it with 'ftadvisor evaluate' or 'ftadvisor check';\n"
           "# 'ftadvisor schema' describes every field.\n" +
           write_yaml(tree, YamlLayout::block);
}

} // namespace ftadvisor
