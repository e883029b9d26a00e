#include "ftadvisor/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <map>
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
    const int caret = diagnostic.source_column > 0 ? diagnostic.source_column : diagnostic.location.column;
    if (!diagnostic.source_line.empty() && caret > 0) {
        // Tabs are kept under the caret so it lines up with the source in any tab width.
        std::string pad;
        const auto column = static_cast<std::size_t>(caret);
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

void limit_diagnostics(std::vector<Diagnostic>& diagnostics, std::size_t max)
{
    if (diagnostics.size() <= max) {
        return; // the common case: nothing to count
    }
    std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> counts; // file: seen, index of last kept
    std::vector<Diagnostic> kept;
    for (Diagnostic& diagnostic : diagnostics) {
        auto& [seen, last] = counts[diagnostic.file];
        if (++seen <= max) {
            last = kept.size();
            kept.push_back(std::move(diagnostic));
        }
    }
    // Each file's note goes after its last diagnostic kept; from the back, so that the
    // indexes still hold while inserting.
    std::vector<std::pair<std::size_t, std::string>> notes;
    for (const auto& [file, count] : counts) {
        if (count.first > max) {
            notes.emplace_back(count.second, file);
        }
    }
    std::sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [index, file] : notes) {
        const std::size_t more = counts.find(file)->second.first - max;
        kept.insert(kept.begin() + static_cast<std::ptrdiff_t>(index) + 1,
                    Diagnostic{file, {}, {}, fmt::format("{} more problems in this file are not shown", more), {}});
    }
    diagnostics = std::move(kept);
}

} // namespace ftadvisor
