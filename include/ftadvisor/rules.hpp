#pragma once

#include "ftadvisor/diagnostic.hpp"
#include "ftadvisor/format.hpp"
#include "ftadvisor/io.hpp"
#include "ftadvisor/lexicon.hpp"
#include "ftadvisor/value.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ftadvisor {

struct MergedRules;
struct ChangeIndex;

// The slot of a fact that is read by its name instead: in a condition made by hand.
inline constexpr std::uint32_t k_no_slot = UINT32_MAX;

// A condition over facts, as written in a rule's `when`. Facts are named `answers.<id>`,
// `signals.<name>`, `spec.<field>`, `dataset.<count>` or `recommended`. Evaluation is
// three-valued: a test on an unknown fact is unknown, and only `known` can see through that.
struct Condition {
    enum class Op { always, all, any, negate, is, in, lt, lte, gt, gte, known, contains };
    Op op = Op::always;
    std::string fact;                 // for the tests
    std::uint32_t slot = k_no_slot;   // the fact's place in Rules::fact_names, set as the rules load
    Value operand;                    // is: bool/double/string; lt..gte: double; known: bool
    std::vector<std::string> choices; // in
    std::vector<Condition> children;  // all, any, negate (one child)
};

struct Range {
    double low = 0;
    double high = 0;
};

struct Approach {
    std::string id;
    std::string name;
    std::string summary;
};

struct Question {
    enum class Kind { boolean, count, percent, choice };
    std::string id;
    Kind kind = Kind::boolean;
    bool checklist = false;
    std::string text;
    std::string help;
    std::string hint; // what to write when the answer is unknown, for the report
    std::optional<double> min;
    std::optional<double> max;
    std::vector<std::string> choices;
    // How a report says that the answer would change (`change` in the rules): for a yes/no
    // question, the words for yes and for no; for the others, words with `{to}` for the new
    // answer ("with {to} high-quality examples"). Empty: the report says it plainly.
    std::string change_yes;
    std::string change_no;
    std::string change_to;
};

// What an inference names as its `answer` to fill in the spec's stage rather than a question.
inline constexpr std::string_view k_stage_answer = "stage";

// Sets an answer the spec left out, when `when` holds.
struct InferenceRule {
    std::string id;
    std::string answer; // a question's id, or `stage` (the spec's field)
    Value value;        // the answer it gives, unless it takes the value of a fact
    Condition when;
    std::string because;
    std::uint32_t slot = k_no_slot; // the answered fact's place in Rules::fact_names
    // `value_from`: the fact whose value the answer takes (an amount read from the
    // description, `signals.examples`); empty when the answer is `value`.
    std::string value_from;
    std::uint32_t value_slot = k_no_slot;
};

struct DecisionRule {
    std::string id;
    std::string question; // the question this rule implements; may be empty
    Condition when;
    std::map<std::string, double> scores;
    std::vector<std::string> exclude;
    std::vector<std::string> also;
    std::vector<std::string> flags;
    // The approaches the flags concern: a flag is reported only when one of them is the
    // verdict or in `also`. Empty: every approach.
    std::vector<std::string> concerns;
    std::string reason; // may hold `{fact}` placeholders
};

enum class Severity { error, warning, info };

// "error", "warning" or "info".
const char* severity_name(Severity severity);

struct PitfallCase {
    Condition when;
    Severity severity = Severity::warning;
    std::string message;
};

// The ids of the findings that `check` makes itself, besides pitfalls. No pitfall may take
// one, so that a waiver always names one thing.
inline constexpr std::string_view k_approach_mismatch = "approach-mismatch";
inline constexpr std::string_view k_over_budget = "over-budget";
inline constexpr std::string_view k_waiver_expiring = "waiver-expiring";
inline constexpr std::string_view k_invalid_proposal = "invalid-proposal"; // in SARIF reports
inline constexpr std::string_view k_invalid_waiver = "invalid-waiver";
inline constexpr std::string_view k_cost_increase = "cost-increase"; // check --fail-on-increase
// All of them, and those a waiver may name (the rules' waivers policy says which errors).
inline constexpr std::array<std::string_view, 6> k_check_finding_ids = {
    k_approach_mismatch, k_over_budget, k_cost_increase, k_waiver_expiring, k_invalid_proposal, k_invalid_waiver};
inline constexpr std::array<std::string_view, 3> k_waivable_check_finding_ids = {k_approach_mismatch, k_over_budget,
                                                                                 k_cost_increase};

struct Pitfall {
    std::string id;
    std::string name;
    std::string summary;
    std::vector<std::string> applies_to; // approaches whose proposals it concerns; empty: all
    std::vector<PitfallCase> cases;

    // Whether a team choosing `approach` has to heed this pitfall.
    bool concerns(std::string_view approach) const;
};

// What a waiver may do (the rules' `waivers`, docs/ci.md): how long it may run, what it may
// not cover, which errors it may, and how much its reason must say.
struct WaiverPolicy {
    double max_days = 180;                                            // from the day of the check
    std::vector<std::string> never{std::string(k_approach_mismatch)}; // findings no waiver covers
    std::vector<std::string> errors;                                  // error findings a waiver may cover
    double min_reason_letters = 12;                                   // a reason says why in words
    bool owner_required = false;                                      // every waiver names an owner
    double warn_days = 14; // a waiver that ends within this many days of the check is warned of
};

// A half-open band [min_examples, max_examples) of training-set sizes with its cost.
struct Tier {
    std::string id;
    std::string name;
    double min_examples = 0;
    std::optional<double> max_examples; // none: no upper bound
    Range cost_usd;
    bool open_ended = false; // costs can run past cost_usd.high
    Range hours;
};

struct Upkeep {
    Range retrain_every_months;
    double retrain_cost_share = 1.0;
};

// Where a group of a route's figures was read, and when.
struct RouteSource {
    std::string what; // lifecycle, limits, price, hosting or assumptions
    std::string url;  // or a description of the place
    std::string read; // YYYY-MM-DD
};

enum class RouteKind : std::uint8_t { hosted, self_hosted };

// What a provider has announced of a route (docs/providers.md).
enum class RouteStatus : std::uint8_t { open, closing, closed };

// "hosted" or "self-hosted"; "open", "closing" or "closed".
const char* route_kind_name(RouteKind kind);
const char* route_status_name(RouteStatus status);

// A place to buy a fine-tuning run: a provider's model, or your own GPUs (rules/providers.yaml).
struct Route {
    std::string id;
    std::string provider;      // its id, as a spec names it
    std::string provider_name; // as reports name it
    std::string model;         // its id within the provider, as a spec names it
    std::string name;          // how reports name the model; the id when not given
    RouteKind kind = RouteKind::hosted;
    RouteStatus status = RouteStatus::open;
    std::string jobs_stop;     // the first day no new job is taken, YYYY-MM-DD; empty: none announced
    std::string serving_stops; // the first day the tuned models stop answering; empty: none announced
    std::optional<double> min_examples;
    std::optional<Range> recommended_examples;
    std::optional<double> max_example_tokens;
    std::optional<double> epochs; // the route's default; none: the training section's epoch rule
    // Billing: by the million tokens read in training, or by the GPU-hour for a model of
    // gpu_params_billion (priced by Training::self_hosted); neither: not priced.
    std::optional<double> usd_per_million_tokens;
    std::optional<double> gpu_params_billion;
    double minimum_usd = 0; // a job
    bool validation_billed = false;
    double hosting_usd_per_month = 0; // a deployed tuned model, used or not
    std::vector<RouteSource> sources;

    bool priced() const { return usd_per_million_tokens.has_value() || gpu_params_billion.has_value(); }
    // The source of the figures of kind `what`, or nothing.
    const RouteSource* source_of(std::string_view what) const;
};

// How many times training reads the set: `target`, but examples x epochs kept within
// [min_examples_x_epochs, max_examples_x_epochs] and epochs within [min, max].
struct EpochRule {
    double target = 3;
    double min = 1;
    double max = 25;
    double min_examples_x_epochs = 100;
    double max_examples_x_epochs = 25000;

    double epochs_for(double examples) const;
};

// Training on one's own GPUs; every figure is an assumption the output states.
struct SelfHosting {
    double flops_per_param_token = 6;
    std::string gpu;
    double gpu_peak_tflops = 0;
    Range utilisation;
    Range usd_per_gpu_hour;
};

struct Training {
    double max_example_tokens = 65536;
    EpochRule epochs;
    double price_max_age_months = 6;
    // A route must take new jobs, and keep serving, this long from the day of the advice.
    double horizon_months = 12;
    SelfHosting self_hosted;
};

struct Scenario {
    std::string id;
    bool pays = false;
    std::string name;
    Condition when;
    std::string use_case;
    std::string why;
    std::vector<std::string> data_sources;
    std::vector<std::string> impact;
    std::vector<std::string> examples;
    std::optional<Range> investment_usd;
    std::string benefit;
    std::optional<Range> improvement_pct;
    std::string better_approach;
};

// One step of a plan: the weeks it takes, counted from 1 at the start, and what to do. Steps
// follow one another without overlapping; only the last may be open-ended.
struct PlanStep {
    double week_from = 1;
    std::optional<double> week_to; // none: open-ended ("week 9 on"), the last step only
    std::string text;              // may hold `{training_hours}` (the estimate's hours a run)
};

// What to do next for a verdict, as a timeline.
struct Plan {
    std::string id;
    std::string approach;
    std::optional<Condition> when;
    std::string title;
    std::vector<PlanStep> steps;
    bool assumed = false; // the weeks are the rules' assumption, not the source's
    bool upkeep = false;  // retraining on the upkeep schedule follows the last step
};

// Everything the advisor knows, loaded from rules YAML.
// A rules file laid over the built-in rules, as a report names it: the file as read and the
// SHA-256 of its bytes (lower-case hex, as sha256sum prints it).
struct RulesOverlay {
    std::string file;
    std::string sha256;
};

struct Rules {
    // The files laid over the built-in rules, in load order; empty for the built-in rules
    // alone. Reports name them, so that a check whose rules a pull request changed says so.
    std::vector<RulesOverlay> overlays;
    std::vector<Approach> approaches; // in tie-break order
    std::vector<std::string> stages;
    std::vector<Question> questions;
    std::map<std::string, double, std::less<>> thresholds;
    std::map<std::string, double> base_scores;
    std::vector<Lexicon> lexicons;
    Negation negation;
    std::vector<NumberWords> numbers;
    std::vector<AmountRule> amounts;
    Spelling spelling;
    // The signals, in the order first named: each lexicon's signal then its negated_signal,
    // then the amounts' signals.
    std::vector<std::string> signals;
    std::vector<InferenceRule> inferences;
    std::vector<DecisionRule> decisions;
    std::vector<Pitfall> pitfalls;
    std::vector<Tier> tiers; // sorted by min_examples
    Upkeep upkeep;
    std::vector<Route> routes; // the catalogue, in the rules' order
    WaiverPolicy waiver_policy;
    std::optional<Training> training; // none: no compute estimate
    std::vector<Scenario> scenarios;
    std::vector<Plan> plans;

    // Every fact a condition or a message may read, in the order of their slots: each
    // question's answer (`answers.<id>`, in question order), each signal (`signals.<id>`, in
    // signal order), then the fixed facts (src/condition.hpp). Loaded conditions name their fact by slot.
    std::vector<std::string> fact_names;

    // What the search for what would change a verdict needs of these rules, made as they
    // load (src/what_would_change.hpp).
    std::shared_ptr<const ChangeIndex> change_index;

    // The merged rules as data, before typing: what `rules show` prints (src/rule_sections.hpp).
    std::shared_ptr<const MergedRules> merged;

    // Reads descriptions with the lexicons and negation above (a copy of them); shared by
    // copies of these rules.
    std::shared_ptr<const DescriptionReader> description_reader;

    const Question* find_question(std::string_view id) const;
    const Approach* find_approach(std::string_view id) const;
    const Pitfall* find_pitfall(std::string_view id) const;
    // The routes of `provider`, or of its `model` when one is given, in the rules' order.
    std::vector<const Route*> find_routes(std::string_view provider, std::string_view model = {}) const;

    // The ids of the approaches (in tie-break order), questions and pitfalls, for messages
    // that list or suggest them.
    std::vector<std::string> approach_ids() const;
    std::vector<std::string> question_ids() const;
    std::vector<std::string> pitfall_ids() const;
    std::vector<std::string> provider_ids() const; // each once, in the order of the routes
};

// One rules file's name (for messages) and text.
struct RuleSource {
    std::string name;
    std::string text;
    // The built-in rules are embedded as JSON converted from their YAML at build time
    // (tools/rules_to_json.cpp), which parses far faster; everything else is YAML.
    DocumentFormat format = DocumentFormat::yaml;
    std::string converted_from{}; // the YAML a JSON text came from, to locate problems in
    std::string linked_to{};      // where a symbolic link on the named path led (FileText::linked_to)
    bool built_in = false;        // compiled into the binary (embedded_rule_sources)
};

using RulesResult = Result<Rules>;

// Loads and validates rules from the given sources, in order; sections of later sources
// add to those of earlier ones. Reports every problem found, each with file, line and
// column: YAML syntax, unknown keys (with the nearest known key suggested), wrong types,
// duplicate ids, references to unknown questions, approaches, thresholds or facts, ranges
// whose low is above their high, and tiers that overlap or leave a gap.
RulesResult load_rules(const std::vector<RuleSource>& sources);

struct RuleSourcesResult {
    std::vector<RuleSource> sources;
    std::vector<Diagnostic> diagnostics;
};

// Reads the rules files named by `paths` through `files`, in order: each a YAML file, or a
// folder whose `.yaml` and `.yml` files are read in name order (not recursively; symbolic
// links in it are reported, not followed). Reports a path that is missing, unreadable,
// neither a file nor a folder, or over the limit, and a folder with no rules files.
RuleSourcesResult read_rule_sources(const std::vector<std::string>& paths, const FileSystem& files,
                                    const ReadLimits& limits);

// The SHA-256 of `bytes`, in lower-case hex.
std::string sha256_hex(std::string_view bytes);

// The effective rules as one YAML document, marked `complete: true`, so that loading it on
// its own (or over the defaults) gives back the same rules.
std::string render_rules_yaml(const Rules& rules);

// The rules files compiled into the binary, in load order.
const std::vector<RuleSource>& embedded_rule_sources();

// The embedded rules, loaded once. Throws Error if they do not load (a build defect).
const Rules& default_rules();

} // namespace ftadvisor
