#include "ftadvisor/io.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

namespace ftadvisor {
namespace {

namespace fs = std::filesystem;

Diagnostic problem(const std::string& path, std::string message)
{
    return Diagnostic{path, {}, {}, std::move(message), {}};
}

Diagnostic system_problem(const std::string& path, const char* what, int error)
{
    return problem(path, fmt::format("{}: {}", what, std::strerror(error)));
}

// A descriptor read with read(2). Standard input may have been left non-blocking by whoever
// started us: then a read that would block waits for data. A file we opened ourselves that
// would block is an error instead (docs/security.md).
class DescriptorStream final : public ByteStream {
public:
    DescriptorStream(int fd, bool owned) : m_fd(fd), m_owned(owned) {}
    DescriptorStream(const DescriptorStream&) = delete;
    DescriptorStream& operator=(const DescriptorStream&) = delete;
    ~DescriptorStream() override
    {
        if (m_owned) {
            ::close(m_fd);
        }
    }

    std::ptrdiff_t read(char* buffer, std::size_t size, int& error) override
    {
        for (;;) {
            const ssize_t got = ::read(m_fd, buffer, size);
            if (got >= 0) {
                return got;
            }
            if (errno == EINTR) {
                continue;
            }
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && !m_owned) {
                pollfd request{m_fd, POLLIN, 0};
                if (::poll(&request, 1, -1) >= 0 || errno == EINTR) {
                    continue;
                }
            }
            error = errno; // EIO, EISDIR, ...: said, never taken for the end
            return -1;
        }
    }

    bool ready() const override
    {
        if (m_owned) {
            return true;
        }
        pollfd request{m_fd, POLLIN, 0};
        return ::poll(&request, 1, 0) > 0;
    }

private:
    int m_fd;
    bool m_owned;
};

// What a path that is not a regular file is, for messages.
const char* kind_of(mode_t mode)
{
    if (S_ISDIR(mode)) {
        return "a folder";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    if (S_ISFIFO(mode)) {
        return "a pipe (FIFO)";
    }
    return S_ISSOCK(mode) ? "a socket" : "something else";
}

// Opens `path` for reading without blocking and checks through the descriptor that it is a
// regular file, so that nothing can be swapped in between the check and the read.
int open_regular(const std::string& path, struct stat& info, std::optional<Diagnostic>& error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error = system_problem(path, "cannot open", errno);
        return -1;
    }
    if (::fstat(fd, &info) != 0) {
        error = system_problem(path, "cannot open", errno);
    } else if (!S_ISREG(info.st_mode)) {
        error = problem(path, fmt::format("is {}, not a regular file", kind_of(info.st_mode)));
    }
    if (error) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Where `path` leads when one of its components, as written, is a symbolic link; else empty.
// Only the components named are looked at: a link above the working folder is not the
// path's doing.
std::string linked_target(const std::string& path)
{
    fs::path prefix;
    for (const fs::path& part : fs::path(path)) {
        prefix /= part;
        struct stat info {};
        if (part != "/" && part != "." && part != ".." && ::lstat(prefix.c_str(), &info) == 0 &&
            S_ISLNK(info.st_mode)) {
            std::error_code error;
            const fs::path target = fs::weakly_canonical(path, error);
            return error ? "an unknown place" : target.string();
        }
    }
    return {};
}

// Gathers text and writes it to a descriptor in large writev calls.
class DescriptorSink final : public ByteSink {
public:
    explicit DescriptorSink(int fd) : m_fd(fd) {}
    DescriptorSink(const DescriptorSink&) = delete;
    DescriptorSink& operator=(const DescriptorSink&) = delete;
    ~DescriptorSink() override { flush(); }

    void write(std::string_view text) override
    {
        m_small += text;
        m_pending += text.size();
        if (m_pending >= k_flush_bytes) {
            flush();
        }
    }

    void write_owned(std::string&& text) override
    {
        close_small();
        m_pending += text.size();
        m_chunks.push_back(std::move(text));
        if (m_pending >= k_flush_bytes) {
            flush();
        }
    }

    void flush() override
    {
        close_small();
        m_failed = !write_chunks() || m_failed;
        m_chunks.clear();
        m_pending = 0;
    }

    bool failed() const override { return m_failed; }

private:
    void close_small()
    {
        if (!m_small.empty()) {
            m_chunks.push_back(std::move(m_small));
            m_small.clear();
        }
    }

    // The chunks, in order, whatever each write takes at a time.
    bool write_chunks()
    {
        std::vector<iovec> pieces;
        pieces.reserve(m_chunks.size());
        for (const std::string& chunk : m_chunks) {
            if (!chunk.empty()) {
                pieces.push_back(iovec{const_cast<char*>(chunk.data()), chunk.size()});
            }
        }
        std::size_t i = 0;
        while (i < pieces.size()) {
            const int count = static_cast<int>(std::min<std::size_t>(pieces.size() - i, IOV_MAX));
            const ssize_t written = ::writev(m_fd, pieces.data() + i, count);
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

    int m_fd;
    std::string m_small;               // short writes not yet in a chunk
    std::vector<std::string> m_chunks; // what is to be written, in order
    std::size_t m_pending = 0;         // bytes in m_small and m_chunks
    bool m_failed = false;
};

bool write_all(int fd, std::string_view text)
{
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// Whether the path ends in one of `extensions` (written in lower case), in any case: `.JSON`
// is JSON too.
bool has_extension(const fs::path& path, const std::vector<std::string_view>& extensions)
{
    const std::string extension = text::ascii_lower(path.extension().string());
    return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) { return extension == e; });
}

const char* const k_exists = "already exists; nothing was written (use --force to replace it)";

// The folder a file named `path` goes in.
std::string folder_of(const std::string& path)
{
    const fs::path target(path);
    return target.has_parent_path() ? target.parent_path().string() : std::string(".");
}

// The first folder on the way to `path` that is a symbolic link, looked for from the current
// folder down (a pull request can bring links into the checkout; the folders above it are the
// machine's own).
std::optional<std::string> linked_folder_on_the_way(const std::string& path)
{
    std::error_code error;
    fs::path relative = fs::path(path).lexically_normal();
    if (relative.is_absolute()) {
        relative = relative.lexically_relative(fs::current_path(error));
        if (error || relative.empty() || *relative.begin() == "..") {
            return std::nullopt;
        }
    }
    fs::path walked;
    for (const fs::path& part : relative.parent_path()) {
        walked /= part;
        if (part == "." || part == "..") {
            continue;
        }
        if (fs::symlink_status(walked, error).type() == fs::file_type::symlink) {
            return walked.string();
        }
    }
    return std::nullopt;
}

// Gives the unnamed file open at `fd` the name `path`, never replacing one: through its entry
// under /proc or, without /proc, by AT_EMPTY_PATH (which needs privilege). 0 or the errno.
int link_unnamed(int fd, const std::string& path)
{
    const std::string entry = fmt::format("/proc/self/fd/{}", fd);
    if (::linkat(AT_FDCWD, entry.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        return 0;
    }
    const int error = errno;
    if (error == EEXIST || ::linkat(fd, "", AT_FDCWD, path.c_str(), AT_EMPTY_PATH) == 0) {
        return error == EEXIST ? error : 0;
    }
    return error;
}

// Puts the unnamed file open at `fd` in place of `path`: named in the folder first (for as
// long as a rename takes), then renamed over it.
std::optional<Diagnostic> replace_with_unnamed(int fd, const std::string& folder, const std::string& path)
{
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        return system_problem(path, "cannot write", errno);
    }
    // The inode number is that of a live file, so no other file of ours has this name.
    const std::string temporary = (fs::path(folder) / fmt::format(".ftadvisor-{}.tmp", info.st_ino)).string();
    const int error = link_unnamed(fd, temporary);
    if (error != 0) {
        return system_problem(path, "cannot create a file next to it", error);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const Diagnostic failure = system_problem(path, "cannot replace", errno);
        ::unlink(temporary.c_str());
        return failure;
    }
    return std::nullopt;
}

// write_atomically where the file system has no unnamed files: a named temporary file, with a
// short name so that a target name near the longest allowed still fits.
std::optional<Diagnostic> write_named(const std::string& folder, const std::string& path, std::string_view text,
                                      Overwrite overwrite)
{
    std::string temporary = (fs::path(folder) / ".ftadvisor-XXXXXX").string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        return system_problem(path, "cannot create a file next to it", errno);
    }
    // mkstemp makes the file private; give it the mode a new file would have.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    const bool written = ::fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, text) && ::fsync(fd) == 0;
    const int write_errno = errno;
    if (::close(fd) != 0 || !written) {
        const Diagnostic failure = system_problem(path, "cannot write", written ? errno : write_errno);
        ::unlink(temporary.c_str());
        return failure;
    }
    if (overwrite == Overwrite::yes) {
        if (::rename(temporary.c_str(), path.c_str()) != 0) {
            const Diagnostic failure = system_problem(path, "cannot replace", errno);
            ::unlink(temporary.c_str());
            return failure;
        }
        return std::nullopt;
    }
    // link() never replaces: it fails if the name appeared in the meantime.
    if (::link(temporary.c_str(), path.c_str()) != 0) {
        const int link_errno = errno;
        ::unlink(temporary.c_str());
        return link_errno == EEXIST ? problem(path, k_exists) : system_problem(path, "cannot create", link_errno);
    }
    ::unlink(temporary.c_str());
    return std::nullopt;
}

class LocalFiles final : public FileSystem {
public:
    PathKind kind(const std::string& path) const override
    {
        std::error_code error;
        const fs::file_status status = fs::status(path, error);
        if (error || status.type() == fs::file_type::not_found) {
            return PathKind::missing;
        }
        if (fs::is_directory(status)) {
            return PathKind::folder;
        }
        return fs::is_regular_file(status) ? PathKind::file : PathKind::other;
    }

    FileText read_file(const std::string& path, std::size_t max_bytes) const override
    {
        FileText result;
        struct stat info {};
        const int fd = open_regular(path, info, result.error);
        if (fd < 0) {
            return result;
        }
        DescriptorStream stream(fd, true);
        const std::string too_large = fmt::format("is larger than the {} a spec or rules file may be (--max-file-size)",
                                                  describe_size(max_bytes));
        if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
            result.error = problem(path, too_large);
            result.too_large = true;
            return result;
        }
        // The size is checked again while reading: some files (under /proc) say they hold nothing.
        std::string text;
        text.reserve(static_cast<std::size_t>(info.st_size));
        std::array<char, std::size_t{1} << 16> block{};
        for (;;) {
            int error = 0;
            const std::ptrdiff_t got = stream.read(block.data(), block.size(), error);
            if (got < 0) {
                result.error = system_problem(path, "cannot read", error);
                return result;
            }
            if (got == 0) {
                break;
            }
            if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
                result.error = problem(path, too_large);
                result.too_large = true;
                return result;
            }
            text.append(block.data(), static_cast<std::size_t>(got));
        }
        result.text = std::move(text);
        result.linked_to = linked_target(path);
        return result;
    }

    OpenFile open(const std::string& path) const override
    {
        OpenFile result;
        struct stat info {};
        const int fd = open_regular(path, info, result.error);
        if (fd >= 0) {
            result.stream = std::make_unique<DescriptorStream>(fd, true);
            result.size = static_cast<std::uint64_t>(info.st_size);
            result.linked_to = linked_target(path);
        }
        return result;
    }

    std::unique_ptr<ByteStream> standard_input() const override
    {
        return std::make_unique<DescriptorStream>(STDIN_FILENO, false);
    }

    std::unique_ptr<ByteSink> standard_output() const override
    {
        return std::make_unique<DescriptorSink>(STDOUT_FILENO);
    }

    FolderListing list(const std::string& folder, const std::vector<std::string_view>& extensions,
                       Recursive recursive) const override
    {
        FolderListing listing;
        std::error_code error;
        auto consider = [&](const fs::directory_entry& entry) {
            std::error_code status_error;
            if (entry.is_symlink(status_error) && recursive == Recursive::yes &&
                fs::is_directory(entry.path(), status_error)) {
                listing.files.push_back(FolderFile{entry.path().string(), true}); // a linked folder: said, not walked
                return;
            }
            if (!has_extension(entry.path(), extensions)) {
                return;
            }
            if (entry.is_symlink(status_error)) {
                listing.files.push_back(FolderFile{entry.path().string(), true});
            } else if (entry.is_regular_file(status_error)) {
                listing.files.push_back(FolderFile{entry.path().string(), false});
            }
        };
        if (recursive == Recursive::yes) {
            fs::recursive_directory_iterator it(folder, fs::directory_options::none, error);
            for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
                consider(*it);
            }
        } else {
            fs::directory_iterator it(folder, error);
            for (; !error && it != fs::directory_iterator(); it.increment(error)) {
                consider(*it);
            }
        }
        std::sort(listing.files.begin(), listing.files.end(),
                  [](const FolderFile& a, const FolderFile& b) { return a.path < b.path; });
        if (error) {
            listing.error = problem(folder, fmt::format("cannot read the folder: {}", error.message()));
        }
        return listing;
    }

    std::optional<Diagnostic> writable(const std::string& path, Overwrite overwrite) const override
    {
        struct stat info {};
        if (::lstat(path.c_str(), &info) == 0) {
            if (overwrite == Overwrite::no) {
                return problem(path, k_exists);
            }
            if (!S_ISREG(info.st_mode)) {
                return problem(path, "is not a regular file; nothing was written");
            }
        }
        if (auto link = linked_folder_on_the_way(path)) {
            return problem(path, fmt::format("the folder {} on the way is a symbolic link; files are not written "
                                             "through links (name the folder it points to)",
                                             text::quote(*link)));
        }
        const std::string folder = folder_of(path);
        if (::stat(folder.c_str(), &info) != 0) {
            return errno == ENOENT ? problem(path, fmt::format("the folder {} does not exist; create it first "
                                                               "(mkdir -p {})",
                                                               text::quote(folder), shell_word(folder)))
                                   : system_problem(path, "cannot reach the folder", errno);
        }
        if (!S_ISDIR(info.st_mode)) {
            return problem(path, fmt::format("{} is not a folder", text::quote(folder)));
        }
        if (::access(folder.c_str(), W_OK | X_OK) != 0) {
            return system_problem(path, "cannot write in its folder", errno);
        }
        return std::nullopt;
    }

    std::optional<Diagnostic> write_atomically(const std::string& path, std::string_view text,
                                               Overwrite overwrite) const override
    {
        if (auto refused = writable(path, overwrite)) {
            return refused;
        }
        const std::string folder = folder_of(path);
        // A file with no name: killed while it is written, the process leaves nothing behind.
        const int anonymous = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (anonymous < 0) {
            return write_named(folder, path, text, overwrite); // a file system without unnamed files
        }
        std::optional<Diagnostic> result;
        if (!write_all(anonymous, text) || ::fsync(anonymous) != 0) {
            result = system_problem(path, "cannot write", errno);
        } else if (overwrite == Overwrite::no) {
            // link() never replaces: it fails if the name appeared in the meantime.
            const int error = link_unnamed(anonymous, path);
            if (error != 0) {
                result = error == EEXIST ? problem(path, k_exists) : system_problem(path, "cannot create", error);
            }
        } else {
            result = replace_with_unnamed(anonymous, folder, path);
        }
        ::close(anonymous);
        return result;
    }

    std::optional<Diagnostic> append(const std::string& path, std::string_view text) const override
    {
        const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            return system_problem(path, "cannot open", errno);
        }
        const bool written = write_all(fd, text);
        const int write_errno = errno;
        if (::close(fd) != 0 || !written) {
            return system_problem(path, "cannot write", written ? errno : write_errno);
        }
        return std::nullopt;
    }
};

} // namespace

void withhold_linked_problems(std::vector<Diagnostic>& diagnostics, const std::string& file, int line,
                              const std::string& linked_to, std::string_view what)
{
    const auto of_file = [&](const Diagnostic& d) { return d.file == file; };
    const auto first = std::find_if(diagnostics.begin(), diagnostics.end(), of_file);
    if (linked_to.empty() || first == diagnostics.end()) {
        return;
    }
    const auto count = std::count_if(first, diagnostics.end(), of_file);
    const std::string message =
        fmt::format("is a symbolic link to {} and not a valid {} ({} {}); the lines and values of a file reached "
                    "through a link are not shown: name {} itself to see them",
                    linked_to, what, count, count == 1 ? "problem" : "problems", linked_to);
    const auto at = std::distance(diagnostics.begin(), first);
    diagnostics.erase(std::remove_if(first, diagnostics.end(), of_file), diagnostics.end());
    diagnostics.insert(diagnostics.begin() + at, Diagnostic{file, {line, 0}, {}, message, {}, 0});
}

std::string shell_word(std::string_view path)
{
    const bool plain = !path.empty() && path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                               "0123456789._-/+=:@") == std::string::npos;
    if (plain) {
        return std::string(path);
    }
    std::string quoted = "'";
    for (char c : path) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

std::string describe_size(std::size_t bytes)
{
    constexpr std::size_t k_kib = 1024;
    for (const auto& [unit, name] :
         {std::pair(k_kib * k_kib * k_kib * k_kib, "TiB"), std::pair(k_kib * k_kib * k_kib, "GiB")}) {
        if (bytes >= unit && bytes % unit == 0) {
            return fmt::format("{} {}", bytes / unit, name);
        }
    }
    if (bytes >= k_kib * k_kib && bytes % (k_kib * k_kib) == 0) {
        return fmt::format("{} MiB", bytes / (k_kib * k_kib));
    }
    if (bytes >= k_kib && bytes % k_kib == 0) {
        return fmt::format("{} KiB", bytes / k_kib);
    }
    return fmt::format("{} bytes", bytes);
}

const FileSystem& local_files()
{
    static const LocalFiles files;
    return files;
}

} // namespace ftadvisor
