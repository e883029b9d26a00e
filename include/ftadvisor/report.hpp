#pragma once

#include "ftadvisor/check.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/io.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

class Run;
class SpecInputs;

// The reports of a run over many specs, in every format, chosen by name from one table
// (report_formats): the command line's --format choices and its help are made from it.

// One outcome rendered for a report, on a worker thread.
struct RenderedOutcome {
    std::string output;            // the spec's part of the report
    std::optional<SummaryRow> row; // for the summary of a text or Markdown report
    bool evaluated = false;
};

// Writes the report of `evaluate` as the outcomes arrive, in input order. render() is
// called on worker threads; add() and finish() on the one thread that writes.
class EvaluationSink {
public:
    virtual ~EvaluationSink() = default;
    virtual RenderedOutcome render(const SpecOutcome& outcome) const = 0;
    virtual void add(RenderedOutcome& rendered, ByteSink& out) = 0;
    virtual void finish(ByteSink& out) = 0;
};

// The commands a format serves.
enum class ReportCommand : unsigned { evaluate = 1, check = 2 };

struct ReportFormat {
    std::string_view name;
    unsigned commands = 0;         // ReportCommand bits
    std::string_view for_evaluate; // a line of `evaluate --help`; empty if it is not one of its
    std::string_view for_check;    // likewise for `check --help`
};

// Every format, in the order --help lists them; the first is the default.
const std::vector<ReportFormat>& report_formats();

// The names of the formats `command` writes, or of all of them.
std::vector<std::string> report_format_names(std::optional<ReportCommand> command = std::nullopt);

// "  text      a report per spec...\n": the formats of `command` for its --help.
std::string report_format_help(ReportCommand command);

// The sink of `evaluate` for `format` (one of its names), for evaluations made with `rules`,
// which must outlive it.
std::unique_ptr<EvaluationSink> make_evaluation_sink(std::string_view format, const Rules& rules,
                                                     const TextOptions& options);

// Evaluates every spec `inputs` yields, on the run's threads, and writes each through
// `report` to `out` in the order of the inputs as soon as it and those before it are done;
// when the input would wait (a slow stream), `out` is flushed first, so each result is out
// before the next spec arrives. Each spec's problems go to `problem` on the calling thread,
// in the same order. finish() is left to the caller. Returns how many specs had problems.
std::size_t evaluate_into(SpecInputs& inputs, const Rules& rules, const EvaluateOptions& options, const Run& run,
                          EvaluationSink& report, ByteSink& out, const std::function<void(const Diagnostic&)>& problem);

// The report of `check` in `format` (one of its names), ending with a newline.
std::string render_check_report(std::string_view format, const CheckReport& report, const TextOptions& options);

} // namespace ftadvisor
