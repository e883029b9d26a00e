#include "json_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace ftadvisor {
namespace {

// The length of the valid UTF-8 sequence at the start of `s`, or 0 if it is not valid
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view s)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto continuation = [&](std::size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
    const unsigned char lead = byte(0);
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return continuation(1) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2)) {
            return 0;
        }
        const unsigned char second = byte(1);
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) {
            return 0;
        }
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) {
            return 0;
        }
        const unsigned char second = byte(1);
        if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

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

} // namespace

void JsonWriter::write_string(std::string& out, std::string_view text)
{
    // Bytes that can be copied as they are: printable ASCII but the quote and the backslash.
    static constexpr auto k_plain = [] {
        std::array<bool, 256> plain{};
        for (int c = 0x20; c < 0x80; ++c) {
            plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
        }
        return plain;
    }();
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t plain = 0; // start of the run of bytes copied as they are
    std::size_t i = 0;
    auto flush = [&] { out.append(text.data() + plain, i - plain); };
    while (i < text.size()) {
        // Eight bytes at a time while none of them needs a closer look.
        while (i + 8 <= text.size() && plain_word(text.data() + i)) {
            i += 8;
        }
        if (i == text.size()) {
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (k_plain[c]) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t length = utf8_length(text.substr(i));
            if (length > 0) {
                i += length;
                continue;
            }
            flush();
            out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
            plain = ++i;
            continue;
        }
        flush();
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += fmt::format("\\u{:04x}", c);
        }
        plain = ++i;
    }
    flush();
    out += '"';
}

void JsonWriter::newline()
{
    if (m_pretty) {
        m_out += '\n';
        m_out.append(2 * m_levels.size(), ' ');
    }
}

void JsonWriter::before_value()
{
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (!m_levels.empty()) {
        if (!m_levels.back().empty) {
            m_out += ',';
        }
        m_levels.back().empty = false;
        newline();
    }
}

JsonWriter& JsonWriter::key(std::string_view name)
{
    before_value();
    write_string(m_out, name);
    m_out += m_pretty ? ": " : ":";
    m_after_key = true;
    return *this;
}

JsonWriter& JsonWriter::open(char bracket)
{
    before_value();
    m_out += bracket;
    m_levels.push_back(Level{});
    return *this;
}

JsonWriter& JsonWriter::close(char bracket)
{
    const bool empty = m_levels.back().empty;
    m_levels.pop_back();
    if (!empty) {
        newline();
    }
    m_out += bracket;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text)
{
    before_value();
    write_string(m_out, text);
    return *this;
}

JsonWriter& JsonWriter::value(double number)
{
    before_value();
    if (std::floor(number) == number && std::fabs(number) < 9e15) {
        std::array<char, 24> digits{};
        const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), static_cast<long long>(number)).ptr;
        m_out.append(digits.data(), end);
    } else if (std::isfinite(number)) {
        fmt::format_to(std::back_inserter(m_out), "{}", number);
    } else {
        m_out += "null"; // as nlohmann writes a NaN or an infinity
    }
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    before_value();
    m_out += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null()
{
    before_value();
    m_out += "null";
    return *this;
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
