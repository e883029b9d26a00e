#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/format.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/value.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftadvisor {

struct Waiver {
    std::string rule;
    std::string reason;
    std::string expires; // YYYY-MM-DD
    std::string owner;   // who answers for it; empty: not given
};

// What a spec's `dataset` was found to hold (the counts of `data stats`). Whoever reads the
// spec's files fills it in; the engine itself reads no files.
struct MeasuredDataset {
    std::string path; // where it was read
    double examples = 0;
    double examples_valid = 0;
    double examples_clean = 0;
    double format_errors = 0;
    double duplicates = 0;
    double empty = 0;
    double too_long = 0;
    double tokens_clean = 0;   // estimated
    double longest_tokens = 0; // the longest valid example's, estimated
};

// A spec's answers by question id, in id order: a sorted vector with the part of std::map's
// interface the code uses. A spec holds a handful, and a map node per answer was most of the
// allocations of reading one (docs/performance.md).
class Answers {
public:
    using value_type = std::pair<std::string_view, Value>;
    using iterator = std::vector<value_type>::iterator;
    using const_iterator = std::vector<value_type>::const_iterator;

    iterator begin() { return m_items.begin(); }
    iterator end() { return m_items.end(); }
    const_iterator begin() const { return m_items.begin(); }
    const_iterator end() const { return m_items.end(); }
    bool empty() const { return m_items.empty(); }
    std::size_t size() const { return m_items.size(); }
    void reserve(std::size_t count) { m_items.reserve(count); }

    const_iterator find(std::string_view id) const
    {
        const auto at = lower_bound(id);
        return at != m_items.end() && at->first == id ? at : m_items.end();
    }
    iterator find(std::string_view id)
    {
        const auto at = lower_bound(id);
        return at != m_items.end() && at->first == id ? m_items.begin() + (at - m_items.cbegin()) : m_items.end();
    }
    std::size_t count(std::string_view id) const { return find(id) != end() ? 1 : 0; }

    // The answer to `id`; std::out_of_range when there is none.
    const Value& at(std::string_view id) const;

    // Adds `value` for `id` unless `id` has an answer already, as std::map::emplace does.
    std::pair<iterator, bool> emplace(std::string_view id, Value value);

    // The answer to `id`, added as unknown if there was none.
    Value& operator[](std::string_view id) { return emplace(id, Value{}).first->second; }

    friend bool operator==(const Answers& a, const Answers& b) { return a.m_items == b.m_items; }

private:
    const_iterator lower_bound(std::string_view id) const
    {
        return std::lower_bound(m_items.begin(), m_items.end(), id,
                                [](const value_type& item, std::string_view key) { return item.first < key; });
    }

    std::vector<value_type> m_items;
};

// A project spec: what a team says about its project. Every field but spec_version is
// optional; answers are keyed by the loaded rules' question ids.
struct Spec {
    std::string file;     // where it came from, for reports
    std::size_t line = 0; // its line in a JSON Lines stream; 0 for a whole file
    int spec_version = 1;
    std::optional<std::string> name;
    std::optional<std::string> description;
    Answers answers; // keyed by views of the rules' question ids: the rules outlive it
    std::optional<std::string> stage;
    std::optional<std::string> proposed_approach;
    std::optional<std::string> dataset;
    std::optional<double> budget_usd;
    // The route the team means to train at (rules/providers.yaml): a provider's id, and a
    // model's id within it; a provider alone names all of its routes.
    std::optional<std::string> provider;
    std::optional<std::string> model;
    std::vector<Waiver> waivers;
    std::optional<MeasuredDataset> measured; // `dataset`, once read
};

// Whether `date` is a real calendar date written YYYY-MM-DD, as a waiver's `expires` is.
bool valid_date(const std::string& date);

// Today's date in UTC, as YYYY-MM-DD.
std::string today_utc();

using SpecResult = Result<Spec>;

// The spec versions this build reads.
inline constexpr int k_spec_version = 1;

// Parses `text` (named `file` in messages) and validates it against the spec format and the
// rules' questions, stages and approaches. Reports every problem found, each with its line,
// column and field path: syntax errors, unknown keys with the nearest known key suggested,
// wrong types, numbers out of range or not finite, unknown choices, an unsupported or
// missing spec_version, and a document that is not an object.
SpecResult parse_spec_text(std::string_view text, const std::string& file, DocumentFormat format, const Rules& rules);

} // namespace ftadvisor
