#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// Writes JSON text straight into a string, in the layout nlohmann::json::dump() uses: either
// compact (no spaces) or indented by two spaces. Keys are written in the order given.
// Strings are written as UTF-8; invalid UTF-8 is replaced by U+FFFD rather than rejected.
// Whole numbers below 2^53 print as integers. The caller nests calls correctly.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out, bool pretty) : m_out(out), m_pretty(pretty) {}

    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }

    // The key of the next value in an object.
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);
    JsonWriter& value(int number) { return value(static_cast<double>(number)); }
    JsonWriter& value(std::size_t number) { return value(static_cast<double>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();

    // A whole array of strings.
    JsonWriter& value(const std::vector<std::string>& list);

    // `text` as a JSON string literal, quotes included, appended to `out`.
    static void write_string(std::string& out, std::string_view text);

private:
    struct Level {
        bool empty = true;
    };

    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void before_value();
    void newline();

    std::string& m_out;
    bool m_pretty;
    bool m_after_key = false;
    std::vector<Level> m_levels;
};

} // namespace ftadvisor
