#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace ftadvisor::cli {

// Adds `ask` (the interview at the terminal) to `app`.
void setup_ask_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

// Runs the interview; `save` (empty: none) receives the answers as a spec.
int run_ask(const std::string& save, bool force, const GlobalOptions& global);

} // namespace ftadvisor::cli
