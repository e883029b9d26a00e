#pragma once

#include "ftadvisor/lexicon.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace ftadvisor {

// A text with its misspelled words replaced by the words meant, and where each of its bytes
// came from in the original (one more entry than bytes, for ends).
struct Corrected {
    std::string text;
    std::vector<std::size_t> origin;

    // The original's offset of a byte offset into `text`.
    std::size_t original(std::size_t at) const { return origin[at]; }
};

// Reads a misspelled word as the listed word it most likely means: a word of ASCII letters,
// not itself listed nor among `keep`, that is one edit (a letter added, dropped or changed, or
// two letters swapped, the first letter kept) from exactly one listed word of at least
// `min_length` letters. Inflected forms of listed words (-s, -es, -ies, a possessive) are not
// misspellings.
class Speller {
public:
    Speller(const Spelling& spelling, const std::vector<std::string_view>& listed);
    Speller(const Speller&) = delete; // m_words points into m_known
    Speller& operator=(const Speller&) = delete;

    bool empty() const { return m_min_length == 0 || m_words.empty(); }

    // Whether any word of `text` was corrected; then `out` holds the corrected text.
    bool correct(std::string_view text, Corrected& out) const;

    // The listed word `word` (lower case) is one edit from, or empty.
    std::string_view meant(std::string_view word) const;

private:
    static std::uint64_t next_speller_id();
    std::string_view read_word(std::string_view word) const; // meant(), without the memory
    bool known(std::string_view word) const;
    // Whether the word may be one edit from a listed word: a quick test on hashes of the word
    // and of its deletions, so that most words cost no string comparison.
    bool may_be_near(std::string_view word) const;

    // A set of 64-bit hashes with open addressing (0 marks an empty place).
    class HashSet {
    public:
        void build(std::vector<std::uint64_t> hashes);
        bool contains(std::uint64_t hash) const;

    private:
        std::vector<std::uint64_t> m_slots;
        std::uint64_t m_mask = 0;
    };
    // One bit for each hash of either set, by its top bits: most words and deletions that are
    // in neither cost one test of 32 KiB that stays in the cache, not two.
    class Filter {
    public:
        void add(std::uint64_t hash);
        bool may_hold(std::uint64_t hash) const;

    private:
        std::vector<std::uint64_t> m_bits;
    };
    HashSet m_word_hashes;   // listed words of at least m_min_length letters
    HashSet m_delete_hashes; // those words with one letter deleted, the first kept
    Filter m_filter;         // both

    // The words read lately by this thread and what they meant, for this speller (m_id):
    // the words of a portfolio's descriptions repeat, and a word found here costs one
    // comparison instead of its hashes.
    std::string_view remembered(std::string_view word, bool& found) const;
    void remember(std::string_view word, std::string_view meant) const;
    std::uint64_t m_id; // unique in the process, so that no speller reads another's memory

    std::size_t m_min_length = 0;
    // Hashes views, so that a look-up allocates nothing.
    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
    };
    std::unordered_set<std::string, ViewHash, std::equal_to<>> m_known; // listed words of any length, and `keep`
    std::vector<std::string_view> m_words; // those of at least m_min_length letters, in m_known
    // Listed words by first letter and length (lengths above 31 share the last bucket).
    std::array<std::array<std::vector<std::size_t>, 32>, 26> m_buckets;
};

} // namespace ftadvisor
