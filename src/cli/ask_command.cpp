#include "ask_command.hpp"

#include "ftadvisor/batch.hpp"
#include "ftadvisor/engine.hpp"
#include "ftadvisor/interview.hpp"
#include "ftadvisor/io.hpp"
#include "input.hpp"

#include <fmt/format.h>

// libedit (BSD-licensed) through its readline-compatible interface: line editing, arrow
// keys and history at the prompts.
#include <editline/readline.h>

#include <clocale>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <termios.h>
#include <unistd.h>

namespace ftadvisor::cli {
namespace {

struct AskOptions {
    std::string save;
    bool force = false;
};

// The terminal as it was before the interview, restored when Ctrl-C ends it.
termios g_saved_terminal{};
bool g_terminal_saved = false;

// Ctrl-C at a prompt: put the terminal back, say so in one line, and leave at once. Only
// async-signal-safe calls.
extern "C" void on_interrupt(int)
{
    if (g_terminal_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_terminal);
    }
    static const char message[] = "\nftadvisor: interview interrupted; nothing was saved\n";
    const ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(k_exit_invalid);
}

// Answers typed at the terminal, with line editing and history.
class TerminalAnswers : public LineInput {
public:
    // libedit reads multibyte characters only under the user's character type; without it,
    // "café" comes back as "caf". Only LC_CTYPE: numbers are still read and written as C does.
    TerminalAnswers() { std::setlocale(LC_CTYPE, ""); }

    std::optional<std::string> ask(const std::string& prompt) override
    {
        std::cout.flush();
        std::unique_ptr<char, decltype(&std::free)> line(readline(prompt.c_str()), &std::free);
        if (!line) {
            return std::nullopt;
        }
        if (line.get()[0] != '\0') {
            add_history(line.get());
        }
        return std::string(line.get());
    }

    std::string unreadable(const std::string& path) const override
    {
        switch (local_files().kind(path)) {
        case PathKind::file:
            return {};
        case PathKind::folder:
            return "it is a folder: name the JSON Lines file in it";
        case PathKind::missing:
            return "there is no such file (from the working folder)";
        case PathKind::other:
            break;
        }
        return "it is not a regular file";
    }
};

} // namespace

// The spec as saved to `file`: a training set's relative path is made relative to the file's
// folder, where `evaluate` looks for it.
Spec saved_as(Spec spec, const std::string& file)
{
    namespace fs = std::filesystem;
    if (spec.dataset && fs::path(*spec.dataset).is_relative()) {
        std::error_code error;
        const fs::path folder = fs::absolute(fs::path(file), error).parent_path();
        const fs::path target = fs::absolute(fs::path(*spec.dataset), error);
        if (!error) {
            spec.dataset = target.lexically_normal().lexically_relative(folder.lexically_normal()).generic_string();
        }
    }
    return spec;
}

int run_ask(const std::string& save, bool force, const GlobalOptions& global)
{
    if (isatty(STDIN_FILENO) != 1) {
        std::cerr << "ftadvisor: error: ask needs a terminal on standard input; to advise on a spec file, use "
                     "'ftadvisor evaluate SPEC' ('ftadvisor init' starts one)\n";
        return k_exit_invalid;
    }
    // Asked before the interview, so that answers are not typed for a file that cannot be written.
    if (!save.empty() && !format_for_saving(save)) {
        std::cerr << fmt::format("ftadvisor: error: --save {}: name a .json or a .yaml (.yml) file; its extension says "
                                 "which format the spec is written in\n",
                                 printable(save));
        return k_exit_invalid;
    }
    if (!save.empty()) {
        if (auto refused = local_files().writable(save, force ? Overwrite::yes : Overwrite::no)) {
            std::cerr << format_diagnostic(*refused);
            return k_exit_invalid;
        }
    }
    const auto rules = load_effective_rules(global, std::cerr);
    if (!rules) {
        return k_exit_invalid;
    }

    g_terminal_saved = tcgetattr(STDIN_FILENO, &g_saved_terminal) == 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);

    TerminalAnswers answers;
    const TextOptions options{use_color(global), terminal_width()};
    const InterviewResult result = run_interview(*rules, answers, std::cout, options);
    if (!result.finished) {
        std::cout.flush();
        std::cerr << "\nftadvisor: input ended before the interview did; nothing was saved\n";
        return k_exit_invalid;
    }
    signal(SIGINT, SIG_DFL);

    // Evaluated as `evaluate` evaluates a spec, so that a training set named in the interview
    // is measured (its path as typed: relative to the working folder).
    Spec spec = result.spec;
    const Run run(local_files(), read_limits(global), job_count(0));
    const EvaluateOptions evaluate_options{false, today_utc(), true};
    SpecText text{"-", 0, spec_to_text(spec, *rules, DocumentFormat::json), DocumentFormat::json};
    SpecOutcome outcome = evaluate_spec_text(text, *rules, evaluate_options, run);
    if (!outcome.evaluation && spec.dataset) {
        // The training set could not be read: said, and left out, so that what is saved evaluates.
        report(outcome.diagnostics, std::cerr);
        std::cerr << "ftadvisor: note: the training set is left out of the verdict and of the saved spec\n";
        spec.dataset.reset();
        text = SpecText{text.file, 0, spec_to_text(spec, *rules, DocumentFormat::json), DocumentFormat::json};
        outcome = evaluate_spec_text(text, *rules, evaluate_options, run);
    }
    if (!outcome.evaluation) {
        report(outcome.diagnostics, std::cerr);
        return k_exit_invalid;
    }
    std::cout << '\n' << render_text(*outcome.evaluation, *rules, options);
    if (!save.empty()) {
        if (auto failure = local_files().write_atomically(
                save, spec_to_text(saved_as(spec, save), *rules, *format_for_saving(save)),
                force ? Overwrite::yes : Overwrite::no)) {
            std::cerr << format_diagnostic(*failure);
            return k_exit_invalid;
        }
        std::cout << fmt::format(
            "\nSaved the answers to {}. Reuse them:\n  ftadvisor evaluate {}\n  ftadvisor check {}\n", printable(save),
            printable(shell_word(save)), printable(shell_word(save)));
    }
    std::cout.flush();
    return k_exit_ok;
}

void setup_ask_command(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
    auto options = std::make_shared<AskOptions>();
    CLI::App* command = app.add_subcommand(
        "ask", "Answer a short interview at the terminal and get the verdict, the reasons and the estimate");
    command
        ->add_option("--save", options->save,
                     "Write the answers to FILE as a spec, to reuse with evaluate and check: JSON for a .json "
                     "file, YAML for .yaml or .yml")
        ->type_name("FILE");
    command->add_flag("--force", options->force, "Let --save replace a file that exists");
    command->footer(R"(The interview asks the project's name and description, then each question of the
loaded rules (so --rules changes it). Defaults are in brackets; where the description
implies an answer, that is the default and the prompt says which words implied it.

At any prompt:  ?  help on the question   back  the previous question
                skip (or don't know, idk, not sure)  leave the answer unknown
                Enter  take the default
Arrow keys edit the line and recall earlier answers. After the last question, a summary
lets you change any answer, the name or the description; then the verdict is printed as
'ftadvisor evaluate' prints it, with what would change it, the cost and the timeline.

'ftadvisor' alone, on a terminal, starts the interview too.

Examples:
  ftadvisor ask
  ftadvisor ask --save triage.yaml
  ftadvisor --rules team-rules/ ask --save triage.json

Exit status: 0 the verdict was printed (and the spec saved); 2 no terminal on standard
input, --save names a file that exists (without --force), or the interview was ended
early with Ctrl-D or Ctrl-C (nothing is saved).)");
    command->callback([options, &global, &exit_code] { exit_code = run_ask(options->save, options->force, global); });
}

} // namespace ftadvisor::cli
