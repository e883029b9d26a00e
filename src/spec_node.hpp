#pragma once

#include "document.hpp"

#include "ftadvisor/spec.hpp"

#include "reader.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// parse_spec_text on a document already parsed.
SpecResult parse_spec(const Document& document, const Rules& rules);

// The keys a spec may have, in the order of the format's documentation.
inline const std::vector<std::string> k_spec_keys = {
    "spec_version",      "name",       "description", "answers",  "stage", "dataset",
    "proposed_approach", "budget_usd", "waivers",     "provider", "model"};

// Counts above this are not plausible and would lose precision as doubles.
inline constexpr double k_max_count = 1e12;

// An answer's value as written, whatever the parser that read it.
struct AnswerScalar {
    enum class Kind { boolean, number, string, other };
    Kind kind = Kind::other;
    bool flag = false;
    double number = 0;
    std::string_view text;
};

// Why a value is not a valid answer to a question, or `none`.
enum class AnswerProblem { none, wrong_type, not_finite, below_min, above_max, not_whole, unknown_choice };

// The one definition of a valid answer, for every reader of answers (specs in JSON and YAML,
// the fast path, the interview): the value's type fits the question, a number is finite
// and within answer_min/answer_max, a count is whole, a choice is one of the choices.
AnswerProblem answer_problem(const Question& question, const AnswerScalar& scalar);

// The least and most a number may be as an answer to `question`: its own bounds, and for a
// count at most k_max_count.
std::optional<double> answer_min(const Question& question);
std::optional<double> answer_max(const Question& question);

// The answer to `question`, or nothing when answer_problem() finds one.
std::optional<Value> accept_answer(const Question& question, const AnswerScalar& scalar);

// The spec in a JSON text, read straight from the text without building a tree, when it
// is plain and valid; nothing otherwise, however small the problem (a duplicate key, a
// wrong type, a BOM, waivers to check), so that parse_document and parse_spec can report it.
// Where it returns a spec, that spec equals parse_spec's. `text` may gain spare capacity.
std::optional<Spec> read_plain_json_spec(std::string& text, const std::string& file, const Rules& rules);

// parse_spec for a spec that is one node of a larger document (a case in a `rules test`
// file): `diagnose` locates the spec's own paths within that document.
SpecResult parse_spec_node(const nlohmann::json& root, const std::string& file, const DiagnoseFn& diagnose,
                           const Rules& rules);

} // namespace ftadvisor
