#include "usage.hpp"

#include "ftadvisor/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

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

// "  stats      Count what a JSON Lines training set holds" for each subcommand of `app`.
std::string subcommand_list(const CLI::App& app)
{
    const std::vector<std::string> names = subcommand_names(app);
    std::size_t width = 0;
    for (const std::string& name : names) {
        width = std::max(width, name.size());
    }
    std::string out;
    for (const std::string& name : names) {
        out += fmt::format("  {:<{}}  {}\n", name, width, app.get_subcommand(name)->get_description());
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

// What an option's value is called in its help: FORMAT, N, DATE (not CLI11's TEXT:{...}).
std::string value_name(const CLI::Option& option)
{
    if (!option.get_option_text().empty()) {
        return option.get_option_text();
    }
    const std::string type = option.get_type_name();
    return type.substr(0, type.find(':'));
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

} // namespace

std::vector<std::string> usual_words(const std::vector<std::string>& args)
{
    if (args.empty()) {
        return args;
    }
    if (args.front() == "help") {
        std::vector<std::string> out(args.begin() + 1, args.end());
        out.emplace_back("--help");
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
        err << error_line(fmt::format("{} needs a value ({}): {}", mismatched->get_name(), value_name(*mismatched),
                                      mismatched->get_description()));
    } else if (const CLI::Option* option = required ? missing_option(last) : nullptr) {
        err << error_line(fmt::format("{} needs {}: {}", command_words(chain),
                                      option->get_positional() ? value_name(*option) : option->get_name(),
                                      option->get_description()));
    } else {
        err << error_line(error.what());
    }
    err << fmt::format("Run '{} --help' for usage.\n", command_words(chain));
}

} // namespace ftadvisor::cli
