// `check --base`: the base branch's proposals, how a proposal is matched with its own, and what
// changed (docs/ci.md, "The change a pull request makes").

#include "check_base.hpp"

#include "document.hpp"
#include "reader.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

namespace ftadvisor {
namespace {

// The most a cost in a base report may be: far above any estimate, far below where dollars
// stop being printable.
constexpr double k_most_usd = 1e15;

std::string normal_path(std::string_view file)
{
    if (file == "-") {
        return std::string(file);
    }
    std::string out = std::filesystem::path(file).lexically_normal().generic_string();
    return out.empty() ? std::string(file) : out;
}

// The ids of the unwaived findings, each once, in the order found.
std::vector<std::string> unwaived_ids(const std::vector<Finding>& findings)
{
    std::vector<std::string> ids;
    for (const Finding& finding : findings) {
        if (!finding.waiver && std::find(ids.begin(), ids.end(), finding.id) == ids.end()) {
            ids.push_back(finding.id);
        }
    }
    return ids;
}

std::vector<std::string> missing_from(const std::vector<std::string>& these, const std::vector<std::string>& those)
{
    std::vector<std::string> out;
    for (const std::string& id : these) {
        if (std::find(those.begin(), those.end(), id) == those.end()) {
            out.push_back(id);
        }
    }
    return out;
}

bool same_cost(const std::optional<Range>& a, const std::optional<Range>& b)
{
    if (a.has_value() != b.has_value()) {
        return false;
    }
    // Within a cent: the reports write dollars with their cents.
    return !a || (std::abs(a->low - b->low) < 0.005 && std::abs(a->high - b->high) < 0.005);
}

std::optional<Range> cost_of(const ProposalCheck& check)
{
    return check.estimate ? std::optional(check.estimate->cost_usd) : std::nullopt;
}

// The cost-increase finding, when the limit is set and the proposal's upper cost grew past it.
std::optional<Finding> cost_increase(const ProposalCheck& check, const BaseProposal* base, const IncreaseLimit& limit)
{
    if (!check.estimate || (!limit.usd && !limit.percent)) {
        return std::nullopt;
    }
    const double now = check.estimate->cost_usd.high;
    const double before = base != nullptr && base->cost_usd ? base->cost_usd->high : 0.0;
    const double grown = now - before;
    if (grown <= 0) {
        return std::nullopt;
    }
    const bool priced_before = before > 0;
    const double percent = priced_before ? grown / before * 100 : std::numeric_limits<double>::infinity();
    std::string over;
    if (limit.usd && grown > *limit.usd) {
        over = fmt::format("the allowed increase of {}", text::format_usd(*limit.usd));
    } else if (limit.percent && priced_before && percent > *limit.percent) {
        over = fmt::format("the allowed increase of {}%", text::format_number(*limit.percent));
    } else {
        return std::nullopt;
    }
    // Rounded up, so that a rise just past the limit never reads as the limit itself.
    const std::string by = priced_before ? fmt::format("{} ({}%)", text::format_usd(grown),
                                                       text::format_number(std::ceil(percent * 100) / 100))
                                         : text::format_usd(grown);
    const std::string was = base == nullptr  ? std::string("the base has no such proposal")
                            : base->cost_usd ? fmt::format("the base's was {}", text::format_usd(before))
                                             : std::string("the base's had no estimate");
    return Finding{std::string(k_cost_increase), Severity::error,
                   fmt::format("the estimated upper cost grew by {}, over {}", by, over),
                   fmt::format("The estimated upper cost of {} is {}; {}. It grew by {}, over {} (--fail-on-increase). "
                               "Plan for fewer examples or a cheaper approach, or raise the limit.",
                               check.approach, text::format_usd(now), was, by, over),
                   std::nullopt};
}

} // namespace

const char* change_kind_name(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::added:
        return "added";
    case ChangeKind::changed:
        return "changed";
    case ChangeKind::unchanged:
        return "unchanged";
    case ChangeKind::removed:
        return "removed";
    }
    return "changed";
}

Base::Base(std::string from, bool report, std::vector<BaseProposal> proposals)
    : m_from(std::move(from)), m_report(report), m_proposals(std::move(proposals))
{
}

// Long on purpose: the matching's four passes, each over what the ones before left.
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
std::vector<const BaseProposal*> Base::match(const std::vector<ProposalCheck>& checks) const
{
    std::vector<const BaseProposal*> matches(checks.size(), nullptr);
    std::vector<bool> taken(m_proposals.size(), false);
    // Base proposals by normalised path, in the base's order.
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_file;
    for (std::size_t b = 0; b < m_proposals.size(); ++b) {
        by_file[normal_path(m_proposals[b].file)].push_back(b);
    }
    // One pass: each check not yet matched takes the first base proposal of its file, not yet
    // taken, that `fits`.
    auto pass = [&](auto fits) {
        for (std::size_t c = 0; c < checks.size(); ++c) {
            if (matches[c] != nullptr) {
                continue;
            }
            const auto file = by_file.find(normal_path(checks[c].file));
            if (file == by_file.end()) {
                continue;
            }
            for (const std::size_t b : file->second) {
                if (!taken[b] && fits(checks[c], m_proposals[b])) {
                    taken[b] = true;
                    matches[c] = &m_proposals[b];
                    break;
                }
            }
        }
    };
    pass([](const ProposalCheck& c, const BaseProposal& b) { return c.line == 0 && b.line == 0; });
    pass([](const ProposalCheck& c, const BaseProposal& b) {
        return c.line > 0 && b.line == c.line && !c.name.empty() && b.name == c.name;
    });
    pass([](const ProposalCheck& c, const BaseProposal& b) {
        return c.line > 0 && b.line > 0 && !c.name.empty() && b.name == c.name;
    });
    pass([](const ProposalCheck& c, const BaseProposal& b) {
        return c.line > 0 && b.line == c.line && (c.name.empty() || b.name.empty());
    });
    return matches;
}

std::vector<BaseProposal> Base::unmatched(const std::vector<const BaseProposal*>& matches) const
{
    std::vector<bool> matched(m_proposals.size(), false);
    for (const BaseProposal* found : matches) {
        if (found != nullptr) {
            matched[static_cast<std::size_t>(found - m_proposals.data())] = true;
        }
    }
    std::vector<BaseProposal> out;
    for (std::size_t i = 0; i < m_proposals.size(); ++i) {
        if (!matched[i]) {
            out.push_back(m_proposals[i]);
        }
    }
    return out;
}

BaseProposal base_proposal(const ProposalCheck& check, std::string_view root)
{
    BaseProposal p;
    p.file = check.file;
    if (!root.empty() && check.file != "-") {
        const std::filesystem::path relative = std::filesystem::path(check.file)
                                                   .lexically_normal()
                                                   .lexically_relative(std::filesystem::path(root).lexically_normal());
        if (!relative.empty() && *relative.begin() != "..") {
            p.file = relative.generic_string();
        }
    }
    p.line = check.line;
    p.name = check.name;
    p.status = check.status;
    p.verdict = check.verdict;
    p.approach = check.approach;
    p.cost_usd = cost_of(check);
    p.open_ended = check.estimate && check.estimate->open_ended;
    p.findings = unwaived_ids(check.findings);
    return p;
}

void add_cost_increase(ProposalCheck& check, const BaseProposal* base, const IncreaseLimit& limit)
{
    if (std::optional<Finding> finding = cost_increase(check, base, limit)) {
        check.findings.push_back(std::move(*finding));
    }
}

void set_change(ProposalCheck& check, const BaseProposal* found)
{
    check.change = ProposalChange{};
    ProposalChange& change = *check.change;
    const std::vector<std::string> ids = unwaived_ids(check.findings);
    if (found == nullptr) {
        change.kind = ChangeKind::added;
        change.new_findings = ids;
        return;
    }
    change.base = *found;
    const BaseProposal& base = *change.base;
    change.new_findings = missing_from(ids, base.findings);
    change.fixed_findings = missing_from(base.findings, ids);
    const bool same = check.status == base.status && check.name == base.name && check.verdict == base.verdict &&
                      check.approach == base.approach && same_cost(cost_of(check), base.cost_usd) &&
                      change.new_findings.empty() && change.fixed_findings.empty();
    change.kind = same ? ChangeKind::unchanged : ChangeKind::changed;
}

ChangeSummary summarize_changes(const std::vector<ProposalCheck>& checks, const std::vector<BaseProposal>& removed)
{
    ChangeSummary s;
    auto add = [](Range& sum, const std::optional<Range>& cost) {
        if (cost) {
            sum.low += cost->low;
            sum.high += cost->high;
        }
    };
    for (const ProposalCheck& check : checks) {
        if (!check.change) {
            continue;
        }
        switch (check.change->kind) {
        case ChangeKind::added:
            ++s.added;
            break;
        case ChangeKind::changed:
            ++s.changed;
            break;
        case ChangeKind::unchanged:
            ++s.unchanged;
            break;
        case ChangeKind::removed: // a check is never removed: CheckReport::removed holds those
            break;
        }
        add(s.cost_usd, cost_of(check));
        if (check.change->base) {
            add(s.base_cost_usd, check.change->base->cost_usd);
        }
    }
    s.removed = removed.size();
    for (const BaseProposal& p : removed) {
        add(s.base_cost_usd, p.cost_usd);
    }
    return s;
}

// Long on purpose: every field of a proposal the comparison reads, each checked where it is.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
Result<std::vector<BaseProposal>> read_base_report(std::string_view text, const std::string& file)
{
    Result<std::vector<BaseProposal>> result;
    DocumentResult parsed = parse_document(text, file, DocumentFormat::json);
    if (!parsed.value) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    const Document& document = *parsed.value;
    const nlohmann::json& root = document.root;
    std::vector<Diagnostic>& problems = result.diagnostics;
    const Reader r(document, problems);
    if (!r.expect_object(root, "")) {
        return result;
    }
    const std::optional<std::string> command = r.string(root, "", "command", Required::yes);
    if (!command) {
        return result;
    }
    if (*command != "check") {
        r.error("command", fmt::format("this is the report of `ftadvisor {}`; --base reads the JSON report of "
                                       "`ftadvisor check --format json` run on the base branch",
                                       text::shorten(*command, 40)));
        return result;
    }
    if (const std::optional<double> version = r.number(root, "", "output_version", Required::yes);
        version && *version != k_output_version) {
        r.error("output_version", fmt::format("expected output_version {}, got {}: write the base's report with this "
                                              "version of ftadvisor",
                                              k_output_version, text::format_number(*version)));
    }
    if (!root.contains("proposals")) {
        r.error("proposals", "missing: the report lists no proposals");
        return result;
    }
    const nlohmann::json& list = root["proposals"];
    if (!r.expect_array(list, "proposals")) {
        return result;
    }
    auto optional_string = [&](const nlohmann::json& node, const std::string& path,
                               const char* key) -> std::optional<std::string> {
        if (!node.contains(key) || node[key].is_null()) {
            return std::nullopt;
        }
        return r.string(node, path, key, Required::yes);
    };
    std::vector<BaseProposal> proposals;
    std::set<std::pair<std::string, std::size_t>> seen; // each file and line once
    for (std::size_t i = 0; i < list.size() && !r.full(); ++i) {
        const std::string path = join_path("proposals", i);
        const nlohmann::json& node = list[i];
        if (!r.expect_object(node, path)) {
            continue;
        }
        BaseProposal p;
        p.file = r.string(node, path, "file", Required::yes).value_or("");
        if (node.contains("line")) {
            const std::optional<double> line = r.number(node, path, "line", Required::yes);
            if (line && (*line < 1 || *line != std::floor(*line) || *line > 1e15)) {
                r.error(join_path(path, "line"), "expected a line number, a whole number from 1");
            } else if (line) {
                p.line = static_cast<std::size_t>(*line);
            }
        }
        p.name = optional_string(node, path, "name").value_or("");
        if (const std::optional<std::string> status = r.string(node, path, "status", Required::yes)) {
            if (const std::optional<CheckStatus> known = status_named(*status)) {
                p.status = *known;
            } else {
                r.error(join_path(path, "status"),
                        fmt::format("expected pass, warn, fail or invalid, got '{}'", text::shorten(*status, 40)));
            }
        }
        p.verdict = optional_string(node, path, "verdict").value_or("");
        p.approach = optional_string(node, path, "approach_checked").value_or("");
        if (node.contains("cost_usd") && !node["cost_usd"].is_null()) {
            const std::string cost_path = join_path(path, "cost_usd");
            if (r.expect_object(node["cost_usd"], cost_path)) {
                const std::optional<double> low = r.number(node["cost_usd"], cost_path, "low", Required::yes);
                const std::optional<double> high = r.number(node["cost_usd"], cost_path, "high", Required::yes);
                if (low && high && (*low < 0 || *high < *low || *high > k_most_usd)) {
                    r.error(cost_path, fmt::format("expected 0 <= low <= high <= {}", text::format_number(k_most_usd)));
                } else if (low && high) {
                    p.cost_usd = Range{*low, *high};
                }
                p.open_ended = r.boolean(node["cost_usd"], cost_path, "open_ended", Required::no).value_or(false);
            }
        }
        if (node.contains("findings")) {
            const std::string findings_path = join_path(path, "findings");
            const nlohmann::json& findings = node["findings"];
            if (r.expect_array(findings, findings_path)) {
                for (std::size_t f = 0; f < findings.size() && !r.full(); ++f) {
                    const std::string finding_path = join_path(findings_path, f);
                    if (!r.expect_object(findings[f], finding_path)) {
                        continue;
                    }
                    const std::optional<std::string> id = r.string(findings[f], finding_path, "id", Required::yes);
                    const std::optional<bool> waived = r.boolean(findings[f], finding_path, "waived", Required::yes);
                    if (id && waived && !*waived &&
                        std::find(p.findings.begin(), p.findings.end(), *id) == p.findings.end()) {
                        p.findings.push_back(*id);
                    }
                }
            }
        }
        if (!p.file.empty() && !seen.emplace(normal_path(p.file), p.line).second) {
            r.error(path,
                    fmt::format("{} is listed twice", p.line > 0 ? fmt::format("{}:{}", p.file, p.line) : p.file));
        }
        proposals.push_back(std::move(p));
    }
    if (problems.empty()) {
        result.value = std::move(proposals);
    }
    return result;
}

} // namespace ftadvisor
