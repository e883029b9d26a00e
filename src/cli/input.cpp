#include "cli/input.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>

namespace ftadvisor::cli {
namespace {

const char* const k_stdin_name = "<stdin>";

std::vector<std::string> split_paths(const char* list)
{
    std::vector<std::string> paths;
    if (list == nullptr) {
        return paths;
    }
    std::string_view rest(list);
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string_view path = rest.substr(0, colon);
        if (!path.empty()) {
            paths.emplace_back(path);
        }
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
    return paths;
}

} // namespace

void report(const std::vector<Diagnostic>& diagnostics, std::ostream& err)
{
    for (const auto& diagnostic : diagnostics) {
        err << format_diagnostic(diagnostic);
    }
}

std::shared_ptr<const Rules> load_effective_rules(const GlobalOptions& options, std::ostream& err,
                                                  const std::vector<std::string>& extra)
{
    std::vector<std::string> paths = split_paths(std::getenv("FTADVISOR_RULES"));
    paths.insert(paths.end(), options.rules.begin(), options.rules.end());
    paths.insert(paths.end(), extra.begin(), extra.end());
    if (paths.empty()) {
        // Shares the process-wide default rules without owning them.
        return std::shared_ptr<const Rules>(std::shared_ptr<const Rules>(), &default_rules());
    }
    RuleSourcesResult files = read_rule_sources(paths);
    if (!files.diagnostics.empty()) {
        report(files.diagnostics, err);
        return nullptr;
    }
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.insert(sources.end(), files.sources.begin(), files.sources.end());
    RulesResult rules = load_rules(sources);
    if (!rules.rules) {
        report(rules.diagnostics, err);
        return nullptr;
    }
    return std::make_shared<const Rules>(std::move(*rules.rules));
}

std::optional<Spec> load_spec(const std::string& path, const Rules& rules, std::ostream& err)
{
    std::string text;
    std::string name = path;
    if (path == "-") {
        name = k_stdin_name;
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        text = std::move(buffer).str();
    } else {
        FileText file = read_file(path);
        if (!file.text) {
            report({*file.error}, err);
            return std::nullopt;
        }
        text = std::move(*file.text);
    }
    DocumentResult document = parse_document(text, name, detect_format(path == "-" ? "" : path, text));
    if (!document.document) {
        report(document.diagnostics, err);
        return std::nullopt;
    }
    SpecResult spec = parse_spec(*document.document, rules);
    if (!spec.spec) {
        report(spec.diagnostics, err);
        return std::nullopt;
    }
    return spec.spec;
}

bool use_color(const GlobalOptions& options)
{
    if (options.color == "always") {
        return true;
    }
    if (options.color == "never") {
        return false;
    }
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    const bool dumb = term != nullptr && std::string_view(term) == "dumb";
    return ::isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0') && !dumb;
}

int terminal_width()
{
    // A pipe or file gets the width a report is read at; a terminal, its own.
    winsize size{};
    if (::isatty(STDOUT_FILENO) != 0 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) {
        return std::min(static_cast<int>(size.ws_col), 160);
    }
    return 80;
}

void add_jobs_option(CLI::App& command, unsigned& jobs, const char* verb)
{
    command.add_option("-j,--jobs", jobs, std::string(verb) + " on N threads (default: one per core, at most 8)")
        ->type_name("N")
        ->check(CLI::Range(1u, 256u));
}

unsigned job_count(unsigned requested)
{
    return requested > 0 ? requested : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

} // namespace ftadvisor::cli
