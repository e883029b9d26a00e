#include "ftadvisor/schema.hpp"

#include "ftadvisor/spec.hpp"
#include "spec_node.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftadvisor {
namespace {

const char* const k_description_help =
    "What the project does, in a sentence or two: answers left out are inferred from it.";

using ordered_json = nlohmann::ordered_json;

ordered_json bound(double value)
{
    if (std::floor(value) == value && std::fabs(value) < 9e15) {
        return static_cast<long long>(value);
    }
    return value;
}

std::string question_description(const Question& question)
{
    return question.help.empty() ? question.text : question.text + " " + question.help;
}

ordered_json answer_schema(const Question& question)
{
    ordered_json schema;
    schema["description"] = question_description(question);
    switch (question.kind) {
    case Question::Kind::boolean:
        schema["type"] = {"boolean", "null"};
        break;
    case Question::Kind::count:
    case Question::Kind::percent: {
        const bool count = question.kind == Question::Kind::count;
        schema["type"] = {count ? "integer" : "number", "null"};
        if (const std::optional<double> min = answer_min(question)) {
            schema["minimum"] = bound(*min);
        }
        if (const std::optional<double> max = answer_max(question)) {
            schema["maximum"] = bound(*max);
        }
        break;
    }
    case Question::Kind::choice: {
        ordered_json choices = question.choices;
        choices.push_back(nullptr);
        schema["enum"] = std::move(choices);
        break;
    }
    }
    return schema;
}

const char* kind_text(const Question& question)
{
    switch (question.kind) {
    case Question::Kind::boolean:
        return "true or false";
    case Question::Kind::count:
        return "a whole number";
    case Question::Kind::percent:
        return "a percentage";
    case Question::Kind::choice:
        return "one of the choices";
    }
    return "";
}

// `text` as YAML comment lines, wrapped, each starting with `indent` and "# ".
std::string comment(std::string_view text, const std::string& indent)
{
    std::string out;
    for (const std::string& line : text::wrap(text, 88 - indent.size())) {
        out += indent + "# " + line + "\n";
    }
    return out;
}

} // namespace

namespace {

ordered_json schema_tree(const Rules& rules)
{
    ordered_json answers_properties = ordered_json::object();
    for (const Question& question : rules.questions) {
        answers_properties[question.id] = answer_schema(question);
    }

    ordered_json schema;
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    schema["title"] = "ftadvisor project spec";
    schema["description"] =
        "A project to advise on: whether to fine-tune a language model, or to use prompt engineering, retrieval "
        "or the base model. Every field but spec_version is optional; an answer left out (or null) is open.";
    schema["type"] = "object";
    schema["required"] = {"spec_version"};
    schema["additionalProperties"] = false;
    ordered_json& properties = schema["properties"];
    properties["spec_version"] = {{"description", "The version of the spec format."}, {"const", k_spec_version}};
    properties["name"] = {{"description", "The project's name, shown in reports."}, {"type", "string"}};
    properties["description"] = {{"description", k_description_help}, {"type", "string"}};
    properties["answers"] = {{"description", "Answers to the checklist, keyed by question id."},
                             {"type", "object"},
                             {"additionalProperties", false},
                             {"properties", std::move(answers_properties)}};
    properties["stage"] = {{"description", "Where the project stands."}, {"enum", rules.stages}};
    properties["proposed_approach"] = {{"description", "The approach the team proposes; `check` compares it with "
                                                       "the verdict."},
                                       {"enum", rules.approach_ids()}};
    properties["dataset"] = {
        {"description", "A JSON Lines training set, relative to the spec file."}, {"type", "string"}, {"minLength", 1}};
    properties["provider"] = {{"description", "The provider the team means to fine-tune with (`ftadvisor providers`)."},
                              {"enum", rules.provider_ids()}};
    properties["model"] = {
        {"description", "The provider's model to fine-tune; needs `provider`."}, {"type", "string"}, {"minLength", 1}};
    properties["budget_usd"] = {
        {"description", "The money available for training, in US dollars."}, {"type", "number"}, {"minimum", 0}};
    properties["waivers"] = {
        {"description", "Findings the team accepts, each with a reason and an expiry date."},
        {"type", "array"},
        {"items",
         {{"type", "object"},
          {"required", {"rule"}},
          {"additionalProperties", false},
          {"properties",
           {{"rule", {{"description", "The id of the rule or pitfall waived."}, {"type", "string"}}},
            {"reason", {{"description", "Why the finding is accepted."}, {"type", "string"}}},
            {"owner",
             {{"description", "The person or team who answers for the waiver (required when the rules say so)."},
              {"type", "string"}}},
            {"expires",
             {{"description", "The last day the waiver holds, as YYYY-MM-DD."},
              {"type", "string"},
              {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}}}}}}};
    return schema;
}

} // namespace

std::string spec_schema(const Rules& rules)
{
    return schema_tree(rules).dump(2) + "\n";
}

std::string spec_template_yaml(const Rules& rules)
{
    std::string out = "# An ftadvisor project spec. Fill in what you know; leave the rest as null.\n"
                      "# Evaluate it with: ftadvisor evaluate FILE   (docs/spec.md explains every field)\n"
                      "spec_version: 1\n\n";
    out += "# The project's name, shown in reports.\nname: My project\n\n";
    out += fmt::format("# {}\ndescription: \"\"\n\n", k_description_help);
    out += comment(fmt::format("Where the project stands: {}. Uncomment to set.", text::join(rules.stages, ", ")), "");
    out += fmt::format("# stage: {}\n\n", rules.stages.empty() ? "" : rules.stages.front());
    out += "answers:\n";
    for (const Question& question : rules.questions) {
        std::string kind = kind_text(question);
        if (question.kind == Question::Kind::choice) {
            kind = "one of " + text::join(question.choices, ", ");
        }
        out += comment(fmt::format("{} ({})", question.text, kind), "  ");
        out += fmt::format("  {}: null\n", question.id);
    }
    out += "\n";
    out += comment(fmt::format("The approach you propose, if any: {}. Uncomment to set; `ftadvisor check` "
                               "compares it with the verdict.",
                               text::join(rules.approach_ids(), ", ")),
                   "");
    out += fmt::format("# proposed_approach: {}\n\n", rules.approach_ids().back());
    out += "# The training set, JSON Lines, relative to this file. Once set, its clean examples are\n"
           "# counted (they replace high_quality_examples) and its tokens price the training run.\n"
           "# `ftadvisor data stats FILE` shows what it holds. Uncomment to set.\n# dataset: train.jsonl\n\n";
    out += "# Where you mean to fine-tune, if you know: a provider and its model from `ftadvisor providers`.\n"
           "# The advisor checks that the route stays open for the first run and a year of retrains.\n"
           "# provider: together\n# model: lora-up-to-16b\n\n";
    out += "# The money available for training, in US dollars. Uncomment to set.\n# budget_usd: 10000\n";
    return out;
}

std::string spec_template_json(const Rules& rules)
{
    ordered_json answers = ordered_json::object();
    for (const Question& question : rules.questions) {
        answers[question.id] = nullptr;
    }
    const ordered_json spec{
        {"spec_version", k_spec_version}, {"name", "My project"}, {"description", ""}, {"answers", std::move(answers)}};
    return spec.dump(2) + "\n";
}

} // namespace ftadvisor
