#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftadvisor {

// A list of phrases that feed one signal, from the rules' `lexicons`. Several lexicons may
// feed the same signal, so that a team adds phrases in a lexicon of its own.
struct Lexicon {
    struct Phrase {
        std::string text; // words as a person writes them; `*` ends a word with any letters
        double weight = 1;
    };
    std::string id;
    std::string signal;
    std::vector<Phrase> phrases;
    // Where a negated phrase's weight goes instead ("we do not need live data" says the data
    // is not live); empty: a negated phrase counts nowhere.
    std::string negated_signal;
};

// How numbers are written, from the rules' `numbers`: figures ("3,400", "7.5k"), words ("six
// thousand two hundred", "a few hundred"), percentages and the words that qualify a figure.
// Several entries may be given (one per language, say); the reader uses them all. Phrases are
// words as a person writes them, matched case-insensitively.
struct NumberWords {
    using Valued = std::vector<std::pair<std::string, double>>;
    std::string id;
    Valued words;                         // "six": 6, "a few": 3, "hundreds": 200: the value they stand for
    Valued scales;                        // "hundred": 100: multiplies the number before it
    Valued suffixes;                      // "k": 1000, written against a figure ("15k")
    Valued fractions;                     // "a fifth": 20, a percentage of its own
    std::vector<std::string> percent;     // "%", "percent", "points": the figure is a percentage
    std::vector<std::string> approximate; // "about", "~": the figure as written
    std::vector<std::string> at_least;    // "at least": the figure as written
    std::vector<std::string> at_most;     // "up to": the figure as written
    std::vector<std::string> more_than;   // "over": one unit above the figure
    std::vector<std::string> less_than;   // "under": one unit below the figure
    std::vector<std::string> between;     // "between", "from": a range follows
    std::vector<std::string> range;       // "to", "and", "-": joins a range's two figures
    std::vector<std::string> fillers;     // "and", "of": may stand between number words
};

// An amount a description may state, from the rules' `amounts`: a count of things (`units`
// after the figure) or a percentage (a `cue` in the same clause). The amount read becomes the
// value of its signal; without one the signal is unknown.
struct AmountRule {
    enum class Kind { count, percent };
    std::string id;
    std::string signal;
    Kind kind = Kind::count;
    std::vector<std::string> units;   // count: a noun that must follow the figure ("ticket")
    std::vector<std::string> refer;   // count: words that count the units named before ("of them")
    std::vector<std::string> checked; // near the figure, they mark it checked ("reviewed"); a checked amount wins
    std::vector<std::string> cues;    // percent: a phrase that must stand in the clause ("improve")
    std::vector<std::string> exclude; // right after the figure or its unit: something else ("of", "a day")
    std::vector<std::string> exclude_before; // percent: just before the figure ("a discount of")
    std::vector<std::string> not_units;      // count: what a figure counts when not examples ("years")
    std::vector<std::string> stops;          // count: words that end the search for a unit ("for")
    int reach = 4;                           // words allowed between the figure and its unit, or its cue
};

// Misspellings read as the word meant: a word of at least `min_length` letters, one edit
// (a letter added, dropped, changed or two swapped) from a word the rules list and not
// itself in `keep` (real words that are one edit from a listed one).
struct Spelling {
    std::size_t min_length = 0; // 0: no correction
    std::vector<std::string> keep;
};

// How a phrase is found not to count: words that negate it when they stand shortly before
// it (`before`) or after it (`after`) in the same clause, phrases that look like a negation
// but are not (`pseudo`: "not only"), and words that end a negation's reach (`terminators`:
// "but"). The reach is `window` words; a sentence or clause mark (. ; ! ? or a line break)
// always ends it. This follows NegEx (Chapman et al., 2001).
struct Negation {
    std::vector<std::string> before;
    std::vector<std::string> after;
    std::vector<std::string> pseudo;
    std::vector<std::string> terminators;
    int window = 5;
};

// One place where a phrase of a lexicon was found.
struct PhraseMatch {
    std::string_view signal; // the lexicon's, in the rules
    std::string_view lexicon;
    std::string_view phrase;
    std::string text;      // the words as the description writes them
    std::size_t start = 0; // byte offsets into the description (UTF-8)
    std::size_t end = 0;
    double weight = 0;
    std::string negated_by; // the negating words as written; empty when the match counts
    // For an amount (`amounts` in the rules): the value read, the figures as written (low and
    // high differ for a range), whether it was checked, and whether it is the one that
    // answers (of several amounts of one signal, a checked one, else the first).
    bool amount = false;
    double value = 0;
    double low = 0;
    double high = 0;
    bool checked = false;
    bool chosen = true;
    // The words as the rules spell them where the description misspelled one ("prodution").
    std::string read_as;

    // The signal it adds to: its own; when negated, its lexicon's negated_signal or none; an
    // amount not chosen, none.
    std::string_view feeds;

    // Whether it adds to its own signal: not negated, and chosen among amounts.
    bool counts() const { return negated_by.empty() && chosen; }
};

// A signal's value: the sum of the weights of the distinct phrases found and not negated.
struct SignalValue {
    std::string_view signal;
    double value = 0;
    bool known = true; // an amount's signal is unknown when no amount was read
};

// What a description's matches list, so that a description of a million hits costs what
// their count costs, not a match each: the most spellings of one phrase (plainly, and once
// negated; "real-time", "realtime"), and the most amounts of one signal besides the one that
// answers.
inline constexpr std::size_t k_most_spellings_listed = 4;
inline constexpr std::size_t k_most_amounts_listed = 16;

struct DescriptionReading {
    std::vector<SignalValue> signals; // every signal of the rules, in the order first named
    // In the order they stand in the description: the first place of each spelling of a
    // phrase (up to k_most_spellings_listed, plainly and once negated), and of each signal's
    // amounts the one that answers and at most k_most_amounts_listed others, the first ones.
    // Signals are read from every place all the same.
    std::vector<PhraseMatch> matches;
    std::size_t unlisted = 0; // places found but not listed as matches: repeats, amounts past the most
};

class DescriptionReaderImpl;

// Reads descriptions with a set of lexicons, all phrases at once: the phrases written in
// ASCII are one trie, run from each place a word may start, so the cost grows with the
// text and not with the number of phrases; phrases with other letters are found with RE2
// (RE2::Set, then each one found is located). Matching is case-insensitive (ASCII letters
// for an ASCII phrase, Unicode case folding for the others), on word boundaries that count
// letters of every script (punctuation, symbols and emoji are not letters), and allows the
// common inflections of a phrase's last word (-s, -es, -ies for -y, a possessive). Invalid
// UTF-8 in a description is read as separators, never as part of a word. Safe to use from
// several threads at once. It keeps its own copy of the lexicons.
class DescriptionReader {
public:
    DescriptionReader(const std::vector<Lexicon>& lexicons, const Negation& negation,
                      const std::vector<NumberWords>& numbers = {}, const std::vector<AmountRule>& amounts = {},
                      const Spelling& spelling = {});
    ~DescriptionReader();
    DescriptionReader(const DescriptionReader&) = delete;
    DescriptionReader& operator=(const DescriptionReader&) = delete;

    DescriptionReading read(std::string_view description) const;

    // The value of a typed answer that is one figure, read as the description's amounts are
    // ("2,400", "1.2k", "twelve hundred", "30%" when `percent`); nothing if it is not one.
    std::optional<double> figure(std::string_view text, bool percent) const;

    // The regular expression of a phrase (to be used case-insensitively): what the reader
    // finds, word boundaries apart, which it checks on code points.
    static std::string pattern(std::string_view phrase);

private:
    std::unique_ptr<DescriptionReaderImpl> m_impl;
};

} // namespace ftadvisor
