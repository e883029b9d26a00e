#include "ftadvisor/batch.hpp"

#include "ftadvisor/dataset.hpp"
#include "ftadvisor/spec.hpp"
#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

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
    // Reads `in`, through standard input's descriptor when `in` is std::cin.
    explicit LineReader(std::istream& in) : in_(&in), fd_(&in == &std::cin ? STDIN_FILENO : -1) {}

    // Reads the open descriptor `fd`, and closes it when done.
    explicit LineReader(int fd) : fd_(fd), owns_fd_(true) {}

    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    ~LineReader()
    {
        if (owns_fd_) {
            ::close(fd_);
        }
    }

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
                if (line.size() + taken > max_document_bytes()) {
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

    // Whether a whole line is already buffered, so next() will not wait for input.
    bool has_line() const
    {
        return find_newline(buffer_.data() + pos_, buffer_.data() + size_) != buffer_.data() + size_;
    }

    // Everything not read yet, appended to `out`; false if that would pass the limit or the
    // stream could not be read (error() says so then).
    bool rest(std::string& out)
    {
        for (;;) {
            if (out.size() + (size_ - pos_) > max_document_bytes()) {
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
        if (fd_ < 0) {
            size_ = static_cast<std::size_t>(
                in_->rdbuf()->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size())));
            return size_ > 0;
        }
        for (;;) {
            const ssize_t got = ::read(fd_, buffer_.data(), buffer_.size());
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !owns_fd_) {
                // Standard input left non-blocking by whoever started us: wait for data. A
                // file we opened ourselves that would block is an error instead.
                pollfd request{fd_, POLLIN, 0};
                if (::poll(&request, 1, -1) >= 0 || errno == EINTR) {
                    continue;
                }
            }
            if (got < 0) {
                error_ = errno; // EIO, EISDIR, ...: said, never taken for the end
                return false;
            }
            size_ = static_cast<std::size_t>(got);
            return size_ > 0;
        }
    }

    std::istream* in_ = nullptr; // read through its buffer when `fd_` is -1
    int fd_;
    bool owns_fd_ = false;
    std::array<char, std::size_t{1} << 16> buffer_{};
    std::size_t pos_ = 0;
    std::size_t size_ = 0;
    std::size_t number_ = 0;
    bool partial_ = false;
    int error_ = 0; // errno of a failed read
};

std::string_view without_bom(std::string_view text)
{
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

std::string size_message()
{
    return fmt::format("is larger than the {} a spec may be (--max-file-size)", describe_size(max_document_bytes()));
}

bool has_extension(const fs::path& path, std::initializer_list<const char*> extensions)
{
    const std::string extension = path.extension().string();
    return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return extension == e; });
}

SpecInput read_document_file(const std::string& path)
{
    FileText file = read_file(path);
    if (!file.text) {
        return SpecInput{std::nullopt, *file.error};
    }
    const DocumentFormat format = detect_format(path, *file.text);
    return SpecInput{SpecText{path, 0, std::move(*file.text), format}, std::nullopt};
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

// Measures each training set once per run, however many specs name it.
const DatasetResult& measure_once(const std::string& path, std::uint64_t max_tokens)
{
    struct Entry {
        std::once_flag once;
        DatasetResult result;
    };
    static std::mutex mutex;
    static std::map<std::pair<std::string, std::uint64_t>, std::shared_ptr<Entry>> entries;
    std::shared_ptr<Entry> entry;
    {
        std::lock_guard lock(mutex);
        auto& slot = entries[{path, max_tokens}];
        if (!slot) {
            slot = std::make_shared<Entry>();
        }
        entry = slot;
    }
    std::call_once(entry->once, [&] {
        DatasetOptions options;
        options.max_tokens = max_tokens;
        options.errors_listed = 0;
        options.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
        entry->result = measure_dataset(path, options);
    });
    return entry->result;
}

// Reads the spec's `dataset` into spec.measured, or says why it could not, at the field.
std::optional<Diagnostic> measure_spec_dataset(Spec& spec, const SpecText& text, const Rules& rules)
{
    const std::string path = dataset_path(text.file, *spec.dataset);
    const std::uint64_t max_tokens =
        rules.training ? static_cast<std::uint64_t>(rules.training->max_example_tokens) : k_default_max_tokens;
    const DatasetResult& result = measure_once(path, max_tokens);
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
                                        n(stats.clean_tokens)};
        return std::nullopt;
    }
    std::string message = path == *spec.dataset
                              ? fmt::format("{}: {}", path, result.error->message)
                              : fmt::format("{} (read as {}): {}", *spec.dataset, path, result.error->message);
    DocumentResult document = parse_document(text.text, text.file, text.format);
    Diagnostic diagnostic = document.document ? document.document->diagnose("dataset", std::move(message))
                                              : Diagnostic{text.file, {}, "dataset", std::move(message), {}};
    if (text.line > 0) {
        diagnostic.location.line = static_cast<int>(text.line) + std::max(diagnostic.location.line, 1) - 1;
    }
    return diagnostic;
}

} // namespace

SpecOutcome evaluate_spec_text(SpecText& text, const Rules& rules, const EvaluateOptions& options)
{
    SpecOutcome outcome;
    std::optional<Spec> spec;
    if (text.format == DocumentFormat::json) {
        spec = read_plain_json_spec(text.text, text.file, rules);
    }
    if (!spec) {
        DocumentResult document = parse_document(text.text, text.file, text.format);
        if (document.document) {
            SpecResult result = parse_spec(*document.document, rules);
            spec = std::move(result.spec);
            outcome.diagnostics = std::move(result.diagnostics);
        } else {
            outcome.diagnostics = std::move(document.diagnostics);
        }
    }
    if (spec) {
        spec->line = text.line;
        if (spec->dataset) {
            if (auto problem = measure_spec_dataset(*spec, text, rules)) {
                outcome.diagnostics.push_back(std::move(*problem));
                return outcome;
            }
        }
        outcome.evaluation = evaluate(*spec, rules, options);
        return outcome;
    }
    if (text.line > 0) {
        // The line was parsed as a document of its own; report the stream's line.
        for (Diagnostic& diagnostic : outcome.diagnostics) {
            diagnostic.location.line = static_cast<int>(text.line) + std::max(diagnostic.location.line, 1) - 1;
        }
    }
    return outcome;
}

struct SpecInputs::State {
    State(std::vector<std::string> paths_, std::istream& in_) : paths(std::move(paths_)), in(in_) {}

    std::vector<std::string> paths;
    std::istream& in;
    std::size_t index = 0;
    bool stdin_read = false;
    struct FolderEntry {
        std::string path;
        bool link = false; // a symbolic link: reported, not read
    };
    std::deque<FolderEntry> folder_files; // still to read, in order
    std::unique_ptr<LineReader> lines;    // reads a JSON Lines file or `in`
    std::string lines_name;
    bool reading_stdin = false; // `lines` reads standard input, which may be a slow pipe

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
                return SpecInput{
                    std::nullopt,
                    Diagnostic{
                        lines_name, Location{static_cast<int>(lines->number()), 0}, {}, "line " + size_message(), {}}};
            }
            if (!text::is_blank(line)) {
                return SpecInput{SpecText{lines_name, lines->number(), std::move(line), DocumentFormat::json},
                                 std::nullopt};
            }
        }
    }

    // Standard input: JSON Lines when its first non-blank line is a JSON object on its own,
    // else one document.
    std::optional<SpecInput> open_stdin()
    {
        lines = std::make_unique<LineReader>(in);
        lines_name = k_stdin_name;
        reading_stdin = true;
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
                return SpecInput{std::nullopt, Diagnostic{k_stdin_name, {}, {}, size_message(), {}}};
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
        const std::string message = lines->failed() ? lines->error() : size_message();
        lines.reset();
        if (!whole) {
            return SpecInput{std::nullopt, Diagnostic{k_stdin_name, {}, {}, message, {}}};
        }
        const DocumentFormat format = detect_format("", consumed);
        return SpecInput{SpecText{k_stdin_name, 0, std::move(consumed), format}, std::nullopt};
    }

    std::optional<SpecInput> open_json_lines(const std::string& path)
    {
        std::error_code error;
        if (!fs::is_regular_file(path, error)) {
            return read_document_file(path); // for read_file's message
        }
        // Without blocking, as every file is read (docs/security.md): a file that waits for
        // data is a read error, not a hang.
        const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            return SpecInput{std::nullopt,
                             Diagnostic{path, {}, {}, fmt::format("cannot open: {}", std::strerror(errno)), {}}};
        }
        lines = std::make_unique<LineReader>(fd);
        lines_name = path;
        return std::nullopt;
    }

    std::optional<SpecInput> open_folder(const std::string& folder)
    {
        std::vector<FolderEntry> found;
        std::error_code error;
        fs::recursive_directory_iterator it(folder, fs::directory_options::none, error);
        for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
            std::error_code status_error;
            if (!has_extension(it->path(), {".json", ".yaml", ".yml"})) {
                continue;
            }
            // A link in a folder (which may come from a pull request) could point anywhere,
            // and a spec's problems print its lines: links are reported, not followed.
            if (it->is_symlink(status_error)) {
                found.push_back(FolderEntry{it->path().string(), true});
            } else if (it->is_regular_file(status_error)) {
                found.push_back(FolderEntry{it->path().string(), false});
            }
        }
        std::sort(found.begin(), found.end(),
                  [](const FolderEntry& a, const FolderEntry& b) { return a.path < b.path; });
        folder_files.insert(folder_files.end(), found.begin(), found.end());
        if (error) {
            return SpecInput{
                std::nullopt,
                Diagnostic{folder, {}, {}, fmt::format("cannot read the folder: {}", error.message()), {}}};
        }
        return std::nullopt;
    }
};

SpecInputs::SpecInputs(std::vector<std::string> paths, std::istream& in)
    : state_(std::make_unique<State>(std::move(paths), in))
{
}

SpecInputs::~SpecInputs() = default;

bool SpecInputs::ready() const
{
    const State& s = *state_;
    if (!s.lines || !s.reading_stdin || s.lines->has_line()) {
        return true;
    }
    // Standard input may be a pipe fed now and then: ready only if there is something to read.
    pollfd request{STDIN_FILENO, POLLIN, 0};
    return ::poll(&request, 1, 0) > 0;
}

std::optional<SpecInput> SpecInputs::next()
{
    State& s = *state_;
    for (;;) {
        if (!s.folder_files.empty()) {
            const State::FolderEntry entry = std::move(s.folder_files.front());
            s.folder_files.pop_front();
            if (entry.link) {
                return SpecInput{std::nullopt,
                                 Diagnostic{entry.path,
                                            {},
                                            {},
                                            "is a symbolic link; links inside a folder are not followed (name the "
                                            "file itself to read it)",
                                            {}}};
            }
            return read_document_file(entry.path);
        }
        if (s.lines) {
            if (std::optional<SpecInput> input = s.next_line()) {
                return input;
            }
            continue;
        }
        if (s.index == s.paths.size()) {
            return std::nullopt;
        }
        const std::string& path = s.paths[s.index++];
        std::optional<SpecInput> input;
        std::error_code error;
        if (path == "-") {
            if (s.stdin_read) {
                input = SpecInput{
                    std::nullopt,
                    Diagnostic{k_stdin_name, {}, {}, "standard input is named more than once; it is read once", {}}};
            } else {
                s.stdin_read = true;
                input = s.open_stdin();
            }
        } else if (fs::is_directory(path, error)) {
            input = s.open_folder(path);
        } else if (has_extension(path, {".jsonl", ".ndjson"})) {
            input = s.open_json_lines(path);
        } else {
            input = read_document_file(path);
        }
        if (input) {
            return input;
        }
    }
}

} // namespace ftadvisor
