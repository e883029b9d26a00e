#pragma once

// What the three parts of the training-set reader share (src/dataset_tokens.cpp: the token
// estimate; src/dataset_layouts.cpp: one line's layout and problems; src/dataset.cpp: a
// whole file read in chunks on every core).

#include "ftadvisor/dataset.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace ftadvisor::dataset_detail {

// What a byte starts, for the estimate and for white-space normalisation.
enum ByteClass : std::uint8_t { letter, lead2, digit, blank, line_end, symbol, lead3, lead4, other };
// `other`: continuation bytes (0x80-0xBF) and bytes UTF-8 never uses.

constexpr std::array<std::uint8_t, 256> make_byte_classes()
{
    std::array<std::uint8_t, 256> classes{};
    for (int c = 0; c < 256; ++c) {
        std::uint8_t k = other;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            k = letter;
        } else if (c >= '0' && c <= '9') {
            k = digit;
        } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            k = blank;
        } else if (c == '\n' || c == '\r') {
            k = line_end;
        } else if (c < 0x80) {
            k = symbol; // punctuation, symbols, control characters
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = lead2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = lead3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = lead4;
        }
        classes[static_cast<std::size_t>(c)] = k;
    }
    return classes;
}
inline constexpr std::array<std::uint8_t, 256> k_byte_class = make_byte_classes();

inline std::uint8_t byte_class(unsigned char c)
{
    return k_byte_class[c];
}

inline constexpr std::uint64_t k_tokens_per_message = 4; // role and the separators around a turn
inline constexpr std::uint64_t k_tokens_per_example = 3; // the reply's priming

// Analyses `line`, which must have SIMDJSON_PADDING readable bytes after its end.
LineAnalysis analyze_padded(std::string_view line);

} // namespace ftadvisor::dataset_detail
