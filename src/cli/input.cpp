#include "input.hpp"

#include "ftadvisor/diagnostic.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sched.h>
#include <string_view>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>

namespace ftadvisor::cli {
namespace {

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
                                                  const std::vector<std::string>& extra, const std::string& base)
{
    std::vector<std::string> paths = split_paths(std::getenv("FTADVISOR_RULES"));
    paths.insert(paths.end(), options.rules.begin(), options.rules.end());
    paths.insert(paths.end(), extra.begin(), extra.end());
    if (!base.empty()) {
        if (local_files().kind(base) != PathKind::folder) {
            report({Diagnostic{
                       base, {}, "--rules-from-base", "not a folder; name the checkout of the base branch", {}, 0}},
                   err);
            return nullptr;
        }
        for (std::string& path : paths) {
            if (!path.empty() && path.front() == '/') {
                report({Diagnostic{path,
                                   {},
                                   "--rules-from-base",
                                   "a rules path is absolute; name it relative to the checkout, so that it is read "
                                   "from the base branch",
                                   {},
                                   0}},
                       err);
                return nullptr;
            }
            path = (std::filesystem::path(base) / path).lexically_normal().string();
        }
    }
    if (paths.empty()) {
        // Shares the process-wide default rules without owning them.
        return std::shared_ptr<const Rules>(std::shared_ptr<const Rules>(), &default_rules());
    }
    RuleSourcesResult files = read_rule_sources(paths, local_files(), read_limits(options));
    if (!files.diagnostics.empty()) {
        report(files.diagnostics, err);
        return nullptr;
    }
    std::vector<RuleSource> sources = embedded_rule_sources();
    sources.insert(sources.end(), files.sources.begin(), files.sources.end());
    RulesResult rules = load_rules(sources);
    if (!rules.value) {
        report(rules.diagnostics, err);
        return nullptr;
    }
    return std::make_shared<const Rules>(std::move(*rules.value));
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

int terminal_width(int fd)
{
    // A pipe or file gets the width a report is read at; a terminal, its own.
    winsize size{};
    if (::isatty(fd) != 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return std::clamp(static_cast<int>(size.ws_col), 40, 160); // narrower than 40: 40, the least laid out
    }
    return 80;
}

namespace {

// The filter MessageWrapping puts before standard error's own buffer.
class WrappingBuffer : public std::streambuf {
public:
    WrappingBuffer(std::streambuf* out, std::size_t width) : m_out(out), m_width(width) {}

protected:
    int_type overflow(int_type c) override
    {
        if (traits_type::eq_int_type(c, traits_type::eof())) {
            return traits_type::not_eof(c);
        }
        m_line += traits_type::to_char_type(c);
        if (m_line.back() == '\n') {
            emit();
        }
        return c;
    }

    std::streamsize xsputn(const char* s, std::streamsize n) override
    {
        for (std::streamsize i = 0; i < n; ++i) {
            overflow(traits_type::to_int_type(s[i]));
        }
        return n;
    }

    // A flush passes on what is not a message of ours being written (a progress bar).
    int sync() override
    {
        if (!is_message()) {
            emit();
        }
        return m_out->pubsync();
    }

private:
    static constexpr std::string_view k_prefix = "ftadvisor: ";

    // Whether the line so far is, or may yet be, a message of ours.
    bool is_message() const
    {
        return std::string_view(m_line).substr(0, k_prefix.size()) == k_prefix.substr(0, m_line.size());
    }

    void emit()
    {
        if (m_line.empty()) {
            return;
        }
        std::string text = std::move(m_line);
        m_line.clear();
        const bool ends = text.back() == '\n';
        if (ends && text.rfind(k_prefix, 0) == 0 && text.size() - 1 > m_width) {
            text = hanging("", std::string_view(text).substr(0, text.size() - 1), 2, m_width);
        }
        m_out->sputn(text.data(), static_cast<std::streamsize>(text.size()));
    }

    std::streambuf* m_out;
    std::size_t m_width;
    std::string m_line;
};

// A plain amount, a finite number of 0 or more ("5000", "12500.50"); nothing for anything else.
std::optional<double> plain_amount(std::string_view given)
{
    // Digits with at most one decimal point: no sign, space, exponent or hexadecimal, which
    // strtod would take.
    const bool plain = !given.empty() && given.find_first_not_of("0123456789.") == std::string_view::npos &&
                       std::count(given.begin(), given.end(), '.') <= 1 && given != ".";
    if (!plain) {
        return std::nullopt;
    }
    const std::string text(given);
    char* end = nullptr;
    errno = 0;
    const double value = text.empty() ? -1 : std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value) || value < 0) {
        return std::nullopt;
    }
    return value;
}

// What the user typed, for a message: at most 40 bytes, nothing but printable ASCII.
std::string shown(const std::string& given)
{
    std::string out = given.substr(0, 40);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c < ' ' || c > '~'; }, '?');
    return out;
}

} // namespace

CLI::Validator one_of(std::vector<std::string> choices)
{
    const std::string listed = fmt::format("{{{}}}", fmt::join(choices, ","));
    return CLI::Validator(
        [choices = std::move(choices)](std::string& given) -> std::string {
            if (std::find(choices.begin(), choices.end(), given) != choices.end()) {
                return "";
            }
            return fmt::format("'{}' is not one of {}{}", shown(given), fmt::join(choices, ", "),
                               did_you_mean(given, choices));
        },
        listed, "one of");
}

CLI::Validator whole_number(std::uint64_t least, std::uint64_t most)
{
    return CLI::Validator(
        [least, most](std::string& given) -> std::string {
            const bool digits =
                !given.empty() && given.size() <= 19 && given.find_first_not_of("0123456789") == std::string::npos;
            const std::uint64_t value = digits ? std::strtoull(given.c_str(), nullptr, 10) : 0;
            if (!digits || value < least || value > most) {
                return fmt::format("'{}' is not a whole number from {} to {}", shown(given), least, most);
            }
            return "";
        },
        "", "whole number");
}

void add_size_option(CLI::App& command, const char* name, std::uint64_t& size, const std::string& help,
                     std::uint64_t most)
{
    // Our words first: CLI11's own message for "lots" lists every unit it knows as a set.
    const CLI::Validator size_words(
        [](std::string& given) -> std::string {
            given.erase(std::remove(given.begin(), given.end(), ' '), given.end()); // "16 MiB" is 16MiB
            std::size_t digits = 0;
            while (digits < given.size() && (std::isdigit(static_cast<unsigned char>(given[digits])) != 0)) {
                ++digits;
            }
            std::string unit = given.substr(digits);
            std::transform(unit.begin(), unit.end(), unit.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::vector<std::string> units = {"",    "b", "k",  "kb", "ki",  "kib", "m",  "mb", "mi",
                                                    "mib", "g", "gb", "gi", "gib", "t",   "tb", "ti", "tib"};
            if (digits == 0 || std::find(units.begin(), units.end(), unit) == units.end()) {
                return fmt::format("'{}' is not a size: give a whole number of bytes (2097152) or one with a "
                                   "unit, KiB, MiB, GiB or TiB (16MiB)",
                                   shown(given));
            }
            return "";
        },
        "", "size");
    const CLI::Validator in_range(
        [most](std::string& given) -> std::string {
            const std::uint64_t value = std::strtoull(given.c_str(), nullptr, 10);
            if (value < 1 || value > most) {
                return fmt::format("the size must be from 1 byte to {}", describe_size(most));
            }
            return "";
        },
        "", "size range");
    command.add_option(name, size, help)
        ->transform(CLI::AsSizeValue(false).description(""))
        ->transform(size_words) // a transform goes before those added before it: this one runs first
        ->check(in_range)
        ->type_name("SIZE");
}

MessageWrapping::MessageWrapping()
{
    if (::isatty(STDERR_FILENO) != 0) {
        m_original = std::cerr.rdbuf();
        m_filter =
            std::make_unique<WrappingBuffer>(m_original, static_cast<std::size_t>(terminal_width(STDERR_FILENO)));
        std::cerr.rdbuf(m_filter.get());
    }
}

MessageWrapping::~MessageWrapping()
{
    if (m_filter) {
        std::cerr.flush();
        m_filter->pubsync();
        std::cerr.rdbuf(m_original);
    }
}

void note_reading_terminal(const std::vector<std::string>& paths)
{
    if (std::find(paths.begin(), paths.end(), "-") != paths.end() && ::isatty(STDIN_FILENO) != 0) {
        std::cerr << "ftadvisor: reading a spec (JSON or YAML) from standard input, typed or pasted here; end it "
                     "with Ctrl-D on a line of its own, or press Ctrl-C and name a file instead\n";
    }
}

void note_skipped(const std::vector<std::string>& skipped)
{
    if (skipped.empty()) {
        return;
    }
    constexpr std::size_t k_named = 5;
    std::vector<std::string> named(skipped.begin(),
                                   skipped.begin() + static_cast<std::ptrdiff_t>(std::min(skipped.size(), k_named)));
    for (std::string& path : named) {
        std::replace_if(
            path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < ' ' || c == '\x7f'; }, '?');
    }
    std::cerr << fmt::format("ftadvisor: note: {} {} without spec_version skipped in the folders given ({}{}); name a "
                             "file itself to read it as a spec\n",
                             skipped.size(), skipped.size() == 1 ? "file" : "files", fmt::join(named, ", "),
                             skipped.size() > k_named ? ", ..." : "");
}

void add_usd_option(CLI::App& command, const char* name, std::optional<double>& amount, const std::string& help)
{
    const CLI::Validator usd(
        [](std::string& given) -> std::string {
            if (!plain_amount(given)) {
                return fmt::format("expected an amount in US dollars, 0 or more, written as a plain number such as "
                                   "5000 or 12500.50 (no $, commas or k), got '{}'",
                                   shown(given));
            }
            return "";
        },
        "", "usd");
    command.add_option(name, amount, help)->check(usd)->type_name("USD");
}

void add_increase_option(CLI::App& command, const char* name, IncreaseLimit& limit, const std::string& help)
{
    command
        .add_option_function<std::vector<std::string>>(
            name,
            [&limit](const std::vector<std::string>& values) {
        for (const std::string& value : values) {
            const bool percent = !value.empty() && value.back() == '%';
            const double amount = *plain_amount(std::string_view(value).substr(0, value.size() - (percent ? 1 : 0)));
            // Given twice, the stricter holds.
            std::optional<double>& held = percent ? limit.percent : limit.usd;
            held = held ? std::min(*held, amount) : amount;
        }
            },
            help)
        ->check(CLI::Validator(
            [](std::string& given) -> std::string {
                const bool percent = !given.empty() && given.back() == '%';
                if (!plain_amount(std::string_view(given).substr(0, given.size() - (percent ? 1 : 0)))) {
                    return fmt::format("expected an amount in US dollars such as 5000, or a share of the base's cost "
                                       "such as 10%, got '{}'",
                                       shown(given));
                }
                return "";
            },
            "", "increase"))
        ->type_name("USD|PCT%")
        ->allow_extra_args(false);
}

void add_jobs_option(CLI::App& command, unsigned& jobs, const char* verb)
{
    command.add_option("-j,--jobs", jobs, std::string(verb) + " on N threads (default: one per core, at most 8)")
        ->check(whole_number(1, 256))
        ->option_text("N");
}

ReadLimits read_limits(const GlobalOptions& options)
{
    return ReadLimits{static_cast<std::size_t>(options.max_file_size), options.max_dataset_size,
                      static_cast<std::size_t>(options.max_rules_size)};
}

unsigned job_count(unsigned requested)
{
    if (requested > 0) {
        return requested;
    }
    // The cores this process may run on (taskset, a container's cpuset), not the machine's.
    unsigned cores = std::max(std::thread::hardware_concurrency(), 1u);
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof(allowed), &allowed) == 0 && CPU_COUNT(&allowed) > 0) {
        cores = static_cast<unsigned>(CPU_COUNT(&allowed));
    }
    // And a container's CPU quota (cgroup v2 cpu.max, "QUOTA PERIOD" or "max PERIOD"): a
    // limit of two cores on a 64-core host is two threads, not 64 that take turns.
    if (std::FILE* file = std::fopen("/sys/fs/cgroup/cpu.max", "r")) {
        char quota[32] = {};
        unsigned long long period = 0;
        if (std::fscanf(file, "%31s %llu", quota, &period) == 2 && period > 0 && std::string_view(quota) != "max") {
            const unsigned long long q = std::strtoull(quota, nullptr, 10);
            cores = std::min(cores, static_cast<unsigned>(std::max(1ULL, (q + period - 1) / period)));
        }
        std::fclose(file);
    }
    return std::clamp(cores, 1u, 8u);
}

int write_output(std::string_view text)
{
    std::cout << text;
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "ftadvisor: error: cannot write the output\n";
        return k_exit_invalid;
    }
    return k_exit_ok;
}

void add_today_option(CLI::App& command, std::string& today, const std::string& help)
{
    command.add_option("--today", today, help)
        ->check(CLI::Validator(
            [](std::string& given) -> std::string {
                if (!given.empty() && !valid_date(given)) { // empty: today
                    return fmt::format("'{}' is not a date: write it as YYYY-MM-DD, such as 2026-12-08", shown(given));
                }
                return "";
            },
            "", "date"))
        ->type_name("DATE");
}

} // namespace ftadvisor::cli
