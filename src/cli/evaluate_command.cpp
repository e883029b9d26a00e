#include "cli/evaluate_command.hpp"

#include "cli/input.hpp"
#include "ftadvisor/batch.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/render.hpp"
#include "parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <sys/uio.h>
#include <unistd.h>

namespace ftadvisor::cli {
namespace {

struct EvaluateCommandOptions {
    std::vector<std::string> specs;
    unsigned jobs = 0;
    bool explain = false;
    std::string today;
};

// One spec's outcome, rendered by a worker thread so the main thread only writes.
struct Rendered {
    std::string output;            // the spec's report in the chosen format
    std::string diagnostics;       // formatted problems, for stderr
    std::optional<SummaryRow> row; // for the summary of a text or Markdown run
};

// Writes the reports in the chosen format as the outcomes arrive, in input order.
class ReportWriter {
public:
    ReportWriter(const std::string& format, const Rules& rules) : m_format(format), m_rules(rules) {}

    void add(Rendered& rendered)
    {
        std::cerr << rendered.diagnostics;
        ++m_count;
        if (m_format == "markdown") {
            m_rows.push_back(std::move(*rendered.row));
            if (!rendered.output.empty()) {
                m_sections.push_back(std::move(rendered.output));
            }
            return;
        }
        if (rendered.output.empty()) {
            if (m_format == "text") {
                m_rows.push_back(std::move(*rendered.row));
            }
            return;
        }
        if (m_format == "json") {
            // One object for one spec, a list for several: the first waits for a second.
            if (m_evaluated == 0) {
                m_first = std::move(rendered.output);
            } else {
                if (m_evaluated == 1) {
                    write("[\n" + indent(m_first));
                }
                write(",\n" + indent(rendered.output));
                m_first.clear();
            }
        } else if (m_format == "jsonl") {
            write_owned(std::move(rendered.output)); // its line end added by the worker
        } else {
            write(m_evaluated > 0 ? "\n" : "");
            write_owned(std::move(rendered.output));
            m_rows.push_back(std::move(*rendered.row));
        }
        ++m_evaluated;
    }

    // Writes out everything gathered so far.
    void flush()
    {
        close_small();
        m_failed = !write_all(m_chunks) || m_failed;
        m_chunks.clear();
        m_pending = 0;
    }

    // Whether some output could not be written.
    bool failed() const { return m_failed; }

    void finish()
    {
        if (m_format == "json") {
            if (m_evaluated == 1) {
                write(m_first);
            } else if (m_evaluated == 0) {
                write("[]\n");
            } else {
                write("\n]\n");
            }
        } else if (m_format == "markdown") {
            write(render_markdown_report(m_rows, m_sections, m_rules));
        } else if (m_format == "text" && m_count > 1) {
            write((m_evaluated > 0 ? "\n" : "") + summary_line(m_rows, m_rules) + '\n');
        }
        flush();
    }

private:
    // Output is gathered into large writes, since a stream of small ones costs a system call
    // each. Reports are kept as the workers rendered them and written with one writev, not
    // copied: in a batch of JSON Lines the copy was most of this thread's work.
    void write(std::string_view text)
    {
        m_small += text;
        m_pending += text.size();
        if (m_pending >= k_flush_bytes) {
            flush();
        }
    }

    void write_owned(std::string&& text)
    {
        close_small();
        m_pending += text.size();
        m_chunks.push_back(std::move(text));
        if (m_pending >= k_flush_bytes) {
            flush();
        }
    }

    void close_small()
    {
        if (!m_small.empty()) {
            m_chunks.push_back(std::move(m_small));
            m_small.clear();
        }
    }

    // Writes the chunks to standard output, in order, whatever the writes take at a time.
    static bool write_all(const std::vector<std::string>& chunks)
    {
        std::vector<iovec> pieces;
        pieces.reserve(chunks.size());
        for (const std::string& chunk : chunks) {
            if (!chunk.empty()) {
                pieces.push_back(iovec{const_cast<char*>(chunk.data()), chunk.size()});
            }
        }
        std::size_t i = 0;
        while (i < pieces.size()) {
            const int count = static_cast<int>(std::min<std::size_t>(pieces.size() - i, IOV_MAX));
            const ssize_t written = ::writev(STDOUT_FILENO, pieces.data() + i, count);
            if (written < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return false;
            }
            auto left = static_cast<std::size_t>(written);
            while (i < pieces.size() && left >= pieces[i].iov_len) {
                left -= pieces[i].iov_len;
                ++i;
            }
            if (left > 0) {
                pieces[i].iov_base = static_cast<char*>(pieces[i].iov_base) + left;
                pieces[i].iov_len -= left;
            }
        }
        return true;
    }

    static constexpr std::size_t k_flush_bytes = std::size_t{1} << 20;

    // A pretty-printed object, indented one level to stand in a list, without its newline.
    static std::string indent(const std::string& object)
    {
        std::string out = "  ";
        for (std::size_t i = 0; i + 1 < object.size(); ++i) {
            out += object[i];
            if (object[i] == '\n') {
                out += "  ";
            }
        }
        return out;
    }

    const std::string& m_format;
    const Rules& m_rules;
    std::size_t m_count = 0;
    std::size_t m_evaluated = 0;
    std::string m_first;
    std::string m_small;               // short writes not yet in a chunk
    std::vector<std::string> m_chunks; // what is to be written, in order
    std::size_t m_pending = 0;         // bytes in m_small and m_chunks
    bool m_failed = false;
    std::vector<SummaryRow> m_rows;
    std::vector<std::string> m_sections;
};

int run_evaluate(const EvaluateCommandOptions& options, const GlobalOptions& global)
{
    if (global.format == "junit" || global.format == "github") {
        std::cerr << "ftadvisor: error: evaluate cannot write --format " << global.format
                  << "; it is a report of 'ftadvisor check'\n";
        return k_exit_invalid;
    }
    if (!options.today.empty() && !valid_date(options.today)) {
        std::cerr << fmt::format("ftadvisor: error: --today {}: expected a date as YYYY-MM-DD\n", options.today);
        return k_exit_invalid;
    }
    const auto loaded = load_effective_rules(global, std::cerr);
    if (!loaded) {
        return k_exit_invalid;
    }
    const Rules& rules = *loaded;
    const std::string& format = global.format;
    const ftadvisor::EvaluateOptions evaluate_options{options.explain,
                                                      options.today.empty() ? today_utc() : options.today};
    const TextOptions text_options{use_color(global), 80};
    // Its parts are rendered when it is made: only for a JSON Lines run.
    const std::optional<JsonLineRenderer> json_lines =
        format == "jsonl" ? std::optional<JsonLineRenderer>(rules) : std::nullopt;

    const Run run(local_files(), read_limits(global), job_count(options.jobs));
    auto work = [&](SpecInput& input) {
        Rendered rendered;
        const SpecOutcome outcome = evaluate_spec_input(input, rules, evaluate_options, run);
        for (const Diagnostic& diagnostic : outcome.diagnostics) {
            rendered.diagnostics += format_diagnostic(diagnostic);
        }
        if (!outcome.evaluation) {
            rendered.row = summary_row(outcome.file, outcome.line, outcome.diagnostics);
            return rendered;
        }
        const Evaluation& evaluation = *outcome.evaluation;
        if (format == "json") {
            rendered.output = render_json(evaluation);
        } else if (format == "jsonl") {
            rendered.output = json_lines->render(evaluation);
            rendered.output += '\n';
        } else if (format == "markdown") {
            rendered.output = render_markdown_section(evaluation);
            rendered.row = summary_row(evaluation);
        } else {
            rendered.output = render_text(evaluation, rules, text_options);
            rendered.row = summary_row(evaluation);
        }
        return rendered;
    };

    SpecInputs inputs(options.specs, run);
    ReportWriter writer(format, rules);
    bool invalid = false;
    auto sink = [&](Rendered& rendered) {
        invalid = invalid || !rendered.diagnostics.empty();
        writer.add(rendered);
    };
    ordered_parallel_map<SpecInput, Rendered>([&] { return inputs.next(); }, [&] { return inputs.ready(); },
                                              [&] { writer.flush(); }, work, sink, run.threads(), 256);
    writer.finish();

    if (writer.failed()) {
        std::cerr << "ftadvisor: error: cannot write the output\n";
        return k_exit_invalid;
    }
    return invalid ? k_exit_invalid : k_exit_ok;
}

} // namespace

void setup_evaluate_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    auto options = std::make_shared<EvaluateCommandOptions>();
    CLI::App* command = app.add_subcommand("evaluate", "Advise on project specs: verdict, scores, reasons, "
                                                       "pitfalls, cost estimate and next steps");
    command
        ->add_option("spec", options->specs,
                     "Specs to evaluate, in order: .json, .yaml or .yml files; folders (their "
                     "*.json, *.yaml and *.yml files, recursively, sorted by path); .jsonl files (one spec a "
                     "line); or - for standard input (one JSON or YAML document, or JSON Lines)")
        ->required()
        ->type_name("SPEC");
    add_jobs_option(*command, options->jobs, "Evaluate");
    command->add_flag("--explain", options->explain,
                      "Add the whole trace: what the description said (every phrase and amount found, "
                      "counted, negated or passed over, and how a misspelling was read), and every rule "
                      "considered, whether it applied, the facts it read and its effect on the scores");
    command
        ->add_option("--today", options->today,
                     "The date the price table's age is judged against, YYYY-MM-DD (default: today, in UTC)")
        ->type_name("DATE");
    command->footer(R"(Output (--format):
  text      a report per spec, and a count of verdicts when there are several (default)
  json      one object for one spec, a list of them for several (output_version 1,
            docs/output.md)
  jsonl     one object per line, written as each spec is done: for scripts and pipes
  markdown  a summary table and a section per spec, to paste into a pull request or wiki
A spec's description is read for each answer the spec leaves out: the domain, the number of
checked examples, production or not, the expected improvement and real-time needs, each
reported with the words it came from; a given answer always wins (docs/description.md).
A spec's dataset (a JSON Lines file, relative to the spec) is measured as 'data stats'
does: its clean examples answer high_quality_examples, and its tokens price the training
compute. Results come out in the order of the inputs, whatever --jobs is. --format, --color and
--rules may stand before or after the subcommand (see ftadvisor --help).

Examples:
  ftadvisor evaluate examples/clinic-triage.json
  ftadvisor evaluate --format json proposal.yaml | jq .verdict
  ftadvisor evaluate --format markdown proposals/ > portfolio.md
  ftadvisor evaluate --format jsonl - < specs.jsonl | jq -r '[.name, .verdict] | @tsv'

Exit status: 0 every spec was evaluated; 2 a spec could not be read or is invalid. Each
problem is reported on stderr with its file and line:column (or its line in a JSON Lines
stream) and field path; the other specs are still evaluated and printed.)");
    command->callback([options, &global, &exit_code] { exit_code = run_evaluate(*options, global); });
}

} // namespace ftadvisor::cli
