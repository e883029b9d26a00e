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

void write_range(JsonWriter& w, const std::optional<Range>& range)
{
    if (!range) {
        w.null();
        return;
    }
    w.begin_object();
    w.key("low").value(range->low);
    w.key("high").value(range->high);
    w.end_object();
}

// A text, or null when it is empty.
void write_text(JsonWriter& w, const std::string& text)
{
    text.empty() ? w.null() : w.value(text);
}

// The fields that say which proposal it is and how it stands, first in both kinds.
void write_identity(JsonWriter& w, const std::string& file, std::size_t line, const std::string& name,
                    CheckStatus status, const std::string& verdict)
{
    w.key("file").value(file);
    if (line > 0) {
        w.key("line").value(line);
    }
    w.key("name");
    write_text(w, name);
    w.key("status").value(status_name(status));
    w.key("verdict");
    write_text(w, verdict);
}

// A proposal of the base: what it is compared with, or what was removed.
void write_base_proposal(JsonWriter& w, const BaseProposal& p)
{
    w.begin_object();
    write_identity(w, p.file, p.line, p.name, p.status, p.verdict);
    w.key("approach_checked");
    write_text(w, p.approach);
    w.key("cost_usd");
    write_range(w, p.cost_usd);
    w.key("findings").value(p.findings);
    w.end_object();
}

void write_change(JsonWriter& w, const ProposalCheck& check)
{
    if (!check.change) {
        w.null();
        return;
    }
    const ProposalChange& change = *check.change;
    w.begin_object();
    w.key("kind").value(change_kind_name(change.kind));
    w.key("base");
    if (change.base) {
        write_base_proposal(w, *change.base);
    } else {
        w.null();
    }
    w.key("cost_change_usd");
    if (const std::optional<CostChange> cost = cost_change(check)) {
        w.begin_object();
        w.key("low").value(cost->usd.low);
        w.key("high").value(cost->usd.high);
        w.key("high_percent");
        cost->high_percent ? w.value(*cost->high_percent) : w.null();
        w.end_object();
    } else {
        w.null();
    }
    w.key("new_findings").value(change.new_findings);
    w.key("fixed_findings").value(change.fixed_findings);
    w.end_object();
}

// With a base: where it was read, the limit on increases, what changed, and what was removed.
void write_base(JsonWriter& w, const CheckReport& report)
{
    const Base* base = report.base.get();
    if (base == nullptr) {
        w.null();
        return;
    }
    const ChangeSummary s = summarize_changes(report.checks, report.removed);
    w.begin_object();
    w.key("from").value(base->from());
    w.key("kind").value(base->is_report() ? "report" : "folder");
    w.key("max_increase").begin_object();
    w.key("usd");
    report.policy.max_increase.usd ? w.value(*report.policy.max_increase.usd) : w.null();
    w.key("percent");
    report.policy.max_increase.percent ? w.value(*report.policy.max_increase.percent) : w.null();
    w.end_object();
    w.key("summary").begin_object();
    w.key("added").value(s.added);
    w.key("changed").value(s.changed);
    w.key("unchanged").value(s.unchanged);
    w.key("removed").value(s.removed);
    w.end_object();
    w.key("cost_usd").begin_object();
    w.key("base");
    write_range(w, s.base_cost_usd);
    w.key("head");
    write_range(w, s.cost_usd);
    w.key("change");
    write_range(w, Range{s.cost_usd.low - s.base_cost_usd.low, s.cost_usd.high - s.base_cost_usd.high});
    w.end_object();
    w.key("removed").begin_array();
    for (const BaseProposal& p : report.removed) {
        write_base_proposal(w, p);
    }
    w.end_array();
    w.end_object();
}

// Long on purpose: one proposal of the JSON report, its fields in the documented order (docs/ci.md).
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void write_proposal(JsonWriter& w, const ProposalCheck& check)
{
    w.begin_object();
    write_identity(w, check.file, check.line, check.name, check.status, check.verdict);
    w.key("also").value(check.also);
    w.key("proposed_approach");
    write_optional(w, check.proposed_approach);
    w.key("approach_checked");
    write_text(w, check.approach);
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
    w.key("change");
    write_change(w, check);
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
    w.key("base");
    write_base(w, report);
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
