#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/io.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// The layouts of a training example that the advisor recognises, one JSON object a line.
enum class ExampleFormat : std::uint8_t {
    chat,              // {"messages": [{"role": ..., "content": ...}, ...]}
    prompt_completion, // {"prompt": ..., "completion": ...}
    instruction,       // {"instruction": ..., "input": ..., "output": ...}
    conversations,     // {"conversations": [{"from": ..., "value": ...}, ...]}
    preference,        // {"input": {"messages": ...}, "preferred_output": [...], "non_preferred_output": [...]}
    gemini,            // {"contents": [{"role": "user", "parts": [{"text": ...}]}, {"role": "model", ...}]}
    prompt_response,   // {"prompt": ..., "response": ...}
    text,              // {"text": ...}: plain text, for continued pre-training
};
inline constexpr std::size_t k_example_format_count = 8;
static_assert(static_cast<std::size_t>(ExampleFormat::text) + 1 == k_example_format_count,
              "a new layout needs its count and its name (example_format_name)");

// "chat", "prompt_completion", "instruction" or "conversations": the names in the output.
const char* example_format_name(ExampleFormat format);

// Why a line is not a usable example. Each invalid line has exactly one: the first problem
// found. The names (data_error_name) are part of the JSON output.
enum class DataErrorKind : std::uint8_t {
    not_json,            // not valid JSON
    invalid_utf8,        // JSON text that is not valid UTF-8
    not_object,          // valid JSON, but not an object
    unknown_format,      // an object with none of the recognised layouts' keys
    ambiguous_format,    // keys of two layouts at once
    messages_not_list,   // `messages` or `conversations` is not a list
    messages_empty,      // ... or is an empty one
    message_not_object,  // an entry of that list is not an object
    message_missing_key, // a message without `role`/`content` (or `from`/`value`)
    message_unknown_key, // a message with a key no provider reads
    unknown_role,        // a role (or `from`) outside the known ones
    content_not_string,  // content that is not text, a list of content parts, or null
    bad_weight,          // a message `weight` other than 0 or 1
    no_assistant_turn,   // nothing for the model to learn to say
    missing_field,       // prompt/completion or instruction/output left out
    field_not_string,    // ... or not text
    line_too_long,       // a line over the length limit; skipped unread
    bad_tool_call,       // a tool call whose function.arguments is not a string of JSON
    bad_content_part,    // a content part the services refuse: its type, a missing text or image address
};
inline constexpr std::size_t k_data_error_kind_count = 19;
static_assert(static_cast<std::size_t>(DataErrorKind::bad_content_part) + 1 == k_data_error_kind_count,
              "a new kind needs its count and its name (data_error_name), and goes last");

const char* data_error_name(DataErrorKind kind);

// What one line holds, as analyze_line finds it.
struct LineAnalysis {
    enum class Status : std::uint8_t { blank, invalid, valid };
    Status status = Status::blank;
    ExampleFormat format = ExampleFormat::chat; // when valid
    DataErrorKind error = DataErrorKind::not_json;
    std::string detail;            // for an invalid line: what exactly, in a few words
    bool empty_reply = false;      // valid, but the reply to learn is empty or white space
    bool nothing_to_learn = false; // valid, but every assistant message has weight 0
    std::uint32_t images = 0;      // image parts, which `tokens` leaves out: images are priced apart
    std::uint64_t tokens = 0;      // estimated, when valid
    std::uint64_t hash = 0;        // of the example with its text's white space normalised
};

// The estimated number of tokens in `text` for a BPE tokenizer of the GPT-4 families. See
// docs/data.md for the method and its measured error.
std::uint64_t estimate_tokens(std::string_view text);

// Lengths of examples in tokens, kept exactly up to k_exact_tokens and in buckets about
// 1% wide above, so that percentiles of any number of examples take fixed memory.
class TokenHistogram {
public:
    static constexpr std::uint64_t k_exact_tokens = 4096;

    void add(std::uint64_t tokens);
    void merge(const TokenHistogram& other);

    std::uint64_t count() const { return m_count; }
    std::uint64_t total() const { return m_total; }
    std::uint64_t max() const { return m_max; }
    // The smallest length at or below which `fraction` of the examples lie (0 when empty);
    // exact up to k_exact_tokens and for the longest example, within 1% otherwise.
    std::uint64_t percentile(double fraction) const;

    struct Bar {
        std::uint64_t from = 0; // tokens, inclusive
        std::uint64_t to = 0;   // exclusive
        std::uint64_t count = 0;
    };
    // The distribution in power-of-two bands of tokens, from the shortest example's band to
    // the longest's.
    std::vector<Bar> bars() const;

private:
    static std::size_t bucket(std::uint64_t tokens);
    static std::uint64_t bucket_floor(std::size_t bucket);

    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
    std::uint64_t m_total = 0;
    std::uint64_t m_max = 0;
};

struct DataError {
    std::uint64_t line = 0;
    DataErrorKind kind = DataErrorKind::not_json;
    std::string detail;
};

// What a training set holds, counted line by line.
struct DatasetStats {
    std::string file; // as named; empty for a total
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0; // every line, blank ones included
    std::uint64_t blank_lines = 0;
    std::uint64_t examples = 0; // non-blank lines
    std::uint64_t examples_valid = 0;
    std::uint64_t examples_clean = 0;   // valid, not a repeat, not empty, within the limit, with something to learn
    std::uint64_t duplicates = 0;       // valid examples that repeat an earlier one
    std::uint64_t empty = 0;            // valid examples whose reply is empty or white space
    std::uint64_t too_long = 0;         // valid examples over the token limit
    std::uint64_t nothing_to_learn = 0; // valid examples whose every assistant message has weight 0
    std::uint64_t images = 0;           // image parts in valid examples (not in `tokens`)
    std::uint64_t format_errors = 0;    // invalid examples
    std::array<std::uint64_t, k_data_error_kind_count> errors_by_kind{};
    std::vector<DataError> first_errors;                         // in line order, at most DatasetOptions::errors_listed
    std::array<std::uint64_t, k_example_format_count> formats{}; // valid examples per layout
    TokenHistogram tokens;                                       // valid examples
    std::uint64_t clean_tokens = 0;                              // the clean examples' tokens: what training reads
    bool byte_order_mark = false;
    std::uint64_t crlf_lines = 0;
    bool final_newline = true;

    // More than one layout among the valid examples.
    bool mixed_formats() const;
    // Adds another file's counts (its errors' lines are its own, so they are not merged).
    void add(const DatasetStats& other);
};

// The longest example, in tokens, that is not counted as too long (--max-tokens).
inline constexpr std::uint64_t k_default_max_tokens = 65536;

// The largest training set read (--max-dataset-size): above the largest file any hosted
// service takes (Vertex AI's 1 GB, OpenAI's 512 MB), so only something that is no training
// set (a device, /proc/self/pagemap) is refused.
inline constexpr std::uint64_t k_default_max_dataset_bytes = ReadLimits{}.max_dataset_bytes;

// How a training set is measured.
struct DatasetOptions {
    std::uint64_t max_tokens = k_default_max_tokens;       // longer examples count as too long
    std::size_t errors_listed = 20;                        // how many errors are kept with their lines
    std::uint64_t max_line_bytes = 64u << 20;              // a longer line is an error, skipped unread
    std::uint64_t max_bytes = k_default_max_dataset_bytes; // a larger file is refused (--max-dataset-size)
    unsigned threads = 1;
    // Called now and then with the bytes read so far; for a progress bar.
    std::function<void(std::uint64_t done, std::uint64_t size)> progress;
};

// Classifies one line (without its line end). Thread-safe.
LineAnalysis analyze_line(std::string_view line);

// A training set's measurement, or why the file could not be read.
struct DatasetResult {
    std::optional<DatasetStats> stats;
    std::optional<Diagnostic> error; // the file could not be read: missing, not a regular file, ...
};

// Reads the JSON Lines file at `path` (through `files`) and counts what it holds. Memory stays bounded by the
// longest line and by 16 bytes for each distinct example (to find repeats), whatever the
// file's size. Anything but a regular file (a folder, a device, a FIFO) is refused.
DatasetResult measure_dataset(const FileSystem& files, const std::string& path, const DatasetOptions& options);

} // namespace ftadvisor

namespace ftadvisor {

// A `data stats` run: what each file holds, and the files that could not be read.
struct DatasetReport {
    std::vector<DatasetStats> files; // in the order named
    std::vector<Diagnostic> unreadable;
    DatasetStats total; // of the files read
    std::uint64_t max_tokens = k_default_max_tokens;
    std::size_t errors_listed = 20;
};

// The report as text, with a histogram of example lengths; `width` is the terminal's.
std::string render_dataset_text(const DatasetReport& report, bool color, int width);
// As JSON: the totals at the top level (the names of docs/data.md), then each file.
std::string render_dataset_json(const DatasetReport& report);
// As Markdown: a table of the files and their counts, then each file's errors.
std::string render_dataset_markdown(const DatasetReport& report);

} // namespace ftadvisor
