// Build-time tool: reads a rules YAML file with the same parser the advisor uses and writes
// it as compact JSON, which loads about ten times faster at start-up. The embedded rules are
// the JSON; the YAML stays the source. Usage: rules_to_json IN.yaml OUT.json
#include "document.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: rules_to_json IN.yaml OUT.json\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
        std::cerr << argv[1] << ": cannot read\n";
        return 2;
    }
    const ftadvisor::DocumentResult parsed =
        ftadvisor::parse_document(text.str(), argv[1], ftadvisor::DocumentFormat::yaml);
    if (!parsed.value) {
        for (const auto& diagnostic : parsed.diagnostics) {
            std::cerr << ftadvisor::format_diagnostic(diagnostic);
        }
        return 1;
    }
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    out << parsed.value->root.dump() << '\n';
    return out ? 0 : 2;
}
