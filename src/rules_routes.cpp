#include "condition_grammar.hpp"
#include "ftadvisor/spec.hpp"
#include "rule_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

// The catalogue of fine-tuning routes (rules/providers.yaml, docs/providers.md).

namespace ftadvisor {

using nlohmann::json;

namespace {

const std::vector<std::string> k_route_keys = {"id",
                                               "provider",
                                               "provider_name",
                                               "model",
                                               "name",
                                               "kind",
                                               "status",
                                               "jobs_stop",
                                               "serving_stops",
                                               "min_examples",
                                               "recommended_examples",
                                               "max_example_tokens",
                                               "epochs",
                                               "billing",
                                               "sources"};
const std::vector<std::string> k_kinds = {"hosted", "self-hosted"};
const std::vector<std::string> k_statuses = {"open", "closing", "closed"};
const std::vector<std::string> k_source_kinds = {"lifecycle", "limits", "price", "hosting", "assumptions"};

// A date field, YYYY-MM-DD; empty when absent.
std::optional<std::string> date_field(const Reader& r, const json& node, const std::string& path,
                                      const std::string& key, Required required)
{
    auto date = r.string(node, path, key, required);
    if (date && !valid_date(*date)) {
        r.error(join_path(path, key), fmt::format("expected a date as YYYY-MM-DD; got '{}'", *date));
        return std::nullopt;
    }
    return date;
}

// A number that must be above 0 (`above` true) or at least 0.
bool bounded(const Reader& r, const json& node, const std::string& path, const std::string& key, bool above,
             std::optional<double>& out)
{
    auto value = r.number(node, path, key, Required::no);
    if (!value) {
        return node.find(key) == node.end();
    }
    if (above ? *value <= 0 : *value < 0) {
        r.error(join_path(path, key), above ? "must be above 0" : "must be 0 or more");
        return false;
    }
    out = *value;
    return true;
}

bool read_billing(const Reader& r, const json& node, const std::string& path, Route& route)
{
    const auto found = node.find("billing");
    if (found == node.end()) {
        return true;
    }
    const std::string billing_path = join_path(path, "billing");
    if (!r.expect_object(*found, billing_path)) {
        return false;
    }
    const json& billing = *found;
    r.check_keys(billing, billing_path,
                 {"usd_per_million_tokens", "gpu_hour", "minimum_usd", "validation_billed", "hosting_usd_per_month"});
    bool ok = bounded(r, billing, billing_path, "usd_per_million_tokens", false, route.usd_per_million_tokens);
    std::optional<double> minimum;
    std::optional<double> hosting;
    ok = bounded(r, billing, billing_path, "minimum_usd", false, minimum) && ok;
    ok = bounded(r, billing, billing_path, "hosting_usd_per_month", false, hosting) && ok;
    route.minimum_usd = minimum.value_or(0);
    route.hosting_usd_per_month = hosting.value_or(0);
    route.validation_billed = r.boolean(billing, billing_path, "validation_billed", Required::no).value_or(false);
    if (const auto gpu = billing.find("gpu_hour"); gpu != billing.end()) {
        const std::string gpu_path = join_path(billing_path, "gpu_hour");
        if (!r.expect_object(*gpu, gpu_path)) {
            return false;
        }
        r.check_keys(*gpu, gpu_path, {"params_billion"});
        if (!r.number(*gpu, gpu_path, "params_billion", Required::yes)) {
            return false;
        }
        ok = bounded(r, *gpu, gpu_path, "params_billion", true, route.gpu_params_billion) && ok;
        if (route.usd_per_million_tokens) {
            r.error(gpu_path, "a route is billed by the token or by the GPU-hour, not both");
            return false;
        }
        if (route.kind != RouteKind::self_hosted) {
            r.error(gpu_path, "only a self-hosted route is priced by the GPU-hour (training.self_hosted)");
            return false;
        }
    }
    return ok;
}

std::optional<std::vector<RouteSource>> read_sources(const Reader& r, const json& node, const std::string& path)
{
    const std::string sources_path = join_path(path, "sources");
    const auto found = node.find("sources");
    if (found == node.end()) {
        r.error(sources_path, "missing: where the route's figures were read, and when");
        return std::nullopt;
    }
    if (!r.expect_array(*found, sources_path) || found->empty()) {
        if (found->is_array()) {
            r.error(sources_path, "expected at least one source");
        }
        return std::nullopt;
    }
    std::vector<RouteSource> sources;
    bool ok = true;
    for (std::size_t i = 0; i < found->size(); ++i) {
        const std::string at = join_path(sources_path, i);
        const json& source = (*found)[i];
        if (!r.expect_object(source, at)) {
            ok = false;
            continue;
        }
        r.check_keys(source, at, {"for", "url", "read"});
        auto what = r.string(source, at, "for", Required::yes);
        auto url = r.string(source, at, "url", Required::yes);
        auto read = date_field(r, source, at, "read", Required::yes);
        if (what && !check_member(r, join_path(at, "for"), *what, k_source_kinds, "kind of figure")) {
            what.reset();
        }
        if (what && url && read) {
            sources.push_back(RouteSource{*what, *url, *read});
        } else {
            ok = false;
        }
    }
    return ok ? std::optional(std::move(sources)) : std::nullopt;
}

// The announced lifecycle: a status and the dates it gives, checked against each other.
bool read_lifecycle(const Reader& r, const json& node, const std::string& path, Route& route)
{
    auto status = r.string(node, path, "status", Required::yes);
    auto jobs_stop = date_field(r, node, path, "jobs_stop", Required::no);
    auto serving_stops = date_field(r, node, path, "serving_stops", Required::no);
    if ((node.contains("jobs_stop") && !jobs_stop) || (node.contains("serving_stops") && !serving_stops) || !status) {
        return false;
    }
    if (!check_member(r, join_path(path, "status"), *status, k_statuses, "status")) {
        return false;
    }
    route.status = *status == "open"      ? RouteStatus::open
                   : *status == "closing" ? RouteStatus::closing
                                          : RouteStatus::closed;
    route.jobs_stop = jobs_stop.value_or("");
    route.serving_stops = serving_stops.value_or("");
    if (route.status == RouteStatus::open && (jobs_stop || serving_stops)) {
        r.error(join_path(path, "status"), "an open route has no stop date announced: write status: closing, or "
                                           "leave out jobs_stop and serving_stops");
        return false;
    }
    if (jobs_stop && serving_stops && *serving_stops < *jobs_stop) {
        r.error(join_path(path, "serving_stops"),
                fmt::format("the tuned models stop serving ({}) before new jobs stop ({}): a route takes jobs only "
                            "while its models serve",
                            *serving_stops, *jobs_stop));
        return false;
    }
    return true;
}

// The limits a service sets on a training set, each optional.
bool read_limits(const Reader& r, const json& node, const std::string& path, Route& route)
{
    bool ok = bounded(r, node, path, "min_examples", false, route.min_examples);
    ok = bounded(r, node, path, "max_example_tokens", true, route.max_example_tokens) && ok;
    if (node.contains("recommended_examples")) {
        route.recommended_examples = r.range(node, path, "recommended_examples", Required::yes);
        ok = route.recommended_examples.has_value() && ok;
    }
    if (const auto epochs = node.find("epochs"); epochs != node.end() && !(epochs->is_string() && *epochs == "auto")) {
        if (!is_finite_number(*epochs) || epochs->get<double>() < 1) {
            r.error(join_path(path, "epochs"),
                    fmt::format("expected `auto` (the training section's epoch rule) or a number of epochs of at "
                                "least 1; got {}",
                                describe(*epochs)));
            return false;
        }
        route.epochs = epochs->get<double>();
    }
    return ok;
}

} // namespace

void RulesLoader::load_routes()
{
    std::set<std::string> seen;
    std::set<std::pair<std::string, std::string>> names;
    for_each_entry("routes", k_route_keys, [&](const SectionEntry& item, const Reader& r, const json& node) {
        auto id = read_id(item, seen);
        auto provider = r.string(node, item.path, "provider", Required::yes);
        auto provider_name = r.string(node, item.path, "provider_name", Required::yes);
        auto model = r.string(node, item.path, "model", Required::yes);
        auto name = r.string(node, item.path, "name", Required::no);
        auto kind = r.string(node, item.path, "kind", Required::yes);
        if (kind && !check_member(r, join_path(item.path, "kind"), *kind, k_kinds, "kind of route")) {
            kind.reset();
        }
        if (!id || !provider || !provider_name || !model || !kind) {
            return;
        }
        if (!names.emplace(*provider, *model).second) {
            r.error(join_path(item.path, "model"),
                    fmt::format("another route is already {} {}: a spec could not tell them apart", *provider, *model));
            return;
        }
        Route route;
        route.id = *id;
        route.provider = *provider;
        route.provider_name = *provider_name;
        route.model = *model;
        route.name = name.value_or(*model);
        route.kind = *kind == "hosted" ? RouteKind::hosted : RouteKind::self_hosted;
        bool ok = read_lifecycle(r, node, item.path, route);
        ok = read_limits(r, node, item.path, route) && ok;
        ok = read_billing(r, node, item.path, route) && ok;
        auto sources = read_sources(r, node, item.path);
        if (!ok || !sources) {
            return;
        }
        route.sources = std::move(*sources);
        if (route.priced() && route.source_of("price") == nullptr && route.source_of("assumptions") == nullptr) {
            r.error(join_path(item.path, "sources"), "a priced route says where its price was read: add a source "
                                                     "`for: price`");
            return;
        }
        m_rules.routes.push_back(std::move(route));
    });
}

} // namespace ftadvisor
