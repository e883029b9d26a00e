#include "ftadvisor/lexicon.hpp"

#include "amounts.hpp"
#include "spelling.hpp"
#include "text.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace ftadvisor {
namespace {

// What each byte is to the reader, as bits.
constexpr std::uint8_t k_word = 1;      // an ASCII letter, digit or '_'
constexpr std::uint8_t k_gap = 2;       // what RE2's [\s\-] matches: tab, line feed, form feed, CR, space, '-'
constexpr std::uint8_t k_clause = 4;    // . ; ! ? or a line break: a clause ends
constexpr std::uint8_t k_multibyte = 8; // part of a character beyond ASCII
constexpr std::uint8_t k_apostrophe = 16;

constexpr std::array<std::uint8_t, 256> k_byte_kinds = [] {
    std::array<std::uint8_t, 256> kinds{};
    for (std::size_t c = 0; c < kinds.size(); ++c) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        kinds[c] = static_cast<std::uint8_t>((word ? k_word : 0) | (c >= 0x80 ? k_multibyte : 0));
    }
    for (const char c : std::string_view("\t\n\f\r -")) {
        kinds[static_cast<unsigned char>(c)] |= k_gap;
    }
    for (const char c : std::string_view(".;!?\n\r")) {
        kinds[static_cast<unsigned char>(c)] |= k_clause;
    }
    kinds['\''] |= k_apostrophe;
    return kinds;
}();

bool has(char c, std::uint8_t kind)
{
    return (k_byte_kinds[static_cast<unsigned char>(c)] & kind) != 0;
}

// Whether a code point is part of a word: ASCII letters, digits and '_', and every other
// code point but the blocks of spaces, punctuation, symbols and emoji. Letters of every
// script count; an emoji or a dash next to a phrase is a boundary.
bool is_word_char(char32_t c)
{
    if (c < 0x80) {
        return has(static_cast<char>(c), k_word);
    }
    return !(c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
             (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
             (c >= 0xFF1A && c <= 0xFF20) || c == 0xFFFD || (c >= 0x1F000 && c <= 0x1FAFF));
}

// Whether the character at text[at] is part of a word; its length goes to `length`.
bool word_char_at(std::string_view text, std::size_t at, std::size_t& length)
{
    length = 1;
    return has(text[at], k_multibyte) ? is_word_char(text::decode_utf8(text, at, length)) : has(text[at], k_word);
}

bool word_before(std::string_view text, std::size_t at)
{
    if (at == 0) {
        return false;
    }
    std::size_t start = at - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
        --start;
    }
    std::size_t length = 0;
    return is_word_char(text::decode_utf8(text, start, length));
}

bool word_at(std::string_view text, std::size_t at)
{
    std::size_t length = 0;
    return at < text.size() && word_char_at(text, at, length);
}

// The end of the run of word characters that starts at `at`.
std::size_t end_of_word(std::string_view text, std::size_t at)
{
    std::size_t length = 0;
    while (at < text.size() && word_char_at(text, at, length)) {
        at += length;
    }
    return at;
}

constexpr std::string_view k_right_quote = "\xE2\x80\x99"; // U+2019, which counts as '

bool right_quote_at(std::string_view text, std::size_t at)
{
    return text.size() - at >= 3 && text.substr(at, 3) == k_right_quote;
}

using text::ascii_lower;

// The byte at `at` with an ASCII letter lowered; NUL past the end.
char ascii_lower_at(std::string_view text, std::size_t at)
{
    return at < text.size() ? ascii_lower(text[at]) : '\0';
}

// The words of a phrase as written: split at spaces, tabs and line breaks.
std::vector<std::string_view> phrase_words(std::string_view phrase)
{
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < phrase.size()) {
        while (i < phrase.size() && (phrase[i] == ' ' || phrase[i] == '\t' || phrase[i] == '\n')) {
            ++i;
        }
        std::size_t j = i;
        while (j < phrase.size() && phrase[j] != ' ' && phrase[j] != '\t' && phrase[j] != '\n') {
            ++j;
        }
        if (j > i) {
            words.push_back(phrase.substr(i, j - i));
        }
        i = j;
    }
    return words;
}

// One word of a phrase, as its pattern treats it: a `*` at its end stands for the rest of a
// word; a last word in -y also matches -ies, so its y is set apart.
struct PhraseWord {
    std::string_view letters;
    bool wildcard = false;
    bool y_plural = false;
};

PhraseWord phrase_word(std::string_view word, bool last)
{
    PhraseWord out{word};
    out.wildcard = !word.empty() && word.back() == '*';
    if (out.wildcard) {
        out.letters.remove_suffix(1);
    }
    out.y_plural =
        last && !out.wildcard && out.letters.size() > 1 && (out.letters.back() == 'y' || out.letters.back() == 'Y');
    if (out.y_plural) {
        out.letters.remove_suffix(1);
    }
    return out;
}

// How a phrase's last word may end in the text, past the characters the trie holds.
enum class Ending : std::uint8_t {
    inflected,    // -s or -es, then a possessive
    possessive,   // ' or 's (the -y and -ies forms are both in the trie)
    rest_of_word, // the phrase ends in `*`: any word characters
    exact,        // nothing more: a word as it is
};

// The ASCII phrases of every lexicon as one trie with a full table of moves, run from each
// place where a word may start: reading a character is one lookup, whatever the number of
// phrases. The text is read as symbols: ASCII letters in either case, digits and the other
// characters a phrase may hold (rules check allows - ' & . + /), one symbol for a run of
// spaces and hyphens (a gap), U+2019 as '. A space between a phrase's words needs a gap; a
// hyphen within a word matches a gap or nothing (real-time, real time, realtime), so a
// phrase is in the trie once for each way of writing its hyphens.
class PhraseTrie {
public:
    struct Accept {
        std::uint32_t entry;
        Ending ending;
    };

    // Adds a phrase of ASCII characters, valid as rules check judges phrases, for `entry`.
    void add(std::string_view phrase, std::uint32_t entry)
    {
        std::vector<int> steps; // a column, or k_either for a hyphen
        const std::vector<std::string_view> words = phrase_words(phrase);
        PhraseWord last;
        for (std::size_t w = 0; w < words.size(); ++w) {
            if (w > 0) {
                steps.push_back(k_gap_column);
            }
            last = phrase_word(words[w], w + 1 == words.size());
            for (const char c : last.letters) {
                if (c == '-') {
                    steps.push_back(k_either);
                } else if (const int column = k_column_of[static_cast<unsigned char>(c)]; column != 0) {
                    steps.push_back(column);
                } else {
                    return; // a character no text can match here; rules check refuses such phrases
                }
            }
        }
        if (last.wildcard) {
            insert(steps, 0, 0, Accept{entry, Ending::rest_of_word});
        } else if (last.y_plural) {
            insert(with(steps, "y"), 0, 0, Accept{entry, Ending::possessive});
            insert(with(steps, "ies"), 0, 0, Accept{entry, Ending::possessive});
        } else {
            insert(steps, 0, 0, Accept{entry, Ending::inflected});
        }
    }

    // Adds a word to be found as it is written (in either case), for `entry`; false, and
    // nothing added, if it holds a character the trie does not read.
    bool add_exact(std::string_view word, std::uint32_t entry)
    {
        std::vector<int> steps;
        for (const char c : word) {
            const int column = k_column_of[static_cast<unsigned char>(c)];
            if (column == 0 || column == k_gap_column) {
                return false;
            }
            steps.push_back(column);
        }
        insert(steps, 0, 0, Accept{entry, Ending::exact});
        return true;
    }

    // Room for about `characters` nodes, so that the table is allocated once: grown by
    // doubling, every copy it outgrew would stay in the process's memory.
    void reserve(std::size_t characters)
    {
        m_moves.reserve((characters + 1) * k_columns);
        m_accepts.reserve(characters + 1);
        m_way_in.reserve(characters + 1);
    }

    // Whether some phrase begins with the byte.
    bool begins(char byte) const
    {
        const int column = k_column_of[static_cast<unsigned char>(byte)];
        return column != 0 && m_moves[static_cast<std::size_t>(column)] != k_none;
    }

    // Calls report(accept, end) for each phrase that the text spells from `at`, `end`
    // being where the trie's characters of it end in the text.
    template <class Report>
    void match(std::string_view text, std::size_t at, Report&& report) const
    {
        const std::uint32_t* const moves = m_moves.data();
        std::uint32_t row = 0; // the node's row: a node is known by where its moves start
        while (at < text.size()) {
            const auto byte = static_cast<unsigned char>(text[at]);
            int column = k_column_of[byte];
            std::size_t next = at + 1;
            if (column == k_gap_column) {
                while (next < text.size() && has(text[next], k_gap)) {
                    ++next;
                }
            } else if (byte == 0xE2 && right_quote_at(text, at)) {
                column = k_column_of['\''];
                next = at + 3;
            }
            const std::uint32_t move = moves[row + static_cast<std::uint32_t>(column)];
            if (move == k_none) {
                return;
            }
            row = move & ~k_accepting;
            if ((move & k_accepting) != 0) {
                for (const Accept& accept : m_accepts[row / k_columns]) {
                    report(accept, next);
                }
            }
            at = next;
        }
    }

private:
    // A move holds the row of the node it leads to (node x k_columns), so that a step needs
    // no multiplication. A move to the root is none: the root has no way in. A move to a node
    // where phrases end has this bit set, so that the walk looks for them only there.
    static constexpr std::uint32_t k_none = 0;
    static constexpr std::uint32_t k_accepting = std::uint32_t{1} << 31;
    static constexpr int k_either = -1; // a hyphen's step: a gap or nothing

    // The table's columns: 0 for a byte no phrase holds, then one for each character a phrase
    // may hold, and one for the gap.
    static constexpr std::string_view k_characters = "abcdefghijklmnopqrstuvwxyz0123456789'&.+/";
    static constexpr int k_gap_column = static_cast<int>(k_characters.size()) + 1;
    static constexpr std::uint32_t k_columns = k_characters.size() + 2;
    static constexpr std::array<std::uint8_t, 256> k_column_of = [] {
        std::array<std::uint8_t, 256> columns{};
        for (std::size_t i = 0; i < k_characters.size(); ++i) {
            const char c = k_characters[i];
            columns[static_cast<unsigned char>(c)] = static_cast<std::uint8_t>(i + 1);
            if (c >= 'a' && c <= 'z') {
                columns[static_cast<unsigned char>(c - 'a' + 'A')] = static_cast<std::uint8_t>(i + 1);
            }
        }
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if ((k_byte_kinds[c] & k_gap) != 0) {
                columns[c] = k_gap_column;
            }
        }
        return columns;
    }();

    static std::vector<int> with(std::vector<int> steps, std::string_view letters)
    {
        for (const char c : letters) {
            steps.push_back(k_column_of[static_cast<unsigned char>(c)]);
        }
        return steps;
    }

    std::uint32_t child(std::uint32_t node, int column)
    {
        const std::size_t at = node * k_columns + static_cast<std::uint32_t>(column);
        if (m_moves[at] == k_none) {
            m_moves[at] = static_cast<std::uint32_t>(m_accepts.size() * k_columns);
            m_way_in.push_back(at);
            m_accepts.emplace_back();
            m_moves.resize(m_moves.size() + k_columns, k_none);
        }
        return (m_moves[at] & ~k_accepting) / k_columns;
    }

    // Adds steps[i...] below `node`, each hyphen both as a gap and as nothing. Rules check
    // keeps hyphens between letters and few, so the spellings stay few.
    void insert(const std::vector<int>& steps, std::size_t i, std::uint32_t node, Accept accept)
    {
        for (; i < steps.size(); ++i) {
            if (steps[i] == k_either) {
                insert(steps, i + 1, child(node, k_gap_column), accept);
                continue; // and on, with nothing for the hyphen
            }
            node = child(node, steps[i]);
        }
        if (node == 0) {
            return; // nothing to look for; rules check refuses a phrase without letters
        }
        m_accepts[node].push_back(accept);
        m_moves[m_way_in[node]] |= k_accepting;
    }

    std::vector<std::uint32_t> m_moves = std::vector<std::uint32_t>(k_columns, k_none); // node x column -> row
    std::vector<std::vector<Accept>> m_accepts = std::vector<std::vector<Accept>>(1);   // by node; the root first
    std::vector<std::size_t> m_way_in = std::vector<std::size_t>(1);                    // by node: its move's place
};

std::string phrase_pattern(std::string_view phrase, bool inflections);

// One word of a description, for the negation window: its span, how many clause marks stand
// before it, and a key of its normalized form (its first character and length, U+2019
// counting as one ') that rules out most words as negation triggers without comparing them.
struct Token {
    std::size_t start = 0;
    std::size_t end = 0;
    std::size_t clause = 0;
    std::uint32_t length = 0;
    char first = 0;
};

// The words of a text: runs of word characters and apostrophes (' and U+2019, which count
// as '), each with the number of its clause.
std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 4 + 1);
    const char* const data = text.data();
    const std::size_t size = text.size();
    std::size_t clause = 0;
    std::size_t i = 0;
    // Whether the character beyond ASCII at i is part of a word; its length, and whether it
    // is U+2019.
    std::size_t length = 1;
    bool quote = false;
    auto multibyte_part = [&] {
        const char32_t c = text::decode_utf8(text, i, length);
        quote = c == 0x2019;
        return quote || is_word_char(c);
    };
    while (i < size) {
        const std::uint8_t kind = k_byte_kinds[static_cast<unsigned char>(data[i])];
        if ((kind & (k_word | k_apostrophe | k_multibyte)) == 0) {
            clause += (kind & k_clause) != 0 ? 1U : 0U;
            ++i;
            continue;
        }
        length = 1;
        quote = false;
        if ((kind & k_multibyte) != 0 && !multibyte_part()) {
            i += length;
            continue;
        }
        Token token{i, 0, clause, quote ? 1U : static_cast<std::uint32_t>(length), quote ? '\'' : ascii_lower(data[i])};
        i += length;
        while (i < size) {
            const std::uint8_t next = k_byte_kinds[static_cast<unsigned char>(data[i])];
            if ((next & (k_word | k_apostrophe)) != 0) {
                ++token.length;
                ++i;
            } else if ((next & k_multibyte) != 0 && multibyte_part()) {
                token.length += quote ? 1U : static_cast<std::uint32_t>(length);
                i += length;
            } else {
                break;
            }
        }
        token.end = i;
        tokens.push_back(token);
    }
    return tokens;
}

// A word as negation triggers are written: ASCII letters lowered, U+2019 as '.
std::string normalized(std::string_view word)
{
    std::string out;
    out.reserve(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (right_quote_at(word, i)) {
            out += '\'';
            i += 2;
        } else {
            out += ascii_lower(word[i]);
        }
    }
    return out;
}

std::string_view word_of(std::string_view text, const Token& token)
{
    return text.substr(token.start, token.end - token.start);
}

// The negation's phrases (triggers, pseudo-negations, terminators) as a trie of words: a
// word's node says which lists have a phrase ending there and leads on by the next word, so
// that finding the longest phrase at a word costs its words, whatever the number of phrases.
class Triggers {
public:
    enum List { before, after, pseudo, terminator };

    // A node: the phrase's words so far. A node of the first level is where phrases start.
    struct Starting {
        std::unordered_map<std::string, std::size_t> next; // normalized word -> node
        std::array<bool, 4> ends{};                        // by List: a phrase of it ends here
    };

    explicit Triggers(const Negation& negation)
    {
        const std::vector<std::string>* lists[] = {&negation.before, &negation.after, &negation.pseudo,
                                                   &negation.terminators};
        m_nodes.emplace_back(); // the root
        for (std::size_t list = 0; list < 4; ++list) {
            for (const std::string& phrase : *lists[list]) {
                const std::vector<Token> tokens = tokenize(phrase);
                if (tokens.empty()) {
                    continue;
                }
                std::vector<std::string> words;
                for (const Token& token : tokens) {
                    words.push_back(normalized(word_of(phrase, token)));
                }
                m_keys[static_cast<unsigned char>(tokens.front().first)] |= key_bit(tokens.front().length);
                if (list == before || list == after) {
                    m_telling.push_back(*std::max_element(
                        words.begin(), words.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); }));
                }
                std::size_t node = 0;
                for (std::string& word : words) {
                    const auto [at, added] = m_nodes[node].next.try_emplace(std::move(word), m_nodes.size());
                    node = at->second;
                    if (added) {
                        m_nodes.emplace_back();
                    }
                }
                m_nodes[node].ends[list] = true;
            }
        }
    }

    // The node of the phrases that begin with the token's word, or null.
    const Starting* starting(std::string_view text, const Token& token) const
    {
        if ((m_keys[static_cast<unsigned char>(token.first)] & key_bit(token.length)) == 0) {
            return nullptr;
        }
        const auto found = m_nodes.front().next.find(normalized(word_of(text, token)));
        return found == m_nodes.front().next.end() ? nullptr : &m_nodes[found->second];
    }

    // The length in words of the longest phrase of `list` that begins at token `at` (whose
    // node is `starting`) and ends by token `limit`; 0 if none.
    std::size_t length(const Starting& starting, List list, std::string_view text, const std::vector<Token>& tokens,
                       std::size_t at, std::size_t limit) const
    {
        std::size_t longest = starting.ends[list] && at < limit ? 1 : 0;
        const Starting* node = &starting;
        for (std::size_t k = 1; at + k < limit && !node->next.empty(); ++k) {
            const auto found = node->next.find(normalized(word_of(text, tokens[at + k])));
            if (found == node->next.end()) {
                break;
            }
            node = &m_nodes[found->second];
            longest = node->ends[list] ? k + 1 : longest;
        }
        return longest;
    }

    // A word of each negating phrase (the longest), normalized: where none of them stands in
    // a text as a word of its own, nothing in it is negated.
    const std::vector<std::string>& telling_words() const { return m_telling; }

private:
    static std::uint32_t key_bit(std::uint32_t length) { return std::uint32_t{1} << std::min(length, 31u); }

    std::vector<Starting> m_nodes; // the root first; filled once, so pointers into it stay valid
    std::vector<std::string> m_telling;
    std::array<std::uint32_t, 256> m_keys{}; // bit n of [c]: a first word begins with c and has n characters
};

} // namespace

class DescriptionReaderImpl {
public:
    DescriptionReaderImpl(const std::vector<Lexicon>& lexicons, const Negation& negation,
                          const std::vector<NumberWords>& numbers, const std::vector<AmountRule>& amounts,
                          const Spelling& spelling)
        : m_lexicons(lexicons), m_window(static_cast<std::size_t>(std::max(negation.window, 0))), m_triggers(negation),
          m_amount_rules(amounts), m_amounts(numbers, amounts),
          m_speller(spelling, listed_words(lexicons, negation, m_amounts.words()))
    {
        // The signals in the order the rules list them (Rules::signals): each lexicon's, then
        // its negated_signal, then the amounts'.
        std::unordered_map<std::string, std::size_t> signal_at;
        auto signal_index = [&](const std::string& signal) {
            const auto [at, added] = signal_at.try_emplace(signal, m_signals.size());
            if (added) {
                m_signals.push_back(signal);
            }
            return at->second;
        };
        // Each character of a phrase adds at most a node, for each way its hyphens are written.
        // The reservation is a hint, capped, so that a huge overlay cannot ask for more than it.
        std::size_t characters = 0;
        for (const Lexicon& lexicon : lexicons) {
            for (const Lexicon::Phrase& phrase : lexicon.phrases) {
                if (std::any_of(phrase.text.begin(), phrase.text.end(), [](char c) { return has(c, k_multibyte); })) {
                    continue; // read with RE2, not the trie
                }
                const auto hyphens = static_cast<std::size_t>(std::count(phrase.text.begin(), phrase.text.end(), '-'));
                characters += (phrase.text.size() + 3) * (std::size_t{1} << std::min<std::size_t>(hyphens, 8));
            }
        }
        constexpr std::size_t k_most_reserved = std::size_t{1} << 16; // nodes: 11 MiB of table
        m_trie.reserve(std::min(characters, k_most_reserved));
        for (std::size_t l = 0; l < lexicons.size(); ++l) {
            const std::size_t signal = signal_index(lexicons[l].signal);
            const std::size_t negated =
                lexicons[l].negated_signal.empty() ? k_nowhere : signal_index(lexicons[l].negated_signal);
            for (std::size_t p = 0; p < lexicons[l].phrases.size(); ++p) {
                const auto entry = static_cast<std::uint32_t>(m_entries.size());
                m_entries.push_back(Entry{l, p, signal, negated});
                const std::string& phrase = lexicons[l].phrases[p].text;
                if (std::all_of(phrase.begin(), phrase.end(), [](char c) { return !has(c, k_multibyte); })) {
                    m_trie.add(phrase, entry);
                } else {
                    m_unicode.push_back(entry);
                }
            }
        }
        for (const AmountRule& rule : amounts) {
            m_amount_signals.push_back(signal_index(rule.signal));
        }
        // The trie also looks for a word of each negating phrase, so that a description
        // without any is not tokenized for negation at all; likewise for number words.
        m_triggers_in_trie = true;
        for (const std::string& word : m_triggers.telling_words()) {
            m_triggers_in_trie = m_trie.add_exact(word, k_trigger) && m_triggers_in_trie;
        }
        m_numbers_in_trie = true;
        for (const std::string& word : m_amounts.telling_words()) {
            m_numbers_in_trie = m_trie.add_exact(word, k_number) && m_numbers_in_trie;
        }
        m_compiled = std::make_unique<std::once_flag[]>(m_entries.size());
        m_regexes.resize(m_entries.size());
    }

    std::optional<double> figure(std::string_view text, bool percent) const { return m_amounts.figure(text, percent); }

    // Long on purpose: the description reader's steps in order (spelling, phrases, amounts, negation, evidence); each
    // step is a function of its own.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    DescriptionReading read(std::string_view raw) const
    {
        DescriptionReading reading;
        reading.signals.reserve(m_signals.size());
        for (const std::string& signal : m_signals) {
            reading.signals.push_back(SignalValue{signal, 0, true});
        }
        for (const std::size_t signal : m_amount_signals) {
            reading.signals[signal].known = false; // until an amount is read
        }
        if (m_entries.empty() && m_amounts.empty()) {
            return reading;
        }
        // Offsets refer to the text read: the description, with any invalid UTF-8 replaced.
        std::string cleaned;
        std::string_view text = raw;
        if (!text::is_valid_utf8(raw)) {
            cleaned = text::valid_utf8(raw);
            text = cleaned;
        }
        // Misspelled words are read as the words meant; offsets and words shown refer to the
        // description as written, and each match says how it was read where that differs.
        thread_local Corrected corrected;
        const std::string_view written = text;
        if (m_speller.correct(text, corrected)) {
            text = corrected.text;
        } else {
            corrected.origin.clear();
        }
        const auto as_written = [&](PhraseMatch& match) {
            if (corrected.origin.empty()) {
                return;
            }
            const std::size_t start = corrected.original(match.start);
            const std::size_t end = corrected.original(match.end);
            std::string words(written.substr(start, end - start));
            if (words != match.text) {
                match.read_as = std::move(match.text);
            }
            match.text = std::move(words);
            match.start = start;
            match.end = end;
        };
        // Scratch space kept by each thread, so that a description costs no allocation here.
        thread_local std::vector<Found> found;
        // Each phrase counts once, plainly and once negated, however often it stands, and each
        // of its spellings is listed once: `listed` holds, for each (entry, negated) key, the
        // matches listed for it; `counted` the keys met, to clear them after.
        thread_local std::vector<std::uint32_t> counted;
        thread_local std::vector<Listed> listed;
        thread_local std::vector<AmountFound> amounts;
        found.clear();
        for (const std::uint32_t key : counted) {
            listed[key].count = 0;
        }
        counted.clear();
        listed.resize(m_entries.size() * 2);
        amounts.clear();
        const Seen seen = find_ascii(text, found);
        find_unicode(text, found);
        keep_apart(found);
        drop_contained(found);
        std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
            if (a.start != b.start) {
                return a.start < b.start;
            }
            return a.end != b.end ? a.end > b.end : a.entry < b.entry;
        });
        const bool any_digit = std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!m_amounts.empty() && (any_digit || seen.number || !m_numbers_in_trie)) {
            m_amounts.read(text, amounts);
        }
        if (found.empty() && amounts.empty()) {
            return reading;
        }
        // Without a word of a negating phrase anywhere, nothing is negated.
        const bool negation = seen.trigger || !m_triggers_in_trie;
        const std::vector<Token> tokens = negation ? tokenize(text) : std::vector<Token>();
        std::vector<const Triggers::Starting*> starting(tokens.size(), &k_not_looked_up);
        reading.matches.reserve(found.size() + amounts.size());
        for (const Found& f : found) {
            const Entry& entry = m_entries[f.entry];
            const Lexicon& lexicon = m_lexicons[entry.lexicon];
            const Lexicon::Phrase& phrase = lexicon.phrases[entry.phrase];
            std::string negated_by = negation ? negation_of(text, tokens, starting, f) : std::string();
            // A negated phrase may count for the lexicon's negated signal ("no live data").
            const std::size_t feeds = negated_by.empty() ? entry.signal : entry.negated;
            // Each phrase counts once for each signal it feeds: plainly, and once negated.
            const std::uint32_t key = f.entry * 2 + (negated_by.empty() ? 0U : 1U);
            Listed& before = listed[key];
            if (before.count == 0) {
                counted.push_back(key);
                if (feeds != k_nowhere) {
                    reading.signals[feeds].value += phrase.weight;
                }
            }
            const std::string_view words = text.substr(f.start, f.end - f.start);
            const auto end = before.at.begin() + static_cast<std::ptrdiff_t>(before.count);
            if (before.count == before.at.size() || std::any_of(before.at.begin(), end, [&](std::uint32_t at) {
                    return reading.matches[at].text == words;
                })) {
                ++reading.unlisted;
                continue;
            }
            before.at[before.count++] = static_cast<std::uint32_t>(reading.matches.size());
            PhraseMatch match{.signal = lexicon.signal,
                              .lexicon = lexicon.id,
                              .phrase = phrase.text,
                              .text = std::string(words),
                              .start = f.start,
                              .end = f.end,
                              .weight = phrase.weight,
                              .negated_by = std::move(negated_by)};
            match.feeds = feeds != k_nowhere ? std::string_view(m_signals[feeds]) : std::string_view();
            reading.matches.push_back(std::move(match));
        }
        add_amounts(text, amounts, tokens, starting, negation, reading);
        for (PhraseMatch& match : reading.matches) {
            as_written(match);
        }
        if (!amounts.empty()) {
            std::stable_sort(reading.matches.begin(), reading.matches.end(),
                             [](const PhraseMatch& a, const PhraseMatch& b) { return a.start < b.start; });
        }
        return reading;
    }

private:
    struct Entry {
        std::size_t lexicon;
        std::size_t phrase;
        std::size_t signal;  // in m_signals
        std::size_t negated; // the signal a negated match feeds, or k_nowhere
    };
    static constexpr std::size_t k_nowhere = SIZE_MAX;

    // The matches listed for a phrase (plainly or negated) in the description being read.
    struct Listed {
        std::array<std::uint32_t, k_most_spellings_listed> at{};
        std::size_t count = 0;
    };

    // What find_ascii saw besides phrases: a word of a negating phrase, a number word.
    struct Seen {
        bool trigger = false;
        bool number = false;
    };

    // A phrase found on whole words: the entry's, and the bytes it covers.
    struct Found {
        std::uint32_t entry;
        std::size_t start;
        std::size_t end;
    };

    // Every phrase the reader looks for, for the speller: a misspelling of their words is read
    // as the word.
    static std::vector<std::string_view> listed_words(const std::vector<Lexicon>& lexicons, const Negation& negation,
                                                      const std::vector<std::string>& amount_words)
    {
        std::vector<std::string_view> listed(amount_words.begin(), amount_words.end());
        for (const Lexicon& lexicon : lexicons) {
            for (const Lexicon::Phrase& phrase : lexicon.phrases) {
                listed.push_back(phrase.text);
            }
        }
        for (const auto* list : {&negation.before, &negation.after, &negation.pseudo, &negation.terminators}) {
            listed.insert(listed.end(), list->begin(), list->end());
        }
        return listed;
    }

    // The amounts read (the thread's `amounts` of read()) as matches: of one rule's amounts
    // not negated, a checked one answers, else the first; at most k_most_amounts_listed
    // others are kept as evidence, the first ones, and the rest only counted (reading.unlisted).
    void add_amounts(std::string_view text, const std::vector<AmountFound>& amounts, const std::vector<Token>& tokens,
                     std::vector<const Triggers::Starting*>& starting, bool negation, DescriptionReading& reading) const
    {
        std::vector<std::optional<std::size_t>> chosen(m_amount_rules.size());
        std::vector<std::size_t> others(m_amount_rules.size()); // listed besides the one chosen
        std::vector<std::size_t> dropped; // a match that stopped being the chosen one, past the most listed
        for (const AmountFound& a : amounts) {
            std::string negated_by =
                negation ? negation_of(text, tokens, starting, Found{k_trigger, a.start, a.end}) : std::string();
            std::optional<std::size_t>& best = chosen[a.rule];
            const bool answers = negated_by.empty() && (!best || (a.checked && !reading.matches[*best].checked));
            // One more listed besides the chosen: this one, or the one it takes over from. An
            // amount not listed is counted before a match is made of it.
            if (!answers || best) {
                if (others[a.rule] < k_most_amounts_listed) {
                    ++others[a.rule];
                } else {
                    ++reading.unlisted;
                    if (!answers) {
                        continue;
                    }
                    dropped.push_back(*best);
                }
            }
            const AmountRule& rule = m_amount_rules[a.rule];
            PhraseMatch match{.signal = rule.signal,
                              .lexicon = rule.id,
                              .phrase = rule.id,
                              .text = std::string(text.substr(a.start, a.end - a.start)),
                              .start = a.start,
                              .end = a.end,
                              .weight = 0,
                              .negated_by = std::move(negated_by)};
            match.amount = true;
            match.value = a.value;
            match.low = a.low;
            match.high = a.high;
            match.checked = a.checked;
            match.chosen = false;
            if (answers) {
                best = reading.matches.size();
            }
            reading.matches.push_back(std::move(match));
        }
        for (std::size_t r = 0; r < chosen.size(); ++r) {
            if (chosen[r]) {
                PhraseMatch& match = reading.matches[*chosen[r]];
                match.chosen = true;
                SignalValue& signal = reading.signals[m_amount_signals[r]];
                match.feeds = signal.signal;
                signal.value = match.value;
                signal.known = true;
            }
        }
        std::sort(dropped.begin(), dropped.end());
        for (auto at = dropped.rbegin(); at != dropped.rend(); ++at) {
            reading.matches.erase(reading.matches.begin() + static_cast<std::ptrdiff_t>(*at));
        }
    }

    const Lexicon::Phrase& phrase_of(const Entry& entry) const
    {
        return m_lexicons[entry.lexicon].phrases[entry.phrase];
    }

    static RE2::Options options()
    {
        RE2::Options options;
        options.set_case_sensitive(false);
        options.set_log_errors(false);
        options.set_max_mem(std::int64_t{64} << 20);
        return options;
    }

    // Where the text's ASCII phrases stand: the trie runs from every place that no word
    // character precedes, and a match counts when no word character follows it either.
    // Whether a word of a negating phrase stands somewhere too (Triggers::telling_words).
    Seen find_ascii(std::string_view text, std::vector<Found>& found) const
    {
        Seen seen;
        const char* const data = text.data();
        const std::size_t size = text.size();
        auto match_from = [&](std::size_t start) {
            m_trie.match(text, start, [&](const PhraseTrie::Accept& accept, std::size_t core_end) {
                const std::size_t end = ending(text, accept.ending, core_end);
                if (word_at(text, end)) {
                    return;
                }
                if (accept.entry == k_trigger) {
                    seen.trigger = true;
                } else if (accept.entry == k_number) {
                    seen.number = true;
                } else {
                    found.push_back(Found{accept.entry, start, end});
                }
            });
        };
        bool after_word = false;
        std::size_t i = 0;
        while (i < size) {
            const std::uint8_t kind = k_byte_kinds[static_cast<unsigned char>(data[i])];
            if ((kind & k_multibyte) != 0) {
                std::size_t length = 1;
                const bool word = is_word_char(text::decode_utf8(text, i, length));
                if (!after_word && length == 3 && m_trie.begins('\'') && right_quote_at(text, i)) {
                    match_from(i);
                }
                after_word = word;
                i += length;
                continue;
            }
            if (!after_word && m_trie.begins(data[i])) {
                match_from(i);
            }
            ++i;
            after_word = (kind & k_word) != 0;
            if (after_word) { // the rest of the word: no phrase starts within it
                while (i < size && (k_byte_kinds[static_cast<unsigned char>(data[i])] & k_word) != 0) {
                    ++i;
                }
            }
        }
        return seen;
    }

    // Where a phrase found up to `end` by the trie ends in the text, with its inflection: the
    // longest the phrase's pattern allows, as a regular expression takes it.
    static std::size_t ending(std::string_view text, Ending ending, std::size_t end)
    {
        switch (ending) {
        case Ending::exact:
            return end;
        case Ending::rest_of_word:
            return end_of_word(text, end);
        case Ending::inflected:
            if (ascii_lower_at(text, end) == 'e' && ascii_lower_at(text, end + 1) == 's') {
                end += 2;
            } else if (ascii_lower_at(text, end) == 's') {
                end += 1;
            }
            [[fallthrough]];
        case Ending::possessive:
            if (end < text.size() && text[end] == '\'') {
                end += 1;
            } else if (right_quote_at(text, end)) {
                end += 3;
            } else {
                return end;
            }
            return ascii_lower_at(text, end) == 's' ? end + 1 : end;
        }
        return end;
    }

    // Phrases with letters beyond ASCII need Unicode case folding, which RE2 has: a set finds
    // which of them occur in one pass (compiled on first use, so that rules without such
    // phrases never pay for it), then each of those is located with its own expression.
    void find_unicode(std::string_view text, std::vector<Found>& found) const
    {
        if (m_unicode.empty()) {
            return;
        }
        std::call_once(m_set_compiled, [this] {
            m_set = std::make_unique<RE2::Set>(options(), RE2::UNANCHORED);
            for (const std::uint32_t entry : m_unicode) {
                std::string error;
                if (m_set->Add(phrase_pattern(phrase_of(m_entries[entry]).text, false), &error) < 0) {
                    throw std::logic_error("lexicon phrase does not compile: " + error); // rules check stops this
                }
            }
            m_set_ok = m_set->Compile();
        });
        std::vector<int> indices;
        RE2::Set::ErrorInfo error{};
        if (m_set_ok && m_set->Match(text, &indices, &error)) {
            for (const int index : indices) {
                locate(text, m_unicode[static_cast<std::size_t>(index)], found);
            }
            return;
        }
        if (m_set_ok && error.kind == RE2::Set::kNoError) {
            return; // nothing matched
        }
        // The set ran out of memory on this text: look for each phrase on its own instead.
        for (const std::uint32_t entry : m_unicode) {
            locate(text, entry, found);
        }
    }

    const RE2& regex(std::size_t index) const
    {
        std::call_once(m_compiled[index], [&] {
            m_regexes[index] = std::make_unique<RE2>(phrase_pattern(phrase_of(m_entries[index]).text, true), options());
        });
        return *m_regexes[index];
    }

    // Every place the entry's phrase stands as whole words: each match of its pattern, a
    // wildcard's word run to its end, and kept when no word character stands either side.
    void locate(std::string_view text, std::uint32_t entry, std::vector<Found>& found) const
    {
        const RE2& re = regex(entry);
        const std::string& phrase = phrase_of(m_entries[entry]).text;
        const bool wildcard = !phrase.empty() && phrase.back() == '*';
        std::size_t pos = 0;
        re2::StringPiece match;
        const re2::StringPiece whole(text.data(), text.size());
        while (pos < text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
            const auto start = static_cast<std::size_t>(match.data() - text.data());
            std::size_t end = start + match.size();
            if (wildcard) {
                end = end_of_word(text, end);
            }
            if (!word_before(text, start) && !word_at(text, end)) {
                found.push_back(Found{entry, start, end});
                pos = std::max(end, start + 1);
            } else {
                std::size_t length = 1;
                text::decode_utf8(text, start, length);
                pos = start + length; // not on word boundaries: look again from the next character
            }
        }
    }

    // A phrase's places in the order of the lexicons, then of the text; of one phrase's
    // places that overlap, the first is kept, as a search that goes on past each match would.
    static void keep_apart(std::vector<Found>& found)
    {
        std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
            return a.entry != b.entry ? a.entry < b.entry : a.start < b.start;
        });
        std::size_t kept = 0;
        for (const Found& f : found) {
            if (kept == 0 || found[kept - 1].entry != f.entry || f.start >= found[kept - 1].end) {
                found[kept++] = f;
            }
        }
        found.resize(kept);
    }

    // One span of words feeds one reading: a phrase inside a longer one ("live" within "goes
    // live", "time" within "real-time") is the longer phrase's, not a second cue, whichever
    // signals they feed; of phrases on the same words ("proof of concept",
    // "proof-of-concept"), the first in the lexicons counts for each signal.
    void drop_contained(std::vector<Found>& found) const
    {
        // From left to right, the longer first, then in the lexicons' order. A match then lies
        // inside an earlier one exactly when it ends no later than the furthest end seen so far.
        std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
            if (a.start != b.start) {
                return a.start < b.start;
            }
            return a.end != b.end ? a.end > b.end : a.entry < b.entry;
        });
        std::size_t kept = 0;
        std::size_t furthest = 0;
        for (std::size_t i = 0; i < found.size(); ++i) {
            const Found& f = found[i];
            if (kept > 0 && f.end <= furthest) {
                // Kept only on the very words of the last match kept (those that hold the
                // same words are kept one after another), for a signal none of them feeds.
                bool keep = false;
                for (std::size_t k = kept; k-- > 0 && found[k].start == f.start && found[k].end == f.end;) {
                    keep = true;
                    if (m_entries[found[k].entry].signal == m_entries[f.entry].signal) {
                        keep = false;
                        break;
                    }
                }
                if (!keep) {
                    continue;
                }
            }
            furthest = std::max(furthest, f.end);
            found[kept++] = f;
        }
        found.resize(kept);
    }

    static std::string written(std::string_view text, const std::vector<Token>& tokens, std::size_t at,
                               std::size_t count)
    {
        return std::string(text.substr(tokens[at].start, tokens[at + count - 1].end - tokens[at].start));
    }

    // NegEx, in short: a negation trigger within `window` words before the phrase (or an
    // after-trigger within `window` words after it), in the same clause, with no terminator
    // between them and the trigger not part of a pseudo-negation. The negating words as
    // written, or nothing. `starting` caches the triggers that begin at each token.
    std::string negation_of(std::string_view text, const std::vector<Token>& tokens,
                            std::vector<const Triggers::Starting*>& starting, const Found& match) const
    {
        const auto by_start = [](const Token& token, std::size_t at) { return token.start < at; };
        const std::size_t first = static_cast<std::size_t>(
            std::lower_bound(tokens.begin(), tokens.end(), match.start, by_start) - tokens.begin());
        const std::size_t after = static_cast<std::size_t>(
            std::lower_bound(tokens.begin(), tokens.end(), match.end, by_start) - tokens.begin());
        if (first >= tokens.size()) {
            return {};
        }
        const std::size_t clause = tokens[first].clause;
        auto starting_at = [&](std::size_t at) {
            if (starting[at] == &k_not_looked_up) {
                starting[at] = m_triggers.starting(text, tokens[at]);
            }
            return starting[at];
        };

        const std::size_t lowest = first > m_window ? first - m_window : 0;
        for (std::size_t i = first; i-- > lowest && tokens[i].clause == clause;) {
            const Triggers::Starting* here = starting_at(i);
            if (here == nullptr) {
                continue;
            }
            if (m_triggers.length(*here, Triggers::terminator, text, tokens, i, first) > 0) {
                break; // "no X but Y": the negation does not reach Y
            }
            if (m_triggers.length(*here, Triggers::pseudo, text, tokens, i, tokens.size()) > 0) {
                continue;
            }
            if (const std::size_t words = m_triggers.length(*here, Triggers::before, text, tokens, i, first);
                words > 0) {
                return written(text, tokens, i, words);
            }
        }

        const std::size_t highest = std::min(tokens.size(), after + m_window);
        for (std::size_t i = after; i < highest && tokens[i].clause == clause; ++i) {
            const Triggers::Starting* here = starting_at(i);
            if (here == nullptr) {
                continue;
            }
            if (m_triggers.length(*here, Triggers::terminator, text, tokens, i, tokens.size()) > 0) {
                break;
            }
            if (const std::size_t words = m_triggers.length(*here, Triggers::after, text, tokens, i, tokens.size());
                words > 0) {
                return written(text, tokens, i, words);
            }
        }
        return {};
    }

    static inline const Triggers::Starting k_not_looked_up{};

    const std::vector<Lexicon> m_lexicons;
    std::vector<std::string> m_signals;
    std::vector<Entry> m_entries;
    PhraseTrie m_trie;                    // the phrases of ASCII characters
    std::vector<std::uint32_t> m_unicode; // the entries of the others
    std::size_t m_window;                 // the negation's reach, in words
    Triggers m_triggers;
    bool m_triggers_in_trie = false; // the trie finds the triggers' telling words (k_trigger)
    bool m_numbers_in_trie = false;  // and the number words' (k_number)
    static constexpr std::uint32_t k_trigger = UINT32_MAX;
    static constexpr std::uint32_t k_number = UINT32_MAX - 1;
    const std::vector<AmountRule> m_amount_rules;
    std::vector<std::size_t> m_amount_signals; // each amount rule's signal, in m_signals
    AmountReader m_amounts;
    Speller m_speller; // after the amounts, whose words it lists

    mutable std::once_flag m_set_compiled;
    mutable std::unique_ptr<RE2::Set> m_set;
    mutable bool m_set_ok = false;
    std::unique_ptr<std::once_flag[]> m_compiled;
    mutable std::vector<std::unique_ptr<RE2>> m_regexes;
};

DescriptionReader::DescriptionReader(const std::vector<Lexicon>& lexicons, const Negation& negation,
                                     const std::vector<NumberWords>& numbers, const std::vector<AmountRule>& amounts,
                                     const Spelling& spelling)
    : m_impl(std::make_unique<DescriptionReaderImpl>(lexicons, negation, numbers, amounts, spelling))
{
}

DescriptionReader::~DescriptionReader() = default;

DescriptionReading DescriptionReader::read(std::string_view description) const
{
    return m_impl->read(description);
}

namespace {

// The regular expression of a phrase: its words, any run of spaces and hyphens between
// them, and (with `inflections`) the endings of its last word. Without them it is the core
// that every match begins with, which is all RE2::Set needs to look for, and cheaper to
// compile. Word boundaries, and the letters a `*` stands for, are checked in code: Unicode
// classes would make the set slow to compile.
std::string phrase_pattern(std::string_view phrase, bool inflections)
{
    const std::vector<std::string_view> words = phrase_words(phrase);
    std::string body;
    for (std::size_t w = 0; w < words.size(); ++w) {
        const bool last = w + 1 == words.size();
        const PhraseWord word = phrase_word(words[w], last);
        std::string re;
        for (std::size_t k = 0; k < word.letters.size(); ++k) {
            const char c = word.letters[k];
            if (c == '-') {
                re += "[\\s\\-]*"; // real-time, real time, realtime
            } else if (c == '\'') {
                re += "(?:'|\xE2\x80\x99)";
            } else if (word.letters.substr(k, 3) == k_right_quote) {
                re += "(?:'|\xE2\x80\x99)";
                k += 2;
            } else if (static_cast<unsigned char>(c) < 0x80) {
                re += RE2::QuoteMeta(std::string_view(&c, 1));
            } else {
                re += c;
            }
        }
        if (inflections && word.y_plural) {
            re += "(?:y|ies)";
        } else if (inflections && last && !word.wildcard) {
            re += "(?:e?s)?";
        }
        if (inflections && last && !word.wildcard) {
            re += "(?:(?:'|\xE2\x80\x99)s?)?"; // a possessive
        }
        if (w > 0) {
            body += "[\\s\\-]+";
        }
        body += re;
    }
    return body;
}

} // namespace

std::optional<double> DescriptionReader::figure(std::string_view text, bool percent) const
{
    return m_impl->figure(text, percent);
}

std::string DescriptionReader::pattern(std::string_view phrase)
{
    return phrase_pattern(phrase, true);
}

} // namespace ftadvisor
