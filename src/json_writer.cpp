#include "json_writer.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ftadvisor {
namespace {

#if defined(__SSE2__)
// The number of bytes from `p` that can be copied as they are, in blocks of sixteen, up to
// `end`: printable ASCII other than '"' and '\\'. SSE2 is part of every x86-64 processor.
std::size_t plain_prefix(const char* p, const char* end)
{
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const char* start = p;
    while (end - p >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Signed compare: bytes of 0x80 and above are negative, so below 0x20 as well.
        const __m128i special = _mm_or_si128(
            _mm_cmplt_epi8(bytes, space), _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
        const int mask = _mm_movemask_epi8(special);
        if (mask != 0) {
            return static_cast<std::size_t>(p - start) +
                   static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
        p += 16;
    }
    return static_cast<std::size_t>(p - start);
}
#endif

// Whether the eight bytes at `p` are all printable ASCII other than '"' and '\\', tested
// together: a byte is flagged by its top bit when it is 0x80 or more, below 0x20, or equal to
// one of the two (the classic "has a zero byte" test on the word XORed with the byte).
bool plain_word(const char* p)
{
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    const auto has_zero = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    const std::uint64_t flagged = (w & highs) | below_space | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\'));
    return flagged == 0;
}

// Bytes that can be copied as they are: printable ASCII but the quote and the backslash.
constexpr auto k_plain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) {
        plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    }
    return plain;
}();

// The length of the prefix of `text` that can be copied as it is: in blocks of sixteen or
// eight bytes while no byte of a block needs a closer look, then byte by byte.
std::size_t plain_length(std::string_view text)
{
    std::size_t i = 0;
#if defined(__SSE2__)
    i += plain_prefix(text.data(), text.data() + text.size());
    if (i < text.size() && text.size() - i < 16 && text.size() >= 16) {
        // Fewer than sixteen bytes are left unchecked: check the last sixteen in one block,
        // overlapping bytes already known to be plain.
        const std::size_t start = text.size() - 16;
        const std::size_t checked = plain_prefix(text.data() + start, text.data() + text.size());
        return std::max(i, start + checked);
    }
#endif
    while (i + 8 <= text.size() && plain_word(text.data() + i)) {
        i += 8;
    }
    while (i < text.size() && k_plain[static_cast<unsigned char>(text[i])]) {
        ++i;
    }
    return i;
}

} // namespace

JsonWriter::JsonWriter(std::string& out, bool pretty) : m_out(out), m_pretty(pretty)
{
    const std::size_t used = m_out.size();
    m_out.resize(used + 4096);
    m_pos = m_out.data() + used;
    m_end = m_out.data() + m_out.size();
}

void JsonWriter::finish()
{
    const auto used = static_cast<std::size_t>(m_pos - m_out.data());
    m_out.resize(used);
    m_pos = m_out.data() + used;
    m_end = m_pos;
}

void JsonWriter::grow(std::size_t n)
{
    const auto used = static_cast<std::size_t>(m_pos - m_out.data());
    m_out.resize(std::max(2 * m_out.size(), used + n + 4096));
    m_pos = m_out.data() + used;
    m_end = m_out.data() + m_out.size();
}

void JsonWriter::write_string(std::string& out, std::string_view text)
{
    JsonWriter writer(out, false);
    writer.string_literal(text);
}

void JsonWriter::string_literal(std::string_view text)
{
    reserve(text.size() + 2);
    *m_pos++ = '"';
    std::size_t i = plain_length(text);
    if (i == text.size()) {
        // The common case: nothing to escape or check.
        put_unchecked(text);
        *m_pos++ = '"';
        return;
    }
    std::size_t plain = 0; // start of the run of bytes copied as they are
    auto flush = [&] { put(text.substr(plain, i - plain)); };
    while (i < text.size()) {
        i += plain_length(text.substr(i));
        if (i == text.size()) {
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            std::size_t bad = 0;
            const std::size_t length = text::utf8_sequence(text, i, bad);
            if (length > 0) {
                i += length;
                continue;
            }
            flush();
            put("\xEF\xBF\xBD"); // U+FFFD REPLACEMENT CHARACTER
            plain = ++i;
            continue;
        }
        flush();
        switch (c) {
        case '"':
            put("\\\"");
            break;
        case '\\':
            put("\\\\");
            break;
        case '\b':
            put("\\b");
            break;
        case '\f':
            put("\\f");
            break;
        case '\n':
            put("\\n");
            break;
        case '\r':
            put("\\r");
            break;
        case '\t':
            put("\\t");
            break;
        default:
            put(fmt::format("\\u{:04x}", c));
        }
        plain = ++i;
    }
    flush();
    put('"');
}

void JsonWriter::newline()
{
    if (m_pretty) {
        const std::size_t indent = 2 * (m_depth + m_base);
        reserve(indent + 1);
        *m_pos++ = '\n';
        std::memset(m_pos, ' ', indent);
        m_pos += indent;
    }
}

void JsonWriter::before_value()
{
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_depth > 0) {
        if (!m_levels[m_depth - 1].empty) {
            put(',');
        }
        m_levels[m_depth - 1].empty = false;
        newline();
    }
}

JsonWriter& JsonWriter::key(std::string_view name)
{
    before_value();
    string_literal(name);
    put(m_pretty ? std::string_view(": ") : std::string_view(":"));
    m_after_key = true;
    return *this;
}

JsonWriter& JsonWriter::open(char bracket)
{
    before_value();
    put(bracket);
    push_level(true);
    return *this;
}

JsonWriter& JsonWriter::close(char bracket)
{
    const bool empty = m_levels[--m_depth].empty;
    if (!empty) {
        newline();
    }
    put(bracket);
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text)
{
    before_value();
    string_literal(text);
    return *this;
}

JsonWriter& JsonWriter::value(double number)
{
    before_value();
    reserve(32);
    if (std::floor(number) == number && std::fabs(number) < 9e15) {
        m_pos = std::to_chars(m_pos, m_end, static_cast<long long>(number)).ptr;
    } else if (std::isfinite(number)) {
        m_pos = fmt::format_to(m_pos, "{}", number); // at most 24 characters
    } else {
        put("null"); // as nlohmann writes a NaN or an infinity
    }
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    before_value();
    put(flag ? std::string_view("true") : std::string_view("false"));
    return *this;
}

JsonWriter& JsonWriter::null()
{
    before_value();
    put(std::string_view("null"));
    return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string_view>& list)
{
    begin_array();
    for (const std::string_view item : list) {
        value(item);
    }
    return end_array();
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& list)
{
    begin_array();
    for (const std::string& item : list) {
        value(item);
    }
    return end_array();
}

} // namespace ftadvisor
