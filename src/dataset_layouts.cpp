#include "ftadvisor/dataset.hpp"

#include "dataset_parts.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <utility>
#include <variant>
#include <vector>

namespace ftadvisor {

using namespace dataset_detail;

const char* example_format_name(ExampleFormat format)
{
    switch (format) {
    case ExampleFormat::chat:
        return "chat";
    case ExampleFormat::prompt_completion:
        return "prompt_completion";
    case ExampleFormat::instruction:
        return "instruction";
    case ExampleFormat::conversations:
        return "conversations";
    case ExampleFormat::preference:
        return "preference";
    case ExampleFormat::gemini:
        return "gemini";
    case ExampleFormat::prompt_response:
        return "prompt_response";
    case ExampleFormat::text:
        return "text";
    }
    return "chat";
}

const char* data_error_name(DataErrorKind kind)
{
    static constexpr std::array<const char*, k_data_error_kind_count> names = {
        "not_json",          "invalid_utf8",       "not_object",         "unknown_format",      "ambiguous_format",
        "messages_not_list", "messages_empty",     "message_not_object", "message_missing_key", "message_unknown_key",
        "unknown_role",      "content_not_string", "bad_weight",         "no_assistant_turn",   "missing_field",
        "field_not_string",  "line_too_long",      "bad_tool_call",      "bad_content_part"};
    return names[static_cast<std::size_t>(kind)];
}

// --- One line ---------------------------------------------------------------------------------

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Whether `text` has white space other than single spaces between words: most text has not,
// and is then appended as it is.
bool needs_normalizing(std::string_view text)
{
    const std::size_t n = text.size();
    if (n == 0) {
        return false;
    }
    if (text.front() == ' ' || text.back() == ' ') {
        return true;
    }
    // Eight bytes at a time: a control character (below 0x20), or a space beside a space
    // (within the eight, or across to the next eight). A false alarm only costs the slow path.
    constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
    constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, text.data() + i, 8);
        const std::uint64_t control = (x - 0x20 * k_ones) & ~x & k_highs;
        const std::uint64_t y = x ^ (0x20 * k_ones); // spaces become zero bytes
        const std::uint64_t spaces = (y - k_ones) & ~y & k_highs;
        const bool edge = i + 8 < n && text[i + 7] == ' ' && text[i + 8] == ' ';
        if (control != 0 || (spaces & (spaces >> 8)) != 0 || edge) {
            return true;
        }
    }
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < ' ' || (c == ' ' && i + 1 < n && text[i + 1] == ' ')) {
            return true;
        }
    }
    return false;
}

// Appends `text` with every run of white space made one space, and none at either end.
void append_normalized(std::string& out, std::string_view text)
{
    if (!needs_normalizing(text)) {
        out.append(text);
        return;
    }
    const auto is_white = [](char c) {
        const std::uint8_t k = byte_class(static_cast<unsigned char>(c));
        return k == blank || k == line_end;
    };
    std::size_t i = 0;
    const std::size_t n = text.size();
    bool first = true;
    while (i < n) {
        while (i < n && is_white(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < n && !is_white(text[i])) {
            ++i;
        }
        if (i > start) {
            if (!first) {
                out.push_back(' ');
            }
            out.append(text.data() + start, i - start);
            first = false;
        }
    }
}

void append_canonical(std::string& out, element value);

// An object's members in the order of their keys, so that {"role", "content"} and
// {"content", "role"} read the same. Most objects have two or three members: they are sorted
// in place on the stack; a larger one goes through a vector.
void append_canonical_object(std::string& out, const simdjson::dom::object& object)
{
    using Member = std::pair<std::string_view, element>;
    constexpr std::size_t k_on_stack = 16;
    std::array<Member, k_on_stack> few;
    std::vector<Member> many;
    std::size_t count = 0;
    for (auto field : object) {
        if (count < k_on_stack) {
            few[count] = {field.key, field.value};
        } else {
            if (many.empty()) {
                many.assign(few.begin(), few.end());
            }
            many.emplace_back(field.key, field.value);
        }
        ++count;
    }
    const auto by_key = [](const Member& a, const Member& b) { return a.first < b.first; };
    const std::span<Member> members = many.empty() ? std::span<Member>(few.data(), count) : std::span<Member>(many);
    std::sort(members.begin(), members.end(), by_key);
    out.push_back('{');
    for (const Member& member : members) {
        out.append(member.first);
        out.push_back('\x1f');
        append_canonical(out, member.second);
        out.push_back('\x1e');
    }
    out.push_back('}');
}

// The example as a string in which equal examples (up to white space in their text, the
// order of an object's keys, and the JSON's own formatting) are equal: what duplicates are
// found by.
void append_canonical(std::string& out, element value)
{
    switch (value.type()) {
    case element_type::OBJECT:
        append_canonical_object(out, value.get_object().value_unsafe());
        break;
    case element_type::ARRAY: {
        out.push_back('[');
        const simdjson::dom::array value_array = value.get_array().value_unsafe();
        for (element item : value_array) {
            append_canonical(out, item);
            out.push_back('\x1e');
        }
        out.push_back(']');
        break;
    }
    case element_type::STRING:
        out.push_back('"');
        append_normalized(out, value.get_string().value_unsafe());
        out.push_back('"');
        break;
    default:
        out.append(simdjson::minify(value));
        break;
    }
}

// Tokens in everything an example carries besides its plain text: tool calls, content
// parts. Strings are estimated, every other scalar and every key counts as one.
std::uint64_t structure_tokens(element value)
{
    switch (value.type()) {
    case element_type::STRING:
        return estimate_tokens(value.get_string().value_unsafe());
    case element_type::OBJECT: {
        std::uint64_t tokens = 0;
        const simdjson::dom::object value_object = value.get_object().value_unsafe();
        for (auto field : value_object) {
            tokens += 1 + structure_tokens(field.value);
        }
        return tokens;
    }
    case element_type::ARRAY: {
        std::uint64_t tokens = 0;
        const simdjson::dom::array value_array = value.get_array().value_unsafe();
        for (element item : value_array) {
            tokens += structure_tokens(item);
        }
        return tokens;
    }
    case element_type::NULL_VALUE:
        return 0;
    default:
        return 1;
    }
}

struct Invalid {
    DataErrorKind kind;
    std::string detail;
};

// A role or `from` as written: text quoted, anything else as JSON.
std::string shown(element value)
{
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS) {
        return text::quote(text);
    }
    std::string json = simdjson::minify(value);
    return json.size() > 40 ? json.substr(0, 40) + "..." : json;
}

// The roles a chat message may take, as hosted fine-tuning services accept them.
bool known_chat_role(std::string_view role)
{
    return role == "system" || role == "developer" || role == "user" || role == "assistant" || role == "tool" ||
           role == "function";
}

bool known_chat_key(std::string_view key)
{
    return key == "role" || key == "content" || key == "name" || key == "weight" || key == "tool_calls" ||
           key == "tool_call_id" || key == "function_call" || key == "refusal";
}

// The `from` of a ShareGPT-style turn.
bool known_turn_role(std::string_view from)
{
    return from == "system" || from == "human" || from == "user" || from == "gpt" || from == "assistant" ||
           from == "function_call" || from == "observation" || from == "tool";
}

bool is_text(element value)
{
    return value.type() == element_type::STRING;
}

// Content as a list of parts: [{"type": "text", "text": ...}, {"type": "image_url", ...}].
bool is_content_parts(element value)
{
    if (value.type() != element_type::ARRAY) {
        return false;
    }
    const simdjson::dom::array value_array = value.get_array().value_unsafe();
    for (element part : value_array) {
        if (part.type() != element_type::OBJECT || !part["type"].is_string()) {
            return false;
        }
    }
    return true;
}

// Content parts as the services take them: `text` parts with their text, and `image_url`
// parts with an https:// address or a data: URL, in a message that is not the assistant's.
// Adds the text's tokens to `tokens` and counts the images, whose address is not text to
// train on.
std::optional<Invalid> check_content_parts(element content, std::string_view role, std::uint64_t index,
                                           std::uint64_t& tokens, std::uint32_t& images)
{
    const simdjson::dom::array parts = content.get_array().value_unsafe();
    std::uint64_t part_index = 0;
    for (element part : parts) {
        ++part_index;
        std::string_view type;
        // Where the part is, for a message: formatted only when there is one (a hot path).
        const auto where = [&] { return fmt::format("message {}: part {}", index + 1, part_index); };
        if (part.type() != element_type::OBJECT || part["type"].get(type) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::bad_content_part, where() + ": not an object with a `type`"};
        }
        if (type == "text") {
            std::string_view text;
            if (part["text"].get(text) != simdjson::SUCCESS) {
                return Invalid{DataErrorKind::bad_content_part, where() + ": a text part without its `text`"};
            }
            tokens += estimate_tokens(text);
        } else if (type == "image_url") {
            std::string_view url;
            if (part["image_url"]["url"].get(url) != simdjson::SUCCESS) {
                return Invalid{DataErrorKind::bad_content_part,
                               where() + ": an image part without `image_url.url`: give the image's address"};
            }
            if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0 && url.rfind("data:", 0) != 0) {
                return Invalid{DataErrorKind::bad_content_part,
                               where() + ": the image's address is not an http(s):// address or a data: URL (a "
                                         "local path cannot be fetched by the service)"};
            }
            if (role == "assistant") {
                return Invalid{DataErrorKind::bad_content_part,
                               where() + ": an image in an assistant message: images go in user messages"};
            }
            ++images;
        } else {
            return Invalid{DataErrorKind::bad_content_part,
                           fmt::format("{}: a part of type {}: the services take text and image_url parts", where(),
                                       text::quote(type))};
        }
    }
    return std::nullopt;
}

// Whether the text of `content` (a string, or content parts) is blank.
bool content_blank(element content)
{
    if (is_text(content)) {
        return text::is_blank(content.get_string().value_unsafe());
    }
    if (content.type() == element_type::ARRAY) {
        const simdjson::dom::array content_array = content.get_array().value_unsafe();
        for (element part : content_array) {
            std::string_view text;
            if (part["text"].get(text) == simdjson::SUCCESS && !text::is_blank(text)) {
                return false;
            }
            std::string_view type;
            if (part["type"].get(type) == simdjson::SUCCESS && type != "text") {
                return false; // an image or audio part is something to learn from
            }
        }
    }
    return true;
}

// The tokens of a top-level system prompt and tools, which some layouts carry beside the
// turns (Bedrock's `system`, ShareGPT's `system` and `tools`): training reads them too.
std::uint64_t top_level_tokens(element root)
{
    std::uint64_t tokens = 0;
    element value;
    if (root["system"].get(value) == simdjson::SUCCESS) {
        tokens += k_tokens_per_message +
                  (is_text(value) ? estimate_tokens(value.get_string().value_unsafe()) : structure_tokens(value));
    }
    if (root["tools"].get(value) == simdjson::SUCCESS || root["functions"].get(value) == simdjson::SUCCESS) {
        tokens += structure_tokens(value);
    }
    return tokens;
}

// `value` as a list with something in it, or the error that says what `name` is instead.
std::variant<simdjson::dom::array, Invalid> non_empty_list(element value, std::string_view name)
{
    if (value.type() != element_type::ARRAY) {
        return Invalid{DataErrorKind::messages_not_list, fmt::format("`{}` is not a list", name)};
    }
    const simdjson::dom::array list = value.get_array().value_unsafe();
    if (list.size() == 0) {
        return Invalid{DataErrorKind::messages_empty, fmt::format("`{}` is empty", name)};
    }
    return list;
}

// What a list of messages added up to: its tokens, whether its last assistant message is
// blank (none: no assistant message), and whether any assistant message is trained on
// (weight 1, the default).
struct MessagesTally {
    std::uint64_t tokens = 0;
    std::optional<bool> last_reply_blank;
    bool learns = false;
    std::uint32_t images = 0;
};

// A message's weight: 0 or 1, and only on an assistant message (the services train on the
// assistant's turns; a weight elsewhere means nothing to them). 1 when not given.
std::variant<double, Invalid> message_weight(element message, std::string_view role, std::uint64_t index)
{
    element weight;
    if (message["weight"].get(weight) != simdjson::SUCCESS) {
        return 1.0;
    }
    if (role != "assistant") {
        return Invalid{DataErrorKind::bad_weight,
                       fmt::format("message {}: weight on a {} message: only assistant messages take one; remove it",
                                   index + 1, role)};
    }
    const double value = weight.is_number() ? weight.get_double().value_unsafe() : -1;
    if (value != 0 && value != 1) {
        return Invalid{DataErrorKind::bad_weight, fmt::format("message {}: weight must be 0 or 1", index + 1)};
    }
    return value;
}

// A turn's weight in the conversations layout: 0 or 1.
std::optional<Invalid> check_weight(element turn, std::uint64_t index)
{
    element weight;
    if (turn["weight"].get(weight) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    const double value = weight.is_number() ? weight.get_double().value_unsafe() : -1;
    if (value != 0 && value != 1) {
        return Invalid{DataErrorKind::bad_weight, fmt::format("turn {}: weight must be 0 or 1", index + 1)};
    }
    return std::nullopt;
}

// Whether an assistant message calls a tool: a non-empty `tool_calls`, or a `function_call`
// object (`"tool_calls": null` or `[]` calls nothing, so is not a reply).
bool calls_tool(element message)
{
    element calls;
    if (message["tool_calls"].get(calls) == simdjson::SUCCESS && calls.type() == element_type::ARRAY &&
        calls.get_array().value_unsafe().size() > 0) {
        return true;
    }
    return message["function_call"].get(calls) == simdjson::SUCCESS && calls.type() == element_type::OBJECT;
}

// Each tool call's `function.arguments` is a string of JSON, as the services take it.
std::optional<Invalid> check_tool_calls(element message, std::uint64_t index)
{
    element calls;
    if (message["tool_calls"].get(calls) != simdjson::SUCCESS || calls.type() != element_type::ARRAY) {
        return std::nullopt;
    }
    std::uint64_t call_index = 0;
    const simdjson::dom::array list = calls.get_array().value_unsafe();
    for (element call : list) {
        ++call_index;
        element arguments;
        if (call["function"]["arguments"].get(arguments) == simdjson::SUCCESS && !is_text(arguments)) {
            return Invalid{DataErrorKind::bad_tool_call,
                           fmt::format("message {}: tool call {}: function.arguments must be a string of JSON, not "
                                       "{}: encode it as a string",
                                       index + 1, call_index,
                                       arguments.type() == element_type::OBJECT ? "an object" : "another value")};
        }
    }
    return std::nullopt;
}

// Long on purpose: every check of a message in the order the services apply them.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
std::optional<Invalid> check_messages(element messages, std::string_view name, MessagesTally& tally)
{
    const auto listed = non_empty_list(messages, name);
    if (const Invalid* bad = std::get_if<Invalid>(&listed)) {
        return *bad;
    }
    const simdjson::dom::array list = std::get<simdjson::dom::array>(listed);
    std::uint64_t index = 0;
    for (element message : list) {
        if (message.type() != element_type::OBJECT) {
            return Invalid{DataErrorKind::message_not_object, fmt::format("message {} is not an object", index + 1)};
        }
        const simdjson::dom::object message_object = message.get_object().value_unsafe();
        for (auto field : message_object) {
            if (!known_chat_key(field.key)) {
                return Invalid{DataErrorKind::message_unknown_key,
                               fmt::format("message {}: unknown key {}", index + 1, text::quote(field.key))};
            }
        }
        element role_value;
        if (message["role"].get(role_value) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("message {}: no `role`", index + 1)};
        }
        std::string_view role;
        if (role_value.get(role) != simdjson::SUCCESS || !known_chat_role(role)) {
            return Invalid{DataErrorKind::unknown_role,
                           fmt::format("message {}: role {}", index + 1, shown(role_value))};
        }
        const bool calls = calls_tool(message);
        element content;
        const bool has_content = message["content"].get(content) == simdjson::SUCCESS;
        if (!has_content && !(role == "assistant" && calls)) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("message {}: no `content`", index + 1)};
        }
        if (has_content && !is_text(content) && !is_content_parts(content) &&
            !(content.is_null() && role == "assistant" && calls)) {
            return Invalid{DataErrorKind::content_not_string,
                           fmt::format("message {}: content is not text", index + 1)};
        }
        if (role == "tool" && message["tool_call_id"].error() != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key,
                           fmt::format("message {}: a tool message without `tool_call_id`: add the id of the "
                                       "assistant's call it answers",
                                       index + 1)};
        }
        if (auto bad = check_tool_calls(message, index)) {
            return bad;
        }
        const auto weight = message_weight(message, role, index);
        if (const Invalid* bad = std::get_if<Invalid>(&weight)) {
            return *bad;
        }
        tally.tokens += k_tokens_per_message;
        if (has_content && content.type() == element_type::ARRAY) {
            if (auto bad = check_content_parts(content, role, index, tally.tokens, tally.images)) {
                return bad;
            }
        } else if (has_content) {
            tally.tokens +=
                is_text(content) ? estimate_tokens(content.get_string().value_unsafe()) : structure_tokens(content);
        }
        element extra;
        if (message["tool_calls"].get(extra) == simdjson::SUCCESS ||
            message["function_call"].get(extra) == simdjson::SUCCESS) {
            tally.tokens += structure_tokens(extra);
        }
        if (role == "assistant") {
            tally.last_reply_blank = !calls && (!has_content || content_blank(content));
            tally.learns = tally.learns || std::get<double>(weight) != 0;
        }
        ++index;
    }
    return std::nullopt;
}

std::optional<Invalid> check_chat(element root, LineAnalysis& out)
{
    MessagesTally tally;
    tally.tokens = k_tokens_per_example;
    if (auto bad = check_messages(root["messages"].value_unsafe(), "messages", tally)) {
        return bad;
    }
    if (!tally.last_reply_blank) {
        return Invalid{DataErrorKind::no_assistant_turn, "no assistant message"};
    }
    out.tokens = tally.tokens + top_level_tokens(root);
    out.images = tally.images;
    out.empty_reply = *tally.last_reply_blank;
    out.nothing_to_learn = !tally.learns;
    return std::nullopt;
}

// A preference pair (DPO): `input` with the conversation so far (`messages`, and optional
// `tools`), then the preferred and the rejected replies, each a list of messages with an
// assistant message. Its tokens are those of the input and of both replies.
std::optional<Invalid> check_preference(element root, LineAnalysis& out)
{
    element input;
    if (root["input"].get(input) != simdjson::SUCCESS || input.type() != element_type::OBJECT) {
        return Invalid{DataErrorKind::missing_field, "no `input` object with the conversation's `messages`"};
    }
    element messages;
    if (input["messages"].get(messages) != simdjson::SUCCESS) {
        return Invalid{DataErrorKind::missing_field, "`input` has no `messages`"};
    }
    MessagesTally prompt;
    prompt.tokens = k_tokens_per_example;
    if (auto bad = check_messages(messages, "input.messages", prompt)) {
        return bad;
    }
    element tools;
    if (input["tools"].get(tools) == simdjson::SUCCESS) {
        prompt.tokens += structure_tokens(tools);
    }
    std::uint64_t tokens = prompt.tokens;
    bool preferred_blank = true;
    for (const std::string_view key : {"preferred_output", "non_preferred_output"}) {
        element reply;
        if (root[key].get(reply) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::missing_field,
                           fmt::format("no `{}`: a pair needs the preferred and the rejected reply", key)};
        }
        MessagesTally tally;
        if (auto bad = check_messages(reply, key, tally)) {
            return bad;
        }
        if (!tally.last_reply_blank) {
            return Invalid{DataErrorKind::no_assistant_turn, fmt::format("no assistant message in `{}`", key)};
        }
        if (key == "preferred_output") {
            preferred_blank = *tally.last_reply_blank;
        }
        tokens += tally.tokens;
    }
    out.tokens = tokens;
    out.images = prompt.images;
    out.empty_reply = preferred_blank;
    return std::nullopt;
}

// A Gemini example (Vertex AI): `contents`, turns of `role` user or model with `parts`
// (text, or fileData, inlineData, functionCall, functionResponse), and an optional
// `systemInstruction` with parts of its own. The reply is the last model turn.
// Long on purpose: the turns' checks and the parts' in one pass.
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
std::optional<Invalid> check_gemini(element root, LineAnalysis& out)
{
    const auto listed = non_empty_list(root["contents"].value_unsafe(), "contents");
    if (const Invalid* bad = std::get_if<Invalid>(&listed)) {
        return *bad;
    }
    const simdjson::dom::array turns = std::get<simdjson::dom::array>(listed);
    std::uint64_t tokens = k_tokens_per_example;
    std::optional<bool> last_reply_blank;
    std::uint64_t index = 0;
    for (element turn : turns) {
        ++index;
        element parts;
        if (turn.type() != element_type::OBJECT) {
            return Invalid{DataErrorKind::message_not_object, fmt::format("turn {} is not an object", index)};
        }
        if (turn["parts"].get(parts) != simdjson::SUCCESS || parts.type() != element_type::ARRAY) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("turn {}: no `parts` list", index)};
        }
        std::string_view role = "user";
        element role_value;
        if (turn["role"].get(role_value) == simdjson::SUCCESS &&
            (role_value.get(role) != simdjson::SUCCESS || (role != "user" && role != "model"))) {
            return Invalid{DataErrorKind::unknown_role,
                           fmt::format("turn {}: role {}: Gemini takes user or model", index, shown(role_value))};
        }
        bool blank = true;
        tokens += k_tokens_per_message;
        const simdjson::dom::array part_list = parts.get_array().value_unsafe();
        for (element part : part_list) {
            std::string_view text;
            if (part.type() != element_type::OBJECT) {
                return Invalid{DataErrorKind::content_not_string,
                               fmt::format("turn {}: a part that is not an object", index)};
            }
            if (part["text"].get(text) == simdjson::SUCCESS) {
                tokens += estimate_tokens(text);
                blank = blank && text::is_blank(text);
            } else if (part["text"].error() == simdjson::SUCCESS) {
                return Invalid{DataErrorKind::content_not_string,
                               fmt::format("turn {}: a part's text is not text", index)};
            } else {
                tokens += structure_tokens(part);
                blank = false;
            }
        }
        if (role == "model") {
            last_reply_blank = blank;
        }
    }
    if (!last_reply_blank) {
        return Invalid{DataErrorKind::no_assistant_turn, "no turn with role model"};
    }
    element system;
    if (root["systemInstruction"].get(system) == simdjson::SUCCESS) {
        tokens += k_tokens_per_message + structure_tokens(system);
    }
    out.tokens = tokens;
    out.empty_reply = *last_reply_blank;
    return std::nullopt;
}

std::optional<Invalid> check_conversations(element root, LineAnalysis& out)
{
    const auto listed = non_empty_list(root["conversations"].value_unsafe(), "conversations");
    if (const Invalid* bad = std::get_if<Invalid>(&listed)) {
        return *bad;
    }
    const simdjson::dom::array list = std::get<simdjson::dom::array>(listed);
    std::uint64_t index = 0;
    std::uint64_t tokens = k_tokens_per_example;
    std::optional<bool> last_reply_blank;
    for (element turn : list) {
        if (turn.type() != element_type::OBJECT) {
            return Invalid{DataErrorKind::message_not_object, fmt::format("turn {} is not an object", index + 1)};
        }
        const simdjson::dom::object turn_object = turn.get_object().value_unsafe();
        for (auto field : turn_object) {
            if (field.key != "from" && field.key != "value" && field.key != "weight") {
                return Invalid{DataErrorKind::message_unknown_key,
                               fmt::format("turn {}: unknown key {}", index + 1, text::quote(field.key))};
            }
        }
        element from_value;
        element value;
        if (turn["from"].get(from_value) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("turn {}: no `from`", index + 1)};
        }
        std::string_view from;
        if (from_value.get(from) != simdjson::SUCCESS || !known_turn_role(from)) {
            return Invalid{DataErrorKind::unknown_role, fmt::format("turn {}: from {}", index + 1, shown(from_value))};
        }
        if (turn["value"].get(value) != simdjson::SUCCESS) {
            return Invalid{DataErrorKind::message_missing_key, fmt::format("turn {}: no `value`", index + 1)};
        }
        if (!is_text(value)) {
            return Invalid{DataErrorKind::content_not_string, fmt::format("turn {}: value is not text", index + 1)};
        }
        if (auto bad = check_weight(turn, index)) {
            return bad;
        }
        const std::string_view text = value.get_string().value_unsafe();
        tokens += k_tokens_per_message + estimate_tokens(text);
        if (from == "gpt" || from == "assistant") {
            last_reply_blank = text::is_blank(text);
        }
        ++index;
    }
    if (!last_reply_blank) {
        return Invalid{DataErrorKind::no_assistant_turn, "no turn from gpt or assistant"};
    }
    out.tokens = tokens + top_level_tokens(root);
    out.empty_reply = *last_reply_blank;
    return std::nullopt;
}

// prompt/completion and instruction/input/output: text fields, the last of them the reply.
std::optional<Invalid> check_fields(element root, std::initializer_list<std::string_view> required,
                                    std::initializer_list<std::string_view> optional, LineAnalysis& out)
{
    std::uint64_t tokens = k_tokens_per_example;
    std::string_view reply;
    auto read = [&](std::string_view key, bool needed) -> std::optional<Invalid> {
        element value;
        if (root[key].get(value) != simdjson::SUCCESS) {
            if (needed) {
                return Invalid{DataErrorKind::missing_field, fmt::format("no `{}`", key)};
            }
            return std::nullopt;
        }
        if (!is_text(value)) {
            return Invalid{DataErrorKind::field_not_string, fmt::format("`{}` is not text", key)};
        }
        reply = value.get_string().value_unsafe();
        tokens += estimate_tokens(reply);
        return std::nullopt;
    };
    for (std::string_view key : optional) {
        if (auto bad = read(key, false)) {
            return bad;
        }
    }
    for (std::string_view key : required) {
        if (auto bad = read(key, true)) {
            return bad;
        }
    }
    out.tokens = tokens;
    out.empty_reply = text::is_blank(reply); // the last required field is the reply
    return std::nullopt;
}

std::string json_error_detail(simdjson::error_code code)
{
    switch (code) {
    case simdjson::STRING_ERROR:
    case simdjson::UNCLOSED_STRING:
    case simdjson::UNESCAPED_CHARS:
        return "a string is not closed, or holds a raw control character";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
        return "a number that is not valid JSON, or out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
        return "a word that is not true, false or null";
    case simdjson::DEPTH_ERROR:
        return "nested too deeply";
    case simdjson::CAPACITY:
        return "too large to parse";
    default:
        return "not valid JSON (a missing or extra comma, brace or quote?)";
    }
}

// Which layout `root` (an object) is in, told by its keys, and that layout's checks: the
// problem, if any; out.format says the layout when there is none.
// Long on purpose: one case a layout, in the order docs/data.md gives them.
// NOLINTNEXTLINE(readability-function-cognitive-complexity)
std::optional<Invalid> check_layout(element root, LineAnalysis& out)
{
    const auto has = [&](const char* key) { return root[key].error() == simdjson::SUCCESS; };
    const bool chat = has("messages");
    const bool conversations = has("conversations");
    const bool prompt = has("prompt") || has("completion") || has("response");
    const bool instruction = has("instruction") || has("output");
    const bool preference = has("preferred_output") || has("non_preferred_output");
    const bool gemini = has("contents");
    const int others = int{chat} + int{conversations} + int{prompt} + int{instruction} + int{preference} + int{gemini};
    const bool plain_text = others == 0 && has("text");
    const int layouts = others + int{plain_text};
    if (layouts == 0) {
        return Invalid{DataErrorKind::unknown_format,
                       "none of messages, contents, conversations, prompt/completion, prompt/response, "
                       "instruction/output, input/preferred_output/non_preferred_output, text"};
    }
    if (layouts > 1) {
        return Invalid{DataErrorKind::ambiguous_format, "keys of more than one layout"};
    }
    std::optional<Invalid> invalid;
    if (chat) {
        out.format = ExampleFormat::chat;
        invalid = check_chat(root, out);
    } else if (conversations) {
        out.format = ExampleFormat::conversations;
        invalid = check_conversations(root, out);
    } else if (preference) {
        out.format = ExampleFormat::preference;
        invalid = check_preference(root, out);
    } else if (gemini) {
        out.format = ExampleFormat::gemini;
        invalid = check_gemini(root, out);
    } else if (plain_text) {
        out.format = ExampleFormat::text;
        invalid = check_fields(root, {"text"}, {}, out);
    } else if (prompt && has("response") && !has("completion")) {
        out.format = ExampleFormat::prompt_response;
        invalid = check_fields(root, {"prompt", "response"}, {}, out);
    } else if (prompt) {
        out.format = ExampleFormat::prompt_completion;
        invalid = check_fields(root, {"prompt", "completion"}, {}, out);
    } else {
        out.format = ExampleFormat::instruction;
        invalid = check_fields(root, {"instruction", "output"}, {"input"}, out);
    }
    return invalid;
}

} // namespace

LineAnalysis dataset_detail::analyze_padded(std::string_view line)
{
    LineAnalysis out;
    if (text::is_blank(line)) {
        return out;
    }
    out.status = LineAnalysis::Status::invalid;
    thread_local simdjson::dom::parser parser;
    element root;
    const simdjson::error_code code = parser.parse(line.data(), line.size(), false).get(root);
    if (code == simdjson::UTF8_ERROR) {
        out.error = DataErrorKind::invalid_utf8;
        out.detail = "text that is not valid UTF-8";
        return out;
    }
    if (code != simdjson::SUCCESS) {
        out.error = DataErrorKind::not_json;
        out.detail = json_error_detail(code);
        return out;
    }
    if (root.type() != element_type::OBJECT) {
        out.error = DataErrorKind::not_object;
        out.detail = "a JSON value that is not an object";
        return out;
    }
    std::optional<Invalid> invalid = check_layout(root, out);
    if (invalid) {
        out.error = invalid->kind;
        out.detail = std::move(invalid->detail);
        return out;
    }
    out.status = LineAnalysis::Status::valid;
    thread_local std::string canonical;
    canonical.clear();
    append_canonical(canonical, root);
    out.hash = XXH3_64bits(canonical.data(), canonical.size());
    return out;
}

LineAnalysis analyze_line(std::string_view line)
{
    thread_local std::string padded;
    padded.assign(line);
    padded.append(simdjson::SIMDJSON_PADDING, '\0');
    return analyze_padded(std::string_view(padded.data(), line.size()));
}

} // namespace ftadvisor
