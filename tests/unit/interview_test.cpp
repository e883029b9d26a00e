#include "ftadvisor/interview.hpp"

#include "spec_node.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <sstream>

using namespace ftadvisor;
using ftadvisor::testing::spec_of;

namespace {

// Typed lines, one per prompt, in order; input ends when they run out.
class Script : public LineInput {
public:
    explicit Script(std::deque<std::string> lines) : m_lines(std::move(lines)) {}

    std::optional<std::string> ask(const std::string& prompt) override
    {
        prompts.push_back(prompt);
        if (m_lines.empty()) {
            return std::nullopt;
        }
        std::string line = m_lines.front();
        m_lines.pop_front();
        return line;
    }

    std::vector<std::string> prompts;

private:
    std::deque<std::string> m_lines;
};

struct Run {
    InterviewResult result;
    std::string output;
    std::vector<std::string> prompts;
};

Run interview(std::deque<std::string> lines)
{
    Script script(std::move(lines));
    std::ostringstream out;
    Run run;
    run.result = run_interview(default_rules(), script, out, TextOptions{false, 80});
    run.output = out.str();
    run.prompts = script.prompts;
    return run;
}

const Question& question(const char* id)
{
    const Question* found = default_rules().find_question(id);
    REQUIRE(found != nullptr);
    return *found;
}

} // namespace

TEST_CASE("interview: every kind of answer, as people type them")
{
    CHECK(std::get<bool>(*parse_answer(default_rules(), question("production"), " Yes ").value));
    CHECK_FALSE(std::get<bool>(*parse_answer(default_rules(), question("production"), "n").value));
    CHECK_THAT(parse_answer(default_rules(), question("production"), "maybe").problem,
               Catch::Contains("not yes or no"));
    CHECK(std::get<double>(*parse_answer(default_rules(), question("high_quality_examples"), "2,400").value) == 2400);
    CHECK_THAT(parse_answer(default_rules(), question("high_quality_examples"), "lots").problem,
               Catch::Contains("not a number"));
    CHECK_THAT(parse_answer(default_rules(), question("high_quality_examples"), "12.5").problem,
               Catch::Contains("whole number"));
    CHECK_THAT(parse_answer(default_rules(), question("high_quality_examples"), "-3").problem,
               Catch::Contains("below 0"));
    CHECK(std::get<double>(*parse_answer(default_rules(), question("expected_improvement_pct"), "30%").value) == 30);
    CHECK(std::get<double>(*parse_answer(default_rules(), question("expected_improvement_pct"), "12.5").value) == 12.5);
    // Figures as the description reader reads them in a description.
    for (const auto& [typed, value] : std::vector<std::pair<std::string, double>>{
             {"1.2k", 1200}, {"twelve hundred", 1200}, {"about 500", 500}, {"3 400", 3400}, {" 750 ", 750}}) {
        const ParsedAnswer parsed = parse_answer(default_rules(), question("high_quality_examples"), typed);
        REQUIRE(parsed.value);
        CHECK(std::get<double>(*parsed.value) == value);
    }
    CHECK(std::get<double>(*parse_answer(default_rules(), question("expected_improvement_pct"), "30 percent").value) ==
          30);
    CHECK_THAT(parse_answer(default_rules(), question("high_quality_examples"), "30%").problem,
               Catch::Contains("not a number"));
    CHECK_THAT(parse_answer(default_rules(), question("high_quality_examples"), "500 examples").problem,
               Catch::Contains("not a number"));
    const Question& use_case = question("use_case");
    CHECK(std::get<std::string>(*parse_answer(default_rules(), use_case, "Medical").value) == "medical");
    CHECK(std::get<std::string>(*parse_answer(default_rules(), use_case, "1").value) == use_case.choices.front());
    CHECK_THAT(parse_answer(default_rules(), use_case, "99").problem, Catch::Contains("not one of the choices"));
}

TEST_CASE("interview: an answer is taken only when a spec could give it (accept_answer)")
{
    // Past the largest count a spec may give: evaluate would refuse the saved spec.
    const ParsedAnswer huge = parse_answer(default_rules(), question("high_quality_examples"), "2,000,000,000,000");
    CHECK_FALSE(huge.value);
    CHECK_THAT(huge.problem, Catch::Contains("above 1,000,000,000,000"));
    CHECK(std::get<double>(
              *parse_answer(default_rules(), question("high_quality_examples"), "1,000,000,000,000").value) == 1e12);
    CHECK_THAT(parse_answer(default_rules(), question("expected_improvement_pct"), "1e400").problem,
               Catch::Contains("not a number"));
    // Every answer taken is one the spec reader takes back.
    for (const Question& q : default_rules().questions) {
        for (const char* typed : {"yes", "no", "0", "1", "100", "12.5", "1,200", "2", "medical", "other"}) {
            const ParsedAnswer parsed = parse_answer(default_rules(), q, typed);
            if (!parsed.value) {
                continue;
            }
            AnswerScalar scalar;
            if (const bool* flag = std::get_if<bool>(&*parsed.value)) {
                scalar = AnswerScalar{AnswerScalar::Kind::boolean, *flag, 0, {}};
            } else if (const double* number = std::get_if<double>(&*parsed.value)) {
                scalar = AnswerScalar{AnswerScalar::Kind::number, false, *number, {}};
            } else {
                scalar = AnswerScalar{AnswerScalar::Kind::string, false, 0, std::get<std::string>(*parsed.value)};
            }
            CHECK(accept_answer(q, scalar));
        }
    }
}

TEST_CASE("interview: answers, a refusal, help, back and skip make the spec")
{
    // name, description, then the six questions.
    const Run run = interview({"Returns helper", "", "perhaps", "no", "?", "800", "back", "1200", "yes", "skip", "no",
                               "general-knowledge", "", "", "", "", ""});
    REQUIRE(run.result.finished);
    const Spec& spec = run.result.spec;
    CHECK(spec.name == "Returns helper");
    CHECK_FALSE(spec.description.has_value());
    CHECK(std::get<bool>(spec.answers.at("domain_expertise_critical")) == false);
    CHECK(std::get<double>(spec.answers.at("high_quality_examples")) == 1200); // changed after back
    CHECK(std::get<bool>(spec.answers.at("production")) == true);
    CHECK(spec.answers.count("expected_improvement_pct") == 0); // skipped: unknown
    CHECK(std::get<std::string>(spec.answers.at("use_case")) == "general-knowledge");
    CHECK_THAT(run.output, Catch::Contains("'perhaps' is not yes or no"));
    CHECK_THAT(run.output, Catch::Contains(question("high_quality_examples").help.substr(0, 20)));
    // After `back`, the examples prompt offers the answer given before.
    CHECK(std::count(run.prompts.begin(), run.prompts.end(), "   a whole number [800] > ") == 1);
}

TEST_CASE("interview: don't know, Enter without a default, skip and back where they mean something")
{
    // name: back (nothing before), skip (keeps the default); description: skip; then
    // "don't know", Enter with no default, maybe, idk, not sure, unknown: all left unknown.
    const Run run = interview(
        {"back", "skip", "skip", "don't know", "", "maybe", "idk", "not sure", "unknown", "", "", "", "", ""});
    REQUIRE(run.result.finished);
    CHECK(run.result.spec.name == "My project");
    CHECK(run.result.spec.answers.empty());
    CHECK_THAT(run.output, Catch::Contains("This is the first question; there is nothing before it."));
    const std::string left = "Left unknown";
    std::size_t times = 0;
    for (std::size_t at = run.output.find(left); at != std::string::npos; at = run.output.find(left, at + 1)) {
        ++times;
    }
    CHECK(times == 6);
    // At the optional fields, Enter leaves one out quietly; a word says so.
    const Run optional = interview({"", "", "", "", "", "", "", "", "maybe", "skip", "", "", ""});
    REQUIRE(optional.result.finished);
    std::size_t left_out = 0;
    for (std::size_t at = optional.output.find("Left out."); at != std::string::npos;
         at = optional.output.find("Left out.", at + 1)) {
        ++left_out;
    }
    CHECK(left_out == 2);
}

TEST_CASE("interview: a percentage that is probably a slip is asked about once")
{
    // 0.3 for the improvement: asked once, and 30 taken instead; 150: kept with Enter.
    const Run slip = interview({"", "", "yes", "2400", "yes", "0.3", "30", "no", "legal", "", "", "", "", ""});
    REQUIRE(slip.result.finished);
    CHECK(std::get<double>(slip.result.spec.answers.at("expected_improvement_pct")) == 30);
    CHECK(std::find(slip.prompts.begin(), slip.prompts.end(), "   0.3%? Type 30 for 30%, or Enter to keep 0.3% > ") !=
          slip.prompts.end());
    const Run kept = interview({"", "", "yes", "2400", "yes", "150", "", "no", "legal", "", "", "", "", ""});
    REQUIRE(kept.result.finished);
    CHECK(std::get<double>(kept.result.spec.answers.at("expected_improvement_pct")) == 150);
    // Written as a percentage, 0.3% is meant: no question.
    const Run meant = interview({"", "", "yes", "2400", "yes", "0.3%", "no", "legal", "", "", "", "", ""});
    REQUIRE(meant.result.finished);
    CHECK(std::get<double>(meant.result.spec.answers.at("expected_improvement_pct")) == 0.3);
}

TEST_CASE("interview: the summary changes the name and the description, and explains itself")
{
    const Run run = interview({"Old name",
                               "Old words.",
                               "yes",
                               "2400",
                               "yes",
                               "30",
                               "no",
                               "legal",
                               "",
                               "",
                               "",
                               "",
                               "?",
                               "name",
                               "New name",
                               "description",
                               "New words.",
                               "back",
                               "data/train.jsonl",
                               "6",
                               "medical",
                               ""});
    REQUIRE(run.result.finished);
    CHECK(run.result.spec.name == "New name");
    CHECK(run.result.spec.description == "New words.");
    CHECK(std::get<std::string>(run.result.spec.answers.at("use_case")) == "medical");
    CHECK(run.result.spec.dataset == "data/train.jsonl"); // back: the last step
    CHECK_THAT(run.output, Catch::Contains("Type a question's number (1 to 6) to change its answer;"));
    CHECK_THAT(run.output, Catch::Contains("approach or dataset to change those"));
}

TEST_CASE("interview: the description's inferences are the defaults, and say where they come from")
{
    const Run run = interview(
        {"", "A proof of concept that summarises radiology reports.", "", "900", "", "40", "", "", "", "", "", "", ""});
    REQUIRE(run.result.finished);
    const Spec& spec = run.result.spec;
    CHECK(spec.name == "My project");
    CHECK(std::get<bool>(spec.answers.at("domain_expertise_critical")) == true);
    CHECK(std::get<std::string>(spec.answers.at("use_case")) == "medical");
    CHECK(std::get<bool>(spec.answers.at("production")) == false); // a proof of concept
    CHECK_THAT(run.output, Catch::Contains("The description suggests medical (from \"radiology\")"));
    CHECK(std::find(run.prompts.begin(), run.prompts.end(), "   a choice [medical] > ") != run.prompts.end());
}

TEST_CASE("interview: amounts the description states are the defaults too, with their words")
{
    // Every prompt accepted as it stands: the answers are the description's.
    const Run run = interview({"",
                               "Triage of patient messages for our clinic's nurses. We have 2,400 labelled "
                               "messages, it goes live in March, and we expect 30% fewer missed urgent cases.",
                               "", "", "", "", "", "", "", "", "", "", ""});
    REQUIRE(run.result.finished);
    const Spec& spec = run.result.spec;
    CHECK(std::get<double>(spec.answers.at("high_quality_examples")) == 2400);
    CHECK(std::get<double>(spec.answers.at("expected_improvement_pct")) == 30);
    CHECK(std::get<bool>(spec.answers.at("production")) == true);
    CHECK_THAT(run.output, Catch::Contains("The description suggests 2,400 (from \"2,400 labelled messages\""));
}

TEST_CASE("interview: the summary lets any answer change; input ending stops everything")
{
    const Run changed =
        interview({"X", "", "yes", "600", "yes", "30", "no", "legal", "", "", "", "", "3", "no", "7", "2", "", ""});
    REQUIRE(changed.result.finished);
    CHECK(std::get<bool>(changed.result.spec.answers.at("production")) == false);
    CHECK_THAT(changed.output, Catch::Contains("Type a question's number (1 to 6)"));
    CHECK_THAT(changed.output, Catch::Contains("Your answers"));

    for (std::size_t lines = 0; lines < 13; ++lines) {
        std::deque<std::string> script = {"X", "", "yes", "600", "yes", "30", "no", "legal", "", "", "", "", ""};
        script.resize(lines);
        CHECK_FALSE(interview(script).result.finished);
    }
}

TEST_CASE("interview: the saved spec reads back as the same spec")
{
    const Run run =
        interview({"Contract \"review\": Ünïcode", "Reviews supplier contracts.\tFor lawyers.", "yes", "7500", "yes",
                   "25", "no", "legal", "2", "25k", "fine-tune", "data/contracts.jsonl", ""});
    REQUIRE(run.result.finished);
    const std::string yaml = spec_to_text(run.result.spec, default_rules(), DocumentFormat::yaml);
    const Spec back = spec_of(yaml, "saved.yaml");
    CHECK(back.name == run.result.spec.name);
    CHECK(back.description == run.result.spec.description);
    CHECK(back.answers == run.result.spec.answers);
    // The fields after the checklist are saved and read back too.
    CHECK(run.result.spec.stage == default_rules().stages.at(1));
    CHECK(back.stage == run.result.spec.stage);
    CHECK(back.budget_usd == 25000);
    CHECK(back.proposed_approach == "fine-tune");
    CHECK(back.dataset == "data/contracts.jsonl");
    CHECK_THAT(yaml, Catch::Contains("\nanswers:\n  domain_expertise_critical: true\n"));
    CHECK_THAT(yaml, Catch::Contains("  high_quality_examples: 7500\n"));

    // The same as JSON, for a .json file: a JSON reader takes it back to the same spec.
    const std::string json = spec_to_text(run.result.spec, default_rules(), DocumentFormat::json);
    CHECK(json.front() == '{');
    const Spec from_json = spec_of(json, "saved.json");
    CHECK(from_json.name == run.result.spec.name);
    CHECK(from_json.answers == run.result.spec.answers);
    CHECK(format_for_saving("triage.json") == DocumentFormat::json);
    CHECK(format_for_saving("triage.YML") == DocumentFormat::yaml);
    CHECK_FALSE(format_for_saving("triage.txt"));
    CHECK_FALSE(format_for_saving(".json"));
}

TEST_CASE("interview: an answer it takes is one a spec may hold, and the reverse")
{
    // For every question, typed answers of every sort: what the interview takes, written into a
    // spec as the interview saves it, reads back as the same value; and every value a spec
    // holds, typed as the interview shows it, is taken as that value.
    const std::vector<std::string> typed = {"yes",
                                            "no",
                                            "y",
                                            "n",
                                            "true",
                                            "false",
                                            "0",
                                            "1",
                                            "2,400",
                                            "1.2k",
                                            "12.5",
                                            "-3",
                                            "30%",
                                            "0.5",
                                            "1000000000000",
                                            "2000000000000",
                                            "1e3",
                                            "1001",
                                            "150",
                                            "lots",
                                            "medical",
                                            "legal",
                                            "other",
                                            "3",
                                            "twelve hundred",
                                            "",
                                            "unknown-choice"};
    std::size_t accepted = 0;
    for (const Question& q : default_rules().questions) {
        for (const std::string& answer : typed) {
            const ParsedAnswer parsed = parse_answer(default_rules(), q, answer);
            if (!parsed.value) {
                continue;
            }
            ++accepted;
            INFO(q.id << " typed as '" << answer << "'");
            Spec spec;
            spec.name = "Property";
            spec.answers[q.id] = *parsed.value;
            for (const DocumentFormat format : {DocumentFormat::json, DocumentFormat::yaml}) {
                const std::string text = spec_to_text(spec, default_rules(), format);
                const SpecResult back = parse_spec_text(text, format == DocumentFormat::json ? "p.json" : "p.yaml",
                                                        format, default_rules());
                REQUIRE(back.value.has_value());
                CHECK(back.value->answers.at(q.id) == *parsed.value);
                // The reverse: the value as the interview shows it is taken back as the same.
                const ParsedAnswer again = parse_answer(default_rules(), q, format_answer(&q, *parsed.value));
                REQUIRE(again.value.has_value());
                CHECK(*again.value == *parsed.value);
            }
        }
        // A count past what a spec may hold is refused by both.
        if (q.kind == Question::Kind::count) {
            CHECK_FALSE(parse_answer(default_rules(), q, "2000000000000").value.has_value());
            const SpecResult refused =
                parse_spec_text("{\"spec_version\": 1, \"answers\": {\"" + q.id + "\": 2000000000000}}", "big.json",
                                DocumentFormat::json, default_rules());
            CHECK_FALSE(refused.value.has_value());
        }
    }
    CHECK(accepted > 30);
}

TEST_CASE("interview: its text keeps to the terminal's width")
{
    for (const int width : {40, 60, 120}) {
        Script script({"Triage", "Triage notes for the nurses of a clinic, in production, with 2,400 examples.", "?",
                       "", "", "", "", "", "", "", "", "", "", "?", ""});
        std::ostringstream out;
        const InterviewResult result = run_interview(default_rules(), script, out, TextOptions{false, width});
        CHECK(result.finished);
        INFO(width);
        CHECK(ftadvisor::testing::lines_over(out.str(), static_cast<std::size_t>(width)).empty());
    }
}

namespace {

// A script whose training sets are the paths it names readable.
class ScriptWithFiles : public Script {
public:
    ScriptWithFiles(std::deque<std::string> lines, std::vector<std::string> files)
        : Script(std::move(lines)), m_files(std::move(files))
    {
    }

    std::string unreadable(const std::string& path) const override
    {
        return std::find(m_files.begin(), m_files.end(), path) != m_files.end() ? "" : "there is no such file";
    }

private:
    std::vector<std::string> m_files;
};

} // namespace

TEST_CASE("interview: review mends: amounts, paths, slips, choices and what is typed")
{
    // "$20,000" is a budget; a path that cannot be read is asked again; "back" at the check of a
    // slip asks the question again with the first answer as its default; a misspelled choice
    // gets its suggestion; control characters typed come back escaped.
    ScriptWithFiles script({"Name\x1b]0;T\x07", "", "yes", "2400", "yes", "0.3", "back", "", "no", "legl", "legal", "",
                            "$20,000", "", "missing.jsonl", "train.jsonl", ""},
                           {"train.jsonl"});
    std::ostringstream out;
    const InterviewResult result = run_interview(default_rules(), script, out, TextOptions{false, 80});
    REQUIRE(result.finished);
    CHECK(result.spec.budget_usd == 20000);
    CHECK(result.spec.dataset == "train.jsonl");
    CHECK(std::get<double>(result.spec.answers.at("expected_improvement_pct")) == 0.3);
    const std::string text = out.str();
    CHECK_THAT(text, Catch::Contains("'missing.jsonl': there is no such file"));
    CHECK_THAT(text, Catch::Contains("did you mean 'legal'?"));
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(std::find(script.prompts.begin(), script.prompts.end(), "   a percentage [0.3%] > ") != script.prompts.end());
}

TEST_CASE("interview: the check of a slip, the prompts and the summary's rows keep to the width")
{
    // At 40 columns the check of 0.3 ran to 50 columns on the prompt's line, and a summary row
    // with a long choice or path to 51 or more.
    const std::string path = "training-data/customer-support/tickets-2026-q4.jsonl";
    for (const int width : {40, 60}) {
        INFO(width);
        ScriptWithFiles script({"Triage", "", "yes", "2400", "yes", "0.3", "30", "no", "customer-support", "",
                                "production", "", "", path, ""},
                               {path});
        std::ostringstream out;
        const InterviewResult result = run_interview(default_rules(), script, out, TextOptions{false, width});
        REQUIRE(result.finished);
        CHECK(std::get<double>(result.spec.answers.at("expected_improvement_pct")) == 30);
        CHECK(result.spec.dataset == path);
        CHECK(ftadvisor::testing::lines_over(out.str(), static_cast<std::size_t>(width)).empty());
        for (const std::string& prompt : script.prompts) {
            INFO(prompt);
            CHECK(prompt.size() <= static_cast<std::size_t>(width));
        }
        // The check of the slip is still asked, above its own prompt.
        std::string shown = out.str();
        for (const std::string& prompt : script.prompts) {
            shown += prompt + "\n";
        }
        CHECK_THAT(shown, Catch::Contains("Type 30"));
    }
}
