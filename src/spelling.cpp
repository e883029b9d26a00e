#include "spelling.hpp"

#include "text.hpp"

#include <algorithm>

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

} // namespace

Speller::Speller(const Spelling& spelling, const std::vector<std::string>& listed)
    : m_min_length(spelling.min_length), m_keep(spelling.keep)
{
    if (m_min_length == 0) {
        return;
    }
    // The listed phrases' words: runs of ASCII letters, lowered; a word that `*` ends is a stem.
    std::vector<std::string> words;
    for (const std::string& phrase : listed) {
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
                words.push_back(text::ascii_lower(std::string_view(phrase).substr(i, end - i)));
            }
            i = end;
        }
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    m_words = std::move(words);
    for (std::string& word : m_keep) {
        word = text::ascii_lower(word);
    }
    for (const std::string& word : m_words) {
        m_known.insert(word);
    }
    for (const std::string& word : m_keep) {
        m_known.insert(word);
    }
    for (std::size_t w = 0; w < m_words.size(); ++w) {
        const std::string& word = m_words[w];
        if (word.size() >= m_min_length) {
            m_buckets[static_cast<std::size_t>(word[0] - 'a')][bucket_of(word.size())].push_back(w);
        }
    }
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

std::string_view Speller::meant(std::string_view word) const
{
    if (empty() || word.size() + 1 < m_min_length || !is_lower_letter(word[0]) || known(word)) {
        return {};
    }
    std::string_view found;
    const auto& by_length = m_buckets[static_cast<std::size_t>(word[0] - 'a')];
    for (std::size_t length = word.size() - 1; length <= word.size() + 1; ++length) {
        if (length < m_min_length) {
            continue;
        }
        for (const std::size_t w : by_length[bucket_of(length)]) {
            const std::string& candidate = m_words[w];
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

bool Speller::correct(std::string_view text, Corrected& out) const
{
    if (empty()) {
        return false;
    }
    bool any = false;
    std::string lowered;
    std::size_t copied = 0; // bytes of `text` already in out.text
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto word_char = [](char c) {
        return is_ascii_letter(c) || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) & 0x80) != 0;
    };
    while (i < n) {
        if (!word_char(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        bool letters = true;
        while (end < n && word_char(text[end])) {
            letters = letters && is_ascii_letter(text[end]);
            ++end;
        }
        // A word's possessive ('s) or inflection is its own: look at the letters only.
        const std::size_t length = end - i;
        if (letters && length + 1 >= m_min_length && length <= 40) {
            lowered = text::ascii_lower(text.substr(i, length));
            std::string_view meant_word = meant(lowered);
            bool plural = false;
            if (meant_word.empty() && lowered.size() > 1 && lowered.back() == 's') {
                meant_word = meant(std::string_view(lowered).substr(0, lowered.size() - 1));
                plural = true;
            }
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
                if (plural) {
                    replacement.push_back('s');
                }
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
