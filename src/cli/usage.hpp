#pragma once

// Usage errors in our own words (docs/interface.md): what was wrong, the nearest right word,
// and the commands to choose from, instead of the command-line parser's messages.

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace ftadvisor::cli {

// The arguments (without the program's name) as the parser takes them: `help [COMMAND...]`
// is `[COMMAND...] --help`, and `version` alone is `--version`, as people type them.
std::vector<std::string> usual_words(const std::vector<std::string>& args);

// Writes `error`, which parsing `app` threw, to `err`: an unknown option or command with the
// nearest one, a command that needs one of its own with the list of them, a missing argument
// with what it is; then how to get the help of the command that was being read.
void report_usage_error(CLI::App& app, const CLI::ParseError& error, std::ostream& err);

} // namespace ftadvisor::cli
