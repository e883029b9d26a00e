#pragma once

#include "ftadvisor/spec.hpp"

#include "reader.hpp"

namespace ftadvisor {

// parse_spec for a spec that is one node of a larger document (a case in a `rules test`
// file): `diagnose` locates the spec's own paths within that document.
SpecResult parse_spec_node(const nlohmann::json& root, const std::string& file, const DiagnoseFn& diagnose,
                           const Rules& rules);

} // namespace ftadvisor
