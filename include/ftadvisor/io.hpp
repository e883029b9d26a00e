#pragma once

#include "ftadvisor/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// The one door to files, folders and descriptors (src/io.cpp): the rest of the library reads
// and writes through a FileSystem, so that a test can hand it one of its own, and every
// read follows the same rules (docs/security.md): nothing blocks, nothing but regular files
// is read, and nothing past a limit is held.

// The largest spec (or rules test file) read, and the longest line of a JSON Lines stream of
// specs, unless a run says otherwise (--max-file-size): a thousand pages of proposal, and
// read in about a second at worst (yaml-cpp reads a YAML mapping at about 2 MB/s;
// docs/security.md).
inline constexpr std::size_t k_default_max_document_bytes = std::size_t{2} << 20;

// The largest rules file laid over the built-in ones, unless a run says otherwise
// (--max-rules-size): about 23 times the built-in rules (88 KB), twice what the lexicons'
// phrase budget allows, and read in about a second at worst (docs/security.md).
inline constexpr std::size_t k_default_max_rules_bytes = std::size_t{2} << 20;

// How much a run reads at most: a value handed to what reads, never a global.
struct ReadLimits {
    std::size_t max_document_bytes = k_default_max_document_bytes;
    // The largest training set a spec's `dataset` may be (dataset.hpp's default).
    std::uint64_t max_dataset_bytes = std::uint64_t{4} << 30;
    std::size_t max_rules_bytes = k_default_max_rules_bytes;
};

// A size for messages: "4 GiB", "16 MiB", "512 KiB", "1000 bytes".
std::string describe_size(std::size_t bytes);

// What stands at a path (a symbolic link is taken for what it points to).
enum class PathKind { missing, file, folder, other };

// A whole file's text, or why it could not be read.
struct FileText {
    std::optional<std::string> text;
    std::optional<Diagnostic> error;
    bool too_large = false; // the error is that the file is larger than it may be
    // Where a symbolic link on the named path led (the file's real path), or empty when no
    // component of the path is a link: a file reached through a link (a shell glob over a
    // folder a pull request filled) is read, but its problems are told without its lines or
    // values (withhold_linked_problems).
    std::string linked_to{};
};

// Bytes read in blocks: an open regular file, or standard input.
class ByteStream {
public:
    virtual ~ByteStream() = default;

    // Up to `size` bytes into `buffer`: how many, 0 at the end, or -1 with `error` (an errno
    // value) when the read failed. A read of a pipe returns what it holds without waiting
    // for a whole block.
    virtual std::ptrdiff_t read(char* buffer, std::size_t size, int& error) = 0;

    // Whether read() would answer now: false only for a pipe that holds nothing yet.
    virtual bool ready() const { return true; }
};

// Bytes written in order, gathered into large writes: a stream of small writes costs a
// system call each. Text handed over with write_owned() is kept as it is and written
// without a copy (writev), which in a batch of JSON Lines is most of the writing thread's
// work.
class ByteSink {
public:
    virtual ~ByteSink() = default;
    virtual void write(std::string_view text) = 0;
    virtual void write_owned(std::string&& text) = 0;
    // Writes out everything gathered so far.
    virtual void flush() = 0;
    // Whether something could not be written.
    virtual bool failed() const = 0;
};

// An open regular file, and its size when opened.
struct OpenFile {
    std::unique_ptr<ByteStream> stream;
    std::uint64_t size = 0;
    std::optional<Diagnostic> error;
    std::string linked_to{}; // as FileText::linked_to
};

// A file found in a folder. Symbolic links inside a folder are never followed: they are
// listed, with `link`, for the caller to report (a link in a pull request could point
// anywhere, and a file's problems print its lines).
struct FolderFile {
    std::string path;
    bool link = false;
};

// What is said of such a link.
inline constexpr const char* k_link_in_folder =
    "is a symbolic link; links inside a folder are not followed (name the file itself to read it)";

struct FolderListing {
    std::vector<FolderFile> files; // sorted by path
    std::optional<Diagnostic> error;
};

enum class Recursive { no, yes };
enum class Overwrite { no, yes };

class FileSystem {
public:
    virtual ~FileSystem() = default;

    virtual PathKind kind(const std::string& path) const = 0;

    // A whole regular file of at most `max_bytes`. Opened without blocking and checked
    // through the open descriptor: a folder, a FIFO or a device is refused, never waited on.
    virtual FileText read_file(const std::string& path, std::size_t max_bytes) const = 0;

    // A regular file opened to be read in blocks (JSON Lines, training sets), likewise
    // without blocking.
    virtual OpenFile open(const std::string& path) const = 0;

    // Standard input, read in blocks; a pipe fed now and then is waited on only by read().
    virtual std::unique_ptr<ByteStream> standard_input() const = 0;

    // Standard output, for reports.
    virtual std::unique_ptr<ByteSink> standard_output() const = 0;

    // The files of `folder` (and, with Recursive::yes, of its subfolders) whose names end in
    // one of `extensions`, sorted by path.
    virtual FolderListing list(const std::string& folder, const std::vector<std::string_view>& extensions,
                               Recursive recursive) const = 0;

    // Why `text` could not be written to `path`, asked before the work that makes it (an
    // interview, a check): something is there (with Overwrite::no) or is not a regular file;
    // the folder is missing, not a folder, not writable, or reached through a symbolic link
    // below the current folder.
    virtual std::optional<Diagnostic> writable(const std::string& path, Overwrite overwrite) const = 0;

    // Writes `text` to `path` whole or not at all: into an unnamed file in the same folder
    // (a named temporary one where the file system has none), flushed to disk, then given the
    // name. With Overwrite::no, anything at `path` (even one that appears while the text is
    // written) is left untouched and reported. Refuses what writable() refuses.
    virtual std::optional<Diagnostic> write_atomically(const std::string& path, std::string_view text,
                                                       Overwrite overwrite) const = 0;

    // Appends `text` to the file at `path`, creating it (the CI job summary).
    virtual std::optional<Diagnostic> append(const std::string& path, std::string_view text) const = 0;
};

// Replaces the problems found in `file`, which was reached through a symbolic link to
// `linked_to`, by one at `line` (a JSON Lines line; 0 for a whole file) that names the link's
// target and how many there were: their source lines and the values they quote could be any
// file's (docs/security.md). `what` names what the file was read as ("spec", "rules file").
// Other files' problems, and all of them when `linked_to` is empty, are left as they are.
void withhold_linked_problems(std::vector<Diagnostic>& diagnostics, const std::string& file, int line,
                              const std::string& linked_to, std::string_view what);

// A path as a shell reads it, for a command we suggest: as it is when it holds only plain
// characters, else in single quotes (what is inside still passes the output's sanitiser).
std::string shell_word(std::string_view path);

// The machine's own files, folders and standard input.
const FileSystem& local_files();

} // namespace ftadvisor
