// The SARIF 2.1.0 report of `ftadvisor check`, for code scanning (docs/ci.md).

#include "ftadvisor/check.hpp"

#include "ftadvisor/version.hpp"
#include "json_writer.hpp"
#include "render_check_parts.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using namespace check_report;

constexpr const char* k_sarif_schema = "https://json.schemastore.org/sarif-2.1.0.json";

// SARIF's level: its words for error and warning are ours; what we call info it calls a note.
const char* level_of(Severity severity)
{
    return severity == Severity::info ? "note" : severity_name(severity);
}

// A path as a URI reference (RFC 3986): relative paths stay relative, to the folder the check
// ran in; an absolute one becomes a file: URI; bytes other than letters, digits, `-._~/` are
// percent-encoded (a space in a folder's name, say).
std::string uri_of(std::string_view path)
{
    std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '.' || c == '_' || c == '~' || c == '/';
        out += plain ? std::string(1, c) : fmt::format("%{:02X}", byte);
    }
    return out;
}

// Where a result is: the proposal's file, at its line in a JSON Lines stream or the line of
// the problem when known, else its first line (code scanning places a result at a line).
void write_location(JsonWriter& w, const std::string& file, int line)
{
    w.key("locations").begin_array().begin_object();
    w.key("physicalLocation").begin_object();
    w.key("artifactLocation").begin_object().key("uri").value(uri_of(file)).end_object();
    w.key("region").begin_object().key("startLine").value(static_cast<double>(std::max(line, 1))).end_object();
    w.end_object().end_object().end_array();
}

// What code scanning matches a result by from one run to the next: the file, the proposal's
// line in a stream (0 for a whole file), the finding and which of that finding's results in
// the proposal it is (several invalid-waiver results, say), not the message (which may carry
// figures that change).
std::string fingerprint(const ProposalCheck& check, std::string_view rule, std::size_t occurrence)
{
    return sha256_hex(fmt::format("{}\n{}\n{}\n{}", check.file, check.line, rule, occurrence)).substr(0, 32);
}

struct Result {
    std::string rule;
    const char* level;
    std::string message;
    int line;
    const Waiver* waiver;
};

// Long on purpose: a result per finding or problem, each with its rule, location,
// fingerprint and, when waived, its suppression.
// NOLINTNEXTLINE(readability-function-size)
void write_results(JsonWriter& w, const CheckReport& report, const std::vector<std::string>& rule_ids)
{
    w.key("results").begin_array();
    for (const ProposalCheck& check : report.checks) {
        const int proposal_line = static_cast<int>(check.line);
        std::vector<Result> results;
        if (check.status == CheckStatus::invalid) {
            for (const Diagnostic& d : check.errors) {
                results.push_back(Result{std::string(k_invalid_proposal), "error",
                                         d.path.empty() ? d.message : d.path + ": " + d.message,
                                         proposal_line > 0 ? proposal_line : d.location.line, nullptr});
            }
        }
        for (const Finding& finding : check.findings) {
            results.push_back(Result{finding.id, level_of(finding.severity),
                                     fmt::format("{}: {}", check.name, finding.message), proposal_line,
                                     finding.waiver ? &*finding.waiver : nullptr});
        }
        std::vector<std::string_view> seen; // the rules of the results written, for occurrences
        for (const Result& result : results) {
            const auto occurrence = static_cast<std::size_t>(std::count(seen.begin(), seen.end(), result.rule));
            seen.push_back(result.rule);
            w.begin_object();
            w.key("ruleId").value(result.rule);
            const auto at = std::find(rule_ids.begin(), rule_ids.end(), result.rule);
            if (at != rule_ids.end()) {
                w.key("ruleIndex").value(static_cast<double>(at - rule_ids.begin()));
            }
            w.key("level").value(result.level);
            w.key("message").begin_object().key("text").value(result.message).end_object();
            write_location(w, check.file, result.line);
            w.key("partialFingerprints").begin_object();
            w.key("ftadvisorFinding/v1").value(fingerprint(check, result.rule, occurrence));
            w.end_object();
            if (result.waiver != nullptr) {
                // Kept as a result, suppressed by the waiver in the proposal (outside the tool).
                w.key("suppressions").begin_array().begin_object();
                w.key("kind").value("external");
                w.key("status").value("accepted");
                w.key("justification").value(waiver_text(*result.waiver));
                w.end_object().end_array();
            }
            w.end_object();
        }
    }
    w.end_array();
}

} // namespace

std::string render_check_sarif(const CheckReport& report)
{
    std::string out;
    JsonWriter w(out, true);
    w.begin_object();
    w.key("$schema").value(k_sarif_schema);
    w.key("version").value("2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.key("name").value("ftadvisor");
    w.key("semanticVersion").value(k_version);
    w.key("rules").begin_array();
    std::vector<std::string> rule_ids;
    for (const FindingKind& kind : report.finding_kinds) {
        rule_ids.push_back(kind.id);
        w.begin_object();
        w.key("id").value(kind.id);
        w.key("shortDescription").begin_object().key("text").value(kind.name).end_object();
        w.key("fullDescription").begin_object().key("text").value(kind.help).end_object();
        w.key("help").begin_object().key("text").value(kind.help).end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object().end_object();
    write_results(w, report, rule_ids);
    w.end_object().end_array();
    w.end_object();
    w.finish();
    return out + '\n';
}

} // namespace ftadvisor
