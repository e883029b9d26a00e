#include "yaml_writer.hpp"

#include "yaml_scalar.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

namespace ftadvisor {
namespace {

using nlohmann::ordered_json;

bool is_scalar(const ordered_json& value)
{
    return !value.is_object() && !value.is_array();
}

// Short containers of scalars read best on one line.
bool fits_flow(const ordered_json& value)
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
    if (std::isnan(value)) {
        out << ".nan";
        return;
    }
    if (std::isinf(value)) {
        out << (value > 0 ? ".inf" : "-.inf");
        return;
    }
    // The shortest text that reads back as the same double.
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out << std::string(buffer, result.ptr);
}

void emit(YAML::Emitter& out, const ordered_json& value, YamlLayout layout)
{
    switch (value.type()) {
    case ordered_json::value_t::boolean:
        out << value.get<bool>();
        break;
    case ordered_json::value_t::number_integer:
        out << value.get<long long>();
        break;
    case ordered_json::value_t::number_unsigned:
        out << value.get<unsigned long long>();
        break;
    case ordered_json::value_t::number_float:
        emit_number(out, value.get<double>());
        break;
    case ordered_json::value_t::string: {
        const auto& s = value.get_ref<const std::string&>();
        const nlohmann::json plain = resolve_yaml_scalar(s);
        if (!plain.is_string() || plain.get_ref<const std::string&>() != s) {
            out << YAML::DoubleQuoted;
        }
        out << s;
        break;
    }
    case ordered_json::value_t::array:
        if (layout == YamlLayout::short_flows && fits_flow(value)) {
            out << YAML::Flow;
        }
        out << YAML::BeginSeq;
        for (const auto& item : value) {
            emit(out, item, layout);
        }
        out << YAML::EndSeq;
        break;
    case ordered_json::value_t::object:
        if (layout == YamlLayout::short_flows && fits_flow(value)) {
            out << YAML::Flow;
        }
        out << YAML::BeginMap;
        if (value.contains("id")) {
            out << YAML::Key << "id" << YAML::Value;
            emit(out, value.at("id"), layout);
        }
        for (const auto& [key, item] : value.items()) {
            if (key != "id") {
                out << YAML::Key << key << YAML::Value;
                emit(out, item, layout);
            }
        }
        out << YAML::EndMap;
        break;
    case ordered_json::value_t::null:
    default:
        out << YAML::Null;
        break;
    }
}

} // namespace

std::string write_yaml(const ordered_json& tree, YamlLayout layout)
{
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, tree, layout);
    return std::string(out.c_str()) + "\n";
}

} // namespace ftadvisor
