#include "check_command.hpp"

#include "ftadvisor/batch.hpp"
#include "ftadvisor/check.hpp"
#include "ftadvisor/io.hpp"
#include "ftadvisor/report.hpp"
#include "input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

namespace ftadvisor::cli {
namespace {

const std::vector<std::string> k_check_formats = report_format_names(ReportCommand::check);

struct CheckOptions {
    std::vector<std::string> paths;
    std::string fail_on = "mismatch";
    std::optional<double> max_cost;
    std::string today;
    std::vector<std::string> reports; // FORMAT=FILE
    bool force = false;
    bool allow_empty = false; // a run that finds no proposals passes
    std::size_t max_proposals = k_default_max_proposals;
    unsigned jobs = 0;
    std::string rules_from_base; // a checkout of the base branch to read the rules overlays from
    std::string base;            // a checkout of the base branch, or the JSON report of its check
    bool only_changed = false;
    IncreaseLimit max_increase;
};

struct ReportTarget {
    std::string format;
    std::string file;
};

FailOn parse_fail_on(const std::string& word)
{
    return word == "warning" ? FailOn::warning : word == "never" ? FailOn::never : FailOn::mismatch;
}

// Parses the --report values and refuses, before any work, what could not be written:
// an unknown format, a file named twice, or what FileSystem::writable refuses (without
// --force, a file that exists).
std::optional<std::vector<ReportTarget>> report_targets(const CheckOptions& options)
{
    std::vector<ReportTarget> targets;
    bool ok = true;
    for (const std::string& value : options.reports) {
        const std::size_t equals = value.find('=');
        const std::string format = value.substr(0, equals);
        if (equals == std::string::npos || equals + 1 == value.size()) {
            std::cerr << fmt::format("ftadvisor: error: --report {}: expected FORMAT=FILE, for example "
                                     "junit=ftadvisor.xml\n",
                                     value);
            ok = false;
            continue;
        }
        if (std::find(k_check_formats.begin(), k_check_formats.end(), format) == k_check_formats.end()) {
            std::cerr << fmt::format("ftadvisor: error: --report {}: unknown format '{}'; expected one of {}\n", value,
                                     format, fmt::join(k_check_formats, ", "));
            ok = false;
            continue;
        }
        ReportTarget target{format, value.substr(equals + 1)};
        const bool twice =
            std::any_of(targets.begin(), targets.end(), [&](const ReportTarget& t) { return t.file == target.file; });
        if (twice) {
            std::cerr << fmt::format("ftadvisor: error: --report {}: {} is named by another --report\n", value,
                                     target.file);
            ok = false;
        } else if (auto refused = local_files().writable(target.file, options.force ? Overwrite::yes : Overwrite::no)) {
            std::cerr << format_diagnostic(*refused);
            ok = false;
        }
        targets.push_back(std::move(target));
    }
    return ok ? std::optional(targets) : std::nullopt;
}

// The base's proposals below a checkout of the base branch: the same paths, checked with the
// same rules and policy. A path the base does not have holds nothing there (the pull request
// adds it). Its problems are the base's, not the pull request's: not reported.
std::shared_ptr<const Base> base_from_folder(const CheckOptions& options, const Rules& rules, const CheckPolicy& policy,
                                             const Run& run)
{
    std::vector<std::string> paths;
    for (const std::string& path : options.paths) {
        // Below the checkout and nowhere else: "../head/proposals" would compare the pull
        // request with itself.
        const std::filesystem::path normal = std::filesystem::path(path).lexically_normal();
        if (path == "-" || normal.is_absolute() || (!normal.empty() && *normal.begin() == "..")) {
            std::cerr << fmt::format(
                "ftadvisor: error: --base {}: the proposals are looked for at the same paths below "
                "it, and {} is not a path below the working folder; name them relative to the checkout's root, or "
                "give --base the JSON report of the base's check\n",
                options.base, path == "-" ? std::string("standard input") : path);
            return nullptr;
        }
        const std::string below = (std::filesystem::path(options.base) / path).string();
        if (run.files().kind(below) != PathKind::missing) {
            paths.push_back(below);
        }
    }
    std::vector<BaseProposal> proposals;
    if (!paths.empty()) {
        SpecInputs inputs(paths, run);
        CheckedProposals checked = check_proposals(
            inputs, rules, policy, run, [](const Diagnostic&) {}, options.max_proposals);
        if (checked.stopped) {
            std::cerr << fmt::format("ftadvisor: error: --base {}: more than {} proposals; raise --max-proposals\n",
                                     options.base, options.max_proposals);
            return nullptr;
        }
        for (const ProposalCheck& check : checked.checks) {
            proposals.push_back(base_proposal(check, options.base));
        }
    }
    if (proposals.empty()) {
        std::cerr << fmt::format("ftadvisor: note: --base {}: no proposals at {} below it; every proposal counts as "
                                 "added\n",
                                 options.base, fmt::join(options.paths, ", "));
    }
    return std::make_shared<const Base>(options.base, false, std::move(proposals));
}

// The base: a checkout's folder, or the JSON report of a check run on the base branch.
std::shared_ptr<const Base> load_base(const CheckOptions& options, const Rules& rules, const CheckPolicy& policy,
                                      const Run& run)
{
    if (options.base == "-") {
        std::cerr << "ftadvisor: error: --base does not read standard input: give a checkout of the base branch or "
                     "the file of its JSON report\n";
        return nullptr;
    }
    switch (run.files().kind(options.base)) {
    case PathKind::folder:
        return base_from_folder(options, rules, policy, run);
    case PathKind::file:
        break;
    case PathKind::missing:
    case PathKind::other:
        std::cerr << fmt::format("ftadvisor: error: --base {}: no such folder or file; give a checkout of the base "
                                 "branch or the JSON report of its check (check --format json)\n",
                                 options.base);
        return nullptr;
    }
    const FileText file = run.files().read_file(options.base, k_max_base_report_bytes);
    if (!file.text) {
        std::cerr << format_diagnostic(*file.error);
        return nullptr;
    }
    Result<std::vector<BaseProposal>> read = read_base_report(*file.text, options.base);
    if (!read.value) {
        report(read.diagnostics, std::cerr);
        std::cerr << "ftadvisor: note: --base FILE is the JSON report of `ftadvisor check --format json` run on the "
                     "base branch; --base DIR is a checkout of it\n";
        return nullptr;
    }
    if (read.value->empty()) {
        std::cerr << fmt::format("ftadvisor: note: --base {}: the report lists no proposals; every proposal counts as "
                                 "added\n",
                                 options.base);
    }
    return std::make_shared<const Base>(options.base, true, std::move(*read.value));
}

// The workflow's step summary: the runner gives the file, and each step appends to it.
bool append_step_summary(const std::string& markdown)
{
    const char* path = std::getenv("GITHUB_STEP_SUMMARY");
    if (path == nullptr || *path == '\0') {
        return true;
    }
    // A line break first: the step before may have left its last line open.
    if (auto failure = local_files().append(path, "\n" + markdown)) {
        std::cerr << fmt::format("ftadvisor: error: GITHUB_STEP_SUMMARY {}: cannot append the report: {}\n", path,
                                 failure->message);
        return false;
    }
    return true;
}

// Whether the options make sense together, before anything is read; says why not.
bool options_agree(const CheckOptions& options, const GlobalOptions& global)
{
    if (std::find(k_check_formats.begin(), k_check_formats.end(), global.format) == k_check_formats.end()) {
        std::cerr << fmt::format("ftadvisor: error: check cannot write --format {}; use one of {}\n", global.format,
                                 fmt::join(k_check_formats, ", "));
        return false;
    }
    if (options.base.empty() && (options.only_changed || options.max_increase.usd || options.max_increase.percent)) {
        std::cerr << fmt::format("ftadvisor: error: {} compares with the base branch: give --base DIR (a checkout of "
                                 "it) or --base FILE (the JSON report of its check)\n",
                                 options.only_changed ? "--only-changed" : "--fail-on-increase");
        return false;
    }
    return true;
}

// Says on standard error that the run found nothing: an error unless --allow-empty.
void note_empty(const CheckOptions& options)
{
    // A job pointed at the wrong path must not go green.
    std::cerr << fmt::format("ftadvisor: {}: no proposals found in {}; folders are searched for *.json, *.yaml, "
                             "*.yml and *.jsonl files with spec_version{}\n",
                             options.allow_empty ? "warning" : "error", fmt::join(options.paths, ", "),
                             options.allow_empty ? ""
                                                 : "; check the path, or pass --allow-empty if a run "
                                                   "with none should pass");
}

// Writes the --report files, the report on standard output and, for --format github, the
// step summary; says on standard error what could not be written.
bool write_reports(const CheckReport& report, const std::vector<ReportTarget>& targets, const CheckOptions& options,
                   const GlobalOptions& global)
{
    bool written = true;
    for (const ReportTarget& target : targets) {
        const TextOptions plain{false, 80};
        if (auto failure =
                local_files().write_atomically(target.file, render_check_report(target.format, report, plain),
                                               options.force ? Overwrite::yes : Overwrite::no)) {
            std::cerr << format_diagnostic(*failure);
            written = false;
        }
    }
    std::cout << render_check_report(global.format, report, TextOptions{use_color(global), terminal_width()});
    if (global.format == "github") {
        written = append_step_summary(render_check_markdown(report)) && written;
    }
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "ftadvisor: error: cannot write the output\n";
        return false;
    }
    return written;
}

int run_check(const CheckOptions& options, const GlobalOptions& global)
{
    if (!options_agree(options, global)) {
        return k_exit_invalid;
    }
    const auto targets = report_targets(options);
    if (!targets) {
        return k_exit_invalid;
    }
    const auto loaded = load_effective_rules(global, std::cerr, {}, options.rules_from_base);
    if (!loaded) {
        return k_exit_invalid;
    }
    const Rules& rules = *loaded;

    CheckReport report;
    report.rules_overlays = rules.overlays;
    report.rules_from = options.rules_from_base;
    report.fail_on = parse_fail_on(options.fail_on);
    report.allow_empty = options.allow_empty;
    report.finding_kinds = finding_kinds(rules);
    report.policy.max_cost_usd = options.max_cost;
    report.policy.today = options.today.empty() ? today_utc() : options.today;
    report.only_changed = options.only_changed;

    const Run run(local_files(), read_limits(global), job_count(options.jobs));
    if (!options.base.empty()) {
        report.base = load_base(options, rules, report.policy, run);
        if (!report.base) {
            return k_exit_invalid;
        }
        report.policy.max_increase = options.max_increase;
    }
    note_reading_terminal(options.paths);
    SpecInputs inputs(options.paths, run);
    CheckedProposals checked = check_proposals(
        inputs, rules, report.policy, run, [](const Diagnostic& d) { std::cerr << format_diagnostic(d); },
        options.max_proposals, report.base.get());
    report.checks = std::move(checked.checks);
    report.summary = summarize(report.checks);
    report.removed = std::move(checked.removed);
    if (report.base && !report.checks.empty() && report.removed.size() == report.base->proposals().size() &&
        !report.removed.empty()) {
        std::cerr << fmt::format("ftadvisor: warning: --base {}: no proposal matched one of the base's: are the paths "
                                 "the same on both sides (relative to the same folder)?\n",
                                 report.base->from());
    }
    if (checked.stopped) {
        const std::string most = std::to_string(options.max_proposals);
        std::cerr << fmt::format("ftadvisor: error: more than {0} proposals: the first {0} were checked and the rest "
                                 "not read; check them in smaller runs or raise --max-proposals\n",
                                 most);
    }
    note_skipped(inputs.skipped());
    if (report.checks.empty()) {
        note_empty(options);
    }

    const bool written = write_reports(report, *targets, options, global);
    if (!written) {
        return k_exit_invalid;
    }
    if (report.summary.invalid > 0 || checked.stopped || report.empty_refused()) {
        return k_exit_invalid;
    }
    return report.failing() > 0 ? k_exit_failed : k_exit_ok;
}

// --base and the options that need it.
void add_base_options(CLI::App& command, CheckOptions& options)
{
    command
        .add_option("--base", options.base,
                    "Compare with the base branch and report what changed (added, removed, verdict, status, cost, "
                    "findings): PATH is a checkout of it (the same paths are checked below it, with the same rules) "
                    "or the JSON report of its check (check --format json)")
        ->type_name("PATH");
    command.add_flag("--only-changed", options.only_changed,
                     "With --base: the text and Markdown tables show only the proposals that changed, and those that "
                     "fail");
    add_increase_option(command, "--fail-on-increase", options.max_increase,
                        "With --base: a proposal whose estimated upper cost grew by more than USD, or more than PCT% "
                        "of the base's, fails (finding cost-increase); give both to hold to both");
}

} // namespace

void setup_check_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    auto options = std::make_shared<CheckOptions>();
    CLI::App* command = app.add_subcommand("check", "Check project proposals against the rules, for CI: fails when a "
                                                    "proposal asks for an approach the rules do not support");
    command
        ->add_option("path", options->paths,
                     "Proposals (specs) to check: files, folders (their *.json, *.yaml, *.yml and *.jsonl files, "
                     "recursively; a JSON or YAML file without a top-level spec_version is skipped and counted), "
                     ".jsonl files, or - for standard input")
        ->required()
        ->type_name("PATH");
    command
        ->add_option("--fail-on", options->fail_on,
                     "What fails the run: mismatch (the default: an unsupported approach, an error pitfall, a "
                     "budget overrun, a bad waiver), warning (warnings too) or never (report only)")
        ->check(one_of({"mismatch", "warning", "never"}))
        ->option_text("WHEN");
    add_usd_option(*command, "--max-cost", options->max_cost,
                   "Fail a proposal whose estimated upper cost is over USD (a proposal's own budget_usd does the "
                   "same for it)");
    add_today_option(*command, options->today,
                     "The date waivers are judged against, YYYY-MM-DD (default: today, in UTC)");
    command
        ->add_option(
            "--report", options->reports,
            fmt::format("Also write the report in FORMAT ({}) to FILE; repeatable", fmt::join(k_check_formats, ", ")))
        ->type_name("FORMAT=FILE")
        ->allow_extra_args(false);
    command->add_flag("--force", options->force, "Replace report files that exist");
    command->add_flag("--allow-empty", options->allow_empty,
                      "Pass when no proposal is found (without it, finding none is an error, exit 2: a job pointed "
                      "at the wrong path must not go green)");
    command
        ->add_option("--rules-from-base", options->rules_from_base,
                     "Read the rules overlays (--rules, FTADVISOR_RULES) below DIR, a checkout of the base branch, "
                     "instead of the working folder: a pull request cannot loosen the rules it is checked against")
        ->type_name("DIR");
    command
        ->add_option("--max-proposals", options->max_proposals,
                     "Read at most N proposals (default: 100,000); past it the run stops with exit 2 (a report "
                     "holds every proposal, so this bounds its memory)")
        ->check(whole_number(1, std::uint64_t{1} << 32))
        ->option_text("N");
    add_base_options(*command, *options);
    add_jobs_option(*command, options->jobs, "Check");
    command->footer(R"(A proposal passes when its proposed_approach is the verdict or among `also`, no
error-severity pitfall concerning that approach applies, its estimated cost is within its
budget_usd and --max-cost, and its waivers are in order. Without proposed_approach, the
verdict is the approach checked. Warnings fail the run only with --fail-on warning.

Waivers: a proposal may accept a finding for a while:
  waivers: [{rule: no-baseline-comparison, reason: "baseline run booked", expires: 2027-03-31}]
A waived finding is reported and counted apart and does not fail the proposal. A waiver
that has expired, gives no reason or names no finding is itself a failure.

Rules overlays: every report names the files laid over the built-in rules and their
SHA-256. In a pull request, --rules-from-base DIR reads them from a checkout of the base
branch, so that the change cannot bring its own, looser rules.

The change a pull request makes: --base PATH compares each proposal with the base branch's
(a file by its path; one of a .jsonl stream by its path and name) and every report says
what was added, removed or changed: status, verdict, estimated cost, findings new and fixed.

Output (--format; --report FORMAT=FILE writes more reports in the same run):
)" + report_format_help(ReportCommand::check) +
                    R"(
Examples:
  ftadvisor check proposals/
  ftadvisor check --max-cost 20000 --report junit=ftadvisor.xml proposals/
  ftadvisor check --report markdown=comment.md proposals/
  ftadvisor check --format github proposals/
  ftadvisor --rules team-rules/ check --rules-from-base base/ proposals/
  ftadvisor check --base base/ --fail-on-increase 10% --only-changed proposals/

Exit status (whatever the flags): 0 every proposal passes; 1 at least one fails; 2 a
proposal could not be read or is invalid (the others are still checked and reported), or
a usage error. docs/ci.md has the CI set-ups.)");
    command->callback([options, &global, &exit_code] { exit_code = run_check(*options, global); });
}

} // namespace ftadvisor::cli
