#include "json_writer.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

using ftadvisor::JsonWriter;

namespace {

std::string literal(std::string_view text)
{
    std::string out;
    JsonWriter::write_string(out, text);
    return out;
}

} // namespace

TEST_CASE("strings are escaped as JSON requires and read back unchanged", "[json]")
{
    CHECK(literal("plain") == R"("plain")");
    CHECK(literal("say \"hi\"\\") == R"("say \"hi\"\\")");
    CHECK(literal("a\nb\tc\rd\be\ff") == R"("a\nb\tc\rd\be\ff")");
    CHECK(literal(std::string("nul\0here\x01", 9)) == R"("nul\u0000here\u0001")");
    CHECK(literal("Café ☕ 🚀") == "\"Café ☕ 🚀\"");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per bad byte, and the rest is kept", "[json]")
{
    CHECK(literal("a\xFF"
                  "b") == "\"a\xEF\xBF\xBD"
                          "b\"");
    CHECK(literal("\xC3") == "\"\xEF\xBF\xBD\"");                                 // cut short
    CHECK(literal("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");                 // overlong
    CHECK(literal("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); // surrogate
}

TEST_CASE("any bytes make a string that a JSON parser accepts", "[json]")
{
    std::mt19937 random(7);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 2000; ++round) {
        std::string text(static_cast<std::size_t>(round % 40), '\0');
        for (char& c : text) {
            c = static_cast<char>(byte(random));
        }
        const std::string json = literal(text);
        INFO(json);
        REQUIRE(nlohmann::json::accept(json));
    }
}

TEST_CASE("layout matches nlohmann's dump, compact and indented", "[json]")
{
    for (const bool pretty : {false, true}) {
        std::string out;
        JsonWriter w(out, pretty);
        w.begin_object();
        w.key("n").value(2400.0);
        w.key("x").value(12.5);
        w.key("big").value(1e20);
        w.key("neg").value(-3.0);
        w.key("empty_list").begin_array().end_array();
        w.key("empty_object").begin_object().end_object();
        w.key("list").value(std::vector<std::string>{"a", "b"});
        w.key("nested").begin_object().key("t").value(true).key("f").value(false).key("z").null().end_object();
        w.end_object();
        w.finish();
        const auto expected = nlohmann::ordered_json::parse(out);
        CHECK(out == expected.dump(pretty ? 2 : -1));
    }
}

TEST_CASE("a byte to escape is found wherever it stands in a long string", "[json]")
{
    for (std::size_t length = 1; length <= 70; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            std::string text(length, 'a');
            text[at] = '"';
            std::string expected = "\"" + text.substr(0, at) + "\\\"" + text.substr(at + 1) + "\"";
            INFO(length << " " << at);
            REQUIRE(literal(text) == expected);
        }
    }
}
