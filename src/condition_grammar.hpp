#pragma once

#include "condition.hpp"
#include "reader.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// What a condition may test: a fact's type, and for a word or a list the words it may hold.
struct FactInfo {
    FactType type;
    std::vector<std::string> values; // allowed words for a string or list fact; empty: any
    bool after_verdict = false;      // only pitfalls may test it (FixedFactInfo::after_verdict)
};

// The operators of a test, as rules files write them.
inline const std::vector<std::string> k_operators = {"is", "in", "lt", "lte", "gt", "gte", "known", "contains"};

// Reports `word` when it is not one of `known`, naming what it should have been.
bool check_member(const Reader& r, const std::string& path, const std::string& word,
                  const std::vector<std::string>& known, const char* what);

// The grammar of conditions in rules files (docs/rules.md): `all` and `any` of a list, `not`
// of one, or a test of one fact with one operator, checked against the fact's type and
// words; a comparison's operand may name a threshold. Every problem is reported through the
// Reader at its path. Remembers the facts its conditions read.
class ConditionGrammar {
public:
    struct Facts {
        const std::map<std::string, FactInfo>* known;                 // by name
        const std::map<std::string, double, std::less<>>* thresholds; // by name
        std::vector<std::string> approaches;                          // for `recommended`
        std::function<std::uint32_t(std::string_view)> slot_of;       // in Rules::fact_names
    };

    ConditionGrammar(Facts facts, std::set<std::string>& used) : m_facts(std::move(facts)), m_used(used) {}

    std::optional<Condition> parse(const Reader& r, const nlohmann::json& node, const std::string& path,
                                   Recommended recommended);

private:
    std::optional<Condition> combination(const Reader& r, const nlohmann::json& node, const std::string& path,
                                         Recommended recommended, const char* combinator);
    std::optional<Condition> test(const Reader& r, const nlohmann::json& node, const std::string& path,
                                  Recommended recommended);
    std::optional<Condition> operation(const Reader& r, const nlohmann::json& node, const std::string& path,
                                       const std::string& op, const FactInfo& info, Condition out);
    std::optional<Condition> equality(const Reader& r, const std::string& op_path, const nlohmann::json& value,
                                      const FactInfo& info, Condition out);
    std::optional<double> operand_number(const Reader& r, const nlohmann::json& value, const std::string& path) const;
    std::vector<std::string> fact_names(Recommended recommended) const;

public:
    // The facts a condition may name, for a did-you-mean.
    static std::vector<std::string> names_of(const std::map<std::string, FactInfo>& known, Recommended recommended);

private:
    Facts m_facts;
    std::set<std::string>& m_used;
};

} // namespace ftadvisor
