#include "ftadvisor/dataset.hpp"

#include "parallel.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <xxhash.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_set>

namespace ftadvisor {

const char* example_format_name(ExampleFormat format)
{
    switch (format) {
    case ExampleFormat::chat:
        return "chat";
    case ExampleFormat::prompt_completion:
        return "prompt_completion";
    case ExampleFormat::instruction:
        return "instruction";
    case ExampleFormat::conversations:
        return "conversations";
    }
    return "chat";
}

const char* data_error_name(DataErrorKind kind)
{
    static constexpr std::array<const char*, k_data_error_kind_count> names = {
        "not_json",          "invalid_utf8",       "not_object",         "unknown_format",      "ambiguous_format",
        "messages_not_list", "messages_empty",     "message_not_object", "message_missing_key", "message_unknown_key",
        "unknown_role",      "content_not_string", "bad_weight",         "no_assistant_turn",   "missing_field",
        "field_not_string",  "line_too_long"};
    return names[static_cast<std::size_t>(kind)];
}

// --- Token estimate -------------------------------------------------------------------------

namespace {

constexpr std::uint64_t k_tokens_per_message = 4; // role and the separators around a turn
constexpr std::uint64_t k_tokens_per_example = 3; // the reply's priming

} // namespace

namespace {

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
constexpr std::array<std::uint8_t, 256> k_byte_class = make_byte_classes();

std::uint8_t byte_class(unsigned char c)
{
    return k_byte_class[c];
}

} // namespace

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

// --- Stats ------------------------------------------------------------------------------------

bool DatasetStats::mixed_formats() const
{
    return std::count_if(formats.begin(), formats.end(), [](std::uint64_t n) { return n > 0; }) > 1;
}

void DatasetStats::add(const DatasetStats& other)
{
    bytes += other.bytes;
    lines += other.lines;
    blank_lines += other.blank_lines;
    examples += other.examples;
    examples_valid += other.examples_valid;
    examples_clean += other.examples_clean;
    duplicates += other.duplicates;
    empty += other.empty;
    too_long += other.too_long;
    format_errors += other.format_errors;
    for (std::size_t i = 0; i < errors_by_kind.size(); ++i) {
        errors_by_kind[i] += other.errors_by_kind[i];
    }
    for (std::size_t i = 0; i < formats.size(); ++i) {
        formats[i] += other.formats[i];
    }
    tokens.merge(other.tokens);
    clean_tokens += other.clean_tokens;
    byte_order_mark = byte_order_mark || other.byte_order_mark;
    crlf_lines += other.crlf_lines;
    final_newline = final_newline && other.final_newline;
}

// --- One line ---------------------------------------------------------------------------------

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Appends `text` with every run of white space made one space, and none at either end.
// Whether `text` has white space other than single spaces between words: most text has not,
// and is then appended as it is.
bool needs_normalizing(std::string_view text)
{
    const std::size_t n = text.size();
    if (n == 0) {
        return false;
    }
    if (text.front() == ' ' || text.back() == ' ') {
        return true;
    }
    // Eight bytes at a time: a control character (below 0x20), or a space beside a space
    // (within the eight, or across to the next eight). A false alarm only costs the slow path.
    constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
    constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, text.data() + i, 8);
        const std::uint64_t control = (x - 0x20 * k_ones) & ~x & k_highs;
        const std::uint64_t y = x ^ (0x20 * k_ones); // spaces become zero bytes
        const std::uint64_t spaces = (y - k_ones) & ~y & k_highs;
        const bool edge = i + 8 < n && text[i + 7] == ' ' && text[i + 8] == ' ';
        if (control != 0 || (spaces & (spaces >> 8)) != 0 || edge) {
            return true;
        }
    }
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < ' ' || (c == ' ' && i + 1 < n && text[i + 1] == ' ')) {
            return true;
        }
    }
    return false;
}

void append_normalized(std::string& out, std::string_view text)
{
    if (!needs_normalizing(text)) {
        out.append(text);
        return;
    }
    const auto is_white = [](char c) {
        const std::uint8_t k = byte_class(static_cast<unsigned char>(c));
        return k == blank || k == line_end;
    };
    std::size_t i = 0;
    const std::size_t n = text.size();
    bool first = true;
    while (i < n) {
        while (i < n && is_white(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < n && !is_white(text[i])) {
            ++i;
        }
        if (i > start) {
            if (!first) {
                out.push_back(' ');
            }
            out.append(text.data() + start, i - start);
            first = false;
        }
    }
}

// The example as a string in which equal examples (up to white space in their text, and
// the JSON's own formatting) are equal: what duplicates are found by.
void append_canonical(std::string& out, element value)
{
    switch (value.type()) {
    case element_type::OBJECT: {
        out.push_back('{');
        const simdjson::dom::object value_object = value.get_object().value_unsafe();
        for (auto field : value_object) {
            out.append(field.key);
            out.push_back('\x1f');
            append_canonical(out, field.value);
            out.push_back('\x1e');
        }
        out.push_back('}');
        break;
    }
    case element_type::ARRAY: {
        out.push_back('[');
        const simdjson::dom::array value_array = value.get_array().value_unsafe();
        for (element item : value_array) {
            append_canonical(out, item);
            out.push_back('\x1e');
        }
        out.push_back(']');
        break;
    }
    case element_type::STRING:
        out.push_back('"');
        append_normalized(out, value.get_string().value_unsafe());
        out.push_back('"');
        break;
    default:
        out.append(simdjson::minify(value));
        break;
    }
}

// Tokens in everything an example carries besides its plain text: tool calls, content
// parts. Strings are estimated, every other scalar and every key counts as one.
std::uint64_t structure_tokens(element value)
{
    switch (value.type()) {
    case element_type::STRING:
        return estimate_tokens(value.get_string().value_unsafe());
    case element_type::OBJECT: {
        std::uint64_t tokens = 0;
        const simdjson::dom::object value_object = value.get_object().value_unsafe();
        for (auto field : value_object) {
            tokens += 1 + structure_tokens(field.value);
        }
        return tokens;
    }
    case element_type::ARRAY: {
        std::uint64_t tokens = 0;
        const simdjson::dom::array value_array = value.get_array().value_unsafe();
        for (element item : value_array) {
            tokens += structure_tokens(item);
        }
        return tokens;
    }
    case element_type::NULL_VALUE:
        return 0;
    default:
        return 1;
    }
}

struct Invalid {
    DataErrorKind kind;
    std::string detail;
};

// A role or `from` as written: text quoted, anything else as JSON.
std::string shown(element value)
{
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS) {
        return text::quote(text);
    }
    std::string json = simdjson::minify(value);
    return json.size() > 40 ? json.substr(0, 40) + "..." : json;
}

// The roles a chat message may take, as hosted fine-tuning services accept them.
bool known_chat_role(std::string_view role)
{
    return role == "system" || role == "developer" || role == "user" || role == "assistant" || role == "tool" ||
           role == "function";
}

bool known_chat_key(std::string_view key)
{
    return key == "role" || key == "content" || key == "name" || key == "weight" || key == "tool_calls" ||
           key == "tool_call_id" || key == "function_call" || key == "refusal";
}

// The `from` of a ShareGPT-style turn.
bool known_turn_role(std::string_view from)
{
    return from == "system" || from == "human" || from == "user" || from == "gpt" || from == "assistant" ||
           from == "function_call" || from == "observation" || from == "tool";
}

bool is_text(element value)
{
    return value.type() == element_type::STRING;
}

// Content as a list of parts: [{"type": "text", "text": ...}, {"type": "image_url", ...}].
bool is_content_parts(element value)
{
    if (value.type() != element_type::ARRAY) {
        return false;
    }
    const simdjson::dom::array value_array = value.get_array().value_unsafe();
    for (element part : value_array) {
        if (part.type() != element_type::OBJECT || !part["type"].is_string()) {
            return false;
        }
    }
    return true;
}

// Whether the text of `content` (a string, or content parts) is blank.
bool content_blank(element content)
{
    if (is_text(content)) {
        return text::is_blank(content.get_string().value_unsafe());
    }
    if (content.type() == element_type::ARRAY) {
        const simdjson::dom::array content_array = content.get_array().value_unsafe();
        for (element part : content_array) {
            std::string_view text;
            if (part["text"].get(text) == simdjson::SUCCESS && !text::is_blank(text)) {
                return false;
            }
            std::string_view type;
            if (part["type"].get(type) == simdjson::SUCCESS && type != "text") {
                return false; // an image or audio part is something to learn from
            }
        }
    }
    return true;
}

std::optional<Invalid> check_weight(element message, std::uint64_t index)
{
    element weight;
    if (message["weight"].get(weight) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    double value = -1;
    if (weight.is_number()) {
        value = weight.get_double().value_unsafe();
    }
    if (value != 0 && value != 1) {
        return Invalid{DataErrorKind::bad_weight, fmt::format("message {}: weight must be 0 or 1", index + 1)};
    }
    return std::nullopt;
}

std::optional<Invalid> check_chat(element root, LineAnalysis& out)
{
    element messages = root["messages"].value_unsafe();
    if (messages.type() != element_type::ARRAY) {
        return Invalid{DataErrorKind::messages_not_list, "`messages` is not a list"};
    }
    const simdjson::dom::array list = messages.get_array().value_unsafe();
    if (list.size() == 0) {
        return Invalid{DataErrorKind::messages_empty, "`messages` is empty"};
    }
    std::uint64_t index = 0;
    std::uint64_t tokens = k_tokens_per_example;
    std::optional<bool> last_reply_blank;
    for (element message : list) {
        if (message.type() != element_type::OBJECT) {
            return Invalid{DataErrorKind::message_not_object, fmt::format("message {} is not an object", index + 1)};
        }
        const simdjson::dom::object message_object = message.get_object().value_unsafe();
        for (auto field : message_object) {
            if (!known_chat_key(field.key)) {
                return Invalid{DataErrorKind::message_unknown_key,
                               fmt::format("message {}: unknown key {}", index + 1, text::quote(field.key))};
            }
        }
        element role_value;
        if (message["role"].get(role_value) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("message {}: no `role`", index + 1)};
        }
        std::string_view role;
        if (role_value.get(role) != simdjson::SUCCESS || !known_chat_role(role)) {
            return Invalid{DataErrorKind::unknown_role,
                           fmt::format("message {}: role {}", index + 1, shown(role_value))};
        }
        const bool calls =
            message["tool_calls"].error() == simdjson::SUCCESS || message["function_call"].error() == simdjson::SUCCESS;
        element content;
        const bool has_content = message["content"].get(content) == simdjson::SUCCESS;
        if (!has_content && !(role == "assistant" && calls)) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("message {}: no `content`", index + 1)};
        }
        if (has_content && !is_text(content) && !is_content_parts(content) &&
            !(content.is_null() && role == "assistant" && calls)) {
            return Invalid{DataErrorKind::content_not_string,
                           fmt::format("message {}: content is not text", index + 1)};
        }
        if (auto bad = check_weight(message, index)) {
            return bad;
        }
        tokens += k_tokens_per_message;
        if (has_content) {
            tokens +=
                is_text(content) ? estimate_tokens(content.get_string().value_unsafe()) : structure_tokens(content);
        }
        element extra;
        if (message["tool_calls"].get(extra) == simdjson::SUCCESS ||
            message["function_call"].get(extra) == simdjson::SUCCESS) {
            tokens += structure_tokens(extra);
        }
        if (role == "assistant") {
            last_reply_blank = !calls && (!has_content || content_blank(content));
        }
        ++index;
    }
    if (!last_reply_blank) {
        return Invalid{DataErrorKind::no_assistant_turn, "no assistant message"};
    }
    element tools;
    if (root["tools"].get(tools) == simdjson::SUCCESS || root["functions"].get(tools) == simdjson::SUCCESS) {
        tokens += structure_tokens(tools);
    }
    out.tokens = tokens;
    out.empty_reply = *last_reply_blank;
    return std::nullopt;
}

std::optional<Invalid> check_conversations(element root, LineAnalysis& out)
{
    element turns = root["conversations"].value_unsafe();
    if (turns.type() != element_type::ARRAY) {
        return Invalid{DataErrorKind::messages_not_list, "`conversations` is not a list"};
    }
    const simdjson::dom::array list = turns.get_array().value_unsafe();
    if (list.size() == 0) {
        return Invalid{DataErrorKind::messages_empty, "`conversations` is empty"};
    }
    std::uint64_t index = 0;
    std::uint64_t tokens = k_tokens_per_example;
    std::optional<bool> last_reply_blank;
    for (element turn : list) {
        if (turn.type() != element_type::OBJECT) {
            return Invalid{DataErrorKind::message_not_object, fmt::format("turn {} is not an object", index + 1)};
        }
        const simdjson::dom::object turn_object = turn.get_object().value_unsafe();
        for (auto field : turn_object) {
            if (field.key != "from" && field.key != "value" && field.key != "weight") {
                return Invalid{DataErrorKind::message_unknown_key,
                               fmt::format("turn {}: unknown key {}", index + 1, text::quote(field.key))};
            }
        }
        element from_value;
        element value;
        if (turn["from"].get(from_value) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("turn {}: no `from`", index + 1)};
        }
        std::string_view from;
        if (from_value.get(from) != simdjson::SUCCESS || !known_turn_role(from)) {
            return Invalid{DataErrorKind::unknown_role, fmt::format("turn {}: from {}", index + 1, shown(from_value))};
        }
        if (turn["value"].get(value) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("turn {}: no `value`", index + 1)};
        }
        if (!is_text(value)) {
            return Invalid{DataErrorKind::content_not_string, fmt::format("turn {}: value is not text", index + 1)};
        }
        if (auto bad = check_weight(turn, index)) {
            return bad;
        }
        const std::string_view text = value.get_string().value_unsafe();
        tokens += k_tokens_per_message + estimate_tokens(text);
        if (from == "gpt" || from == "assistant") {
            last_reply_blank = text::is_blank(text);
        }
        ++index;
    }
    if (!last_reply_blank) {
        return Invalid{DataErrorKind::no_assistant_turn, "no turn from gpt or assistant"};
    }
    out.tokens = tokens;
    out.empty_reply = *last_reply_blank;
    return std::nullopt;
}

// prompt/completion and instruction/input/output: text fields, the last of them the reply.
std::optional<Invalid> check_fields(element root, std::initializer_list<std::string_view> required,
                                    std::initializer_list<std::string_view> optional, LineAnalysis& out)
{
    std::uint64_t tokens = k_tokens_per_example;
    std::string_view reply;
    auto read = [&](std::string_view key, bool needed) -> std::optional<Invalid> {
        element value;
        if (root[key].get(value) != simdjson::SUCCESS) {
            if (needed) {
                return Invalid{DataErrorKind::missing_field, fmt::format("no `{}`", key)};
            }
            return std::nullopt;
        }
        if (!is_text(value)) {
            return Invalid{DataErrorKind::field_not_string, fmt::format("`{}` is not text", key)};
        }
        reply = value.get_string().value_unsafe();
        tokens += estimate_tokens(reply);
        return std::nullopt;
    };
    for (std::string_view key : optional) {
        if (auto bad = read(key, false)) {
            return bad;
        }
    }
    for (std::string_view key : required) {
        if (auto bad = read(key, true)) {
            return bad;
        }
    }
    out.tokens = tokens;
    out.empty_reply = text::is_blank(reply); // the last required field is the reply
    return std::nullopt;
}

std::string json_error_detail(simdjson::error_code code)
{
    switch (code) {
    case simdjson::STRING_ERROR:
    case simdjson::UNCLOSED_STRING:
    case simdjson::UNESCAPED_CHARS:
        return "a string is not closed, or holds a raw control character";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
        return "a number that is not valid JSON, or out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
        return "a word that is not true, false or null";
    case simdjson::DEPTH_ERROR:
        return "nested too deeply";
    case simdjson::CAPACITY:
        return "too large to parse";
    default:
        return "not valid JSON (a missing or extra comma, brace or quote?)";
    }
}

} // namespace

namespace {

// Analyses `line`, which must have SIMDJSON_PADDING readable bytes after its end.
LineAnalysis analyze_padded(std::string_view line)
{
    LineAnalysis out;
    if (text::is_blank(line)) {
        return out;
    }
    out.status = LineAnalysis::Status::invalid;
    thread_local simdjson::dom::parser parser;
    element root;
    const simdjson::error_code code = parser.parse(line.data(), line.size(), false).get(root);
    if (code == simdjson::UTF8_ERROR) {
        out.error = DataErrorKind::invalid_utf8;
        out.detail = "text that is not valid UTF-8";
        return out;
    }
    if (code != simdjson::SUCCESS) {
        out.error = DataErrorKind::not_json;
        out.detail = json_error_detail(code);
        return out;
    }
    if (root.type() != element_type::OBJECT) {
        out.error = DataErrorKind::not_object;
        out.detail = "a JSON value that is not an object";
        return out;
    }
    const auto has = [&](const char* key) { return root[key].error() == simdjson::SUCCESS; };
    const bool chat = has("messages");
    const bool conversations = has("conversations");
    const bool prompt = has("prompt") || has("completion");
    const bool instruction = has("instruction") || has("output");
    const int layouts = int{chat} + int{conversations} + int{prompt} + int{instruction};
    if (layouts == 0) {
        out.error = DataErrorKind::unknown_format;
        out.detail = "none of messages, conversations, prompt/completion, instruction/output";
        return out;
    }
    if (layouts > 1) {
        out.error = DataErrorKind::ambiguous_format;
        out.detail = "keys of more than one layout";
        return out;
    }
    std::optional<Invalid> invalid;
    if (chat) {
        out.format = ExampleFormat::chat;
        invalid = check_chat(root, out);
    } else if (conversations) {
        out.format = ExampleFormat::conversations;
        invalid = check_conversations(root, out);
    } else if (prompt) {
        out.format = ExampleFormat::prompt_completion;
        invalid = check_fields(root, {"prompt", "completion"}, {}, out);
    } else {
        out.format = ExampleFormat::instruction;
        invalid = check_fields(root, {"instruction", "output"}, {"input"}, out);
    }
    if (invalid) {
        out.error = invalid->kind;
        out.detail = std::move(invalid->detail);
        return out;
    }
    out.status = LineAnalysis::Status::valid;
    thread_local std::string canonical;
    canonical.clear();
    append_canonical(canonical, root);
    out.hash = XXH3_64bits(canonical.data(), canonical.size());
    return out;
}

} // namespace

LineAnalysis analyze_line(std::string_view line)
{
    thread_local std::string padded;
    padded.assign(line);
    padded.append(simdjson::SIMDJSON_PADDING, '\0');
    return analyze_padded(std::string_view(padded.data(), line.size()));
}

// --- A whole file -----------------------------------------------------------------------------

namespace {

constexpr std::size_t k_chunk_bytes = std::size_t{4} << 20;

// A run of whole lines, followed by SIMDJSON_PADDING spare bytes; or one line over the limit,
// skipped unread.
struct Chunk {
    std::vector<char> data;
    std::size_t size = 0;
    std::uint64_t end_offset = 0;     // bytes of the file read once this chunk is done
    std::uint64_t overlong_bytes = 0; // non-zero: a skipped line of this many bytes
};

struct Record {
    std::uint64_t hash = 0;
    std::uint64_t tokens = 0;
    LineAnalysis::Status status = LineAnalysis::Status::blank;
    std::uint8_t format_or_error = 0;
    bool empty_reply = false;
    bool crlf = false;
};

struct ChunkResult {
    std::vector<Record> records;
    std::vector<std::pair<std::size_t, std::string>> details; // record index, detail; the first few
    std::uint64_t end_offset = 0;
};

ChunkResult analyze_chunk(const Chunk& chunk, std::size_t details_kept, std::uint64_t max_line_bytes)
{
    ChunkResult result;
    result.end_offset = chunk.end_offset;
    if (chunk.overlong_bytes > 0) {
        Record record;
        record.status = LineAnalysis::Status::invalid;
        record.format_or_error = static_cast<std::uint8_t>(DataErrorKind::line_too_long);
        result.records.push_back(record);
        result.details.emplace_back(0, fmt::format("a line of {} bytes, skipped", chunk.overlong_bytes));
        return result;
    }
    const char* begin = chunk.data.data();
    const char* end = begin + chunk.size;
    while (begin < end) {
        const char* newline = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
        const char* line_end = newline != nullptr ? newline : end;
        Record record;
        std::size_t length = static_cast<std::size_t>(line_end - begin);
        if (length > 0 && begin[length - 1] == '\r') {
            record.crlf = true;
            --length;
        }
        LineAnalysis analysis;
        if (length > max_line_bytes) {
            analysis.status = LineAnalysis::Status::invalid;
            analysis.error = DataErrorKind::line_too_long;
            analysis.detail = fmt::format("a line of {} bytes, skipped", length);
        } else {
            analysis = analyze_padded(std::string_view(begin, length));
        }
        record.status = analysis.status;
        if (analysis.status == LineAnalysis::Status::valid) {
            record.format_or_error = static_cast<std::uint8_t>(analysis.format);
            record.hash = analysis.hash;
            record.tokens = analysis.tokens;
            record.empty_reply = analysis.empty_reply;
        } else if (analysis.status == LineAnalysis::Status::invalid) {
            record.format_or_error = static_cast<std::uint8_t>(analysis.error);
            if (result.details.size() < details_kept) {
                result.details.emplace_back(result.records.size(), std::move(analysis.detail));
            }
        }
        result.records.push_back(record);
        begin = newline != nullptr ? newline + 1 : end;
    }
    return result;
}

// Hands out the file in chunks of whole lines.
class ChunkReader {
public:
    ChunkReader(ByteStream& file, std::uint64_t max_line_bytes, DatasetStats& stats)
        : m_file(file), m_max_line(max_line_bytes), m_stats(stats)
    {
    }

    std::optional<Chunk> next()
    {
        for (;;) {
            if (m_eof && m_pending.empty()) {
                return std::nullopt;
            }
            const auto newline = std::find(m_pending.rbegin(), m_pending.rend(), '\n');
            const bool has_newline = newline != m_pending.rend();
            if (has_newline && (m_pending.size() >= k_chunk_bytes || m_eof)) {
                const std::size_t cut = static_cast<std::size_t>(m_pending.rend() - newline);
                return take(cut);
            }
            if (m_eof) {
                return take(m_pending.size()); // the last line, without a line end
            }
            if (!has_newline && m_pending.size() > m_max_line) {
                return skip_line();
            }
            fill();
        }
    }

    bool failed() const { return m_error != 0; }
    int error() const { return m_error; }

private:
    void fill()
    {
        const std::size_t old = m_pending.size();
        m_pending.resize(old + k_chunk_bytes);
        std::size_t got = 0;
        while (got < k_chunk_bytes) {
            int error = 0;
            const std::ptrdiff_t read = m_file.read(m_pending.data() + old + got, k_chunk_bytes - got, error);
            if (read <= 0) {
                m_error = read < 0 ? error : 0;
                m_eof = true;
                break;
            }
            got += static_cast<std::size_t>(read);
        }
        m_pending.resize(old + got);
        if (m_at_start && !m_pending.empty()) {
            m_at_start = false;
            m_stats.final_newline = true;
            if (m_pending.size() >= 3 && std::memcmp(m_pending.data(), "\xEF\xBB\xBF", 3) == 0) {
                m_stats.byte_order_mark = true;
                m_pending.erase(m_pending.begin(), m_pending.begin() + 3);
                m_offset += 3;
            }
        }
        if (got > 0) {
            m_stats.final_newline = m_pending.back() == '\n';
        }
    }

    Chunk take(std::size_t size)
    {
        Chunk chunk;
        std::vector<char> rest(m_pending.begin() + static_cast<std::ptrdiff_t>(size), m_pending.end());
        chunk.data = std::move(m_pending);
        chunk.data.resize(size + simdjson::SIMDJSON_PADDING);
        chunk.size = size;
        m_offset += size;
        chunk.end_offset = m_offset;
        m_pending = std::move(rest);
        m_pending.reserve(k_chunk_bytes * 2);
        return chunk;
    }

    // Drops a line over the limit as it is read, keeping only its length.
    Chunk skip_line()
    {
        std::uint64_t skipped = m_pending.size();
        m_pending.clear();
        for (;;) {
            fill();
            const auto newline = std::find(m_pending.begin(), m_pending.end(), '\n');
            if (newline != m_pending.end() || m_eof) {
                const std::size_t used =
                    static_cast<std::size_t>(newline - m_pending.begin()) + (newline != m_pending.end() ? 1 : 0);
                skipped += used;
                m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(used));
                break;
            }
            skipped += m_pending.size();
            m_pending.clear();
        }
        m_offset += skipped;
        Chunk chunk;
        chunk.overlong_bytes = skipped;
        chunk.end_offset = m_offset;
        return chunk;
    }

    ByteStream& m_file;
    std::uint64_t m_max_line;
    DatasetStats& m_stats;
    std::vector<char> m_pending;
    std::uint64_t m_offset = 0;
    bool m_eof = false;
    bool m_at_start = true;
    int m_error = 0;
};

Diagnostic file_error(const std::string& path, std::string message)
{
    return Diagnostic{path, {}, {}, std::move(message), {}};
}

} // namespace

// Long on purpose: the counts of docs/data.md, one per case of a line, in the order the document gives them.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
DatasetResult measure_dataset(const FileSystem& files, const std::string& path, const DatasetOptions& options)
{
    // Without blocking, and nothing but a regular file (io.hpp): a file that looks regular but
    // waits for data (/proc/kmsg) gives an error to report instead of a run that never ends.
    OpenFile file = files.open(path);
    if (!file.stream) {
        return {std::nullopt, std::move(file.error)};
    }
    const std::uint64_t size = file.size;

    DatasetStats stats;
    stats.file = path;
    ChunkReader reader(*file.stream, options.max_line_bytes, stats);
    std::unordered_set<std::uint64_t> seen;
    const std::size_t listed = options.errors_listed;

    auto sink = [&](ChunkResult& chunk) {
        std::size_t detail = 0;
        for (std::size_t i = 0; i < chunk.records.size(); ++i) {
            const Record& record = chunk.records[i];
            ++stats.lines;
            stats.crlf_lines += record.crlf ? 1 : 0;
            switch (record.status) {
            case LineAnalysis::Status::blank:
                ++stats.blank_lines;
                break;
            case LineAnalysis::Status::invalid: {
                ++stats.examples;
                ++stats.format_errors;
                ++stats.errors_by_kind[record.format_or_error];
                const bool has_detail = detail < chunk.details.size() && chunk.details[detail].first == i;
                if (stats.first_errors.size() < listed) {
                    stats.first_errors.push_back(
                        DataError{stats.lines, static_cast<DataErrorKind>(record.format_or_error),
                                  has_detail ? std::move(chunk.details[detail].second) : std::string()});
                }
                detail += has_detail ? 1 : 0;
                break;
            }
            case LineAnalysis::Status::valid: {
                ++stats.examples;
                ++stats.examples_valid;
                ++stats.formats[record.format_or_error];
                stats.tokens.add(record.tokens);
                const bool repeat = !seen.insert(record.hash).second;
                const bool too_long = record.tokens > options.max_tokens;
                stats.duplicates += repeat ? 1 : 0;
                stats.empty += record.empty_reply ? 1 : 0;
                stats.too_long += too_long ? 1 : 0;
                if (!repeat && !record.empty_reply && !too_long) {
                    ++stats.examples_clean;
                    stats.clean_tokens += record.tokens;
                }
                break;
            }
            }
        }
        if (options.progress) {
            options.progress(chunk.end_offset, size);
        }
    };
    ordered_parallel_map<Chunk, ChunkResult>(
        [&] { return reader.next(); }, [] { return true; }, [] {},
        [&](const Chunk& chunk) { return analyze_chunk(chunk, listed, options.max_line_bytes); }, sink,
        std::max(1u, options.threads), 1);

    if (reader.failed()) {
        return {std::nullopt, file_error(path, fmt::format("cannot read: {}", std::strerror(reader.error())))};
    }
    stats.bytes = size;
    if (size == 0) {
        stats.final_newline = true;
    }
    return {std::move(stats), std::nullopt};
}

} // namespace ftadvisor
