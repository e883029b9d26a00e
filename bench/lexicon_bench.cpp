// Reading a description as the lexicons grow, with Google Benchmark (Debian
// libbenchmark-dev). The built-in lexicons are the reference; the same lexicons with 10
// times as many phrases are measured in the same run. Each added phrase is a built-in one
// followed by a made-up word, so that the trie's walks go as deep as through the real ones
// and on into the added branches. The trie reads a character with one lookup whatever the
// number of phrases, so the cost per description should follow its length: the ratio of the
// two is the figure that docs/performance.md records (the target is under 2).
//
//   cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DFTADVISOR_BUILD_BENCH=ON -DFTADVISOR_BUILD_TESTS=OFF
//   cmake --build build/bench && build/bench/bench/ftadvisor_lexicon_bench
#include "ftadvisor/lexicon.hpp"
#include "ftadvisor/rules.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using namespace ftadvisor;

// Descriptions like those of bench/gen_specs.py, short and long.
const std::vector<std::string> k_descriptions = {
    "Suggests an urgency level and the next step for patient messages sent to a network of outpatient clinics, "
    "for a nurse to confirm. We do not need live data.",
    "Summarises live stock prices and breaking news for our trading desk every morning; it is a proof of concept "
    "that the team wants to validate before the quarterly review, and no patient data is involved at all.",
    "Our group proposes a contract clause reviewer to cut the time spent on routine questions. Answers must cite "
    "the source passage, and a specialist checks every output before it is sent. The reviewer reads supplier "
    "contracts, flags unusual indemnity clauses, and compares them with the playbook our lawyers maintain; it "
    "runs in production for the procurement team and serves thousands of users across three regions.",
};

// The built-in lexicons, each phrase joined by `factor - 1` longer ones of its own: the phrase
// and a made-up word ("patient zq12x").
std::vector<Lexicon> grown(int factor)
{
    std::vector<Lexicon> lexicons = default_rules().lexicons;
    int n = 0;
    for (Lexicon& lexicon : lexicons) {
        const std::size_t original = lexicon.phrases.size();
        for (std::size_t p = 0; p < original; ++p) {
            std::string phrase = lexicon.phrases[p].text;
            if (!phrase.empty() && phrase.back() == '*') {
                phrase.pop_back();
            }
            for (int k = 1; k < factor; ++k) {
                lexicon.phrases.push_back(Lexicon::Phrase{phrase + " zq" + std::to_string(++n) + "x", 1});
            }
        }
    }
    return lexicons;
}

void read_descriptions(benchmark::State& state)
{
    const std::vector<Lexicon> lexicons = grown(static_cast<int>(state.range(0)));
    std::size_t phrases = 0;
    for (const Lexicon& lexicon : lexicons) {
        phrases += lexicon.phrases.size();
    }
    const DescriptionReader reader(lexicons, default_rules().negation);
    for (const std::string& description : k_descriptions) {
        benchmark::DoNotOptimize(reader.read(description)); // warms the caches
    }
    for (auto _ : state) {
        for (const std::string& description : k_descriptions) {
            benchmark::DoNotOptimize(reader.read(description));
        }
    }
    state.counters["phrases"] = static_cast<double>(phrases);
    state.counters["descriptions"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(k_descriptions.size()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(read_descriptions)->Arg(1)->Arg(10)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
