#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ftadvisor {

// A golden case for the rules: a spec and what evaluating it must give. Each expectation is
// optional; one left out is not checked.
// A change of answers a case expects `what_would_change` to list, with the verdict it gives.
struct ExpectedChange {
    std::string verdict;
    std::vector<std::pair<std::string, Value>> answers; // exactly these answers changed to these values
};

struct RuleCase {
    std::string name;
    std::string file;
    Location location;
    Spec spec;
    std::optional<std::string> verdict;
    std::optional<std::vector<std::string>> also;        // exactly these, in any order
    std::optional<std::vector<std::string>> flags;       // exactly these, in any order
    std::vector<std::string> warnings;                   // pitfall ids that must apply
    std::vector<std::string> no_warnings;                // pitfall ids that must not apply
    std::optional<Range> cost_usd;                       // the estimate's cost range
    std::optional<Range> hours;                          // the estimate's hours range
    std::vector<std::pair<std::string, Value>> inferred; // answers (or `stage`) inferred with these values
    std::vector<std::string> not_inferred;               // answers (or `stage`) that must not be inferred
    std::vector<std::string> contradicted;               // given answers an inference must disagree with
    std::optional<std::string> plan;                     // the plan's id
    std::optional<double> weeks;                         // the timeline's weeks, to its open-ended step if any
    std::vector<ExpectedChange> what_would_change;       // each must be listed
};

struct RuleCasesResult {
    std::vector<RuleCase> cases;
    std::vector<Diagnostic> diagnostics;
};

// Reads a case file (YAML, or JSON for a .json name): a list of `{name, spec, expect}`
// (docs/rules.md). Each spec is validated as `evaluate` validates one; approaches and pitfall
// ids in expectations must exist in the rules. Every problem is reported with its location;
// the valid cases are still returned.
RuleCasesResult load_rule_cases(const RuleSource& source, const Rules& rules);

// How a case's evaluation differs from its expectations, one line each
// ("verdict: expected fine-tune, got skip"); empty when the case passes.
std::vector<std::string> check_rule_case(const RuleCase& rule_case, const Rules& rules);

// One case as `rules test` ran it.
struct RuleCaseOutcome {
    std::string name;
    std::string file;
    Location location;
    std::vector<std::string> mismatches; // empty: it passed
};

// `rules test`: every case of every source, in order, and the problems that kept a source
// or a case from being read.
struct RuleTestRun {
    std::vector<RuleCaseOutcome> outcomes;
    std::vector<Diagnostic> diagnostics;
    std::size_t passed = 0;
    std::size_t failed = 0;
};

// Runs every case of `sources` against `rules`.
RuleTestRun run_rule_cases(const std::vector<RuleSource>& sources, const Rules& rules);

// The run as `rules test` prints it: PASS or FAIL a case, each difference under its case,
// then "N passed, M failed".
std::string render_rule_test(const RuleTestRun& run);

// The project's own cases (rules/tests/*.yaml), compiled into the binary.
const std::vector<RuleSource>& embedded_rule_case_sources();

} // namespace ftadvisor
