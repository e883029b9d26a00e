#pragma once

#include "ftadvisor/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ftadvisor {

// Writes `text` to `path` atomically: into a temporary file in the same folder, flushed to
// disk, then moved into place, so a reader never sees half a file and a failed write leaves
// nothing behind. Without `overwrite`, an existing file (or anything else at `path`) is left
// untouched and reported, even if it appears while the text is being written. Returns the
// problem, if any, as a diagnostic naming the path.
std::optional<Diagnostic> write_file_atomically(const std::string& path, std::string_view text, bool overwrite);

} // namespace ftadvisor
