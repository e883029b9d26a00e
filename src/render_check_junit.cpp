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

enum class XmlPlace { text, attribute };

// `raw` as XML 1.0 character data: markup escaped, and every character outside XML's Char
// production (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; invalid
// UTF-8) replaced by U+FFFD. In an attribute, tab and line feed are written as character
// references, which a parser keeps (it turns them into spaces otherwise); a carriage return
// is one everywhere (a parser turns it into a line feed otherwise).
std::string xml_escape(std::string_view raw, XmlPlace place = XmlPlace::text)
{
    const std::string text = text::valid_utf8(raw);
    constexpr std::string_view k_replacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if (c == '\xEF' && i + 2 < text.size() && text[i + 1] == '\xBF' &&
            (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            out += k_replacement;
            i += 2;
            continue;
        }
        switch (c) {
        case '\r':
            out += "&#13;";
            break;
        case '\n':
            out += place == XmlPlace::attribute ? "&#10;" : "\n";
            break;
        case '\t':
            out += place == XmlPlace::attribute ? "&#9;" : "\t";
            break;
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
            // XML 1.0 allows no other control character below U+0020.
            if (static_cast<unsigned char>(c) < 0x20) {
                out += k_replacement;
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string xml_attribute(std::string_view raw)
{
    return xml_escape(raw, XmlPlace::attribute);
}

// The folder of the proposal as a dotted class name, as JUnit readers group tests: its
// folders joined by dots, without the empty and `.` ones and without dots at the ends of a
// folder's name (so no leading or doubled dot for `/abs/path`, `./x` or `.github`), `..` as
// `parent`; `(root)` for a file in the working folder, as
// Jenkins names the default package.
std::string junit_classname(const ProposalCheck& check)
{
    if (check.file == "<stdin>") {
        return "stdin";
    }
    const std::size_t slash = check.file.rfind('/');
    std::vector<std::string> parts;
    std::string_view folder =
        slash == std::string::npos ? std::string_view() : std::string_view(check.file).substr(0, slash);
    while (!folder.empty()) {
        const std::size_t end = std::min(folder.find('/'), folder.size());
        std::string_view part = folder.substr(0, end);
        if (part == "..") {
            parts.emplace_back("parent");
        } else {
            // No dot at either end of a part (`.github`, `a.`): it would read as an empty one.
            while (!part.empty() && part.front() == '.') {
                part.remove_prefix(1);
            }
            while (!part.empty() && part.back() == '.') {
                part.remove_suffix(1);
            }
            if (!part.empty()) {
                parts.emplace_back(part);
            }
        }
        folder.remove_prefix(std::min(end + 1, folder.size()));
    }
    return parts.empty() ? "(root)" : text::join(parts, ".");
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
        // No `file` attribute: Jenkins' junit-10.xsd has none on a testcase; the class name
        // holds the folder and the name the file.
        cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_attribute(junit_classname(check)),
                             xml_attribute(junit_name(check)));
        if (check.status == CheckStatus::invalid) {
            ++errors;
            std::string body;
            for (const Diagnostic& d : check.errors) {
                body += format_diagnostic(d);
            }
            cases += fmt::format(">\n      <error type=\"invalid\" message=\"{}\">{}</error>\n    </testcase>\n",
                                 xml_attribute(first_error(check)), xml_escape(body));
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
                                 xml_attribute(text::join(ids, " ")), xml_attribute(check.findings.front().title),
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
                                  xml_attribute(overlay.file), overlay.sha256);
    }
    if (!report.rules_from.empty()) {
        properties += fmt::format("      <property name=\"ftadvisor.rules.from\" value=\"{}\"/>\n",
                                  xml_attribute(report.rules_from));
    }
    if (!properties.empty()) {
        cases = "    <properties>\n" + properties + "    </properties>\n" + cases;
    }
    // `skipped` on the testsuite only: junit-10.xsd allows it there and not on testsuites.
    const std::string counts_attributes =
        fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\"", report.checks.size(), failures, errors);
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<testsuites name=\"ftadvisor check\" {0}>\n"
                       "  <testsuite name=\"ftadvisor check\" {0} skipped=\"0\">\n"
                       "{1}"
                       "  </testsuite>\n"
                       "</testsuites>\n",
                       counts_attributes, cases);
}

} // namespace ftadvisor
