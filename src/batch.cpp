#include "ftadvisor/batch.hpp"

#include "document.hpp"
#include "ftadvisor/dataset.hpp"
#include "ftadvisor/spec.hpp"
#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>

namespace ftadvisor {
namespace {

namespace fs = std::filesystem;

const char* const k_stdin_name = "<stdin>";

// Spare bytes kept after each line read (simdjson::SIMDJSON_PADDING).
constexpr std::size_t k_line_padding = 64;

// Splits a stream into lines, reading it in large blocks. A line longer than the limit is
// reported once and skipped, so memory stays bounded by the limit. Files and standard input
// are read through their file descriptors: no stream buffer copies each block on the way, and
// a read returns what a pipe holds instead of waiting for a whole block, so a stream fed a
// line at a time is answered a line at a time.
class LineReader {
public:
    // Reads `stream`; lines longer than `max_line` bytes are reported and skipped.
    LineReader(std::unique_ptr<ByteStream> stream, std::size_t max_line)
        : stream_(std::move(stream)), max_line_(max_line)
    {
    }

    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    enum class Status { line, too_long, end, failed };

    // The next line, without its end-of-line characters (CR LF or LF).
    Status next(std::string& line)
    {
        line.clear();
        bool too_long = false;
        for (;;) {
            if (pos_ == size_ && !refill()) {
                if (error_ != 0) {
                    return Status::failed;
                }
                if (line.empty() && !too_long && !partial_) {
                    return Status::end;
                }
                partial_ = false;
                ++number_;
                return finish(line, too_long);
            }
            const char* begin = buffer_.data() + pos_;
            const char* end = buffer_.data() + size_;
            const char* newline = find_newline(begin, end);
            const auto taken = static_cast<std::size_t>(newline - begin);
            if (!too_long) {
                if (line.size() + taken > max_line_) {
                    too_long = true;
                    line.clear();
                } else {
                    // Room for the padding the JSON reader wants past the text, so the
                    // line need not be copied again (read_plain_json_spec).
                    line.reserve(line.size() + taken + k_line_padding);
                    line.append(begin, taken);
                }
            }
            pos_ += taken;
            if (newline != end) {
                ++pos_;
                ++number_;
                partial_ = false;
                return finish(line, too_long);
            }
            partial_ = true;
        }
    }

    // The 1-based number of the line last returned.
    std::size_t number() const { return number_; }

    // Whether a read failed (Status::failed, or rest() returned false for it).
    bool failed() const { return error_ != 0; }

    // Why the stream could not be read, after Status::failed.
    std::string error() const { return fmt::format("cannot read: {}", std::strerror(error_)); }

    // Whether next() can answer without waiting for input: a whole line is buffered, or the
    // stream has something to read.
    bool ready() const
    {
        return find_newline(buffer_.data() + pos_, buffer_.data() + size_) != buffer_.data() + size_ ||
               stream_->ready();
    }

    // Everything not read yet, appended to `out`; false if that would pass the limit or the
    // stream could not be read (error() says so then).
    bool rest(std::string& out)
    {
        for (;;) {
            if (out.size() + (size_ - pos_) > max_line_) {
                return false;
            }
            out.append(buffer_.data() + pos_, size_ - pos_);
            pos_ = size_;
            if (!refill()) {
                return error_ == 0;
            }
        }
    }

private:
    // The first line feed in [begin, end), or end. memchr, not std::find, which goes a byte
    // at a time: a batch reads every byte of its input here.
    static const char* find_newline(const char* begin, const char* end)
    {
        const void* found = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
        return found != nullptr ? static_cast<const char*>(found) : end;
    }

    static Status finish(std::string& line, bool too_long)
    {
        if (too_long) {
            return Status::too_long;
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        return Status::line;
    }

    bool refill()
    {
        pos_ = 0;
        size_ = 0;
        if (ended_) {
            return false; // a terminal would wait for a second Ctrl-D
        }
        const std::ptrdiff_t got = stream_->read(buffer_.data(), buffer_.size(), error_);
        if (got < 0) {
            return false; // error_ says why: never taken for the end
        }
        size_ = static_cast<std::size_t>(got);
        ended_ = size_ == 0;
        return size_ > 0;
    }

    std::unique_ptr<ByteStream> stream_;
    std::size_t max_line_;
    std::array<char, std::size_t{1} << 16> buffer_{};
    std::size_t pos_ = 0;
    std::size_t size_ = 0;
    std::size_t number_ = 0;
    bool partial_ = false;
    bool ended_ = false; // the stream said it ended: it is not read again
    int error_ = 0;      // errno of a failed read
};

std::string_view without_bom(std::string_view text)
{
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

std::string size_message(const ReadLimits& limits)
{
    return fmt::format("is larger than the {} a spec may be (--max-file-size)",
                       describe_size(limits.max_document_bytes));
}

bool has_extension(const fs::path& path, std::initializer_list<const char*> extensions)
{
    const std::string extension = text::ascii_lower(path.extension().string());
    return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return extension == e; });
}

// Whether a document found in a folder is meant as a spec: an object with a `spec_version`
// (a rules file's test cases hold specs below the top). One that cannot be parsed counts as a
// spec, so that its problems are reported. Most files that are not specs never name the key,
// and are passed over without being parsed.
bool is_spec(const SpecText& text)
{
    if (text.text.find("spec_version") == std::string::npos) {
        return false;
    }
    const DocumentResult document = parse_document(text.text, text.file, text.format);
    return !document.value || (document.value->root.is_object() && document.value->root.contains("spec_version"));
}

SpecInput read_document_file(const std::string& path, const Run& run)
{
    FileText file = run.files().read_file(path, run.limits().max_document_bytes);
    if (!file.text) {
        return SpecInput{std::nullopt, *file.error};
    }
    const DocumentFormat format = detect_format(path, *file.text);
    return SpecInput{SpecText{path, 0, std::move(*file.text), format, std::move(file.linked_to)}, std::nullopt};
}

// Where a spec's `dataset` is: relative to the spec's folder, or to the working folder for
// a spec read from standard input.
std::string dataset_path(const std::string& spec_file, const std::string& dataset)
{
    const fs::path path(dataset);
    if (path.is_absolute() || spec_file.empty() || spec_file == k_stdin_name || spec_file == "-") {
        return dataset;
    }
    return (fs::path(spec_file).parent_path() / path).lexically_normal().string();
}

// Reads the spec's `dataset` into spec.measured, or says why it could not, at the field.
std::optional<Diagnostic> measure_spec_dataset(Spec& spec, const SpecText& text, const Rules& rules, const Run& run)
{
    const std::string path = dataset_path(text.file, *spec.dataset);
    const std::uint64_t max_tokens =
        rules.training ? static_cast<std::uint64_t>(rules.training->max_example_tokens) : k_default_max_tokens;
    const DatasetResult& result = run.measure(path, max_tokens);
    if (result.stats) {
        const DatasetStats& stats = *result.stats;
        auto n = [](std::uint64_t count) { return static_cast<double>(count); };
        spec.measured = MeasuredDataset{path,
                                        n(stats.examples),
                                        n(stats.examples_valid),
                                        n(stats.examples_clean),
                                        n(stats.format_errors),
                                        n(stats.duplicates),
                                        n(stats.empty),
                                        n(stats.too_long),
                                        n(stats.clean_tokens),
                                        n(stats.tokens.max())};
        return std::nullopt;
    }
    std::string message = path == *spec.dataset
                              ? fmt::format("{}: {}", path, result.error->message)
                              : fmt::format("{} (read as {}): {}", *spec.dataset, path, result.error->message);
    DocumentResult document = parse_document(text.text, text.file, text.format);
    Diagnostic diagnostic = document.value ? document.value->diagnose("dataset", std::move(message))
                                           : Diagnostic{text.file, {}, "dataset", std::move(message), {}};
    if (text.line > 0) {
        diagnostic.location.line = static_cast<int>(text.line) + std::max(diagnostic.location.line, 1) - 1;
    }
    return diagnostic;
}

} // namespace

SpecOutcome evaluate_spec_text(SpecText& text, const Rules& rules, const EvaluateOptions& options, const Run& run)
{
    SpecOutcome outcome;
    outcome.file = text.file;
    outcome.line = text.line;
    std::optional<Spec> spec;
    if (text.format == DocumentFormat::json) {
        spec = read_plain_json_spec(text.text, text.file, rules);
    }
    if (!spec) {
        DocumentResult document = parse_document(text.text, text.file, text.format);
        if (document.value) {
            SpecResult result = parse_spec(*document.value, rules);
            spec = std::move(result.value);
            outcome.diagnostics = std::move(result.diagnostics);
        } else {
            outcome.diagnostics = std::move(document.diagnostics);
        }
    }
    if (spec) {
        spec->line = text.line;
        std::optional<Diagnostic> problem;
        if (spec->dataset) {
            problem = measure_spec_dataset(*spec, text, rules, run);
        }
        if (!problem) {
            outcome.evaluation = evaluate(*spec, rules, options);
            return outcome;
        }
        outcome.diagnostics.push_back(std::move(*problem));
    } else if (text.line > 0) {
        // The line was parsed as a document of its own; report the stream's line.
        for (Diagnostic& diagnostic : outcome.diagnostics) {
            diagnostic.location.line = static_cast<int>(text.line) + std::max(diagnostic.location.line, 1) - 1;
        }
    }
    withhold_linked_problems(outcome.diagnostics, text.file, static_cast<int>(text.line), text.linked_to, "spec");
    return outcome;
}

SpecOutcome evaluate_spec_input(SpecInput& input, const Rules& rules, const EvaluateOptions& options, const Run& run)
{
    if (input.spec) {
        return evaluate_spec_text(*input.spec, rules, options, run);
    }
    SpecOutcome outcome;
    outcome.file = input.error->file;
    outcome.diagnostics.push_back(std::move(*input.error));
    return outcome;
}

struct SpecInputs::State {
    State(std::vector<std::string> paths_, const Run& run_) : paths(std::move(paths_)), run(run_) {}

    std::vector<std::string> paths;
    const Run& run;
    std::size_t index = 0;
    bool stdin_read = false;
    std::deque<FolderFile> folder_files; // still to read, in order (links: reported, not read)
    std::unique_ptr<LineReader> lines;   // reads a JSON Lines file or standard input
    std::string lines_name;
    std::string lines_linked_to;      // FileText::linked_to of the JSON Lines file
    std::vector<std::string> skipped; // folder files that are not specs
    std::size_t yielded = 0;          // specs and problems next() has given

    // The next spec or problem (SpecInputs::next).
    std::optional<SpecInput> next();

    // The next non-blank line of the JSON Lines stream as a spec, or nothing at its end.
    std::optional<SpecInput> next_line()
    {
        std::string line;
        for (;;) {
            const LineReader::Status status = lines->next(line);
            if (status == LineReader::Status::end) {
                lines.reset();
                return std::nullopt;
            }
            if (status == LineReader::Status::failed) {
                Diagnostic failure{
                    lines_name, Location{static_cast<int>(lines->number() + 1), 0}, {}, lines->error(), {}};
                lines.reset();
                return SpecInput{std::nullopt, std::move(failure)};
            }
            if (status == LineReader::Status::too_long) {
                return SpecInput{std::nullopt, Diagnostic{lines_name,
                                                          Location{static_cast<int>(lines->number()), 0},
                                                          {},
                                                          "line " + size_message(run.limits()),
                                                          {}}};
            }
            if (!text::is_blank(line)) {
                return SpecInput{
                    SpecText{lines_name, lines->number(), std::move(line), DocumentFormat::json, lines_linked_to},
                    std::nullopt};
            }
        }
    }

    // Standard input: JSON Lines when its first non-blank line is a JSON object on its own,
    // else one document.
    std::optional<SpecInput> open_stdin()
    {
        lines = std::make_unique<LineReader>(run.files().standard_input(), run.limits().max_document_bytes);
        lines_name = k_stdin_name;
        std::string consumed; // the lines read while deciding, for a whole document
        std::string line;
        for (;;) {
            const LineReader::Status status = lines->next(line);
            if (status == LineReader::Status::end) {
                break;
            }
            if (status == LineReader::Status::failed) {
                Diagnostic failure{k_stdin_name, {}, {}, lines->error(), {}};
                lines.reset();
                return SpecInput{std::nullopt, std::move(failure)};
            }
            if (status == LineReader::Status::too_long) {
                lines.reset();
                return SpecInput{std::nullopt, Diagnostic{k_stdin_name, {}, {}, size_message(run.limits()), {}}};
            }
            const std::string_view text = lines->number() == 1 ? without_bom(line) : std::string_view(line);
            const std::size_t start = text.find_first_not_of(" \t\r\f\v");
            if (start != std::string_view::npos && text[start] == '{' && nlohmann::json::accept(text)) {
                return SpecInput{SpecText{k_stdin_name, lines->number(), std::string(text), DocumentFormat::json},
                                 std::nullopt};
            }
            consumed += line;
            consumed += '\n';
            if (start != std::string_view::npos) {
                break;
            }
        }
        const bool whole = lines->rest(consumed);
        const std::string message = lines->failed() ? lines->error() : size_message(run.limits());
        lines.reset();
        if (!whole) {
            return SpecInput{std::nullopt, Diagnostic{k_stdin_name, {}, {}, message, {}}};
        }
        const DocumentFormat format = detect_format("", consumed);
        return SpecInput{SpecText{k_stdin_name, 0, std::move(consumed), format}, std::nullopt};
    }

    std::optional<SpecInput> open_json_lines(const std::string& path)
    {
        OpenFile file = run.files().open(path);
        if (!file.stream) {
            return SpecInput{std::nullopt, std::move(file.error)};
        }
        lines = std::make_unique<LineReader>(std::move(file.stream), run.limits().max_document_bytes);
        lines_name = path;
        lines_linked_to = std::move(file.linked_to);
        return std::nullopt;
    }

    // Whether a JSON Lines file found in a folder holds specs rather than, say, a training set:
    // its first line that is not blank is an object with a `spec_version`, or cannot be read
    // as JSON (so that its problems are reported). An empty file holds none.
    bool holds_specs(const std::string& path) const
    {
        OpenFile file = run.files().open(path);
        if (!file.stream) {
            return true; // the error is reported when it is opened again
        }
        LineReader reader(std::move(file.stream), run.limits().max_document_bytes);
        std::string line;
        for (;;) {
            const LineReader::Status status = reader.next(line);
            if (status == LineReader::Status::end) {
                return false;
            }
            if (status != LineReader::Status::line) {
                return true;
            }
            if (text::is_blank(line)) {
                continue;
            }
            if (line.find("spec_version") == std::string::npos) {
                return false;
            }
            const nlohmann::json first = nlohmann::json::parse(line, nullptr, false);
            return first.is_discarded() || (first.is_object() && first.contains("spec_version"));
        }
    }

    std::optional<SpecInput> open_folder(const std::string& folder)
    {
        FolderListing listing =
            run.files().list(folder, {".json", ".yaml", ".yml", ".jsonl", ".ndjson"}, Recursive::yes);
        folder_files.insert(folder_files.end(), listing.files.begin(), listing.files.end());
        if (listing.error) {
            return SpecInput{std::nullopt, std::move(listing.error)};
        }
        return std::nullopt;
    }
};

SpecInputs::SpecInputs(std::vector<std::string> paths, const Run& run)
    : state_(std::make_unique<State>(std::move(paths), run))
{
}

SpecInputs::~SpecInputs() = default;

const std::vector<std::string>& SpecInputs::skipped() const
{
    return state_->skipped;
}

bool SpecInputs::ready() const
{
    return !state_->lines || state_->lines->ready();
}

std::optional<SpecInput> SpecInputs::next()
{
    std::optional<SpecInput> input = state_->next();
    state_->yielded += input ? 1U : 0U;
    return input;
}

std::size_t SpecInputs::yielded() const
{
    return state_->yielded;
}

std::optional<SpecInput> SpecInputs::State::next()
{
    State& s = *this;
    for (;;) {
        // A JSON Lines stream open (named, or found in a folder) is read to its end first.
        if (s.lines) {
            if (std::optional<SpecInput> input = s.next_line()) {
                return input;
            }
            continue;
        }
        if (!s.folder_files.empty()) {
            const FolderFile entry = std::move(s.folder_files.front());
            s.folder_files.pop_front();
            if (entry.link) {
                return SpecInput{std::nullopt, Diagnostic{entry.path, {}, {}, k_link_in_folder, {}}};
            }
            if (has_extension(entry.path, {".jsonl", ".ndjson"})) {
                if (!s.holds_specs(entry.path)) {
                    s.skipped.push_back(entry.path);
                    continue;
                }
                if (std::optional<SpecInput> problem = s.open_json_lines(entry.path)) {
                    return problem;
                }
                continue;
            }
            SpecInput input = read_document_file(entry.path, s.run);
            if (input.spec && !is_spec(*input.spec)) {
                s.skipped.push_back(entry.path);
                continue;
            }
            return input;
        }
        if (s.index == s.paths.size()) {
            return std::nullopt;
        }
        const std::string& path = s.paths[s.index++];
        std::optional<SpecInput> input;
        if (path == "-") {
            if (s.stdin_read) {
                input = SpecInput{
                    std::nullopt,
                    Diagnostic{k_stdin_name, {}, {}, "standard input is named more than once; it is read once", {}}};
            } else {
                s.stdin_read = true;
                input = s.open_stdin();
            }
        } else if (s.run.files().kind(path) == PathKind::folder) {
            input = s.open_folder(path);
        } else if (has_extension(path, {".jsonl", ".ndjson"})) {
            input = s.open_json_lines(path);
        } else {
            input = read_document_file(path, s.run);
        }
        if (input) {
            return input;
        }
    }
}

} // namespace ftadvisor
