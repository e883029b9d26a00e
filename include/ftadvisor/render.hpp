#pragma once

#include "ftadvisor/engine.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace ftadvisor {

// The version of the JSON output; bumped only when a v1 field is renamed or removed.
inline constexpr int k_output_version = 1;

struct TextOptions {
    bool color = false; // ANSI colours and bold
    int width = 80;     // wrap prose to this many columns
};

// The evaluation as a human-readable report. Ends with a newline.
std::string render_text(const Evaluation& evaluation, const Rules& rules, const TextOptions& options);

// The evaluation as the JSON object of the output contract (PRODUCT.md, version 1), its
// keys in a fixed order.
nlohmann::ordered_json to_json(const Evaluation& evaluation);

// to_json, serialised with two-space indentation and a final newline.
std::string render_json(const Evaluation& evaluation);

} // namespace ftadvisor
