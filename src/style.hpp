#pragma once

#include "ftadvisor/rules.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace ftadvisor {

// ANSI styles, applied only when colour is on.
class Style {
public:
    explicit Style(bool color) : m_color(color) {}

    std::string bold(std::string_view s) const { return wrap("1", s); }
    std::string dim(std::string_view s) const { return wrap("2", s); }
    std::string green(std::string_view s) const { return wrap("1;32", s); }
    std::string severity(Severity severity, std::string_view s) const
    {
        switch (severity) {
        case Severity::error:
            return wrap("1;31", s);
        case Severity::warning:
            return wrap("33", s);
        case Severity::info:
            return wrap("36", s);
        }
        return std::string(s);
    }

private:
    std::string wrap(std::string_view code, std::string_view s) const
    {
        return m_color ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
    }

    bool m_color;
};

} // namespace ftadvisor
