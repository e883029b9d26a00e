#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
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
};

// A signal's value: the sum of the weights of the distinct phrases found and not negated.
struct SignalValue {
    std::string_view signal;
    double value = 0;
};

struct DescriptionReading {
    std::vector<SignalValue> signals; // every signal of the rules, in the order first named
    std::vector<PhraseMatch> matches; // in the order they stand in the description
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
    DescriptionReader(const std::vector<Lexicon>& lexicons, const Negation& negation);
    ~DescriptionReader();
    DescriptionReader(const DescriptionReader&) = delete;
    DescriptionReader& operator=(const DescriptionReader&) = delete;

    DescriptionReading read(std::string_view description) const;

    // The regular expression of a phrase (to be used case-insensitively): what the reader
    // finds, word boundaries apart, which it checks on code points.
    static std::string pattern(std::string_view phrase);

private:
    std::unique_ptr<DescriptionReaderImpl> m_impl;
};

} // namespace ftadvisor
