#include "ftadvisor/report.hpp"

#include "ftadvisor/batch.hpp"
#include "parallel.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace ftadvisor {
namespace {

// A report per spec, a blank line between them, and a count of verdicts after several.
class TextSink final : public EvaluationSink {
public:
    TextSink(const Rules& rules, const TextOptions& options) : m_rules(rules), m_options(options) {}

    RenderedOutcome render(const SpecOutcome& outcome) const override
    {
        if (!outcome.evaluation) {
            return {{}, summary_row(outcome.file, outcome.line, outcome.diagnostics), false};
        }
        return {render_text(*outcome.evaluation, m_rules, m_options), summary_row(*outcome.evaluation), true};
    }

    void add(RenderedOutcome& rendered, ByteSink& out) override
    {
        m_tally.add(*rendered.row, m_rules); // counted, not kept: a stream may hold millions
        if (!rendered.evaluated) {
            return;
        }
        out.write(m_evaluated > 0 ? "\n" : "");
        out.write_owned(std::move(rendered.output));
        ++m_evaluated;
    }

    void finish(ByteSink& out) override
    {
        if (m_tally.specs > 1) {
            out.write(m_evaluated > 0 ? "\n" : "");
            out.write(summary_line(m_tally, m_rules));
            out.write("\n");
        }
    }

private:
    const Rules& m_rules;
    TextOptions m_options;
    std::size_t m_evaluated = 0;
    VerdictTally m_tally;
};

// One object for one spec, a list of them for several: the first waits for a second. Each
// is rendered indented as a list's item; a lone one loses that indent, which is exact, since
// a JSON string holds no raw line break.
class JsonSink final : public EvaluationSink {
public:
    RenderedOutcome render(const SpecOutcome& outcome) const override
    {
        if (!outcome.evaluation) {
            return {};
        }
        return {render_json(*outcome.evaluation, 1), std::nullopt, true};
    }

    void add(RenderedOutcome& rendered, ByteSink& out) override
    {
        if (!rendered.evaluated) {
            return;
        }
        rendered.output.pop_back(); // the line end: a list's item is followed by "," or "]"
        if (m_evaluated == 0) {
            m_first = std::move(rendered.output);
        } else {
            if (m_evaluated == 1) {
                out.write("[\n  ");
                out.write_owned(std::move(m_first));
            }
            out.write(",\n  ");
            out.write_owned(std::move(rendered.output));
        }
        ++m_evaluated;
    }

    void finish(ByteSink& out) override
    {
        if (m_evaluated == 0) {
            out.write("[]\n");
        } else if (m_evaluated == 1) {
            std::string alone;
            alone.reserve(m_first.size());
            for (std::size_t i = 0; i < m_first.size(); ++i) {
                alone += m_first[i];
                if (m_first[i] == '\n' && m_first.compare(i + 1, 2, "  ") == 0) {
                    i += 2;
                }
            }
            out.write_owned(alone + '\n');
        } else {
            out.write("\n]\n");
        }
    }

private:
    std::size_t m_evaluated = 0;
    std::string m_first;
};

// One compact object a line, written as each spec is done.
class JsonLinesSink final : public EvaluationSink {
public:
    explicit JsonLinesSink(const Rules& rules) : m_renderer(rules) {}

    RenderedOutcome render(const SpecOutcome& outcome) const override
    {
        if (!outcome.evaluation) {
            return {};
        }
        std::string line = m_renderer.render(*outcome.evaluation);
        line += '\n';
        return {std::move(line), std::nullopt, true};
    }

    void add(RenderedOutcome& rendered, ByteSink& out) override
    {
        if (rendered.evaluated) {
            out.write_owned(std::move(rendered.output));
        }
    }

    void finish(ByteSink&) override {}

private:
    JsonLineRenderer m_renderer;
};

// A title, the summary table and a section per spec, written at the end.
class MarkdownSink final : public EvaluationSink {
public:
    explicit MarkdownSink(const Rules& rules) : m_rules(rules) {}

    RenderedOutcome render(const SpecOutcome& outcome) const override
    {
        if (!outcome.evaluation) {
            return {{}, summary_row(outcome.file, outcome.line, outcome.diagnostics), false};
        }
        return {render_markdown_section(*outcome.evaluation, m_rules), summary_row(*outcome.evaluation), true};
    }

    void add(RenderedOutcome& rendered, ByteSink&) override
    {
        m_rows.push_back(std::move(*rendered.row));
        if (rendered.evaluated) {
            m_sections.push_back(std::move(rendered.output));
        }
    }

    void finish(ByteSink& out) override { out.write_owned(render_markdown_report(m_rows, m_sections, m_rules)); }

private:
    const Rules& m_rules;
    std::vector<SummaryRow> m_rows;
    std::vector<std::string> m_sections;
};

constexpr unsigned bit(ReportCommand command)
{
    return static_cast<unsigned>(command);
}

// The one table: each format, what it serves, and how it is made.
struct Entry {
    ReportFormat format;
    std::unique_ptr<EvaluationSink> (*evaluation)(const Rules&, const TextOptions&);
    std::string (*check)(const CheckReport&, const TextOptions&);
};

const std::array<Entry, 7> k_entries{{
    {{"text", bit(ReportCommand::evaluate) | bit(ReportCommand::check),
      "a report per spec, and a count of verdicts when there are several (default)",
      "a table of the proposals and, for each with findings, why (default)"},
     [](const Rules& rules, const TextOptions& options) -> std::unique_ptr<EvaluationSink> {
         return std::make_unique<TextSink>(rules, options);
     },
     [](const CheckReport& report, const TextOptions& options) { return render_check_text(report, options); }},
    {{"json", bit(ReportCommand::evaluate) | bit(ReportCommand::check),
      "one object for one spec, a list of them for several (output_version 1, docs/output.md)",
      "every proposal with status, findings, waivers, reasons and warnings; counts"},
     [](const Rules&, const TextOptions&) -> std::unique_ptr<EvaluationSink> { return std::make_unique<JsonSink>(); },
     [](const CheckReport& report, const TextOptions&) { return render_check_json(report); }},
    {{"jsonl", bit(ReportCommand::evaluate), "one object per line, written as each spec is done: for scripts and pipes",
      ""},
     [](const Rules& rules, const TextOptions&) -> std::unique_ptr<EvaluationSink> {
         return std::make_unique<JsonLinesSink>(rules);
     },
     nullptr},
    {{"markdown", bit(ReportCommand::evaluate) | bit(ReportCommand::check),
      "a summary table and a section per spec, to paste into a pull request or wiki",
      "a pull-request comment, kept under 65,000 characters"},
     [](const Rules& rules, const TextOptions&) -> std::unique_ptr<EvaluationSink> {
         return std::make_unique<MarkdownSink>(rules);
     },
     [](const CheckReport& report, const TextOptions&) { return render_check_markdown(report); }},
    {{"junit", bit(ReportCommand::check), "", "JUnit XML: a testcase per proposal, for CI test dashboards"},
     nullptr,
     [](const CheckReport& report, const TextOptions&) { return render_check_junit(report); }},
    {{"sarif", bit(ReportCommand::check), "",
      "SARIF 2.1.0 for code scanning: a rule per finding kind, a result per finding, waived ones suppressed"},
     nullptr,
     [](const CheckReport& report, const TextOptions&) { return render_check_sarif(report); }},
    {{"github", bit(ReportCommand::check), "",
      "GitHub Actions annotations; the Markdown report is appended to $GITHUB_STEP_SUMMARY when it is set"},
     nullptr,
     [](const CheckReport& report, const TextOptions&) { return render_check_github(report); }},
}};

const Entry& entry_of(std::string_view format)
{
    for (const Entry& entry : k_entries) {
        if (entry.format.name == format) {
            return entry;
        }
    }
    throw std::invalid_argument("unknown report format: " + std::string(format)); // the CLI checks names first
}

} // namespace

const std::vector<ReportFormat>& report_formats()
{
    static const std::vector<ReportFormat> formats = [] {
        std::vector<ReportFormat> out;
        for (const Entry& entry : k_entries) {
            out.push_back(entry.format);
        }
        return out;
    }();
    return formats;
}

std::vector<std::string> report_format_names(std::optional<ReportCommand> command)
{
    std::vector<std::string> out;
    for (const ReportFormat& format : report_formats()) {
        if (!command || (format.commands & bit(*command)) != 0) {
            out.emplace_back(format.name);
        }
    }
    return out;
}

std::string report_format_help(ReportCommand command)
{
    std::string out;
    for (const ReportFormat& format : report_formats()) {
        if ((format.commands & bit(command)) == 0) {
            continue;
        }
        const std::string_view summary = command == ReportCommand::evaluate ? format.for_evaluate : format.for_check;
        std::string line = "  " + std::string(format.name);
        line.resize(std::max<std::size_t>(line.size() + 2, 12), ' ');
        // Wrapped at 92 columns, under the text.
        const std::vector<std::string> lines = text::wrap(summary, 80);
        for (std::size_t k = 0; k < lines.size(); ++k) {
            if (k > 0) {
                line += '\n';
                line.append(12, ' ');
            }
            line += lines[k];
        }
        out += line + '\n';
    }
    return out;
}

std::unique_ptr<EvaluationSink> make_evaluation_sink(std::string_view format, const Rules& rules,
                                                     const TextOptions& options)
{
    const Entry& entry = entry_of(format);
    if (entry.evaluation == nullptr) {
        throw std::invalid_argument("not a report of evaluate: " + std::string(format));
    }
    return entry.evaluation(rules, options);
}

std::string render_check_report(std::string_view format, const CheckReport& report, const TextOptions& options)
{
    const Entry& entry = entry_of(format);
    if (entry.check == nullptr) {
        throw std::invalid_argument("not a report of check: " + std::string(format));
    }
    return entry.check(report, options);
}

std::size_t evaluate_into(SpecInputs& inputs, const Rules& rules, const EvaluateOptions& options, const Run& run,
                          EvaluationSink& report, ByteSink& out, const std::function<void(const Diagnostic&)>& problem)
{
    // A worker evaluates and renders; the calling thread only writes.
    struct Done {
        RenderedOutcome report;
        std::vector<Diagnostic> problems;
    };
    auto work = [&](SpecInput& input) {
        SpecOutcome outcome = evaluate_spec_input(input, rules, options, run);
        return Done{report.render(outcome), std::move(outcome.diagnostics)};
    };
    std::size_t invalid = 0;
    auto sink = [&](Done& done) {
        invalid += done.problems.empty() ? 0U : 1U;
        for (const Diagnostic& diagnostic : done.problems) {
            problem(diagnostic);
        }
        report.add(done.report, out);
    };
    ordered_parallel_map<SpecInput, Done>([&] { return inputs.next(); }, [&] { return inputs.ready(); },
                                          [&] { out.flush(); }, work, sink, run.threads(), 256);
    return invalid;
}

} // namespace ftadvisor
