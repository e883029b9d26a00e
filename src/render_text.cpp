#include "ftadvisor/render.hpp"

#include "ftadvisor/io.hpp"

#include "style.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace ftadvisor {
namespace {

class TextWriter {
public:
    TextWriter(const Evaluation& evaluation, const Rules& rules, const TextOptions& options)
        : m_evaluation(evaluation), m_rules(rules), m_options(options), m_style(options.color)
    {
    }

    std::string render()
    {
        header();
        answers();
        reasons();
        what_would_change();
        warnings();
        dataset();
        costs();
        scenarios();
        plan();
        explain();
        recap();
        return std::move(m_out);
    }

private:
    // One line of the report: a line break inside `s` (from a name) would break its layout.
    void line(std::string_view s = {}) { (m_out += text::one_line(s)) += '\n'; }

    std::size_t width() const { return static_cast<std::size_t>(std::max(m_options.width, 40)); }

    void heading(std::string_view title)
    {
        line();
        for (const auto& part : text::wrap(title, width())) {
            line(m_style.bold(part));
        }
    }

    // Prose after `lead`, wrapped to the width (text::hang).
    std::vector<std::string> paragraph_lines(std::string_view lead, std::size_t lead_width, std::string_view prose,
                                             std::size_t indent) const
    {
        return text::hang(lead, lead_width, prose, indent, width());
    }

    void paragraph(std::string_view lead, std::size_t lead_width, std::string_view prose, std::size_t indent)
    {
        for (const std::string& part : paragraph_lines(lead, lead_width, prose, indent)) {
            line(part);
        }
    }

    void paragraph(std::string_view lead, std::string_view prose, std::size_t indent)
    {
        paragraph(lead, lead.size(), prose, indent);
    }

    // Items after `lead`, `separator` between them, as many a line as fit: an item is never
    // broken ("prompt-engineer 2" stays whole).
    void listing(const std::string& lead, const std::vector<std::string>& items, std::string_view separator)
    {
        std::string current = lead;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string piece = items[i] + (i + 1 < items.size() ? std::string(separator) : std::string());
            std::string_view trimmed = piece;
            while (!trimmed.empty() && trimmed.back() == ' ') {
                trimmed.remove_suffix(1);
            }
            if (current.size() > lead.size() && current.size() + trimmed.size() > width()) {
                while (!current.empty() && current.back() == ' ') {
                    current.pop_back();
                }
                line(current);
                current = std::string(lead.size(), ' ');
            }
            current += piece;
        }
        line(current);
    }

    std::string answer_text(const Answer& answer) const
    {
        return format_answer(m_rules.find_question(answer.question), answer.value);
    }

    void header()
    {
        const Evaluation& e = m_evaluation;
        for (const std::string& part : text::wrap(e.name, width())) {
            line(m_style.bold(part));
        }
        const Approach* verdict = m_rules.find_approach(e.verdict);
        paragraph("  verdict   ", 12,
                  m_style.green(e.verdict) + (verdict != nullptr ? fmt::format(" ({})", verdict->name) : ""), 12);
        if (!e.also.empty()) {
            paragraph("  also      ", text::join(e.also, ", "), 12);
        }

        std::vector<std::string> parts;
        for (const Standing* standing : ranked_standings(e)) {
            parts.push_back(fmt::format("{} {}{}", standing->approach, text::format_number(standing->score),
                                        standing->excluded_by.empty() ? "" : " (ruled out)"));
        }
        listing("  scores    ", parts, " | ");
        if (!e.flags.empty()) {
            paragraph("  flags     ", text::join(e.flags, ", "), 12);
        }
        if (e.proposed_approach) {
            paragraph("  proposal  ",
                      fmt::format("{} ({})", *e.proposed_approach,
                                  e.proposal_supported ? "supported by the rules" : "not supported by the rules"),
                      12);
        }
    }

    void answers()
    {
        const Evaluation& e = m_evaluation;
        heading("Answers");
        std::size_t width = 0;
        for (const Answer& answer : e.answers) {
            width = std::max(width, answer.question.size());
        }
        const Inferred* stage = nullptr;
        for (const Inferred& inferred : e.inferred) {
            if (inferred.question == k_stage_answer) {
                stage = &inferred;
                width = std::max(width, inferred.question.size());
            }
        }
        for (const Answer& answer : e.answers) {
            std::string source;
            const Inferred* inferred = nullptr;
            if (answer.source == AnswerSource::inferred) {
                auto found = std::find_if(e.inferred.begin(), e.inferred.end(),
                                          [&](const Inferred& i) { return i.question == answer.question; });
                inferred = found != e.inferred.end() ? &*found : nullptr;
                source = inferred != nullptr ? fmt::format("inferred: {}", inferred->because) : "inferred";
            } else if (answer.source == AnswerSource::unknown) {
                source = "not given";
            } else if (answer.source == AnswerSource::measured && e.dataset) {
                source = "measured: clean examples in " + e.dataset->path;
            }
            paragraph(fmt::format("  {:<{}}  ", answer.question, width),
                      answer_text(answer) + (source.empty() ? "" : "  " + m_style.dim("(" + source + ")")), width + 4);
            if (inferred != nullptr) {
                evidence_line(inferred->evidence, width);
                overruled_lines(*inferred, width);
            }
        }
        if (stage != nullptr) {
            paragraph(fmt::format("  {:<{}}  ", stage->question, width),
                      format_value(stage->value) + "  " + m_style.dim(fmt::format("(inferred: {})", stage->because)),
                      width + 4);
            evidence_line(stage->evidence, width);
        }
        if (!e.unknown.empty()) {
            paragraph(
                "  ",
                fmt::format("{} unknown: a rule that reads an unknown answer does not apply, and the "
                            "verdict rests on the answers above.",
                            e.unknown.size() == 1 ? "One answer is" : fmt::format("{} answers are", e.unknown.size())),
                2);
            for (std::size_t i = 0; i < e.unknown.size() && i < e.hints.size(); ++i) {
                if (!e.hints[i].empty()) {
                    paragraph("  - ", fmt::format("{}: {}", e.unknown[i], e.hints[i]), 4);
                }
            }
        }
        for (const Contradiction& c : e.contradictions) {
            paragraph("  ! ",
                      fmt::format("{} was given as {}, but {}{}, which suggests {}; the given answer is used.",
                                  c.question, format_value(c.given), c.because, quoted_words(c.evidence),
                                  format_value(c.inferred)),
                      4);
        }
    }

    static std::string words_of(const std::vector<PhraseMatch>& evidence) { return evidence_words(evidence); }

    static std::string quoted_words(const std::vector<PhraseMatch>& evidence)
    {
        return evidence.empty() ? "" : " (" + words_of(evidence) + ")";
    }

    // Other readings of the description that gave the answer another value.
    void overruled_lines(const Inferred& inferred, std::size_t width)
    {
        for (const Inferred& other : inferred.overruled) {
            paragraph(std::string(width + 4, ' '),
                      m_style.dim(fmt::format("also read as {} ({}), from {}; the reading with more weight is used",
                                              format_value(other.value), other.because, words_of(other.evidence))),
                      width + 4);
        }
    }

    void evidence_line(const std::vector<PhraseMatch>& evidence, std::size_t width)
    {
        if (!evidence.empty()) {
            paragraph(std::string(width + 4, ' '), m_style.dim("from " + words_of(evidence)), width + 4);
        }
    }

    void reasons()
    {
        heading("Why");
        for (const Reason& reason : m_evaluation.reasons) {
            const std::string tag = "[" + reason.rule->id + "]";
            const std::string effect = effect_text(reason);
            if (effect.empty()) {
                line("  " + m_style.dim(tag));
            } else {
                paragraph("  " + m_style.dim(tag) + "  ", tag.size() + 4, effect, 6);
            }
            paragraph("    ", reason.message, 4);
        }
        if (m_evaluation.reasons.empty()) {
            line("  No rule applied; the verdict is the default for a spec with no answers.");
        }
    }

    // "fine-tune +2, rules out fine-tune, adds rag, flags marginal": what a reason did to the scores, in
    // the rules' approach order.
    std::string effect_text(const Reason& reason) const
    {
        std::vector<std::string> parts;
        for (const Approach& approach : m_rules.approaches) {
            auto points = reason.rule->scores.find(approach.id);
            if (points != reason.rule->scores.end() && points->second != 0) {
                parts.push_back(fmt::format("{} {}{}", approach.id, points->second > 0 ? "+" : "",
                                            text::format_number(points->second)));
            }
        }
        for (const auto& approach : reason.rule->exclude) {
            parts.push_back("rules out " + approach);
        }
        for (const auto& approach : reason.rule->also) {
            parts.push_back("adds " + approach);
        }
        for (const auto& flag : reason.rule->flags) {
            parts.push_back("flags " + flag);
        }
        return text::join(parts, ", ");
    }

    static std::string usd_range(const Range& range) { return text::format_usd_range(range.low, range.high); }

    // One line at the end, so that the verdict is on screen when the report ends.
    void recap()
    {
        line();
        paragraph(m_style.bold("In short") + "  ", 10, recap_text(m_evaluation), 10);
    }

    // The nearest changes of the answers that would give another verdict.
    void what_would_change()
    {
        if (m_evaluation.what_would_change.empty()) {
            return;
        }
        heading("What would change it");
        for (const VerdictChange& change : m_evaluation.what_would_change) {
            paragraph("  ", verdict_change_words(change, m_rules), 4);
        }
    }

    void warnings()
    {
        if (m_evaluation.warnings.empty()) {
            return;
        }
        heading("Pitfalls");
        for (const Warning& warning : m_evaluation.warnings) {
            const std::string severity = severity_name(warning.severity);
            paragraph("  " + m_style.severity(warning.severity, severity) + " ", 3 + severity.size(),
                      fmt::format("[{}] {}", warning.id, warning.name), 4);
            paragraph("    ", warning.message, 4);
        }
    }

    void dataset()
    {
        if (!m_evaluation.dataset) {
            return;
        }
        heading("Training data (measured)");
        paragraph("  ", dataset_summary(m_evaluation), 2);
        if (const std::string claim = claim_summary(m_evaluation); !claim.empty()) {
            paragraph("  ", claim, 2);
        }
    }

    // Labelled lines under a heading, the text wrapped beside a column of labels.
    void labelled(const std::vector<LabelledLine>& rows)
    {
        std::size_t column = 0;
        for (const LabelledLine& row : rows) {
            column = std::max(column, row.label.size());
        }
        column = std::min<std::size_t>(column + 2, 16);
        for (const LabelledLine& row : rows) {
            const bool stale = row.label == "stale prices";
            const std::string label = stale ? m_style.severity(Severity::warning, row.label) : row.label;
            const std::size_t pad = row.label.size() < column ? column - row.label.size() : 1;
            paragraph(fmt::format("  {}{}", label, std::string(pad, ' ')), 2 + row.label.size() + pad, row.text,
                      2 + column);
        }
    }

    void costs()
    {
        heading(cost_title(m_evaluation));
        labelled(cost_lines(m_evaluation));
        if (!m_evaluation.routes.empty()) {
            heading(routes_title(m_evaluation));
            labelled(route_lines(m_evaluation));
        }
    }

    void scenarios()
    {
        for (const Scenario* scenario_ptr : m_evaluation.scenarios) {
            const Scenario& scenario = *scenario_ptr;
            heading(fmt::format("Scenario: {} ({})", scenario.name,
                                scenario.pays ? "fine-tuning tends to pay" : "fine-tuning tends not to pay"));
            if (!scenario.use_case.empty()) {
                paragraph("  ", scenario.use_case, 2);
            }
            if (!scenario.why.empty()) {
                paragraph("  ", scenario.why, 2);
            }
            list("data", scenario.data_sources);
            list("impact", scenario.impact);
            list("examples", scenario.examples);
            if (scenario.investment_usd) {
                paragraph(fmt::format("  {:<11}", "cost"), 13,
                          scenario.investment_usd->high > 0
                              ? usd_range(*scenario.investment_usd) + " typical to fine-tune in this case"
                              : std::string("none at this stage: no fine-tuning yet"),
                          13);
            }
            if (!scenario.benefit.empty() || scenario.improvement_pct) {
                std::string benefit = scenario.benefit;
                if (scenario.improvement_pct) {
                    benefit += fmt::format("{}about {} to {}% improvement", benefit.empty() ? "" : ", ",
                                           text::format_number(scenario.improvement_pct->low),
                                           text::format_number(scenario.improvement_pct->high));
                }
                paragraph(fmt::format("  {:<11}", "benefit"), benefit, 13);
            }
            if (!scenario.better_approach.empty()) {
                line(fmt::format("  {:<11}{}", "instead", scenario.better_approach));
            }
        }
    }

    void list(std::string_view label, const std::vector<std::string>& items)
    {
        if (!items.empty()) {
            paragraph(fmt::format("  {:<11}", label), text::join(items, "; "), 13);
        }
    }

    static const char* truth_word(Truth truth)
    {
        return truth == Truth::yes ? "yes" : truth == Truth::no ? "no" : "unknown";
    }

    // --explain: what the description said, then every rule considered, in order.
    // Long on purpose: the --explain trace, a case for each kind of entry.
    // NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
    void explain()
    {
        const Evaluation& e = m_evaluation;
        if (!e.explained) {
            return;
        }
        heading("Trace");
        if (!e.description_read) {
            line("  description  none: every signal is unknown");
        } else {
            std::vector<std::string> values;
            for (const SignalValue& signal : e.signals) {
                values.push_back(
                    fmt::format("{} {}", signal.signal, signal.known ? text::format_number(signal.value) : "unknown"));
            }
            paragraph("  signals  ", text::join(values, ", "), 11);
            for (const PhraseMatch& m : e.matches) {
                std::string what =
                    fmt::format("\"{}\" at {}-{} ({}, {})", m.text, m.start, m.end, m.signal,
                                m.amount ? "= " + text::format_number(m.value) : "+" + text::format_number(m.weight));
                if (!m.read_as.empty()) {
                    what += " read as \"" + m.read_as + "\"";
                }
                if (m.amount && m.checked) {
                    what += ", checked";
                }
                const char* state = !m.negated_by.empty() ? "negated" : !m.chosen ? "passed " : "match  ";
                paragraph(fmt::format("  {} ", m.counts() ? state : m_style.dim(state)), 10,
                          m.negated_by.empty() ? what : what + " by \"" + m.negated_by + "\"", 10);
            }
            if (e.matches_unlisted > 0) {
                line(fmt::format("  {} more places of these phrases and amounts were read and not listed",
                                 text::format_number(static_cast<double>(e.matches_unlisted))));
            }
        }
        for (const TraceEntry& t : e.trace) {
            std::vector<std::string> inputs;
            for (const auto& [fact, value] : t.inputs) {
                inputs.push_back(fmt::format("{}={}", fact, is_known(value) ? format_value(value) : "unknown"));
            }
            std::string effect;
            if (t.decision != nullptr && t.result == Truth::yes) {
                effect = effect_text(Reason{t.decision, {}});
            }
            const std::string lead = fmt::format("  {:<7} {:<9} ", truth_word(t.result), t.kind);
            for (const std::string& part : paragraph_lines(lead, lead.size(), t.rule, 4)) {
                line(t.result == Truth::yes ? part : m_style.dim(part));
            }
            if (!inputs.empty()) {
                paragraph("      reads ", text::join(inputs, ", "), 12);
            }
            if (!effect.empty()) {
                paragraph("      adds  ", effect, 12);
            }
        }
    }

    void plan()
    {
        if (m_evaluation.plan == nullptr) {
            return;
        }
        heading("Next steps: " + m_evaluation.plan->title);
        labelled(timeline_lines(m_evaluation));
    }

    const Evaluation& m_evaluation;
    const Rules& m_rules;
    const TextOptions& m_options;
    Style m_style;
    std::string m_out;
};

std::string count(double n)
{
    return text::format_number(n);
}

// Dollars: with cents below $100, whole dollars above.
std::string money(double usd)
{
    if (usd > 0 && usd < 0.005) {
        return "under $0.01";
    }
    return usd >= 100 ? text::format_usd(std::round(usd)) : fmt::format("${:.2f}", usd);
}

// A small quantity that would round to 0 says so.
std::string amount(double value)
{
    return value > 0 && value < 0.005 ? "under 0.01" : text::format_number(value);
}

std::string money_range(const Range& range)
{
    return money(range.low) + " to " + money(range.high);
}

} // namespace

std::string evidence_words(const std::vector<PhraseMatch>& evidence)
{
    std::vector<std::string> words;
    std::set<std::string> seen; // a description may hold a great many amounts: no linear search a word
    bool checked_answers = false;
    for (const PhraseMatch& match : evidence) {
        checked_answers = checked_answers || (match.amount && match.chosen && match.checked);
    }
    for (const PhraseMatch& match : evidence) {
        std::string word = text::quote(match.text);
        std::vector<std::string> notes;
        if (!match.read_as.empty()) {
            notes.push_back("read as " + text::quote(match.read_as));
        }
        if (!match.negated_by.empty()) {
            notes.push_back("negated by " + text::quote(match.negated_by));
        }
        if (match.amount && match.low != match.high) {
            notes.push_back(fmt::format("the low end of {} to {}", text::format_number(match.low),
                                        text::format_number(match.high)));
        }
        if (match.amount && match.chosen && match.checked) {
            notes.emplace_back("checked");
        }
        if (match.amount && !match.chosen) {
            notes.push_back(fmt::format("{}, not used: {}", text::format_number(match.value),
                                        checked_answers ? "a checked amount answers" : "the first amount answers"));
        }
        if (!notes.empty()) {
            word += " (" + text::join(notes, "; ") + ")";
        }
        if (seen.insert(word).second) {
            words.push_back(std::move(word));
        }
    }
    return text::join(words, ", ");
}

std::string format_answer(const Question* question, const Value& value)
{
    std::string text = format_value(value);
    if (question != nullptr && question->kind == Question::Kind::percent && is_known(value)) {
        text += "%";
    }
    return text;
}

std::vector<const Standing*> ranked_standings(const Evaluation& evaluation)
{
    std::vector<const Standing*> ranked;
    for (const Standing& standing : evaluation.standings) {
        ranked.push_back(&standing);
    }
    const auto place = [&](const Standing* s) {
        return s->approach == evaluation.verdict ? 0 : s->excluded_by.empty() ? 1 : 2;
    };
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Standing* a, const Standing* b) {
        if (place(a) != place(b)) {
            return place(a) < place(b);
        }
        return a->score > b->score;
    });
    return ranked;
}

std::string change_words(const AnswerChange& change, const Rules& rules)
{
    const Question* question = rules.find_question(change.question);
    std::string words;
    if (question != nullptr && question->kind == Question::Kind::boolean) {
        const bool yes = std::holds_alternative<bool>(change.to) && std::get<bool>(change.to);
        words = yes ? question->change_yes : question->change_no;
        if (words.empty()) {
            words = fmt::format("if {} is {}", change.question, yes ? "yes" : "no");
        }
        return is_known(change.from) ? words : words + " (now unknown)";
    }
    const std::string to = format_answer(question, change.to);
    // The loader refuses `change.to` without {to}; rules made otherwise get the plain words.
    const std::size_t at = question != nullptr ? question->change_to.find("{to}") : std::string::npos;
    if (at != std::string::npos) {
        words = question->change_to;
        words.replace(at, 4, to);
    } else {
        words = fmt::format("with {} {}", change.question, to);
    }
    if (!is_known(change.from)) {
        return words + " (now unknown)";
    }
    const double* from = std::get_if<double>(&change.from);
    const double* target = std::get_if<double>(&change.to);
    if (from == nullptr || target == nullptr) {
        return fmt::format("{} (now {})", words, format_answer(question, change.from));
    }
    const bool percent = question != nullptr && question->kind == Question::Kind::percent;
    const double by = std::fabs(*target - *from);
    return fmt::format("{} (now {}: {}{} {})", words, format_answer(question, change.from), text::format_number(by),
                       percent ? (by == 1 ? " point" : " points") : "", *target > *from ? "more" : "fewer");
}

std::string verdict_change_words(const VerdictChange& change, const Rules& rules)
{
    std::vector<std::string> parts;
    for (const AnswerChange& c : change.changes) {
        parts.push_back(change_words(c, rules));
    }
    std::string verdict(change.verdict);
    if (!change.also.empty()) {
        std::vector<std::string> also(change.also.begin(), change.also.end());
        verdict += " (also " + text::join(also, ", ") + ")";
    }
    return verdict + ": " + text::join(parts, " and ");
}

std::string dataset_summary(const Evaluation& evaluation)
{
    if (!evaluation.dataset) {
        return {};
    }
    const MeasuredDataset& d = *evaluation.dataset;
    std::vector<std::string> unclean;
    if (d.duplicates > 0) {
        unclean.push_back(fmt::format("{} repeated", count(d.duplicates)));
    }
    if (d.empty > 0) {
        unclean.push_back(fmt::format("{} with an empty reply", count(d.empty)));
    }
    if (d.too_long > 0) {
        unclean.push_back(fmt::format("{} too long", count(d.too_long)));
    }
    if (d.format_errors > 0) {
        unclean.push_back(fmt::format("{} not usable (format errors)", count(d.format_errors)));
    }
    std::string out = fmt::format("{} clean examples of {} in {}", count(d.examples_clean), count(d.examples), d.path);
    if (!unclean.empty()) {
        out += fmt::format(" ({})", text::join(unclean, ", "));
    }
    out += fmt::format("; about {} tokens in the clean ones.", count(d.tokens_clean));
    if (d.format_errors > 0 || d.duplicates > 0) {
        out += fmt::format(" Run `ftadvisor data stats {}` for the problems.", shell_word(d.path));
    }
    return out;
}

std::string claim_summary(const Evaluation& evaluation)
{
    if (!evaluation.dataset || !evaluation.claimed_examples) {
        return {};
    }
    const double claimed = *evaluation.claimed_examples;
    const double measured = evaluation.dataset->examples_clean;
    if (claimed == measured) {
        return fmt::format("The spec's {} examples match the measured count.", count(claimed));
    }
    return fmt::format("The spec claims {} examples, {} {} than the {} measured; the measured count is used.",
                       count(claimed), count(std::fabs(claimed - measured)), claimed > measured ? "more" : "fewer",
                       count(measured));
}

namespace {

std::string epochs_words(double epochs)
{
    return fmt::format("{} epoch{}", count(epochs), epochs == 1 ? "" : "s");
}

} // namespace

std::vector<LabelledLine> compute_lines(const ComputeEstimate& compute)
{
    std::vector<LabelledLine> lines;
    lines.push_back({"compute", fmt::format("the training run alone, from the measured data: {} tokens x {} epochs "
                                            "= {} tokens read",
                                            count(std::round(compute.tokens_per_epoch)), count(compute.epochs),
                                            count(std::round(compute.training_tokens)))});
    for (const RouteCost& cost : compute.routes) {
        const Route& route = *cost.route;
        std::string upkeep = fmt::format("; upkeep {} a year", money_range(cost.upkeep_usd_per_year));
        if (route.hosting_usd_per_month > 0) {
            upkeep += fmt::format(" with hosting at {} a month", money(route.hosting_usd_per_month));
        }
        if (route.usd_per_million_tokens) {
            const RouteSource* source = route.source_of("price");
            lines.push_back(
                {"hosted",
                 fmt::format("{}  {} {}: {} at {} per million tokens (read {}){}{}{}", money(cost.cost_usd.high),
                             route.provider_name, route.name, epochs_words(cost.epochs),
                             money(*route.usd_per_million_tokens), source != nullptr ? source->read : "unknown",
                             cost.minimum_applied ? fmt::format(", the minimum of {} a job", money(route.minimum_usd))
                                                  : std::string(),
                             route.validation_billed ? ", plus validation tokens" : "", upkeep)});
        } else {
            lines.push_back(
                {"self-hosted", fmt::format("{}  {}, {}: {}, {} to {} GPU-hours{}", money_range(cost.cost_usd),
                                            route.provider_name, route.name, epochs_words(cost.epochs),
                                            amount(cost.gpu_hours->low), amount(cost.gpu_hours->high), upkeep)});
        }
    }
    if (!compute.unpriced.empty()) {
        std::vector<std::string> names;
        for (const Route* route : compute.unpriced) {
            names.push_back(fmt::format("{} {}", route->provider_name, route->name));
        }
        lines.push_back({"not priced", fmt::format("{}: the rules know no price; lay your own over the route by id "
                                                   "(docs/providers.md)",
                                                   text::join(names, ", "))});
    }
    if (compute.assumptions != nullptr) {
        const SelfHosting& a = *compute.assumptions;
        lines.push_back(
            {"assumed", fmt::format("token counts are estimates; self-hosted: {} x parameters x tokens operations on "
                                    "{} ({} TFLOPS peak) at {}% to {}% of peak, {} to {} a GPU-hour",
                                    count(a.flops_per_param_token), a.gpu, count(a.gpu_peak_tflops),
                                    count(a.utilisation.low * 100), count(a.utilisation.high * 100),
                                    money(a.usd_per_gpu_hour.low), money(a.usd_per_gpu_hour.high))});
    }
    if (compute.prices_stale) {
        lines.push_back({"stale prices", fmt::format("the oldest price was read on {}, more than {} months ago: "
                                                     "check the providers' pages before relying on these figures",
                                                     compute.prices_read, count(compute.price_max_age_months))});
    }
    return lines;
}

std::string render_text(const Evaluation& evaluation, const Rules& rules, const TextOptions& options)
{
    return text::visible(TextWriter(evaluation, rules, options).render(), options.color);
}

} // namespace ftadvisor
