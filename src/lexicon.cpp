#include "ftadvisor/lexicon.hpp"

#include "text.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace ftadvisor {
namespace {

// Decodes the UTF-8 code point at text[i] (the text is valid UTF-8); its length goes to
// `length`.
char32_t decode(std::string_view text, std::size_t i, std::size_t& length)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = b(0);
    if (lead < 0x80 || i + 1 >= text.size()) {
        length = 1;
        return lead;
    }
    if (lead < 0xE0) {
        length = 2;
        return (char32_t(lead & 0x1F) << 6) | (b(1) & 0x3F);
    }
    if (lead < 0xF0 || i + 3 >= text.size()) {
        length = std::min<std::size_t>(3, text.size() - i);
        return length < 3 ? 0xFFFD : (char32_t(lead & 0x0F) << 12) | (char32_t(b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    }
    length = 4;
    return (char32_t(lead & 0x07) << 18) | (char32_t(b(1) & 0x3F) << 12) | (char32_t(b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// Whether a code point is part of a word: ASCII letters, digits and '_', and every other
// code point but the blocks of spaces, punctuation, symbols and emoji. Letters of every
// script count; an emoji or a dash next to a phrase is a boundary.
bool is_word_char(char32_t c)
{
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return !(c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
             (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
             (c >= 0xFF1A && c <= 0xFF20) || c == 0xFFFD || (c >= 0x1F000 && c <= 0x1FAFF));
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
    return is_word_char(decode(text, start, length));
}

bool word_at(std::string_view text, std::size_t at)
{
    std::size_t length = 0;
    return at < text.size() && is_word_char(decode(text, at, length));
}

std::string phrase_pattern(std::string_view phrase, bool inflections);

// One word of a description, for the negation window: its span and its text in lower case
// with typographic apostrophes made plain.
struct Token {
    std::size_t start = 0;
    std::size_t end = 0;
    std::size_t clause = 0; // how many clause marks stand before it
    std::string norm;
};

bool is_clause_mark(char c)
{
    return c == '.' || c == ';' || c == '!' || c == '?' || c == '\n' || c == '\r';
}

// The words of `text`: runs of word characters and apostrophes (' and U+2019, which count
// as '), each with the number of its clause.
std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    Token current;
    bool in_word = false;
    std::size_t clause = 0;
    std::size_t i = 0;
    tokens.reserve(text.size() / 6);
    while (i < text.size()) {
        std::size_t length = 1;
        const auto byte = static_cast<unsigned char>(text[i]);
        const char32_t c = byte < 0x80 ? byte : decode(text, i, length);
        const bool apostrophe = c == '\'' || c == 0x2019;
        if (is_word_char(c) || apostrophe) {
            if (!in_word) {
                current.start = i;
                current.clause = clause;
                in_word = true;
            }
            if (apostrophe) {
                current.norm += '\'';
            } else if (c < 0x80) {
                current.norm += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            } else {
                current.norm.append(text.substr(i, length));
            }
        } else {
            if (in_word) {
                current.end = i;
                tokens.push_back(std::move(current));
                current = Token{};
                in_word = false;
            }
            if (c < 0x80 && is_clause_mark(static_cast<char>(c))) {
                ++clause;
            }
        }
        i += length;
    }
    if (in_word) {
        current.end = text.size();
        tokens.push_back(std::move(current));
    }
    return tokens;
}

// Phrases of words (negation triggers), found by their first word.
class PhraseIndex {
public:
    explicit PhraseIndex(const std::vector<std::string>& phrases)
    {
        for (const std::string& phrase : phrases) {
            std::vector<std::string> words;
            for (Token& token : tokenize(phrase)) {
                words.push_back(std::move(token.norm));
            }
            if (!words.empty()) {
                auto& list = m_by_first[words.front()];
                list.push_back(std::move(words));
                // The longest first, so that "do not" wins over "do".
                std::stable_sort(list.begin(), list.end(),
                                 [](const auto& a, const auto& b) { return a.size() > b.size(); });
            }
        }
    }

    // The length in words of the phrase that starts at token `at` and ends by `limit`; 0 if none.
    std::size_t at(const std::vector<Token>& tokens, std::size_t at, std::size_t limit) const
    {
        const auto found = m_by_first.find(tokens[at].norm);
        if (found == m_by_first.end()) {
            return 0;
        }
        for (const auto& words : found->second) {
            if (at + words.size() > limit) {
                continue;
            }
            bool same = true;
            for (std::size_t k = 1; k < words.size() && same; ++k) {
                same = tokens[at + k].norm == words[k];
            }
            if (same) {
                return words.size();
            }
        }
        return 0;
    }

private:
    std::unordered_map<std::string, std::vector<std::vector<std::string>>> m_by_first;
};

} // namespace

class DescriptionReaderImpl {
public:
    DescriptionReaderImpl(const std::vector<Lexicon>& lexicons, const Negation& negation)
        : m_lexicons(lexicons), m_negation(negation), m_before(negation.before), m_after(negation.after),
          m_pseudo(negation.pseudo), m_terminators(negation.terminators)
    {
        for (std::size_t l = 0; l < lexicons.size(); ++l) {
            if (std::find(m_signals.begin(), m_signals.end(), lexicons[l].signal) == m_signals.end()) {
                m_signals.push_back(lexicons[l].signal);
            }
            for (std::size_t p = 0; p < lexicons[l].phrases.size(); ++p) {
                m_entries.push_back(Entry{l, p});
            }
        }
        m_compiled = std::make_unique<std::once_flag[]>(m_entries.size());
        m_regexes.resize(m_entries.size());
    }

    DescriptionReading read(std::string_view raw) const
    {
        DescriptionReading reading;
        for (const std::string& signal : m_signals) {
            reading.signals.push_back(SignalValue{signal, 0});
        }
        if (m_entries.empty()) {
            return reading;
        }
        // Offsets refer to the text read: the description, with any invalid UTF-8 replaced.
        std::string cleaned;
        std::string_view text = raw;
        if (!text::is_valid_utf8(raw)) {
            cleaned = text::valid_utf8(raw);
            text = cleaned;
        }
        for (const int index : found(text)) {
            locate(text, static_cast<std::size_t>(index), reading.matches);
        }
        drop_contained(reading.matches);
        std::sort(reading.matches.begin(), reading.matches.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
            return a.start != b.start ? a.start < b.start : a.end > b.end;
        });
        if (!reading.matches.empty()) {
            const std::vector<Token> tokens = tokenize(text);
            for (PhraseMatch& match : reading.matches) {
                negate(text, tokens, match);
            }
        }
        score(reading);
        return reading;
    }

private:
    struct Entry {
        std::size_t lexicon;
        std::size_t phrase;
    };

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

    // The entries whose phrase occurs somewhere in `text`: one pass of RE2::Set, compiled on
    // first use so that a run without descriptions never pays for it.
    std::vector<int> found(std::string_view text) const
    {
        std::call_once(m_set_compiled, [this] {
            // Case folding makes every letter a class of its Unicode cases, which is most
            // of the set's compile time. The set reads the text with ASCII letters lowered,
            // so a phrase of ASCII only needs no folding; the others keep it, inline.
            RE2::Options set_options = options();
            set_options.set_case_sensitive(true);
            m_set = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
            for (const Entry& entry : m_entries) {
                const std::string& phrase = phrase_of(entry).text;
                const bool ascii = std::all_of(phrase.begin(), phrase.end(),
                                               [](char c) { return static_cast<unsigned char>(c) < 0x80; });
                std::string pattern = phrase_pattern(text::ascii_lower(phrase), false);
                if (!ascii) {
                    pattern = "(?i:" + pattern + ")";
                }
                std::string error;
                if (m_set->Add(pattern, &error) < 0) {
                    throw std::logic_error("lexicon phrase does not compile: " + error); // rules check stops this
                }
            }
            m_set_ok = m_set->Compile();
        });
        std::vector<int> indices;
        RE2::Set::ErrorInfo error{};
        const std::string lowered = text::ascii_lower(text);
        if (m_set_ok && m_set->Match(lowered, &indices, &error)) {
            std::sort(indices.begin(), indices.end());
            return indices;
        }
        if (m_set_ok && error.kind == RE2::Set::kNoError) {
            return {}; // nothing matched
        }
        // The set ran out of memory on this text: try each phrase on its own instead.
        indices.clear();
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            if (RE2::PartialMatch(text, regex(i))) {
                indices.push_back(static_cast<int>(i));
            }
        }
        return indices;
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
    void locate(std::string_view text, std::size_t index, std::vector<PhraseMatch>& out) const
    {
        const RE2& re = regex(index);
        const Entry& entry = m_entries[index];
        const Lexicon& lexicon = m_lexicons[entry.lexicon];
        const Lexicon::Phrase& phrase = lexicon.phrases[entry.phrase];
        const bool wildcard = !phrase.text.empty() && phrase.text.back() == '*';
        std::size_t pos = 0;
        re2::StringPiece found;
        const re2::StringPiece whole(text.data(), text.size());
        while (pos < text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, &found, 1)) {
            const auto start = static_cast<std::size_t>(found.data() - text.data());
            std::size_t end = start + found.size();
            if (wildcard) {
                while (word_at(text, end)) {
                    std::size_t length = 0;
                    decode(text, end, length);
                    end += length;
                }
            }
            if (!word_before(text, start) && !word_at(text, end)) {
                out.push_back(PhraseMatch{lexicon.signal,
                                          lexicon.id,
                                          phrase.text,
                                          std::string(text.substr(start, end - start)),
                                          start,
                                          end,
                                          phrase.weight,
                                          {}});
                pos = std::max(end, start + 1);
            } else {
                std::size_t length = 1;
                decode(text, start, length);
                pos = start + length; // not on word boundaries: look again from the next character
            }
        }
    }

    // A phrase inside a longer one of the same signal ("time" within "real-time") is the
    // longer phrase's, not a second cue; of two phrases on the same words ("proof of
    // concept", "proof-of-concept"), the first in the lexicons counts.
    static void drop_contained(std::vector<PhraseMatch>& matches)
    {
        // By signal, then from left to right, the longer first; phrases on the same words keep
        // their order, so the first in the lexicons comes first. A match then lies inside an
        // earlier one exactly when it ends no later than the furthest end seen so far.
        std::stable_sort(matches.begin(), matches.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
            if (a.signal != b.signal) {
                return a.signal < b.signal;
            }
            return a.start != b.start ? a.start < b.start : a.end > b.end;
        });
        std::vector<PhraseMatch> kept;
        kept.reserve(matches.size());
        std::size_t furthest = 0;
        for (std::size_t i = 0; i < matches.size(); ++i) {
            const bool same_signal = i > 0 && matches[i].signal == matches[i - 1].signal;
            if (!same_signal) {
                furthest = 0;
            } else if (matches[i].end <= furthest) {
                continue;
            }
            furthest = std::max(furthest, matches[i].end);
            kept.push_back(std::move(matches[i]));
        }
        matches = std::move(kept);
    }

    static std::string written(std::string_view text, const std::vector<Token>& tokens, std::size_t at,
                               std::size_t count)
    {
        return std::string(text.substr(tokens[at].start, tokens[at + count - 1].end - tokens[at].start));
    }

    // NegEx, in short: a negation trigger within `window` words before the phrase (or an
    // after-trigger within `window` words after it), in the same clause, with no terminator
    // between them and the trigger not part of a pseudo-negation.
    void negate(std::string_view text, const std::vector<Token>& tokens, PhraseMatch& match) const
    {
        const auto window = static_cast<std::size_t>(std::max(m_negation.window, 0));
        const auto by_start = [](const Token& token, std::size_t at) { return token.start < at; };
        const std::size_t first = static_cast<std::size_t>(
            std::lower_bound(tokens.begin(), tokens.end(), match.start, by_start) - tokens.begin());
        const std::size_t after = static_cast<std::size_t>(
            std::lower_bound(tokens.begin(), tokens.end(), match.end, by_start) - tokens.begin());
        if (first >= tokens.size()) {
            return;
        }
        const std::size_t clause = tokens[first].clause;

        const std::size_t lowest = first > window ? first - window : 0;
        for (std::size_t i = first; i-- > lowest && tokens[i].clause == clause;) {
            if (m_terminators.at(tokens, i, first) > 0) {
                break; // "no X but Y": the negation does not reach Y
            }
            if (m_pseudo.at(tokens, i, tokens.size()) > 0) {
                continue;
            }
            if (const std::size_t length = m_before.at(tokens, i, first); length > 0) {
                match.negated_by = written(text, tokens, i, length);
                return;
            }
        }

        const std::size_t highest = std::min(tokens.size(), after + window);
        for (std::size_t i = after; i < highest && tokens[i].clause == clause; ++i) {
            if (m_terminators.at(tokens, i, tokens.size()) > 0) {
                break;
            }
            if (const std::size_t length = m_after.at(tokens, i, tokens.size()); length > 0) {
                match.negated_by = written(text, tokens, i, length);
                return;
            }
        }
    }

    void score(DescriptionReading& reading) const
    {
        std::map<std::pair<std::string_view, std::string_view>, double> counted; // lexicon, phrase
        for (const PhraseMatch& match : reading.matches) {
            if (match.negated_by.empty()) {
                counted.emplace(std::make_pair(match.lexicon, match.phrase), match.weight);
            }
        }
        for (const auto& [key, weight] : counted) {
            const Lexicon& lexicon = *std::find_if(m_lexicons.begin(), m_lexicons.end(),
                                                   [&](const Lexicon& l) { return l.id == key.first; });
            for (SignalValue& signal : reading.signals) {
                if (signal.signal == lexicon.signal) {
                    signal.value += weight;
                }
            }
        }
    }

    const std::vector<Lexicon> m_lexicons;
    const Negation m_negation;
    std::vector<std::string> m_signals;
    std::vector<Entry> m_entries;
    PhraseIndex m_before;
    PhraseIndex m_after;
    PhraseIndex m_pseudo;
    PhraseIndex m_terminators;

    mutable std::once_flag m_set_compiled;
    mutable std::unique_ptr<RE2::Set> m_set;
    mutable bool m_set_ok = false;
    std::unique_ptr<std::once_flag[]> m_compiled;
    mutable std::vector<std::unique_ptr<RE2>> m_regexes;
};

DescriptionReader::DescriptionReader(const std::vector<Lexicon>& lexicons, const Negation& negation)
    : m_impl(std::make_unique<DescriptionReaderImpl>(lexicons, negation))
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
    std::string body;
    for (std::size_t w = 0; w < words.size(); ++w) {
        std::string_view word = words[w];
        const bool wildcard = !word.empty() && word.back() == '*';
        if (wildcard) {
            word.remove_suffix(1);
        }
        const bool last = w + 1 == words.size();
        // A last word in -y also matches -ies ("policy", "policies").
        const bool y_plural = last && !wildcard && word.size() > 1 && (word.back() == 'y' || word.back() == 'Y');
        if (y_plural) {
            word.remove_suffix(1);
        }
        std::string re;
        for (std::size_t k = 0; k < word.size(); ++k) {
            const char c = word[k];
            if (c == '-') {
                re += "[\\s\\-]*"; // real-time, real time, realtime
            } else if (c == '\'') {
                re += "(?:'|\xE2\x80\x99)";
            } else if (word.substr(k, 3) == "\xE2\x80\x99") {
                re += "(?:'|\xE2\x80\x99)";
                k += 2;
            } else if (static_cast<unsigned char>(c) < 0x80) {
                re += RE2::QuoteMeta(std::string_view(&c, 1));
            } else {
                re += c;
            }
        }
        if (inflections && y_plural) {
            re += "(?:y|ies)";
        } else if (inflections && last && !wildcard) {
            re += "(?:e?s)?";
        }
        if (inflections && last && !wildcard) {
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

std::string DescriptionReader::pattern(std::string_view phrase)
{
    return phrase_pattern(phrase, true);
}

} // namespace ftadvisor
