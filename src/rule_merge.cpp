#include "rule_merge.hpp"

#include "reader.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include "rule_sections.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace ftadvisor {
namespace {

using nlohmann::json;

// Sections whose entries carry an `id`, merged entry by entry; the others are objects
// merged key by key, and `stages`, a list replaced whole.
const std::vector<std::string> k_id_sections = {"approaches", "questions",  "lexicons",  "numbers",
                                                "amounts",    "inferences", "rules",     "pitfalls",
                                                "tiers",      "routes",     "scenarios", "plans"};
const std::vector<std::string> k_map_sections = {"thresholds", "base_scores", "negation", "spelling",
                                                 "upkeep",     "training",    "waivers"};

// Lays rules sources over one another (docs/rules.md): an entry with a known id
// replaces the fields it gives, a new id is appended, `remove: true` drops one; object
// sections merge key by key; `complete: true` starts afresh. Remembers where every merged
// entry and field came from, so that problems found later point at the file that wrote them.
class Merger {
public:
    Merger(std::vector<Diagnostic>& diagnostics, std::deque<Document>& documents)
        : m_diagnostics(diagnostics), m_documents(documents)
    {
    }

    void add(const RuleSource& source)
    {
        DocumentResult parsed = parse_document(source.text, source.name, source.format);
        if (!parsed.value) {
            m_diagnostics.insert(m_diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
            return;
        }
        parsed.value->converted_from = source.converted_from;
        Document& document = m_documents.emplace_back(std::move(*parsed.value));
        const Reader r(document, m_diagnostics);
        if (document.root.is_null()) {
            return; // a file of comments only adds nothing
        }
        if (!r.expect_object(document.root, "")) {
            return;
        }
        std::vector<std::string> keys = k_rule_sections;
        keys.emplace_back("complete");
        keys.emplace_back("prices"); // 0.2.0's, told apart below
        r.check_keys(document.root, "", keys);
        if (document.root.contains("prices")) {
            r.error("prices", "the `prices` section of 0.2.0 is now the catalogue of `routes`: write each price as "
                              "a route's `billing` (docs/providers.md)");
        }
        if (r.boolean(document.root, "", "complete", Required::no).value_or(false)) {
            m_lists.clear();
            m_maps.clear();
            m_stages.reset();
        }
        // The values are moved into the merged tree, not copied: the document keeps only
        // what diagnostics need (its text and positions).
        for (auto& [key, value] : document.root.items()) {
            if (std::find(k_id_sections.begin(), k_id_sections.end(), key) != k_id_sections.end()) {
                merge_list(r, document, key, value);
            } else if (std::find(k_map_sections.begin(), k_map_sections.end(), key) != k_map_sections.end()) {
                merge_map(r, document, key, value);
            } else if (key == "stages") {
                m_stages = std::make_pair(std::move(value), Origin{&document, key});
            }
        }
        document.root = json();
    }

    // The merged rules as one tree, and the origin of each section, entry and field in it.
    json build(std::map<std::string, Origin, std::less<>>& origins) &&
    {
        json root = json::object();
        if (m_stages) {
            root["stages"] = std::move(m_stages->first);
            origins["stages"] = m_stages->second;
        }
        for (auto& [section, map] : m_maps) {
            root[section] = std::move(map.node);
            origins[section] = map.origin;
            for (const auto& [key, origin] : map.fields) {
                origins[join_path(section, key)] = origin;
            }
        }
        for (auto& [section, list] : m_lists) {
            json merged = json::array();
            for (Entry& entry : list.entries) {
                if (entry.removed) {
                    continue;
                }
                const std::string path = join_path(section, merged.size());
                origins[path] = entry.origin;
                for (const auto& [key, origin] : entry.fields) {
                    origins[join_path(path, key)] = origin;
                }
                merged.push_back(std::move(entry.node));
            }
            root[section] = std::move(merged);
        }
        return root;
    }

private:
    struct Entry {
        std::string id;
        json node;
        Origin origin;                        // where the entry was last given
        std::map<std::string, Origin> fields; // where each field was last given
        bool removed = false;                 // by a later `remove: true`
    };

    // A section's entries in the order they were first given, and where each live id is:
    // finding an id is a lookup, whatever the number of entries.
    struct List {
        std::vector<Entry> entries;
        std::unordered_map<std::string, std::size_t> at;
    };

    struct Map {
        json node = json::object();
        Origin origin;
        std::map<std::string, Origin> fields;
    };

    void merge_list(const Reader& r, const Document& document, const std::string& section, json& value)
    {
        if (!r.expect_array(value, section)) {
            return;
        }
        List& list = m_lists[section];
        std::unordered_set<std::string> seen; // ids given by this document
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string path = join_path(section, i);
            json& node = value[i];
            if (!r.expect_object(node, path)) {
                continue;
            }
            auto id = r.string(node, path, "id", Required::yes);
            if (!id) {
                continue;
            }
            // Ids reach every report, waivers and conditions name them: kept to a plain
            // alphabet, they need no escaping anywhere (docs/security.md).
            if (!text::is_identifier(*id)) {
                r.error(join_path(path, "id"),
                        fmt::format("an id is written with lower-case letters, digits, '-' and '_', got {}",
                                    text::quote(*id)));
                continue;
            }
            if (!seen.insert(*id).second) {
                r.error(join_path(path, "id"), fmt::format("duplicate id '{}'", *id));
                continue;
            }
            const auto found = list.at.find(*id);
            Entry* existing = found == list.at.end() ? nullptr : &list.entries[found->second];
            const bool remove =
                node.contains("remove") && r.boolean(node, path, "remove", Required::no).value_or(false);
            if (remove) {
                if (node.size() != 2) {
                    r.error(path, fmt::format("an entry that removes '{}' takes no other keys", *id));
                } else if (existing == nullptr) {
                    r.error(join_path(path, "id"),
                            fmt::format("cannot remove '{}': no earlier rules define it in {}", *id, section));
                } else {
                    existing->removed = true;
                    list.at.erase(found);
                }
                continue;
            }
            if (existing == nullptr) {
                list.at.emplace(*id, list.entries.size());
                existing = &list.entries.emplace_back(Entry{*id, json::object(), {}, {}, false});
            }
            existing->origin = Origin{&document, path};
            for (auto& [key, field] : node.items()) {
                if (key == "remove") {
                    continue; // `remove: false` changes nothing
                }
                existing->node[key] = std::move(field);
                existing->fields[key] = Origin{&document, join_path(path, key)};
            }
        }
    }

    void merge_map(const Reader& r, const Document& document, const std::string& section, json& value)
    {
        if (!r.expect_object(value, section)) {
            return;
        }
        Map& map = m_maps[section];
        map.origin = Origin{&document, section};
        for (auto& [key, field] : value.items()) {
            map.node[key] = std::move(field);
            map.fields[key] = Origin{&document, join_path(section, key)};
        }
    }

    std::vector<Diagnostic>& m_diagnostics;
    std::deque<Document>& m_documents;
    std::map<std::string, List> m_lists;
    std::map<std::string, Map> m_maps;
    std::optional<std::pair<json, Origin>> m_stages;
};

} // namespace

json merge_rules(const std::vector<RuleSource>& sources, Origins& origins, std::vector<Diagnostic>& diagnostics)
{
    Merger merger(diagnostics, origins.documents);
    for (const auto& source : sources) {
        merger.add(source);
    }
    return std::move(merger).build(origins.at);
}

Diagnostic diagnose_merged(const Origins& origins, std::string_view path, std::string message)
{
    std::string prefix(path);
    while (true) {
        auto found = origins.at.find(prefix);
        if (found != origins.at.end()) {
            const Origin& origin = found->second;
            return origin.document->diagnose(origin.path + std::string(path.substr(prefix.size())), std::move(message));
        }
        const std::size_t cut = prefix.find_last_of(".[");
        if (prefix.empty() || cut == std::string::npos) {
            return Diagnostic{"<rules>", {}, std::string(path), std::move(message), {}};
        }
        prefix.resize(cut);
    }
}

} // namespace ftadvisor
