#include "cli/evaluate_command.hpp"

#include "cli/input.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/render.hpp"

#include <iostream>
#include <memory>

namespace ftadvisor::cli {
namespace {

struct EvaluateOptions {
    std::string spec;
};

int run_evaluate(const EvaluateOptions& options, const GlobalOptions& global)
{
    const auto loaded = load_effective_rules(global, std::cerr);
    if (!loaded) {
        return k_exit_invalid;
    }
    const Rules& rules = *loaded;
    auto spec = load_spec(options.spec, rules, std::cerr);
    if (!spec) {
        return k_exit_invalid;
    }
    const Evaluation evaluation = evaluate(*spec, rules);
    if (global.format == "json") {
        std::cout << render_json(evaluation);
    } else {
        std::cout << render_text(evaluation, rules, TextOptions{use_color(global), 80});
    }
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "ftadvisor: error: cannot write the output\n";
        return k_exit_invalid;
    }
    return k_exit_ok;
}

} // namespace

void setup_evaluate_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    auto options = std::make_shared<EvaluateOptions>();
    CLI::App* command = app.add_subcommand("evaluate", "Advise on one project spec: verdict, scores, reasons, "
                                                       "pitfalls, cost estimate and next steps");
    command
        ->add_option("spec", options->spec,
                     "The spec: a .json, .yaml or .yml file, or - to read it from standard input "
                     "(JSON or YAML, told apart by its first character)")
        ->required();
    command->footer(R"(Output:
  --format text (default) prints a report for people; --format json prints one object
  with the fields of output_version 1 (see docs/output.md). --format, --color and --rules
  may stand before or after the subcommand (see ftadvisor --help).

Examples:
  ftadvisor evaluate examples/clinic-triage.json
  ftadvisor evaluate --format json proposal.yaml | jq .verdict
  cat spec.json | ftadvisor evaluate -

Exit status: 0 advice printed; 2 the spec could not be read or is invalid (every problem is
reported on stderr with its file, line:column or field path).)");
    command->callback([options, &global, &exit_code] { exit_code = run_evaluate(*options, global); });
}

} // namespace ftadvisor::cli
