#include "document.hpp"
#include "ftadvisor/batch.hpp"
#include "ftadvisor/io.hpp"
#include "ftadvisor/report.hpp"
#include "ftadvisor/rules.hpp"
#include "ftadvisor/run.hpp"
#include "render_json.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include <sys/stat.h>
#include <unistd.h>

using namespace ftadvisor;

namespace {

// Files held in memory, to show that what reads goes through the FileSystem it is given:
// every open is counted.
class MemoryFiles final : public FileSystem {
public:
    std::map<std::string, std::string> files;
    std::map<std::string, std::vector<FolderFile>> folders;
    mutable std::atomic<int> opened{0};

    PathKind kind(const std::string& path) const override
    {
        if (folders.count(path) != 0) {
            return PathKind::folder;
        }
        return files.count(path) != 0 ? PathKind::file : PathKind::missing;
    }

    FileText read_file(const std::string& path, std::size_t max_bytes) const override
    {
        ++opened;
        const auto found = files.find(path);
        if (found == files.end()) {
            return {std::nullopt, Diagnostic{path, {}, {}, "cannot open: not in memory", {}}};
        }
        if (found->second.size() > max_bytes) {
            return {std::nullopt, Diagnostic{path, {}, {}, "too large", {}}};
        }
        return {found->second, std::nullopt};
    }

    OpenFile open(const std::string& path) const override
    {
        ++opened;
        const auto found = files.find(path);
        if (found == files.end()) {
            return {nullptr, 0, Diagnostic{path, {}, {}, "cannot open: not in memory", {}}};
        }
        return {std::make_unique<TextStream>(found->second), found->second.size(), std::nullopt};
    }

    std::unique_ptr<ByteStream> standard_input() const override { return std::make_unique<TextStream>(""); }

    std::unique_ptr<ByteSink> standard_output() const override { return std::make_unique<StringSink>(written); }

    std::shared_ptr<std::string> written = std::make_shared<std::string>();

    // Keeps what is written, in order.
    class StringSink final : public ByteSink {
    public:
        explicit StringSink(std::shared_ptr<std::string> to) : m_to(std::move(to)) {}
        void write(std::string_view text) override { m_to->append(text); }
        void write_owned(std::string&& text) override { m_to->append(text); }
        void flush() override {}
        bool failed() const override { return false; }

    private:
        std::shared_ptr<std::string> m_to;
    };

    FolderListing list(const std::string& folder, const std::vector<std::string_view>&, Recursive) const override
    {
        return {folders.at(folder), std::nullopt};
    }

    std::optional<Diagnostic> writable(const std::string& path, Overwrite) const override
    {
        return Diagnostic{path, {}, {}, "read-only", {}};
    }

    std::optional<Diagnostic> write_atomically(const std::string& path, std::string_view, Overwrite) const override
    {
        return Diagnostic{path, {}, {}, "read-only", {}};
    }

    std::optional<Diagnostic> append(const std::string& path, std::string_view) const override
    {
        return Diagnostic{path, {}, {}, "read-only", {}};
    }

private:
    // Hands out its text three bytes at a time, as a slow pipe would.
    class TextStream final : public ByteStream {
    public:
        explicit TextStream(std::string text) : m_text(std::move(text)) {}
        std::ptrdiff_t read(char* buffer, std::size_t size, int&) override
        {
            const std::size_t n = std::min({size, std::size_t{3}, m_text.size() - m_at});
            std::memcpy(buffer, m_text.data() + m_at, n);
            m_at += n;
            return static_cast<std::ptrdiff_t>(n);
        }

    private:
        std::string m_text;
        std::size_t m_at = 0;
    };
};

const char* const k_spec = R"({"spec_version": 1, "name": "In memory", "answers": {"production": true}})";

std::vector<std::string> read_all(SpecInputs& inputs)
{
    std::vector<std::string> out;
    while (std::optional<SpecInput> input = inputs.next()) {
        out.push_back(input->spec ? input->spec->file + ":" + std::to_string(input->spec->line)
                                  : "error " + input->error->file + ": " + input->error->message);
    }
    return out;
}

std::filesystem::path scratch(const std::string& name)
{
    const auto path = std::filesystem::temp_directory_path() / ("ftadvisor-io-" + std::to_string(::getpid()) + name);
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
}

} // namespace

TEST_CASE("specs are read through the run's FileSystem, within its limits", "[io]")
{
    MemoryFiles files;
    files.files["specs/a.json"] = k_spec;
    files.files["batch.jsonl"] = std::string(k_spec) + "\n\n" + std::string(200, ' ') + "{}\n" + k_spec + "\n";
    files.folders["specs"] = {{"specs/a.json", false}, {"specs/b.json", true}};
    const Run run(files, ReadLimits{150}, 1);
    SpecInputs inputs({"specs", "batch.jsonl", "missing.json"}, run);
    const std::vector<std::string> read = read_all(inputs);
    REQUIRE(read.size() == 6);
    CHECK(read[0] == "specs/a.json:0");
    CHECK(read[1] == std::string("error specs/b.json: ") + k_link_in_folder);
    CHECK(read[2] == "batch.jsonl:1");
    CHECK(read[3] == "error batch.jsonl: line is larger than the 150 bytes a spec may be (--max-file-size)");
    CHECK(read[4] == "batch.jsonl:4");
    CHECK(read[5] == "error missing.json: cannot open: not in memory");
}

TEST_CASE("a run measures each training set once, however many specs name it", "[io]")
{
    MemoryFiles files;
    files.files["train.jsonl"] =
        R"({"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]})"
        "\n";
    const Run run(files, ReadLimits{}, 2);
    for (int i = 0; i < 5; ++i) {
        SpecText text{"spec.json", 0,
                      R"({"spec_version": 1, "dataset": "train.jsonl", "answers": {"production": true}})",
                      DocumentFormat::json};
        const SpecOutcome outcome = evaluate_spec_text(text, default_rules(), {}, run);
        REQUIRE(outcome.evaluation);
        REQUIRE(outcome.evaluation->dataset);
        CHECK(outcome.evaluation->dataset->examples == 1);
    }
    CHECK(files.opened == 1);
    // Another run measures again.
    const Run other(files);
    SpecText text{"spec.json", 0, R"({"spec_version": 1, "dataset": "train.jsonl"})", DocumentFormat::json};
    CHECK(evaluate_spec_text(text, default_rules(), {}, other).evaluation);
    CHECK(files.opened == 2);
}

TEST_CASE("the local file system refuses what is not a regular file, without blocking", "[io]")
{
    const std::filesystem::path folder = scratch("refuse");
    const std::string fifo = (folder / "pipe.json").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const FileText from_fifo = local_files().read_file(fifo, k_default_max_document_bytes);
    REQUIRE(from_fifo.error);
    CHECK(from_fifo.error->message == "is a pipe (FIFO), not a regular file");
    const FileText from_folder = local_files().read_file(folder.string(), k_default_max_document_bytes);
    REQUIRE(from_folder.error);
    CHECK(from_folder.error->message == "is a folder, not a regular file");
    CHECK(local_files().kind(folder.string()) == PathKind::folder);
    CHECK(local_files().kind(fifo) == PathKind::other);
    CHECK(local_files().kind((folder / "none").string()) == PathKind::missing);
    std::filesystem::remove_all(folder);
}

TEST_CASE("write_atomically leaves what exists unless told to overwrite", "[io]")
{
    const std::filesystem::path folder = scratch("write");
    const std::string path = (folder / "kept.yaml").string();
    REQUIRE_FALSE(local_files().write_atomically(path, "first\n", Overwrite::no));
    const std::optional<Diagnostic> refused = local_files().write_atomically(path, "second\n", Overwrite::no);
    REQUIRE(refused);
    CHECK(refused->message == "already exists; nothing was written (use --force to replace it)");
    CHECK(*local_files().read_file(path, 100).text == "first\n");
    REQUIRE_FALSE(local_files().write_atomically(path, "third\n", Overwrite::yes));
    CHECK(*local_files().read_file(path, 100).text == "third\n");
    REQUIRE_FALSE(local_files().append(path, "more\n"));
    CHECK(*local_files().read_file(path, 100).text == "third\nmore\n");
    std::filesystem::remove_all(folder);
}

TEST_CASE("write_atomically takes the longest name a folder allows and leaves nothing else", "[io]")
{
    const std::filesystem::path folder = scratch("long-name");
    const std::string name(255, 'n');
    const std::string path = (folder / name).string();
    REQUIRE_FALSE(local_files().write_atomically(path, "first\n", Overwrite::no));
    REQUIRE_FALSE(local_files().write_atomically(path, "second\n", Overwrite::yes));
    CHECK(*local_files().read_file(path, 100).text == "second\n");
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        names.push_back(entry.path().filename().string());
    }
    CHECK(names == std::vector<std::string>{name}); // no temporary file left beside it
    std::filesystem::remove_all(folder);
}

TEST_CASE("writable refuses, before any work, what could not be written", "[io]")
{
    const std::filesystem::path folder = scratch("writable");
    std::filesystem::create_directory(folder / "real");
    std::filesystem::create_directory_symlink(folder / "real", folder / "linked");
    std::filesystem::current_path(folder);

    const std::optional<Diagnostic> missing = local_files().writable("absent/report.xml", Overwrite::no);
    REQUIRE(missing);
    CHECK(missing->file == "absent/report.xml");
    CHECK(missing->message == "the folder \"absent\" does not exist; create it first (mkdir -p absent)");

    // A pull request can bring a link into the checkout; a report is not written through it.
    for (const std::string& path : {std::string("linked/report.xml"), (folder / "linked/report.xml").string()}) {
        const std::optional<Diagnostic> linked = local_files().writable(path, Overwrite::yes);
        REQUIRE(linked);
        CHECK(linked->message.find("the folder \"linked\" on the way is a symbolic link") == 0);
        CHECK(local_files().write_atomically(path, "x\n", Overwrite::yes));
    }
    CHECK_FALSE(std::filesystem::exists(folder / "real/report.xml"));
    CHECK_FALSE(local_files().writable("real/report.xml", Overwrite::no));

    std::filesystem::create_directory(folder / "real/report.xml");
    const std::optional<Diagnostic> not_file = local_files().writable("real/report.xml", Overwrite::yes);
    REQUIRE(not_file);
    CHECK(not_file->message == "is not a regular file; nothing was written");
    std::filesystem::current_path(folder.parent_path());
    std::filesystem::remove_all(folder);
}

TEST_CASE("a rules folder reports a symbolic link as a specs folder does", "[io]")
{
    const std::filesystem::path folder = scratch("rules");
    {
        std::ofstream(folder / "10-own.yaml") << "thresholds: {min_examples: 400}\n";
    }
    std::filesystem::create_symlink("/etc/hostname", folder / "20-link.yaml");
    const RuleSourcesResult read = read_rule_sources({folder.string()}, local_files(), ReadLimits{});
    REQUIRE(read.sources.size() == 1);
    CHECK(read.sources[0].name == (folder / "10-own.yaml").string());
    REQUIRE(read.diagnostics.size() == 1);
    CHECK(read.diagnostics[0].file == (folder / "20-link.yaml").string());
    CHECK(read.diagnostics[0].message == k_link_in_folder);
    std::filesystem::remove_all(folder);
}

TEST_CASE("a file reached through a link is read, but its problems show none of its lines or values", "[io][security]")
{
    const std::filesystem::path folder = scratch("linked");
    std::filesystem::create_directories(folder / "outside");
    {
        std::ofstream(folder / "outside" / "credentials") << "token: hunter2-secret\n";
        std::ofstream(folder / "plain.yaml") << "token: hunter2-secret\n";
    }
    const std::string secret = std::filesystem::canonical(folder / "outside" / "credentials").string();
    std::filesystem::create_symlink(folder / "outside" / "credentials", folder / "evil.yaml");
    std::filesystem::create_symlink(folder / "outside" / "credentials", folder / "evil.jsonl");
    std::filesystem::create_directory_symlink(folder / "outside", folder / "via");
    const std::string via = (folder / "via" / "credentials").string();
    const auto expected = [&](std::size_t problems, const char* what) {
        return fmt::format("is a symbolic link to {} and not a valid {} ({} problem{}); the lines and values of a file "
                           "reached through a link are not shown: name {} itself to see them",
                           secret, what, problems, problems == 1 ? "" : "s", secret);
    };

    const Run run(local_files(), ReadLimits{}, 1);
    for (const std::string& path : {(folder / "evil.yaml").string(), (folder / "evil.jsonl").string(), via}) {
        INFO(path);
        SpecInputs inputs({path}, run);
        std::optional<SpecInput> input = inputs.next();
        REQUIRE(input);
        const SpecOutcome outcome =
            evaluate_spec_input(*input, default_rules(), EvaluateOptions{false, "2026-12-02", false}, run);
        REQUIRE(outcome.diagnostics.size() == 1);
        const Diagnostic& d = outcome.diagnostics[0];
        CHECK(d.file == path);
        CHECK(d.source_line.empty());
        CHECK(d.location.line == (path.find(".jsonl") != std::string::npos ? 1 : 0));
        CHECK(d.message == expected(path == via || path.find(".yaml") != std::string::npos ? 2 : 1, "spec"));
    }

    const RuleSourcesResult sources = read_rule_sources({(folder / "evil.yaml").string()}, local_files(), ReadLimits{});
    REQUIRE(sources.sources.size() == 1);
    std::vector<RuleSource> all = embedded_rule_sources();
    all.push_back(sources.sources[0]);
    const RulesResult rules = load_rules(all);
    REQUIRE(rules.diagnostics.size() == 1);
    CHECK(rules.diagnostics[0].message == expected(1, "rules file"));
    CHECK(rules.diagnostics[0].source_line.empty());

    // The same text under its own name is shown as ever.
    SpecInputs plain({(folder / "plain.yaml").string()}, run);
    std::optional<SpecInput> input = plain.next();
    REQUIRE(input);
    const SpecOutcome outcome = evaluate_spec_input(*input, default_rules(), EvaluateOptions{}, run);
    REQUIRE_FALSE(outcome.diagnostics.empty());
    CHECK(outcome.diagnostics[0].source_line == "token: hunter2-secret");
    std::filesystem::remove_all(folder);
}

TEST_CASE("a folder walk takes extensions in any case and says where a linked folder was not walked", "[io]")
{
    const std::filesystem::path folder = scratch("walk");
    std::filesystem::create_directories(folder / "team");
    {
        std::ofstream(folder / "UPPER.JSON") << R"({"spec_version":1,"name":"Upper"})";
        std::ofstream(folder / "team" / "b.Yaml") << "spec_version: 1\nname: B\n";
    }
    std::filesystem::create_symlink(folder / "team", folder / "linked");
    const FolderListing listing = local_files().list(folder.string(), {".json", ".yaml", ".yml"}, Recursive::yes);
    REQUIRE(listing.files.size() == 3);
    CHECK(listing.files[0].path == (folder / "UPPER.JSON").string());
    CHECK_FALSE(listing.files[0].link);
    CHECK(listing.files[1].path == (folder / "linked").string());
    CHECK(listing.files[1].link);
    CHECK(listing.files[2].path == (folder / "team" / "b.Yaml").string());
    CHECK(detect_format("UPPER.JSON", "name: not json") == DocumentFormat::json);
    std::filesystem::remove_all(folder);
}

TEST_CASE("the report sinks write what the formats promise, through any ByteSink", "[io][report]")
{
    const Run run;
    auto outcome = [&](const std::string& name) {
        SpecText text{"spec.json", 0, R"({"spec_version": 1, "name": ")" + name + R"("})", DocumentFormat::json};
        return evaluate_spec_text(text, default_rules(), {}, run);
    };
    const SpecOutcome a = outcome("A");
    const SpecOutcome b = outcome("B");
    SpecOutcome broken;
    broken.file = "broken.json";
    broken.diagnostics.push_back(Diagnostic{"broken.json", {1, 1}, {}, "not JSON", {}});

    auto write = [&](std::string_view format, const std::vector<const SpecOutcome*>& outcomes) {
        MemoryFiles files;
        const std::unique_ptr<ByteSink> out = files.standard_output();
        const std::unique_ptr<EvaluationSink> sink = make_evaluation_sink(format, default_rules(), TextOptions{});
        for (const SpecOutcome* o : outcomes) {
            RenderedOutcome rendered = sink->render(*o);
            sink->add(rendered, *out);
        }
        sink->finish(*out);
        return *files.written;
    };
    // One spec: the object as render_json writes it; several: a list of the same objects.
    CHECK(write("json", {&a}) == render_json(*a.evaluation));
    CHECK(write("json", {&a, &broken}) == render_json(*a.evaluation));
    const std::string list = write("json", {&a, &b});
    const nlohmann::json parsed = nlohmann::json::parse(list);
    REQUIRE(parsed.is_array());
    CHECK(parsed.size() == 2);
    CHECK(parsed[1]["name"] == "B");
    CHECK(list ==
          "[\n" + nlohmann::ordered_json::array({to_json(*a.evaluation), to_json(*b.evaluation)}).dump(2).substr(2) +
              "\n");
    CHECK(write("json", {&broken}) == "[]\n");
    CHECK(write("jsonl", {&a, &broken, &b}) ==
          render_json_line(*a.evaluation) + "\n" + render_json_line(*b.evaluation) + "\n");
    const std::string text = write("text", {&a, &broken, &b});
    CHECK(text.find("2 specs") == std::string::npos);
    CHECK(text.find("3 specs") != std::string::npos);
    CHECK(text.find("1 invalid") != std::string::npos);
}

TEST_CASE("evaluate_into and check_proposals go over every input in order, on any number of threads", "[io][report]")
{
    MemoryFiles files;
    std::string lines;
    for (int i = 0; i < 300; ++i) {
        lines += i == 7 ? std::string("{\"spec_version\": 1, \"nmae\": \"x\"}\n")
                        : R"({"spec_version": 1, "name": "P)" + std::to_string(i) + R"("})" + "\n";
    }
    files.files["batch.jsonl"] = lines;
    for (const unsigned threads : {1U, 2U, 4U}) {
        const Run run(files, ReadLimits{}, threads);
        files.written->clear();
        SpecInputs inputs({"batch.jsonl"}, run);
        const std::unique_ptr<ByteSink> out = files.standard_output();
        const std::unique_ptr<EvaluationSink> sink = make_evaluation_sink("jsonl", default_rules(), TextOptions{});
        std::vector<std::string> problems;
        const std::size_t invalid =
            evaluate_into(inputs, default_rules(), {}, run, *sink, *out, [&](const Diagnostic& d) {
                problems.push_back(d.file + ":" + std::to_string(d.location.line));
            });
        sink->finish(*out);
        CHECK(invalid == 1);
        REQUIRE_FALSE(problems.empty());
        CHECK(problems[0] == "batch.jsonl:8");
        std::vector<std::string> names;
        std::size_t start = 0;
        while (start < files.written->size()) {
            const std::size_t end = files.written->find('\n', start);
            names.push_back(nlohmann::json::parse(files.written->substr(start, end - start))["name"]);
            start = end + 1;
        }
        REQUIRE(names.size() == 299);
        CHECK(names[6] == "P6");
        CHECK(names[7] == "P8");
        CHECK(names[298] == "P299");

        SpecInputs again({"batch.jsonl"}, run);
        std::size_t reported = 0;
        const CheckedProposals checked =
            check_proposals(again, default_rules(), CheckPolicy{}, run, [&](const Diagnostic&) { ++reported; });
        const std::vector<ProposalCheck>& checks = checked.checks;
        REQUIRE(checks.size() == 300);
        CHECK_FALSE(checked.stopped);
        CHECK(checks[7].status == CheckStatus::invalid);
        CHECK(checks[299].name == "P299");
        CHECK(reported == checks[7].errors.size());

        // --max-proposals: the first are checked, and the run says the rest were not read
        SpecInputs limited({"batch.jsonl"}, run);
        const CheckedProposals first = check_proposals(
            limited, default_rules(), CheckPolicy{}, run, [](const Diagnostic&) {}, 100);
        CHECK(first.checks.size() == 100);
        CHECK(first.stopped);
        CHECK(first.checks.back().name == "P99"); // the names count from P0
        SpecInputs exact({"batch.jsonl"}, run);
        CHECK_FALSE(check_proposals(
                        exact, default_rules(), CheckPolicy{}, run, [](const Diagnostic&) {}, 300)
                        .stopped);
    }
}

TEST_CASE("every format is in the one table, with help for each command it serves", "[report]")
{
    CHECK(report_format_names() ==
          std::vector<std::string>{"text", "json", "jsonl", "markdown", "junit", "sarif", "github"});
    CHECK(report_format_names(ReportCommand::evaluate) ==
          std::vector<std::string>{"text", "json", "jsonl", "markdown"});
    CHECK(report_format_names(ReportCommand::check) ==
          std::vector<std::string>{"text", "json", "markdown", "junit", "sarif", "github"});
    for (const ReportFormat& format : report_formats()) {
        const bool evaluate = (format.commands & static_cast<unsigned>(ReportCommand::evaluate)) != 0;
        const bool check = (format.commands & static_cast<unsigned>(ReportCommand::check)) != 0;
        CHECK(evaluate == !format.for_evaluate.empty());
        CHECK(check == !format.for_check.empty());
        if (evaluate) {
            CHECK(make_evaluation_sink(format.name, default_rules(), TextOptions{}) != nullptr);
        } else {
            CHECK_THROWS(make_evaluation_sink(format.name, default_rules(), TextOptions{}));
        }
        if (check) {
            CHECK_FALSE(render_check_report(format.name, CheckReport{}, TextOptions{}).empty());
        }
    }
    CHECK(report_format_help(ReportCommand::check).find("  junit     JUnit XML") != std::string::npos);
}
