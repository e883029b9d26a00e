#include "ftadvisor/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace ftadvisor {

std::string format_diagnostic(const Diagnostic& diagnostic)
{
    std::string out = diagnostic.file;
    if (diagnostic.location.line > 0) {
        out += fmt::format(":{}", diagnostic.location.line);
        if (diagnostic.location.column > 0) {
            out += fmt::format(":{}", diagnostic.location.column);
        }
    }
    out += ": error: ";
    if (!diagnostic.path.empty()) {
        out += diagnostic.path + ": ";
    }
    out += diagnostic.message;
    out += '\n';
    if (!diagnostic.source_line.empty() && diagnostic.location.column > 0) {
        // Tabs are kept under the caret so it lines up with the source in any tab width.
        std::string pad;
        const auto column = static_cast<std::size_t>(diagnostic.location.column);
        for (std::size_t i = 0; i + 1 < column && i < diagnostic.source_line.size(); ++i) {
            pad += diagnostic.source_line[i] == '\t' ? '\t' : ' ';
        }
        out += fmt::format("  {}\n  {}^\n", diagnostic.source_line, pad);
    }
    return out;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const std::vector<std::string>& files)
{
    const auto key = [&](const Diagnostic& d) {
        const auto found = std::find(files.begin(), files.end(), d.file);
        return std::make_tuple(found - files.begin(), d.location.line, d.location.column);
    };
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

} // namespace ftadvisor
