#include "app.hpp"

#include "ask_command.hpp"
#include "check_command.hpp"
#include "completion_command.hpp"
#include "data_command.hpp"
#include "evaluate_command.hpp"
#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/report.hpp"
#include "ftadvisor/version.hpp"
#include "input.hpp"
#include "providers_command.hpp"
#include "rules_command.hpp"
#include "schema_command.hpp"
#include "usage.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <new>

#include <unistd.h>

namespace ftadvisor::cli {
namespace {

// The options every subcommand sees (docs/interface.md).
void add_global_options(CLI::App& app, GlobalOptions& global)
{
    app.add_option("--format", global.format,
                   "Output format: text (the default), json, jsonl or markdown; check also writes junit, sarif "
                   "and github")
        ->check(one_of(report_format_names()))
        ->option_text("FORMAT"); // the choices are in the words, not CLI11's TEXT:{...}
    app.add_option("--color", global.color,
                   "Colour the text output: auto (the default: on a terminal without NO_COLOR), "
                   "always or never")
        ->check(one_of({"auto", "always", "never"}))
        ->option_text("WHEN");
    app.add_option("--rules", global.rules,
                   "Lay the rules in PATH (a YAML file, or a folder of them) over the built-in ones; "
                   "repeatable, applied in order after those in FTADVISOR_RULES (':'-separated)")
        ->allow_extra_args(false)
        ->type_name("PATH");
    add_size_option(app, "--max-file-size", global.max_file_size,
                    "The largest spec (or rules test file) read, and the longest line of a JSON Lines stream: "
                    "bytes, or with a unit such as 512KiB or 16MiB (default 2MiB)");
    add_size_option(app, "--max-rules-size", global.max_rules_size,
                    "The largest rules file laid over the built-in ones (--rules, FTADVISOR_RULES): bytes, or with "
                    "a unit such as 512KiB or 8MiB (default 2MiB)");
    add_size_option(app, "--max-dataset-size", global.max_dataset_size,
                    "The largest training set read, a spec's dataset or a file of data stats: bytes, or with a "
                    "unit such as 512MiB or 8GiB (default 4GiB)",
                    std::uint64_t{1} << 50);
}

} // namespace

int run(int argc, char** argv)
{
    const MessageWrapping wrapping;
    GlobalOptions global;
    int exit_code = k_exit_ok;

    CLI::App app{"ftadvisor: should this project fine-tune a language model, or use prompt engineering,\n"
                 "retrieval (RAG) or the base model? With the cost, time and upkeep of fine-tuning.",
                 "ftadvisor"};
    app.formatter(help_formatter(static_cast<std::size_t>(terminal_width())));
    app.set_version_flag("--version", "ftadvisor " + std::string(k_version));
    add_global_options(app, global);
    app.fallthrough();
    app.require_subcommand(0, 1);

    setup_ask_command(app, global, exit_code);
    setup_evaluate_command(app, global, exit_code);
    setup_check_command(app, global, exit_code);
    setup_data_commands(app, global, exit_code);
    setup_rules_command(app, global, exit_code);
    setup_providers_command(app, global, exit_code);
    setup_schema_commands(app, global, exit_code);
    setup_completion_command(app, exit_code);

    app.footer(R"(The rules that decide are built in (rules/*.yaml in the source); docs/decision-model.md
explains them, and docs/rules.md how to lay your own over them.

Exit status: 0 success; 1 a check failed; 2 usage error or invalid input.
Run 'ftadvisor SUBCOMMAND --help' for a subcommand's options.)");

    try {
        // The parser takes the words last first.
        std::vector<std::string> words = usual_words(std::vector<std::string>(argv + 1, argv + argc), app);
        std::reverse(words.begin(), words.end());
        app.parse(words);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        report_usage_error(app, e, std::cerr);
        return k_exit_invalid;
    } catch (const Error& e) {
        std::cerr << "ftadvisor: error: " << e.what() << '\n';
        return k_exit_invalid;
    } catch (const std::bad_alloc&) {
        std::cerr << "ftadvisor: error: out of memory: the input needs more than this process may use; lower "
                     "--max-file-size or --max-rules-size, or run where more memory is free\n";
        return k_exit_invalid;
    } catch (const std::exception& e) {
        // Not expected: the library reports bad input as diagnostics. Keep the contract's
        // exit codes all the same.
        std::cerr << "ftadvisor: internal error: " << e.what() << '\n';
        return k_exit_invalid;
    }
    if (app.get_subcommands().empty()) {
        if (report_option_took_command(app, std::cerr)) {
            return k_exit_invalid;
        }
        // `ftadvisor` alone: the interview on a terminal; elsewhere, how to use it.
        if (isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1) {
            return run_ask({}, false, global);
        }
        std::cerr << "ftadvisor: error: a subcommand is required (evaluate, check, data stats, ...)\n"
                     "Run 'ftadvisor --help' for usage, or 'ftadvisor ask' at a terminal for the interview.\n";
        return k_exit_invalid;
    }
    return exit_code;
}

} // namespace ftadvisor::cli
