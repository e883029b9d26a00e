#pragma once

#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"

#include <string>

namespace ftadvisor {

// A route's status on `today` (YYYY-MM-DD; empty: as announced) (docs/providers.md): closed
// once its jobs_stop or serving_stops has come, or when announced closed; closing when
// announced so; open otherwise.
RouteStatus route_status_on(const Route& route, const std::string& today);

// The catalogue as `ftadvisor providers` prints it on `today`: every route with its status,
// limits, price and sources. Text (wrapped to options.width), the JSON object of
// docs/providers.md, and Markdown. Each ends with a newline.
std::string render_providers_text(const Rules& rules, const std::string& today, const TextOptions& options);
std::string render_providers_json(const Rules& rules, const std::string& today);
std::string render_providers_markdown(const Rules& rules, const std::string& today);

} // namespace ftadvisor
