#pragma once

#include "app.hpp"
#include "ftadvisor/check.hpp"
#include "ftadvisor/io.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>

namespace ftadvisor::cli {

// The effective rules: the embedded defaults, then the files of FTADVISOR_RULES (paths
// separated by ':'), then those of --rules, then `extra`. Writes every problem to `err`
// and returns nothing if there was one. Without overlays this is the embedded rules, loaded
// once and not copied. With a `base` folder (check --rules-from-base), each of those paths is
// read below `base` instead of the working folder, and an absolute one is refused.
std::shared_ptr<const Rules> load_effective_rules(const GlobalOptions& options, std::ostream& err,
                                                  const std::vector<std::string>& extra = {},
                                                  const std::string& base = {});

// Writes diagnostics to `err` in the compilers' form.
void report(const std::vector<Diagnostic>& diagnostics, std::ostream& err);

// Adds an option of a size in bytes, or with a unit (512KiB, 64MiB), from 1 to `most`.
void add_size_option(CLI::App& command, const char* name, std::uint64_t& size, const std::string& help,
                     std::uint64_t most = std::uint64_t{1} << 40);

// A check, in our words, that an option's value is one of `choices`, with the nearest one
// suggested. Its description, "{a,b,c}", is what the completion scripts read the choices from.
CLI::Validator one_of(std::vector<std::string> choices);

// A check, in our words, that an option's value is a whole number from `least` to `most`.
CLI::Validator whole_number(std::uint64_t least, std::uint64_t most);

// Adds -j,--jobs N to a command that works on many specs at once.
void add_jobs_option(CLI::App& command, unsigned& jobs, const char* verb);

// A note on standard error of the files found in folders and passed over as not specs
// (SpecInputs::skipped): how many, and the first few. Nothing when there are none.
void note_skipped(const std::vector<std::string>& skipped);

// When `paths` name standard input (-) and it is a terminal, says on standard error that the
// command is waiting for a spec there and how to end it: otherwise it looks stuck.
void note_reading_terminal(const std::vector<std::string>& paths);

// An amount in US dollars: a finite number, 0 or more ("nan" would turn a budget gate off).
void add_usd_option(CLI::App& command, const char* name, std::optional<double>& amount, const std::string& help);

// Adds an option of an increase in cost: USD (an amount) or PCT% (a share of the base's cost);
// repeatable to give both, and of one kind given twice the stricter holds.
void add_increase_option(CLI::App& command, const char* name, IncreaseLimit& limit, const std::string& help);

// The threads to use: `requested`, or with 0 one per core this process may use (its CPU
// affinity and its container's CPU quota), at most 8.
unsigned job_count(unsigned requested);

// The limits on what is read, from --max-file-size.
ReadLimits read_limits(const GlobalOptions& options);

// Whether to colour output written to standard output: `always`, `never`, or for `auto`
// when it is a terminal and neither NO_COLOR is set nor TERM is "dumb".
bool use_color(const GlobalOptions& options);

// The width to lay text out in: the terminal's columns when `fd` (standard output unless
// said) is one (between 40 and 160), else 80.
int terminal_width(int fd = 1);

// While it lives, and standard error is a terminal, the messages written to std::cerr that
// start with "ftadvisor: " are wrapped to its width, their other lines indented by 2. Other
// lines (a diagnostic's file:line:col, its source line and caret, a progress bar) pass as
// they are; so does everything when standard error is a pipe or a file, one message a line
// for the tools that read logs.
class MessageWrapping {
public:
    MessageWrapping();
    ~MessageWrapping();
    MessageWrapping(const MessageWrapping&) = delete;
    MessageWrapping& operator=(const MessageWrapping&) = delete;

private:
    std::unique_ptr<std::streambuf> m_filter;
    std::streambuf* m_original = nullptr;
};

// Writes `text` to standard output and flushes it: k_exit_ok, or k_exit_invalid after saying
// so on standard error when it could not be written (a full disk, a closed pipe).
int write_output(std::string_view text);

// Adds --today DATE (YYYY-MM-DD; empty is today in UTC) to `command`, checked as it is parsed so
// that a wrong date is a usage error like any other.
void add_today_option(CLI::App& command, std::string& today, const std::string& help);

} // namespace ftadvisor::cli
