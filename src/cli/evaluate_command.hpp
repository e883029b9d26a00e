#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace ftadvisor::cli {

// Adds `evaluate` to `app`. When it runs, its exit code is stored in `exit_code`.
void setup_evaluate_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace ftadvisor::cli
