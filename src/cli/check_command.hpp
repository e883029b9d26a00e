#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace ftadvisor::cli {

// `ftadvisor check PATH...`: proposals against the rules, with reports for CI.
void setup_check_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace ftadvisor::cli
