#include "reader.hpp"

#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ftadvisor {

std::string join_path(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

std::string join_path(const std::string& parent, std::size_t index)
{
    return fmt::format("{}[{}]", parent, index);
}

std::string describe(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::string:
        return text::quote(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
        return value.dump();
    case nlohmann::json::value_t::number_float: {
        const double d = value.get<double>();
        if (std::isnan(d)) {
            return "NaN";
        }
        if (std::isinf(d)) {
            return d > 0 ? "infinity" : "-infinity";
        }
        return value.dump();
    }
    case nlohmann::json::value_t::array:
        return "a list";
    case nlohmann::json::value_t::object:
        return "an object";
    default:
        return "an unsupported value";
    }
}

bool is_finite_number(const nlohmann::json& value)
{
    return value.is_number() && std::isfinite(value.get<double>());
}

void Reader::error(const std::string& path, std::string message) const
{
    if (m_diagnostics.size() < k_max_problems) {
        m_diagnostics.push_back(m_diagnose(path, std::move(message)));
        if (full()) {
            m_diagnostics.push_back(
                m_diagnose("", fmt::format("{} problems found: stopped looking for more; fix these first",
                                           text::format_number(static_cast<double>(k_max_problems)))));
        }
    }
}

void Reader::check_keys(const nlohmann::json& object, const std::string& path,
                        const std::vector<std::string>& allowed) const
{
    for (const auto& [key, value] : object.items()) {
        if (full()) {
            return;
        }
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            error(join_path(path, key), fmt::format("unknown key '{}'{}", key, text::did_you_mean(key, allowed)));
        }
    }
}

bool Reader::expect_object(const nlohmann::json& node, const std::string& path) const
{
    if (!node.is_object()) {
        error(path, fmt::format("expected an object, got {}", describe(node)));
        return false;
    }
    return true;
}

bool Reader::expect_array(const nlohmann::json& node, const std::string& path) const
{
    if (!node.is_array()) {
        error(path, fmt::format("expected a list, got {}", describe(node)));
        return false;
    }
    return true;
}

const nlohmann::json* Reader::field(const nlohmann::json& object, const std::string& path, const std::string& key,
                                    Required required) const
{
    auto found = object.find(key);
    if (found == object.end()) {
        if (required == Required::yes) {
            error(path, fmt::format("missing required key '{}'", key));
        }
        return nullptr;
    }
    return &*found;
}

std::optional<std::string> Reader::string(const nlohmann::json& object, const std::string& path, const std::string& key,
                                          Required required) const
{
    const nlohmann::json* value = field(object, path, key, required);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        error(join_path(path, key), fmt::format("expected a string, got {}", describe(*value)));
        return std::nullopt;
    }
    return value->get<std::string>();
}

std::optional<double> Reader::number(const nlohmann::json& object, const std::string& path, const std::string& key,
                                     Required required) const
{
    const nlohmann::json* value = field(object, path, key, required);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!is_finite_number(*value)) {
        error(join_path(path, key), fmt::format("expected a finite number, got {}", describe(*value)));
        return std::nullopt;
    }
    return value->get<double>();
}

std::string boolean_hint(const nlohmann::json& value)
{
    if (!value.is_string()) {
        return {};
    }
    const std::string word = text::ascii_lower(value.get_ref<const std::string&>());
    if (word == "true" || word == "false") {
        return fmt::format(": a string, not a yes or no; remove the quotes ({})", word);
    }
    for (const auto& [words, meant] : {std::pair(std::vector<std::string>{"yes", "y", "on"}, "true"),
                                       std::pair(std::vector<std::string>{"no", "n", "off"}, "false")}) {
        if (std::find(words.begin(), words.end(), word) != words.end()) {
            return fmt::format(": write {} (only true and false are yes or no here)", meant);
        }
    }
    return {};
}

std::optional<bool> Reader::boolean(const nlohmann::json& object, const std::string& path, const std::string& key,
                                    Required required) const
{
    const nlohmann::json* value = field(object, path, key, required);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_boolean()) {
        error(join_path(path, key),
              fmt::format("expected true or false, got {}{}", describe(*value), boolean_hint(*value)));
        return std::nullopt;
    }
    return value->get<bool>();
}

std::vector<std::string> Reader::strings(const nlohmann::json& object, const std::string& path, const std::string& key,
                                         Required required) const
{
    std::vector<std::string> out;
    const nlohmann::json* value = field(object, path, key, required);
    if (value == nullptr) {
        return out;
    }
    const std::string list_path = join_path(path, key);
    if (!expect_array(*value, list_path)) {
        return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
        const nlohmann::json& item = (*value)[i];
        if (!item.is_string()) {
            error(join_path(list_path, i), fmt::format("expected a string, got {}", describe(item)));
            continue;
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::optional<Range> Reader::range(const nlohmann::json& object, const std::string& path, const std::string& key,
                                   Required required) const
{
    const nlohmann::json* value = field(object, path, key, required);
    if (value == nullptr) {
        return std::nullopt;
    }
    const std::string range_path = join_path(path, key);
    if (!expect_object(*value, range_path)) {
        return std::nullopt;
    }
    check_keys(*value, range_path, {"low", "high"});
    const auto low = number(*value, range_path, "low", Required::yes);
    const auto high = number(*value, range_path, "high", Required::yes);
    if (!low || !high) {
        return std::nullopt;
    }
    const Range range{*low, *high};
    if (*low > *high) {
        error(range_path,
              fmt::format("low ({}) is above high ({})", text::format_number(*low), text::format_number(*high)));
        return std::nullopt;
    }
    return range;
}

} // namespace ftadvisor
