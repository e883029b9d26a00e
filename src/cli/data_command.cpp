#include "data_command.hpp"

#include "ftadvisor/dataset.hpp"
#include "input.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

namespace ftadvisor::cli {
namespace {

const std::vector<std::string> k_data_formats = {"text", "json", "markdown"};

// Files smaller than this are read too fast for a progress bar to help.
constexpr std::uint64_t k_progress_min_bytes = std::uint64_t{32} << 20;

struct DataStatsOptions {
    std::vector<std::string> files;
    std::optional<std::uint64_t> max_tokens; // default: the rules' training.max_example_tokens
    std::size_t errors = 20;
    std::uint64_t max_line_size = DatasetOptions{}.max_line_bytes;
    bool strict = false;
    unsigned jobs = 0;
};

// A bar on standard error, redrawn at most ten times a second and erased when done.
class ProgressBar {
public:
    explicit ProgressBar(std::string name) : m_name(std::move(name)) {}
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;
    ~ProgressBar()
    {
        if (m_drawn) {
            std::cerr << "\r\x1b[2K" << std::flush;
        }
    }

    void update(std::uint64_t done, std::uint64_t size)
    {
        const auto now = std::chrono::steady_clock::now();
        if (size == 0 || (m_drawn && now - m_last < std::chrono::milliseconds(100))) {
            return;
        }
        m_last = now;
        m_drawn = true;
        const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(size));
        constexpr int k_width = 30;
        const int filled = static_cast<int>(fraction * k_width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(k_width, '.');
        std::cerr << fmt::format("\r\x1b[2K{} [{}] {:3.0f}%", m_name, bar, fraction * 100) << std::flush;
    }

private:
    std::string m_name;
    std::chrono::steady_clock::time_point m_last;
    bool m_drawn = false;
};

int run_data_stats(const DataStatsOptions& options, const GlobalOptions& global)
{
    if (std::find(k_data_formats.begin(), k_data_formats.end(), global.format) == k_data_formats.end()) {
        std::cerr << fmt::format("ftadvisor: error: data stats cannot write --format {}; use one of {}\n",
                                 global.format, fmt::join(k_data_formats, ", "));
        return k_exit_invalid;
    }
    std::uint64_t max_tokens = k_default_max_tokens;
    if (options.max_tokens) {
        max_tokens = *options.max_tokens;
    } else {
        const auto rules = load_effective_rules(global, std::cerr);
        if (!rules) {
            return k_exit_invalid;
        }
        if (rules->training) {
            max_tokens = static_cast<std::uint64_t>(rules->training->max_example_tokens);
        }
    }
    DatasetReport report;
    report.max_tokens = max_tokens;
    report.errors_listed = options.errors;
    DatasetOptions measure;
    measure.max_tokens = max_tokens;
    measure.errors_listed = options.errors;
    measure.max_line_bytes = options.max_line_size;
    measure.max_bytes = global.max_dataset_size;
    measure.threads = job_count(options.jobs);
    const bool show_progress = isatty(STDERR_FILENO) == 1;
    for (const std::string& file : options.files) {
        std::unique_ptr<ProgressBar> bar;
        if (show_progress) {
            measure.progress = [&bar, &file](std::uint64_t done, std::uint64_t size) {
                if (size < k_progress_min_bytes) {
                    return;
                }
                if (!bar) {
                    bar = std::make_unique<ProgressBar>(file);
                }
                bar->update(done, size);
            };
        }
        DatasetResult result = file == "-"
                                   ? DatasetResult{std::nullopt, Diagnostic{"-",
                                                                            {},
                                                                            {},
                                                                            "standard input is not read: name "
                                                                            "the training set's file (a regular file)",
                                                                            {}}}
                                   : measure_dataset(local_files(), file, measure);
        bar.reset();
        if (result.error) {
            std::cerr << format_diagnostic(*result.error);
            report.unreadable.push_back(std::move(*result.error));
            continue;
        }
        report.total.add(*result.stats);
        report.files.push_back(std::move(*result.stats));
    }

    if (global.format == "json") {
        std::cout << render_dataset_json(report);
    } else if (global.format == "markdown") {
        std::cout << render_dataset_markdown(report);
    } else {
        std::cout << render_dataset_text(report, use_color(global), terminal_width());
    }
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "ftadvisor: error: cannot write the output\n";
        return k_exit_invalid;
    }
    if (!report.unreadable.empty()) {
        return k_exit_invalid;
    }
    return options.strict && report.total.format_errors > 0 ? k_exit_failed : k_exit_ok;
}

} // namespace

void setup_data_commands(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    CLI::App* data = app.add_subcommand(
        "data", "Measure training data: data stats counts what a JSON Lines training set really holds");
    data->require_subcommand(1);
    data->footer(R"(Examples:
  ftadvisor data stats train.jsonl
  ftadvisor --format json data stats train.jsonl eval.jsonl

docs/data.md describes what is counted.)");
    auto options = std::make_shared<DataStatsOptions>();
    CLI::App* stats = data->add_subcommand(
        "stats", "Count what JSON Lines training sets really hold: valid and clean examples, format errors with "
                 "their lines, repeats, empty replies, over-long examples, and estimated tokens");
    stats->add_option("file", options->files, "JSON Lines training sets (regular files)")
        ->required()
        ->type_name("FILE");
    stats
        ->add_option("--max-tokens", options->max_tokens,
                     "Examples estimated over N tokens count as too long (default: the rules' "
                     "training.max_example_tokens, 65,536 built in; set it to your model's training context)")
        ->check(whole_number(1, std::uint64_t{1} << 40))
        ->option_text("N");
    stats
        ->add_option("--errors", options->errors,
                     "List the first N format errors of each file with their lines (default: 20)")
        ->check(whole_number(0, 1'000'000))
        ->option_text("N");
    add_size_option(*stats, "--max-line-size", options->max_line_size,
                    "Lines longer than this are counted as line_too_long errors and skipped unread, "
                    "so memory stays bounded: bytes, or with a unit such as 512KiB (default 64MiB)");
    stats->add_flag("--strict", options->strict, "Exit 1 when any file has a format error");
    add_jobs_option(*stats, options->jobs, "Read");
    stats->footer(R"(Layouts recognised, one JSON object a line:
  chat               {"messages": [{"role": "user", "content": ...}, {"role": "assistant", ...}]}
                     (name, weight, tool_calls, function_call, tool_call_id and the tool,
                     function, developer and system roles are accepted)
  prompt_completion  {"prompt": ..., "completion": ...}
  instruction        {"instruction": ..., "input": ..., "output": ...}
  conversations      {"conversations": [{"from": "human", "value": ...}, {"from": "gpt", ...}]}
  preference         {"input": {"messages": [...]}, "preferred_output": [...],
                     "non_preferred_output": [...]}: pairs for preference tuning (DPO)
  gemini             {"contents": [{"role": "user", "parts": [{"text": ...}]}, {"role": "model", ...}]}
  prompt_response    {"prompt": ..., "response": ...}
  text               {"text": ...}: plain text, for continued pre-training

An example is clean when it is valid, not a repeat of an earlier one (text compared with
white space normalised and keys in any order), its reply is not empty, it is within
--max-tokens, and an assistant message has weight 1. Image parts are counted apart from
the tokens. Token counts are estimates: docs/data.md gives the method and its measured error.
A JSON array, pretty-printed JSON or CSV is refused with what to do (exit 2).

Output (--format): text (with a length histogram), json, markdown.

Examples:
  ftadvisor data stats train.jsonl
  ftadvisor --format json data stats train.jsonl valid.jsonl

Exit status: 0 the files were read (format errors are reported, not failed, unless
--strict); 1 --strict and a format error; 2 a file could not be read or is not a
regular file (the others are still reported), or a usage error.)");
    stats->callback([options, &global, &exit_code] { exit_code = run_data_stats(*options, global); });
}

} // namespace ftadvisor::cli
