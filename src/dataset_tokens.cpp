#include "ftadvisor/dataset.hpp"

#include "dataset_parts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace ftadvisor {

using namespace dataset_detail;

// --- Token estimate -------------------------------------------------------------------------

namespace {

// The estimate as a state machine over bytes: the state is the kind of run being read and
// the position in it; each byte gives the next state and the tokens it starts. The rates,
// calibrated against o200k_base and cl100k_base (docs/data.md), are the states' counts: a
// token per 8 of letter weight (1 an ASCII letter, 2 a two-byte UTF-8 one), per 3 digits
// (both tokenizers split numbers in threes) and per 2 symbols (they merge common pairs). One table
// look-up a byte and no branches, so that it runs near memory speed.
enum State : std::uint8_t {
    s_other, // start, or after a character of its own (CJK, emoji)
    s_letter1,
    s_letter2,
    s_letter3,
    s_letter4,
    s_letter5,
    s_letter6,
    s_letter7,
    s_letter8, // weight mod 8
    s_digit1,
    s_digit2,
    s_digit3, // digits read, mod 3
    s_symbol1,
    s_symbol2, // symbols read, mod 2
    s_blank1,
    s_blank2,   // one space; more
    s_line_end, // line ends and the white space after them
    k_state_count
};

struct Step {
    std::uint8_t next = s_other;
    std::uint8_t tokens = 0;
};

constexpr Step step(std::uint8_t state, std::uint8_t byte_kind)
{
    const bool in_letters = state >= s_letter1 && state <= s_letter8;
    const int weight = in_letters ? state - s_letter1 + 1 : 0;
    switch (byte_kind) {
    case letter:
    case lead2: {
        const int add = byte_kind == letter ? 1 : 2;
        // Tokens so far are ceil(weight / 8); a run's first letter, or crossing a multiple
        // of 8, starts another.
        const int before = (weight + 7) / 8;
        const int after = (weight + add + 7) / 8;
        const int total = weight + add;
        const int started = in_letters ? after - before : 1;
        const int mod = in_letters ? ((total - 1) % 8) + 1 : add;
        return Step{static_cast<std::uint8_t>(s_letter1 + mod - 1), static_cast<std::uint8_t>(started)};
    }
    case digit:
        if (state == s_digit1) {
            return Step{s_digit2, 0};
        }
        if (state == s_digit2) {
            return Step{s_digit3, 0};
        }
        return Step{s_digit1, 1};
    case symbol:
        if (state == s_symbol1) {
            return Step{s_symbol2, 0};
        }
        return Step{s_symbol1, 1};
    case blank:
        if (state == s_line_end) {
            return Step{s_line_end, 0};
        }
        if (state == s_blank1) {
            return Step{s_blank2, 1};
        }
        if (state == s_blank2) {
            return Step{s_blank2, 0};
        }
        return Step{s_blank1, 0};
    case line_end:
        return state == s_line_end ? Step{s_line_end, 0} : Step{s_line_end, 1};
    case lead3:
        return Step{s_other, 1}; // most of the Basic Multilingual Plane past the alphabets
    case lead4:
        return Step{s_other, 2}; // emoji and the rest: usually split in two
    default:
        return Step{state, 0}; // a continuation byte belongs to the character before it
    }
}

constexpr auto make_steps()
{
    std::array<std::array<Step, 256>, k_state_count> steps{};
    for (std::uint8_t state = 0; state < k_state_count; ++state) {
        for (int c = 0; c < 256; ++c) {
            steps[state][static_cast<std::size_t>(c)] = step(state, k_byte_class[static_cast<std::size_t>(c)]);
        }
    }
    return steps;
}
constexpr auto k_steps = make_steps();

} // namespace

namespace {

// Where a long text can be cut so that both parts are estimated on their own with the same
// result: at a space after an ASCII letter, the state is s_blank1 whatever came before.
// Searches up to 64 bytes from `from`; returns `from` unchanged when there is no such place.
std::size_t cut_point(std::string_view text, std::size_t from)
{
    const std::size_t end = std::min(text.size(), from + 64);
    for (std::size_t i = std::max<std::size_t>(from, 1); i < end; ++i) {
        if (text[i] == ' ' && k_byte_class[static_cast<unsigned char>(text[i - 1])] == letter) {
            return i;
        }
    }
    return from;
}

std::uint64_t run_steps(std::string_view text, std::uint8_t state, std::uint64_t tokens = 0)
{
    for (const char c : text) {
        const Step next = k_steps[state][static_cast<unsigned char>(c)];
        tokens += next.tokens;
        state = next.next;
    }
    return tokens;
}

} // namespace

std::uint64_t estimate_tokens(std::string_view text)
{
    // Each byte's state depends on the one before, so one run through a long text waits on
    // a load per byte. Cut at four places where the state is known, and step the parts
    // side by side.
    constexpr std::size_t k_parts = 4;
    if (text.size() < 64) {
        return run_steps(text, s_other);
    }
    std::array<std::size_t, k_parts + 1> bounds{};
    bounds[k_parts] = text.size();
    for (std::size_t part = 1; part < k_parts; ++part) {
        const std::size_t nominal = text.size() * part / k_parts;
        const std::size_t cut = cut_point(text, nominal);
        if (cut == nominal || cut <= bounds[part - 1]) {
            return run_steps(text, s_other); // no clean cut: one run
        }
        bounds[part] = cut;
    }
    std::array<std::uint8_t, k_parts> states{s_other, s_other, s_other, s_other};
    std::array<std::uint64_t, k_parts> tokens{};
    std::size_t shortest = text.size();
    for (std::size_t part = 0; part < k_parts; ++part) {
        shortest = std::min(shortest, bounds[part + 1] - bounds[part]);
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < shortest; ++i) {
        for (std::size_t part = 0; part < k_parts; ++part) {
            const Step next = k_steps[states[part]][bytes[bounds[part] + i]];
            tokens[part] += next.tokens;
            states[part] = next.next;
        }
    }
    std::uint64_t total = 0;
    for (std::size_t part = 0; part < k_parts; ++part) {
        const std::size_t from = bounds[part] + shortest;
        total += run_steps(text.substr(from, bounds[part + 1] - from), states[part], tokens[part]);
    }
    return total;
}

// --- Token histogram ------------------------------------------------------------------------

namespace {
constexpr double k_buckets_per_doubling = 69.66; // 1 / log2(1.01): buckets 1% wide
}

std::size_t TokenHistogram::bucket(std::uint64_t tokens)
{
    if (tokens < k_exact_tokens) {
        return static_cast<std::size_t>(tokens);
    }
    const double doublings = std::log2(static_cast<double>(tokens) / static_cast<double>(k_exact_tokens));
    std::size_t index = k_exact_tokens + static_cast<std::size_t>(doublings * k_buckets_per_doubling);
    // Keep the bucket's floor at or below `tokens` despite rounding in log2 and exp2.
    while (index > k_exact_tokens && bucket_floor(index) > tokens) {
        --index;
    }
    return index;
}

std::uint64_t TokenHistogram::bucket_floor(std::size_t bucket)
{
    if (bucket < k_exact_tokens) {
        return bucket;
    }
    const double doublings = static_cast<double>(bucket - k_exact_tokens) / k_buckets_per_doubling;
    return static_cast<std::uint64_t>(std::ceil(static_cast<double>(k_exact_tokens) * std::exp2(doublings)));
}

void TokenHistogram::add(std::uint64_t tokens)
{
    const std::size_t index = bucket(tokens);
    if (index >= m_buckets.size()) {
        m_buckets.resize(std::max<std::size_t>(index + 1, std::min<std::size_t>(k_exact_tokens, 2 * index + 1)));
    }
    ++m_buckets[index];
    ++m_count;
    m_total += tokens;
    m_max = std::max(m_max, tokens);
}

void TokenHistogram::merge(const TokenHistogram& other)
{
    if (other.m_buckets.size() > m_buckets.size()) {
        m_buckets.resize(other.m_buckets.size());
    }
    for (std::size_t i = 0; i < other.m_buckets.size(); ++i) {
        m_buckets[i] += other.m_buckets[i];
    }
    m_count += other.m_count;
    m_total += other.m_total;
    m_max = std::max(m_max, other.m_max);
}

std::uint64_t TokenHistogram::percentile(double fraction) const
{
    if (m_count == 0) {
        return 0;
    }
    // The rank of the example at `fraction`, counting from 1 (nearest-rank method).
    const auto rank =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(m_count))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank) {
            // The longest example's bucket answers with its exact length.
            return i == bucket(m_max) ? m_max : bucket_floor(i);
        }
    }
    return m_max;
}

std::vector<TokenHistogram::Bar> TokenHistogram::bars() const
{
    std::vector<Bar> bars;
    if (m_count == 0) {
        return bars;
    }
    auto band = [](std::uint64_t tokens) -> std::size_t {
        std::size_t b = 0;
        while (tokens > 0) {
            tokens >>= 1;
            ++b;
        }
        return b; // 0 for 0 tokens, k for [2^(k-1), 2^k)
    };
    std::vector<std::uint64_t> counts;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        if (m_buckets[i] == 0) {
            continue;
        }
        const std::size_t b = band(bucket_floor(i));
        if (b >= counts.size()) {
            counts.resize(b + 1);
        }
        counts[b] += m_buckets[i];
    }
    std::size_t first = 0;
    while (counts[first] == 0) {
        ++first;
    }
    for (std::size_t b = first; b < counts.size(); ++b) {
        const std::uint64_t from = b == 0 ? 0 : std::uint64_t{1} << (b - 1);
        const std::uint64_t to = std::uint64_t{1} << b;
        bars.push_back(Bar{from, to, counts[b]});
    }
    return bars;
}

} // namespace ftadvisor
