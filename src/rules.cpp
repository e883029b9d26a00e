#include "ftadvisor/rules.hpp"

#include "rule_loader.hpp"
#include "rule_merge.hpp"
#include "rule_sections.hpp"
#include "text.hpp"
#include "what_would_change.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

namespace ftadvisor {

using nlohmann::json;

Rules RulesLoader::finish()
{
    load_approaches();
    load_stages();
    load_questions();
    load_thresholds();
    load_lexicons();
    load_negation();
    load_numbers();
    load_amounts();
    load_spelling();
    define_facts();
    load_base_scores();
    load_inferences();
    load_decisions();
    load_pitfalls();
    load_tiers();
    load_upkeep();
    load_routes();
    load_training();
    load_waiver_policy();
    load_scenarios();
    load_plans();
    check_every_verdict_planned();
    check_questions_used();
    check_verdicts_reachable();
    if (m_reader.failed()) {
        return std::move(m_rules); // not used: rules with problems are not served, so nothing is built for them
    }
    m_rules.description_reader = std::make_shared<const DescriptionReader>(
        m_rules.lexicons, m_rules.negation, m_rules.numbers, m_rules.amounts, m_rules.spelling);
    m_rules.change_index = make_change_index(m_rules);
    return std::move(m_rules);
}

void RulesLoader::check_questions_used()
{
    for (std::size_t i = 0; i < m_rules.questions.size(); ++i) {
        const std::string& id = m_rules.questions[i].id;
        if (m_used_facts.count("answers." + id) == 0) {
            m_reader.error(join_path(join_path("questions", i), "id"),
                           fmt::format("question '{}' is not used by any rule", id));
        }
    }
}

void RulesLoader::check_verdicts_reachable()
{
    for (std::size_t i = 1; i < m_rules.approaches.size(); ++i) {
        const std::string& id = m_rules.approaches[i].id;
        auto base = m_rules.base_scores.find(id);
        bool reachable = base != m_rules.base_scores.end() && base->second > 0;
        for (const DecisionRule& rule : m_rules.decisions) {
            auto points = rule.scores.find(id);
            reachable = reachable || (points != rule.scores.end() && points->second > 0);
        }
        if (!reachable) {
            m_reader.error(join_path(join_path("approaches", i), "id"),
                           fmt::format("verdict '{}' cannot be reached: no base score or rule gives it points", id));
        }
    }
}

std::vector<SectionEntry> RulesLoader::section(const std::string& name) const
{
    std::vector<SectionEntry> items;
    auto found = m_root.find(name);
    if (found == m_root.end()) {
        return items;
    }
    if (!found->is_array()) {
        items.push_back(SectionEntry{name, &*found});
        return items;
    }
    for (std::size_t i = 0; i < found->size(); ++i) {
        items.push_back(SectionEntry{join_path(name, i), &(*found)[i]});
    }
    return items;
}

std::optional<std::string> RulesLoader::read_id(const SectionEntry& item, std::set<std::string>& seen)
{
    const Reader r = reader(item);
    auto id = r.string(*item.node, item.path, "id", Required::yes);
    if (id && !seen.insert(*id).second) {
        r.error(join_path(item.path, "id"), fmt::format("duplicate id '{}'", *id));
        return std::nullopt;
    }
    return id;
}

const char* severity_name(Severity severity)
{
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::info:
        return "info";
    }
    return "info";
}

namespace {

template <typename Entry>
std::vector<std::string> ids_of(const std::vector<Entry>& entries)
{
    std::vector<std::string> ids;
    ids.reserve(entries.size());
    for (const auto& entry : entries) {
        ids.push_back(entry.id);
    }
    return ids;
}

} // namespace

std::vector<std::string> Rules::approach_ids() const
{
    return ids_of(approaches);
}

std::vector<std::string> Rules::question_ids() const
{
    return ids_of(questions);
}

std::vector<std::string> Rules::pitfall_ids() const
{
    return ids_of(pitfalls);
}

const Question* Rules::find_question(std::string_view id) const
{
    auto found = std::find_if(questions.begin(), questions.end(), [&](const Question& q) { return q.id == id; });
    return found == questions.end() ? nullptr : &*found;
}

const char* route_kind_name(RouteKind kind)
{
    return kind == RouteKind::hosted ? "hosted" : "self-hosted";
}

const char* route_status_name(RouteStatus status)
{
    switch (status) {
    case RouteStatus::open:
        return "open";
    case RouteStatus::closing:
        return "closing";
    case RouteStatus::closed:
        return "closed";
    }
    return "closed";
}

const RouteSource* Route::source_of(std::string_view what) const
{
    auto found = std::find_if(sources.begin(), sources.end(), [&](const RouteSource& s) { return s.what == what; });
    return found == sources.end() ? nullptr : &*found;
}

std::vector<std::string> Rules::provider_ids() const
{
    std::vector<std::string> ids;
    for (const Route& route : routes) {
        if (std::find(ids.begin(), ids.end(), route.provider) == ids.end()) {
            ids.push_back(route.provider);
        }
    }
    return ids;
}

std::vector<const Route*> Rules::find_routes(std::string_view provider, std::string_view model) const
{
    std::vector<const Route*> found;
    for (const Route& route : routes) {
        if (route.provider == provider && (model.empty() || route.model == model)) {
            found.push_back(&route);
        }
    }
    return found;
}

bool Pitfall::concerns(std::string_view approach) const
{
    return applies_to.empty() || std::find(applies_to.begin(), applies_to.end(), approach) != applies_to.end();
}

const Pitfall* Rules::find_pitfall(std::string_view id) const
{
    auto found = std::find_if(pitfalls.begin(), pitfalls.end(), [&](const Pitfall& p) { return p.id == id; });
    return found == pitfalls.end() ? nullptr : &*found;
}

const Approach* Rules::find_approach(std::string_view id) const
{
    auto found = std::find_if(approaches.begin(), approaches.end(), [&](const Approach& a) { return a.id == id; });
    return found == approaches.end() ? nullptr : &*found;
}

RulesResult load_rules(const std::vector<RuleSource>& sources)
{
    RulesResult result;
    Origins origins;
    json root = merge_rules(sources, origins, result.diagnostics);
    RulesLoader loader(
        root,
        [&origins](std::string_view path, std::string message) {
        return diagnose_merged(origins, path, std::move(message));
        },
        result.diagnostics);
    Rules rules = loader.finish();
    rules.merged = std::make_shared<const MergedRules>(MergedRules{std::move(root)}); // the loader is done with it

    std::vector<std::string> files;
    for (const auto& source : sources) {
        files.push_back(source.name);
    }
    for (const auto& source : sources) {
        withhold_linked_problems(result.diagnostics, source.name, 0, source.linked_to, "rules file");
    }
    sort_diagnostics(result.diagnostics, files);
    limit_diagnostics(result.diagnostics);
    if (rules.approaches.empty() && result.diagnostics.empty()) {
        result.diagnostics.push_back(Diagnostic{"<rules>", {}, {}, "the rules define no approaches", {}});
    }
    if (result.diagnostics.empty()) {
        for (const auto& source : sources) {
            if (!source.built_in) {
                rules.overlays.push_back(RulesOverlay{source.name, sha256_hex(source.text)});
            }
        }
        result.value = std::move(rules);
    }
    return result;
}

RuleSourcesResult read_rule_sources(const std::vector<std::string>& paths, const FileSystem& files,
                                    const ReadLimits& limits)
{
    RuleSourcesResult result;
    auto add_file = [&](const std::string& path) {
        FileText file = files.read_file(path, limits.max_rules_bytes);
        if (file.too_large) {
            file.error->message = fmt::format("is larger than the {} a rules file may be (--max-rules-size)",
                                              describe_size(limits.max_rules_bytes));
        }
        if (file.text) {
            result.sources.push_back(
                RuleSource{path, std::move(*file.text), DocumentFormat::yaml, {}, std::move(file.linked_to)});
        } else {
            result.diagnostics.push_back(*file.error);
        }
    };
    for (const auto& path : paths) {
        if (files.kind(path) != PathKind::folder) {
            add_file(path);
            continue;
        }
        FolderListing listing = files.list(path, {".yaml", ".yml"}, Recursive::no);
        if (listing.error) {
            result.diagnostics.push_back(std::move(*listing.error));
            continue;
        }
        if (listing.files.empty()) {
            result.diagnostics.push_back(Diagnostic{path, {}, {}, "the folder holds no .yaml or .yml files", {}});
        }
        for (const FolderFile& file : listing.files) {
            if (file.link) {
                result.diagnostics.push_back(Diagnostic{file.path, {}, {}, k_link_in_folder, {}});
            } else {
                add_file(file.path);
            }
        }
    }
    return result;
}

std::string sha256_hex(std::string_view bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw Error("SHA-256 is not available from the crypto library");
    }
    std::string hex;
    hex.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        fmt::format_to(std::back_inserter(hex), "{:02x}", digest[i]);
    }
    return hex;
}

const Rules& default_rules()
{
    static const Rules rules = [] {
        RulesResult result = load_rules(embedded_rule_sources());
        if (!result.value) {
            std::string message = "the embedded rules do not load:\n";
            for (const auto& diagnostic : result.diagnostics) {
                message += format_diagnostic(diagnostic);
            }
            throw Error(message);
        }
        return std::move(*result.value);
    }();
    return rules;
}

} // namespace ftadvisor
