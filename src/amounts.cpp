#include "amounts.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace ftadvisor {
namespace {

constexpr double k_none = std::numeric_limits<double>::quiet_NaN();

// FNV-1a: words are compared by hash first, so that most comparisons that fail cost one test.
std::uint64_t hash_of(std::string_view word)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : word) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return hash;
}

// One word, figure or sign of a text, for reading amounts: its bytes, its lower-case form
// (a view into the text lowered), and the number of its clause (. ; ! ? and line breaks
// end a clause).
struct Tok {
    enum Kind : std::uint8_t { word, digits, sign };
    std::size_t start = 0;
    std::size_t end = 0;
    std::string_view low;
    Kind kind = word;
    double figure = 0; // a figure's value, its suffix ("k") applied
    std::uint32_t clause = 0;
    std::uint64_t hash = 0; // of `low`
};

constexpr bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether a byte continues a word: an ASCII letter or digit, an apostrophe, or a byte of a
// character beyond ASCII (letters of other scripts stay inside their word).
bool word_byte(char c)
{
    static constexpr std::array<bool, 256> k_word_bytes = [] {
        std::array<bool, 256> bytes{};
        for (int b = 0; b < 256; ++b) {
            const char ch = static_cast<char>(b);
            bytes[static_cast<std::size_t>(b)] = is_letter(ch) || is_digit(ch) || ch == '\'' || b >= 0x80;
        }
        return bytes;
    }();
    return k_word_bytes[static_cast<unsigned char>(c)];
}

// The length of a UTF-8 sign at `at` that reads as an ASCII one, and which: dashes as '-',
// currency symbols as '$', no-break and narrow no-break spaces as ' '. 0 if none.
std::size_t multibyte_sign(std::string_view text, std::size_t at, char& as)
{
    const std::string_view rest = text.substr(at);
    struct Sign {
        std::string_view bytes;
        char as;
    };
    static constexpr Sign k_signs[] = {{"\xE2\x80\x93", '-'}, {"\xE2\x80\x94", '-'}, {"\xE2\x82\xAC", '$'},
                                       {"\xC2\xA3", '$'},     {"\xC2\xA5", '$'},     {"\xC2\xA0", ' '},
                                       {"\xE2\x80\xAF", ' '}, {"\xE2\x80\x89", ' '}};
    for (const Sign& sign : k_signs) {
        if (rest.substr(0, sign.bytes.size()) == sign.bytes) {
            as = sign.as;
            return sign.bytes.size();
        }
    }
    return 0;
}

// A space between two groups of a figure ("3 400"): an ASCII or no-break space; its length.
std::size_t group_space(std::string_view text, std::size_t at)
{
    if (at < text.size() && text[at] == ' ') {
        return 1;
    }
    char as = 0;
    const std::size_t length = at < text.size() ? multibyte_sign(text, at, as) : 0;
    return as == ' ' ? length : 0;
}

// The value of a figure's digits; NaN when it is out of range (a figure of 400 digits).
double parse_double(std::string_view digits)
{
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size() && std::isfinite(value) ? value : k_none;
}

std::size_t digits_from(std::string_view text, std::size_t at)
{
    std::size_t end = at;
    while (end < text.size() && is_digit(text[end])) {
        ++end;
    }
    return end - at;
}

} // namespace

// Phrases of words, found by their first word with a binary search; a word may end with `*`
// (any ending), and a set may allow the common inflections of a last word (units: "tickets",
// "summaries", "patient's").
class PhraseSet {
public:
    struct Match {
        std::size_t length = 0; // in tokens; 0: none
        std::uint32_t payload = 0;
    };

    void add(const std::vector<std::string>& words, std::uint32_t payload)
    {
        if (words.empty()) {
            return;
        }
        // A word is compared by hash unless it is a wildcard or may be inflected (the last).
        std::vector<std::uint64_t> hashes;
        for (std::size_t k = 0; k < words.size(); ++k) {
            const bool by_hash = words[k].back() != '*' && !(m_inflected && k + 1 == words.size());
            hashes.push_back(by_hash ? hash_of(words[k]) : 0);
        }
        m_phrases.push_back(Phrase{words, std::move(hashes), payload});
        const auto index = static_cast<std::uint32_t>(m_phrases.size() - 1);
        if (words.front().back() == '*') {
            m_wild.push_back(index);
        } else {
            m_first.emplace_back(words.front(), index);
            m_pending.push_back(words.front());
        }
    }

    void finish()
    {
        std::sort(m_first.begin(), m_first.end());
        // Each first word's run of phrases in m_first, found by the word's hash.
        std::size_t size = 8;
        while (size < m_first.size() * 2) {
            size *= 2;
        }
        m_index.assign(size, Run{});
        m_mask = size - 1;
        for (std::size_t i = 0; i < m_first.size();) {
            std::size_t end = i + 1;
            while (end < m_first.size() && m_first[end].first == m_first[i].first) {
                ++end;
            }
            const std::uint64_t hash = hash_of(m_first[i].first);
            std::size_t at = hash & m_mask;
            while (m_index[at].end != 0) {
                at = (at + 1) & m_mask;
            }
            m_index[at] = Run{hash, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)};
            i = end;
        }
        // By first byte, the lengths first words have (a word read with an inflection may be
        // up to three bytes longer: "'s", "es", "ies" for "y").
        for (const std::string& word : m_pending) {
            const std::size_t spread = m_inflected ? 3 : 0;
            for (std::size_t extra = 0; extra <= spread; ++extra) {
                m_starts[static_cast<unsigned char>(word.front())] |= length_bit(word.size() + extra);
            }
        }
        m_pending.clear();
    }
    void set_inflected(bool inflected) { m_inflected = inflected; }
    bool empty() const { return m_phrases.empty(); }

    // The longest phrase that stands at token `at` within [at, limit) and the same clause.
    Match at(const std::vector<Tok>& toks, std::size_t at, std::size_t limit) const
    {
        Match best;
        if (at >= limit) {
            return best;
        }
        // `from`: the words already matched (the first, when found by its run).
        auto consider = [&](std::uint32_t index, std::size_t from) {
            const Phrase& phrase = m_phrases[index];
            if (phrase.words.size() <= best.length || at + phrase.words.size() > limit) {
                return;
            }
            for (std::size_t k = from; k < phrase.words.size(); ++k) {
                const Tok& tok = toks[at + k];
                if (tok.clause != toks[at].clause) {
                    return;
                }
                if (phrase.hashes[k] != 0
                        ? (tok.hash != phrase.hashes[k] || tok.low != phrase.words[k])
                        : !same(tok.low, phrase.words[k], m_inflected && k + 1 == phrase.words.size())) {
                    return;
                }
            }
            best = Match{phrase.words.size(), phrase.payload};
        };
        const std::string_view low = toks[at].low;
        const bool may_start =
            !low.empty() && (m_starts[static_cast<unsigned char>(low[0])] & length_bit(low.size())) != 0;
        if (may_start) {
            Forms all;
            forms(low, m_inflected, all);
            for (std::size_t f = 0; f < all.count; ++f) {
                if (const Run* run = run_of(all.items[f], f == 0 ? toks[at].hash : hash_of(all.items[f]))) {
                    for (std::uint32_t k = run->begin; k < run->end; ++k) {
                        consider(m_first[k].second, 1);
                    }
                }
            }
        }
        for (const std::uint32_t index : m_wild) {
            consider(index, 0);
        }
        return best;
    }

    // The longest phrase that ends just before token `end`, starting at or after `from`.
    Match ending_at(const std::vector<Tok>& toks, std::size_t from, std::size_t end, std::size_t& start) const
    {
        for (std::size_t s = from; s < end; ++s) {
            if (const Match m = at(toks, s, end); m.length > 0 && s + m.length == end) {
                start = s;
                return m;
            }
        }
        return {};
    }

    void words(std::vector<std::string>& out) const
    {
        for (const Phrase& phrase : m_phrases) {
            for (const std::string& word : phrase.words) {
                if (word.back() != '*') {
                    out.push_back(word);
                }
            }
        }
    }

private:
    struct Phrase {
        std::vector<std::string> words;
        std::vector<std::uint64_t> hashes; // of each word; 0 where it is not compared by hash
        std::uint32_t payload;
    };

    // The forms under which a word may be listed: itself, and with inflection its stem
    // without a possessive, -s, -es or -ies (for -y). Held without allocating.
    struct Forms {
        std::array<std::string_view, 5> items;
        std::size_t count = 0;
        std::array<char, 48> ies; // the -y stem of an -ies word (not cleared: only its start is read)
    };

    static void forms(std::string_view word, bool inflected, Forms& out)
    {
        out.count = 0;
        out.items[out.count++] = word;
        if (!inflected) {
            return;
        }
        if (word.size() > 2 && (word.ends_with("'s") || word.ends_with("s'"))) {
            word.remove_suffix(word.back() == '\'' ? 1 : 2);
            out.items[out.count++] = word;
        }
        if (word.size() > 3 && word.size() < out.ies.size() && word.ends_with("ies")) {
            const std::size_t stem = word.size() - 3;
            std::copy(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(stem), out.ies.begin());
            out.ies[stem] = 'y';
            out.items[out.count++] = std::string_view(out.ies.data(), stem + 1);
        }
        if (word.size() > 2 && word.ends_with("es")) {
            out.items[out.count++] = word.substr(0, word.size() - 2);
        }
        if (word.size() > 1 && word.back() == 's') {
            out.items[out.count++] = word.substr(0, word.size() - 1);
        }
    }

    static bool same(std::string_view word, std::string_view listed, bool inflected)
    {
        if (listed.back() == '*') {
            return word.size() >= listed.size() - 1 &&
                   word.substr(0, listed.size() - 1) == listed.substr(0, listed.size() - 1);
        }
        if (word == listed) {
            return true;
        }
        if (!inflected) {
            return false;
        }
        Forms all;
        forms(word, true, all);
        for (std::size_t f = 1; f < all.count; ++f) {
            if (all.items[f] == listed) {
                return true;
            }
        }
        return false;
    }

    std::vector<Phrase> m_phrases;
    std::vector<std::pair<std::string, std::uint32_t>> m_first; // sorted by word

    // The phrases of m_first with one first word: [begin, end), and the word's hash. end 0
    // marks an empty place of m_index.
    struct Run {
        std::uint64_t hash = 0;
        std::uint32_t begin = 0;
        std::uint32_t end = 0;
    };
    std::vector<Run> m_index; // open addressing, by hash
    std::size_t m_mask = 0;

    const Run* run_of(std::string_view word, std::uint64_t hash) const
    {
        if (m_index.empty()) {
            return nullptr;
        }
        for (std::size_t at = hash & m_mask; m_index[at].end != 0; at = (at + 1) & m_mask) {
            const Run& run = m_index[at];
            if (run.hash == hash && m_first[run.begin].first == word) {
                return &run;
            }
        }
        return nullptr;
    }
    std::vector<std::uint32_t> m_wild;
    static std::uint32_t length_bit(std::size_t length)
    {
        return std::uint32_t{1} << std::min<std::size_t>(length, 31);
    }

    std::vector<std::string> m_pending;        // first words not yet in m_starts
    std::array<std::uint32_t, 256> m_starts{}; // [c] bit n: a first word (not a wildcard) of c, n bytes
    bool m_inflected = false;
};

class AmountReaderImpl {
public:
    AmountReaderImpl(const std::vector<NumberWords>& numbers, const std::vector<AmountRule>& amounts) : m_rules(amounts)
    {
        for (const NumberWords& n : numbers) {
            for (const auto& [phrase, value] : n.words) {
                numberish(phrase).word = value;
            }
            for (const auto& [phrase, value] : n.scales) {
                numberish(phrase).scale = value;
            }
            for (const auto& [phrase, value] : n.fractions) {
                numberish(phrase).fraction = value;
            }
            for (const auto& [suffix, value] : n.suffixes) {
                m_suffixes.emplace_back(text::ascii_lower(suffix), value);
            }
            add_all(m_percent, n.percent, 0);
            add_all(m_qualifiers, n.approximate, approximate);
            add_all(m_qualifiers, n.at_least, approximate);
            add_all(m_qualifiers, n.at_most, approximate);
            add_all(m_qualifiers, n.more_than, more_than);
            add_all(m_qualifiers, n.less_than, less_than);
            add_all(m_between, n.between, 0);
            add_all(m_range, n.range, 0);
            add_all(m_fillers, n.fillers, 0);
        }
        for (std::size_t i = 0; i < m_numberish.size(); ++i) {
            m_number_words.add(words_of(m_numberish[i].phrase), static_cast<std::uint32_t>(i));
        }
        m_number_words.finish();
        for (const AmountRule& rule : amounts) {
            RuleSets sets;
            sets.units.set_inflected(true); // before the words, which finish() files by length
            add_all(sets.units, rule.units, 1);
            add_all(sets.units, rule.refer, 2);
            add_all(sets.checked, rule.checked, 0);
            add_all(sets.cues, rule.cues, 0);
            add_all(sets.exclude, rule.exclude, 0);
            add_all(sets.exclude_before, rule.exclude_before, 0);
            sets.not_units.set_inflected(true);
            add_all(sets.not_units, rule.not_units, 0);
            add_all(sets.stops, rule.stops, 0);
            m_sets.push_back(std::move(sets));
        }
    }

    bool empty() const { return m_rules.empty(); }

    std::optional<double> figure(std::string_view text, bool percent) const
    {
        std::size_t from = 0;
        while (from < text.size() && (text[from] == ' ' || text[from] == '\t')) {
            ++from;
        }
        const bool negative = from < text.size() && text[from] == '-';
        text.remove_prefix(negative ? from + 1 : from);
        const std::string lowered = text::ascii_lower(text);
        std::vector<Tok> toks;
        tokenize(text, lowered, toks);
        for (std::size_t i = 0; i < toks.size(); ++i) {
            if (std::optional<Figure> found = read_figure(toks, i)) {
                if (found->first != 0 || found->end != toks.size() || (found->percent && !percent)) {
                    return std::nullopt;
                }
                return negative ? -found->value : found->value;
            }
        }
        return std::nullopt;
    }

    void read(std::string_view text, std::vector<AmountFound>& found) const
    {
        found.clear();
        if (m_rules.empty()) {
            return;
        }
        // Scratch space kept by each thread, so that a text costs no allocation here.
        thread_local std::string lowered;
        thread_local std::vector<Tok> toks;
        thread_local std::vector<Figure> figures;
        lowered.assign(text);
        for (char& c : lowered) {
            c = text::ascii_lower(c);
        }
        tokenize(text, lowered, toks);
        figures.clear();
        for (std::size_t i = 0; i < toks.size();) {
            if (std::optional<Figure> figure = read_figure(toks, i)) {
                i = figure->end;
                figures.push_back(*figure);
            } else {
                ++i;
            }
        }
        for (std::size_t r = 0; r < m_rules.size(); ++r) {
            std::optional<std::size_t> last_unit; // of this rule's counts, for "600 of them"
            for (std::size_t f = 0; f < figures.size(); ++f) {
                const std::size_t next = f + 1 < figures.size() ? figures[f + 1].first : toks.size();
                if (m_rules[r].kind == AmountRule::Kind::count) {
                    count(toks, figures[f], next, r, last_unit, found);
                } else {
                    percent(toks, figures[f], r, found);
                }
            }
        }
        std::sort(found.begin(), found.end(), [](const AmountFound& a, const AmountFound& b) {
            return a.start != b.start ? a.start < b.start : a.rule < b.rule;
        });
    }

    // The longest word of each number word's phrase: a text with none of them and no digit
    // holds no amount.
    std::vector<std::string> telling_words() const
    {
        std::vector<std::string> out;
        for (const Numberish& n : m_numberish) {
            const std::vector<std::string> words = words_of(n.phrase);
            if (!words.empty()) {
                out.push_back(*std::max_element(words.begin(), words.end(),
                                                [](const auto& a, const auto& b) { return a.size() < b.size(); }));
            }
        }
        return out;
    }

    std::vector<std::string> words() const
    {
        std::vector<std::string> out;
        m_number_words.words(out);
        for (const PhraseSet* set : {&m_percent, &m_qualifiers, &m_between, &m_range, &m_fillers}) {
            set->words(out);
        }
        for (const RuleSets& sets : m_sets) {
            for (const PhraseSet* set : {&sets.units, &sets.checked, &sets.cues, &sets.exclude, &sets.exclude_before,
                                         &sets.not_units, &sets.stops}) {
                set->words(out);
            }
        }
        return out;
    }

private:
    enum Qualifier : std::uint32_t { approximate = 1, more_than, less_than };

    // A number word's values: as a number ("six"), as a scale ("thousand"), as a fraction
    // ("a fifth"); NaN where it is not one.
    struct Numberish {
        std::string phrase;
        double word = k_none;
        double scale = k_none;
        double fraction = k_none;
    };

    struct RuleSets {
        PhraseSet units; // payload 1: a unit, 2: words that refer back ("of them")
        PhraseSet checked;
        PhraseSet cues;
        PhraseSet exclude;
        PhraseSet exclude_before;
        PhraseSet not_units;
        PhraseSet stops;
    };

    // A figure as written: its tokens [first, end) with the qualifier and range, the value
    // the answer takes and the figures' low and high.
    struct Figure {
        std::size_t first = 0;
        std::size_t end = 0;
        std::size_t number_end = 0; // after the (last) number, before any percent sign
        double value = 0;
        double low = 0;
        double high = 0;
        bool percent = false;
    };

    Numberish& numberish(const std::string& phrase)
    {
        const std::string low = text::ascii_lower(phrase);
        for (Numberish& n : m_numberish) {
            if (n.phrase == low) {
                return n;
            }
        }
        return m_numberish.emplace_back(Numberish{low});
    }

    // A phrase's words as the tokenizer reads them.
    static std::vector<std::string> words_of(std::string_view phrase)
    {
        const std::string lowered = text::ascii_lower(phrase);
        std::vector<std::string> out;
        std::vector<Tok> toks;
        tokenize(phrase, lowered, toks);
        for (const Tok& tok : toks) {
            out.emplace_back(tok.low);
        }
        if (!phrase.empty() && phrase.back() == '*' && !out.empty()) {
            out.back() += '*';
        }
        return out;
    }

    static void add_all(PhraseSet& set, const std::vector<std::string>& phrases, std::uint32_t payload)
    {
        for (const std::string& phrase : phrases) {
            set.add(words_of(phrase), payload);
        }
        set.finish();
    }

    // The text's words, figures and signs. A '.' that a space and a lower-case letter or a
    // digit follow ("approx. 500") does not end a clause; one inside a figure is its decimal
    // point. A figure right after a word and a hyphen ("ICD-10", "GPT-4") is part of a name.
    // Long on purpose: one pass over the text, a case for each kind of byte; split, the cases would be read apart.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    static void tokenize(std::string_view text, std::string_view lowered, std::vector<Tok>& toks)
    {
        // What each byte may begin: 1 a figure, 2 a word (or a sign beyond ASCII), 3 the end
        // of a clause, 4 a sign, 0 nothing.
        static constexpr std::array<std::uint8_t, 256> k_begins = [] {
            std::array<std::uint8_t, 256> begins{};
            for (int b = 0; b < 256; ++b) {
                const char c = static_cast<char>(b);
                begins[static_cast<std::size_t>(b)] =
                    is_digit(c)                                                                    ? 1
                    : (is_letter(c) || c == '\'' || b >= 0x80)                                     ? 2
                    : (c == '.' || c == ';' || c == '!' || c == '?' || c == '\n' || c == '\r')     ? 3
                    : std::string_view("%~$+-/,&:").find(c) != std::string_view::npos && c != '\0' ? 4
                                                                                                   : 0;
            }
            return begins;
        }();
        toks.clear();
        std::uint32_t clause = 0;
        std::size_t i = 0;
        const std::size_t n = text.size();
        while (i < n) {
            const char c = text[i];
            switch (k_begins[static_cast<unsigned char>(c)]) {
            case 1:
                i = figure_token(text, lowered, i, clause, toks);
                continue;
            case 2: {
                char as = 0;
                if (const std::size_t length =
                        (static_cast<unsigned char>(c) & 0x80) != 0 ? multibyte_sign(text, i, as) : 0;
                    length > 0) {
                    if (as != ' ') {
                        toks.push_back(Tok{i, i + length, as == '-' ? "-" : "$", Tok::sign, 0, clause});
                    }
                    i += length;
                    continue;
                }
                std::size_t end = i;
                while (end < n && word_byte(text[end]) &&
                       ((static_cast<unsigned char>(text[end]) & 0x80) == 0 || multibyte_sign(text, end, as) == 0)) {
                    ++end;
                }
                toks.push_back(Tok{i, end, lowered.substr(i, end - i), Tok::word, 0, clause});
                i = end;
                continue;
            }
            case 3: {
                const bool continues = c == '.' && i + 2 < n && text[i + 1] == ' ' &&
                                       ((text[i + 2] >= 'a' && text[i + 2] <= 'z') || is_digit(text[i + 2]));
                clause += continues ? 0 : 1;
                break;
            }
            case 4:
                toks.push_back(Tok{i, i + 1, lowered.substr(i, 1), Tok::sign, 0, clause});
                break;
            default:
                break;
            }
            ++i;
        }
        for (Tok& tok : toks) {
            tok.hash = hash_of(tok.low);
        }
    }

    // Reads the figure at `i` ("3,400", "3 400", "7.5", "15k"); returns where it ends.
    static std::size_t figure_token(std::string_view text, std::string_view lowered, std::size_t i,
                                    std::uint32_t clause, std::vector<Tok>& toks)
    {
        const std::size_t n = text.size();
        std::string digits;
        std::size_t end = i + digits_from(text, i);
        digits.append(text.substr(i, end - i));
        bool grouped = false;
        // Thousands: ",ddd" groups, or " ddd" groups after a first group of at most three digits.
        while (end + 3 < n + 1 && end < n && text[end] == ',' && digits_from(text, end + 1) == 3) {
            digits.append(text.substr(end + 1, 3));
            end += 4;
            grouped = true;
        }
        if (!grouped && end - i <= 3) {
            for (std::size_t space = group_space(text, end); space > 0 && digits_from(text, end + space) == 3;
                 space = group_space(text, end)) {
                digits.append(text.substr(end + space, 3));
                end += space + 3;
            }
        }
        if (end + 1 < n && text[end] == '.' && is_digit(text[end + 1])) {
            const std::size_t fraction = digits_from(text, end + 1);
            digits += '.';
            digits.append(text.substr(end + 1, fraction));
            end += 1 + fraction;
        }
        // Letters against the digits ("15k", "2nd") are a word of their own, which the reader
        // takes for a suffix or for a sign that this is no amount.
        std::size_t letters = end;
        while (letters < n && (is_letter(text[letters]) || is_digit(text[letters]))) {
            ++letters;
        }
        const bool named = i >= 2 && text[i - 1] == '-' && is_letter(text[i - 2]);
        const double value = parse_double(digits);
        toks.push_back(Tok{i, end, lowered.substr(i, end - i), named || std::isnan(value) ? Tok::word : Tok::digits,
                           value, clause});
        if (letters > end) {
            toks.push_back(Tok{end, letters, lowered.substr(end, letters - end), Tok::word, 0, clause});
        }
        return letters;
    }

    // The suffix's multiplier, or NaN.
    double suffix_value(std::string_view suffix) const
    {
        for (const auto& [name, value] : m_suffixes) {
            if (name == suffix) {
                return value;
            }
        }
        return k_none;
    }

    // A number at token `i`: a figure, number words, or a fraction; [i, end) and its value.
    // Long on purpose: the grammar of number words (scales, fillers, fractions) in one place, as its tests read it.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    std::optional<Figure> number_at(const std::vector<Tok>& toks, std::size_t i) const
    {
        const std::size_t n = toks.size();
        if (toks[i].kind == Tok::digits) {
            double value = toks[i].figure;
            std::size_t end = i + 1;
            if (end < n && toks[end].kind == Tok::word && toks[end].start == toks[i].end) {
                const double suffix = suffix_value(toks[end].low); // "15k": the letters were split off
                if (std::isnan(suffix)) {
                    return std::nullopt;
                }
                value *= suffix;
                ++end;
            }
            while (end < n) {
                const PhraseSet::Match m = m_number_words.at(toks, end, n);
                if (m.length == 0 || std::isnan(m_numberish[m.payload].scale)) {
                    break;
                }
                value *= m_numberish[m.payload].scale;
                end += m.length;
            }
            if (!std::isfinite(value)) {
                return std::nullopt;
            }
            return Figure{i, end, end, value, value, value, false};
        }
        double total = 0;
        double current = 0;
        bool any = false;
        std::size_t end = i;
        while (end < n) {
            const PhraseSet::Match m = m_number_words.at(toks, end, n);
            if (m.length == 0) {
                // A filler between two number words ("one hundred and fifty", "forty-two").
                const PhraseSet::Match filler = any ? m_fillers.at(toks, end, n) : PhraseSet::Match{};
                const std::size_t after = end + filler.length;
                if (filler.length > 0 && after < n && m_number_words.at(toks, after, n).length > 0 &&
                    !std::isnan(word_or_scale(m_number_words.at(toks, after, n)))) {
                    end = after;
                    continue;
                }
                if (any && toks[end].low == "-" && end + 1 < n && m_number_words.at(toks, end + 1, n).length > 0) {
                    ++end;
                    continue;
                }
                break;
            }
            const Numberish& word = m_numberish[m.payload];
            const bool as_scale = !std::isnan(word.scale) && (any || std::isnan(word.word));
            if (as_scale) {
                current = (current == 0 ? 1 : current) * word.scale;
                if (word.scale >= 1000) {
                    total += current;
                    current = 0;
                }
            } else if (!std::isnan(word.word)) {
                current += word.word;
            } else {
                if (!any) { // a fraction ("a fifth"): a percentage of its own
                    return Figure{i, end + m.length, end + m.length, word.fraction, word.fraction, word.fraction, true};
                }
                break;
            }
            any = true;
            end += m.length;
        }
        if (!any) {
            return std::nullopt;
        }
        const double value = total + current;
        if (!std::isfinite(value)) {
            return std::nullopt; // "a million million million ..." past what a double holds
        }
        return Figure{i, end, end, value, value, value, false};
    }

    double word_or_scale(const PhraseSet::Match& m) const
    {
        const Numberish& word = m_numberish[m.payload];
        return !std::isnan(word.word) ? word.word : word.scale;
    }

    // A number with what goes with it: a qualifier before it ("about", "over"), a range it
    // begins ("5-8%", "between 5 and 8%"), a percent sign or word after it.
    std::optional<Figure> read_figure(const std::vector<Tok>& toks, std::size_t i) const
    {
        std::optional<Figure> first = number_at(toks, i);
        if (!first) {
            return std::nullopt;
        }
        const std::size_t n = toks.size();
        Figure figure = *first;
        std::size_t end = figure.end;
        const auto percent_at = [&](std::size_t at) { return m_percent.at(toks, at, n).length; };
        if (const std::size_t p = percent_at(end); p > 0) {
            figure.percent = true;
            end += p;
        }
        // The qualifier before it, and a `between` that opens a range.
        std::size_t start = i;
        std::size_t qualifier_start = i;
        bool between = false;
        if (std::size_t s = 0; m_between.ending_at(toks, i >= 1 ? i - 1 : i, i, s).length > 0) {
            between = true;
            start = s;
            qualifier_start = s;
        }
        std::size_t q_start = 0;
        const PhraseSet::Match qualifier =
            m_qualifiers.ending_at(toks, qualifier_start >= 3 ? qualifier_start - 3 : 0, qualifier_start, q_start);
        if (qualifier.length > 0 && toks[q_start].clause == toks[i].clause) {
            start = q_start;
        }
        // A range: "5-8%", "5 to 8 percent", "between 5 and 8%", "2,000-3,000".
        if (const PhraseSet::Match joiner = m_range.at(toks, end, n);
            joiner.length > 0 && (between || toks[end].low != "and")) {
            if (std::optional<Figure> second =
                    end + joiner.length < n ? number_at(toks, end + joiner.length) : std::nullopt) {
                std::size_t second_end = second->end;
                const std::size_t p = percent_at(second_end);
                if (p > 0 || !figure.percent) {
                    figure.percent = figure.percent || p > 0 || second->percent;
                    figure.low = std::min(figure.value, second->value);
                    figure.high = std::max(figure.value, second->value);
                    figure.value = figure.low;
                    end = second_end + p;
                    figure.number_end = second_end;
                }
            }
        }
        if (end < n && toks[end].low == "+" && toks[end].start == toks[end - 1].end) {
            ++end; // "500+": at least 500
        }
        figure.first = start;
        figure.end = end;
        if (qualifier.length > 0 && toks[q_start].clause == toks[i].clause) {
            const double step = qualifier.payload == more_than ? 1 : qualifier.payload == less_than ? -1 : 0;
            figure.value += step;
        }
        return figure;
    }

    bool has_money_sign(const std::vector<Tok>& toks, const Figure& figure) const
    {
        for (std::size_t k = figure.first; k < figure.end; ++k) {
            if (toks[k].low == "$") {
                return true;
            }
        }
        return figure.first > 0 && toks[figure.first - 1].low == "$";
    }

    // A checked word near a count: within two words before the figure, or after it up to the
    // next figure in the clause (but not one that stands just before that figure, whose verb it
    // is: "40 auditors reviewed 2,000 reports"). Its end, or 0.
    std::size_t checked_near(const std::vector<Tok>& toks, const Figure& figure, std::size_t next,
                             const PhraseSet& checked) const
    {
        const std::size_t n = toks.size();
        const std::uint32_t clause = toks[figure.number_end - 1].clause;
        std::size_t from = figure.first;
        while (from > 0 && figure.first - from < 2 && toks[from - 1].clause == clause) {
            --from;
        }
        for (std::size_t k = from; k < next && k < n && toks[k].clause == clause; ++k) {
            if (k >= figure.first && k < figure.end) {
                continue;
            }
            if (const PhraseSet::Match m = checked.at(toks, k, n); m.length > 0) {
                const std::size_t after = k + m.length;
                const bool verb_of_next = next < n && next <= after + 2 && toks[next].clause == clause;
                return verb_of_next ? 0 : after;
            }
        }
        return 0;
    }

    // A count: the rule's unit within `reach` words after the figure, in the same clause
    // ("40k labelled summaries"), or words that refer to the units of the count before ("600 of
    // them", "of which 15k were validated"), or a unit just before it ("Resolved tickets: about
    // 1,900"); or, when a checked word stands near it, whatever items the next word names
    // ("annotated 2,400 leases"). A word of `not_units` ("years", "branches") as the head
    // of the words after the figure means it counts something else. No exclusion may follow
    // the unit ("a day").
    void count(const std::vector<Tok>& toks, const Figure& figure, std::size_t next, std::size_t r,
               std::optional<std::size_t>& last_unit, std::vector<AmountFound>& found) const
    {
        if (figure.percent || has_money_sign(toks, figure)) {
            return;
        }
        // Whole numbers only; a figure read as a fraction of one ("2.5 tickets") is not a count.
        if (figure.value < 0 || std::floor(figure.value) != figure.value) {
            return;
        }
        const RuleSets& sets = m_sets[r];
        const std::size_t n = toks.size();
        const auto reach = static_cast<std::size_t>(std::max(m_rules[r].reach, 0));
        const std::uint32_t clause = toks[figure.number_end - 1].clause;
        const std::size_t checked_end = checked_near(toks, figure, next, sets.checked);
        std::size_t unit_end = 0;
        std::size_t first_word = 0; // the first word after the figure that is not a checked word
        std::size_t words = 0;
        for (std::size_t k = figure.end; k < n && k < next && words <= reach; ++k) {
            if (toks[k].clause != clause || toks[k].kind == Tok::digits) {
                break;
            }
            if (toks[k].kind == Tok::sign) {
                continue;
            }
            ++words;
            if (const PhraseSet::Match m = sets.units.at(toks, k, n); m.length > 0 && (m.payload == 1 || last_unit)) {
                unit_end = k + m.length;
                break;
            }
            if (sets.stops.at(toks, k, n).length > 0) {
                break; // "two for a quiz": what follows is not what the figure counts
            }
            if (first_word != 0 || sets.checked.at(toks, k, n).length > 0 || m_fillers.at(toks, k, n).length > 0) {
                continue;
            }
            // The first word that is neither checked nor a filler: what the figure counts.
            if (sets.not_units.at(toks, k, n).length > 0 &&
                (k + 1 >= n || toks[k + 1].kind != Tok::word || sets.units.at(toks, k + 1, n).length == 0)) {
                return; // "ten years of reports", "25 branches"
            }
            first_word = k + 1;
        }
        if (unit_end == 0 && figure.first >= 2 && toks[figure.first - 1].low == ":") {
            // A unit just before a colon: "Resolved tickets: about 1,900".
            for (std::size_t k = figure.first - 1; k-- > 0 && figure.first - k <= 4 && toks[k].clause == clause;) {
                if (const PhraseSet::Match m = sets.units.at(toks, k, n); m.length > 0 && m.payload == 1) {
                    unit_end = figure.end;
                    break;
                }
            }
        }
        if (unit_end == 0 && checked_end > 0 && first_word > 0) {
            unit_end = first_word; // checked items of any kind
        }
        if (unit_end == 0 || sets.exclude.at(toks, unit_end, n).length > 0) {
            return;
        }
        last_unit = unit_end;
        const bool checked = checked_end > 0;
        const std::size_t end = std::max(unit_end, checked_end);
        found.push_back(AmountFound{static_cast<std::uint32_t>(r), figure.value, figure.low, figure.high, checked,
                                    toks[figure.first].start, toks[end - 1].end});
    }

    // A percentage: a cue within `reach` words before or after it in the same clause, and no
    // exclusion right after it ("of our users", "discount") or just before it ("a discount of").
    void percent(const std::vector<Tok>& toks, const Figure& figure, std::size_t r,
                 std::vector<AmountFound>& found) const
    {
        if (!figure.percent) {
            return;
        }
        const RuleSets& sets = m_sets[r];
        const std::size_t n = toks.size();
        if (sets.exclude.at(toks, figure.end, n).length > 0) {
            return;
        }
        std::size_t s = 0;
        if (sets.exclude_before.ending_at(toks, figure.first >= 3 ? figure.first - 3 : 0, figure.first, s).length > 0) {
            return;
        }
        const auto reach = static_cast<std::size_t>(std::max(m_rules[r].reach, 0));
        const std::uint32_t clause = toks[figure.first].clause;
        std::size_t start = figure.first;
        std::size_t end = figure.end;
        bool cue = false;
        // A cue beyond another figure, or before a comma, is most often another figure's ("30%
        // fewer errors, between 5 and 8%").
        bool after_open = true;
        bool before_open = true;
        for (std::size_t d = 0; d <= reach && !cue; ++d) {
            if (const std::size_t k = figure.end + d; after_open && k < n && toks[k].kind == Tok::digits) {
                after_open = false;
            }
            if (const std::size_t k = figure.end + d; after_open && k < n && toks[k].clause == clause) {
                if (const PhraseSet::Match m = sets.cues.at(toks, k, n); m.length > 0) {
                    cue = true;
                    end = k + m.length;
                    break;
                }
            }
            if (d >= 1 && figure.first >= d &&
                (toks[figure.first - d].kind == Tok::digits || toks[figure.first - d].low == ",")) {
                before_open = false; // a cue before a comma is most often the previous figure's
            }
            if (before_open && d >= 1 && figure.first >= d && toks[figure.first - d].clause == clause) {
                const std::size_t k = figure.first - d;
                if (const PhraseSet::Match m = sets.cues.at(toks, k, n); m.length > 0) {
                    cue = true;
                    start = k;
                }
            }
        }
        if (!cue) {
            return;
        }
        found.push_back(AmountFound{static_cast<std::uint32_t>(r), figure.value, figure.low, figure.high, false,
                                    toks[start].start, toks[end - 1].end});
    }

    std::vector<AmountRule> m_rules;
    std::vector<RuleSets> m_sets;
    std::vector<Numberish> m_numberish;
    PhraseSet m_number_words; // payload: index into m_numberish
    std::vector<std::pair<std::string, double>> m_suffixes;
    PhraseSet m_percent;
    PhraseSet m_qualifiers; // payload: Qualifier
    PhraseSet m_between;
    PhraseSet m_range;
    PhraseSet m_fillers;
};

AmountReader::AmountReader(const std::vector<NumberWords>& numbers, const std::vector<AmountRule>& amounts)
    : m_impl(std::make_unique<AmountReaderImpl>(numbers, amounts))
{
}

AmountReader::~AmountReader() = default;

bool AmountReader::empty() const
{
    return m_impl->empty();
}

void AmountReader::read(std::string_view text, std::vector<AmountFound>& found) const
{
    m_impl->read(text, found);
}

std::optional<double> AmountReader::figure(std::string_view text, bool percent) const
{
    return m_impl->figure(text, percent);
}

std::vector<std::string> AmountReader::telling_words() const
{
    return m_impl->telling_words();
}

std::vector<std::string> AmountReader::words() const
{
    return m_impl->words();
}

} // namespace ftadvisor
