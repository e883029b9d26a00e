#include "evaluate_command.hpp"

#include "ftadvisor/batch.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/report.hpp"
#include "input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

namespace ftadvisor::cli {
namespace {

struct EvaluateCommandOptions {
    std::vector<std::string> specs;
    unsigned jobs = 0;
    bool explain = false;
    bool what_would_change = false;    // asked for
    bool no_what_would_change = false; // asked to leave out
    std::string today;
    bool allow_empty = false; // no spec found is not an error
};

// Whether to search for what would change the verdict: asked for, or by default in the reports
// for people (text, Markdown); JSON and JSON Lines only when asked, since the search
// multiplies a batch's time (docs/performance.md).
bool search_changes(const EvaluateCommandOptions& options, const std::string& format)
{
    if (options.what_would_change || options.no_what_would_change) {
        return options.what_would_change;
    }
    return format == "text" || format == "markdown";
}

int run_evaluate(const EvaluateCommandOptions& options, const GlobalOptions& global)
{
    const std::vector<std::string> formats = report_format_names(ReportCommand::evaluate);
    if (std::find(formats.begin(), formats.end(), global.format) == formats.end()) {
        std::cerr << fmt::format("ftadvisor: error: evaluate cannot write --format {}; it is a report of 'ftadvisor "
                                 "check' (evaluate writes {})\n",
                                 global.format, fmt::join(formats, ", "));
        return k_exit_invalid;
    }
    const auto loaded = load_effective_rules(global, std::cerr);
    if (!loaded) {
        return k_exit_invalid;
    }
    const Rules& rules = *loaded;
    const std::string& format = global.format;
    const ftadvisor::EvaluateOptions evaluate_options{
        options.explain, options.today.empty() ? today_utc() : options.today, search_changes(options, global.format)};
    const TextOptions text_options{use_color(global), terminal_width()};
    const std::unique_ptr<EvaluationSink> report = make_evaluation_sink(format, rules, text_options);
    const std::unique_ptr<ByteSink> out = local_files().standard_output();

    const Run run(local_files(), read_limits(global), job_count(options.jobs));
    note_reading_terminal(options.specs);
    SpecInputs inputs(options.specs, run);
    const std::size_t invalid = evaluate_into(inputs, rules, evaluate_options, run, *report, *out,
                                              [](const Diagnostic& d) { std::cerr << format_diagnostic(d); });
    report->finish(*out);
    out->flush();
    note_skipped(inputs.skipped());
    if (inputs.yielded() == 0) {
        // A script pointed at the wrong folder must not take silence for success.
        std::cerr << fmt::format("ftadvisor: {}: no specs found in {}; folders are searched for *.json, *.yaml, *.yml "
                                 "and *.jsonl files with spec_version{}\n",
                                 options.allow_empty ? "warning" : "error", fmt::join(options.specs, ", "),
                                 options.allow_empty ? "" : "; check the path, or pass --allow-empty");
        if (!options.allow_empty) {
            return k_exit_invalid;
        }
    }

    if (out->failed()) {
        std::cerr << "ftadvisor: error: cannot write the output\n";
        return k_exit_invalid;
    }
    return invalid > 0 ? k_exit_invalid : k_exit_ok;
}

} // namespace

void setup_evaluate_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    auto options = std::make_shared<EvaluateCommandOptions>();
    CLI::App* command = app.add_subcommand("evaluate", "Advise on project specs: verdict, scores, reasons, "
                                                       "pitfalls, cost estimate and next steps");
    command
        ->add_option("spec", options->specs,
                     "Specs to evaluate, in order: .json, .yaml or .yml files; folders (their "
                     "*.json, *.yaml, *.yml and *.jsonl files, recursively, sorted by path; a JSON or YAML file "
                     "without a top-level spec_version, such as a CI workflow, is skipped and counted); .jsonl "
                     "files (one spec a line); or - for standard input (one JSON or YAML document, or JSON Lines)")
        ->required()
        ->type_name("SPEC");
    add_jobs_option(*command, options->jobs, "Evaluate");
    command->add_flag("--allow-empty", options->allow_empty,
                      "Exit 0 when the paths hold no spec (without it, finding none is an error, exit 2)");
    command->add_flag("--explain", options->explain,
                      "Add the whole trace: what the description said (every phrase and amount found, "
                      "counted, negated or passed over, and how a misspelling was read), and every rule "
                      "considered, whether it applied, the facts it read and its effect on the scores");
    CLI::Option* changes = command->add_flag(
        "--what-would-change", options->what_would_change,
        "List the nearest changes of the answers that would give another verdict (\"fine-tune: with 500 "
        "high-quality examples (now 80: 420 more)\"); one change, or two where no single one does it. "
        "On by default in text and Markdown; JSON and JSON Lines carry it only with this flag, as it "
        "makes a batch about 4x slower");
    command
        ->add_flag("--no-what-would-change", options->no_what_would_change,
                   "Leave out what would change the verdict (text and Markdown)")
        ->excludes(changes);
    add_today_option(*command, options->today,
                     "The day of the evaluation, YYYY-MM-DD (default: today, in UTC): the price table's age is "
                     "judged against it, and the retraining of a fine-tuning plan is dated from it");
    command->footer("Output (--format):\n" + report_format_help(ReportCommand::evaluate) +
                    R"(A spec's description is read for each answer the spec leaves out: the domain, the number of
checked examples, production or not, the expected improvement and real-time needs, each
reported with the words it came from; a given answer always wins (docs/description.md).
A spec's dataset (a JSON Lines file, relative to the spec) is measured as 'data stats'
does: its clean examples answer high_quality_examples, and its tokens price the training
compute. Results come out in the order of the inputs, whatever --jobs is. --format, --color and
--rules may stand before or after the subcommand (see ftadvisor --help).

Examples:
  ftadvisor evaluate examples/clinic-triage.json
  ftadvisor evaluate --format json proposal.yaml | jq .verdict
  ftadvisor evaluate --format markdown proposals/ > portfolio.md
  ftadvisor evaluate --format jsonl - < specs.jsonl | jq -r .verdict

Exit status: 0 every spec was evaluated; 2 a spec could not be read or is invalid. Each
problem is reported on stderr with its file and line:column (or its line in a JSON Lines
stream) and field path; the other specs are still evaluated and printed.)");
    command->callback([options, &global, &exit_code] { exit_code = run_evaluate(*options, global); });
}

} // namespace ftadvisor::cli
