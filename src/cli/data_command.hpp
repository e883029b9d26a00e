#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace ftadvisor::cli {

// Adds `data stats` (what a training set holds) to `app`.
void setup_data_commands(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace ftadvisor::cli
