#pragma once

#include "document.hpp"
#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/rules.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// Whether a field must be there.
enum class Required { no, yes };

// Turns a field path and a message into a located diagnostic.
using DiagnoseFn = std::function<Diagnostic(std::string_view path, std::string message)>;

// Reads typed fields out of a Document's JSON tree, appending a located diagnostic for
// each problem instead of stopping, so a caller can report every problem at once.
class Reader {
public:
    // Reads from a single document, located by its own positions.
    Reader(const Document& document, std::vector<Diagnostic>& diagnostics)
        : m_diagnose([&document](std::string_view path, std::string message) {
              return document.diagnose(path, std::move(message));
          }),
          m_diagnostics(diagnostics)
    {
    }

    // Reads from a tree assembled from several sources; `diagnose` locates a path in it.
    Reader(DiagnoseFn diagnose, std::vector<Diagnostic>& diagnostics)
        : m_diagnose(std::move(diagnose)), m_diagnostics(diagnostics)
    {
    }

    // Reports a problem; past k_max_problems, only that the count stopped (a hostile text
    // could have a problem in every few bytes, and each costs a search and an excerpt).
    void error(const std::string& path, std::string message) const;

    // Whether k_max_problems have been reported: there is no point looking for more.
    bool full() const { return m_diagnostics.size() >= k_max_problems; }
    // Whether any problem was found.
    bool failed() const { return !m_diagnostics.empty(); }

    static constexpr std::size_t k_max_problems = 10000;

    // Reports keys of `object` not in `allowed`, suggesting the nearest allowed one.
    void check_keys(const nlohmann::json& object, const std::string& path,
                    const std::vector<std::string>& allowed) const;

    // Whether `node` is an object (an array); reported at `path` if it is not.
    bool expect_object(const nlohmann::json& node, const std::string& path) const;
    bool expect_array(const nlohmann::json& node, const std::string& path) const;

    // Each returns the field's value, or nothing after reporting a problem. A missing
    // field returns nothing: silently with Required::no, reported with Required::yes.
    std::optional<std::string> string(const nlohmann::json& object, const std::string& path, const std::string& key,
                                      Required required) const;
    std::optional<double> number(const nlohmann::json& object, const std::string& path, const std::string& key,
                                 Required required) const;
    std::optional<bool> boolean(const nlohmann::json& object, const std::string& path, const std::string& key,
                                Required required) const;
    std::vector<std::string> strings(const nlohmann::json& object, const std::string& path, const std::string& key,
                                     Required required) const;
    // `{low: N, high: N}` with low <= high.
    std::optional<Range> range(const nlohmann::json& object, const std::string& path, const std::string& key,
                               Required required) const;

private:
    const nlohmann::json* field(const nlohmann::json& object, const std::string& path, const std::string& key,
                                Required required) const;

    DiagnoseFn m_diagnose;
    std::vector<Diagnostic>& m_diagnostics;
};

// "answers.production" from "answers" and "production".
std::string join_path(const std::string& parent, const std::string& key);
std::string join_path(const std::string& parent, std::size_t index);

// How a JSON value reads in "got ..." messages: `"lots"`, `-5`, `true`, `a list`, ...
std::string describe(const nlohmann::json& value);

// What to write instead of a string that means yes or no, for an "expected true or false"
// message (": a string, not a yes or no; remove the quotes (true)", ": ... write false"); empty
// for anything else. Only true and false are yes or no in JSON and in YAML 1.2.
std::string boolean_hint(const nlohmann::json& value);

// True for a finite number; nlohmann never holds NaN from JSON, but YAML's .nan does.
bool is_finite_number(const nlohmann::json& value);

} // namespace ftadvisor
