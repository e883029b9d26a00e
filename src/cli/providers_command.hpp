#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace ftadvisor::cli {

// Adds `providers` (the catalogue of fine-tuning routes on a day) to `app`.
void setup_providers_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace ftadvisor::cli
