#include "ftadvisor/lexicon.hpp"

#include "helpers.hpp"

#include <algorithm>
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
    CHECK(reading.matches.size() == 200'000);
    CHECK(value_of(reading, "medical") == 2); // distinct phrases count once
    CHECK(value_of(reading, "realtime") == 2);
}
