#pragma once

#include "ftadvisor/engine.hpp"

#include <nlohmann/json.hpp>

namespace ftadvisor {

// render_json_line's object as a tree, for tests and benchmarks that look into it.
nlohmann::ordered_json to_json(const Evaluation& evaluation);

} // namespace ftadvisor
