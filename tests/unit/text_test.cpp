#include "text.hpp"

#include <fmt/format.h>

#include <cmath>

#include <catch2/catch.hpp>

using namespace ftadvisor;

TEST_CASE("edit distance counts insertions, deletions and substitutions", "[text]")
{
    static const struct {
        const char* a;
        const char* b;
        std::size_t distance;
    } cases[] = {
        {"", "", 0},    {"stage", "stage", 0}, {"stag", "stage", 1}, {"stage", "sage", 1}, {"kitten", "sitting", 3},
        {"", "abc", 3}, {"nmae", "name", 1},   {"ab", "ba", 1},
    };
    for (const auto& c : cases) {
        INFO(c.a << " vs " << c.b);
        CHECK(text::edit_distance(c.a, c.b) == c.distance);
        CHECK(text::edit_distance(c.b, c.a) == c.distance);
    }
}

TEST_CASE("suggest offers the nearest name only when it is a plausible typo", "[text]")
{
    const std::vector<std::string> keys = {"spec_version", "name", "stage", "proposed_approach"};
    CHECK(text::suggest("propsed_approach", keys) == "proposed_approach");
    CHECK(text::suggest("stag", keys) == "stage");
    CHECK_FALSE(text::suggest("colour", keys).has_value());
    CHECK(text::did_you_mean("nmae", keys) == " (did you mean 'name'?)");
    CHECK(text::did_you_mean("zzzzzz", keys).empty());
    CHECK(text::suggest("proposed", keys) == "proposed_approach");                 // the only name it begins
    CHECK_FALSE(text::suggest("spec", {"spec_version", "spec_name"}).has_value()); // ambiguous
    // A shortened name with a typo in it: one edit from the start of a single name.
    const std::vector<std::string> questions = {"expected_improvement_pct", "high_quality_examples", "production"};
    CHECK(text::suggest("expected_improvment", questions) == "expected_improvement_pct");
    CHECK(text::suggest("expected_improvemnt", questions) == "expected_improvement_pct");
    CHECK_FALSE(text::suggest("expectations", questions).has_value());
}

TEST_CASE("numbers are formatted for people", "[text]")
{
    CHECK(text::format_number(0) == "0");
    CHECK(text::format_number(999) == "999");
    CHECK(text::format_number(1000) == "1,000");
    CHECK(text::format_number(2400) == "2,400");
    CHECK(text::format_number(1234567) == "1,234,567");
    CHECK(text::format_number(-5000) == "-5,000");
    CHECK(text::format_number(12.5) == "12.5");
    CHECK(text::format_number(0.333333) == "0.33");
    CHECK(text::format_number(19999.5) == "19,999.5");
    CHECK(text::format_number(-1234.567) == "-1,234.57");
    CHECK(text::format_number(-0.001) == "0");
    CHECK(text::format_number(1e15) == "1,000,000,000,000,000");
    CHECK(text::format_usd(20000) == "$20,000");
    CHECK(text::format_number(-0.0) == "0");
    CHECK(text::format_number(9007199254740993.0) == "9,007,199,254,740,992");
    CHECK(text::format_number(1e300).size() == 301 + 100);
    // Whole numbers are written without the format string; they read as it would write them.
    for (double n : {1.0, 12.0, 123.0, 1234.0, 12345.0, 123456.0, 999999.0, 1000000.0, 4503599627370495.0,
                     -4503599627370495.0, -7.0, 1e15 + 1}) {
        std::string digits = fmt::format("{:.0f}", std::fabs(n));
        std::string grouped;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i != 0 && (digits.size() - i) % 3 == 0) {
                grouped += ',';
            }
            grouped += digits[i];
        }
        CHECK(text::format_number(n) == (n < 0 ? "-" : "") + grouped);
    }
}

TEST_CASE("wrap breaks at spaces within the width", "[text]")
{
    const auto lines = text::wrap("one two three four five", 9);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "one two");
    CHECK(lines[1] == "three");
    CHECK(lines[2] == "four five");
    CHECK(text::wrap("averyveryverylongword x", 5).front() == "averyveryverylongword");
    CHECK(text::wrap("", 10) == std::vector<std::string>{""});
}

TEST_CASE("wrap cuts a word wider than a line at its punctuation, never an address", "[text]")
{
    // A path is cut after a slash, before any dot.
    CHECK(text::wrap("rules/team/tiers.yaml next", 12) ==
          std::vector<std::string>{"rules/team/", "tiers.yaml", "next"});
    // A fact and its value: after the = rather than inside the name.
    CHECK(text::wrap("answers.expected_improvement_pct=unknown", 34) ==
          std::vector<std::string>{"answers.expected_improvement_pct=", "unknown"});
    // Without a slash, = , or :, after the last dot, hyphen or underscore that fits.
    CHECK(text::wrap("prototype-stage-means-not-production", 20) ==
          std::vector<std::string>{"prototype-stage-", "means-not-production"});
    // The first line's width is its own.
    CHECK(text::wrap("a/b/c/d/e", 8, 4) == std::vector<std::string>{"a/b/", "c/d/e"});
    // An address stays whole, and so does a word with no place to cut.
    CHECK(text::wrap("https://example.com/a/very/long/path", 10) ==
          std::vector<std::string>{"https://example.com/a/very/long/path"});
    CHECK(text::wrap("/abcdefghijkl", 5) == std::vector<std::string>{"/abcdefghijkl"});
}

TEST_CASE("quote escapes control characters and shortens long text", "[text]")
{
    CHECK(text::quote("lots") == "\"lots\"");
    CHECK(text::quote("a\nb") == "\"a\\nb\"");
    CHECK(text::quote(std::string(50, 'x')) == "\"" + std::string(40, 'x') + "...\"");
}
