#include "ftadvisor/render.hpp"
#include "render_json.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

const char* const k_hybrid = R"({"spec_version": 1, "name": "Desk", "budget_usd": 10000,
    "answers": {"domain_expertise_critical": true, "high_quality_examples": 3200, "production": true,
    "expected_improvement_pct": 28, "needs_realtime_data": true, "use_case": "financial"}})";

} // namespace

TEST_CASE("JSON output carries the v1 contract fields with their types", "[render]")
{
    const auto json = to_json(evaluate_text(k_hybrid));
    CHECK(json["output_version"] == 1);
    CHECK(json["name"] == "Desk");
    CHECK(json["verdict"] == "rag");
    CHECK(json["also"] == nlohmann::ordered_json::array({"fine-tune"}));
    REQUIRE(json["scores"].is_object());
    for (const char* approach : {"skip", "prompt-engineer", "rag", "fine-tune"}) {
        INFO(approach);
        CHECK(json["scores"][approach].is_number());
    }
    CHECK(json["reasons"].is_array());
    CHECK(json["reasons"][0]["rule"].is_string());
    CHECK(json["warnings"][0]["id"].is_string());
    CHECK(json["warnings"][0]["severity"] == "warning");
    CHECK(json["inferred"].is_array());
    CHECK(json["estimate"]["cost_usd"]["low"] == 2000);
    CHECK(json["estimate"]["cost_usd"]["high"] == 20000);
    CHECK(json["estimate"]["hours"]["low"] == 2);
    CHECK(json["estimate"]["hours"]["high"] == 8);
    CHECK(json["estimate"]["upkeep"]["cost_usd_per_year"]["high"] == 80000);
    CHECK(json["answers"]["high_quality_examples"]["value"].is_number_integer());
    CHECK(json["budget_usd"] == 10000);
}

TEST_CASE("JSON output has no estimate when fine-tuning is not recommended", "[render]")
{
    const auto json = to_json(evaluate_text(R"({"spec_version": 1, "answers": {"use_case": "general-knowledge"}})"));
    CHECK(json["verdict"] == "skip");
    CHECK(json["estimate"].is_null());
}

TEST_CASE("rendering is byte-identical for identical input", "[render]")
{
    const Evaluation a = evaluate_text(k_hybrid);
    const Evaluation b = evaluate_text(k_hybrid);
    CHECK(render_json(a) == render_json(b));
    CHECK(render_text(a, default_rules(), {}) == render_text(b, default_rules(), {}));
}

TEST_CASE("text output colours only when asked", "[render]")
{
    const Evaluation e = evaluate_text(k_hybrid);
    const std::string plain = render_text(e, default_rules(), TextOptions{false, 80});
    const std::string colored = render_text(e, default_rules(), TextOptions{true, 80});
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(colored.find("\x1b[1;32mrag\x1b[0m") != std::string::npos);
}

TEST_CASE("text output keeps to the width, every section, every example", "[render]")
{
    // A line of the report is one of the text's lines; none is longer than the width, down to
    // 40 columns: the scores, the answers with where they came from and the rules' effects
    // wrap too (the answers once ran to 134 columns when piped), and so does --explain's
    // trace (a rule's id and the facts it reads once ran to 56 columns at 40).
    std::vector<Evaluation> evaluations = {evaluate_text(k_hybrid)};
    for (const auto& entry : std::filesystem::directory_iterator(std::string(FTADVISOR_SOURCE_DIR) + "/examples")) {
        if (entry.is_regular_file()) {
            const FileText file = local_files().read_file(entry.path().string(), k_default_max_document_bytes);
            REQUIRE(file.text.has_value());
            const Spec spec = spec_of(*file.text, entry.path().string());
            evaluations.push_back(evaluate(spec, default_rules()));
            evaluations.push_back(evaluate(spec, default_rules(), true));
        }
    }
    for (const Evaluation& e : evaluations) {
        for (int width : {40, 60, 80, 100}) {
            INFO(e.name << " at " << width);
            const std::string text = render_text(e, default_rules(), TextOptions{false, width});
            CHECK(ftadvisor::testing::lines_over(text, static_cast<std::size_t>(width)).empty());
        }
    }
}

TEST_CASE("invalid UTF-8 in a name does not break JSON output", "[render]")
{
    Spec spec = spec_of(R"({"spec_version": 1})");
    spec.name = std::string("bad \xff name");
    const std::string json = render_json(evaluate(spec, default_rules()));
    CHECK(json.find("\"name\": \"bad \xEF\xBF\xBD name\"") != std::string::npos);
}

TEST_CASE("JSON Lines records rendered with parts made once are the same bytes", "[render]")
{
    const JsonLineRenderer renderer(default_rules());
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(FTADVISOR_SOURCE_DIR) + "/examples")) {
        if (!entry.is_regular_file()) {
            continue;
        }
        const std::string path = entry.path().string();
        const FileText file = local_files().read_file(path, k_default_max_document_bytes);
        REQUIRE(file.text.has_value());
        const Evaluation evaluation = evaluate(spec_of(*file.text, path), default_rules());
        INFO(path);
        CHECK(renderer.render(evaluation) == render_json_line(evaluation));
        ++compared;
    }
    // Every mix of answers that reaches a different set of rules, scenarios and plans, with
    // answers inferred from a description or contradicted by it.
    std::size_t inferred = 0;
    std::size_t contradicted = 0;
    std::size_t warned = 0;
    for (const char* stage : {"prototype", "pilot", "production"}) {
        for (const char* use_case : {"medical", "general-knowledge", "introductory", "other"}) {
            for (const char* realtime : {"true", "false"}) {
                for (const int examples : {50, 700, 3000}) {
                    for (const char* more :
                         {"", R"(, "production": false)",
                          R"(}, "description": "Triage notes for a clinic's nurses, with no live data.)"}) {
                        const bool described = std::string_view(more).find("description") != std::string_view::npos;
                        const std::string text = fmt::format(
                            R"({{"spec_version": 1, "stage": "{}", "answers": {{"use_case": "{}", "needs_realtime_data": {},
                                "high_quality_examples": {}, "expected_improvement_pct": 15{}{}}})",
                            stage, use_case, realtime, examples, more, described ? "\"" : "}");
                        const Evaluation evaluation = evaluate(spec_of(text), default_rules());
                        INFO(text);
                        CHECK(renderer.render(evaluation) == render_json_line(evaluation));
                        ++compared;
                        inferred += evaluation.inferred.empty() ? 0U : 1U;
                        contradicted += evaluation.contradictions.empty() ? 0U : 1U;
                        warned += evaluation.warnings.empty() ? 0U : 1U;
                    }
                }
            }
        }
    }
    CHECK(inferred > 0);
    CHECK(contradicted > 0);
    CHECK(warned > 0);
    CHECK(compared > 80);
    // Answers whose value the description gives (amounts), readings that lost to another, and
    // an inference withdrawn for a given answer: nothing of these is a part made once.
    for (
        const char* text : {
            R"({"spec_version": 1, "description": "Customer support assistant for our accounting software, answering customer questions from our help desk. We scraped 50k forum posts; 600 of them were checked by our editors. It is in prodution for all agents, and we expect between 15 and 20% fewer escalations. We dont need real-time data."})",
            R"({"spec_version": 1, "description": "We have about 2,000 labelled tickets and expect 30% fewer escalations."})",
            R"({"spec_version": 1, "description": "Started as a prototype.", "answers": {"production": true}})",
        }) {
        const Evaluation evaluation = evaluate(spec_of(text), default_rules());
        INFO(text);
        CHECK(renderer.render(evaluation) == render_json_line(evaluation));
        CHECK(evaluation.inferred.size() + evaluation.contradictions.size() > 0);
    }
}

TEST_CASE("JSON evidence of a negated reading is filed under the signal it feeds, with its negation", "[render]")
{
    const Evaluation e =
        evaluate(spec_of(R"({"spec_version": 1, "description": "We do not need live data or real-time prices."})"),
                 default_rules());
    const std::string json = render_json(e);
    CHECK(json.find(R"("signal": "static",
          "value": 4,)") != std::string::npos);
    CHECK(json.find(R"("negated_by": "not")") != std::string::npos);
}
