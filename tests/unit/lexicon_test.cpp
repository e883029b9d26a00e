#include "ftadvisor/lexicon.hpp"

#include "helpers.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

using namespace ftadvisor;

namespace {

Negation negation()
{
    Negation n;
    n.before = {"no", "not", "without", "do not", "don't"};
    n.after = {"not needed", "is not"};
    n.pseudo = {"not only"};
    n.terminators = {"but"};
    n.window = 5;
    return n;
}

std::vector<Lexicon> lexicons()
{
    return {
        Lexicon{"live", "realtime", {{"live price", 2}, {"real-time", 2}, {"latest", 1}}},
        Lexicon{"medical", "medical", {{"patient", 2}, {"diagnos*", 2}, {"policy", 1}, {"clinician's note", 2}}},
        Lexicon{"team-medical", "medical", {{"ward round", 2}}},
    };
}

double value_of(const DescriptionReading& reading, std::string_view signal)
{
    for (const SignalValue& s : reading.signals) {
        if (s.signal == signal) {
            return s.value;
        }
    }
    FAIL("no signal " << signal);
    return -1;
}

// The words matched and counted, in order.
std::vector<std::string> counted(const DescriptionReading& reading)
{
    std::vector<std::string> out;
    for (const PhraseMatch& m : reading.matches) {
        if (m.negated_by.empty()) {
            out.push_back(m.text);
        }
    }
    return out;
}

} // namespace

TEST_CASE("phrases match whole words, any case, with the last word's inflections", "[lexicon]")
{
    const DescriptionReader reader(lexicons(), negation());
    CHECK(counted(reader.read("Live prices and PATIENTS' records")) ==
          std::vector<std::string>{"Live prices", "PATIENTS'"});
    CHECK(counted(reader.read("two policies")) == std::vector<std::string>{"policies"});
    CHECK(counted(reader.read("the clinician's notes")) == std::vector<std::string>{"clinician's notes"});
    CHECK(counted(reader.read("the clinician\xE2\x80\x99s note")) ==
          std::vector<std::string>{"clinician\xE2\x80\x99s note"});
    // A hyphen matches hyphens, spaces or nothing.
    CHECK(counted(reader.read("real-time, real time, realtime, real -  time")).size() == 4);
    // `*` takes the rest of the word.
    CHECK(counted(reader.read("diagnosis; diagnostic; diagnose")) ==
          std::vector<std::string>{"diagnosis", "diagnostic", "diagnose"});
    // Inside a longer word, a phrase does not count; letters of any script are letters.
    CHECK(counted(reader.read("outpatients patientx impatient")).empty());
    CHECK(counted(reader.read("patienté patient\xC3\xA9")).empty());
    // Emoji, dashes and punctuation are boundaries.
    CHECK(counted(reader.read("\xF0\x9F\x9A\x80patient\xE2\x80\x94live price\xE2\x9C\xA8")) ==
          std::vector<std::string>{"patient", "live price"});
}

TEST_CASE("matches carry where they stand and their weight; a signal sums distinct phrases", "[lexicon]")
{
    const DescriptionReader reader(lexicons(), negation());
    const DescriptionReading reading = reader.read("A patient, another patient, and a ward round.");
    REQUIRE(reading.matches.size() == 3);
    CHECK(reading.matches[0].start == 2);
    CHECK(reading.matches[0].end == 9);
    CHECK(reading.matches[0].phrase == "patient");
    CHECK(reading.matches[0].lexicon == "medical");
    CHECK(reading.matches[2].lexicon == "team-medical"); // a second lexicon feeds the same signal
    CHECK(value_of(reading, "medical") == 4);            // patient once (2) + ward round (2)
    CHECK(value_of(reading, "realtime") == 0);
    // The signals are listed in the order the lexicons first name them.
    REQUIRE(reading.signals.size() == 2);
    CHECK(reading.signals[0].signal == "realtime");
}

TEST_CASE("negation follows NegEx: triggers before or after, in the window and the clause", "[lexicon]")
{
    const DescriptionReader reader(lexicons(), negation());
    auto negated_by = [&](const std::string& text) {
        const DescriptionReading reading = reader.read(text);
        REQUIRE_FALSE(reading.matches.empty());
        return reading.matches.front().negated_by;
    };
    CHECK(negated_by("no patient data") == "no");
    CHECK(negated_by("We don't need live prices") == "don't");
    CHECK(negated_by("We don\xE2\x80\x99t need live prices") == "don\xE2\x80\x99t");
    CHECK(negated_by("we do not use any live prices") == "not"); // the trigger nearest the phrase
    CHECK(negated_by("live prices are not needed") == "not needed");
    // Out of the window (more than 5 words before).
    CHECK(negated_by("no, we will gladly show a few live prices") == "");
    CHECK(negated_by("not something we would ever show as live prices") == "");
    // A clause mark or a terminator ends the reach; a pseudo-negation is not one.
    CHECK(negated_by("Not a toy. It shows live prices") == "");
    CHECK(negated_by("no toy but live prices") == "");
    CHECK(negated_by("not only live prices") == "");
    // A negated phrase does not count towards its signal.
    CHECK(value_of(reader.read("without patient data"), "medical") == 0);
    // Triggers in any script, and phrases found both ways.
    Negation other = negation();
    other.before.push_back("\xD0\xB1\xD0\xB5\xD0\xB7"); // "без", without
    const DescriptionReader russian(lexicons(), other);
    CHECK(russian.read("\xD0\xB1\xD0\xB5\xD0\xB7 patient data").matches.front().negated_by ==
          "\xD0\xB1\xD0\xB5\xD0\xB7");
    CHECK(russian.read("no patient data").matches.front().negated_by == "no");
}

TEST_CASE("any text is safe to read: invalid UTF-8, NUL bytes, long and empty text", "[lexicon]")
{
    const DescriptionReader reader(lexicons(), negation());
    CHECK(reader.read("").matches.empty());
    CHECK(counted(reader.read(std::string("\xFF\xFEpatient\x80 live\0price", 22))) ==
          std::vector<std::string>{"patient"});
    std::string long_text;
    while (long_text.size() < 2'000'000) {
        long_text += "An assistant for our operations team that reads plain text. ";
    }
    long_text += "It shows live prices.";
    const DescriptionReading reading = reader.read(long_text);
    REQUIRE(reading.matches.size() == 1);
    CHECK(reading.matches.front().start == long_text.size() - 12);
}

TEST_CASE("one reader serves several threads at once", "[lexicon]")
{
    const DescriptionReader reader(lexicons(), negation());
    std::vector<std::thread> threads;
    std::vector<double> values(8, -1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        threads.emplace_back([&, i] { values[i] = value_of(reader.read("a patient and a ward round"), "medical"); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(std::all_of(values.begin(), values.end(), [](double v) { return v == 4; }));
}

TEST_CASE("rules check reports bad lexicons and negation with their place", "[lexicon][rules]")
{
    using testing::rules_errors;
    CHECK_THAT(rules_errors("lexicons:\n  - {id: x, signal: s, terms: [{weight: 2, phrases: [\"a$b\"]}]}\n"),
               Catch::Contains("lexicons[0].terms[0].phrases[0]: the phrase \"a$b\" holds \"$\""));
    CHECK_THAT(rules_errors("lexicons:\n  - {id: x, signal: s, terms: [{weight: 0, phrases: [abc]}]}\n"),
               Catch::Contains("lexicons[0].terms[0].weight: must be above 0"));
    CHECK_THAT(rules_errors("lexicons:\n  - {id: x, signal: s, terms: [{weight: 1, phrases: [\"*abc\"]}]}\n"),
               Catch::Contains("has a '*' that does not end a word"));
    CHECK_THAT(
        rules_errors("lexicons:\n  - {id: x, signal: s, terms: [{weight: 1, phrases: [\"real- time\"]}]}\n"),
        Catch::Contains("lexicons[0].terms[0].phrases[0]: the phrase \"real- time\" has a '-' that does not join "
                        "two parts of a word"));
    CHECK_THAT(rules_errors("lexicons:\n  - {id: x, signal: s, terms: [{weight: 1, phrases: [\"-based\", a--b]}]}\n"),
               Catch::Contains("phrases[1]: the phrase \"a--b\" has a '-' that does not join"));
    CHECK_THAT(
        rules_errors("lexicons:\n  - {id: x, signal: s, terms: [{weight: 1, phrases: [a-b-c-d-e-f-g-h-i-j]}]}\n"),
        Catch::Contains("the phrase \"a-b-c-d-e-f-g-h-i-j\" has more than 8 hyphens"));
    CHECK_THAT(rules_errors("lexicons:\n  - {id: x, signal: Bad Name, terms: []}\n"),
               Catch::Contains("lexicons[0].signal: a signal is named with lower-case letters"));
    CHECK_THAT(rules_errors("lexicons:\n  - {id: x, signal: medical, terms: [{weight: 1, phrases: [Patient]}]}\n"),
               Catch::Contains("the phrase \"Patient\" is already at lexicons"));
    CHECK_THAT(rules_errors("negation: {window: 0}\n"), Catch::Contains("negation.window: expected a whole number"));
    CHECK_THAT(
        rules_errors("inferences:\n  - {id: x, answer: stage, value: launch, when: {fact: signals.medical, gte: 1}, "
                     "because: y}\n"),
        Catch::Contains("unknown stage 'launch'"));
    CHECK_THAT(
        rules_errors("inferences:\n  - {id: x, answer: production, value: true, when: {fact: signals.nope, gte: 1}, "
                     "because: y}\n"),
        Catch::Contains("signals.nope"));
}

TEST_CASE("a description repeating a phrase a hundred thousand times reads in linear time", "[lexicon]")
{
    const DescriptionReader reader(lexicons(), negation());
    std::string text;
    for (int i = 0; i < 100'000; ++i) {
        text += "patient real-time ";
    }
    const DescriptionReading reading = reader.read(text);
    // Each phrase is listed at its first place; the other 199,998 places are only counted.
    REQUIRE(reading.matches.size() == 2);
    CHECK(reading.matches[1].start == 8);
    CHECK(reading.unlisted == 199'998);
    CHECK(value_of(reading, "medical") == 2); // distinct phrases count once
    CHECK(value_of(reading, "realtime") == 2);
}

TEST_CASE("of many amounts, the one that answers and 16 others are listed, the rest counted", "[lexicon]")
{
    // 30 amounts, the last of them checked: it answers although it comes after the most listed.
    std::string text = "We have ";
    for (int i = 10; i < 40; ++i) {
        text += std::to_string(i) + " labelled examples, ";
    }
    text += "and 600 of them were checked.";
    const DescriptionReading reading = default_rules().description_reader->read(text);
    std::vector<double> listed;
    const PhraseMatch* chosen = nullptr;
    for (const PhraseMatch& m : reading.matches) {
        if (m.amount) {
            listed.push_back(m.value);
            chosen = m.chosen ? &m : chosen;
        }
    }
    REQUIRE(chosen != nullptr);
    CHECK(chosen->value == 39);
    CHECK(chosen->checked);
    CHECK(listed.size() == k_most_amounts_listed + 1);
    CHECK(listed.front() == 11); // 10 answered until 39 did, and gave its place up
    CHECK(reading.unlisted == 31 - listed.size());
    CHECK(value_of(reading, "examples") == 39);
}

namespace {

// The reading the reader's trie must agree with: each phrase's regular expression
// (DescriptionReader::pattern) searched through the text with RE2, a match kept when no word
// character stands either side, the search going on past each match kept. Word characters
// as the reader counts them: ASCII letters, digits and '_', and every code point beyond
// ASCII outside the blocks of spaces, punctuation, symbols and emoji.
struct Place {
    std::string phrase;
    std::size_t start;
    std::size_t end;
    bool operator==(const Place&) const = default;
};

bool oracle_word_char(std::string_view text, std::size_t at, std::size_t& length)
{
    static const RE2 word(
        "([\\p{L}\\p{M}\\p{N}_]|[^\\x00-\\x{BF}\\x{D7}\\x{F7}\\x{2000}-\\x{2BFF}\\x{3000}-\\x{303F}\\x{E000}-\\x{F8FF}"
        "\\x{FE30}-\\x{FE4F}\\x{FF00}-\\x{FF0F}\\x{FF1A}-\\x{FF20}\\x{FFFD}\\x{1F000}-\\x{1FAFF}])");
    static const RE2 one("(?s:(.))");
    re2::StringPiece piece(text.data() + at, text.size() - at);
    re2::StringPiece character;
    RE2::PartialMatch(piece, one, &character);
    length = std::max<std::size_t>(character.size(), 1);
    return RE2::FullMatch(character, word);
}

struct OraclePhrase {
    std::string phrase;
    std::unique_ptr<RE2> re;
};

std::vector<OraclePhrase> oracle_phrases(const std::vector<std::string>& phrases)
{
    RE2::Options options;
    options.set_case_sensitive(false);
    std::vector<OraclePhrase> out;
    for (const std::string& phrase : phrases) {
        out.push_back(OraclePhrase{phrase, std::make_unique<RE2>(DescriptionReader::pattern(phrase), options)});
        REQUIRE(out.back().re->ok());
    }
    return out;
}

std::vector<Place> oracle(const std::vector<OraclePhrase>& phrases, std::string_view text)
{
    std::vector<Place> places;
    for (const auto& [phrase, re] : phrases) {
        const bool wildcard = phrase.back() == '*';
        std::size_t pos = 0;
        re2::StringPiece found;
        while (pos < text.size() &&
               re->Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED, &found, 1)) {
            const auto start = static_cast<std::size_t>(found.data() - text.data());
            std::size_t end = start + found.size();
            std::size_t length = 0;
            while (wildcard && end < text.size() && oracle_word_char(text, end, length)) {
                end += length;
            }
            std::size_t before = start;
            while (before > 0 && (static_cast<unsigned char>(text[before - 1]) & 0xC0) == 0x80) {
                --before;
            }
            const bool word_before = start > 0 && before > 0 && oracle_word_char(text, before - 1, length);
            const bool word_after = end < text.size() && oracle_word_char(text, end, length);
            if (!word_before && !word_after) {
                places.push_back(Place{phrase, start, end});
                pos = std::max(end, start + 1);
            } else {
                oracle_word_char(text, start, length);
                pos = start + length;
            }
        }
    }
    std::stable_sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    // One span feeds one reading: a place inside a longer one is dropped; places on the very
    // same words are all kept (each phrase here is a signal of its own).
    std::vector<Place> kept;
    std::size_t furthest = 0;
    for (const Place& place : places) {
        if (!kept.empty() && place.end <= furthest &&
            !(kept.back().start == place.start && kept.back().end == place.end)) {
            continue;
        }
        furthest = std::max(furthest, place.end);
        kept.push_back(place);
    }
    return kept;
}

} // namespace

TEST_CASE("the phrase trie finds what each phrase's regular expression finds, on 20,000 random texts", "[lexicon]")
{
    // Phrases of every shape the rules allow, each its own signal, so that only a longer match
    // hides one (a phrase inside another is the longer one's, whatever the signal).
    const std::vector<std::string> phrases = {"patient",  "real-time",   "live price",
                                              "diagnos*", "policy",      "clinician's note",
                                              "ICD-10",   "X-ray",       "state-of-the-art",
                                              "Q&A",      "e.g.",        "24/7",
                                              "C++",      "y-axis",      "non-disclosure agreement",
                                              "ab-cd-ef", "bus",         "ies",
                                              "re",       "a",           "time",
                                              "real",     "care team",   "care",
                                              "team*",    "caf\xC3\xA9", "\xC3\x84rzt*"};
    std::vector<Lexicon> lexicons;
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        lexicons.push_back(Lexicon{"l" + std::to_string(i), "s" + std::to_string(i), {{phrases[i], 1}}});
    }
    const DescriptionReader reader(lexicons, Negation{});
    const std::vector<OraclePhrase> compiled = oracle_phrases(phrases);
    const std::vector<std::string> pieces = {"patient",
                                             "PATIENT",
                                             "Patient",
                                             "real",
                                             "time",
                                             "Real",
                                             "live",
                                             "price",
                                             "diagnos",
                                             "is",
                                             "policy",
                                             "polic",
                                             "ies",
                                             "y",
                                             "clinician",
                                             "note",
                                             "ICD",
                                             "10",
                                             "X",
                                             "ray",
                                             "state",
                                             "of",
                                             "the",
                                             "art",
                                             "Q",
                                             "A",
                                             "e",
                                             "g",
                                             "24",
                                             "7",
                                             "C",
                                             "axis",
                                             "non",
                                             "disclosure",
                                             "agreement",
                                             "ab",
                                             "cd",
                                             "ef",
                                             "bus",
                                             "es",
                                             "s",
                                             "re",
                                             "a",
                                             "care",
                                             "team",
                                             "teams",
                                             "caf\xC3\xA9",
                                             "CAF\xC3\x89",
                                             "\xC3\xA4rzte",
                                             "\xC3\x84RZTIN",
                                             "x",
                                             "_",
                                             "9"};
    const std::vector<std::string> separators = {"",
                                                 " ",
                                                 "  ",
                                                 "-",
                                                 " - ",
                                                 "--",
                                                 "\t",
                                                 "\n",
                                                 "\r\n",
                                                 "\f",
                                                 "\v",
                                                 ", ",
                                                 ".",
                                                 "'",
                                                 "\xE2\x80\x99",
                                                 "'s",
                                                 "\xE2\x80\x99s",
                                                 "&",
                                                 "+",
                                                 "/",
                                                 "\xE2\x80\x94",
                                                 "\xF0\x9F\x9A\x80",
                                                 "\xC3\xA9",
                                                 "\xE2\x80\x98",
                                                 "!",
                                                 std::string(1, '\0')};
    std::uint64_t state = 0x9E3779B97F4A7C15U;
    auto next = [&](std::size_t bound) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<std::size_t>(state % bound);
    };
    std::size_t compared = 0;
    for (int round = 0; round < 20'000; ++round) {
        std::string text;
        const std::size_t parts = 1 + next(12);
        for (std::size_t p = 0; p < parts; ++p) {
            text += pieces[next(pieces.size())];
            text += separators[next(separators.size())];
        }
        std::vector<Place> got;
        const DescriptionReading reading = reader.read(text);
        for (const PhraseMatch& m : reading.matches) {
            got.push_back(Place{std::string(m.phrase), m.start, m.end});
        }
        const std::vector<Place> found = oracle(compiled, text);
        // Listed: the first place of each spelling of a phrase, at most k_most_spellings_listed
        // spellings a phrase; the others are counted.
        std::vector<Place> expected;
        for (const Place& place : found) {
            const auto spelled = [&](const Place& p) {
                return text.compare(p.start, p.end - p.start, text, place.start, place.end - place.start) == 0;
            };
            const auto same = [&](const Place& p) { return p.phrase == place.phrase; };
            if (std::none_of(expected.begin(), expected.end(), [&](const Place& p) { return same(p) && spelled(p); }) &&
                static_cast<std::size_t>(std::count_if(expected.begin(), expected.end(), same)) <
                    k_most_spellings_listed) {
                expected.push_back(place);
            }
        }
        INFO("text: " << text);
        CHECK(reading.unlisted == found.size() - expected.size());
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            INFO("match " << i << ": " << expected[i].phrase << " at " << expected[i].start);
            REQUIRE(got[i] == expected[i]);
        }
        compared += got.size();
    }
    CHECK(compared > 20'000); // the texts do hold phrases
}
