#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/document.hpp"
#include "ftadvisor/rules.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ftadvisor {

// Reads typed fields out of a Document's JSON tree, appending a located diagnostic for
// each problem instead of stopping, so a caller can report every problem at once.
class Reader {
public:
    Reader(const Document& document, std::vector<Diagnostic>& diagnostics)
        : m_document(document), m_diagnostics(diagnostics)
    {
    }

    const Document& document() const { return m_document; }

    void error(const std::string& path, std::string message) const;

    // Reports keys of `object` not in `allowed`, suggesting the nearest allowed one.
    void check_keys(const nlohmann::json& object, const std::string& path,
                    const std::vector<std::string>& allowed) const;

    // Each returns the field's value, or nothing after reporting a problem. A missing
    // optional field returns nothing silently; a missing required one is reported.
    bool expect_object(const nlohmann::json& node, const std::string& path) const;
    bool expect_array(const nlohmann::json& node, const std::string& path) const;
    std::optional<std::string> string(const nlohmann::json& object, const std::string& path, const std::string& key,
                                      bool required) const;
    std::optional<double> number(const nlohmann::json& object, const std::string& path, const std::string& key,
                                 bool required) const;
    std::optional<bool> boolean(const nlohmann::json& object, const std::string& path, const std::string& key,
                                bool required) const;
    std::vector<std::string> strings(const nlohmann::json& object, const std::string& path, const std::string& key,
                                     bool required) const;
    // `{low: N, high: N}` with low <= high.
    std::optional<Range> range(const nlohmann::json& object, const std::string& path, const std::string& key,
                               bool required) const;

private:
    const nlohmann::json* field(const nlohmann::json& object, const std::string& path, const std::string& key,
                                bool required) const;

    const Document& m_document;
    std::vector<Diagnostic>& m_diagnostics;
};

// "answers.production" from "answers" and "production".
std::string join_path(const std::string& parent, const std::string& key);
std::string join_path(const std::string& parent, std::size_t index);

// How a JSON value reads in "got ..." messages: `"lots"`, `-5`, `true`, `a list`, ...
std::string describe(const nlohmann::json& value);

// True for a finite number; nlohmann never holds NaN from JSON, but YAML's .nan does.
bool is_finite_number(const nlohmann::json& value);

} // namespace ftadvisor
