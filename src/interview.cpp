#include "ftadvisor/interview.hpp"

#include "ftadvisor/diagnostic.hpp"
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

// Text the user typed, for a prompt or a line of the summary: on one line, sanitised, and cut
// to `most` bytes with a marker.
std::string shown(const std::string& typed, std::size_t most)
{
    return text::visible(text::one_line(text::shorten(typed, most)));
}

// An amount in dollars as people type one: "20000", "$20,000", "20k", "1.5m", "20000.50".
std::optional<double> dollars(std::string_view typed)
{
    std::string digits;
    for (const char c : typed) {
        if (c != '$' && c != ',' && c != ' ') {
            digits += text::ascii_lower(c);
        }
    }
    double scale = 1;
    if (!digits.empty() && (digits.back() == 'k' || digits.back() == 'm')) {
        scale = digits.back() == 'k' ? 1e3 : 1e6;
        digits.pop_back();
    }
    const bool plain = !digits.empty() && digits.find_first_not_of("0123456789.") == std::string::npos &&
                       std::count(digits.begin(), digits.end(), '.') <= 1 && digits != ".";
    if (!plain) {
        return std::nullopt;
    }
    const double value = std::strtod(digits.c_str(), nullptr) * scale;
    return std::isfinite(value) && value <= 1e15 ? std::optional(value) : std::nullopt;
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

// The spec's fields besides the checklist that the interview asks for after it, each optional.
enum class Extra { stage, budget, approach, dataset };

// One step of the interview and what was chosen at it.
struct Step {
    enum class Kind { name, description, question, extra };
    Kind kind = Kind::question;
    const Question* question = nullptr;
    std::optional<Value> answer; // chosen (unknown when skipped or left out); none: not reached
    Extra extra = Extra::stage;  // for an extra step
};

// The word a summary takes for an extra step, and its line there.
const char* extra_word(Extra extra)
{
    switch (extra) {
    case Extra::stage:
        return "stage";
    case Extra::budget:
        return "budget";
    case Extra::approach:
        return "approach";
    case Extra::dataset:
        return "dataset";
    }
    return "";
}

class Interview {
public:
    Interview(const Rules& rules, LineInput& in, std::ostream& out, const TextOptions& options)
        : m_rules(rules), m_in(in), m_out(out), m_options(options), m_style(options.color)
    {
    }

    InterviewResult run()
    {
        InterviewResult result;
        m_out << m_style.bold("A few questions about the project.") << '\n';
        say("At any prompt: ? for help, back to go back, skip (or \"don't know\") to leave an answer unknown.", 0);
        std::vector<Step> steps;
        steps.push_back(Step{Step::Kind::name, nullptr, {}, Extra::stage});
        steps.push_back(Step{Step::Kind::description, nullptr, {}, Extra::stage});
        for (const Question& question : m_rules.questions) {
            steps.push_back(Step{Step::Kind::question, &question, {}, Extra::stage});
        }
        for (const Extra extra : {Extra::stage, Extra::budget, Extra::approach, Extra::dataset}) {
            steps.push_back(Step{Step::Kind::extra, nullptr, {}, extra});
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
            say("Change an answer? Type its number or the field's name; Enter for the verdict.", 0);
            const auto typed = m_in.ask("> ");
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
                step = steps.size() - 1; // the last step
            } else if (const auto number = item_number(choice); number && *number >= 1 && *number <= count) {
                step = 2 + *number - 1;
            } else {
                for (std::size_t i = 0; i < steps.size(); ++i) {
                    if (steps[i].kind == Step::Kind::extra && choice == extra_word(steps[i].extra)) {
                        step = i;
                    }
                }
            }
            if (!step) {
                say(fmt::format("Type a question's number (1 to {}) to change its answer; name, description, "
                                "stage, budget, approach or dataset to change those; back for the last step; "
                                "or press Enter for the verdict.",
                                count),
                    2);
                show = false;
                continue;
            }
            // Asked until answered: help at the name or the description asks again.
            for (std::optional<std::size_t> next = *step; next == *step;) {
                next = ask_step(steps, *step);
                if (!next) {
                    return result;
                }
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
            if (step.kind != Step::Kind::extra || !step.answer || !is_known(*step.answer)) {
                continue;
            }
            const std::string* word = std::get_if<std::string>(&*step.answer);
            const double* number = std::get_if<double>(&*step.answer);
            switch (step.extra) {
            case Extra::stage:
                spec.stage = word != nullptr ? std::optional(*word) : std::nullopt;
                break;
            case Extra::budget:
                spec.budget_usd = number != nullptr ? std::optional(*number) : std::nullopt;
                break;
            case Extra::approach:
                spec.proposed_approach = word != nullptr ? std::optional(*word) : std::nullopt;
                break;
            case Extra::dataset:
                spec.dataset = word != nullptr ? std::optional(*word) : std::nullopt;
                break;
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
            const auto typed = ask_wrapped(fmt::format("Project name [{}]", shown(m_name, 30)), 0);
            if (!typed) {
                return std::nullopt;
            }
            const std::string name = trim(*typed);
            const std::string word = text::ascii_lower(name);
            if (word == "back") {
                say("This is the first question; there is nothing before it.", 2);
                return at;
            }
            if (word == "?" || word == "help") {
                say("A short name for the project, shown as the report's title. Enter keeps the one in brackets.", 2);
                return at;
            }
            if (!name.empty() && word != "skip" && !says_unknown(word)) {
                m_name = name;
            }
            return at + 1;
        }
        if (step.kind == Step::Kind::description) {
            if (!m_description.empty()) {
                say("Description: " + m_description, 2);
            }
            const auto typed = ask_wrapped(m_description.empty() ? "Describe the project in a sentence or two"
                                                                 : "Description [Enter keeps it]",
                                           0);
            if (!typed) {
                return std::nullopt;
            }
            const std::string description = trim(*typed);
            if (text::ascii_lower(description) == "back") {
                return at - 1;
            }
            const std::string said = text::ascii_lower(description);
            if (said == "skip" || says_unknown(said)) {
                return at + 1;
            }
            if (said == "?" || said == "help") {
                say("What the project does, for whom, and how far along it is. The advisor reads it for the domain, "
                    "the stage and the need for live data, and suggests answers from it.",
                    2);
                return at;
            }
            if (!description.empty() && description != m_description) {
                m_description = description;
                read_description();
            }
            return at + 1;
        }

        if (step.kind == Step::Kind::extra) {
            return ask_extra(step, at);
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
            std::string answer;
            std::string word;
            switch (prompt(hint, question.help.empty() ? "No help for this question." : question.help, fallback, answer,
                           word)) {
            case Typed::ended:
                return std::nullopt;
            case Typed::back:
                return at - 1;
            case Typed::helped:
                continue;
            case Typed::unknown:
                step.answer = Value{};
                say("Left unknown: the rules that read this answer will not count it.", 3, &Style::dim);
                return at + 1;
            case Typed::kept:
                step.answer = *fallback;
                return at + 1;
            case Typed::answer:
                break;
            }
            ParsedAnswer parsed = parse_answer(m_rules, question, answer);
            if (!parsed.value) {
                warn(parsed.problem);
                continue;
            }
            if (const std::string doubt = doubt_about(question, answer, *parsed.value); !doubt.empty()) {
                const auto again = ask_wrapped(doubt, 3);
                if (!again) {
                    return std::nullopt;
                }
                const std::string reply = trim(*again);
                const std::string reply_word = text::ascii_lower(reply);
                if (reply_word == "skip" || says_unknown(reply_word)) {
                    step.answer = Value{};
                    return at + 1;
                }
                if (!reply.empty()) {
                    ParsedAnswer second = reply_word == "back" || reply_word == "?" || reply_word == "help"
                                              ? ParsedAnswer{}
                                              : parse_answer(m_rules, question, reply);
                    if (!second.value) {
                        // The question again, with the first answer as its default.
                        if (!second.problem.empty()) {
                            warn(second.problem);
                        }
                        fallback = *parsed.value;
                        continue;
                    }
                    parsed = std::move(second);
                }
            }
            step.answer = std::move(*parsed.value);
            return at + 1;
        }
    }

    // What an extra step asks, its help, and the choices it offers (none: free text or an amount).
    struct ExtraPrompt {
        std::string text;
        std::string help;
        std::vector<std::string> choices;
    };

    ExtraPrompt extra_prompt(Extra extra) const
    {
        switch (extra) {
        case Extra::stage:
            return {"What stage is the project at?",
                    "How far along it is: it changes the plan of next steps, and a prototype is advised to prove the "
                    "use case on the base model first.",
                    m_rules.stages};
        case Extra::budget:
            return {"What budget, in US dollars, could fine-tuning take?",
                    "The most the team would spend on a fine-tuning run and its first year; `check` fails a "
                    "proposal whose estimated cost is over it.",
                    {}};
        case Extra::approach:
            return {"Which approach does the team propose?",
                    "What the team means to do; `check` fails the proposal when the rules do not back it.",
                    m_rules.approach_ids()};
        case Extra::dataset:
            return {"Where is the training set (a JSON Lines file)?",
                    "Its path, as from the working folder (a saved spec gets it as from its own folder): the "
                    "training set is measured, and its clean examples answer the examples question.",
                    {}};
        }
        return {};
    }

    // One of the optional fields after the checklist: Enter, skip or "don't know" leave it out.
    // Long on purpose: the prompt's commands, as at a question, and the three kinds of answer.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    std::optional<std::size_t> ask_extra(Step& step, std::size_t at)
    {
        const ExtraPrompt asked = extra_prompt(step.extra);
        m_out << '\n';
        say(asked.text + " (optional)", 0, &Style::bold);
        for (std::size_t i = 0; i < asked.choices.size(); ++i) {
            m_out << fmt::format("   {}. {}\n", i + 1, asked.choices[i]);
        }
        std::optional<Value> fallback = step.answer;
        if (!fallback && step.extra == Extra::stage) {
            if (const auto found = std::find_if(m_inferred.inferred.begin(), m_inferred.inferred.end(),
                                                [](const Inferred& i) { return i.question == k_stage_answer; });
                found != m_inferred.inferred.end()) {
                fallback = found->value;
            }
        }
        const std::string kind = !asked.choices.empty()        ? "a choice"
                                 : step.extra == Extra::budget ? "an amount"
                                                               : "a path";
        for (;;) {
            const std::string hint = fallback && is_known(*fallback)
                                         ? fmt::format("{} [{}]", kind, extra_text(step.extra, *fallback))
                                         : kind + ", or Enter to leave it out";
            std::string answer;
            std::string word;
            switch (prompt(hint, asked.help, fallback, answer, word)) {
            case Typed::ended:
                return std::nullopt;
            case Typed::back:
                return at - 1;
            case Typed::helped:
                continue;
            case Typed::unknown:
                step.answer = Value{};
                if (!answer.empty()) { // Enter is the prompt's own way to leave it out; a word is said back
                    say("Left out.", 3, &Style::dim);
                }
                return at + 1;
            case Typed::kept:
                step.answer = *fallback;
                return at + 1;
            case Typed::answer:
                break;
            }
            if (!asked.choices.empty()) {
                const auto number = item_number(answer);
                const auto found = std::find(asked.choices.begin(), asked.choices.end(), word);
                if (number && *number >= 1 && *number <= asked.choices.size()) {
                    step.answer = asked.choices[*number - 1];
                } else if (found != asked.choices.end()) {
                    step.answer = *found;
                } else {
                    warn(fmt::format("'{}' is not one of the choices: type one of them or its number (1 to {}){}.",
                                     answer, asked.choices.size(), text::did_you_mean(word, asked.choices)));
                    continue;
                }
                return at + 1;
            }
            if (step.extra == Extra::budget) {
                const std::optional<double> amount = dollars(answer);
                if (!amount) {
                    warn(fmt::format("'{}' is not an amount in dollars: type one such as 20000, $20,000 or 20k.",
                                     answer));
                    continue;
                }
                step.answer = *amount;
                return at + 1;
            }
            if (const std::string problem = m_in.unreadable(answer); !problem.empty()) {
                warn(fmt::format("'{}': {}. Type another path, or Enter to leave it out.", answer, problem));
                continue;
            }
            step.answer = answer; // a path: measured when the verdict is made
            return at + 1;
        }
    }

    static std::string extra_text(Extra extra, const Value& value)
    {
        if (const double* number = std::get_if<double>(&value); number != nullptr && extra == Extra::budget) {
            return text::format_usd(*number);
        }
        return format_value(value);
    }

    // What was typed at a prompt: input ended, back, help (shown already), a way of leaving the
    // answer unknown (skip, "don't know", Enter without a default), Enter keeping the default, or
    // an answer.
    enum class Typed { ended, back, helped, unknown, kept, answer };

    // Asks at `hint`; for ? and help shows `help`. The answer trimmed, and its lower case in `word`.
    Typed prompt(const std::string& hint, std::string_view help, const std::optional<Value>& fallback,
                 std::string& answer, std::string& word)
    {
        const auto typed = ask_wrapped(hint, 3);
        if (!typed) {
            return Typed::ended;
        }
        answer = trim(*typed);
        word = text::ascii_lower(answer);
        if (word == "back") {
            return Typed::back;
        }
        if (word == "?" || word == "help") {
            say(help, 3);
            return Typed::helped;
        }
        const bool has_default = fallback && is_known(*fallback);
        if (word == "skip" || says_unknown(word) || (answer.empty() && !has_default)) {
            return Typed::unknown;
        }
        return answer.empty() ? Typed::kept : Typed::answer;
    }

    // Asks `question` after `indent` spaces on the prompt's line where it fits the width, else
    // wrapped above a prompt of its own.
    std::optional<std::string> ask_wrapped(const std::string& question, std::size_t indent)
    {
        const std::string line = fmt::format("{}{} > ", std::string(indent, ' '), question);
        if (text::columns(line) <= static_cast<std::size_t>(std::max(m_options.width, 40))) {
            return m_in.ask(line);
        }
        say(question, indent);
        return m_in.ask(std::string(indent, ' ') + "> ");
    }

    // A row of the summary: `lead`, then `value` wrapped beside it.
    void row(const std::string& lead, const std::string& value)
    {
        const auto width = static_cast<std::size_t>(std::max(m_options.width, 40));
        m_out << hanging(lead, value, text::columns(lead), width);
    }

    // Prose wrapped to the width, each line after `indent` spaces (the first after `lead`, when
    // given), styled by `style` when given.
    void say(std::string_view prose, std::size_t indent, std::string (Style::*style)(std::string_view) const = nullptr,
             std::string_view lead = {})
    {
        const std::size_t width = static_cast<std::size_t>(std::max(m_options.width, 40));
        const std::size_t room = width > indent + 20 ? width - indent : 20;
        // What the user typed is among it: shown through the output's sanitiser.
        const std::vector<std::string> lines = text::wrap(text::visible(text::one_line(prose)), room);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::string shown = style != nullptr ? (m_style.*style)(lines[i]) : lines[i];
            m_out << (i == 0 && !lead.empty() ? std::string(lead) : std::string(indent, ' ')) << shown << '\n';
        }
    }

    // Why an answer was refused, wrapped, in the warning's colour.
    void warn(std::string_view problem)
    {
        const std::size_t width = static_cast<std::size_t>(std::max(m_options.width, 40));
        for (const std::string& line :
             text::wrap(text::visible(text::one_line(problem)), width > 23 ? width - 3 : 20)) {
            m_out << "   " << m_style.severity(Severity::warning, line) << '\n';
        }
    }

    void summary(const std::vector<Step>& steps)
    {
        m_out << '\n' << m_style.bold("Your answers") << '\n';
        say(m_name, 15, nullptr, "  name         ");
        if (!m_description.empty()) {
            say(m_description, 15, nullptr, "  description  ");
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
            row(fmt::format("  {:>2}. {:<{}}  ", number++, step.question->id, width),
                known ? text::visible(format_answer(step.question, *step.answer)) : m_style.dim("unknown"));
        }
        for (const Step& step : steps) {
            if (step.kind == Step::Kind::extra) {
                const bool known = step.answer && is_known(*step.answer);
                row(fmt::format("  {:<11}  ", extra_word(step.extra)),
                    known ? shown(extra_text(step.extra, *step.answer), 60) : m_style.dim("left out"));
            }
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
        return {std::nullopt, fmt::format("'{}' is not one of the choices: type one of them or its number (1 to {}){}.",
                                          text, question.choices.size(), text::did_you_mean(word, question.choices))};
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
    if (spec.stage) {
        tree["stage"] = *spec.stage;
    }
    if (spec.proposed_approach) {
        tree["proposed_approach"] = *spec.proposed_approach;
    }
    if (spec.budget_usd) {
        tree["budget_usd"] = *spec.budget_usd;
    }
    if (spec.dataset) {
        tree["dataset"] = text::valid_utf8(*spec.dataset);
    }
    if (format == DocumentFormat::json) {
        return tree.dump(2) + '\n';
    }
    return "# Written by 'ftadvisor ask'. Reuse it with 'ftadvisor evaluate' or 'ftadvisor check';\n"
           "# 'ftadvisor schema' describes every field.\n" +
           write_yaml(tree, YamlLayout::block);
}

} // namespace ftadvisor
