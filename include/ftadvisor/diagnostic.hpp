#pragma once

#include <stdexcept>
#include <string>
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
    std::string source_line; // the text of the line at `location`, for a caret display
};

// Formats a diagnostic the way compilers do:
//   file:line:col: error: path: message
//     source line
//     ^
// Parts that are unknown are left out. Ends with a newline.
std::string format_diagnostic(const Diagnostic& diagnostic);

// Orders diagnostics as a compiler reports them: file by file in the order of `files` (files
// not named there last), each from top to bottom; those without a position first. Stable.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const std::vector<std::string>& files);

// The one error type the library throws, for failures that are not a user's input
// mistake (for instance embedded rules that do not load). Caught once at the edge.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace ftadvisor
