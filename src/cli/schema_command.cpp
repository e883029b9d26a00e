#include "schema_command.hpp"

#include "ftadvisor/io.hpp"
#include "ftadvisor/schema.hpp"
#include "input.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace ftadvisor::cli {
namespace {

struct InitOptions {
    std::string file;
    bool force = false;
};

int run_schema(const GlobalOptions& global)
{
    const auto rules = load_effective_rules(global, std::cerr);
    if (!rules) {
        return k_exit_invalid;
    }
    return write_output(spec_schema(*rules));
}

bool ends_with(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

int run_init(const InitOptions& options, const GlobalOptions& global)
{
    const auto rules = load_effective_rules(global, std::cerr);
    if (!rules) {
        return k_exit_invalid;
    }
    if (options.file.empty() || options.file == "-") {
        return write_output(global.format == "json" ? spec_template_json(*rules) : spec_template_yaml(*rules));
    }
    const bool json = ends_with(options.file, ".json");
    if (auto failure =
            local_files().write_atomically(options.file, json ? spec_template_json(*rules) : spec_template_yaml(*rules),
                                           options.force ? Overwrite::yes : Overwrite::no)) {
        report({*failure}, std::cerr);
        return k_exit_invalid;
    }
    std::cout << fmt::format("wrote {}: fill in what you know, then run\n  ftadvisor evaluate {}\n", options.file,
                             shell_word(options.file));
    return k_exit_ok;
}

} // namespace

void setup_schema_commands(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    CLI::App* schema = app.add_subcommand("schema", "Print the JSON Schema of a spec, for editors and validators");
    schema->footer(R"(The schema (JSON Schema draft 2020-12) is built from the loaded rules: the answers are
their questions, with types, ranges and choices, so --rules changes it. Point an editor's
YAML or JSON language server at it for completion and checks as you type.

Examples:
  ftadvisor schema > spec.schema.json
  ftadvisor --rules team-rules/ schema > spec.schema.json

Exit status: 0 printed; 2 the rules could not be loaded.)");
    schema->callback([&global, &exit_code] { exit_code = run_schema(global); });

    auto options = std::make_shared<InitOptions>();
    CLI::App* init = app.add_subcommand("init", "Start a spec from a commented template that evaluates as it stands");
    init->add_option("file", options->file,
                     "Where to write it: YAML, or JSON for a .json name (without FILE, or with -, "
                     "the template goes to standard output: YAML, or JSON with --format json)")
        ->type_name("FILE");
    init->add_flag("-f,--force", options->force, "Replace FILE if it exists");
    init->footer(R"(The file is written whole or not at all (a temporary file, then renamed), and an
existing file is never replaced without --force.

Examples:
  ftadvisor init proposal.yaml && ftadvisor evaluate proposal.yaml
  ftadvisor init proposals/chatbot.json

Exit status: 0 written; 2 the file exists (without --force) or could not be written.)");
    init->callback([options, &global, &exit_code] { exit_code = run_init(*options, global); });
}

} // namespace ftadvisor::cli
