// Prints ftadvisor's token estimate for each line of standard input, a JSON string a line:
// one half of bench/token_accuracy.sh, which compares it with real tokenizers.
#include "ftadvisor/dataset.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

int main()
{
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto text = nlohmann::json::parse(line).get<std::string>();
        std::cout << ftadvisor::estimate_tokens(text) << '\n';
    }
    return 0;
}
