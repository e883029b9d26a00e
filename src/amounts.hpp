#pragma once

#include "ftadvisor/lexicon.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// An amount found in a text: the rule it answers (an index into the rules' amounts), the value
// the answer takes, the figures as written, and the bytes of the words behind it.
struct AmountFound {
    std::uint32_t rule = 0;
    double value = 0;
    double low = 0;
    double high = 0;
    bool checked = false;
    std::size_t start = 0;
    std::size_t end = 0;
};

class AmountReaderImpl;

// Reads the amounts of the rules' `amounts` from a text, with the number words of `numbers`:
// each figure (digits, a suffix, number words, a fraction), with the qualifier before it and
// a range it ends, kept when the rule's unit follows it (a count) or a cue stands in its
// clause (a percentage), and nothing in `exclude` comes right after it. Linear in the
// text's length. Safe to use from several threads at once.
class AmountReader {
public:
    AmountReader(const std::vector<NumberWords>& numbers, const std::vector<AmountRule>& amounts);
    ~AmountReader();
    AmountReader(const AmountReader&) = delete;
    AmountReader& operator=(const AmountReader&) = delete;

    bool empty() const;

    // Every amount found, in the order of the text; `found` is cleared first.
    void read(std::string_view text, std::vector<AmountFound>& found) const;

    // The value of `text` when it is one figure as the reader reads them and nothing else
    // ("2,400", "1.2k", "twelve hundred", "about 500", "-3"; with `percent`, "30%" or "30
    // percent" too); the low end of a range ("500-800"). Nothing for anything else.
    std::optional<double> figure(std::string_view text, bool percent) const;

    // A word of each number word (its longest): a text with none of these as a word of its
    // own, and no digit, holds no amount.
    std::vector<std::string> telling_words() const;

    // The words of every phrase the reader looks for, lower case (a word may stand twice).
    std::vector<std::string> words() const;

private:
    std::unique_ptr<AmountReaderImpl> m_impl;
};

} // namespace ftadvisor
