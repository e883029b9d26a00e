// Reading amounts from descriptions with the built-in rules: counts of training examples and
// expected improvements in the forms people write them, and the figures that are neither.
#include "ftadvisor/engine.hpp"
#include "ftadvisor/lexicon.hpp"
#include "ftadvisor/render.hpp"
#include "ftadvisor/rules.hpp"

#include "helpers.hpp"

#include <optional>
#include <string>

using namespace ftadvisor;

namespace {

// The value the built-in rules read for `signal` ("examples", "improvement"), or nothing.
std::optional<double> amount(const std::string& text, std::string_view signal)
{
    const DescriptionReading reading = default_rules().description_reader->read(text);
    for (const SignalValue& s : reading.signals) {
        if (s.signal == signal) {
            return s.known ? std::optional<double>(s.value) : std::nullopt;
        }
    }
    FAIL("no signal " << signal);
    return std::nullopt;
}

// The answers a description alone gives, as the engine infers them.
Evaluation evaluate_description(const std::string& description)
{
    Spec spec;
    spec.description = description;
    return evaluate(spec, default_rules());
}

const Answer& answer_of(const Evaluation& e, std::string_view question)
{
    for (const Answer& a : e.answers) {
        if (a.question == question) {
            return a;
        }
    }
    FAIL("no answer " << question);
    return e.answers.front();
}

} // namespace

TEST_CASE("counts of examples are read in figures, suffixes, separators and words", "[amounts]")
{
    static const struct {
        const char* text;
        double examples;
    } cases[] = {
        {"We have 3,400 labelled tickets.", 3400},
        {"We have 3 400 labelled tickets.", 3400},
        {"We have 3\xC2\xA0"
         "400 labelled tickets.",
         3400}, // a no-break space between the groups
        {"We have 3400 labelled tickets.", 3400},
        {"We have 15K support tickets.", 15000},
        {"We have 7.5k transcripts reviewed by our QA team.", 7500},
        {"About 1.2 million emails.", 1200000},
        {"We have forty thousand chats.", 40000},
        {"Six thousand two hundred annotated reports.", 6200},
        {"One hundred and fifty graded essays.", 150},
        {"Forty-two annotated charter parties.", 42},
        {"A couple of hundred curated examples.", 200},
        {"A few thousand resolved tickets.", 3000},
        {"Several hundred transcripts.", 300},
        {"Tens of thousands of reviewed documents.", 20000},
        {"Hundreds of labelled chats.", 200},
        {"Thousands of resolved chats.", 2000},
        {"A handful of example summaries.", 5},
        {"Dozens of graded answers.", 24},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(amount(c.text, "examples") == c.examples);
    }
}

TEST_CASE("qualifiers keep a figure or read it one unit past a strict bound; a range reads as its low end", "[amounts]")
{
    static const struct {
        const char* text;
        double examples;
    } cases[] = {
        {"We have ~3,000 resolved tickets.", 3000},
        {"We have approx. 6,000 resolved chats.", 6000},
        {"Roughly 900 finding reports.", 900},
        {"Some 2,000 transcripts.", 2000},
        {"We have at least 500 labelled tickets.", 500},
        {"We have over 2,000 working papers signed off by managers.", 2001},
        {"North of 10k billing chats graded by reviewers.", 10001},
        {"We have more than 3,000 granted patents.", 3001},
        {"Just below 2,000 replies approved by handlers.", 1999},
        {"Just under 500 notices checked by solicitors.", 499},
        {"Fewer than 100 examples.", 99},
        {"Up to 800 transcripts.", 800},
        {"We have 500+ labelled examples.", 500},
        {"We have 2,000-3,000 resolved tickets.", 2000},
        {"Between 2,000 and 3,000 resolved tickets.", 2000},
        {"From 400 to 600 annotated letters.", 400},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(amount(c.text, "examples") == c.examples);
    }
}

TEST_CASE("figures that count something other than examples are not read as examples", "[amounts]")
{
    static const char* const cases[] = {
        "It launches to every one of our 25 branches in September.",
        "Used by about 45 people across three regions.",
        "We have about ten years of reports.",
        "Our 40 auditors reviewed the process in 2024.",
        "It costs $40k a year and serves 12,000 customers.",
        "Two for a quiz night.",
        "We receive 2,000 tickets a day.",
        "It maps discharge summaries to ICD-10 codes.",
        "Our documentation runs to 400 pages of manuals in 3 languages.",
        "We expect 30% fewer escalations.",
        "It ships 24/7 support from 10x faster servers.",
    };
    for (const char* text : cases) {
        INFO(text);
        CHECK_FALSE(amount(text, "examples").has_value());
    }
}

TEST_CASE("a checked amount answers over a raw one, and refers back to the units before it", "[amounts]")
{
    static const struct {
        const char* text;
        double examples;
    } cases[] = {
        {"We scraped 50k forum posts; 600 of them were checked by our editors.", 600},
        {"We exported 8,000 raw tickets, of which 700 were verified by senior agents.", 700},
        {"We have 1.2 million past emails, but only 40,000 were labelled by our team.", 40000},
        {"We hold 1.2M raw defect entries, of which 15k were validated by engineers.", 15000},
        {"We have 2,000 consultation transcripts and 500 referral emails.", 2000}, // the first
        {"Partners have annotated 2,400 leases.", 2400},                           // checked items of any kind
        {"Analysts verified 11,000 alerts.", 11000},
        {"Resolved tickets: about 1,900.", 1900},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(amount(c.text, "examples") == c.examples);
    }
    // Both are kept as evidence; the one that answers is marked.
    const DescriptionReading reading = default_rules().description_reader->read(cases[0].text);
    std::size_t amounts = 0;
    for (const PhraseMatch& m : reading.matches) {
        if (m.amount) {
            ++amounts;
            CHECK(m.chosen == (m.value == 600));
            CHECK(m.checked == (m.value == 600));
        }
    }
    CHECK(amounts == 2);
}

TEST_CASE("expected improvements are read in their forms, and decoys are not", "[amounts]")
{
    static const struct {
        const char* text;
        std::optional<double> improvement;
    } cases[] = {
        {"We expect an 18 percent improvement.", 18},
        {"We expect accuracy to improve 12.5 per cent.", 12.5},
        {"We hope for a 7% gain.", 7},
        {"We expect 40% fewer manual corrections.", 40},
        {"It should improve precision by 15 points.", 15},
        {"We expect fifteen percent fewer tickets.", 15},
        {"We expect a fifth fewer errors.", 20},
        {"It could cut screening errors by half.", 50},
        {"We expect between 5 and 8% fewer escalations.", 5},
        {"We expect 15-20% fewer escalations.", 15},
        {"We expect less than ten percent improvement.", 9},
        {"We expect more than 20% fewer revisions.", 21},
        {"We expect at least 25% better answers.", 25},
        {"We expect about 25% fewer escalations.", 25},
        {"We expect review errors to fall by 35%.", 35},
        {"The service has 99.9% availability.", std::nullopt},
        {"Roughly 30% of our users ask about billing.", std::nullopt},
        {"The vendor offered a 15% discount on the licence.", std::nullopt},
        {"We hold 12% market share.", std::nullopt},
        {"Only 30% of the work is done.", std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(amount(c.text, "improvement") == c.improvement);
    }
}

TEST_CASE("a negated amount does not count", "[amounts]")
{
    CHECK_FALSE(amount("We do not have 500 labelled examples yet.", "examples").has_value());
    CHECK(amount("We do not have live data, but we have 500 labelled examples.", "examples") == 500);
}

TEST_CASE("misspellings of listed words read as the words, and real words stay as they are", "[spelling]")
{
    // One edit from a listed word of six letters or more, the first letter kept.
    const Evaluation prod = evaluate_description("The assistant is in prodution for our clinic.");
    CHECK(answer_of(prod, "production").value == Value(true));
    const auto in_production = std::find_if(prod.matches.begin(), prod.matches.end(),
                                            [](const PhraseMatch& m) { return m.signal == "production"; });
    REQUIRE(in_production != prod.matches.end());
    CHECK(in_production->text == "in prodution");     // as written
    CHECK(in_production->read_as == "in production"); // as read
    CHECK(in_production->start == 17);                // offsets into the description as written
    CHECK(in_production->end == 29);

    static const struct {
        const char* text;
        const char* question;
        Value value;
    } cases[] = {
        {"We expect better accuarcy on clinical notes and 30% fewer errors.", "expected_improvement_pct", Value(30.0)},
        {"The work is highly specialsed: only our engineers can judge it.", "domain_expertise_critical", Value(true)},
        {"It is an experimnt in the lab only.", "production", Value(false)}, // a letter dropped
        {"It is deplyed to all customers since March.", "production", Value(true)},
        {"A medcial coding assistant for the hospital.", "use_case", Value(std::string("medical"))}, // swapped
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(answer_of(evaluate_description(c.text), c.question).value == c.value);
    }
    // A real word one edit from a listed one is not a misspelling ("filling" is not "billing"),
    // nor is an inflection of a listed word, nor a word that changes the first letter.
    for (const char* text :
         {"Helps with filling forms for the warehouse.", "Our clinics are busy.", "It runs in xproduction."}) {
        const Evaluation e = evaluate_description(text);
        INFO(text);
        CHECK(
            std::none_of(e.matches.begin(), e.matches.end(), [](const PhraseMatch& m) { return !m.read_as.empty(); }));
    }
}

TEST_CASE("negation without apostrophes, 'no need for' and stated absences answer no", "[amounts][negation]")
{
    static const struct {
        const char* text;
        const char* question;
        Value value;
    } cases[] = {
        {"We dont need real-time pricing.", "needs_realtime_data", Value(false)},
        {"It doesnt need live data.", "needs_realtime_data", Value(false)},
        {"We do not require real-time information.", "needs_realtime_data", Value(false)},
        {"No need for live data; it works from a fixed archive.", "needs_realtime_data", Value(false)},
        {"Tariff tables are refreshed quarterly, which is plenty.", "needs_realtime_data", Value(false)},
        {"This isnt going to production this year.", "production", Value(false)},
        {"It wont go live this year.", "production", Value(false)},
        {"Nothing that needs an expert.", "domain_expertise_critical", Value(false)},
        {"Any generalist could write these.", "domain_expertise_critical", Value(false)},
        {"Only our specialists can judge this.", "domain_expertise_critical", Value(true)},
        // The scope of a negation ends at a clause boundary or a terminator.
        {"We do not need a chatbot. Prices change daily.", "needs_realtime_data", Value(true)},
        {"Not a trivia bot, but it quotes live stock prices.", "needs_realtime_data", Value(true)},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(answer_of(evaluate_description(c.text), c.question).value == c.value);
    }
}

TEST_CASE("one span of words feeds one reading: 'goes live' is a launch, not live data", "[amounts][precedence]")
{
    const Evaluation e = evaluate_description(
        "A customer support chatbot for our own products. It goes live in Q3 and replaces the current FAQ page.");
    CHECK(answer_of(e, "production").value == Value(true));
    CHECK(answer_of(e, "needs_realtime_data").source == AnswerSource::unknown);
    CHECK(e.verdict != "rag");
}

TEST_CASE("a stage the text says is over is not the stage", "[amounts][precedence]")
{
    const Evaluation over = evaluate_description("The prototype phase is over and we are now in production.");
    CHECK(answer_of(over, "production").value == Value(true));
    CHECK(std::none_of(over.inferred.begin(), over.inferred.end(),
                       [](const Inferred& i) { return i.question == k_stage_answer; }));
    const Evaluation finished =
        evaluate_description("We finished the pilot project last month and are rolling it out to every branch.");
    CHECK(answer_of(finished, "production").value == Value(true));
}

TEST_CASE("a given answer wins over what would follow from an inference, and the clash is reported",
          "[amounts][precedence]")
{
    // "prototype" would infer the prototype stage, and the stage production: false; the spec
    // says production: true, so the stage is not inferred and the contradiction is reported.
    const Spec spec = testing::spec_of(R"({"spec_version": 1,
        "description": "Started as a prototype for our clinic's nurses; see the notes.",
        "answers": {"domain_expertise_critical": true, "high_quality_examples": 2400, "production": true,
                    "expected_improvement_pct": 30, "needs_realtime_data": false}})");
    const Evaluation e = evaluate(spec, default_rules());
    CHECK(e.verdict == "fine-tune");
    CHECK(std::none_of(e.inferred.begin(), e.inferred.end(), [](const Inferred& i) { return i.question == "stage"; }));
    REQUIRE(e.contradictions.size() == 1);
    CHECK(e.contradictions[0].question == "production");
    CHECK(e.contradictions[0].rule == "description-says-prototype");
    CHECK(e.contradictions[0].given == Value(true));
    CHECK(e.contradictions[0].inferred == Value(false));
    REQUIRE(e.contradictions[0].evidence.size() == 1);
    CHECK(e.contradictions[0].evidence[0].text == "prototype");
}

TEST_CASE("readings of one answer that disagree: the one with more weight wins, the other is reported",
          "[amounts][precedence]")
{
    // Financial ("accounting", 2) comes before customer support in the rules' order, but the
    // support reading has more weight behind it.
    const Evaluation e = evaluate_description(
        "Customer support assistant for our accounting software; it answers customer questions from our help desk.");
    CHECK(answer_of(e, "use_case").value == Value(std::string("customer-support")));
    const auto use_case =
        std::find_if(e.inferred.begin(), e.inferred.end(), [](const Inferred& i) { return i.question == "use_case"; });
    REQUIRE(use_case != e.inferred.end());
    REQUIRE(use_case->overruled.size() == 1);
    CHECK(use_case->overruled[0].value == Value(std::string("financial")));
    CHECK(use_case->overruled[0].rule == "description-says-financial");
}

TEST_CASE("what the description answers is reported with the value and the words it came from", "[amounts]")
{
    const Evaluation e = evaluate_description(
        "Medical coding assistant that maps discharge summaries to ICD-10 codes. We have 40k labelled summaries, "
        "the hospital wants it live by spring, and we expect accuracy to improve 30% over the base model.");
    CHECK(e.verdict == "fine-tune");
    CHECK(answer_of(e, "high_quality_examples").value == Value(40000.0));
    CHECK(answer_of(e, "high_quality_examples").source == AnswerSource::inferred);
    CHECK(answer_of(e, "expected_improvement_pct").value == Value(30.0));
    const auto examples = std::find_if(e.inferred.begin(), e.inferred.end(),
                                       [](const Inferred& i) { return i.question == "high_quality_examples"; });
    REQUIRE(examples != e.inferred.end());
    REQUIRE(examples->evidence.size() == 1);
    CHECK(examples->evidence[0].text == "40k labelled summaries");
    CHECK(examples->evidence[0].checked);
    CHECK(evidence_words(examples->evidence) == "\"40k labelled summaries\" (checked)");
    // Unknown answers say what to write.
    REQUIRE(e.unknown.size() == 1);
    CHECK(e.unknown[0] == "needs_realtime_data");
    CHECK(e.hints[0].find("fixed archive") != std::string_view::npos);
}

TEST_CASE("review findings: readings, negated phrases and huge figures", "[amounts][precedence]")
{
    // A reading that lost on weight stands again when its winner is withdrawn for a given answer.
    const Spec blog = testing::spec_of(R"({"spec_version": 1,
        "description": "A clinic wants blog posts, newsletters and a press release written.",
        "answers": {"domain_expertise_critical": true}})");
    const Evaluation e = evaluate(blog, default_rules());
    CHECK(answer_of(e, "use_case").value == Value(std::string("medical")));
    // A phrase negated once and plain once counts for both signals, in either order.
    for (const char* text : {"We do not need live data. Later we will stream live data.",
                             "Later we will stream live data. We do not need live data."}) {
        const DescriptionReading reading = default_rules().description_reader->read(text);
        INFO(text);
        for (const SignalValue& s : reading.signals) {
            if (s.signal == "realtime" || s.signal == "static") {
                CHECK(s.value == 2);
            }
        }
    }
    // Weight counts each phrase once: repeating a word does not outweigh a domain.
    CHECK(answer_of(evaluate_description("A clinic wants a blog, a blog and a blog, blog after blog."), "use_case")
              .value == Value(std::string("medical")));
    // A figure past what a double holds is no amount, not 0.
    std::string huge = "We have 1";
    for (int i = 0; i < 110; ++i) {
        huge += ",000";
    }
    huge += " labelled tickets.";
    CHECK_FALSE(amount(huge, "examples").has_value());
}
