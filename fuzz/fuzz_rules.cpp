// libFuzzer target: a rules file laid over the built-in rules, as `rules check` loads it.
// Where it loads, the rules evaluate a spec, run the project's rule cases, and show
// themselves as YAML, which must load back on its own (as `rules show` promises).
#include "document.hpp"
#include "ftadvisor/batch.hpp"
#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rule_cases.hpp"
#include "ftadvisor/rules.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ftadvisor;

namespace {

const char* const k_spec = R"({"spec_version": 1, "name": "Fuzz", "description": "We answer questions about our
own contracts; the answers must cite current policy and we have 3,000 labelled examples.",
"answers": {"production": true}, "stage": "pilot", "proposed_approach": "fine-tune", "budget_usd": 5000})";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.push_back(RuleSource{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)});
    const RulesResult result = load_rules(sources);
    for (const Diagnostic& diagnostic : result.diagnostics) {
        (void)format_diagnostic(diagnostic);
    }
    if (!result.value) {
        return 0;
    }
    const Rules& rules = *result.value;
    SpecText text{"spec.json", 0, k_spec, DocumentFormat::json};
    const SpecOutcome outcome = evaluate_spec_text(text, rules, EvaluateOptions{true, "2026-12-01"}, Run());
    if (outcome.evaluation) {
        (void)render_json_line(*outcome.evaluation);
        (void)render_text(*outcome.evaluation, rules, TextOptions{false, 80});
    }
    for (const RuleSource& source : embedded_rule_case_sources()) {
        for (const RuleCase& rule_case : load_rule_cases(source, rules).cases) {
            (void)check_rule_case(rule_case, rules);
        }
    }
    const std::string shown = render_rules_yaml(rules);
    const RulesResult again = load_rules({RuleSource{"shown.yaml", shown}});
    if (!again.value) {
        for (const Diagnostic& diagnostic : again.diagnostics) {
            std::fputs(format_diagnostic(diagnostic).c_str(), stderr);
        }
        std::fputs("rules shown by render_rules_yaml do not load back\n", stderr);
        std::abort();
    }
    return 0;
}
