#include "condition.hpp"

#include <catch2/catch.hpp>

using namespace ftadvisor;

namespace {

Condition test(Condition::Op op, std::string fact, Value operand)
{
    Condition c;
    c.op = op;
    c.fact = std::move(fact);
    c.operand = std::move(operand);
    return c;
}

Condition combine(Condition::Op op, std::vector<Condition> children)
{
    Condition c;
    c.op = op;
    c.children = std::move(children);
    return c;
}

} // namespace

TEST_CASE("comparisons on known facts are true or false", "[condition]")
{
    const Facts facts = {{"answers.n", 500.0}, {"answers.b", true}, {"spec.stage", std::string("pilot")}};
    CHECK(evaluate_condition(test(Condition::Op::gte, "answers.n", 500.0), facts) == Truth::yes);
    CHECK(evaluate_condition(test(Condition::Op::gt, "answers.n", 500.0), facts) == Truth::no);
    CHECK(evaluate_condition(test(Condition::Op::lt, "answers.n", 500.0), facts) == Truth::no);
    CHECK(evaluate_condition(test(Condition::Op::lte, "answers.n", 500.0), facts) == Truth::yes);
    CHECK(evaluate_condition(test(Condition::Op::is, "answers.b", true), facts) == Truth::yes);
    CHECK(evaluate_condition(test(Condition::Op::is, "answers.b", false), facts) == Truth::no);
    CHECK(evaluate_condition(test(Condition::Op::is, "spec.stage", std::string("pilot")), facts) == Truth::yes);

    Condition in = test(Condition::Op::in, "spec.stage", {});
    in.choices = {"prototype", "pilot"};
    CHECK(evaluate_condition(in, facts) == Truth::yes);
    in.choices = {"production"};
    CHECK(evaluate_condition(in, facts) == Truth::no);
}

TEST_CASE("a test on an unknown fact is unknown, except 'known'", "[condition]")
{
    const Facts facts;
    CHECK(evaluate_condition(test(Condition::Op::lt, "answers.n", 500.0), facts) == Truth::unknown);
    CHECK(evaluate_condition(test(Condition::Op::is, "answers.b", true), facts) == Truth::unknown);
    CHECK(evaluate_condition(test(Condition::Op::known, "answers.n", false), facts) == Truth::yes);
    CHECK(evaluate_condition(test(Condition::Op::known, "answers.n", true), facts) == Truth::no);
}

TEST_CASE("all, any and not follow three-valued logic", "[condition]")
{
    const Facts facts = {{"answers.yes", true}, {"answers.no", false}};
    const Condition yes = test(Condition::Op::is, "answers.yes", true);
    const Condition no = test(Condition::Op::is, "answers.no", true);
    const Condition unknown = test(Condition::Op::is, "answers.missing", true);

    static const struct {
        Condition::Op op;
        int a; // 0 no, 1 yes, 2 unknown
        int b;
        Truth expected;
    } cases[] = {
        {Condition::Op::all, 1, 1, Truth::yes},     {Condition::Op::all, 1, 0, Truth::no},
        {Condition::Op::all, 1, 2, Truth::unknown}, {Condition::Op::all, 0, 2, Truth::no},
        {Condition::Op::any, 0, 0, Truth::no},      {Condition::Op::any, 0, 1, Truth::yes},
        {Condition::Op::any, 0, 2, Truth::unknown}, {Condition::Op::any, 1, 2, Truth::yes},
    };
    const Condition* by_truth[] = {&no, &yes, &unknown};
    for (const auto& c : cases) {
        INFO("op " << static_cast<int>(c.op) << " " << c.a << " " << c.b);
        CHECK(evaluate_condition(combine(c.op, {*by_truth[c.a], *by_truth[c.b]}), facts) == c.expected);
    }
    CHECK(evaluate_condition(combine(Condition::Op::negate, {yes}), facts) == Truth::no);
    CHECK(evaluate_condition(combine(Condition::Op::negate, {no}), facts) == Truth::yes);
    CHECK(evaluate_condition(combine(Condition::Op::negate, {unknown}), facts) == Truth::unknown);
}

TEST_CASE("contains looks inside a list fact", "[condition]")
{
    const Facts facts = {{"recommended", std::vector<std::string>{"rag", "fine-tune"}}};
    CHECK(evaluate_condition(test(Condition::Op::contains, "recommended", std::string("fine-tune")), facts) ==
          Truth::yes);
    CHECK(evaluate_condition(test(Condition::Op::contains, "recommended", std::string("skip")), facts) == Truth::no);
}
