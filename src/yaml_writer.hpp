#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ftadvisor {

// How write_yaml lays out containers.
enum class YamlLayout {
    block,       // every container in block style: a file people edit (a saved spec)
    short_flows, // a short container of scalars on one line, `{low: 500, high: 5000}`: a file people read
};
// The one YAML writer: a tree as a YAML document in `layout`, through yaml-cpp's emitter,
// that reads back as the same tree. A string whose plain form would read as something else
// ("true", "12", "null") is double-quoted; numbers are the shortest text of their double;
// an object's `id` comes first, as people write it, then the rest in the tree's order. Ends
// with a newline. Strings must be valid UTF-8.
std::string write_yaml(const nlohmann::ordered_json& tree, YamlLayout layout);

} // namespace ftadvisor
