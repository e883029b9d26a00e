#pragma once

#include "ftadvisor/io.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ftadvisor::cli {

// The documented exit codes (docs/interface.md); nothing else is returned.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failed = 1;  // a check failed (policy)
inline constexpr int k_exit_invalid = 2; // usage error or invalid input

// Options every subcommand sees.
struct GlobalOptions {
    std::string format = "text";
    std::string color = "auto";
    std::vector<std::string> rules; // --rules, in order, after those of FTADVISOR_RULES
    // --max-file-size, in bytes
    std::uint64_t max_file_size = k_default_max_document_bytes;
    // --max-dataset-size, in bytes
    std::uint64_t max_dataset_size = ReadLimits{}.max_dataset_bytes;
    // --max-rules-size, in bytes
    std::uint64_t max_rules_size = k_default_max_rules_bytes;
};

// Parses the command line, runs the subcommand, and returns the exit code. Catches every
// error at this one place and reports it as `ftadvisor: error: ...`.
int run(int argc, char** argv);

} // namespace ftadvisor::cli
