#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ftadvisor {

// The value a plain (unquoted) YAML scalar stands for under the YAML 1.2 core schema: null,
// a boolean, an integer, a float (with .inf and .nan), or else the string itself.
nlohmann::json resolve_yaml_scalar(const std::string& scalar);

} // namespace ftadvisor
