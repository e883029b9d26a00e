#include "spelling.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <atomic>

namespace ftadvisor {
namespace {

bool is_lower_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

bool is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether `a` and `b` are exactly one edit apart: a letter inserted, deleted or substituted,
// or two neighbours swapped.
bool one_edit(std::string_view a, std::string_view b)
{
    if (a.size() > b.size()) {
        std::swap(a, b);
    }
    if (b.size() - a.size() > 1) {
        return false;
    }
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) {
        ++i;
    }
    if (a.size() == b.size()) {
        if (i == a.size()) {
            return false; // the same word
        }
        if (a.substr(i + 1) == b.substr(i + 1)) {
            return true; // substitution
        }
        return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
    }
    return a.substr(i) == b.substr(i + 1); // b has one letter more
}

std::size_t bucket_of(std::size_t length)
{
    return std::min<std::size_t>(length, 31);
}

constexpr std::uint64_t k_base = 1099511628211ULL;
constexpr std::size_t k_longest = 40;  // longer words are never corrected
constexpr unsigned k_filter_bits = 18; // 2^18 bits, 32 KiB, per set of hashes

std::uint64_t nonzero(std::uint64_t hash)
{
    return hash == 0 ? 1 : hash;
}

// The polynomial hash (mod 2^64) of a word, and of the word with each letter after the first
// deleted: hashes[i - 1] for the deletion at i.
std::uint64_t hash_with_deletions(std::string_view word, std::array<std::uint64_t, k_longest>& hashes)
{
    static const std::array<std::uint64_t, k_longest + 1> powers = [] {
        std::array<std::uint64_t, k_longest + 1> p{};
        p[0] = 1;
        for (std::size_t i = 1; i < p.size(); ++i) {
            p[i] = p[i - 1] * k_base;
        }
        return p;
    }();
    const std::size_t n = word.size();
    std::array<std::uint64_t, k_longest + 1> prefix; // hash of word[0, k), for k up to the word's length
    prefix[0] = 0;
    for (std::size_t k = 0; k < n; ++k) {
        prefix[k + 1] = prefix[k] * k_base + static_cast<unsigned char>(word[k]);
    }
    std::uint64_t suffix = 0; // hash of word[i + 1, n)
    for (std::size_t i = n; i-- > 1;) {
        hashes[i - 1] = nonzero(prefix[i] * powers[n - 1 - i] + suffix);
        suffix += static_cast<unsigned char>(word[i]) * powers[n - 1 - i];
    }
    return nonzero(prefix[n]);
}

} // namespace

Speller::Speller(const Spelling& spelling, const std::vector<std::string_view>& listed)
    : m_id(next_speller_id()), m_min_length(spelling.min_length)
{
    if (m_min_length == 0) {
        return;
    }
    // The listed phrases' words: runs of ASCII letters, lowered; a word that `*` ends is a stem.
    // Each is kept once, in m_known, which also holds the words to keep as they are.
    m_known.reserve(listed.size() * 2 + spelling.keep.size());
    for (const std::string_view phrase : listed) {
        std::size_t i = 0;
        while (i < phrase.size()) {
            if (!is_ascii_letter(phrase[i])) {
                ++i;
                continue;
            }
            std::size_t end = i;
            while (end < phrase.size() && is_ascii_letter(phrase[end])) {
                ++end;
            }
            const bool stem =
                end < phrase.size() && (phrase[end] == '*' || (static_cast<unsigned char>(phrase[end]) & 0x80) != 0);
            if (!stem) {
                const auto [at, fresh] = m_known.insert(text::ascii_lower(phrase.substr(i, end - i)));
                if (fresh && at->size() >= m_min_length && at->size() < k_longest) {
                    m_words.push_back(*at); // a view of the set's own string, which stays in place
                }
            }
            i = end;
        }
    }
    for (const std::string& word : spelling.keep) {
        m_known.insert(text::ascii_lower(word));
    }
    std::vector<std::uint64_t> word_hashes;
    std::vector<std::uint64_t> deletions;
    std::array<std::uint64_t, k_longest> hashes{};
    word_hashes.reserve(m_words.size());
    deletions.reserve(m_words.size() * 10);
    for (std::size_t w = 0; w < m_words.size(); ++w) {
        const std::string_view word = m_words[w];
        m_buckets[static_cast<std::size_t>(word[0] - 'a')][bucket_of(word.size())].push_back(w);
        word_hashes.push_back(hash_with_deletions(word, hashes));
        deletions.insert(deletions.end(), hashes.begin(),
                         hashes.begin() + static_cast<std::ptrdiff_t>(word.size() - 1));
    }
    m_filter = Filter();
    for (const auto* set : {&word_hashes, &deletions}) {
        for (const std::uint64_t hash : *set) {
            m_filter.add(hash);
        }
    }
    m_word_hashes.build(std::move(word_hashes));
    m_delete_hashes.build(std::move(deletions));
}

void Speller::Filter::add(std::uint64_t hash)
{
    if (m_bits.empty()) {
        m_bits.assign(std::size_t{1} << (k_filter_bits - 6), 0);
    }
    m_bits[hash >> (64 - k_filter_bits + 6)] |= std::uint64_t{1} << ((hash >> (64 - k_filter_bits)) & 63);
}

bool Speller::Filter::may_hold(std::uint64_t hash) const
{
    return !m_bits.empty() && (m_bits[hash >> (64 - k_filter_bits + 6)] &
                               (std::uint64_t{1} << ((hash >> (64 - k_filter_bits)) & 63))) != 0;
}

void Speller::HashSet::build(std::vector<std::uint64_t> hashes)
{
    std::size_t size = 16;
    while (size < hashes.size() * 2) {
        size *= 2;
    }
    m_slots.assign(size, 0);
    m_mask = size - 1;
    for (const std::uint64_t hash : hashes) {
        std::uint64_t at = hash & m_mask;
        while (m_slots[at] != 0 && m_slots[at] != hash) {
            at = (at + 1) & m_mask;
        }
        m_slots[at] = hash;
    }
}

bool Speller::HashSet::contains(std::uint64_t hash) const
{
    if (m_slots.empty()) {
        return false;
    }
    for (std::uint64_t at = hash & m_mask;; at = (at + 1) & m_mask) {
        if (m_slots[at] == hash) {
            return true;
        }
        if (m_slots[at] == 0) {
            return false;
        }
    }
}

bool Speller::may_be_near(std::string_view word) const
{
    if (word.size() >= k_longest) {
        return false;
    }
    std::array<std::uint64_t, k_longest> deletions; // filled for the word's length
    const std::uint64_t hash = hash_with_deletions(word, deletions);
    if (m_filter.may_hold(hash)) {
        if (m_word_hashes.contains(hash)) {
            return false; // a listed word itself
        }
        // A letter dropped: the word is a deletion of a listed one.
        if (m_delete_hashes.contains(hash)) {
            return true;
        }
    }
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
        // A letter added (a deletion of the word is listed), or changed or swapped (a deletion
        // of each is the same).
        if (m_filter.may_hold(deletions[i]) &&
            (m_word_hashes.contains(deletions[i]) || m_delete_hashes.contains(deletions[i]))) {
            return true;
        }
    }
    return false;
}

bool Speller::known(std::string_view word) const
{
    if (m_known.count(word) != 0) {
        return true;
    }
    // Inflected forms of a listed word.
    if (word.ends_with("ies") && word.size() > 4) {
        std::string stem(word.substr(0, word.size() - 3));
        stem.push_back('y');
        if (m_known.count(stem) != 0) {
            return true;
        }
    }
    if (word.ends_with("es") && m_known.count(word.substr(0, word.size() - 2)) != 0) {
        return true;
    }
    return word.ends_with('s') && m_known.count(word.substr(0, word.size() - 1)) != 0;
}

namespace {

struct Memory {
    std::uint64_t speller = 0; // 0: empty
    std::uint8_t length = 0;
    std::array<char, k_longest> word{};
    std::string_view meant;
};
constexpr std::size_t k_remembered = 512; // 512 words, 28 KiB a thread

std::array<Memory, k_remembered>& memory()
{
    thread_local std::array<Memory, k_remembered> words;
    return words;
}

std::size_t place_of(std::string_view word)
{
    // The first, second and last letters and the length: cheap, and spread enough.
    const auto c = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(word[i])); };
    return (c(0) * 31 + c(word.size() > 1 ? 1 : 0) * 7 + c(word.size() - 1) * 3 + word.size() * 131) % k_remembered;
}

} // namespace

std::uint64_t Speller::next_speller_id()
{
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1);
}

std::string_view Speller::remembered(std::string_view word, bool& found) const
{
    const Memory& m = memory()[place_of(word)];
    found = m.speller == m_id && m.length == word.size() && std::string_view(m.word.data(), m.length) == word;
    return found ? m.meant : std::string_view();
}

void Speller::remember(std::string_view word, std::string_view meant) const
{
    Memory& m = memory()[place_of(word)];
    m.speller = m_id;
    m.length = static_cast<std::uint8_t>(word.size());
    std::copy(word.begin(), word.end(), m.word.begin());
    m.meant = meant;
}

std::string_view Speller::meant(std::string_view word) const
{
    if (empty() || word.size() + 1 < m_min_length || word.size() >= k_longest || !is_lower_letter(word[0])) {
        return {};
    }
    bool found = false;
    if (const std::string_view earlier = remembered(word, found); found) {
        return earlier;
    }
    const std::string_view now = read_word(word);
    remember(word, now);
    return now;
}

std::string_view Speller::read_word(std::string_view word) const
{
    if (!may_be_near(word) || known(word)) {
        return {};
    }
    std::string_view found;
    const auto& by_length = m_buckets[static_cast<std::size_t>(word[0] - 'a')];
    for (std::size_t length = word.size() - 1; length <= word.size() + 1; ++length) {
        if (length < m_min_length) {
            continue;
        }
        for (const std::size_t w : by_length[bucket_of(length)]) {
            const std::string_view candidate = m_words[w];
            if (candidate.size() == length && one_edit(word, candidate)) {
                if (!found.empty() && found != candidate) {
                    return {}; // two words it could mean: leave it
                }
                found = candidate;
            }
        }
    }
    return found;
}

// Long on purpose: one pass over the text's words, correcting and mapping offsets together.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
bool Speller::correct(std::string_view text, Corrected& out) const
{
    if (empty()) {
        return false;
    }
    // Byte kinds: 1 an ASCII letter, 2 another byte of a word (a digit, a byte beyond ASCII).
    static const std::array<std::uint8_t, 256> kinds = [] {
        std::array<std::uint8_t, 256> k{};
        for (int c = 0; c < 256; ++c) {
            const char ch = static_cast<char>(c);
            k[static_cast<std::size_t>(c)] = is_ascii_letter(ch) ? 1 : ((ch >= '0' && ch <= '9') || c >= 0x80) ? 2 : 0;
        }
        return k;
    }();
    auto kind = [&](char c) { return kinds[static_cast<unsigned char>(c)]; };
    bool any = false;
    std::array<char, k_longest> buffer{};
    std::size_t copied = 0; // bytes of `text` already in out.text
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (kind(text[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t end = i;
        bool letters = true;
        while (end < n && kind(text[end]) != 0) {
            letters = letters && kind(text[end]) == 1;
            ++end;
        }
        const std::size_t length = end - i;
        if (letters && length + 1 >= m_min_length && length < k_longest) {
            for (std::size_t k = 0; k < length; ++k) {
                buffer[k] = text::ascii_lower(text[i + k]);
            }
            const std::string_view meant_word = meant(std::string_view(buffer.data(), length));
            if (!meant_word.empty()) {
                if (!any) {
                    out.text.clear();
                    out.origin.clear();
                    any = true;
                }
                for (std::size_t k = copied; k < i; ++k) {
                    out.text += text[k];
                    out.origin.push_back(k);
                }
                std::string replacement(meant_word);
                if (text[i] >= 'A' && text[i] <= 'Z') {
                    replacement[0] = static_cast<char>(replacement[0] - 'a' + 'A');
                }
                for (std::size_t k = 0; k < replacement.size(); ++k) {
                    out.text += replacement[k];
                    out.origin.push_back(i + std::min(k, length - 1));
                }
                copied = end;
            }
        }
        i = end;
    }
    if (!any) {
        return false;
    }
    for (std::size_t k = copied; k < n; ++k) {
        out.text += text[k];
        out.origin.push_back(k);
    }
    out.origin.push_back(n);
    return true;
}

} // namespace ftadvisor
