#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace ftadvisor;
using namespace ftadvisor::testing;

TEST_CASE("a full spec is read field by field", "[spec]")
{
    const Spec spec = spec_of(R"({
        "spec_version": 1, "name": "N", "description": "D", "stage": "pilot",
        "proposed_approach": "rag", "dataset": "train.jsonl", "budget_usd": 1500.5,
        "answers": {"production": true, "high_quality_examples": 700, "use_case": "legal",
                    "expected_improvement_pct": 12.5, "needs_realtime_data": null},
        "waivers": [{"rule": "over-specializing", "reason": "R", "expires": "2028-02-29"}]})");
    CHECK(spec.name == "N");
    CHECK(spec.description == "D");
    CHECK(spec.stage == "pilot");
    CHECK(spec.proposed_approach == "rag");
    CHECK(spec.dataset == "train.jsonl");
    CHECK(spec.budget_usd == 1500.5);
    CHECK(spec.answers.at("production") == Value(true));
    CHECK(spec.answers.at("high_quality_examples") == Value(700.0));
    CHECK(spec.answers.at("use_case") == Value(std::string("legal")));
    CHECK(spec.answers.at("expected_improvement_pct") == Value(12.5));
    CHECK(spec.answers.count("needs_realtime_data") == 0); // null leaves it open
    REQUIRE(spec.waivers.size() == 1);
    CHECK(spec.waivers[0].rule == "over-specializing");
    CHECK(spec.waivers[0].expires == "2028-02-29");
}

TEST_CASE("a whole count written with a decimal point is accepted", "[spec]")
{
    const Spec spec = spec_of(R"({"spec_version": 1, "answers": {"high_quality_examples": 2400.0}})");
    CHECK(spec.answers.at("high_quality_examples") == Value(2400.0));
}

TEST_CASE("only spec_version is required", "[spec]")
{
    const Spec spec = spec_of("spec_version: 1\n", "s.yaml");
    CHECK_FALSE(spec.name.has_value());
    CHECK(spec.answers.empty());
}

TEST_CASE("bad specs are reported with location, field path and the whole message", "[spec]")
{
    static const struct {
        const char* text;
        const char* message;
    } cases[] = {
        {R"({"spec_version": 1, "answers": {"high_quality_examples": "lots"}})",
         "spec.json:1:33: error: answers.high_quality_examples: expected a whole number >= 0, got \"lots\"\n"},
        {R"({"spec_version": 1, "answers": {"high_quality_examples": -1}})",
         "spec.json:1:33: error: answers.high_quality_examples: expected a whole number >= 0, got -1\n"},
        {R"({"spec_version": 1, "answers": {"high_quality_examples": 10.5}})",
         "spec.json:1:33: error: answers.high_quality_examples: expected a whole number >= 0, got 10.5\n"},
        {R"({"spec_version": 1, "answers": {"high_quality_examples": 1e13}})",
         "spec.json:1:33: error: answers.high_quality_examples: expected a whole number >= 0, got 10000000000000.0\n"},
        {R"({"spec_version": 1, "answers": {"expected_improvement_pct": -5}})",
         "spec.json:1:33: error: answers.expected_improvement_pct: expected a number from 0 to 1,000, got -5\n"},
        {R"({"spec_version": 1, "answers": {"production": "yes"}})",
         "spec.json:1:33: error: answers.production: expected true or false, got \"yes\": write true (only true and "
         "false are yes or no here)\n"},
        {R"({"spec_version": 1, "answers": {"prodution": true}})",
         "spec.json:1:33: error: answers.prodution: unknown question 'prodution' (did you mean 'production'?)\n"},
        {R"({"spec_version": 1, "answers": []})", "spec.json:1:21: error: answers: expected an object, got a list\n"},
        {R"({"spec_version": 1, "nmae": "x"})",
         "spec.json:1:21: error: nmae: unknown key 'nmae' (did you mean 'name'?)\n"},
        {R"({"spec_version": 3})",
         "spec.json:1:2: error: spec_version: unsupported spec_version 3; this version of ftadvisor reads 1\n"},
        {R"({"spec_version": 1.0})", "spec.json:1:2: error: spec_version: expected a whole number, got 1.0\n"},
        {R"({"name": "x"})",
         "spec.json:1:1: error: missing required key 'spec_version' (this version of ftadvisor reads 1)\n"},
        {R"("just a string")",
         "spec.json:1:1: error: a spec must be an object with a spec_version, got \"just a string\"\n"},
        {R"({"spec_version": 1, "stage": "ga"})",
         "spec.json:1:21: error: stage: unknown stage \"ga\"; expected one of prototype, pilot, production\n"},
        {R"({"spec_version": 1, "proposed_approach": "RAG"})",
         "spec.json:1:21: error: proposed_approach: unknown approach \"RAG\"; expected one of skip, prompt-engineer, "
         "rag, fine-tune\n"},
        {R"({"spec_version": 1, "budget_usd": "10k"})",
         "spec.json:1:21: error: budget_usd: expected an amount in USD >= 0, got \"10k\"\n"},
        {R"({"spec_version": 1, "dataset": ""})",
         "spec.json:1:21: error: dataset: expected a path to a JSON Lines file, got an empty string\n"},
        {R"({"spec_version": 1, "waivers": [{"reason": "r"}]})",
         "spec.json:1:33: error: waivers[0]: missing required key 'rule'\n"},
        {R"({"spec_version": 1, "waivers": [{"rule": "x", "expires": "31/12/2027"}]})",
         "spec.json:1:47: error: waivers[0].expires: expected a date as YYYY-MM-DD, got \"31/12/2027\"\n"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(headlines_of(c.text) == c.message);
    }
}

TEST_CASE("JSON spec errors carry line, column and a caret", "[spec]")
{
    CHECK(errors_of("{\n  \"spec_version\": 1,\n  \"answers\": {\"production\": \"yes\"}\n}") ==
          "spec.json:3:15: error: answers.production: expected true or false, got \"yes\": write true (only true and "
          "false are yes or no here)\n"
          "    \"answers\": {\"production\": \"yes\"}\n"
          "                ^\n");
}

TEST_CASE("YAML spec errors carry line, column and a caret", "[spec]")
{
    CHECK(errors_of("spec_version: 1\nanswers:\n  production: maybe\n", "s.yaml") ==
          "s.yaml:3:3: error: answers.production: expected true or false, got \"maybe\"\n"
          "    production: maybe\n"
          "    ^\n");
}

TEST_CASE("every problem in a spec is reported, not only the first", "[spec]")
{
    const std::string errors =
        headlines_of(R"({"spec_version": 1, "name": 1, "answers": {"production": 1, "use_case": "x"}})");
    CHECK(errors ==
          "spec.json:1:21: error: name: expected a string, got 1\n"
          "spec.json:1:44: error: answers.production: expected true or false, got 1\n"
          "spec.json:1:61: error: answers.use_case: unknown choice \"x\"; expected one of medical, legal, financial, "
          "customer-support, general-knowledge, content-generation, introductory, other\n");
}

TEST_CASE("answers follow the loaded rules' questions", "[spec]")
{
    const Rules rules = load_or_fail(rules_plus("questions:\n"
                                                "  - {id: latency_critical, kind: bool, text: 'Fast?'}\n"
                                                "rules:\n"
                                                "  - id: latency-favours-prompting\n"
                                                "    when: {fact: answers.latency_critical, is: true}\n"
                                                "    scores: {prompt-engineer: 1}\n"
                                                "    reason: Fast answers.\n"));
    CHECK(parse_spec_text(R"({"spec_version": 1, "answers": {"latency_critical": true}})", "s.json", rules)
              .value.has_value());
    CHECK(headlines_of(R"({"spec_version": 1, "answers": {"latency_critical": true}})") ==
          "spec.json:1:33: error: answers.latency_critical: unknown question 'latency_critical'\n");
}

TEST_CASE("Answers keeps one answer an id, in id order, as a map would", "[spec]")
{
    Answers answers;
    CHECK(answers.empty());
    CHECK(answers.emplace("production", true).second);
    CHECK(answers.emplace("high_quality_examples", 40.0).second);
    CHECK(answers.emplace("use_case", std::string("legal")).second);
    const auto again = answers.emplace("production", false);
    CHECK_FALSE(again.second); // the first answer stays
    CHECK(std::get<bool>(again.first->second));
    std::vector<std::string_view> ids;
    for (const auto& [id, value] : answers) {
        ids.push_back(id);
    }
    CHECK(ids == std::vector<std::string_view>{"high_quality_examples", "production", "use_case"});
    CHECK(answers.count("use_case") == 1);
    CHECK(answers.find("stage") == answers.end());
    CHECK_THROWS_AS(answers.at("stage"), std::out_of_range);
    CHECK(std::get<double>(answers.at("high_quality_examples")) == 40.0);
    CHECK_FALSE(is_known(answers["needs_realtime_data"])); // added, unknown
    CHECK(answers.size() == 4);
    Answers copy = answers;
    CHECK(copy == answers);
    copy["production"] = false;
    CHECK_FALSE(copy == answers);
}

TEST_CASE("valid_date takes real calendar dates written YYYY-MM-DD and nothing else", "[spec]")
{
    static const struct {
        const char* date;
        bool valid;
    } cases[] = {
        {"2026-12-01", true},  {"2024-02-29", true},  {"2000-02-29", true},   {"2026-02-28", true},
        {"2023-02-29", false}, {"1900-02-29", false}, {"2026-04-31", false},  {"2026-13-01", false},
        {"2026-00-10", false}, {"2026-01-00", false}, {"2026-1-01", false},   {"2026/01/01", false},
        {"2026-0a-01", false}, {"+026-01-01", false}, {"2026-01-01 ", false}, {"", false},
    };
    for (const auto& c : cases) {
        INFO(c.date);
        CHECK(valid_date(c.date) == c.valid);
    }
}
