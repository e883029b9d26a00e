#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace ftadvisor::cli {

// Adds `rules check`, `rules show` and `rules test` to `app`. When one runs, its exit code is
// stored in `exit_code`.
void setup_rules_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace ftadvisor::cli
