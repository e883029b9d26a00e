#include "document.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace ftadvisor;

namespace {

std::string error_of(const std::string& text, const std::string& file)
{
    DocumentResult result = parse_document(text, file, detect_format(file, text));
    REQUIRE_FALSE(result.value.has_value());
    REQUIRE(result.diagnostics.size() == 1);
    return format_diagnostic(result.diagnostics.front());
}

nlohmann::json yaml(const std::string& text)
{
    DocumentResult result = parse_document(text, "t.yaml", DocumentFormat::yaml);
    REQUIRE(result.value.has_value());
    return result.value->root;
}

} // namespace

TEST_CASE("the format follows the extension, else the first character", "[document]")
{
    CHECK(detect_format("a.json", "x: 1") == DocumentFormat::json);
    CHECK(detect_format("a.yml", "{}") == DocumentFormat::yaml);
    CHECK(detect_format("a.yaml", "{}") == DocumentFormat::yaml);
    CHECK(detect_format("", "  \n {\"a\": 1}") == DocumentFormat::json);
    CHECK(detect_format("", "\xEF\xBB\xBF{}") == DocumentFormat::json);
    CHECK(detect_format("", "a: 1") == DocumentFormat::yaml);
}

TEST_CASE("JSON syntax errors give line, column and the source line", "[document]")
{
    CHECK(error_of("{\n  \"a\": 1\n  \"b\": 2\n}", "s.json") ==
          "s.json:3:3: error: invalid JSON: syntax error while parsing object - unexpected string literal; "
          "expected '}'\n"
          "    \"b\": 2\n"
          "    ^\n");
}

TEST_CASE("YAML syntax errors give line and column", "[document]")
{
    CHECK(error_of("a: [1, 2\n", "s.yaml").rfind("s.yaml:2:1: error: invalid YAML: ", 0) == 0);
}

TEST_CASE("empty, blank and binary texts are refused by name", "[document]")
{
    CHECK(error_of("", "e.json") == "e.json: error: the file is empty\n");
    CHECK(error_of(" \n\t\n", "e.yaml") == "e.yaml: error: the file is empty\n");
    CHECK(error_of(std::string("{\"a\":\0}", 7), "b.json") ==
          "b.json: error: this is a binary file (it holds NUL bytes), not a JSON or YAML text\n");
}

TEST_CASE("duplicate keys are refused, naming the key", "[document]")
{
    // The caret is under the second occurrence.
    CHECK(error_of("{\"a\": {\"b\": 1, \"b\": 2}}", "d.json") ==
          "d.json:1:16: error: duplicate key 'b' in a\n  {\"a\": {\"b\": 1, \"b\": 2}}\n" + std::string(17, ' ') +
              "^\n");
    CHECK(error_of("{\"x\": [{}, {\"k\": 1, \"k\": 1}]}", "d.json") ==
          "d.json:1:21: error: duplicate key 'k' in x[1]\n  {\"x\": [{}, {\"k\": 1, \"k\": 1}]}\n" +
              std::string(22, ' ') + "^\n");
    CHECK(error_of("a: 1\nb: 2\na: 3\n", "d.yaml") ==
          "d.yaml:3:1: error: duplicate key 'a' (first at line 1)\n  a: 3\n  ^\n");
}

TEST_CASE("numbers beyond a double are refused with their position", "[document]")
{
    CHECK(error_of("{\"n\": 1e999}", "n.json") ==
          "n.json:1:7: error: number 1e999 is out of range\n  {\"n\": 1e999}\n        ^\n");
}

TEST_CASE("YAML plain scalars follow the core schema; quoted ones stay strings", "[document]")
{
    const auto root = yaml("a: true\nb: 'true'\nc: 12\nd: \"12\"\ne: 1.5\nf: ~\ng: .inf\nh: .nan\ni: hello\n"
                           "j: 0x10\nk: -3\n");
    CHECK(root["a"] == true);
    CHECK(root["b"] == "true");
    CHECK(root["c"] == 12);
    CHECK(root["d"] == "12");
    CHECK(root["e"] == 1.5);
    CHECK(root["f"].is_null());
    CHECK(std::isinf(root["g"].get<double>()));
    CHECK(std::isnan(root["h"].get<double>()));
    CHECK(root["i"] == "hello");
    CHECK(root["j"] == 16.0);
    CHECK(root["k"] == -3);
}

TEST_CASE("YAML nodes are located at their keys", "[document]")
{
    DocumentResult result = parse_document("a:\n  b: 1\n  list:\n    - x\n    - y\n", "l.yaml", DocumentFormat::yaml);
    REQUIRE(result.value.has_value());
    const Document& doc = *result.value;
    CHECK(doc.locate("a.b").line == 2);
    CHECK(doc.locate("a.b").column == 3);
    CHECK(doc.locate("a.list[1]").line == 5);
    CHECK(doc.locate("a.list[1]").column == 7);
    // An unknown path falls back to its nearest located ancestor.
    CHECK(doc.locate("a.missing").line == 1);
}

TEST_CASE("JSON members are located at their keys, whatever strings come before them", "[document]")
{
    // A string value is not a key: one that ends an object must not take its `}` with it, nor
    // one before a comma the comma (both moved every later member to a wrong place).
    const std::string text = "{\n  \"list\": [{\"a\": \"x\"}, {\"a\": \"y\", \"b\": \"z\"}],\n"
                             "  \"name\": \"n\",\n  \"after\": {\"status\": \"passed\"}\n}\n";
    DocumentResult result = parse_document(text, "j.json", DocumentFormat::json);
    REQUIRE(result.value.has_value());
    const Document& doc = *result.value;
    CHECK(doc.locate("list[1].b").line == 2);
    CHECK(doc.locate("list[1].b").column == 35);
    CHECK(doc.locate("name").line == 3);
    CHECK(doc.locate("after.status").line == 4);
    CHECK(doc.locate("after.status").column == 13);
}

TEST_CASE("several YAML documents in one file are refused", "[document]")
{
    CHECK(error_of("a: 1\n---\na: 2\n", "m.yaml") ==
          "m.yaml:2:1: error: expected one YAML document; another starts here\n  ---\n  ^\n");
}

TEST_CASE("a YAML alias bomb fails fast instead of expanding", "[document]")
{
    // Nine levels of ten aliases each would expand to 10^9 nodes.
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char name = 'b'; name <= 'i'; ++name) {
        const std::string alias = std::string("*") + static_cast<char>(name - 1);
        bomb += std::string(1, name) + ": &" + name + " [";
        for (int i = 0; i < 10; ++i) {
            bomb += (i == 0 ? "" : ", ") + alias;
        }
        bomb += "]\n";
    }
    const std::string message = error_of(bomb, "bomb.yaml");
    CHECK(message.find("document expands to more than 64 MiB") != std::string::npos);
}

TEST_CASE("a byte-order mark and CRLF line ends are accepted", "[document]")
{
    for (const auto& [text, file] : {std::pair<std::string, std::string>{"\xEF\xBB\xBF{\"a\": 1}", "b.json"},
                                     {"\xEF\xBB\xBF"
                                      "a: 1\r\nb: two\r\n",
                                      "b.yaml"},
                                     {"{\r\n  \"a\": 1,\r\n  \"b\": \"two\"\r\n}\r\n", "c.json"}}) {
        INFO(file);
        DocumentResult result = parse_document(text, file, detect_format(file, text));
        REQUIRE(result.value.has_value());
        CHECK(result.value->root["a"] == 1);
    }
    DocumentResult crlf = parse_document("a: 1\r\nb: two\r\n", "c.yaml", DocumentFormat::yaml);
    REQUIRE(crlf.value.has_value());
    CHECK(crlf.value->root["b"] == "two");
    CHECK(crlf.value->diagnose("b", "x").source_line == "b: two");
}

TEST_CASE("JSON values are located at their keys when a problem is reported", "[document]")
{
    const std::string text = "{\n  \"a\": {\"b\": [1, {\"c\": true}]},\n  \"d\\u0065\": \"x, ]}\"\n}";
    DocumentResult result = parse_document(text, "l.json", DocumentFormat::json);
    REQUIRE(result.value.has_value());
    const Document& doc = *result.value;
    CHECK(doc.locate("a").line == 2);
    CHECK(doc.locate("a").column == 3);
    CHECK(doc.locate("a.b").column == 9);
    CHECK(doc.locate("a.b[0]").column == 15);
    CHECK(doc.locate("a.b[1]").column == 18);
    CHECK(doc.locate("a.b[1].c").column == 19);
    CHECK(doc.locate("de").line == 3); // the key is unescaped before it is matched
    CHECK(doc.locate("de").column == 3);
    CHECK(doc.locate("a.missing").column == 3); // the nearest ancestor
    CHECK(format_diagnostic(doc.diagnose("a.b[1].c", "wrong")) ==
          "l.json:2:19: error: a.b[1].c: wrong\n    \"a\": {\"b\": [1, {\"c\": true}]},\n" + std::string(20, ' ') +
              "^\n");
}

TEST_CASE("locating in deeply nested JSON does not exhaust the stack", "[document]")
{
    const std::size_t depth = 64; // the deepest a document may nest
    const std::string text = std::string(depth, '[') + std::string(depth, ']');
    DocumentResult result = parse_document(text, "deep.json", DocumentFormat::json);
    REQUIRE(result.value.has_value());
    CHECK(result.value->locate("[0][0][0]").column == 4);
    // Past the located depth, a path falls back to its deepest located ancestor.
    std::string path;
    for (int i = 0; i < 40; ++i) {
        path += "[0]";
    }
    CHECK(result.value->locate(path).column == 33);
}

TEST_CASE("a stray comma in YAML is refused, not looped on", "[document]")
{
    // yaml-cpp 0.7 reads these as an endless run of empty documents (LoadAll) or drops
    // what follows the comma (Load); both must be a located error instead.
    static const struct {
        const char* text;
        const char* message;
    } cases[] = {
        {",\n", "c.yaml:1:1: error: unexpected ',' (a comma outside [ ] or { })\n  ,\n  ^\n"},
        {",x: 1\n", "c.yaml:1:1: error: unexpected ',' (a comma outside [ ] or { })\n  ,x: 1\n  ^\n"},
        {"- a\n,\n", "c.yaml:2:1: error: unexpected ',' (a comma outside [ ] or { })\n  ,\n  ^\n"},
        {"{a: 1},\n", "c.yaml:1:7: error: unexpected ',' (a comma outside [ ] or { })\n  {a: 1},\n        ^\n"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(error_of(c.text, "c.yaml") == c.message);
    }
}

TEST_CASE("YAML keys must be plain names and aliases must be known", "[document]")
{
    CHECK(error_of("? [a, b]\n: 1\n", "k.yaml").find("a key must be a plain name, not a list or a mapping") !=
          std::string::npos);
    CHECK(error_of("a: *nowhere\n", "k.yaml").find("invalid YAML") != std::string::npos);
}

TEST_CASE("an explicitly tagged string stays a string", "[document]")
{
    DocumentResult result = parse_document("a: !!str 12\nb: &x [1, 2]\nc: *x\n", "t.yaml", DocumentFormat::yaml);
    REQUIRE(result.value.has_value());
    CHECK(result.value->root["a"] == "12");
    CHECK(result.value->root["c"] == nlohmann::json::array({1, 2}));
}
