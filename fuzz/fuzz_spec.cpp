// libFuzzer target: a spec as JSON and as YAML, read, evaluated with the built-in rules and
// rendered in every format; and, where the fast JSON reader takes a spec, the full reader
// must take it too and give the same evaluation (the fast path is only a shortcut).
#include "document.hpp"
#include "ftadvisor/batch.hpp"
#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/spec.hpp"
#include "spec_node.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace ftadvisor;

namespace {

void render_all(const Evaluation& evaluation, const Rules& rules, const JsonLineRenderer& lines)
{
    const std::string line = render_json_line(evaluation);
    if (lines.render(evaluation) != line) {
        std::fputs("JsonLineRenderer and render_json_line disagree\n", stderr);
        std::abort();
    }
    (void)render_json(evaluation);
    (void)render_text(evaluation, rules, TextOptions{true, 80});
    (void)render_markdown_section(evaluation, rules);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Rules& rules = default_rules();
    static const JsonLineRenderer lines(rules);
    const std::string input(reinterpret_cast<const char*>(data), size);
    const EvaluateOptions options{true, "2026-12-01"};

    for (const DocumentFormat format : {DocumentFormat::json, DocumentFormat::yaml}) {
        SpecText text{format == DocumentFormat::json ? "fuzz.json" : "fuzz.yaml", 1, input, format};
        const SpecOutcome outcome = evaluate_spec_text(text, rules, options, Run());
        for (const Diagnostic& diagnostic : outcome.diagnostics) {
            (void)format_diagnostic(diagnostic);
        }
        if (outcome.evaluation) {
            render_all(*outcome.evaluation, rules, lines);
        }
    }

    std::string copy = input;
    if (const std::optional<Spec> fast = read_plain_json_spec(copy, "fuzz.json", rules)) {
        const SpecResult full = parse_spec_text(input, "fuzz.json", DocumentFormat::json, rules);
        if (!full.value) {
            std::fputs("the fast reader took a spec the full reader refuses\n", stderr);
            std::abort();
        }
        if (render_json_line(evaluate(*fast, rules, options)) !=
            render_json_line(evaluate(*full.value, rules, options))) {
            std::fputs("the fast and the full reader read the spec differently\n", stderr);
            std::abort();
        }
    }
    return 0;
}
