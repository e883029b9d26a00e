#include "ftadvisor/diagnostic.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <tuple>

namespace ftadvisor {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
    return text::did_you_mean(word, candidates);
}

std::string printable(std::string_view text)
{
    return text::visible(text::one_line(text));
}

std::string hanging(std::string_view lead, std::string_view prose, std::size_t indent, std::size_t width)
{
    std::string out;
    for (const std::string& line : text::hang(lead, text::columns(lead), prose, indent, width)) {
        (out += line) += '\n';
    }
    return out;
}

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
    // What came from the input (the file's name, a key, the source line) reaches a terminal
    // or a CI log only through the one sanitiser (docs/security.md).
    out = text::visible(out) + '\n';
    const int caret = diagnostic.source_column > 0 ? diagnostic.source_column : diagnostic.location.column;
    if (!diagnostic.source_line.empty() && caret > 0) {
        // Tabs are kept under the caret so it lines up with the source in any tab width; the
        // caret goes under the same character of the line as shown, escapes and all.
        const std::string_view line = diagnostic.source_line;
        const std::string before =
            text::visible(line.substr(0, std::min(line.size(), static_cast<std::size_t>(caret - 1))));
        std::string pad;
        for (const char c : before) {
            pad += c == '\t' ? '\t' : ' ';
        }
        out += fmt::format("  {}\n  {}^\n", text::visible(line), pad);
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
