#include "ftadvisor/files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace ftadvisor {
namespace {

Diagnostic problem(const std::string& path, const std::string& message)
{
    return Diagnostic{path, {}, {}, message, {}};
}

Diagnostic system_problem(const std::string& path, const char* what)
{
    return problem(path, fmt::format("{}: {}", what, std::strerror(errno)));
}

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

const char* const k_exists = "already exists; nothing was written (use --force to replace it)";

} // namespace

std::optional<Diagnostic> write_file_atomically(const std::string& path, std::string_view text, bool overwrite)
{
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0) {
        if (!overwrite) {
            return problem(path, k_exists);
        }
        if (!S_ISREG(info.st_mode)) {
            return problem(path, "is not a regular file; nothing was written");
        }
    }
    const std::filesystem::path target(path);
    const std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
    std::string temporary =
        (std::filesystem::path(folder) / fmt::format(".{}.XXXXXX", target.filename().string())).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        return system_problem(path, "cannot create a file next to it");
    }
    // mkstemp makes the file private; give it the mode a new file would have.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    const bool written = ::fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, text) && ::fsync(fd) == 0;
    const int write_errno = errno;
    if (::close(fd) != 0 || !written) {
        errno = written ? errno : write_errno;
        const Diagnostic failure = system_problem(path, "cannot write");
        ::unlink(temporary.c_str());
        return failure;
    }
    if (overwrite) {
        if (::rename(temporary.c_str(), path.c_str()) != 0) {
            const Diagnostic failure = system_problem(path, "cannot replace");
            ::unlink(temporary.c_str());
            return failure;
        }
        return std::nullopt;
    }
    // link() never replaces: it fails if the name appeared in the meantime.
    if (::link(temporary.c_str(), path.c_str()) != 0) {
        const int link_errno = errno;
        ::unlink(temporary.c_str());
        errno = link_errno;
        return link_errno == EEXIST ? problem(path, k_exists) : system_problem(path, "cannot create");
    }
    ::unlink(temporary.c_str());
    return std::nullopt;
}

} // namespace ftadvisor
