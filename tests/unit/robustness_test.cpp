#include "ftadvisor/render.hpp"
#include "ftadvisor/rule_cases.hpp"

#include "helpers.hpp"
#include "spec_node.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace ftadvisor;
using namespace ftadvisor::testing;

namespace {

std::vector<std::pair<std::string, std::string>> files_under(const std::string& folder)
{
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(std::string(FTADVISOR_SOURCE_DIR) + "/" + folder)) {
        if (entry.is_regular_file()) {
            const FileText file = local_files().read_file(entry.path().string(), k_default_max_document_bytes);
            REQUIRE(file.text.has_value());
            files.emplace_back(entry.path().filename().string(), *file.text);
        }
    }
    return files;
}

// Parses, validates and, when valid, evaluates and renders a text. Whatever the text, this
// returns: problems are diagnostics, never exceptions or crashes.
void run_through(const std::string& text, const std::string& name)
{
    const SpecResult spec = parse_spec_text(text, name);
    if (detect_format(name, text) == DocumentFormat::json) {
        // The fast path for JSON agrees with the full reader whenever it answers at all.
        std::string copy = text;
        if (const std::optional<Spec> fast = read_plain_json_spec(copy, name, default_rules())) {
            REQUIRE(spec.value.has_value());
            CHECK(same_spec(*fast, *spec.value));
        }
    }
    if (spec.value) {
        const Evaluation evaluation = evaluate(*spec.value, default_rules());
        CHECK_FALSE(render_json(evaluation).empty());
        CHECK_FALSE(render_text(evaluation, default_rules(), {}).empty());
    } else {
        CHECK_FALSE(spec.diagnostics.empty());
    }
}

} // namespace

TEST_CASE("every prefix of every example is handled without an exception", "[robustness]")
{
    for (const auto& [name, text] : files_under("examples")) {
        INFO(name);
        for (std::size_t length = 0; length <= text.size(); ++length) {
            CHECK_NOTHROW(run_through(text.substr(0, length), name));
        }
    }
}

TEST_CASE("single-byte changes to every example are handled without an exception", "[robustness]")
{
    const char replacements[] = {'\0', '"', '{', '}', '[', ']', ':', ',', '-', '\n', '&', '*', '!', '\xff'};
    for (const auto& [name, text] : files_under("examples")) {
        INFO(name);
        for (std::size_t at = 0; at < text.size(); at += 3) {
            for (char replacement : replacements) {
                std::string changed = text;
                changed[at] = replacement;
                CHECK_NOTHROW(run_through(changed, name));
            }
        }
    }
}

TEST_CASE("every prefix of every rules file, laid over the defaults, is handled", "[robustness]")
{
    for (const auto& [name, text] : files_under("rules")) {
        INFO(name);
        // About 120 prefixes a file, at least 41 bytes apart: a load builds the whole rule set,
        // so every 41st byte of the larger files would cost minutes under the sanitizers.
        const std::size_t step = std::max<std::size_t>(41, text.size() / 120 | 1);
        for (std::size_t length = 0; length <= text.size(); length += step) {
            CHECK_NOTHROW(load_rules(rules_plus(text.substr(0, length), name)));
        }
    }
}
