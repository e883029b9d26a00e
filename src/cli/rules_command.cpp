#include "rules_command.hpp"

#include "ftadvisor/rule_cases.hpp"
#include "ftadvisor/rules.hpp"
#include "input.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace ftadvisor::cli {
namespace {

struct CheckOptions {
    std::vector<std::string> paths;
};

struct TestOptions {
    std::vector<std::string> files;
};

int run_check(const CheckOptions& options, const GlobalOptions& global)
{
    const auto rules = load_effective_rules(global, std::cerr, options.paths);
    if (!rules) {
        return k_exit_invalid;
    }
    return write_output(hanging("",
                                fmt::format("rules are valid: {} approaches, {} questions, {} decision rules, {} "
                                            "pitfalls, {} tiers, {} routes, {} scenarios, {} plans",
                                            rules->approaches.size(), rules->questions.size(), rules->decisions.size(),
                                            rules->pitfalls.size(), rules->tiers.size(), rules->routes.size(),
                                            rules->scenarios.size(), rules->plans.size()),
                                2, static_cast<std::size_t>(terminal_width())));
}

int run_show(const GlobalOptions& global)
{
    const auto rules = load_effective_rules(global, std::cerr);
    if (!rules) {
        return k_exit_invalid;
    }
    return write_output(render_rules_yaml(*rules));
}

int run_test(const TestOptions& options, const GlobalOptions& global)
{
    const auto rules = load_effective_rules(global, std::cerr);
    if (!rules) {
        return k_exit_invalid;
    }
    std::vector<RuleSource> sources;
    bool unreadable = false;
    if (options.files.empty()) {
        sources = embedded_rule_case_sources();
    }
    for (const auto& path : options.files) {
        FileText file = local_files().read_file(path, read_limits(global).max_document_bytes);
        if (file.text) {
            sources.push_back(RuleSource{path, std::move(*file.text)});
        } else {
            report({*file.error}, std::cerr);
            unreadable = true;
        }
    }

    const RuleTestRun run = run_rule_cases(sources, *rules);
    report(run.diagnostics, std::cerr);
    const int written = write_output(render_rule_test(run));
    unreadable = unreadable || !run.diagnostics.empty();
    if (unreadable || written != k_exit_ok) {
        return k_exit_invalid;
    }
    return run.failed == 0 ? k_exit_ok : k_exit_failed;
}

} // namespace

void setup_rules_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    CLI::App* rules = app.add_subcommand("rules", "Check, show and test the rules, with your own laid over them");
    rules->require_subcommand(1);
    rules->footer(R"(Examples:
  ftadvisor rules check team-rules/
  ftadvisor rules show
  ftadvisor rules test

docs/rules.md explains the rules and how to lay your own over them.)");

    auto check_options = std::make_shared<CheckOptions>();
    CLI::App* check = rules->add_subcommand("check", "Validate rules files: the effective rules, with PATHs laid over "
                                                     "them");
    check->add_option("paths", check_options->paths, "Rules files or folders to check, laid over the effective rules")
        ->type_name("PATH");
    check->footer(R"(Every problem is reported with its file, line and column: YAML syntax, unknown keys (with
the nearest known one), wrong types, unknown ids, ranges whose low is above their high, tiers
that overlap or leave a gap, questions no rule reads, and verdicts no rule can reach.

Examples:
  ftadvisor rules check team-rules/
  ftadvisor --rules team-rules/ rules check

Exit status: 0 valid; 2 invalid (or unreadable).)");
    check->callback([check_options, &global, &exit_code] { exit_code = run_check(*check_options, global); });

    CLI::App* show = rules->add_subcommand("show", "Print the effective rules (built-in plus --rules) as one YAML "
                                                   "document");
    show->footer(R"(The output starts with `complete: true`, so given back through --rules it replaces the
rules instead of adding to them, and gives byte-identical results.

Examples:
  ftadvisor rules show > effective-rules.yaml
  ftadvisor --rules team-rules/ rules show

Exit status: 0 printed; 2 the rules do not load.)");
    show->callback([&global, &exit_code] { exit_code = run_show(global); });

    auto test_options = std::make_shared<TestOptions>();
    CLI::App* test = rules->add_subcommand("test", "Run golden cases against the effective rules");
    test->add_option("files", test_options->files,
                     "Case files (YAML lists of {name, spec, expect}); without any, the built-in cases")
        ->type_name("FILE");
    test->footer(R"(Each case gives a spec and what must come of it: verdict, also, flags, warnings (ids that
must apply), no_warnings (ids that must not), cost_usd and hours. See docs/rules.md.

Examples:
  ftadvisor rules test
  ftadvisor --rules team-rules/ rules test team-rules/cases.yaml

Exit status: 0 all cases pass; 1 a case fails; 2 a case file is unreadable or invalid (the
valid cases still run).)");
    test->callback([test_options, &global, &exit_code] { exit_code = run_test(*test_options, global); });
}

} // namespace ftadvisor::cli
