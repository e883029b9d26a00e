#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// A 1-based position in a source file. Zero means unknown.
struct Location {
    int line = 0;
    int column = 0;
};

// One problem found in user input (a spec, a rules file). Loaders collect these as values
// so that every problem can be reported at once.
struct Diagnostic {
    std::string file;        // as the user named it; "<stdin>" for standard input
    Location location;       // where in the file, when known
    std::string path;        // field path such as "answers.production", when known
    std::string message;     // what is wrong, without the location
    std::string source_line; // the text of the line at `location` (cut around it when long), for a caret display
    int source_column = 0;   // where in `source_line` the caret goes (1-based); 0: at location.column
};

// What reading something gave: the value, or every problem that kept it from being read (a
// value may come with warnings that did not). The one result type of the library's readers:
// SpecResult, RulesResult, DocumentResult.
template <class T>
struct Result {
    std::optional<T> value;
    std::vector<Diagnostic> diagnostics;
};

// " (did you mean 'x'?)" when a candidate is near enough to `word` to be what was meant (a
// typo, or the only one it begins), else "": for messages about a word that is not known.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// `text` as it may reach a terminal or a log: control characters, bidirectional overrides and
// workflow commands escaped, invalid UTF-8 replaced (the output's one sanitiser,
// docs/security.md), on one line.
std::string printable(std::string_view text);

// `prose` after `lead` in `width` columns, its other lines indented by `indent`, each line
// ending in a line break: the layout of the reports (a narrow width puts the prose below the
// lead), for the messages and lists of the command line.
std::string hanging(std::string_view lead, std::string_view prose, std::size_t indent, std::size_t width);

// Formats a diagnostic the way compilers do:
//   file:line:col: error: path: message
//     source line
//     ^
// Parts that are unknown are left out. Ends with a newline.
std::string format_diagnostic(const Diagnostic& diagnostic);

// Orders diagnostics as a compiler reports them: file by file in the order of `files` (files
// not named there last), each from top to bottom; those without a position first. Stable.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const std::vector<std::string>& files);

// The most problems reported for one file: a file wrong in every line (a log passed as a
// spec, 200,000 unknown keys) gets this many and one more that says how many were left out.
inline constexpr std::size_t k_max_diagnostics_per_file = 100;

// Keeps the first `max` diagnostics of each file, in order, and puts after a file's last one
// kept a diagnostic saying how many of its problems are not shown.
void limit_diagnostics(std::vector<Diagnostic>& diagnostics, std::size_t max = k_max_diagnostics_per_file);

// The one error type the library throws, for failures that are not a user's input
// mistake (for instance embedded rules that do not load). Caught once at the edge.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace ftadvisor
