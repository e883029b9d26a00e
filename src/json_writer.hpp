#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// Writes JSON text straight into a string, in the layout nlohmann::json::dump() uses: either
// compact (no spaces) or indented by two spaces. Keys are written in the order given.
// Strings are written as UTF-8; invalid UTF-8 is replaced by U+FFFD rather than rejected.
// Whole numbers below 2^53 print as integers. The caller nests calls correctly.
//
// It writes through a raw pointer into spare room it keeps at the end of `out`, which is
// much cheaper than growing the string a piece at a time; `out` holds exactly the text
// once finish() is called, or the writer is destroyed.
class JsonWriter {
public:
    JsonWriter(std::string& out, bool pretty);
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;
    ~JsonWriter() { finish(); }

    // Trims `out` to the text written. Writing may go on afterwards.
    void finish();

    // Indents every line after the first by `levels` more (pretty output only): for an
    // object that stands inside a list written by someone else.
    void indent_by(std::size_t levels) { m_base = levels; }

    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }

    // The key of the next value in an object.
    JsonWriter& key(std::string_view name);

    // A key written in the source as a string literal: plain ASCII, so it needs no escaping.
    template <std::size_t N>
    JsonWriter& key(const char (&literal)[N])
    {
        before_value();
        reserve(N + 3);
        *m_pos++ = '"';
        put_unchecked(std::string_view(literal, N - 1));
        put_unchecked(m_pretty ? std::string_view("\": ") : std::string_view("\":"));
        m_after_key = true;
        return *this;
    }

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);
    JsonWriter& value(int number) { return value(static_cast<double>(number)); }
    JsonWriter& value(std::size_t number) { return value(static_cast<double>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();

    // JSON already written in the same layout (compact only), such as a part rendered once
    // and used many times: a value, or members (`"a":1,"b":[]`) of the object being written.
    JsonWriter& raw(std::string_view json)
    {
        before_value();
        put(json);
        return *this;
    }

    // Compact JSON that opens an object or array and may write some of its members, such as
    // `{"id":"x","message":`: the writer goes on inside it, after a key when `after_key`.
    JsonWriter& raw_open(std::string_view json, bool after_key)
    {
        before_value();
        put(json);
        push_level(false);
        m_after_key = after_key;
        return *this;
    }

    // Compact JSON that ends the object or array being written, after members of it when
    // there are some: `,"source":"given"}`.
    JsonWriter& raw_close(std::string_view json)
    {
        put(json);
        --m_depth;
        return *this;
    }

    // A key already written as JSON, with its colon: `"name":`.
    JsonWriter& raw_key(std::string_view json)
    {
        before_value();
        put(json);
        m_after_key = true;
        return *this;
    }

    // A whole array of strings.
    JsonWriter& value(const std::vector<std::string>& list);
    JsonWriter& value(const std::vector<std::string_view>& list);

    // `text` as a JSON string literal, quotes included, appended to `out`.
    static void write_string(std::string& out, std::string_view text);

private:
    struct Level {
        bool empty = true;
    };

    // The writer's own records nest a few levels deep; more is a mistake in the caller.
    static constexpr std::size_t k_max_depth = 64;

    void push_level(bool empty)
    {
        if (m_depth == k_max_depth) {
            throw std::logic_error("JsonWriter: nested more than 64 levels deep");
        }
        m_levels[m_depth++] = Level{empty};
    }

    // Makes room for `n` more bytes.
    void reserve(std::size_t n)
    {
        if (static_cast<std::size_t>(m_end - m_pos) < n) {
            grow(n);
        }
    }
    void grow(std::size_t n);
    void put_unchecked(std::string_view text)
    {
        std::memcpy(m_pos, text.data(), text.size());
        m_pos += text.size();
    }
    void put(char c)
    {
        reserve(1);
        *m_pos++ = c;
    }
    void put(std::string_view text)
    {
        reserve(text.size());
        put_unchecked(text);
    }
    void string_literal(std::string_view text);

    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void before_value();
    void newline();

    std::string& m_out;
    char* m_pos = nullptr; // where the next byte goes, within m_out
    char* m_end = nullptr; // the end of m_out's room
    bool m_pretty;
    bool m_after_key = false;
    std::array<Level, k_max_depth> m_levels{}; // the open objects and arrays, m_depth of them
    std::size_t m_depth = 0;
    std::size_t m_base = 0; // indent_by()
};

} // namespace ftadvisor
