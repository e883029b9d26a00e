#include "providers_command.hpp"

#include "ftadvisor/providers.hpp"
#include "ftadvisor/spec.hpp"
#include "input.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace ftadvisor::cli {
namespace {

const std::vector<std::string> k_providers_formats = {"text", "json", "markdown"};

int run_providers(const std::string& today_option, const GlobalOptions& global)
{
    if (std::find(k_providers_formats.begin(), k_providers_formats.end(), global.format) == k_providers_formats.end()) {
        std::cerr << fmt::format("ftadvisor: error: providers cannot write --format {}; use one of {}\n", global.format,
                                 fmt::join(k_providers_formats, ", "));
        return k_exit_invalid;
    }
    const auto rules = load_effective_rules(global, std::cerr);
    if (!rules) {
        return k_exit_invalid;
    }
    const std::string today = today_option.empty() ? today_utc() : today_option;
    const std::string out =
        global.format == "json" ? render_providers_json(*rules, today)
        : global.format == "markdown"
            ? render_providers_markdown(*rules, today)
            : render_providers_text(*rules, today, TextOptions{use_color(global), terminal_width()});
    return write_output(out);
}

} // namespace

void setup_providers_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    CLI::App* command =
        app.add_subcommand("providers", "List where a fine-tuning run can be bought: each route, open or closing, "
                                        "with its limits and prices");
    auto today = std::make_shared<std::string>();
    add_today_option(*command, *today, "The day to judge each route's status on, YYYY-MM-DD (default: today, in UTC)");
    command->footer(R"(Each route is a provider's model (or your own GPUs, priced by the hour from the rules'
assumptions), with its status on --today: open; closing, with the day new jobs stop and the
day tuned models stop serving; or closed. Then the examples it needs, its default epochs,
its billing and where and when each figure was read. The routes are rules data
(rules/providers.yaml): lay a negotiated price or an in-house route over them by id with
--rules (docs/providers.md). Output (--format): text, json or markdown.

A fine-tune verdict offers only the routes that stay open for its first run and a year of
retraining; a spec may name its own with `provider` and `model`.

Examples:
  ftadvisor providers
  ftadvisor --format json providers --today 2027-01-06 | jq '.routes[].status'
  ftadvisor --rules our-prices.yaml providers

Exit status: 0 printed; 2 bad option or rules that do not load.)");
    command->callback([today, &global, &exit_code] { exit_code = run_providers(*today, global); });
}

} // namespace ftadvisor::cli
