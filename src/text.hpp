#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor::text {

// Edit distance between two strings, by bytes, counting a swap of neighbours as one edit.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a plausible typo, or else the
// only candidate that `word` begins.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// A number for people: whole numbers with thousands separators (2,400), others with up to
// two decimals and no trailing zeros (12.5).
std::string format_number(double value);

// "$2,000".
std::string format_usd(double value);

// "$2,000 to $20,000", or "$2,000" when both ends are equal.
std::string format_usd_range(double low, double high);

// "2 to 8 hours", or "1 hour" / "3 hours" when both ends are equal.
std::string format_hours_range(double low, double high);

// `text` made safe for a Markdown table cell or heading: characters that Markdown would read
// as markup are escaped, line breaks and tabs become spaces, other control characters and
// invalid UTF-8 become U+FFFD.
std::string markdown_escape(std::string_view text);

// A report or message made safe for a terminal and a CI log (docs/security.md), the one
// sanitiser every human-readable output passes through: control characters other than line
// feeds and tabs, escape sequences, C1 controls and bidirectional overrides are shown as
// `\x1b`, `\u202e`; a workflow command's opener is broken (`::` where a line starts after
// white space becomes `:\x3a`, `##[` anywhere `#\x23[`). The styles of src/style.hpp
// (`ESC [ digits and ; m`) are kept when `keep_styles` is set; invalid UTF-8 becomes U+FFFD.
std::string visible(std::string_view text, bool keep_styles = false);

// `text` kept to one line of a text report: each line break (LF, CR LF) becomes a space, so
// that a name or a file name from input cannot break the report's layout. The sanitiser
// (visible) still shows what else it holds.
std::string one_line(std::string_view text);

// The columns `text` takes on screen: a character each (UTF-8), colour escapes none.
std::size_t columns(std::string_view text);

// Splits `text` into lines of at most `width` columns (`first_width` for the first line),
// breaking at spaces. A word longer than the width is cut after the last / = , or : that
// leaves a piece that fits, or else the last . - or _; one without such a place, and an
// address (https://...), stands whole on a line of its own.
std::vector<std::string> wrap(std::string_view text, std::size_t width, std::size_t first_width);

inline std::vector<std::string> wrap(std::string_view text, std::size_t width)
{
    return wrap(text, width, width);
}

// A labelled paragraph in `width` columns: `prose` wrapped after `lead` (which takes
// `lead_width` columns on screen, colour codes aside), its other lines indented by `indent`.
// Where the lead leaves fewer than 20 columns (a narrow terminal), or a word of the prose (a
// rule's id, an address) is wider than the room beside the lead but fits below it, the lead
// stands on its own line and the prose goes below it, indented by at most 6. A word that fits
// nowhere is left to wrap (cut at its punctuation, an address whole).
std::vector<std::string> hang(std::string_view lead, std::size_t lead_width, std::string_view prose, std::size_t indent,
                              std::size_t width);

// `text` with every byte sequence that is not valid UTF-8 (stray continuation bytes,
// truncated or overlong sequences, surrogates, code points past U+10FFFF) replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// Whether `text` is valid UTF-8 as valid_utf8 judges it. Copies nothing.
bool is_valid_utf8(std::string_view text);

// The offset of the first byte that starts no valid UTF-8 sequence; text.size() if none.
std::size_t first_invalid_utf8(std::string_view text);

// The one UTF-8 reader of the library, in two parts. utf8_sequence: the length of the
// well-formed sequence that starts at text[i], or 0 when there is none (overlong forms,
// surrogates and code points past U+10FFFF are not well formed); then `bad` is the length of
// the ill-formed prefix that one U+FFFD stands for.
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::size_t& bad);

// The code point at text[i] of a text already valid UTF-8 (valid_utf8), and its length in
// `length`; U+FFFD for a sequence cut short by the end of the text.
inline char32_t decode_utf8(std::string_view text, std::size_t i, std::size_t& length)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = b(0);
    if (lead < 0x80 || i + 1 >= text.size()) {
        length = 1;
        return lead;
    }
    if (lead < 0xE0) {
        length = 2;
        return (char32_t(lead & 0x1F) << 6) | (b(1) & 0x3F);
    }
    if (lead < 0xF0 || i + 3 >= text.size()) {
        length = std::min<std::size_t>(3, text.size() - i);
        return length < 3 ? 0xFFFD : (char32_t(lead & 0x0F) << 12) | (char32_t(b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    }
    length = 4;
    return (char32_t(lead & 0x07) << 18) | (char32_t(b(1) & 0x3F) << 12) | (char32_t(b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// Whether `text` holds nothing but white space (ASCII space, tab, line breaks, form feed,
// vertical tab); true for an empty text.
bool is_blank(std::string_view text);

std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string join(const std::vector<std::string_view>& parts, std::string_view separator);

// `text` with its ASCII letters lowered and every other byte as it is: offsets stay put.
std::string ascii_lower(std::string_view text);

// The character lowered if it is an ASCII letter, else as it is.
inline char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether `word` is an identifier as the rules name things (ids, signals): lower-case ASCII
// letters, digits, '-' and '_', at least one. Such a name needs no escaping in any output.
bool is_identifier(std::string_view word);

// `text` quoted for a message: "lots" with JSON escapes, shortened past 40 characters.
std::string quote(std::string_view text);

// `text` cut to at most `max_bytes` bytes, at a character's start, with "..." after the cut
// (within the bytes); as it is when it fits.
std::string shorten(std::string_view text, std::size_t max_bytes);

} // namespace ftadvisor::text
