#include "spec_node.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

std::optional<Spec> fast(std::string text)
{
    return read_plain_json_spec(text, "spec.json", default_rules());
}

} // namespace

TEST_CASE("the JSON fast path reads plain valid specs exactly as the full reader does", "[spec][fast]")
{
    const std::vector<std::string> valid = {
        R"({"spec_version": 1})",
        R"({"spec_version":1,"name":"A","description":"Café ☕ \"quoted\" \u00e9\n","stage":"pilot",
            "proposed_approach":"rag","dataset":"train.jsonl","budget_usd":1500.5,
            "answers":{"domain_expertise_critical":true,"high_quality_examples":2400,"production":false,
            "expected_improvement_pct":12.5,"needs_realtime_data":null,"use_case":"legal"}})",
        R"(  {"n\u0061me": "escaped key", "spec_version": 1}  )",
        R"({"spec_version":1,"answers":{"high_quality_examples":1e3,"expected_improvement_pct":0}})",
        R"({"spec_version":1,"answers":{}})",
    };
    for (const std::string& text : valid) {
        INFO(text);
        const std::optional<Spec> quick = fast(text);
        REQUIRE(quick.has_value());
        CHECK(same_spec(*quick, spec_of(text)));
    }
}

TEST_CASE("the JSON fast path leaves every problem and every unusual spec to the full reader", "[spec][fast]")
{
    const std::vector<std::string> declined = {
        "",
        "[]",
        R"({"name": "no version"})",
        R"({"spec_version": 1.0})",
        R"({"spec_version": 2})",
        R"({"spec_version": "1"})",
        R"({"spec_version": 1, "spec_version": 1})",
        R"({"spec_version": 1, "nme": "typo"})",
        R"({"spec_version": 1, "name": null})",
        R"({"spec_version": 1, "name": 7})",
        R"({"spec_version": 1, "dataset": ""})",
        R"({"spec_version": 1, "stage": "beta"})",
        R"({"spec_version": 1, "proposed_approach": "fine-tuning"})",
        R"({"spec_version": 1, "budget_usd": -1})",
        R"({"spec_version": 1, "budget_usd": "lots"})",
        R"({"spec_version": 1, "waivers": []})",
        R"({"spec_version": 1, "answers": []})",
        R"({"spec_version": 1, "answers": {"production": "yes"}})",
        R"({"spec_version": 1, "answers": {"production": true, "production": false}})",
        R"({"spec_version": 1, "answers": {"prodution": true}})",
        R"({"spec_version": 1, "answers": {"high_quality_examples": 12.5}})",
        R"({"spec_version": 1, "answers": {"high_quality_examples": -3}})",
        R"({"spec_version": 1, "answers": {"high_quality_examples": 1e13}})",
        R"({"spec_version": 1, "answers": {"expected_improvement_pct": 1001}})",
        R"({"spec_version": 1, "answers": {"use_case": "astrology"}})",
        R"({"spec_version": 1, "answers": {"use_case": ["legal"]}})",
        R"({"spec_version": 1} {"spec_version": 1})",
        R"({"spec_version": 1} x)",
        R"({"spec_version": 1)",
        "\xEF\xBB\xBF{\"spec_version\": 1}",
        "{\"spec_version\": 1, \"name\": \"\xFF\"}",
    };
    for (const std::string& text : declined) {
        INFO(text);
        CHECK_FALSE(fast(text).has_value());
    }
}
