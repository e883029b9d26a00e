#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace ftadvisor::cli {

// Adds `schema` (the JSON Schema of a spec) and `init` (a spec template) to `app`.
void setup_schema_commands(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace ftadvisor::cli
