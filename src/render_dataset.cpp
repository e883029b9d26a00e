#include "ftadvisor/dataset.hpp"

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/version.hpp"
#include "json_writer.hpp"
#include "style.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

std::string count(std::uint64_t n)
{
    return text::format_number(static_cast<double>(n));
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", count(n), n == 1 ? one : many);
}

std::string format_bytes(std::uint64_t bytes)
{
    if (bytes < 1024) {
        return plural(bytes, "byte", "bytes");
    }
    const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes) / 1024;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    return fmt::format("{:.1f} {}", value, units[unit]);
}

// "chat 980, prompt_completion 12": each non-zero count with its name, in the enum's order.
template <class Enum, std::size_t N, class Name>
std::string counts_line(const std::array<std::uint64_t, N>& counts, Name name)
{
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < N; ++i) {
        if (counts[i] > 0) {
            parts.push_back(fmt::format("{} {}", name(static_cast<Enum>(i)), count(counts[i])));
        }
    }
    return text::join(parts, ", ");
}

std::string formats_line(const DatasetStats& stats)
{
    const std::string line = counts_line<ExampleFormat>(stats.formats, example_format_name);
    return line.empty() ? "none" : line;
}

std::string errors_line(const DatasetStats& stats)
{
    return counts_line<DataErrorKind>(stats.errors_by_kind, data_error_name);
}

std::vector<std::string> notes(const DatasetStats& stats, bool one_file = true)
{
    std::vector<std::string> out;
    if (stats.byte_order_mark) {
        out.emplace_back("starts with a UTF-8 byte-order mark (skipped)");
    }
    if (stats.crlf_lines > 0) {
        out.push_back(fmt::format("{} end in CRLF", plural(stats.crlf_lines, "line", "lines")));
    }
    if (!stats.final_newline) {
        out.emplace_back("no line end after the last line");
    }
    if (one_file && stats.mixed_formats()) {
        out.emplace_back("mixes layouts: most services train on one layout a file");
    }
    const std::uint64_t pairs = stats.formats[static_cast<std::size_t>(ExampleFormat::preference)];
    if (pairs > 0) {
        out.push_back(pairs == stats.examples_valid
                          ? std::string("preference pairs: a set for preference tuning (DPO), not supervised "
                                        "fine-tuning")
                          : fmt::format("{} preference pairs (for preference tuning, DPO) among examples for "
                                        "supervised fine-tuning: the two are trained apart",
                                        count(pairs)));
    }
    return out;
}

// The lengths of the valid examples in tokens, as bars in power-of-two bands.
void text_histogram(std::string& out, const DatasetStats& stats, int width)
{
    const auto bars = stats.tokens.bars();
    if (bars.empty()) {
        return;
    }
    out += "  tokens per valid example:\n";
    std::uint64_t most = 0;
    std::size_t label_width = 0;
    std::vector<std::string> labels;
    for (const auto& bar : bars) {
        most = std::max(most, bar.count);
        labels.push_back(bar.to - bar.from == 1 ? count(bar.from)
                                                : fmt::format("{}-{}", count(bar.from), count(bar.to - 1)));
        label_width = std::max(label_width, labels.back().size());
    }
    const std::size_t count_width = count(most).size();
    const int room = width - static_cast<int>(4 + label_width + 2 + 1 + count_width);
    const std::size_t bar_width = static_cast<std::size_t>(std::clamp(room, 10, 50));
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const auto length = static_cast<std::size_t>(
            (static_cast<double>(bars[i].count) * static_cast<double>(bar_width)) / static_cast<double>(most) + 0.5);
        std::string bar;
        for (std::size_t j = 0; j < length; ++j) {
            bar += "\u2588";
        }
        if (length == 0 && bars[i].count > 0) {
            bar = "\u258f"; // a sliver, so that a few examples still show
        }
        const std::size_t shown = length == 0 && bars[i].count > 0 ? 1 : length;
        out += fmt::format("    {:>{}}  {}{} {:>{}}\n", labels[i], label_width, bar,
                           std::string(bar_width - shown, ' '), count(bars[i].count), count_width);
    }
}

void text_block(std::string& out, const DatasetStats& stats, const DatasetReport& report, const Style& style, int width,
                bool with_errors)
{
    // Labels take 18 columns; long values wrap under their first line.
    const auto columns = static_cast<std::size_t>(std::max(width, 40));
    auto row = [&](std::string_view label, const std::string& value) {
        out += hanging(fmt::format("  {:<15} ", label), value, 18, columns);
    };
    row("examples", fmt::format("{} valid of {}; {} clean", count(stats.examples_valid), count(stats.examples),
                                style.bold(count(stats.examples_clean))));
    row("formats", formats_line(stats));
    if (stats.format_errors > 0) {
        row("format errors", style.severity(Severity::error, count(stats.format_errors)) + ": " + errors_line(stats));
    } else {
        row("format errors", "none");
    }
    row("not clean",
        fmt::format("{} repeated, {} with an empty reply, {} over {} tokens{}", count(stats.duplicates),
                    count(stats.empty), count(stats.too_long), count(report.max_tokens),
                    stats.nothing_to_learn > 0 ? fmt::format(", {} with nothing to learn (every assistant weight 0)",
                                                             count(stats.nothing_to_learn))
                                               : std::string()));
    if (stats.blank_lines > 0) {
        row("blank lines", count(stats.blank_lines));
    }
    if (stats.tokens.count() > 0) {
        row("tokens", fmt::format("about {} in valid examples, {} in clean ones", count(stats.tokens.total()),
                                  count(stats.clean_tokens)));
        row("per example", fmt::format("p50 {}, p90 {}, max {}", count(stats.tokens.percentile(0.5)),
                                       count(stats.tokens.percentile(0.9)), count(stats.tokens.max())));
    }
    if (stats.images > 0) {
        row("images", fmt::format("{} in image parts, left out of the tokens: a service prices images apart, "
                                  "and the rules price none yet",
                                  count(stats.images)));
    }
    for (const std::string& note : notes(stats, with_errors)) {
        row("note", note);
    }
    if (with_errors && !stats.first_errors.empty()) {
        out += fmt::format("  {}\n", stats.first_errors.size() < stats.format_errors
                                         ? fmt::format("first {} errors:", stats.first_errors.size())
                                         : std::string("errors:"));
        for (const DataError& error : stats.first_errors) {
            out += hanging(fmt::format("    line {}: ", count(error.line)),
                           fmt::format("{}: {}", data_error_name(error.kind), error.detail), 6, columns);
        }
    }
    text_histogram(out, stats, width);
}

void json_counts(JsonWriter& json, const DatasetStats& stats)
{
    json.key("bytes").value(stats.bytes);
    json.key("lines").value(stats.lines);
    json.key("blank_lines").value(stats.blank_lines);
    json.key("examples").value(stats.examples);
    json.key("examples_valid").value(stats.examples_valid);
    json.key("examples_clean").value(stats.examples_clean);
    json.key("format_errors").value(stats.format_errors);
    json.key("errors_by_kind").begin_object();
    for (std::size_t i = 0; i < k_data_error_kind_count; ++i) {
        if (stats.errors_by_kind[i] > 0) {
            json.key(data_error_name(static_cast<DataErrorKind>(i))).value(stats.errors_by_kind[i]);
        }
    }
    json.end_object();
    json.key("duplicates").value(stats.duplicates);
    json.key("empty").value(stats.empty);
    json.key("too_long").value(stats.too_long);
    json.key("nothing_to_learn").value(stats.nothing_to_learn);
    json.key("images").value(stats.images);
    json.key("formats").begin_object();
    for (std::size_t i = 0; i < k_example_format_count; ++i) {
        json.key(example_format_name(static_cast<ExampleFormat>(i))).value(stats.formats[i]);
    }
    json.end_object();
    json.key("mixed_formats").value(stats.mixed_formats());
    json.key("tokens").begin_object();
    json.key("total").value(stats.tokens.total());
    json.key("clean").value(stats.clean_tokens);
    json.key("p50").value(stats.tokens.percentile(0.5));
    json.key("p90").value(stats.tokens.percentile(0.9));
    json.key("max").value(stats.tokens.max());
    json.end_object();
    json.key("histogram").begin_array();
    for (const auto& bar : stats.tokens.bars()) {
        json.begin_object();
        json.key("from").value(bar.from);
        json.key("to").value(bar.to);
        json.key("count").value(bar.count);
        json.end_object();
    }
    json.end_array();
}

void json_error(JsonWriter& json, const std::string& file, const DataError& error)
{
    json.begin_object();
    json.key("file").value(file);
    json.key("line").value(error.line);
    json.key("kind").value(data_error_name(error.kind));
    json.key("message").value(error.detail);
    json.end_object();
}

} // namespace

namespace {

// A file's heading: its name in bold, then what follows, wrapped to `width` (a long path is cut
// after a slash).
void text_heading(std::string& out, const Style& style, const std::string& name, const std::string& after,
                  std::size_t width)
{
    auto lines = text::wrap(text::one_line(name), width);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        out += style.bold(lines[i]) + '\n';
    }
    if (lines.back().size() + 2 + after.size() <= width) {
        out += style.bold(lines.back()) + "  " + after + '\n';
        return;
    }
    out += style.bold(lines.back()) + '\n';
    for (const std::string& part : text::wrap(after, width - 2)) {
        out += "  " + part + '\n';
    }
}

} // namespace

std::string render_dataset_text(const DatasetReport& report, bool color, int width)
{
    const Style style(color);
    const auto columns = static_cast<std::size_t>(std::max(width, 40));
    std::string out;
    for (const DatasetStats& stats : report.files) {
        text_heading(out, style, stats.file,
                     fmt::format("({}, {})", format_bytes(stats.bytes), plural(stats.lines, "line", "lines")), columns);
        text_block(out, stats, report, style, width, true);
        out += '\n';
    }
    if (report.files.size() > 1) {
        text_heading(out, style, "Total",
                     fmt::format("({} files, {}, {})", count(report.files.size()), format_bytes(report.total.bytes),
                                 plural(report.total.lines, "line", "lines")),
                     columns);
        text_block(out, report.total, report, style, width, false);
        out += '\n';
    }
    for (const Diagnostic& problem : report.unreadable) {
        out += hanging(text::one_line(problem.file) + ": ", text::one_line(problem.message), 2, columns);
    }
    for (const std::string& part :
         text::wrap("Token counts are estimates (docs/data.md says how, and how far off they run).", columns)) {
        out += part + '\n';
    }
    return text::visible(out, color);
}

std::string render_dataset_json(const DatasetReport& report)
{
    std::string out;
    {
        JsonWriter json(out, true);
        json.begin_object();
        json.key("output_version").value(1);
        json.key("ftadvisor_version").value(k_version);
        json.key("max_tokens").value(report.max_tokens);
        json_counts(json, report.total);
        json.key("first_errors").begin_array();
        std::size_t listed = 0;
        for (const DatasetStats& stats : report.files) {
            for (const DataError& error : stats.first_errors) {
                if (listed++ < report.errors_listed) {
                    json_error(json, stats.file, error);
                }
            }
        }
        json.end_array();
        json.key("files").begin_array();
        for (const DatasetStats& stats : report.files) {
            json.begin_object();
            json.key("file").value(stats.file);
            json_counts(json, stats);
            json.key("first_errors").begin_array();
            for (const DataError& error : stats.first_errors) {
                json_error(json, stats.file, error);
            }
            json.end_array();
            json.key("byte_order_mark").value(stats.byte_order_mark);
            json.key("crlf_lines").value(stats.crlf_lines);
            json.key("final_newline").value(stats.final_newline);
            json.end_object();
        }
        json.end_array();
        json.key("unreadable").begin_array();
        for (const Diagnostic& problem : report.unreadable) {
            json.begin_object();
            json.key("file").value(problem.file);
            json.key("message").value(problem.message);
            json.end_object();
        }
        json.end_array();
        json.end_object();
    }
    out += '\n';
    return out;
}

std::string render_dataset_markdown(const DatasetReport& report)
{
    std::string out = "# Training data\n\n";
    out += "| File | Lines | Valid | Clean | Format errors | Repeated | Empty | Too long | Tokens (est.) | p50 | p90 | "
           "Max |\n";
    out += "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
    auto row = [&](const std::string& name, const DatasetStats& stats) {
        out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", name, count(stats.lines),
                           count(stats.examples_valid), count(stats.examples_clean), count(stats.format_errors),
                           count(stats.duplicates), count(stats.empty), count(stats.too_long),
                           count(stats.tokens.total()), count(stats.tokens.percentile(0.5)),
                           count(stats.tokens.percentile(0.9)), count(stats.tokens.max()));
    };
    for (const DatasetStats& stats : report.files) {
        row(fmt::format("`{}`", text::markdown_escape(stats.file)), stats);
    }
    if (report.files.size() > 1) {
        row("**Total**", report.total);
    }
    for (const Diagnostic& problem : report.unreadable) {
        out += fmt::format("| `{}` | not read: {} |||||||||||\n", text::markdown_escape(problem.file),
                           text::markdown_escape(problem.message));
    }
    out += fmt::format("\nExamples over {} tokens count as too long. Token counts are estimates.\n",
                       count(report.max_tokens));
    for (const DatasetStats& stats : report.files) {
        const auto file_notes = notes(stats);
        if (stats.first_errors.empty() && file_notes.empty()) {
            continue;
        }
        out += fmt::format("\n## `{}`\n\nLayouts: {}.\n", text::markdown_escape(stats.file), formats_line(stats));
        if (!stats.first_errors.empty()) {
            out += fmt::format("\nFormat errors: {}.\n\n", errors_line(stats));
            for (const DataError& error : stats.first_errors) {
                out += fmt::format("- line {}: `{}`: {}\n", count(error.line), data_error_name(error.kind),
                                   text::markdown_escape(error.detail));
            }
            if (stats.first_errors.size() < stats.format_errors) {
                out += fmt::format("- ... and {} more\n", count(stats.format_errors - stats.first_errors.size()));
            }
        }
        for (const std::string& note : file_notes) {
            out += fmt::format("\nNote: {}.\n", note);
        }
    }
    return text::visible(out);
}

} // namespace ftadvisor
