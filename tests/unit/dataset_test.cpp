#include "ftadvisor/dataset.hpp"
#include "ftadvisor/io.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace ftadvisor;

TEST_CASE("token estimate: words, numbers, symbols and scripts")
{
    CHECK(estimate_tokens("") == 0);
    CHECK(estimate_tokens("hello") == 1);
    CHECK(estimate_tokens("hello world") == 2);
    CHECK(estimate_tokens("internationalization") == 3); // 20 letters, 8 a token
    CHECK(estimate_tokens("123456") == 2);               // numbers go in threes
    CHECK(estimate_tokens("1234567") == 3);
    CHECK(estimate_tokens("a, b") == 3);
    CHECK(estimate_tokens("});") == 2);                      // symbols pair up
    CHECK(estimate_tokens("\n    return") == 2);             // a line end and its indentation are one
    CHECK(estimate_tokens("\xe6\x82\xa3\xe8\x80\x85") == 2); // two CJK characters
    CHECK(estimate_tokens("\xf0\x9f\x93\xa6") == 2);         // an emoji
    CHECK(estimate_tokens("\xff\xfe") == 0);                 // stray bytes count nothing
}

TEST_CASE("token histogram: exact percentiles below 4096, within 1% above")
{
    TokenHistogram histogram;
    for (std::uint64_t i = 1; i <= 100; ++i) {
        histogram.add(i);
    }
    CHECK(histogram.count() == 100);
    CHECK(histogram.total() == 5050);
    CHECK(histogram.percentile(0.5) == 50);
    CHECK(histogram.percentile(0.9) == 90);
    CHECK(histogram.percentile(1.0) == 100);
    CHECK(histogram.max() == 100);

    TokenHistogram big;
    for (std::uint64_t value : {5000u, 20000u, 123456u}) {
        big.add(value);
    }
    const std::uint64_t p50 = big.percentile(0.5);
    CHECK(p50 <= 20000);
    CHECK(p50 >= 19800);
    CHECK(big.percentile(1.0) == 123456); // capped by the exact maximum
    CHECK(TokenHistogram().percentile(0.5) == 0);

    TokenHistogram merged = histogram;
    merged.merge(big);
    CHECK(merged.count() == 103);
    CHECK(merged.max() == 123456);

    const auto bars = histogram.bars();
    REQUIRE(!bars.empty());
    CHECK(bars.front().from == 1);
    CHECK(bars.back().to == 128);
    std::uint64_t sum = 0;
    for (const auto& bar : bars) {
        sum += bar.count;
    }
    CHECK(sum == 100);
}

TEST_CASE("analyze_line: layouts, replies and errors")
{
    auto valid =
        analyze_line(R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]})");
    CHECK(valid.status == LineAnalysis::Status::valid);
    CHECK(valid.format == ExampleFormat::chat);
    CHECK_FALSE(valid.empty_reply);
    CHECK(valid.tokens == 3 + 4 + 1 + 4 + 1);

    // White space in the text and in the JSON does not make another example.
    auto spaced = analyze_line(
        R"({ "messages": [ {"role": "user", "content": "  hi "}, {"role": "assistant", "content": "hello"} ] })");
    CHECK(spaced.hash == valid.hash);
    auto other =
        analyze_line(R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hullo"}]})");
    CHECK(other.hash != valid.hash);
    // Nor does the order of an object's keys, at any depth (it did: issue 20).
    auto reordered =
        analyze_line(R"({"messages":[{"content":"hi","role":"user"},{"content":"hello","role":"assistant"}]})");
    CHECK(reordered.hash == valid.hash);
    auto outer = analyze_line(R"({"prompt":"q","completion":"a"})");
    CHECK(analyze_line(R"({"completion":"a","prompt":"q"})").hash == outer.hash);
    // Order in a list still counts: the turns are another conversation.
    auto swapped =
        analyze_line(R"({"messages":[{"role":"assistant","content":"hello"},{"role":"user","content":"hi"}]})");
    CHECK(swapped.hash != valid.hash);
    // An object of more than sixteen keys (sorted through the heap) reads the same in any order.
    std::string forward = R"({"prompt":"q","completion":"a","metadata":{)";
    std::string backward = forward;
    for (int i = 0; i < 20; ++i) {
        forward += (i > 0 ? "," : "") + fmt::format(R"("k{:02}":{})", i, i);
        backward += (i > 0 ? "," : "") + fmt::format(R"("k{:02}":{})", 19 - i, 19 - i);
    }
    const LineAnalysis big_forward = analyze_line(forward + "}}");
    const LineAnalysis big_backward = analyze_line(backward + "}}");
    REQUIRE(big_forward.status == LineAnalysis::Status::valid);
    REQUIRE(big_backward.status == LineAnalysis::Status::valid);
    CHECK(big_forward.hash == big_backward.hash);
    CHECK(big_forward.hash != outer.hash);

    CHECK(analyze_line("   ").status == LineAnalysis::Status::blank);
    auto empty = analyze_line(R"({"prompt":"q","completion":" \n"})");
    CHECK(empty.status == LineAnalysis::Status::valid);
    CHECK(empty.empty_reply);

    auto role = analyze_line(R"({"messages":[{"role":"bo\u0001t","content":"x"}]})");
    CHECK(role.error == DataErrorKind::unknown_role);
    CHECK(role.detail == "message 1: role \"bo\\u0001t\"");
    const std::string long_key(1000, 'k');
    auto key = analyze_line(R"({"messages":[{"role":"user","content":"x",")" + long_key + R"(":1}]})");
    CHECK(key.error == DataErrorKind::message_unknown_key);
    CHECK(key.detail.size() < 80);
}

TEST_CASE("measure_dataset: a line over the limit is skipped, and counting goes on after it")
{
    const auto path = std::filesystem::temp_directory_path() / "ftadvisor_overlong_test.jsonl";
    {
        std::ofstream out(path, std::ios::binary);
        out << R"({"prompt":"a","completion":"b"})" << '\n';
        out << R"({"prompt":")" << std::string(5000, 'x') << R"(","completion":"b"})" << '\n';
        out << R"({"prompt":"c","completion":"d"})" << '\n';
    }
    DatasetOptions options;
    options.max_line_bytes = 1000;
    const DatasetResult result = measure_dataset(local_files(), path.string(), options);
    std::filesystem::remove(path);
    REQUIRE(result.stats);
    CHECK(result.stats->lines == 3);
    CHECK(result.stats->examples_valid == 2);
    REQUIRE(result.stats->first_errors.size() == 1);
    CHECK(result.stats->first_errors[0].line == 2);
    CHECK(result.stats->first_errors[0].kind == DataErrorKind::line_too_long);
}

TEST_CASE("token estimate: every byte value ends, whatever comes around it")
{
    // A form feed once stopped the estimate from moving on. Every byte, alone and in runs,
    // must be consumed.
    for (int c = 0; c < 256; ++c) {
        const std::string one(1, static_cast<char>(c));
        CHECK(estimate_tokens(one) <= 2);
        CHECK(estimate_tokens("a" + one + one + "b") <= 6);
    }
    CHECK(estimate_tokens("a\fb") == 2);
    CHECK(estimate_tokens("\xe6\x82") == 1); // a CJK character cut short
}

TEST_CASE("token estimate: a long text, stepped in parts side by side, counts as one run would")
{
    // Pieces under 64 bytes are estimated in one run; joined at a space after a letter, where
    // the estimate is additive, they make texts long enough to be stepped in four parts.
    const std::vector<std::string> words = {"policy",
                                            "x",
                                            "internationalization",
                                            "12345",
                                            "->",
                                            "});",
                                            "caf\xc3\xa9",
                                            "\xe6\x82\xa3",
                                            "\xf0\x9f\x93\xa6",
                                            "a\n  b",
                                            "tab\there"};
    std::uint32_t seed = 7;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7fff;
    };
    for (int round = 0; round < 200; ++round) {
        std::string text;
        std::uint64_t expected = 0;
        const int pieces = 4 + static_cast<int>(next() % 60);
        for (int p = 0; p < pieces; ++p) {
            std::string piece = p == 0 ? "" : " ";
            while (piece.size() < 30) {
                piece += words[next() % words.size()];
                piece += next() % 3 == 0 ? "  " : " ";
            }
            piece += "end"; // ends with a letter, so the next piece's space is a clean cut
            REQUIRE(piece.size() < 64);
            expected += estimate_tokens(piece);
            text += piece;
        }
        CHECK(estimate_tokens(text) == expected);
    }
}

TEST_CASE("analyze_line: odd white space is normalised wherever it falls")
{
    const auto base = analyze_line(R"({"prompt":"one two three four five six","completion":"x"})");
    for (const char* variant : {R"({"prompt":"one two  three four five six","completion":"x"})",
                                R"({"prompt":"one two three four\tfive six","completion":"x"})",
                                R"({"prompt":"one two\n three four five six","completion":"x"})",
                                R"({"prompt":" one two three four five six ","completion":"x"})"}) {
        CHECK(analyze_line(variant).hash == base.hash);
    }
    CHECK(analyze_line(R"({"prompt":"one two three four five sixx","completion":"x"})").hash != base.hash);
}

TEST_CASE("data stats' text keeps to the width, down to 40 columns")
{
    // At 40 columns a file's heading ran to 53 columns, the counts to 46 and the note on
    // token estimates to 77; now every line of the report fits, the errors' lines too.
    DatasetReport report;
    for (const char* name : {"tests/data/dataset/tickets.jsonl", "tests/data/bad-dataset/missing.yaml",
                             "tests/data/bad-dataset/folder.json"}) {
        const DatasetResult result =
            measure_dataset(local_files(), std::string(FTADVISOR_SOURCE_DIR) + "/" + name, DatasetOptions{});
        REQUIRE(result.stats.has_value());
        report.files.push_back(*result.stats);
        report.total.lines += result.stats->lines;
    }
    Diagnostic missing;
    missing.file = "tests/data/dataset/none.jsonl";
    missing.message = "is not there: check the path, or give the training set's file";
    report.unreadable.push_back(missing);
    for (int width : {40, 60, 80}) {
        INFO("at " << width);
        const std::string text = render_dataset_text(report, false, width);
        for (std::size_t start = 0; start < text.size();) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            const std::string line = text.substr(start, end - start);
            INFO(line);
            // The histogram's bars are three bytes a column.
            std::size_t columns = 0;
            for (const char c : line) {
                columns += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1U : 0U;
            }
            CHECK(columns <= static_cast<std::size_t>(width));
            start = end + 1;
        }
        CHECK_THAT(text, Catch::Contains("unknown_format") && Catch::Contains("not_json"));
    }
}

TEST_CASE("analyze_line: preference pairs, tool calls and weights as the services take them")
{
    // A preference pair (DPO): its tokens are the prompt's and both replies'.
    const LineAnalysis pair = analyze_line(R"({"input":{"messages":[{"role":"user","content":"Tone?"}]},)"
                                           R"("preferred_output":[{"role":"assistant","content":"Warm and brief."}],)"
                                           R"("non_preferred_output":[{"role":"assistant","content":"Whatever."}]})");
    REQUIRE(pair.status == LineAnalysis::Status::valid);
    CHECK(pair.format == ExampleFormat::preference);
    const LineAnalysis prompt_only = analyze_line(
        R"({"messages":[{"role":"user","content":"Tone?"},{"role":"assistant","content":"Warm and brief."}]})");
    CHECK(pair.tokens > prompt_only.tokens);
    CHECK(std::string(example_format_name(ExampleFormat::preference)) == "preference");

    struct Case {
        const char* line;
        DataErrorKind kind;
        const char* detail_has;
    };
    const Case cases[] = {
        {R"({"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"a"}]})",
         DataErrorKind::missing_field, "non_preferred_output"},
        {R"({"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]})",
         DataErrorKind::missing_field, "input"},
        {R"({"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"user","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]})",
         DataErrorKind::no_assistant_turn, "preferred_output"},
        {R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"5C"},{"role":"assistant","content":"a"}]})",
         DataErrorKind::message_missing_key, "tool_call_id"},
        {R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{"x":1}}}]}]})",
         DataErrorKind::bad_tool_call, "an object"},
        {R"({"messages":[{"role":"user","content":"q","weight":0},{"role":"assistant","content":"a"}]})",
         DataErrorKind::bad_weight, "user message"},
        {R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[]}]})",
         DataErrorKind::content_not_string, "message 2"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        const LineAnalysis a = analyze_line(c.line);
        CHECK(a.status == LineAnalysis::Status::invalid);
        CHECK(a.error == c.kind);
        CHECK(a.detail.find(c.detail_has) != std::string::npos);
    }

    // Nothing to learn: every assistant message at weight 0. One at weight 1 is enough.
    const LineAnalysis none =
        analyze_line(R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":0}]})");
    REQUIRE(none.status == LineAnalysis::Status::valid);
    CHECK(none.nothing_to_learn);
    const LineAnalysis some =
        analyze_line(R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":0},)"
                     R"({"role":"user","content":"r"},{"role":"assistant","content":"b"}]})");
    CHECK_FALSE(some.nothing_to_learn);
    // "tool_calls": [] beside empty content calls nothing: an empty reply.
    const LineAnalysis empty_calls = analyze_line(
        R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"","tool_calls":[]}]})");
    REQUIRE(empty_calls.status == LineAnalysis::Status::valid);
    CHECK(empty_calls.empty_reply);
}

TEST_CASE("analyze_line: Gemini, prompt/response and text layouts; top-level system and tools are counted")
{
    const LineAnalysis gemini = analyze_line(
        R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello."}]}]})");
    REQUIRE(gemini.status == LineAnalysis::Status::valid);
    CHECK(gemini.format == ExampleFormat::gemini);
    CHECK_FALSE(gemini.empty_reply);
    const LineAnalysis blank_model = analyze_line(
        R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"  "}]}]})");
    CHECK(blank_model.empty_reply);
    const LineAnalysis file_part = analyze_line(
        R"({"contents":[{"role":"user","parts":[{"fileData":{"mimeType":"image/png","fileUri":"gs://b/x.png"}}]},)"
        R"({"role":"model","parts":[{"text":"A cat."}]}]})");
    CHECK(file_part.status == LineAnalysis::Status::valid);
    CHECK(analyze_line(R"({"contents":[{"role":"model"}]})").error == DataErrorKind::message_missing_key);

    const LineAnalysis response = analyze_line(R"({"prompt":"2+3=","response":"5"})");
    CHECK(response.format == ExampleFormat::prompt_response);
    CHECK(analyze_line(R"({"prompt":"2+3=","completion":"5"})").format == ExampleFormat::prompt_completion);
    const LineAnalysis text = analyze_line(R"({"text":"Plain text."})");
    CHECK(text.format == ExampleFormat::text);
    // "text" beside another layout's keys is that layout's extra key, not a second layout.
    CHECK(analyze_line(R"({"prompt":"q","completion":"a","text":"x"})").format == ExampleFormat::prompt_completion);

    // A top-level system prompt (Bedrock) and tools (ShareGPT) count: a 1,200-word system prompt
    // was counted as 14 tokens. Hand count: each "word " is one token, plus 4 for the turn.
    std::string words;
    for (int i = 0; i < 1200; ++i) {
        words += "word ";
    }
    const LineAnalysis bare =
        analyze_line(R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]})");
    const LineAnalysis with_system =
        analyze_line(R"({"system":")" + words +
                     R"(","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]})");
    REQUIRE(with_system.status == LineAnalysis::Status::valid);
    CHECK(with_system.tokens == bare.tokens + estimate_tokens(words) + 4);
    CHECK(estimate_tokens(words) >= 1200);
    const LineAnalysis turns =
        analyze_line(R"({"conversations":[{"from":"human","value":"q"},{"from":"gpt","value":"a"}]})");
    const LineAnalysis turns_system = analyze_line(
        R"({"system":"Be brief.","tools":"[{\"name\":\"f\"}]","conversations":[{"from":"human","value":"q"},{"from":"gpt","value":"a"}]})");
    CHECK(turns_system.tokens > turns.tokens + estimate_tokens("Be brief."));
}

TEST_CASE("analyze_line: images are counted as images, not priced as the text of their address")
{
    const auto with_image = [](const std::string& url) {
        return analyze_line(R"({"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},)"
                            R"({"type":"image_url","image_url":{"url":")" +
                            url + R"("}}]},{"role":"assistant","content":"A cat."}]})");
    };
    const LineAnalysis short_url = with_image("https://example.com/a.png");
    const LineAnalysis long_url = with_image("https://example.com/" + std::string(2000, 'a') + ".png");
    REQUIRE(short_url.status == LineAnalysis::Status::valid);
    CHECK(short_url.images == 1);
    CHECK(short_url.tokens == long_url.tokens);
    const LineAnalysis data_url = with_image("data:image/png;base64,iVBORw0KGgo=");
    CHECK(data_url.status == LineAnalysis::Status::valid);
    const LineAnalysis local = with_image("cat.png");
    CHECK(local.error == DataErrorKind::bad_content_part);
    CHECK(local.detail.find("local path") != std::string::npos);
}
