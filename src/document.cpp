#include "document.hpp"

#include "text.hpp"
#include "yaml_scalar.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <sstream>

namespace ftadvisor {
namespace {

// Alias expansion can turn a small YAML text into a huge tree ("billion laughs"). What a YAML document may expand to,
// in bytes of the tree (each node counted as k_yaml_node_bytes, plus its text): k_yaml_expansion times the text, and at
// least k_min_yaml_budget. Aliases copy what they name, so without a budget a few kilobytes could ask for gigabytes;
// with it, memory stays in proportion to the text (docs/security.md).
constexpr std::size_t k_yaml_node_bytes = 64;
constexpr std::size_t k_yaml_expansion = 16;
constexpr std::size_t k_min_yaml_budget = std::size_t{64} << 20;

// How deep lists and mappings may nest in a spec or rules file. The rules nest conditions
// five or six levels at most; the limit keeps every reader of the tree, recursive or not,
// far from the end of its stack.
constexpr std::size_t k_max_depth = 64;

std::string depth_message()
{
    return fmt::format("lists and mappings nest more than {} levels deep", k_max_depth);
}

// How many values (lists, mappings and scalars) a spec or rules file may hold. The built-in
// rules hold about 9,000 and a spec a few dozen; a tree costs some 100 bytes a value whatever
// the text spent on it (`[{},{},...]` spends 3), so without a limit 16 MiB of JSON asked for
// a gigabyte (docs/security.md).
constexpr std::size_t k_max_values = 1'000'000;

std::string values_message(std::string_view path)
{
    return fmt::format("holds more than {} values (lists, mappings and scalars){}; no spec or rules file needs so "
                       "many",
                       text::format_number(static_cast<double>(k_max_values)),
                       path.empty() ? std::string() : fmt::format(", the last at {}", path));
}

// Where the first list or object opens past k_max_depth in a JSON text, if one does.
std::optional<std::size_t> too_deep_json(std::string_view text)
{
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > k_max_depth) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

// The source line shown under a diagnostic: a line longer than this is cut to this many
// bytes around the column, so a minified file does not print megabytes a problem.
constexpr std::size_t k_max_excerpt = 120;

// The offset of the start of 1-based line `number` of `text`, or nothing past its end.
std::optional<std::size_t> line_start(std::string_view text, int number)
{
    std::size_t start = 0;
    for (int line = 1; line < number; ++line) {
        start = text.find('\n', start);
        if (start == std::string_view::npos) {
            return std::nullopt;
        }
        ++start;
    }
    return start;
}

Location location_of_offset(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    Location location{1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++location.line;
            location.column = 1;
        } else {
            ++location.column;
        }
    }
    return location;
}

// Whether byte `i` of `text` starts a UTF-8 character (a cut there splits none).
bool starts_character(std::string_view text, std::size_t i)
{
    return i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U;
}

// Gives `diagnostic` the source line it points into (`line`, without its line end): at most
// k_max_excerpt bytes of it around the column, each cut marked "...".
void attach_source(Diagnostic& diagnostic, std::string_view line)
{
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    const auto column = static_cast<std::size_t>(std::max(diagnostic.location.column, 1) - 1);
    std::size_t begin = std::min(column > k_max_excerpt / 2 ? column - k_max_excerpt / 2 : 0, line.size());
    while (begin > 0 && !starts_character(line, begin)) {
        --begin;
    }
    std::size_t end = std::min(begin + k_max_excerpt, line.size());
    while (end > begin && !starts_character(line, end)) {
        --end; // not into the middle of a character
    }
    diagnostic.source_line = begin > 0 ? "..." : "";
    diagnostic.source_line += line.substr(begin, end - begin);
    if (end < line.size()) {
        diagnostic.source_line += "...";
    }
    if (diagnostic.location.column > 0) {
        diagnostic.source_column = static_cast<int>(column - begin + (begin > 0 ? 3 : 0) + 1);
    }
}

// The line of `text` that starts at `start`, without its line end.
std::string_view line_from(std::string_view text, std::size_t start)
{
    const std::size_t end = text.find('\n', start);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

Diagnostic at(const std::string& file, std::string_view text, Location location, std::string message)
{
    Diagnostic diagnostic{file, location, {}, std::move(message), {}};
    if (location.line > 0) {
        if (const std::optional<std::size_t> start = line_start(text, location.line)) {
            attach_source(diagnostic, line_from(text, *start));
        }
    }
    return diagnostic;
}

std::string child_path(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t index)
{
    return fmt::format("{}[{}]", parent, index);
}

// Thrown inside the parsers to stop at the first structural problem.
struct StructureError {
    Location location;
    std::string message;
    // Whether a JSON error without a location is a duplicate key that the position indexer
    // can find; a text past k_max_values is not indexed, at its cost.
    bool find_duplicate = true;
};

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool is_hex_digit(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

template <class Predicate>
bool all_of(std::string_view text, Predicate predicate)
{
    return std::all_of(text.begin(), text.end(), predicate);
}

// Skips the digits at `i`; how many there were.
std::size_t skip_digits(std::string_view text, std::size_t& i)
{
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    return i - start;
}

// [-+]?[0-9]+
bool is_integer(std::string_view text)
{
    std::size_t i = text.empty() || (text[0] != '-' && text[0] != '+') ? 0 : 1;
    return skip_digits(text, i) > 0 && i == text.size();
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_floating(std::string_view text)
{
    std::size_t i = text.empty() || (text[0] != '-' && text[0] != '+') ? 0 : 1;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (skip_digits(text, i) == 0) {
            return false;
        }
    } else {
        if (skip_digits(text, i) == 0) {
            return false;
        }
        if (i < text.size() && text[i] == '.') {
            ++i;
            skip_digits(text, i);
        }
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
            ++i;
        }
        if (skip_digits(text, i) == 0) {
            return false;
        }
    }
    return i == text.size();
}

} // namespace

nlohmann::json resolve_yaml_scalar(const std::string& s)
{
    static const std::set<std::string, std::less<>> nulls = {"", "~", "null", "Null", "NULL"};
    static const std::set<std::string, std::less<>> trues = {"true", "True", "TRUE"};
    static const std::set<std::string, std::less<>> falses = {"false", "False", "FALSE"};
    if (nulls.count(s) != 0) {
        return nullptr;
    }
    if (trues.count(s) != 0) {
        return true;
    }
    if (falses.count(s) != 0) {
        return false;
    }
    // Every number YAML 1.2's core schema knows starts with a sign, a digit or a dot; most
    // scalars (ids, prose) do not, and need no pattern tried.
    if (std::string_view("+-.0123456789").find(s.front()) == std::string_view::npos) {
        return s;
    }
    // The core schema's patterns, matched by hand: std::regex recurses once a character, and
    // a long scalar of digits overflowed the stack.
    const std::string_view t(s);
    if (is_integer(t)) {
        errno = 0;
        const long long value = std::strtoll(s.c_str(), nullptr, 10);
        if (errno != ERANGE) {
            return value;
        }
        return std::strtod(s.c_str(), nullptr);
    }
    if (t.size() > 2 && t.substr(0, 2) == "0x" && all_of(t.substr(2), is_hex_digit)) {
        return std::strtod(("0x" + s.substr(2)).c_str(), nullptr);
    }
    if (t.size() > 2 && t.substr(0, 2) == "0o" && all_of(t.substr(2), [](char c) { return c >= '0' && c <= '7'; })) {
        return static_cast<double>(std::strtoull(s.c_str() + 2, nullptr, 8));
    }
    if (is_floating(t)) {
        return std::strtod(s.c_str(), nullptr);
    }
    const std::string_view unsigned_part = t.front() == '-' || t.front() == '+' ? t.substr(1) : t;
    if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF") {
        return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    }
    if (t == ".nan" || t == ".NaN" || t == ".NAN") {
        return std::nan("");
    }
    return s;
}

namespace {

// Builds the JSON tree from yaml-cpp's parse events, recording each node's position. Doing
// this from events rather than through YAML::Node lets us bound what a document may cost:
// aliases are copied here, against a node budget, instead of being expanded unseen.
class YamlTreeBuilder : public YAML::EventHandler {
public:
    YamlTreeBuilder(Document& document, std::string_view text)
        : m_document(document), m_text(text), m_budget(std::max(k_min_yaml_budget, k_yaml_expansion * text.size()))
    {
    }

    nlohmann::json take_root() { return std::move(m_root); }

    void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        // yaml-cpp 0.7 turns a stray ',' outside any flow collection into a null "document"
        // and then repeats it forever; a null standing on a ',' is that case.
        const auto pos = static_cast<std::size_t>(std::max(mark.pos, 0));
        if (pos < m_text.size() && m_text[pos] == ',') {
            throw StructureError{location(mark), "unexpected ',' (a comma outside [ ] or { })"};
        }
        if (expecting_key()) {
            throw StructureError{location(mark), "a mapping key is missing"};
        }
        place(nullptr, mark, anchor, k_yaml_node_bytes);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        auto found = m_anchors.find(anchor);
        if (found == m_anchors.end()) {
            throw StructureError{location(mark), "alias to an unknown anchor"};
        }
        if (expecting_key()) {
            throw StructureError{location(mark), "a key must be a plain name, not an alias"};
        }
        place(found->second.first, mark, 0, found->second.second);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override
    {
        if (expecting_key()) {
            Frame& top = m_stack.back();
            const std::string path = child_path(top.path, value);
            if (top.node.contains(value)) {
                throw StructureError{location(mark), fmt::format("duplicate key '{}' (first at line {})", value,
                                                                 m_document.locations.at(path).line)};
            }
            top.key = value;
            top.has_key = true;
            m_document.locations.emplace(path, location(mark));
            return;
        }
        // Plain scalars ("?") are typed by the core schema; quoted or explicitly tagged ones
        // stay strings.
        place(tag == "?" ? resolve_yaml_scalar(value) : nlohmann::json(value), mark, anchor,
              k_yaml_node_bytes + value.size());
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value /*style*/) override
    {
        open(nlohmann::json::array(), mark, anchor);
    }

    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value /*style*/) override
    {
        open(nlohmann::json::object(), mark, anchor);
    }

    void OnMapEnd() override { close(); }

private:
    struct Frame {
        nlohmann::json node;
        std::string path;
        YAML::anchor_t anchor;
        std::size_t bytes; // the subtree's size so far, as count() weighs it
        std::string key;
        bool has_key = false;
    };

    static Location location(const YAML::Mark& mark)
    {
        return mark.line < 0 ? Location{} : Location{mark.line + 1, mark.column + 1};
    }

    bool expecting_key() const
    {
        return !m_stack.empty() && m_stack.back().node.is_object() && !m_stack.back().has_key;
    }

    std::string next_path() const
    {
        if (m_stack.empty()) {
            return {};
        }
        const Frame& top = m_stack.back();
        return top.node.is_array() ? index_path(top.path, top.node.size()) : child_path(top.path, top.key);
    }

    void count(std::size_t bytes, const YAML::Mark& mark)
    {
        if (++m_values > k_max_values) {
            throw StructureError{location(mark), values_message({})};
        }
        m_bytes += bytes;
        if (m_bytes > m_budget) {
            throw StructureError{location(mark),
                                 fmt::format("document expands to more than {} MiB (YAML aliases?)", m_budget >> 20)};
        }
    }

    void open(nlohmann::json node, const YAML::Mark& mark, YAML::anchor_t anchor)
    {
        if (expecting_key()) {
            throw StructureError{location(mark), "a key must be a plain name, not a list or a mapping"};
        }
        if (m_stack.size() == k_max_depth) {
            throw StructureError{location(mark), depth_message()};
        }
        count(k_yaml_node_bytes, mark);
        const std::string path = next_path();
        m_document.locations.emplace(path, location(mark));
        m_stack.push_back(Frame{std::move(node), path, anchor, k_yaml_node_bytes, {}, false});
    }

    void close()
    {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        if (frame.anchor != 0) {
            m_anchors[frame.anchor] = {frame.node, frame.bytes};
        }
        attach(std::move(frame.node), frame.bytes);
    }

    void place(nlohmann::json value, const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t bytes)
    {
        count(bytes, mark);
        m_document.locations.emplace(next_path(), location(mark));
        if (anchor != 0) {
            m_anchors[anchor] = {value, bytes};
        }
        attach(std::move(value), bytes);
    }

    void attach(nlohmann::json value, std::size_t bytes)
    {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return;
        }
        Frame& top = m_stack.back();
        top.bytes += bytes;
        if (top.node.is_array()) {
            top.node.push_back(std::move(value));
        } else {
            top.node[top.key] = std::move(value);
            top.has_key = false;
        }
    }

    Document& m_document;
    std::string_view m_text;
    nlohmann::json m_root;
    std::vector<Frame> m_stack;
    std::map<YAML::anchor_t, std::pair<nlohmann::json, std::size_t>> m_anchors;
    std::size_t m_bytes = 0;
    std::size_t m_budget;
    std::size_t m_values = 0; // within k_max_values
};

// Notes where a further document starts, and nothing else.
class DocumentStartFinder : public YAML::EventHandler {
public:
    std::optional<YAML::Mark> start;

    void OnDocumentStart(const YAML::Mark& mark) override { start = start.value_or(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
    void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
    void OnScalar(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  const std::string& /*value*/) override
    {
    }
    void OnSequenceStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                         YAML::EmitterStyle::value /*style*/) override
    {
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                    YAML::EmitterStyle::value /*style*/) override
    {
    }
    void OnMapEnd() override {}
};

// Builds the tree of a JSON text as nlohmann's own SAX builder does, and refuses duplicate
// keys (nlohmann keeps the last one silently), saying in which object they are. One pass, in
// time linear in the text: the parser's callback interface, used before, rescanned an
// object's members every time one of them closed (docs/security.md).
class JsonTreeBuilder : public nlohmann::json::json_sax_t {
public:
    explicit JsonTreeBuilder(nlohmann::json& root) : m_dom(root, true) {}

    bool null() override { return scalar(m_dom.null()); }
    bool boolean(bool v) override { return scalar(m_dom.boolean(v)); }
    bool number_integer(number_integer_t v) override { return scalar(m_dom.number_integer(v)); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(m_dom.number_unsigned(v)); }
    bool number_float(number_float_t v, const string_t& s) override { return scalar(m_dom.number_float(v, s)); }
    bool string(string_t& v) override { return scalar(m_dom.string(v)); }
    bool binary(binary_t& v) override { return scalar(m_dom.binary(v)); }

    bool start_object(std::size_t size) override
    {
        count();
        m_frames.push_back(Frame{true, {}, {}, 0});
        return m_dom.start_object(size);
    }
    bool key(string_t& key) override
    {
        Frame& top = m_frames.back();
        if (!top.keys.insert(key).second) {
            const std::string where = path();
            throw StructureError{{},
                                 where.empty() ? fmt::format("duplicate key '{}'", key)
                                               : fmt::format("duplicate key '{}' in {}", key, where)};
        }
        top.key = key;
        return m_dom.key(key);
    }
    bool end_object() override
    {
        m_frames.pop_back();
        return value(m_dom.end_object());
    }
    bool start_array(std::size_t size) override
    {
        count();
        m_frames.push_back(Frame{false, {}, {}, 0});
        return m_dom.start_array(size);
    }
    bool end_array() override
    {
        m_frames.pop_back();
        return value(m_dom.end_array());
    }
    // The builder would throw the exception as its base class; throw it as what it is, for
    // the messages of parse_document.
    bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                     const nlohmann::detail::exception& error) override
    {
        if (const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&error)) {
            throw *parse;
        }
        if (const auto* range = dynamic_cast<const nlohmann::json::out_of_range*>(&error)) {
            throw *range;
        }
        throw StructureError{{}, std::string("invalid JSON: ") + error.what()};
    }

private:
    struct Frame {
        bool is_object;
        std::set<std::string, std::less<>> keys;
        std::string key;
        std::size_t count;
    };

    // One more value in the tree, within k_max_values.
    void count()
    {
        if (++m_values > k_max_values) {
            throw StructureError{{}, values_message(path_here()), false};
        }
    }

    bool scalar(bool ok)
    {
        count();
        return value(ok);
    }

    // Where the value being read stands.
    std::string path_here() const
    {
        std::string out = path();
        if (!m_frames.empty()) {
            const Frame& frame = m_frames.back();
            out = frame.is_object ? child_path(out, frame.key) : index_path(out, frame.count);
        }
        return out;
    }

    // After a value (a scalar, or an object or array closed): one more element of a list.
    bool value(bool ok)
    {
        if (!m_frames.empty() && !m_frames.back().is_object) {
            ++m_frames.back().count;
        }
        return ok;
    }

    std::string path() const
    {
        std::string out;
        for (std::size_t i = 0; i + 1 < m_frames.size(); ++i) {
            const Frame& frame = m_frames[i];
            out = frame.is_object ? child_path(out, frame.key) : index_path(out, frame.count);
        }
        return out;
    }

    nlohmann::detail::json_sax_dom_parser<nlohmann::json> m_dom;
    std::vector<Frame> m_frames;
    std::size_t m_values = 0;
};

// Paths deeper than this are not located: no spec or rules field is nested so deep, and
// building ever longer paths would make a pathologically nested text cost quadratic time.
constexpr std::size_t k_max_located_depth = 32;

// Records where each value of a JSON text starts (a member at its key), by path, and returns
// where a key first repeats within its object, if one does. The text is well formed apart
// from such a repeat; the walk keeps its own stack, so deep nesting cannot exhaust the call
// stack.
// Long on purpose: a scanner of JSON text for positions: one state machine, one loop.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
std::optional<Location> index_json(std::string_view text, std::map<std::string, Location, std::less<>>& locations)
{
    std::optional<Location> duplicate;
    struct Frame {
        bool is_object;
        std::string path;
        std::size_t count;
    };
    std::vector<Frame> stack;
    Location here{1, 1};
    std::size_t pos = 0;
    auto advance = [&](std::size_t n) {
        for (std::size_t end = std::min(pos + n, text.size()); pos < end; ++pos) {
            if (text[pos] == '\n') {
                ++here.line;
                here.column = 1;
            } else {
                ++here.column;
            }
        }
    };
    auto skip_space = [&] {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n')) {
            advance(1);
        }
    };
    auto string_end = [&](std::size_t start) {
        std::size_t i = start + 1;
        while (i < text.size() && text[i] != '"') {
            i += text[i] == '\\' ? std::size_t{2} : std::size_t{1};
        }
        return std::min(i + 1, text.size());
    };
    // The path of the next value: the key just read in an object, the next index in a list.
    std::string next_path;
    // In an object, whether a key comes next (after `{` or `,`) rather than a value (after
    // `:`): a string is a key only then.
    bool key_next = false;
    while (true) {
        skip_space();
        if (pos >= text.size()) {
            return duplicate;
        }
        const char c = text[pos];
        const bool deep = stack.size() > k_max_located_depth;
        if (key_next && c == '"') {
            // A key: locate the member here, then step over the key and its colon.
            const std::size_t end = string_end(pos);
            if (!deep) {
                // The text may be invalid past the problem being located: stop at a bad key.
                const auto key = nlohmann::json::parse(text.substr(pos, end - pos), nullptr, false);
                if (!key.is_string()) {
                    return duplicate;
                }
                next_path = child_path(stack.back().path, key.get<std::string>());
                if (!locations.emplace(next_path, here).second && !duplicate) {
                    duplicate = here;
                }
            }
            advance(end - pos);
            skip_space();
            advance(1); // ':'
            key_next = false;
            continue;
        }
        if (c == ',') {
            advance(1);
            key_next = !stack.empty() && stack.back().is_object;
            continue;
        }
        if (c == '}' || c == ']') {
            if (stack.empty()) {
                return duplicate; // more closed than opened: the text is broken from here
            }
            stack.pop_back();
            advance(1);
            if (stack.empty()) {
                return duplicate;
            }
            continue;
        }
        if (!deep) {
            if (!stack.empty() && !stack.back().is_object) {
                next_path = index_path(stack.back().path, stack.back().count++);
            }
            locations.emplace(next_path, here);
        }
        key_next = c == '{';
        if (c == '{' || c == '[') {
            stack.push_back(Frame{c == '{', deep ? std::string() : next_path, 0});
            advance(1);
        } else if (c == '"') {
            advance(string_end(pos) - pos);
        } else {
            std::size_t end = pos;
            while (end < text.size() && std::string_view(",]} \t\r\n").find(text[end]) == std::string_view::npos) {
                ++end;
            }
            advance(end - pos);
        }
        if (stack.empty()) {
            return duplicate;
        }
    }
}

// nlohmann reports the position just past the token it could not use; a caret reads better
// under the token's first character.
std::size_t token_start(std::string_view text, std::size_t last)
{
    if (last >= text.size()) {
        return last;
    }
    if (text[last] == '"') {
        for (std::size_t i = last; i-- > 0;) {
            if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) {
                return i;
            }
        }
        return last;
    }
    auto is_word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
    };
    std::size_t start = last;
    while (start > 0 && is_word(text[start]) && is_word(text[start - 1])) {
        --start;
    }
    return start;
}

// The first tab in the leading white space of a line up to `last_line` (all lines for 0).
std::optional<Location> indenting_tab(std::string_view text, int last_line)
{
    int line = 1;
    for (std::size_t start = 0; start < text.size() && (last_line <= 0 || line <= last_line); ++line) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        for (std::size_t i = start; i < end && (text[i] == ' ' || text[i] == '\t'); ++i) {
            if (text[i] == '\t') {
                return Location{line, static_cast<int>(i - start) + 1};
            }
        }
        start = end + 1;
    }
    return std::nullopt;
}

bool looks_binary(std::string_view text)
{
    return text.find('\0') != std::string_view::npos;
}

bool is_blank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace

Location Document::locate(std::string_view path) const
{
    if (!located) {
        if (!converted_from.empty()) {
            DocumentResult original = parse_document(converted_from, file, DocumentFormat::yaml);
            if (original.value) {
                locations = std::move(original.value->locations);
            }
        } else if (format == DocumentFormat::json) {
            index_json(text, locations);
        }
        located = true;
    }
    std::string current(path);
    while (true) {
        auto found = locations.find(current);
        if (found != locations.end()) {
            return found->second;
        }
        if (current.empty()) {
            return {};
        }
        const std::size_t cut = current.find_last_of(".[");
        current = cut == std::string::npos ? std::string() : current.substr(0, cut);
    }
}

Diagnostic Document::diagnose(std::string_view path, std::string message) const
{
    const Location location = locate(path);
    const std::string_view source = converted_from.empty() ? text : converted_from;
    Diagnostic diagnostic{file, location, std::string(path), std::move(message), {}};
    if (location.line > 0) {
        // Where each line starts, found once: a document may have a problem on every line.
        if (line_starts.empty()) {
            line_starts.push_back(0);
            for (std::size_t i = source.find('\n'); i != std::string_view::npos; i = source.find('\n', i + 1)) {
                line_starts.push_back(i + 1);
            }
        }
        const auto line = static_cast<std::size_t>(location.line);
        if (line <= line_starts.size()) {
            // The line ends where the next starts: no search along a long line for each problem.
            const std::size_t start = line_starts[line - 1];
            const std::size_t end = line < line_starts.size() ? line_starts[line] - 1 : source.size();
            attach_source(diagnostic, source.substr(start, end - start));
        }
    }
    return diagnostic;
}

DocumentFormat detect_format(std::string_view file, std::string_view text)
{
    const std::string extension = text::ascii_lower(std::filesystem::path(file).extension().string());
    if (extension == ".json" || extension == ".jsonl") {
        return DocumentFormat::json;
    }
    if (extension == ".yaml" || extension == ".yml") {
        return DocumentFormat::yaml;
    }
    std::size_t first = text.find_first_not_of(" \t\r\n");
    // A UTF-8 byte-order mark is not content.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        first = text.find_first_not_of(" \t\r\n", 3);
    }
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
        return DocumentFormat::json;
    }
    return DocumentFormat::yaml;
}

// Long on purpose: the checks before a parse (empty, binary, size) and the two parsers'
// errors, in the order they apply.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
DocumentResult parse_document(std::string_view text, const std::string& file, DocumentFormat format)
{
    DocumentResult result;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    if (looks_binary(text)) {
        result.diagnostics.push_back(
            Diagnostic{file, {}, {}, "this is a binary file (it holds NUL bytes), not a JSON or YAML text", {}});
        return result;
    }
    if (is_blank(text)) {
        result.diagnostics.push_back(Diagnostic{
            file,
            {},
            {},
            file == "<stdin>" ? "standard input held no spec: pipe or type one, or name a file" : "the file is empty",
            {}});
        return result;
    }

    Document document;
    document.file = file;
    document.format = format;
    document.located = format == DocumentFormat::yaml; // YAML positions come with the parse
    try {
        if (format == DocumentFormat::json) {
            if (const std::optional<std::size_t> deep = too_deep_json(text)) {
                throw StructureError{location_of_offset(text, *deep), depth_message()};
            }
            JsonTreeBuilder builder(document.root);
            nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
        } else {
            // yaml-cpp passes any bytes through; everything downstream (and JSON output)
            // needs text.
            if (const std::size_t bad = text::first_invalid_utf8(text); bad != text.size()) {
                throw StructureError{location_of_offset(text, bad),
                                     fmt::format("invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                                                 static_cast<unsigned char>(text[bad]))};
            }
            std::istringstream stream{std::string(text)};
            YAML::Parser parser(stream);
            YamlTreeBuilder builder(document, text);
            parser.HandleNextDocument(builder);
            document.root = builder.take_root();
            // Only ask whether another document follows; never read on past it.
            DocumentStartFinder next;
            if (parser.HandleNextDocument(next)) {
                const Location location = next.start && next.start->line >= 0
                                              ? Location{next.start->line + 1, next.start->column + 1}
                                              : Location{};
                const auto pos = next.start ? static_cast<std::size_t>(std::max(next.start->pos, 0)) : text.size();
                throw StructureError{location, pos < text.size() && text[pos] == ','
                                                   ? "unexpected ',' (a comma outside [ ] or { })"
                                                   : "expected one YAML document; another starts here"};
            }
        }
    } catch (const nlohmann::json::parse_error& error) {
        // nlohmann's message repeats the position; keep only the part after it.
        std::string message = error.what();
        const std::size_t cut = message.find(": ", message.find("parse error"));
        message = cut == std::string::npos ? message : message.substr(cut + 2);
        // The reported byte is one past the last character read.
        const std::size_t offset = token_start(text, error.byte > 0 ? error.byte - 1 : 0);
        result.diagnostics.push_back(at(file, text, location_of_offset(text, offset), "invalid JSON: " + message));
        return result;
    } catch (const nlohmann::json::out_of_range& error) {
        // Raised for numbers beyond a double, e.g. 1e999; name the number and where it is.
        std::string message = error.what();
        const std::size_t quote = message.find('\'');
        Location location;
        if (quote != std::string::npos) {
            const std::string token = message.substr(quote + 1, message.rfind('\'') - quote - 1);
            const std::size_t offset = text.find(token);
            if (offset != std::string_view::npos) {
                location = location_of_offset(text, offset);
            }
            message = fmt::format("number {} is out of range", token);
        }
        result.diagnostics.push_back(at(file, text, location, message));
        return result;
    } catch (const YAML::Exception& error) {
        const Location location =
            error.mark.line >= 0 ? Location{error.mark.line + 1, error.mark.column + 1} : Location{};
        // A tab in the indentation is the usual cause, and the parser's words do not say so.
        if (const std::optional<Location> tab = indenting_tab(text, location.line)) {
            result.diagnostics.push_back(
                at(file, text, *tab, "invalid YAML: a tab in the indentation; YAML indents with spaces only"));
            return result;
        }
        result.diagnostics.push_back(at(file, text, location, "invalid YAML: " + error.msg));
        return result;
    } catch (const StructureError& error) {
        Location location = error.location;
        if (format == DocumentFormat::json && location.line == 0 && error.find_duplicate) {
            // The JSON parser does not say where; the position indexer finds the repeat.
            std::map<std::string, Location, std::less<>> scratch;
            location = index_json(text, scratch).value_or(Location{});
        }
        result.diagnostics.push_back(at(file, text, location, error.message));
        return result;
    }
    document.text = std::string(text);
    result.value = std::move(document);
    return result;
}

} // namespace ftadvisor
