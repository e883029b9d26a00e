#pragma once

// Usage errors in our own words (docs/interface.md): what was wrong, the nearest right word,
// and the commands to choose from, instead of the command-line parser's messages.

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace ftadvisor::cli {

// The arguments (without the program's name) as the parser takes them: `help [COMMAND...]`
// is `[COMMAND...] --help`, and `version` alone is `--version`, as people type them. `help`
// before a word that is not a command of `app` is dropped, so that the word gets the message
// of an unknown command (with the nearest one) rather than the program's help.
std::vector<std::string> usual_words(const std::vector<std::string>& args, const CLI::App& app);

// Writes `error`, which parsing `app` threw, to `err`: an unknown option or command with the
// nearest one, a command that needs one of its own with the list of them, a missing argument
// with what it is; then how to get the help of the command that was being read.
void report_usage_error(CLI::App& app, const CLI::ParseError& error, std::ostream& err);

// When an option of `app` (parsed without error) took a command's name as its value, as in
// `ftadvisor --rules evaluate`, says so on `err` and returns true.
bool report_option_took_command(const CLI::App& app, std::ostream& err);

// The help's layout in `width` columns: CLI11's, with every description, footer line and option
// wrapped to the width beside its column instead of running on (set on the program before its
// subcommands are added, which take it from there).
std::shared_ptr<CLI::Formatter> help_formatter(std::size_t width);

} // namespace ftadvisor::cli
