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

namespace ftadvisor {
namespace {

std::string normal_path(std::string_view file)
{
    if (file == "-") {
        return std::string(file);
    }
    std::string out = std::filesystem::path(file).lexically_normal().generic_string();
    return out.empty() ? std::string(file) : out;
}

// The keys a proposal is found by: its path alone for a whole file; in a stream, its path with
// its name, and its path with its line.
std::string file_key(std::string_view file)
{
    return normal_path(file) + '\n';
}

std::string name_key(std::string_view file, std::string_view name)
{
    return fmt::format("{}\nN{}", normal_path(file), name);
}

std::string line_key(std::string_view file, std::size_t line)
{
    return fmt::format("{}\nL{}", normal_path(file), line);
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

// The cost-increase finding, when the policy sets a limit and the proposal's upper cost grew
// past it.
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
    const std::string by = priced_before ? fmt::format("{} ({}%)", text::format_usd(grown),
                                                       text::format_number(std::round(percent * 10) / 10))
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
    for (std::size_t i = 0; i < m_proposals.size(); ++i) {
        const BaseProposal& p = m_proposals[i];
        if (p.line == 0) {
            m_index.emplace_back(file_key(p.file), i);
            continue;
        }
        if (!p.name.empty()) {
            m_index.emplace_back(name_key(p.file, p.name), i);
        }
        m_index.emplace_back(line_key(p.file, p.line), i);
    }
    // Stable: of several proposals with one name, the first in the base comes first.
    std::stable_sort(m_index.begin(), m_index.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

const BaseProposal* Base::find(const ProposalCheck& check) const
{
    auto range = [&](const std::string& key) {
        return std::equal_range(m_index.begin(), m_index.end(), std::pair(key, std::size_t{0}),
                                [](const auto& a, const auto& b) { return a.first < b.first; });
    };
    if (check.line == 0) {
        const auto [first, last] = range(file_key(check.file));
        return first == last ? nullptr : &m_proposals[first->second];
    }
    if (!check.name.empty()) {
        const auto [first, last] = range(name_key(check.file, check.name));
        if (first != last) {
            // Of several of that name, the one on the same line, else the first.
            const auto same_line = std::find_if(
                first, last, [&](const auto& entry) { return m_proposals[entry.second].line == check.line; });
            return &m_proposals[(same_line != last ? same_line : first)->second];
        }
    }
    const auto [first, last] = range(line_key(check.file, check.line));
    return first == last ? nullptr : &m_proposals[first->second];
}

std::vector<BaseProposal> Base::removed(const std::vector<ProposalCheck>& checks) const
{
    std::vector<bool> matched(m_proposals.size(), false);
    for (const ProposalCheck& check : checks) {
        if (const BaseProposal* found = find(check)) {
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
    p.findings = unwaived_ids(check.findings);
    return p;
}

void compare_with_base(ProposalCheck& check, const CheckPolicy& policy)
{
    if (policy.base == nullptr) {
        return;
    }
    const BaseProposal* base = policy.base->find(check);
    if (check.status != CheckStatus::invalid) {
        if (std::optional<Finding> finding = cost_increase(check, base, policy.max_increase)) {
            check.findings.push_back(std::move(*finding));
        }
    }
    ProposalChange change;
    if (base != nullptr) {
        change.base = *base;
    }
    check.change = std::move(change);
}

void settle_change(ProposalCheck& check)
{
    if (!check.change) {
        return;
    }
    ProposalChange& change = *check.change;
    const std::vector<std::string> ids = unwaived_ids(check.findings);
    if (!change.base) {
        change.kind = ChangeKind::added;
        change.new_findings = ids;
        return;
    }
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
        case ChangeKind::removed:
            ++s.unchanged;
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
    const std::vector<std::string> statuses = {"pass", "warn", "fail", "invalid"};
    std::vector<BaseProposal> proposals;
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
            const auto found = std::find(statuses.begin(), statuses.end(), *status);
            if (found == statuses.end()) {
                r.error(join_path(path, "status"),
                        fmt::format("expected pass, warn, fail or invalid, got '{}'", text::shorten(*status, 40)));
            } else {
                p.status = static_cast<CheckStatus>(found - statuses.begin());
            }
        }
        p.verdict = optional_string(node, path, "verdict").value_or("");
        p.approach = optional_string(node, path, "approach_checked").value_or("");
        if (node.contains("cost_usd") && !node["cost_usd"].is_null()) {
            const std::string cost_path = join_path(path, "cost_usd");
            if (r.expect_object(node["cost_usd"], cost_path)) {
                const std::optional<double> low = r.number(node["cost_usd"], cost_path, "low", Required::yes);
                const std::optional<double> high = r.number(node["cost_usd"], cost_path, "high", Required::yes);
                if (low && high && (*low < 0 || *high < *low)) {
                    r.error(cost_path, "expected 0 <= low <= high");
                } else if (low && high) {
                    p.cost_usd = Range{*low, *high};
                }
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
        proposals.push_back(std::move(p));
    }
    if (problems.empty()) {
        result.value = std::move(proposals);
    }
    return result;
}

} // namespace ftadvisor
