#include "usage.hpp"

#include "ftadvisor/diagnostic.hpp"
#include "input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include <unistd.h>

namespace ftadvisor::cli {
namespace {

// The subcommands parsed, outermost first, beginning with the program itself.
std::vector<const CLI::App*> parsed_chain(const CLI::App& app)
{
    std::vector<const CLI::App*> chain{&app};
    for (;;) {
        const std::vector<CLI::App*> below = chain.back()->get_subcommands();
        if (below.empty()) {
            return chain;
        }
        chain.push_back(below.front());
    }
}

// "ftadvisor data stats".
std::string command_words(const std::vector<const CLI::App*>& chain)
{
    std::vector<std::string> words;
    for (const CLI::App* app : chain) {
        words.push_back(app->get_name());
    }
    return fmt::format("{}", fmt::join(words, " "));
}

// The names of the subcommands `app` has, in the order of its help.
std::vector<std::string> subcommand_names(const CLI::App& app)
{
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (!sub->get_name().empty() && !sub->get_group().empty()) {
            names.push_back(sub->get_name());
        }
    }
    return names;
}

// Every long and short option name a command takes, its parents' included (they fall through).
std::vector<std::string> option_names(const std::vector<const CLI::App*>& chain)
{
    std::vector<std::string> names;
    for (const CLI::App* app : chain) {
        for (const CLI::Option* option : app->get_options()) {
            for (const std::string& name : option->get_lnames()) {
                names.push_back("--" + name);
            }
            for (const std::string& name : option->get_snames()) {
                names.push_back("-" + name);
            }
        }
    }
    return names;
}

// Messages on standard error keep to its terminal's width, or to 80 columns in a log.
std::size_t message_width()
{
    return static_cast<std::size_t>(terminal_width(STDERR_FILENO));
}

// "  stats      Count what a JSON Lines training set holds" for each subcommand of `app`, the
// descriptions wrapped beside the names.
std::string subcommand_list(const CLI::App& app)
{
    const std::vector<std::string> names = subcommand_names(app);
    std::size_t width = 0;
    for (const std::string& name : names) {
        width = std::max(width, name.size());
    }
    std::string out;
    for (const std::string& name : names) {
        out += hanging(fmt::format("  {:<{}}  ", name, width), app.get_subcommand(name)->get_description(), width + 4,
                       message_width());
    }
    return out;
}

// What the user typed, for a message: at most 60 bytes, on one line (the message as a whole
// passes the output's sanitiser, format_diagnostic).
std::string shown(std::string_view word)
{
    std::string out(word.substr(0, 60));
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

// "ftadvisor: error: MESSAGE" and a line break, sanitised.
std::string error_line(std::string message)
{
    Diagnostic diagnostic;
    diagnostic.file = "ftadvisor";
    diagnostic.message = std::move(message);
    return format_diagnostic(diagnostic);
}

// What an option's value is called in its help: FORMAT, N, DATE (not CLI11's TEXT:{...}).
std::string value_name(const CLI::Option& option)
{
    if (!option.get_option_text().empty()) {
        return option.get_option_text();
    }
    const std::string type = option.get_type_name();
    return type.substr(0, type.find(':'));
}

// "--rules took 'evaluate' as its PATH: ..." when an option of the chain took the name of a
// command as its value (`ftadvisor --rules evaluate x.yaml`), and no file or folder has that
// name; else "".
std::string option_took_command(const std::vector<const CLI::App*>& chain)
{
    for (const CLI::App* app : chain) {
        const std::vector<std::string> names = subcommand_names(*app);
        for (const CLI::Option* option : app->get_options()) {
            for (const std::string& value : option->results()) {
                std::error_code error;
                if (!option->get_positional() && std::find(names.begin(), names.end(), value) != names.end() &&
                    !std::filesystem::exists(value, error)) {
                    return fmt::format("{} took '{}' as its {}: give {} a value before the command", option->get_name(),
                                       value, value_name(*option), option->get_name());
                }
            }
        }
    }
    return "";
}

bool is_option(const std::string& word)
{
    return word.size() > 1 && word.front() == '-';
}

// The first word that was not expected, in our words: what follows it (an unknown option's
// value, say) is not worth a message of its own.
void unexpected(const std::vector<const CLI::App*>& chain, const std::string& extra, std::ostream& err)
{
    const CLI::App& last = *chain.back();
    if (is_option(extra)) {
        const std::string name = extra.substr(0, extra.find('='));
        // An option of a subcommand given before it: the parser read it where it stood.
        for (std::size_t i = 1; i < chain.size(); ++i) {
            const std::vector<std::string> own = option_names({chain[i]});
            if (std::find(own.begin(), own.end(), name) != own.end()) {
                const std::vector<const CLI::App*> upto(chain.begin(),
                                                        chain.begin() + static_cast<std::ptrdiff_t>(i) + 1);
                err << error_line(fmt::format("{} is an option of {}: put it after '{}'", shown(name),
                                              command_words(upto), chain[i]->get_name()));
                return;
            }
        }
        err << error_line(fmt::format("{} has no option {}{}", command_words(chain), shown(name),
                                      did_you_mean(name, option_names(chain))));
        return;
    }
    if (const std::string took = option_took_command(chain); !took.empty()) {
        err << error_line(took);
        return;
    }
    const std::vector<std::string> commands = subcommand_names(last);
    if (!commands.empty()) {
        err << error_line(fmt::format("'{}' is not a command of {}{}; the commands are:", shown(extra),
                                      command_words(chain), did_you_mean(extra, commands)))
            << subcommand_list(last);
        return;
    }
    err << error_line(fmt::format("{} takes no argument '{}' here", command_words(chain), shown(extra)));
}

// The option an "--name: ..." message of the parser is about, among the chain's.
const CLI::Option* named_option(const std::vector<const CLI::App*>& chain, const std::string& message)
{
    const std::string name = message.substr(0, message.find(':'));
    for (auto app = chain.rbegin(); app != chain.rend(); ++app) {
        for (const CLI::Option* option : (*app)->get_options()) {
            if (!name.empty() && option->check_name(name)) {
                return option;
            }
        }
    }
    return nullptr;
}

// "; write -j 8 or --jobs=8" when the value the message is about was given to a one-letter
// option as "-j=8", which the parser reads as the value "=8".
std::string equals_hint(const std::vector<const CLI::App*>& chain, const std::string& message)
{
    const CLI::Option* option = named_option(chain, message);
    if (option == nullptr || option->get_snames().empty() || option->get_lnames().empty()) {
        return "";
    }
    for (const std::string& value : option->results()) {
        if (value.size() > 1 && value.front() == '=') {
            return fmt::format("; write -{} {} or --{}={}", option->get_snames().front(), shown(value.substr(1)),
                               option->get_lnames().front(), shown(value.substr(1)));
        }
    }
    return "";
}

// The first required option or argument of the last command that was not given.
const CLI::Option* missing_option(const CLI::App& app)
{
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_required() && option->count() == 0) {
            return option;
        }
    }
    return nullptr;
}

std::size_t leading_spaces(std::string_view line)
{
    return std::min(line.find_first_not_of(' '), line.size());
}

// The help's own text (descriptions, footers) in `width` columns. A paragraph (lines that start
// at the margin, up to one that ends in ':' or an indented line) stays as written where every
// line fits, and is filled to the width where one does not. An indented item (with the more
// indented lines that continue it) is kept the same way, or wrapped beside its first column
// ("  json      one object..."); an example command is never broken, so it can be copied.
// Long on purpose: the two kinds of block, each kept or refilled.
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
std::string reflow(const std::string& text, std::size_t width)
{
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(std::string_view(text).substr(start, end - start));
        start = end + 1;
    }
    std::string out;
    for (std::size_t i = 0; i < lines.size();) {
        const std::size_t indent = leading_spaces(lines[i]);
        if (indent == lines[i].size()) {
            out += '\n';
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        while (end < lines.size() && leading_spaces(lines[end]) < lines[end].size() &&
               (indent == 0 ? leading_spaces(lines[end]) == 0 && lines[end - 1].back() != ':'
                            : leading_spaces(lines[end]) > indent)) {
            ++end;
        }
        const bool fits = std::all_of(lines.begin() + static_cast<std::ptrdiff_t>(i),
                                      lines.begin() + static_cast<std::ptrdiff_t>(end),
                                      [&](std::string_view line) { return line.size() <= width; });
        const std::string_view first = lines[i].substr(indent);
        const bool example = indent > 0 && (first.rfind("ftadvisor ", 0) == 0 || first.rfind("source ", 0) == 0);
        if (fits || example) {
            for (std::size_t k = i; k < end; ++k) {
                (out += lines[k]) += '\n';
            }
            i = end;
            continue;
        }
        std::string joined(first);
        for (std::size_t k = i + 1; k < end; ++k) {
            (joined += ' ') += lines[k].substr(leading_spaces(lines[k]));
        }
        // An item's text starts after the first gap of two spaces, where it has one.
        const std::size_t gap = indent > 0 ? joined.find("  ") : std::string::npos;
        const std::size_t column =
            gap == std::string::npos ? indent : indent + leading_spaces(joined.substr(gap)) + gap;
        if (gap != std::string::npos && column + 20 <= width) {
            out += hanging(std::string(indent, ' ') + joined.substr(0, column - indent),
                           std::string_view(joined).substr(column - indent), column, width);
        } else {
            out += hanging(std::string(indent, ' '), joined, indent + (indent > 0 ? 2 : 0), width);
        }
        i = end;
    }
    return out;
}

class HelpFormatter : public CLI::Formatter {
public:
    explicit HelpFormatter(std::size_t width) : m_width(width) {}

    std::string make_option(const CLI::Option* opt, bool is_positional) const override
    {
        return item(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
    }

    std::string make_subcommand(const CLI::App* sub) const override
    {
        return item(sub->get_display_name(true), sub->get_description());
    }

    std::string make_description(const CLI::App* app) const override
    {
        return reflow(CLI::Formatter::make_description(app), m_width);
    }

    std::string make_usage(const CLI::App* app, std::string name) const override
    {
        return reflow(CLI::Formatter::make_usage(app, std::move(name)), m_width);
    }

    std::string make_footer(const CLI::App* app) const override
    {
        return reflow(CLI::Formatter::make_footer(app), m_width);
    }

private:
    // "  NAME   description", the description wrapped beside the column of names (or below a
    // name too long for it).
    std::string item(const std::string& name, const std::string& description) const
    {
        const std::size_t column = get_column_width();
        std::string lead = "  " + name;
        if (description.empty()) {
            return lead + '\n';
        }
        if (lead.size() >= column) {
            return hanging("", lead, 4, m_width) + hanging(std::string(column, ' '), description, column, m_width);
        }
        lead.resize(column, ' ');
        return hanging(lead, description, column, m_width);
    }

    std::size_t m_width;
};

} // namespace

bool report_option_took_command(const CLI::App& app, std::ostream& err)
{
    const std::string took = option_took_command(parsed_chain(app));
    if (took.empty()) {
        return false;
    }
    err << error_line(took)
        << hanging("", fmt::format("Run '{} --help' for usage.", app.get_name()), 2, message_width());
    return true;
}

std::shared_ptr<CLI::Formatter> help_formatter(std::size_t width)
{
    return std::make_shared<HelpFormatter>(width);
}

std::vector<std::string> usual_words(const std::vector<std::string>& args, const CLI::App& app)
{
    if (args.empty()) {
        return args;
    }
    if (args.front() == "help") {
        std::vector<std::string> out(args.begin() + 1, args.end());
        const std::vector<std::string> commands = subcommand_names(app);
        if (out.empty() || std::find(commands.begin(), commands.end(), out.front()) != commands.end()) {
            out.emplace_back("--help");
        }
        return out;
    }
    if (args.size() == 1 && args.front() == "version") {
        return {"--version"};
    }
    return args;
}

void report_usage_error(CLI::App& app, const CLI::ParseError& error, std::ostream& err)
{
    const std::vector<const CLI::App*> chain = parsed_chain(app);
    const CLI::App& last = *chain.back();
    const bool required = dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
    const std::vector<std::string> extras = app.remaining(true);
    const CLI::Option* mismatched =
        dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr ? named_option(chain, error.what()) : nullptr;
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr && !extras.empty()) {
        unexpected(chain, extras.front(), err);
    } else if (required && last.get_require_subcommand_min() > 0 && last.get_subcommands().empty()) {
        const auto word =
            std::find_if(extras.begin(), extras.end(), [](const std::string& w) { return !is_option(w); });
        if (word != extras.end()) {
            unexpected(chain, *word, err);
        } else {
            err << error_line(fmt::format("{} needs a command:", command_words(chain))) << subcommand_list(last);
        }
    } else if (mismatched != nullptr) {
        err << error_line(fmt::format("{} needs a value ({}):", mismatched->get_name(), value_name(*mismatched)))
            << hanging("  ", mismatched->get_description(), 2, message_width());
    } else if (const CLI::Option* option = required ? missing_option(last) : nullptr) {
        err << error_line(fmt::format("{} needs {}:", command_words(chain),
                                      option->get_positional() ? value_name(*option) : option->get_name()))
            << hanging("  ", option->get_description(), 2, message_width());
    } else {
        err << error_line(error.what() + equals_hint(chain, error.what()));
    }
    err << hanging("", fmt::format("Run '{} --help' for usage.", command_words(chain)), 2, message_width());
}

} // namespace ftadvisor::cli
