// libFuzzer target: training data lines, each classified as `data stats` does (the JSON
// Lines layouts, UTF-8, token estimate, the hash that finds repeats).
#include "ftadvisor/dataset.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace ftadvisor;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)estimate_tokens(input);
    std::size_t start = 0;
    while (start <= input.size()) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos) {
            end = input.size();
        }
        const LineAnalysis analysis = analyze_line(input.substr(start, end - start));
        if (analysis.status == LineAnalysis::Status::invalid && analysis.detail.empty()) {
            std::fputs("an invalid line without a detail\n", stderr);
            std::abort();
        }
        start = end + 1;
    }
    return 0;
}
