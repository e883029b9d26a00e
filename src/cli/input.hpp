#pragma once

#include "cli/app.hpp"
#include "ftadvisor/document.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace ftadvisor::cli {

// Reads, parses and validates the spec at `path` (`-` for standard input). Writes every
// problem to `err` as a compiler-style diagnostic and returns nothing if there was one.
std::optional<Spec> load_spec(const std::string& path, const Rules& rules, std::ostream& err);

// The effective rules: the embedded defaults, then the files of FTADVISOR_RULES (paths
// separated by ':'), then those of --rules, then `extra`. Writes every problem to `err`
// and returns nothing if there was one. Without overlays this is the embedded rules, loaded
// once and not copied.
std::shared_ptr<const Rules> load_effective_rules(const GlobalOptions& options, std::ostream& err,
                                                  const std::vector<std::string>& extra = {});

// Writes diagnostics to `err` in the compilers' form.
void report(const std::vector<Diagnostic>& diagnostics, std::ostream& err);

// Whether to colour output written to standard output: `always`, `never`, or for `auto`
// when it is a terminal and neither NO_COLOR is set nor TERM is "dumb".
bool use_color(const GlobalOptions& options);

} // namespace ftadvisor::cli
