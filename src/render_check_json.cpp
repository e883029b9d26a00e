// The JSON report of `ftadvisor check`, for scripts (docs/ci.md).

#include "ftadvisor/check.hpp"

#include "ftadvisor/version.hpp"
#include "json_writer.hpp"
#include "render_check_parts.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using namespace check_report;

void write_waiver(JsonWriter& w, const Waiver& waiver)
{
    w.key("rule").value(waiver.rule);
    w.key("reason").value(waiver.reason);
    w.key("expires");
    if (waiver.expires.empty()) {
        w.null();
    } else {
        w.value(waiver.expires);
    }
    w.key("owner");
    if (waiver.owner.empty()) {
        w.null();
    } else {
        w.value(waiver.owner);
    }
}

void write_optional(JsonWriter& w, const std::optional<std::string>& text)
{
    if (text) {
        w.value(*text);
    } else {
        w.null();
    }
}

// Long on purpose: one proposal of the JSON report, its fields in the documented order (docs/ci.md).
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void write_proposal(JsonWriter& w, const ProposalCheck& check)
{
    w.begin_object();
    w.key("file").value(check.file);
    if (check.line > 0) {
        w.key("line").value(check.line);
    }
    w.key("name");
    write_optional(w, check.name.empty() ? std::nullopt : std::optional(check.name));
    w.key("status").value(status_name(check.status));
    w.key("verdict");
    write_optional(w, check.verdict.empty() ? std::nullopt : std::optional(check.verdict));
    w.key("also").value(check.also);
    w.key("proposed_approach");
    write_optional(w, check.proposed_approach);
    w.key("approach_checked");
    write_optional(w, check.approach.empty() ? std::nullopt : std::optional(check.approach));
    w.key("cost_usd");
    if (check.estimate) {
        w.begin_object();
        w.key("tier").value(check.estimate->tier_id);
        w.key("low").value(check.estimate->cost_usd.low);
        w.key("high").value(check.estimate->cost_usd.high);
        w.key("open_ended").value(check.estimate->open_ended);
        w.key("below_smallest_tier").value(check.estimate_below_tiers);
        w.end_object();
    } else {
        w.null();
    }
    w.key("budget");
    if (check.budget_usd) {
        w.begin_object();
        w.key("usd").value(*check.budget_usd);
        w.key("source").value(check.budget_source);
        w.end_object();
    } else {
        w.null();
    }
    w.key("findings").begin_array();
    for (const Finding& finding : check.findings) {
        w.begin_object();
        w.key("id").value(finding.id);
        w.key("severity").value(severity_name(finding.severity));
        w.key("title").value(finding.title);
        w.key("message").value(finding.message);
        w.key("waived").value(finding.waiver.has_value());
        w.key("waiver");
        if (finding.waiver) {
            w.begin_object();
            write_waiver(w, *finding.waiver);
            w.end_object();
        } else {
            w.null();
        }
        w.end_object();
    }
    w.end_array();
    w.key("waivers").begin_array();
    for (const WaiverUse& use : check.waivers) {
        w.begin_object();
        write_waiver(w, use.waiver);
        w.key("state").value(waiver_state_name(use.state));
        w.end_object();
    }
    w.end_array();
    w.key("reasons").begin_array();
    for (const Reason& reason : check.reasons) {
        w.begin_object();
        w.key("rule").value(reason.rule != nullptr ? std::string_view(reason.rule->id) : std::string_view());
        w.key("message").value(reason.message);
        w.end_object();
    }
    w.end_array();
    w.key("warnings").begin_array();
    for (const Warning& warning : check.warnings) {
        w.begin_object();
        w.key("id").value(warning.id);
        w.key("name").value(warning.name);
        w.key("severity").value(severity_name(warning.severity));
        w.key("message").value(warning.message);
        w.end_object();
    }
    w.end_array();
    w.key("errors").begin_array();
    for (const Diagnostic& d : check.errors) {
        w.begin_object();
        w.key("file").value(d.file);
        w.key("line");
        d.location.line > 0 ? w.value(d.location.line) : w.null();
        w.key("column");
        d.location.column > 0 ? w.value(d.location.column) : w.null();
        w.key("path").value(d.path);
        w.key("message").value(d.message);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

} // namespace

std::string render_check_json(const CheckReport& report)
{
    std::string out;
    JsonWriter w(out, true);
    w.begin_object();
    w.key("output_version").value(k_output_version);
    w.key("ftadvisor_version").value(k_version);
    w.key("command").value("check");
    w.key("fail_on").value(fail_on_name(report.fail_on));
    w.key("today").value(report.policy.today);
    w.key("max_cost_usd");
    report.policy.max_cost_usd ? w.value(*report.policy.max_cost_usd) : w.null();
    w.key("result").value(report.summary.invalid > 0 || report.empty_refused() ? "invalid"
                          : report.failing() > 0                               ? "fail"
                                                                               : "pass");
    w.key("rules").begin_object();
    w.key("from");
    report.rules_from.empty() ? w.null() : w.value(report.rules_from);
    w.key("overlays").begin_array();
    for (const RulesOverlay& overlay : report.rules_overlays) {
        w.begin_object();
        w.key("file").value(overlay.file);
        w.key("sha256").value(overlay.sha256);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.key("summary").begin_object();
    w.key("proposals").value(report.summary.proposals);
    w.key("pass").value(report.summary.passed);
    w.key("warn").value(report.summary.warned);
    w.key("fail").value(report.summary.failed);
    w.key("invalid").value(report.summary.invalid);
    w.key("failing").value(report.failing());
    w.key("waived").value(report.summary.waived);
    w.end_object();
    w.key("proposals").begin_array();
    for (const ProposalCheck& check : report.checks) {
        write_proposal(w, check);
    }
    w.end_array();
    w.end_object();
    w.finish();
    return out + '\n';
}

} // namespace ftadvisor
