#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace ftadvisor::cli {

enum class Shell { bash, zsh, fish };

// The tab-completion script of `app` for `shell`: its subcommands, options and their
// choices, read from the same CLI11 tree that prints --help.
std::string completion_script(const CLI::App& app, Shell shell);

// Adds `completion SHELL` to `app`, which prints the script for the finished tree.
void setup_completion_command(CLI::App& app, int& exit_code);

} // namespace ftadvisor::cli
