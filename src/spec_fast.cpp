// The fast path for JSON specs, used for every JSON spec before the full reader: most specs
// in a batch are valid, and reading them with simdjson's On-Demand API, straight into a Spec,
// costs a fraction of building a tree and checking it. Anything unusual falls back.
#include "spec_node.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

namespace ftadvisor {
namespace {

namespace od = simdjson::ondemand;

// The positions of the keys in k_spec_keys.
enum SpecKey : unsigned {
    spec_version,
    name,
    description,
    answers,
    stage,
    dataset,
    proposed_approach,
    budget_usd,
    waivers,
    provider,
    model,
};

std::optional<unsigned> key_index(std::string_view key)
{
    const auto found = std::find(k_spec_keys.begin(), k_spec_keys.end(), key);
    if (found == k_spec_keys.end()) {
        return std::nullopt;
    }
    return static_cast<unsigned>(found - k_spec_keys.begin());
}

bool read_string(od::value value, std::optional<std::string>& out)
{
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
        return false;
    }
    out = std::string(text);
    return true;
}

bool read_word(od::value value, const std::vector<std::string>& allowed, std::optional<std::string>& out)
{
    return read_string(value, out) && std::find(allowed.begin(), allowed.end(), *out) != allowed.end();
}

bool read_answers(od::value value, const Rules& rules, Spec& spec)
{
    od::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) {
        return false;
    }
    thread_local std::vector<bool> seen; // kept by the thread: no allocation a spec
    seen.assign(rules.questions.size(), false);
    spec.answers.reserve(rules.questions.size());
    for (auto entry : object) {
        od::field field;
        std::string_view key;
        if (std::move(entry).get(field) != simdjson::SUCCESS || field.unescaped_key().get(key) != simdjson::SUCCESS) {
            return false;
        }
        const Question* question = rules.find_question(key);
        if (question == nullptr) {
            return false;
        }
        const auto index = static_cast<std::size_t>(question - rules.questions.data());
        if (seen[index]) {
            return false;
        }
        seen[index] = true;
        od::json_type type{};
        if (field.value().type().get(type) != simdjson::SUCCESS) {
            return false;
        }
        AnswerScalar scalar;
        switch (type) {
        case od::json_type::null: {
            // is_null() checks the whole word: `nn16` starts like null and is not. Its error
            // goes through get(), never through a conversion that would throw.
            bool null = false;
            if (field.value().is_null().get(null) != simdjson::SUCCESS || !null) {
                return false;
            }
            continue; // null leaves the answer open
        }
        case od::json_type::boolean:
            scalar.kind = AnswerScalar::Kind::boolean;
            if (field.value().get_bool().get(scalar.flag) != simdjson::SUCCESS) {
                return false;
            }
            break;
        case od::json_type::number:
            scalar.kind = AnswerScalar::Kind::number;
            if (field.value().get_double().get(scalar.number) != simdjson::SUCCESS) {
                return false;
            }
            break;
        case od::json_type::string:
            scalar.kind = AnswerScalar::Kind::string;
            if (field.value().get_string().get(scalar.text) != simdjson::SUCCESS) {
                return false;
            }
            break;
        default:
            return false;
        }
        std::optional<Value> answer = accept_answer(*question, scalar);
        if (!answer) {
            return false;
        }
        spec.answers.emplace(question->id, std::move(*answer));
    }
    return true;
}

bool read_field(unsigned key, od::value value, const Rules& rules, Spec& spec)
{
    switch (key) {
    case spec_version: {
        std::int64_t version = 0;
        return value.get_int64().get(version) == simdjson::SUCCESS && version == k_spec_version;
    }
    case name:
        return read_string(value, spec.name);
    case description:
        return read_string(value, spec.description);
    case dataset:
        return read_string(value, spec.dataset) && !spec.dataset->empty();
    case stage:
        return read_word(value, rules.stages, spec.stage);
    case proposed_approach:
        return read_string(value, spec.proposed_approach) && rules.find_approach(*spec.proposed_approach) != nullptr;
    case budget_usd: {
        double budget = 0;
        if (value.get_double().get(budget) != simdjson::SUCCESS || !std::isfinite(budget) || budget < 0) {
            return false;
        }
        spec.budget_usd = budget;
        return true;
    }
    case answers:
        return read_answers(value, rules, spec);
    default:
        return false; // waivers, provider, model: left to the full reader, which checks them
    }
}

} // namespace

std::optional<Spec> read_plain_json_spec(std::string& text, const std::string& file, const Rules& rules)
{
    thread_local od::parser parser;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        return std::nullopt;
    }
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    od::document document;
    od::object root;
    if (parser.iterate(text.data(), text.size(), text.capacity()).get(document) != simdjson::SUCCESS ||
        document.get_object().get(root) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    Spec spec;
    spec.file = file;
    unsigned seen = 0;
    for (auto entry : root) {
        od::field field;
        std::string_view key;
        if (std::move(entry).get(field) != simdjson::SUCCESS || field.unescaped_key().get(key) != simdjson::SUCCESS) {
            return std::nullopt;
        }
        const std::optional<unsigned> index = key_index(key);
        if (!index || (seen & (1u << *index)) != 0 || !read_field(*index, field.value(), rules, spec)) {
            return std::nullopt;
        }
        seen |= 1u << *index;
    }
    const char* rest = nullptr;
    if ((seen & (1u << spec_version)) == 0 || document.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) {
        return std::nullopt; // no version, or more after the object
    }
    return spec;
}

} // namespace ftadvisor
