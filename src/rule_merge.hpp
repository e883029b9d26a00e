#pragma once

#include "document.hpp"
#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/rules.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

// Where a part of the merged rules was written: a document and the path in it.
struct Origin {
    const Document* document = nullptr;
    std::string path;
};

// Where each part of the merged rules came from, by its path there, and the documents that
// the Origins point into.
struct Origins {
    std::deque<Document> documents; // a deque keeps Origin pointers valid as files are added
    std::map<std::string, Origin, std::less<>> at;
};

// The rules sources laid over one another, in order (docs/rules.md), as one tree; where each
// part came from goes into `origins`, and the problems of reading a source into `diagnostics`.
nlohmann::json merge_rules(const std::vector<RuleSource>& sources, Origins& origins,
                           std::vector<Diagnostic>& diagnostics);

// Locates a path of the merged rules in the file and at the path that wrote it.
Diagnostic diagnose_merged(const Origins& origins, std::string_view path, std::string message);

} // namespace ftadvisor
