// The engine's inner loop, stage by stage, with Google Benchmark (Debian libbenchmark-dev):
// reading a spec (the simdjson fast path against the full reader, as the reference measured
// in the same run), evaluating it, and rendering it as a JSON Lines record or as text.
//
//   cmake --preset release -DFTADVISOR_BUILD_BENCH=ON && cmake --build build/release
//   build/release/bench/ftadvisor_engine_bench
#include "document.hpp"
#include "ftadvisor/batch.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/spec.hpp"
#include "render_json.hpp"
#include "spec_node.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace ftadvisor;

// A typical spec of bench/gen_specs.py.
const std::string k_spec =
    R"({"spec_version":1,"name":"Contract clause reviewer #7","description":"Our group proposes a contract )"
    R"(clause reviewer to cut the time spent on routine questions. Answers must cite the source passage, and )"
    R"(a specialist checks every output before it is sent.","answers":{"domain_expertise_critical":true,)"
    R"("high_quality_examples":2400,"production":true,"expected_improvement_pct":25,"needs_realtime_data":)"
    R"(false,"use_case":"legal"},"stage":"production","proposed_approach":"fine-tune","budget_usd":15000})";

Spec spec_once()
{
    std::string text = k_spec;
    return *read_plain_json_spec(text, "bench.json", default_rules());
}

void read_fast(benchmark::State& state)
{
    const Rules& rules = default_rules();
    for (auto _ : state) {
        std::string text = k_spec;
        benchmark::DoNotOptimize(read_plain_json_spec(text, "bench.json", rules));
    }
}
BENCHMARK(read_fast);

void read_full(benchmark::State& state)
{
    const Rules& rules = default_rules();
    for (auto _ : state) {
        benchmark::DoNotOptimize(parse_spec_text(k_spec, "bench.json", DocumentFormat::json, rules));
    }
}
BENCHMARK(read_full);

void evaluate_spec(benchmark::State& state)
{
    const Rules& rules = default_rules();
    const Spec spec = spec_once();
    for (auto _ : state) {
        benchmark::DoNotOptimize(evaluate(spec, rules));
    }
}
BENCHMARK(evaluate_spec);

void render_json_record(benchmark::State& state)
{
    const Evaluation evaluation = evaluate(spec_once(), default_rules());
    for (auto _ : state) {
        benchmark::DoNotOptimize(render_json_line(evaluation));
    }
}
BENCHMARK(render_json_record);

void render_json_tree(benchmark::State& state)
{
    const Evaluation evaluation = evaluate(spec_once(), default_rules());
    for (auto _ : state) {
        benchmark::DoNotOptimize(to_json(evaluation));
    }
}
BENCHMARK(render_json_tree);

void render_text_report(benchmark::State& state)
{
    const Evaluation evaluation = evaluate(spec_once(), default_rules());
    for (auto _ : state) {
        benchmark::DoNotOptimize(render_text(evaluation, default_rules(), TextOptions{}));
    }
}
BENCHMARK(render_text_report);

void whole_spec(benchmark::State& state)
{
    const Rules& rules = default_rules();
    const Run run;
    for (auto _ : state) {
        SpecText text{"bench.json", 1, k_spec, DocumentFormat::json};
        SpecOutcome outcome = evaluate_spec_text(text, rules, {}, run);
        benchmark::DoNotOptimize(render_json_line(*outcome.evaluation));
    }
}
BENCHMARK(whole_spec);

} // namespace

BENCHMARK_MAIN();
