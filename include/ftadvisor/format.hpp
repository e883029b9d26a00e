#pragma once

#include <string_view>

namespace ftadvisor {

// The two languages specs, rules and golden cases are written in.
enum class DocumentFormat { json, yaml };

// JSON for a `.json` name, YAML for `.yaml`/`.yml`; otherwise JSON when the first non-blank
// character of the text is `{` or `[`, else YAML.
DocumentFormat detect_format(std::string_view file, std::string_view text);

} // namespace ftadvisor
