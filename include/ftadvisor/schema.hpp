#pragma once

#include "ftadvisor/rules.hpp"

#include <string>

namespace ftadvisor {

// The JSON Schema (draft 2020-12) of a spec under these rules: the answers are the rules'
// questions with their types, ranges and choices; stages and approaches are the rules'.
// What it accepts, parse_spec_text accepts, except that waivers' dates are only checked for
// shape. As JSON text, indented by two spaces, with a final newline.
std::string spec_schema(const Rules& rules);

// A commented YAML spec template that evaluates as it stands under these rules: every
// question listed with its text and kind, left open (null) for the team to answer; the
// optional fields commented out.
std::string spec_template_yaml(const Rules& rules);

// The same template as JSON, which has no comments (the questions' texts are in the schema),
// without the optional fields.
std::string spec_template_json(const Rules& rules);

} // namespace ftadvisor
