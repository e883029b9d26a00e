#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/format.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// Private to the library (src/): the public headers speak of texts and formats, not trees.

// A parsed JSON or YAML document as a JSON tree, with its source text so that problems
// can be reported at their line and column. Paths are written as in messages:
// `answers.production`, `waivers[0].rule`. A mapping entry is located at its key.
struct Document {
    std::string file;
    DocumentFormat format = DocumentFormat::json;
    nlohmann::json root;
    std::string text; // the source, without a byte-order mark
    // When set: the YAML that `text` (JSON) was converted from. Problems are then located
    // in it, so messages point at the file people edit (the built-in rules are embedded as
    // JSON converted from YAML at build time).
    std::string converted_from;

    // The position of `path`, or of its nearest ancestor that has one. YAML positions are
    // recorded while parsing; JSON ones are found in the text on the first call, so a
    // document without problems never pays for them.
    Location locate(std::string_view path) const;

    // A diagnostic about `path` carrying this document's file, position and source line.
    Diagnostic diagnose(std::string_view path, std::string message) const;

    // Positions by path; see locate().
    mutable std::map<std::string, Location, std::less<>> locations;
    mutable bool located = false;
    mutable std::vector<std::size_t> line_starts; // offsets in the source, found on the first diagnose()
};

using DocumentResult = Result<Document>;

// Parses `text` (named `file` in messages). Fails, with one diagnostic, on an empty or
// binary text, a syntax error (with line and column), a duplicate key, a non-scalar YAML
// key, several YAML documents in one text, or a YAML alias expansion past a safe size.
// YAML plain scalars are typed by the YAML 1.2 core schema; quoted ones stay strings.
DocumentResult parse_document(std::string_view text, const std::string& file, DocumentFormat format);

} // namespace ftadvisor
