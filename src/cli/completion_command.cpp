#include "completion_command.hpp"

#include "ftadvisor/version.hpp"
#include "input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace ftadvisor::cli {
namespace {

// The command line as the completions see it, read from the CLI11 tree that also prints
// --help: so a new subcommand, option or choice is completed without anyone editing a
// script.
struct OptionInfo {
    std::vector<std::string> names; // "--format", "-j"
    std::string description;        // its first sentence
    std::vector<std::string> choices;
    bool takes_value = false;
    bool path = false; // its value names a file or folder
};

struct CommandInfo {
    std::string path; // "", "/data", "/data/stats"
    std::string name;
    std::string description;
    std::vector<OptionInfo> options;
    std::vector<CommandInfo> subcommands;
    bool files = false;             // takes file or folder arguments
    std::vector<std::string> words; // or one of these words ("completion bash")
};

// The first clause of a description, for a completion menu (which the shell cuts to fit): up
// to a full stop, a colon or a semicolon, without a parenthesis left open.
std::string short_description(const std::string& text)
{
    std::string out = text.substr(0, std::min({text.find(". "), text.find(": "), text.find_first_of(";\n")}));
    if (const std::size_t open = out.rfind('(');
        open != std::string::npos && out.find(')', open) == std::string::npos) {
        out.resize(open > 0 && out[open - 1] == ' ' ? open - 1 : open);
    }
    while (!out.empty() && (out.back() == ',' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

// The choices of an option whose type CLI11 shows as "TEXT:{a,b,c}" (an IsMember check).
std::vector<std::string> choices_of(const std::string& type)
{
    std::vector<std::string> out;
    const std::size_t open = type.find(":{");
    if (open == std::string::npos || type.empty() || type.back() != '}') {
        return out;
    }
    const std::string list = type.substr(open + 2, type.size() - open - 3);
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) {
            out.push_back(list.substr(start, comma - start));
        }
        start = comma + 1;
    }
    return out;
}

bool names_a_path(const std::string& type)
{
    for (const char* word : {"PATH", "FILE", "DIR"}) {
        if (type.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

CommandInfo describe(const CLI::App& app, const std::string& path)
{
    CommandInfo command;
    command.path = path;
    command.name = app.get_name();
    command.description = short_description(app.get_description());
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_positional()) {
            command.words = choices_of(option->get_type_name());
            command.files = command.words.empty();
            continue;
        }
        OptionInfo info;
        for (const std::string& name : option->get_lnames()) {
            info.names.push_back("--" + name);
        }
        for (const std::string& name : option->get_snames()) {
            info.names.push_back("-" + name);
        }
        const std::string type = option->get_type_name();
        info.description = short_description(option->get_description());
        info.takes_value = option->get_type_size_max() > 0 && option->get_expected_max() > 0;
        info.choices = choices_of(type);
        info.path = info.takes_value && names_a_path(type);
        command.options.push_back(std::move(info));
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        command.subcommands.push_back(describe(*sub, path + "/" + sub->get_name()));
    }
    return command;
}

template <class F>
void each_command(const CommandInfo& command, F&& f)
{
    f(command);
    for (const CommandInfo& sub : command.subcommands) {
        each_command(sub, f);
    }
}

std::string joined(const std::vector<std::string>& words, const char* separator = " ")
{
    return fmt::format("{}", fmt::join(words, separator));
}

// The options a command accepts: its own, and the root's (which CLI11 takes after any
// subcommand: fallthrough).
std::vector<const OptionInfo*> options_at(const CommandInfo& root, const CommandInfo& command)
{
    std::vector<const OptionInfo*> out;
    for (const OptionInfo& option : command.options) {
        out.push_back(&option);
    }
    if (&command != &root) {
        for (const OptionInfo& option : root.options) {
            const bool own = std::any_of(command.options.begin(), command.options.end(),
                                         [&](const OptionInfo& o) { return o.names == option.names; });
            if (!own) {
                out.push_back(&option);
            }
        }
    }
    return out;
}

std::vector<std::string> option_names(const CommandInfo& root, const CommandInfo& command)
{
    std::vector<std::string> out;
    for (const OptionInfo* option : options_at(root, command)) {
        out.insert(out.end(), option->names.begin(), option->names.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> subcommand_paths(const CommandInfo& root)
{
    std::vector<std::string> out;
    each_command(root, [&](const CommandInfo& c) {
        if (!c.path.empty()) {
            out.push_back(c.path);
        }
    });
    return out;
}

// Inside single quotes in bash, zsh and fish alike: ' closes, \' reopens.
std::string single_quoted(const std::string& text, bool fish)
{
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') {
            out += fish ? "\\'" : "'\\''";
        } else if (c == '\\' && fish) {
            out += "\\\\";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// The branches of a `case "$path $prev"` that complete an option's value: for each option
// that takes one, its names under its command, and what `action` offers for it.
template <class Action>
std::string value_cases(const CommandInfo& root, fmt::format_string<std::string, std::string> branch, Action action)
{
    std::string out;
    each_command(root, [&](const CommandInfo& c) {
        for (const OptionInfo& option : c.options) {
            if (!option.takes_value) {
                continue;
            }
            std::vector<std::string> patterns;
            for (const std::string& name : option.names) {
                patterns.push_back((c.path.empty() ? "*\"" : "\"" + c.path) + " " + name + "\"");
            }
            out += fmt::format(branch, joined(patterns, "|"), action(option));
        }
    });
    return out;
}

std::string bash_script(const CommandInfo& root)
{
    std::string out = fmt::format("# bash completion for ftadvisor {}, written by 'ftadvisor completion bash'.\n"
                                  "# Install as /usr/share/bash-completion/completions/ftadvisor, or source it.\n",
                                  k_version);
    out += "_ftadvisor() {\n"
           "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
           "    local path=\"\" i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case \"$path/${COMP_WORDS[i]}\" in\n";
    out += fmt::format("            {}) path=\"$path/${{COMP_WORDS[i]}}\" ;;\n", joined(subcommand_paths(root), "|"));
    out += "        esac\n"
           "    done\n"
           "    case \"$path $prev\" in\n";
    out += value_cases(root, "        {}) {}\n", [](const OptionInfo& option) -> std::string {
        if (!option.choices.empty()) {
            return fmt::format("COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;", joined(option.choices));
        }
        if (option.path) {
            return "COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null; return ;;";
        }
        return "return ;;"; // a number, a date: nothing to offer
    });
    out += "    esac\n"
           "    if [[ $cur == -* ]]; then\n"
           "        case \"$path\" in\n";
    each_command(root, [&](const CommandInfo& c) {
        out += fmt::format("            \"{}\") COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", c.path,
                           joined(option_names(root, c)));
    });
    out += "        esac\n"
           "        return\n"
           "    fi\n"
           "    case \"$path\" in\n";
    each_command(root, [&](const CommandInfo& c) {
        if (!c.subcommands.empty()) {
            std::vector<std::string> names;
            for (const CommandInfo& sub : c.subcommands) {
                names.push_back(sub.name);
            }
            out +=
                fmt::format("        \"{}\") COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", c.path, joined(names));
        } else if (!c.words.empty()) {
            out += fmt::format("        \"{}\") COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", c.path,
                               joined(c.words));
        } else if (c.files) {
            out += fmt::format("        \"{}\") COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames "
                               "2>/dev/null ;;\n",
                               c.path);
        }
    });
    out += "    esac\n"
           "}\n"
           "complete -F _ftadvisor ftadvisor\n";
    return out;
}

std::string zsh_script(const CommandInfo& root)
{
    std::string out = fmt::format("#compdef ftadvisor\n"
                                  "# zsh completion for ftadvisor {}, written by 'ftadvisor completion zsh'.\n"
                                  "# Install as _ftadvisor in a folder of $fpath.\n",
                                  k_version);
    out += "_ftadvisor() {\n"
           "    local path=\"\" i\n"
           "    local -a items\n"
           "    for ((i = 2; i < CURRENT; i++)); do\n"
           "        case \"$path/${words[i]}\" in\n";
    out += fmt::format("            ({}) path=\"$path/${{words[i]}}\" ;;\n", joined(subcommand_paths(root), "|"));
    out += "        esac\n"
           "    done\n"
           "    case \"$path ${words[CURRENT-1]}\" in\n";
    out += value_cases(root, "        ({}) {}\n", [](const OptionInfo& option) -> std::string {
        if (!option.choices.empty()) {
            return fmt::format("compadd -- {}; return ;;", joined(option.choices));
        }
        return option.path ? "_files; return ;;" : "return ;;";
    });
    out += "    esac\n"
           "    if [[ ${words[CURRENT]} == -* ]]; then\n"
           "        case \"$path\" in\n";
    each_command(root, [&](const CommandInfo& c) {
        std::vector<std::string> items;
        for (const OptionInfo* option : options_at(root, c)) {
            for (const std::string& name : option->names) {
                items.push_back(single_quoted(name + ":" + option->description, false));
            }
        }
        out += fmt::format("            (\"{}\") items=({}) ;;\n", c.path, joined(items));
    });
    out += "        esac\n"
           "        _describe -t options option items\n"
           "        return\n"
           "    fi\n"
           "    case \"$path\" in\n";
    each_command(root, [&](const CommandInfo& c) {
        if (!c.subcommands.empty()) {
            std::vector<std::string> items;
            for (const CommandInfo& sub : c.subcommands) {
                items.push_back(single_quoted(sub.name + ":" + sub.description, false));
            }
            out += fmt::format("        (\"{}\") items=({}); _describe -t commands command items ;;\n", c.path,
                               joined(items));
        } else if (!c.words.empty()) {
            out += fmt::format("        (\"{}\") compadd -- {} ;;\n", c.path, joined(c.words));
        } else if (c.files) {
            out += fmt::format("        (\"{}\") _files ;;\n", c.path);
        }
    });
    out += "    esac\n"
           "}\n"
           "_ftadvisor \"$@\"\n";
    return out;
}

std::string fish_script(const CommandInfo& root)
{
    std::string out = fmt::format("# fish completion for ftadvisor {}, written by 'ftadvisor completion fish'.\n"
                                  "# Install as ftadvisor.fish in a folder of $fish_complete_path.\n",
                                  k_version);
    out += "function __ftadvisor_path\n"
           "    set -l path ''\n"
           "    for word in (commandline -opc)[2..-1]\n"
           "        switch \"$path/$word\"\n";
    std::vector<std::string> quoted;
    for (const std::string& path : subcommand_paths(root)) {
        quoted.push_back(single_quoted(path, true));
    }
    out += fmt::format("            case {}\n"
                       "                set path \"$path/$word\"\n"
                       "        end\n"
                       "    end\n"
                       "    echo \"$path\"\n"
                       "end\n"
                       "complete -c ftadvisor -f\n",
                       joined(quoted));
    each_command(root, [&](const CommandInfo& c) {
        const std::string here = fmt::format("'test (__ftadvisor_path) = {}'", c.path.empty() ? "\"\"" : c.path);
        for (const CommandInfo& sub : c.subcommands) {
            out += fmt::format("complete -c ftadvisor -n {} -a {} -d {}\n", here, sub.name,
                               single_quoted(sub.description, true));
        }
        if (c.files && c.subcommands.empty()) {
            out += fmt::format("complete -c ftadvisor -n {} -F\n", here);
        }
        if (!c.words.empty()) {
            out += fmt::format("complete -c ftadvisor -n {} -a {}\n", here, single_quoted(joined(c.words), true));
        }
        for (const OptionInfo& option : c.options) {
            std::string line = "complete -c ftadvisor";
            if (!c.path.empty()) {
                line += " -n " + here;
            }
            for (const std::string& name : option.names) {
                line += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
            }
            if (!option.choices.empty()) {
                line += " -x -a " + single_quoted(joined(option.choices), true);
            } else if (option.path) {
                line += " -r -F";
            } else if (option.takes_value) {
                line += " -x";
            }
            out += line + " -d " + single_quoted(option.description, true) + "\n";
        }
    });
    return out;
}

} // namespace

std::string completion_script(const CLI::App& app, Shell shell)
{
    const CommandInfo root = describe(app, "");
    switch (shell) {
    case Shell::bash:
        return bash_script(root);
    case Shell::zsh:
        return zsh_script(root);
    case Shell::fish:
        return fish_script(root);
    }
    return {};
}

void setup_completion_command(CLI::App& app, int& exit_code)
{
    auto shell = std::make_shared<std::string>();
    CLI::App* completion = app.add_subcommand("completion", "Print the tab-completion script for bash, zsh or fish");
    completion->add_option("shell", *shell, "The shell: bash, zsh or fish")
        ->required()
        ->check(one_of({"bash", "zsh", "fish"}))
        ->option_text("SHELL");
    completion->footer(R"(The packages install these scripts where each shell looks for them; from a build, load one
by hand. The script completes subcommands, options and their choices (--format, --color, ...)
and file names where a command takes files.

Examples:
  source <(ftadvisor completion bash)
  ftadvisor completion zsh > ~/.zfunc/_ftadvisor
  ftadvisor completion fish > ~/.config/fish/completions/ftadvisor.fish

Exit status: 0 printed; 2 an unknown shell.)");
    completion->callback([&app, shell, &exit_code] {
        const Shell which = *shell == "zsh" ? Shell::zsh : *shell == "fish" ? Shell::fish : Shell::bash;
        std::cout << completion_script(app, which);
        std::cout.flush();
        exit_code = std::cout ? k_exit_ok : k_exit_invalid;
    });
}

} // namespace ftadvisor::cli
