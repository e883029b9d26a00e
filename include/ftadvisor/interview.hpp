#pragma once

#include "ftadvisor/format.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <iosfwd>
#include <optional>
#include <string>

namespace ftadvisor {

// Where the interview reads its answers: a terminal with line editing, or a script in tests.
class LineInput {
public:
    virtual ~LineInput() = default;
    // Shows `prompt` and returns the line typed, without its line end; nothing when input
    // has ended (Ctrl-D).
    virtual std::optional<std::string> ask(const std::string& prompt) = 0;
    // Why a training set's path, as typed, cannot be read, or empty when it can (or cannot be
    // told): the interview asks again rather than find out after the summary.
    virtual std::string unreadable(const std::string& path) const
    {
        (void)path;
        return {};
    }
};

struct InterviewResult {
    bool finished = false; // false: input ended before the last step
    Spec spec;             // name, description and the answers chosen (unknown ones left out)
};

// Interviews a person for a spec: the project's name and description, then each question of
// the rules with its kind of answer (yes/no, a whole number, a percentage, a choice). A
// default in brackets comes from what the description implies, and the prompt says from
// which words. `?` shows the question's help, `back` returns to the previous step, `skip`
// leaves an answer unknown; a wrong answer is refused with the reason and asked again. At
// the end, a summary of the answers with a chance to change any. Writes prompts and
// messages to `out`.
InterviewResult run_interview(const Rules& rules, LineInput& in, std::ostream& out, const TextOptions& options);

// The spec as a document in `format` that `evaluate` and `check` read back to the same spec:
// YAML with a comment saying where it came from, or JSON (which has no comments).
std::string spec_to_text(const Spec& spec, const Rules& rules, DocumentFormat format);

// The format a spec saved to `file` is written in, by its extension: JSON for .json, YAML
// for .yaml and .yml; none for any other.
std::optional<DocumentFormat> format_for_saving(std::string_view file);

// An answer as read, or why it could not be.
struct ParsedAnswer {
    std::optional<Value> value;
    std::string problem;
};

// Reads one answer to `question` as typed ("yes", "2,400", "1.2k", "30%", a choice or its
// number), or says why it cannot be read. Figures are read by the rules' description reader,
// as a description's amounts are.
ParsedAnswer parse_answer(const Rules& rules, const Question& question, const std::string& typed);

} // namespace ftadvisor
