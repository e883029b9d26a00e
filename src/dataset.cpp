#include "ftadvisor/dataset.hpp"

#include "dataset_parts.hpp"
#include "parallel.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_set>

namespace ftadvisor {

using namespace dataset_detail;

// --- Stats ------------------------------------------------------------------------------------

bool DatasetStats::mixed_formats() const
{
    return std::count_if(formats.begin(), formats.end(), [](std::uint64_t n) { return n > 0; }) > 1;
}

void DatasetStats::add(const DatasetStats& other)
{
    bytes += other.bytes;
    lines += other.lines;
    blank_lines += other.blank_lines;
    examples += other.examples;
    examples_valid += other.examples_valid;
    examples_clean += other.examples_clean;
    duplicates += other.duplicates;
    empty += other.empty;
    too_long += other.too_long;
    nothing_to_learn += other.nothing_to_learn;
    images += other.images;
    format_errors += other.format_errors;
    for (std::size_t i = 0; i < errors_by_kind.size(); ++i) {
        errors_by_kind[i] += other.errors_by_kind[i];
    }
    for (std::size_t i = 0; i < formats.size(); ++i) {
        formats[i] += other.formats[i];
    }
    tokens.merge(other.tokens);
    clean_tokens += other.clean_tokens;
    byte_order_mark = byte_order_mark || other.byte_order_mark;
    crlf_lines += other.crlf_lines;
    final_newline = final_newline && other.final_newline;
}

// --- A whole file -----------------------------------------------------------------------------

namespace {

constexpr std::size_t k_chunk_bytes = std::size_t{4} << 20;

// A run of whole lines, followed by SIMDJSON_PADDING spare bytes; or one line over the limit,
// skipped unread.
struct Chunk {
    std::vector<char> data;
    std::size_t size = 0;
    std::uint64_t end_offset = 0;     // bytes of the file read once this chunk is done
    std::uint64_t overlong_bytes = 0; // non-zero: a skipped line of this many bytes
};

struct Record {
    std::uint64_t hash = 0;
    std::uint64_t tokens = 0;
    LineAnalysis::Status status = LineAnalysis::Status::blank;
    std::uint8_t format_or_error = 0;
    bool empty_reply = false;
    bool nothing_to_learn = false;
    bool crlf = false;
    std::uint32_t images = 0;
};

struct ChunkResult {
    std::vector<Record> records;
    std::vector<std::pair<std::size_t, std::string>> details; // record index, detail; the first few
    std::uint64_t end_offset = 0;
};

ChunkResult analyze_chunk(const Chunk& chunk, std::size_t details_kept, std::uint64_t max_line_bytes)
{
    ChunkResult result;
    result.end_offset = chunk.end_offset;
    if (chunk.overlong_bytes > 0) {
        Record record;
        record.status = LineAnalysis::Status::invalid;
        record.format_or_error = static_cast<std::uint8_t>(DataErrorKind::line_too_long);
        result.records.push_back(record);
        result.details.emplace_back(0, fmt::format("a line of {} bytes, skipped", chunk.overlong_bytes));
        return result;
    }
    const char* begin = chunk.data.data();
    const char* end = begin + chunk.size;
    while (begin < end) {
        const char* newline = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
        const char* line_end = newline != nullptr ? newline : end;
        Record record;
        std::size_t length = static_cast<std::size_t>(line_end - begin);
        if (length > 0 && begin[length - 1] == '\r') {
            record.crlf = true;
            --length;
        }
        LineAnalysis analysis;
        if (length > max_line_bytes) {
            analysis.status = LineAnalysis::Status::invalid;
            analysis.error = DataErrorKind::line_too_long;
            analysis.detail = fmt::format("a line of {} bytes, skipped", length);
        } else {
            analysis = analyze_padded(std::string_view(begin, length));
        }
        record.status = analysis.status;
        if (analysis.status == LineAnalysis::Status::valid) {
            record.format_or_error = static_cast<std::uint8_t>(analysis.format);
            record.hash = analysis.hash;
            record.tokens = analysis.tokens;
            record.empty_reply = analysis.empty_reply;
            record.nothing_to_learn = analysis.nothing_to_learn;
            record.images = analysis.images;
        } else if (analysis.status == LineAnalysis::Status::invalid) {
            record.format_or_error = static_cast<std::uint8_t>(analysis.error);
            if (result.details.size() < details_kept) {
                result.details.emplace_back(result.records.size(), std::move(analysis.detail));
            }
        }
        result.records.push_back(record);
        begin = newline != nullptr ? newline + 1 : end;
    }
    return result;
}

std::string too_big_message(std::uint64_t max_bytes)
{
    return fmt::format("is larger than the {} a training set may be (--max-dataset-size)",
                       describe_size(static_cast<std::size_t>(max_bytes)));
}

// Hands out the file in chunks of whole lines.
class ChunkReader {
public:
    ChunkReader(ByteStream& file, std::uint64_t max_line_bytes, std::uint64_t max_bytes, DatasetStats& stats)
        : m_file(file), m_max_line(max_line_bytes), m_max_bytes(max_bytes), m_stats(stats)
    {
    }

    std::optional<Chunk> next()
    {
        for (;;) {
            if (m_eof && m_pending.empty()) {
                return std::nullopt;
            }
            const auto newline = std::find(m_pending.rbegin(), m_pending.rend(), '\n');
            const bool has_newline = newline != m_pending.rend();
            if (has_newline && (m_pending.size() >= k_chunk_bytes || m_eof)) {
                const std::size_t cut = static_cast<std::size_t>(m_pending.rend() - newline);
                return take(cut);
            }
            if (m_eof) {
                return take(m_pending.size()); // the last line, without a line end
            }
            if (!has_newline && m_pending.size() > m_max_line) {
                return skip_line();
            }
            fill();
        }
    }

    bool failed() const { return m_error != 0; }
    // The file's first bytes (after a byte-order mark), up to k_head_bytes: what the file is,
    // when no line of it was an example.
    const std::string& head() const { return m_head; }
    static constexpr std::size_t k_head_bytes = 4096;
    // Reading stopped at DatasetOptions::max_bytes (a file that claims a small size, or none,
    // can still hold more: /proc/self/pagemap reads as 256 GiB).
    bool too_big() const { return m_too_big; }
    int error() const { return m_error; }

private:
    void fill()
    {
        const std::size_t old = m_pending.size();
        m_pending.resize(old + k_chunk_bytes);
        std::size_t got = 0;
        while (got < k_chunk_bytes) {
            int error = 0;
            const std::ptrdiff_t read = m_file.read(m_pending.data() + old + got, k_chunk_bytes - got, error);
            if (read <= 0) {
                m_error = read < 0 ? error : 0;
                m_eof = true;
                break;
            }
            got += static_cast<std::size_t>(read);
        }
        m_pending.resize(old + got);
        m_read += got;
        if (m_read > m_max_bytes) {
            m_too_big = true;
            m_eof = true;
            m_pending.clear();
            return;
        }
        if (m_at_start && !m_pending.empty()) {
            m_at_start = false;
            m_stats.final_newline = true;
            if (m_pending.size() >= 3 && std::memcmp(m_pending.data(), "\xEF\xBB\xBF", 3) == 0) {
                m_stats.byte_order_mark = true;
                m_pending.erase(m_pending.begin(), m_pending.begin() + 3);
                m_offset += 3;
            }
            m_head.assign(m_pending.data(), std::min(m_pending.size(), k_head_bytes));
        }
        if (got > 0) {
            m_stats.final_newline = m_pending.back() == '\n';
        }
    }

    Chunk take(std::size_t size)
    {
        Chunk chunk;
        std::vector<char> rest(m_pending.begin() + static_cast<std::ptrdiff_t>(size), m_pending.end());
        chunk.data = std::move(m_pending);
        chunk.data.resize(size + simdjson::SIMDJSON_PADDING);
        chunk.size = size;
        m_offset += size;
        chunk.end_offset = m_offset;
        m_pending = std::move(rest);
        m_pending.reserve(k_chunk_bytes * 2);
        return chunk;
    }

    // Drops a line over the limit as it is read, keeping only its length.
    Chunk skip_line()
    {
        std::uint64_t skipped = m_pending.size();
        m_pending.clear();
        for (;;) {
            fill();
            const auto newline = std::find(m_pending.begin(), m_pending.end(), '\n');
            if (newline != m_pending.end() || m_eof) {
                const std::size_t used =
                    static_cast<std::size_t>(newline - m_pending.begin()) + (newline != m_pending.end() ? 1 : 0);
                skipped += used;
                m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(used));
                break;
            }
            skipped += m_pending.size();
            m_pending.clear();
        }
        m_offset += skipped;
        Chunk chunk;
        chunk.overlong_bytes = skipped;
        chunk.end_offset = m_offset;
        return chunk;
    }

    ByteStream& m_file;
    std::uint64_t m_max_line;
    std::uint64_t m_max_bytes;
    std::uint64_t m_read = 0;
    bool m_too_big = false;
    DatasetStats& m_stats;
    std::vector<char> m_pending;
    std::uint64_t m_offset = 0;
    bool m_eof = false;
    bool m_at_start = true;
    int m_error = 0;
    std::string m_head;
};

Diagnostic file_error(const std::string& path, std::string message)
{
    return Diagnostic{path, {}, {}, std::move(message), {}};
}

// What a file that is not JSON Lines is instead, from its first bytes and first error, said
// with what to do: a JSON array (its first line an error that starts with '['), or, where
// fewer lines are examples than errors, JSON objects spread over several lines (a pretty-printed
// export) or CSV or TSV. Nothing otherwise: the errors are counted as usual.
std::optional<Diagnostic> file_shape(const std::string& path, std::string_view head, const DatasetStats& stats)
{
    if (stats.first_errors.empty()) {
        return std::nullopt;
    }
    const std::size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view before = head.substr(0, start);
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    const Location at{line, static_cast<int>(start - line_start) + 1};
    const DataError& first = stats.first_errors.front();
    if (first.line != static_cast<std::uint64_t>(line)) {
        return std::nullopt; // the file's first line is an example
    }
    if (head[start] == '[') {
        return Diagnostic{path,
                          at,
                          {},
                          "the file is a JSON array, not JSON Lines: a training set holds one JSON object a line. "
                          "Write each element on a line of its own, for example with jq -c '.[]' FILE > train.jsonl",
                          {}};
    }
    if (stats.examples_valid >= stats.format_errors) {
        return std::nullopt;
    }
    if (head[start] == '{' && first.kind == DataErrorKind::not_json) {
        return Diagnostic{path,
                          at,
                          {},
                          "the file holds JSON objects spread over several lines (pretty-printed), not JSON Lines: "
                          "each example must be one object on one line. Put each on a line of its own, for "
                          "example with jq -c . FILE > train.jsonl",
                          {}};
    }
    const std::string_view first_line = head.substr(start, head.find('\n', start) - start);
    const bool tabs = first_line.find('\t') != std::string_view::npos;
    if (first.kind == DataErrorKind::not_json && (tabs || first_line.find(',') != std::string_view::npos)) {
        return Diagnostic{path,
                          at,
                          {},
                          fmt::format("the file looks like {} (a header line and rows), not JSON Lines: a training "
                                      "set holds one JSON object a line, such as {{\"prompt\": \"...\", "
                                      "\"completion\": \"...\"}} or {{\"messages\": [...]}}. Convert each row to "
                                      "one such line",
                                      tabs ? "TSV" : "CSV"),
                          {}};
    }
    return std::nullopt;
}

} // namespace

// Long on purpose: the counts of docs/data.md, one per case of a line, in the order the document gives them.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
DatasetResult measure_dataset(const FileSystem& files, const std::string& path, const DatasetOptions& options)
{
    // Without blocking, and nothing but a regular file (io.hpp): a file that looks regular but
    // waits for data (/proc/kmsg) gives an error to report instead of a run that never ends.
    OpenFile file = files.open(path);
    if (!file.stream) {
        return {std::nullopt, std::move(file.error)};
    }
    const std::uint64_t size = file.size;

    DatasetStats stats;
    stats.file = path;
    if (size > options.max_bytes) {
        return {std::nullopt, file_error(path, too_big_message(options.max_bytes))};
    }
    ChunkReader reader(*file.stream, options.max_line_bytes, options.max_bytes, stats);
    std::unordered_set<std::uint64_t> seen;
    const std::size_t listed = options.errors_listed;

    auto sink = [&](ChunkResult& chunk) {
        std::size_t detail = 0;
        for (std::size_t i = 0; i < chunk.records.size(); ++i) {
            const Record& record = chunk.records[i];
            ++stats.lines;
            stats.crlf_lines += record.crlf ? 1 : 0;
            switch (record.status) {
            case LineAnalysis::Status::blank:
                ++stats.blank_lines;
                break;
            case LineAnalysis::Status::invalid: {
                ++stats.examples;
                ++stats.format_errors;
                ++stats.errors_by_kind[record.format_or_error];
                const bool has_detail = detail < chunk.details.size() && chunk.details[detail].first == i;
                if (stats.first_errors.size() < listed) {
                    stats.first_errors.push_back(
                        DataError{stats.lines, static_cast<DataErrorKind>(record.format_or_error),
                                  has_detail ? std::move(chunk.details[detail].second) : std::string()});
                }
                detail += has_detail ? 1 : 0;
                break;
            }
            case LineAnalysis::Status::valid: {
                ++stats.examples;
                ++stats.examples_valid;
                ++stats.formats[record.format_or_error];
                stats.tokens.add(record.tokens);
                const bool repeat = !seen.insert(record.hash).second;
                const bool too_long = record.tokens > options.max_tokens;
                stats.duplicates += repeat ? 1 : 0;
                stats.empty += record.empty_reply ? 1 : 0;
                stats.too_long += too_long ? 1 : 0;
                stats.nothing_to_learn += record.nothing_to_learn ? 1 : 0;
                stats.images += record.images;
                if (!repeat && !record.empty_reply && !too_long && !record.nothing_to_learn) {
                    ++stats.examples_clean;
                    stats.clean_tokens += record.tokens;
                }
                break;
            }
            }
        }
        if (options.progress) {
            options.progress(chunk.end_offset, size);
        }
    };
    ordered_parallel_map<Chunk, ChunkResult>(
        [&] { return reader.next(); }, [] { return true; }, [] {},
        [&](const Chunk& chunk) { return analyze_chunk(chunk, listed, options.max_line_bytes); }, sink,
        std::max(1u, options.threads), 1);

    if (reader.failed()) {
        return {std::nullopt, file_error(path, fmt::format("cannot read: {}", std::strerror(reader.error())))};
    }
    if (reader.too_big()) {
        return {std::nullopt, file_error(path, too_big_message(options.max_bytes))};
    }
    stats.bytes = size;
    if (size == 0) {
        stats.final_newline = true;
    }
    if (auto shape = file_shape(path, reader.head(), stats)) {
        return {std::nullopt, std::move(shape)};
    }
    return {std::move(stats), std::nullopt};
}

} // namespace ftadvisor
