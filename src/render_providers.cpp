// `ftadvisor providers`: the catalogue of fine-tuning routes on a day (docs/providers.md).
#include "ftadvisor/providers.hpp"

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/estimate.hpp"
#include "ftadvisor/version.hpp"
#include "json_writer.hpp"
#include "style.hpp"
#include "text.hpp"

#include <fmt/format.h>

namespace ftadvisor {
namespace {

using text::format_number;

// What the status means on the day, in words: "closing: no new jobs from 2027-01-06; tuned
// models stop serving on 2027-01-14".
std::string status_words(const Route& route, const std::string& today)
{
    const RouteStatus status = route_status_on(route, today);
    std::vector<std::string> dates;
    if (!route.jobs_stop.empty()) {
        dates.push_back(fmt::format("no new jobs {} {}", route.jobs_stop <= today ? "since" : "from", route.jobs_stop));
    }
    if (!route.serving_stops.empty()) {
        dates.push_back(fmt::format("tuned models {} serving on {}", route.serving_stops <= today ? "stopped" : "stop",
                                    route.serving_stops));
    }
    if (dates.empty() && status == RouteStatus::closing) {
        dates.emplace_back("deprecated, no stop date announced");
    }
    std::string out = route_status_name(status);
    if (!dates.empty()) {
        out += ": " + text::join(dates, "; ");
    }
    return out;
}

std::string examples_words(const Route& route)
{
    std::vector<std::string> parts;
    if (route.min_examples) {
        parts.push_back(fmt::format("at least {}", format_number(*route.min_examples)));
    }
    if (route.recommended_examples) {
        parts.push_back(fmt::format("{} to {} recommended", format_number(route.recommended_examples->low),
                                    format_number(route.recommended_examples->high)));
    }
    if (route.max_example_tokens) {
        parts.push_back(fmt::format("up to {} tokens an example", format_number(*route.max_example_tokens)));
    }
    return parts.empty() ? "no limits recorded" : text::join(parts, "; ");
}

std::string epochs_words(const Route& route)
{
    return route.epochs ? fmt::format("{} by default", format_number(*route.epochs))
                        : std::string("auto (the training section's epoch rule)");
}

std::string billing_words(const Route& route)
{
    std::vector<std::string> parts;
    if (route.usd_per_million_tokens) {
        parts.push_back(fmt::format("{} per million training tokens (tokens x epochs)",
                                    text::format_usd(*route.usd_per_million_tokens)));
    } else if (route.gpu_params_billion) {
        parts.push_back(fmt::format("by the GPU-hour, {}B parameters (training.self_hosted)",
                                    format_number(*route.gpu_params_billion)));
    } else {
        parts.emplace_back("not priced in the rules");
    }
    if (route.minimum_usd > 0) {
        parts.push_back(fmt::format("at least {} a job", text::format_usd(route.minimum_usd)));
    }
    if (route.validation_billed) {
        parts.emplace_back("validation tokens billed too");
    }
    if (route.hosting_usd_per_month > 0) {
        parts.push_back(fmt::format("hosting {} a month", text::format_usd(route.hosting_usd_per_month)));
    }
    return text::join(parts, "; ");
}

std::string stale_words(const Rules& rules, const std::string& today)
{
    if (!prices_stale(rules, today)) {
        return {};
    }
    const std::string oldest = oldest_price_read(rules);
    return fmt::format("The oldest price was read on {}, more than {} months before {}: check the providers' pages "
                       "before relying on the prices.",
                       oldest, format_number(rules.training->price_max_age_months), today);
}

} // namespace

std::string render_providers_text(const Rules& rules, const std::string& today, const TextOptions& options)
{
    const Style style(options.color);
    const std::size_t width = static_cast<std::size_t>(std::max(options.width, 40));
    std::string out;
    const auto paragraph = [&](std::string_view lead, std::string_view prose) {
        out += hanging(fmt::format("    {:<12}", lead), prose, 16, width);
    };
    // A heading wrapped to the width after `lead`: `bold` in bold, then `plain`.
    const auto heading = [&](std::string_view lead, std::string_view bold, std::string_view plain) {
        std::size_t bold_left = bold.size();
        for (const std::string& part :
             text::hang(lead, lead.size(), fmt::format("{}{}", bold, plain), lead.size() + 2, width)) {
            const std::size_t start = std::min(part.find_first_not_of(' '), part.size());
            const std::size_t end = std::min(part.size(), start + bold_left);
            bold_left -= std::min(bold_left, end - start + 1); // the space wrap took between lines
            const std::string bolded = end > start ? style.bold(part.substr(start, end - start)) : std::string();
            out += part.substr(0, start) + bolded + part.substr(end) + '\n';
        }
    };
    heading("", fmt::format("Fine-tuning routes on {} ({} in the rules)", today, rules.routes.size()), "");
    std::string provider;
    for (const Route& route : rules.routes) {
        if (route.provider != provider) {
            provider = route.provider;
            out += '\n';
            heading("", text::one_line(route.provider_name),
                    fmt::format(" ({}, provider: {})", route_kind_name(route.kind), text::one_line(route.provider)));
        }
        heading("  ", text::one_line(route.model),
                route.name != route.model ? ": " + text::one_line(route.name) : std::string());
        paragraph("status", status_words(route, today));
        paragraph("examples", examples_words(route));
        paragraph("epochs", epochs_words(route));
        paragraph("billing", billing_words(route));
        for (const RouteSource& source : route.sources) {
            paragraph(source.what, fmt::format("read {}: {}", source.read, source.url));
        }
    }
    if (const std::string stale = stale_words(rules, today); !stale.empty()) {
        out += '\n';
        for (const auto& part : text::wrap(stale, width)) {
            out += part + '\n';
        }
    }
    return text::visible(out, options.color);
}

// Long on purpose: every field of a route, in the order docs/providers.md gives them.
// NOLINTNEXTLINE(readability-function-size)
std::string render_providers_json(const Rules& rules, const std::string& today)
{
    std::string out;
    {
        JsonWriter w(out, true);
        w.begin_object();
        w.key("output_version").value(k_output_version);
        w.key("ftadvisor_version").value(k_version);
        w.key("today").value(today);
        w.key("routes").begin_array();
        for (const Route& route : rules.routes) {
            w.begin_object();
            w.key("id").value(route.id);
            w.key("provider").value(route.provider);
            w.key("provider_name").value(route.provider_name);
            w.key("model").value(route.model);
            w.key("name").value(route.name);
            w.key("kind").value(route_kind_name(route.kind));
            w.key("status").value(route_status_name(route_status_on(route, today)));
            w.key("announced_status").value(route_status_name(route.status));
            const auto date = [&](const char* key, const std::string& value) {
                w.key(key);
                value.empty() ? w.null() : w.value(value);
            };
            date("jobs_stop", route.jobs_stop);
            date("serving_stops", route.serving_stops);
            const auto number = [&](const char* key, const std::optional<double>& value) {
                w.key(key);
                value ? w.value(*value) : w.null();
            };
            number("min_examples", route.min_examples);
            w.key("recommended_examples");
            if (route.recommended_examples) {
                w.begin_object();
                w.key("low").value(route.recommended_examples->low);
                w.key("high").value(route.recommended_examples->high);
                w.end_object();
            } else {
                w.null();
            }
            number("max_example_tokens", route.max_example_tokens);
            w.key("epochs");
            route.epochs ? w.value(*route.epochs) : w.value("auto");
            w.key("billing").begin_object();
            number("usd_per_million_tokens", route.usd_per_million_tokens);
            number("gpu_params_billion", route.gpu_params_billion);
            w.key("minimum_usd").value(route.minimum_usd);
            w.key("validation_billed").value(route.validation_billed);
            w.key("hosting_usd_per_month").value(route.hosting_usd_per_month);
            w.end_object();
            w.key("sources").begin_array();
            for (const RouteSource& source : route.sources) {
                w.begin_object();
                w.key("for").value(source.what);
                w.key("url").value(source.url);
                w.key("read").value(source.read);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        const std::string oldest = oldest_price_read(rules);
        w.key("prices_read").value(oldest);
        w.key("prices_stale").value(prices_stale(rules, today));
        w.end_object();
    }
    out += '\n';
    return out;
}

std::string render_providers_markdown(const Rules& rules, const std::string& today)
{
    std::string out = fmt::format("# Fine-tuning routes on {}\n\n", today);
    out += "| Provider | Model | Status | Examples | Epochs | Billing | Read |\n";
    out += "|---|---|---|---|---|---|---|\n";
    const auto cell = [](std::string_view value) { return text::markdown_escape(value); };
    for (const Route& route : rules.routes) {
        std::vector<std::string> read;
        for (const RouteSource& source : route.sources) {
            read.push_back(fmt::format("{} {}", source.what, source.read));
        }
        out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(route.provider_name), cell(route.name),
                           cell(status_words(route, today)), cell(examples_words(route)), cell(epochs_words(route)),
                           cell(billing_words(route)), cell(text::join(read, "; ")));
    }
    if (const std::string stale = stale_words(rules, today); !stale.empty()) {
        out += fmt::format("\n{}\n", cell(stale));
    }
    return text::visible(out);
}

} // namespace ftadvisor
