#include "text.hpp"

#include "ftadvisor/value.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace ftadvisor::text {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    // Optimal string alignment: Levenshtein plus swaps of two neighbours, the commonest
    // typo ("nmae" for "name"). Three rolling rows are enough.
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates)
{
    // Allow about one edit in three characters, as ninja's spellchecker does with its
    // fixed limit, but scaled so short names do not match everything.
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(word.size() / 3, 4));
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        // The lengths alone set a floor on the distance: past the limit, no need to compute it.
        const std::size_t floor =
            word.size() > candidate.size() ? word.size() - candidate.size() : candidate.size() - word.size();
        if (floor >= best_distance) {
            continue;
        }
        const std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    if (best || word.size() < 3) {
        return best;
    }
    // A shortened name ("cost" for "cost_usd") is a typo too, when only one name starts so;
    // and a long one (8 characters or more) with a typo in it ("expected_improvment" for
    // "expected_improvement_pct"), when it is one edit from the start of only one name.
    auto only = [&](auto starts) {
        std::optional<std::string> found;
        for (const auto& candidate : candidates) {
            if (candidate.size() > word.size() && starts(std::string_view(candidate))) {
                if (found) {
                    return std::optional<std::string>();
                }
                found = candidate;
            }
        }
        return found;
    };
    if (auto completion = only([&](std::string_view c) { return c.substr(0, word.size()) == word; })) {
        return completion;
    }
    if (word.size() < 8) {
        return std::nullopt;
    }
    return only([&](std::string_view c) {
        for (const std::size_t length : {word.size() - 1, word.size(), word.size() + 1}) {
            if (length < c.size() && edit_distance(word, c.substr(0, length)) <= 1) {
                return true;
            }
        }
        return false;
    });
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
    if (auto best = suggest(word, candidates)) {
        return fmt::format(" (did you mean '{}'?)", *best);
    }
    return {};
}

std::string format_number(double value)
{
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "infinity" : "-infinity";
    }
    // The digits, without trailing zeros in the fraction. Whole numbers, most of what is
    // printed, are written directly; the others through two decimals.
    char buffer[400];
    std::size_t size = 0;
    const double magnitude = std::fabs(value);
    if (magnitude < 9007199254740992.0 && magnitude == std::floor(magnitude)) {
        const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::uint64_t>(magnitude));
        size = static_cast<std::size_t>(end - buffer);
    } else {
        const auto written = fmt::format_to_n(buffer, sizeof buffer, "{:.2f}", magnitude);
        size = std::min(written.size, sizeof buffer);
        while (buffer[size - 1] == '0') {
            --size;
        }
        if (buffer[size - 1] == '.') {
            --size;
        }
    }
    const std::string_view digits(buffer, size);
    const std::size_t whole = std::min(digits.find('.'), digits.size());
    std::string out;
    out.reserve(size + whole / 3 + 1);
    if (value < 0 && digits != "0") {
        out += '-';
    }
    for (std::size_t i = 0; i < whole; ++i) {
        if (i != 0 && (whole - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    out.append(digits.substr(whole));
    return out;
}

std::string format_usd(double value)
{
    return fmt::format("${}", format_number(value));
}

std::string format_usd_range(double low, double high)
{
    return low == high ? format_usd(low) : format_usd(low) + " to " + format_usd(high);
}

std::string format_hours_range(double low, double high)
{
    if (low == high) {
        return format_number(low) + (low == 1 ? " hour" : " hours");
    }
    return format_number(low) + " to " + format_number(high) + " hours";
}

namespace {

} // namespace

std::size_t utf8_sequence(std::string_view text, std::size_t i, std::size_t& bad)
{
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xBF;
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        min_second = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        max_second = lead == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        min_second = lead == 0xF0 ? 0x90 : 0x80;
        max_second = lead == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
    }
    std::size_t valid = length == 0 ? 0 : 1;
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
        const auto byte = static_cast<unsigned char>(text[i + k]);
        const bool ok = k == 1 ? byte >= min_second && byte <= max_second : byte >= 0x80 && byte <= 0xBF;
        if (!ok) {
            break;
        }
        valid = k + 1;
    }
    if (length > 0 && valid == length) {
        return length;
    }
    bad = std::max<std::size_t>(valid, 1);
    return 0;
}

std::string valid_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t bad = 0;
        if (const std::size_t length = utf8_sequence(text, i, bad); length > 0) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += "\xEF\xBF\xBD"; // U+FFFD for the longest bad prefix, or one bad byte
            i += bad;
        }
    }
    return out;
}

bool is_valid_utf8(std::string_view text)
{
    return first_invalid_utf8(text) == text.size();
}

std::size_t first_invalid_utf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        // ASCII eight bytes at a time: most text is.
        std::uint64_t block = 0;
        while (text.size() - i >= sizeof block) {
            std::memcpy(&block, text.data() + i, sizeof block);
            if ((block & 0x8080808080808080U) != 0) {
                break;
            }
            i += sizeof block;
        }
        if (i == text.size()) {
            break;
        }
        std::size_t bad = 0;
        const std::size_t length = utf8_sequence(text, i, bad);
        if (length == 0) {
            return i;
        }
        i += length;
    }
    return text.size();
}

bool is_blank(std::string_view text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

namespace {

// Whether code point `c` reorders or hides text on a terminal: the bidirectional embeddings,
// overrides and isolates, and the marks.
bool is_bidi_control(char32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

// The length of one of src/style.hpp's styles at text[i] (`ESC [ code m`, with the codes it
// uses: reset, bold, dim, green, red, yellow, cyan), or 0. Any other sequence (SGR 8 hides
// text, cursor movement rewrites it) is shown, not kept.
std::size_t style_length(std::string_view text, std::size_t i)
{
    static constexpr std::array<std::string_view, 7> k_styles = {"\x1b[0m",    "\x1b[1m",  "\x1b[2m", "\x1b[1;32m",
                                                                 "\x1b[1;31m", "\x1b[33m", "\x1b[36m"};
    for (const std::string_view style : k_styles) {
        if (text.compare(i, style.size(), style) == 0) {
            return style.size();
        }
    }
    return 0;
}

} // namespace

// Long on purpose: one pass over the text, each kind of character handled where it stands.
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
std::string visible(std::string_view raw, bool keep_styles)
{
    const std::string text = valid_utf8(raw);
    std::string out;
    out.reserve(text.size() + 16);
    bool line_start = true; // only white space since the last line feed
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (keep_styles) {
            if (const std::size_t length = style_length(text, i); length > 0) {
                out.append(text, i, length);
                i += length;
                continue;
            }
        }
        if (c == '\n') {
            out += c;
            line_start = true;
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t') {
            out += c;
            ++i;
            continue;
        }
        if (line_start && text.compare(i, 2, "::") == 0) {
            out += ":\\x3a";
            i += 2;
            line_start = false;
            continue;
        }
        line_start = false;
        if (text.compare(i, 3, "##[") == 0) {
            out += "#\\x23[";
            i += 3;
            continue;
        }
        if (byte < 0x20 || byte == 0x7F) {
            out += fmt::format("\\x{:02x}", byte);
            ++i;
            continue;
        }
        if (byte < 0x80) {
            out += c;
            ++i;
            continue;
        }
        std::size_t length = 1;
        const char32_t code = decode_utf8(text, i, length);
        if ((code >= 0x80 && code <= 0x9F) || is_bidi_control(code)) {
            out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(code));
        } else {
            out.append(text, i, length);
        }
        i += length;
    }
    return out;
}

std::string markdown_escape(std::string_view raw)
{
    const std::string text = valid_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
        case '#':
            out += '\\';
            out += c;
            break;
        case '\n':
        case '\r':
        case '\t':
            out += ' ';
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                out += "\xEF\xBF\xBD"; // control characters have no place in a document
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string one_line(std::string_view text)
{
    std::string out(text);
    for (std::size_t i = out.find('\n'); i != std::string::npos; i = out.find('\n', i + 1)) {
        out[i] = ' ';
        if (i > 0 && out[i - 1] == '\r') {
            out[i - 1] = ' ';
        }
    }
    return out;
}

std::size_t columns(std::string_view text)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
            // A colour: ESC [ parameters, up to its final letter.
            i += 2;
            while (i < text.size() && (text[i] < '@' || text[i] > '~')) {
                ++i;
            }
            continue;
        }
        n += (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U ? 1U : 0U;
    }
    return n;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width, std::size_t first_width)
{
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_columns = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ') {
            ++pos;
        }
        std::size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (end == pos) {
            break;
        }
        std::string_view word = text.substr(pos, end - pos);
        const std::size_t limit = lines.empty() ? first_width : width;
        if (!line.empty() && line_columns + 1 + columns(word) > limit) {
            lines.push_back(std::move(line));
            line.clear();
            line_columns = 0;
        }
        // A word wider than a whole line (a path, a fact and its value) is cut after the last
        // / = , or : that leaves a piece that fits, or else after the last . - or _. An address
        // (://) stays whole, so that it can still be copied or followed.
        const bool address = word.find("://") != std::string_view::npos;
        while (!address && line.empty() && columns(word) > (lines.empty() ? first_width : width)) {
            const std::string_view fits = word.substr(0, lines.empty() ? first_width : width);
            std::size_t cut = fits.find_last_of("/=,:");
            if (cut == std::string_view::npos || cut == 0) {
                cut = fits.find_last_of("._-");
            }
            if (cut == std::string_view::npos || cut == 0) {
                break;
            }
            lines.emplace_back(word.substr(0, cut + 1));
            word.remove_prefix(cut + 1);
        }
        if (!line.empty()) {
            line += ' ';
            ++line_columns;
        }
        line += word;
        line_columns += columns(word);
        pos = end;
    }
    if (!line.empty() || lines.empty()) {
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<std::string> hang(std::string_view lead, std::size_t lead_width, std::string_view prose, std::size_t indent,
                              std::size_t width)
{
    const auto room = [&](std::size_t used) { return width > used + 20 ? width - used : std::size_t{20}; };
    const std::size_t below = std::min(indent, std::size_t{6});
    std::size_t longest = 0;
    for (std::size_t start = 0; start < prose.size();) {
        const std::size_t end = std::min(prose.find(' ', start), prose.size());
        longest = std::max(longest, columns(prose.substr(start, end - start)));
        start = end + 1;
    }
    std::vector<std::string> out;
    if (width < lead_width + 20 || (longest > room(indent) && longest + below <= width)) {
        std::string alone(lead);
        while (!alone.empty() && alone.back() == ' ') {
            alone.pop_back();
        }
        out.push_back(std::move(alone));
        for (std::string& part : wrap(prose, room(below))) {
            out.push_back(std::string(below, ' ') + part);
        }
        return out;
    }
    auto lines = wrap(prose, room(indent), room(lead_width));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out.push_back((i == 0 ? std::string(lead) : std::string(indent, ' ')) + lines[i]);
    }
    return out;
}

namespace {

template <class Parts>
std::string join_parts(const Parts& parts, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i != 0) {
            out += separator;
        }
        out += parts[i];
    }
    return out;
}

} // namespace

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
    return join_parts(parts, separator);
}

std::string join(const std::vector<std::string_view>& parts, std::string_view separator)
{
    return join_parts(parts, separator);
}

std::string ascii_lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

bool is_identifier(std::string_view word)
{
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::string shorten(std::string_view text, std::size_t max_bytes)
{
    constexpr std::string_view k_marker = "...";
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    std::size_t cut = max_bytes > k_marker.size() ? max_bytes - k_marker.size() : 0;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut; // not inside a character's bytes
    }
    return std::string(text.substr(0, cut)) + std::string(k_marker.substr(0, std::min(max_bytes, k_marker.size())));
}

std::string quote(std::string_view text)
{
    constexpr std::size_t k_max = 40;
    std::string shown(text.substr(0, std::min(text.size(), k_max)));
    // Escape through the JSON serialiser so control characters and invalid UTF-8 never
    // reach the terminal raw.
    std::string out = nlohmann::json(shown).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > k_max) {
        out.insert(out.size() - 1, "...");
    }
    return out;
}

} // namespace ftadvisor::text

namespace ftadvisor {

std::string format_value(const Value& value)
{
    struct Visitor {
        std::string operator()(std::monostate) const { return "unknown"; }
        std::string operator()(bool b) const { return b ? "yes" : "no"; }
        std::string operator()(double d) const { return text::format_number(d); }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const std::vector<std::string>& list) const { return text::join(list, ", "); }
    };
    return std::visit(Visitor{}, value);
}

} // namespace ftadvisor
