#pragma once

#include <string>
#include <variant>
#include <vector>

namespace ftadvisor {

// A fact the rules can test: unknown (monostate), a yes/no, a number, a word, or a list of
// words. Counts are held as doubles; they are validated to be whole and far below 2^53.
using Value = std::variant<std::monostate, bool, double, std::string, std::vector<std::string>>;

// True when the value is not unknown.
inline bool is_known(const Value& value)
{
    return !std::holds_alternative<std::monostate>(value);
}

// Formats a value for people: yes/no, numbers with thousands separators, words as they are,
// lists joined with ", ", unknown as "unknown".
std::string format_value(const Value& value);

} // namespace ftadvisor
