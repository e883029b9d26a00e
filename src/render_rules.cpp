#include "ftadvisor/rules.hpp"

#include "rule_sections.hpp"
#include "yaml_writer.hpp"

namespace ftadvisor {

std::string render_rules_yaml(const Rules& rules)
{
    nlohmann::ordered_json tree = nlohmann::ordered_json::object();
    tree["complete"] = true;
    for (const auto& section : k_rule_sections) {
        if (rules.merged && rules.merged->tree.contains(section)) {
            tree[section] = nlohmann::ordered_json(rules.merged->tree.at(section));
        }
    }
    return "# The effective ftadvisor rules. `complete: true` makes this file the whole rule set\n"
           "# when it is loaded with --rules, instead of an overlay on the defaults.\n" +
           write_yaml(tree, YamlLayout::short_flows);
}

} // namespace ftadvisor
