// The JUnit XML report of `ftadvisor check`, for CI test dashboards.

#include "ftadvisor/check.hpp"

#include "ftadvisor/version.hpp"
#include "render_check_parts.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

using namespace check_report;

std::string xml_escape(std::string_view raw)
{
    const std::string text = text::valid_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            // XML 1.0 allows no control character but tab, line feed and carriage return.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                out += "\xEF\xBF\xBD";
            } else {
                out += c;
            }
        }
    }
    return out;
}

// The folder of the proposal as a dotted class name, as JUnit readers group tests.
std::string junit_classname(const ProposalCheck& check)
{
    const std::size_t slash = check.file.rfind('/');
    if (check.file == "<stdin>") {
        return "stdin";
    }
    if (slash == std::string::npos) {
        return ".";
    }
    std::string folder = check.file.substr(0, slash);
    while (folder.rfind("./", 0) == 0) {
        folder.erase(0, 2);
    }
    std::replace(folder.begin(), folder.end(), '/', '.');
    return folder.empty() ? "." : folder;
}

std::string junit_name(const ProposalCheck& check)
{
    std::string file = check.file.substr(check.file.rfind('/') == std::string::npos ? 0 : check.file.rfind('/') + 1);
    if (check.line > 0) {
        file += fmt::format(":{}", check.line);
    }
    return check.name.empty() ? file : fmt::format("{}: {}", file, check.name);
}

} // namespace

std::string render_check_junit(const CheckReport& report)
{
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::string cases;
    for (const ProposalCheck& check : report.checks) {
        cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                             xml_escape(junit_classname(check)), xml_escape(junit_name(check)), xml_escape(check.file));
        if (check.status == CheckStatus::invalid) {
            ++errors;
            std::string body;
            for (const Diagnostic& d : check.errors) {
                body += format_diagnostic(d);
            }
            cases += fmt::format(">\n      <error type=\"invalid\" message=\"{}\">{}</error>\n    </testcase>\n",
                                 xml_escape(first_error(check)), xml_escape(body));
            continue;
        }
        std::vector<std::string> ids;
        std::string body;
        for (const Finding& finding : check.findings) {
            if (!finding.waiver && std::find(ids.begin(), ids.end(), finding.id) == ids.end()) {
                ids.push_back(finding.id);
            }
            body += finding.waiver
                        ? fmt::format("waived {} ({}), {}\n", finding.id, finding.title, waiver_text(*finding.waiver))
                        : fmt::format("{} {}: {}\n", severity_name(finding.severity), finding.id, finding.message);
        }
        if (fails(check.status, report.fail_on)) {
            ++failures;
            cases += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                                 xml_escape(text::join(ids, " ")), xml_escape(check.findings.front().title),
                                 xml_escape(body));
        } else if (!body.empty()) {
            cases += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(body));
        } else {
            cases += "/>\n";
        }
    }
    // The rules applied, as the testsuite's properties (junit-10.xsd allows them there).
    std::string properties;
    for (const RulesOverlay& overlay : report.rules_overlays) {
        properties += fmt::format("      <property name=\"ftadvisor.rules.overlay\" value=\"{} sha256:{}\"/>\n",
                                  xml_escape(overlay.file), overlay.sha256);
    }
    if (!report.rules_from.empty()) {
        properties += fmt::format("      <property name=\"ftadvisor.rules.from\" value=\"{}\"/>\n",
                                  xml_escape(report.rules_from));
    }
    if (!properties.empty()) {
        cases = "    <properties>\n" + properties + "    </properties>\n" + cases;
    }
    const std::string counts_attributes =
        fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\"", report.checks.size(), failures, errors);
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<testsuites name=\"ftadvisor check\" {0}>\n"
                       "  <testsuite name=\"ftadvisor check\" {0}>\n"
                       "{1}"
                       "  </testsuite>\n"
                       "</testsuites>\n",
                       counts_attributes, cases);
}

} // namespace ftadvisor
