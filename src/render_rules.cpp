#include "ftadvisor/rules.hpp"

#include "rule_sections.hpp"
#include "yaml_scalar.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

namespace ftadvisor {
namespace {

using nlohmann::json;

bool is_scalar(const json& value)
{
    return !value.is_object() && !value.is_array();
}

// Short containers of scalars read best on one line: `{low: 500, high: 5000}`.
bool fits_flow(const json& value)
{
    std::size_t width = 0;
    for (const auto& [key, item] : value.items()) {
        if (!is_scalar(item)) {
            return false;
        }
        width += key.size() + item.dump().size() + 4;
    }
    return width <= 72;
}

void emit_number(YAML::Emitter& out, double value)
{
    // The shortest text that reads back as the same double.
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out << std::string(buffer, result.ptr);
}

void emit(YAML::Emitter& out, const json& value)
{
    switch (value.type()) {
    case json::value_t::null:
        out << YAML::Null;
        break;
    case json::value_t::boolean:
        out << value.get<bool>();
        break;
    case json::value_t::number_integer:
        out << value.get<long long>();
        break;
    case json::value_t::number_unsigned:
        out << value.get<unsigned long long>();
        break;
    case json::value_t::number_float: {
        const double d = value.get<double>();
        if (std::isnan(d)) {
            out << ".nan";
        } else if (std::isinf(d)) {
            out << (d > 0 ? ".inf" : "-.inf");
        } else {
            emit_number(out, d);
        }
        break;
    }
    case json::value_t::string: {
        const auto& s = value.get_ref<const std::string&>();
        // Quote a string whose plain form would read back as something else ("true", "12").
        const json plain = resolve_yaml_scalar(s);
        if (!plain.is_string() || plain.get_ref<const std::string&>() != s) {
            out << YAML::DoubleQuoted;
        }
        out << s;
        break;
    }
    case json::value_t::array:
        if (fits_flow(value)) {
            out << YAML::Flow;
        }
        out << YAML::BeginSeq;
        for (const auto& item : value) {
            emit(out, item);
        }
        out << YAML::EndSeq;
        break;
    case json::value_t::object: {
        if (fits_flow(value)) {
            out << YAML::Flow;
        }
        out << YAML::BeginMap;
        // `id` first, as people write it; the rest in the tree's (sorted) order.
        if (value.contains("id")) {
            out << YAML::Key << "id" << YAML::Value;
            emit(out, value.at("id"));
        }
        for (const auto& [key, item] : value.items()) {
            if (key != "id") {
                out << YAML::Key << key << YAML::Value;
                emit(out, item);
            }
        }
        out << YAML::EndMap;
        break;
    }
    default:
        out << YAML::Null;
        break;
    }
}

} // namespace

std::string render_rules_yaml(const Rules& rules)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "complete" << YAML::Value << true;
    for (const auto& section : k_rule_sections) {
        if (rules.merged && rules.merged->tree.contains(section)) {
            out << YAML::Key << section << YAML::Value;
            emit(out, rules.merged->tree.at(section));
        }
    }
    out << YAML::EndMap;
    return "# The effective ftadvisor rules. `complete: true` makes this file the whole rule set\n"
           "# when it is loaded with --rules, instead of an overlay on the defaults.\n" +
           std::string(out.c_str()) + "\n";
}

} // namespace ftadvisor
