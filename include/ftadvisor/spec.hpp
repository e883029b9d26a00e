#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/document.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/value.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ftadvisor {

struct Waiver {
    std::string rule;
    std::string reason;
    std::string expires; // YYYY-MM-DD
};

// What a spec's `dataset` was found to hold (the counts of `data stats`). Whoever reads the
// spec's files fills it in; the engine itself reads no files.
struct MeasuredDataset {
    std::string path; // where it was read
    double examples = 0;
    double examples_valid = 0;
    double examples_clean = 0;
    double format_errors = 0;
    double duplicates = 0;
    double empty = 0;
    double too_long = 0;
    double tokens_clean = 0; // estimated
};

// The facts that conditions and messages may read when a dataset was measured, in the order
// of MeasuredDataset's counts.
inline constexpr const char* k_dataset_facts[] = {
    "dataset.examples",   "dataset.examples_valid", "dataset.examples_clean", "dataset.format_errors",
    "dataset.duplicates", "dataset.empty",          "dataset.too_long",       "dataset.tokens_clean"};

// A project spec: what a team says about its project. Every field but spec_version is
// optional; answers are keyed by the loaded rules' question ids.
struct Spec {
    std::string file;     // where it came from, for reports
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    int spec_version = 1;
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::map<std::string_view, Value> answers; // keyed by views of the rules' question ids: the rules outlive it
    std::optional<std::string> stage;
    std::optional<std::string> proposed_approach;
    std::optional<std::string> dataset;
    std::optional<double> budget_usd;
    std::vector<Waiver> waivers;
    std::optional<MeasuredDataset> measured; // `dataset`, once read
};

// Whether `date` is a real calendar date written YYYY-MM-DD, as a waiver's `expires` is.
bool valid_date(const std::string& date);

// Today's date in UTC, as YYYY-MM-DD.
std::string today_utc();

struct SpecResult {
    std::optional<Spec> spec;
    std::vector<Diagnostic> diagnostics;
};

// The spec versions this build reads.
inline constexpr int k_spec_version = 1;

// Validates a parsed document against the spec format and the rules' questions, stages and
// approaches. Reports every problem found, each with its field path (and line and column
// for YAML): unknown keys with the nearest known key suggested, wrong types, numbers out of
// range or not finite, unknown choices, an unsupported or missing spec_version, and a
// document that is not an object.
SpecResult parse_spec(const Document& document, const Rules& rules);

} // namespace ftadvisor
