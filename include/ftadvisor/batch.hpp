#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/format.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/run.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ftadvisor {

// One spec to evaluate, as text: a whole file, or one line of a JSON Lines stream.
struct SpecText {
    std::string file;     // as the user named it; "<stdin>" for standard input
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    std::string text;
    DocumentFormat format = DocumentFormat::json;
    std::string linked_to{}; // where a symbolic link on the named path led (FileText::linked_to)
};

// A spec read from its source, or the problem that kept it from being read.
struct SpecInput {
    std::optional<SpecText> spec;
    std::optional<Diagnostic> error;
};

// Parses, validates and evaluates one spec. Never throws for bad input. A plain, valid JSON
// spec takes a fast path (simdjson); anything else gets the full reader and its diagnostics.
// A spec's `dataset` is read (relative to the spec's folder) and measured through `run`,
// once per run however many specs name it; a dataset that cannot be read makes the spec
// invalid. `spec`'s text may be changed on the way (it gains spare room, or is taken); its
// file and line stay, for whatever reports the outcome.
SpecOutcome evaluate_spec_text(SpecText& spec, const Rules& rules, const EvaluateOptions& options, const Run& run);

// The outcome of a spec as it came from SpecInputs: evaluated, or the problem that kept it
// from being read.
SpecOutcome evaluate_spec_input(SpecInput& input, const Rules& rules, const EvaluateOptions& options, const Run& run);

// The specs named by `paths`, read one at a time, in order:
//   - a folder: its *.json, *.yaml and *.yml files, recursively, sorted by path;
//   - a *.jsonl or *.ndjson file: one spec per non-blank line;
//   - `-`: standard input, holding one JSON or YAML document, or JSON Lines (told apart by
//     whether its first non-blank line is a whole JSON object on its own);
//   - any other file: one JSON or YAML document.
// Everything is read through `run`'s FileSystem, and within its limits: a path that cannot
// be read, or a line or document over the limit, comes out as an error, and reading goes on
// with what follows. Memory stays bounded by the longest spec, whatever the size of a JSON
// Lines stream. Symbolic links inside a folder are reported, not followed.
class SpecInputs {
public:
    SpecInputs(std::vector<std::string> paths, const Run& run);
    SpecInputs(const SpecInputs&) = delete;
    SpecInputs& operator=(const SpecInputs&) = delete;
    ~SpecInputs();

    // The next spec or problem; nothing once every path has been read.
    std::optional<SpecInput> next();

    // Whether next() can answer without waiting for standard input, which may be a pipe that a
    // slow producer feeds a line at a time. Files are always ready.
    bool ready() const;

    // The files found in a folder and passed over because they are not specs: a JSON or YAML
    // document without a top-level `spec_version` (a CI workflow, a rules file), a JSON Lines
    // file whose first line has none (a training set). A file named itself is always read as
    // specs. In the order found.
    const std::vector<std::string>& skipped() const;

    // How many specs and problems next() has given so far: 0 after the last, when the paths
    // held no spec at all.
    std::size_t yielded() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace ftadvisor
