#pragma once

#include "ftadvisor/dataset.hpp"
#include "ftadvisor/io.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace ftadvisor {

// What one run shares among everything it reads: where files come from, how much is read,
// how many threads work, and each training set's measurement, made once however many specs
// name it. The command line makes one per command; a test makes its own, with a FileSystem
// of its own if it likes. Thread-safe.
class Run {
public:
    explicit Run(const FileSystem& files = local_files(), ReadLimits limits = {}, unsigned threads = 1);
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;
    ~Run();

    const FileSystem& files() const { return *m_files; }
    const ReadLimits& limits() const { return m_limits; }
    unsigned threads() const { return m_threads; }

    // The training set at `path` measured as `data stats` does (counting examples over
    // `max_tokens` as too long), on this run's threads; the first call for a path measures
    // it, the others wait for that and share it.
    const DatasetResult& measure(const std::string& path, std::uint64_t max_tokens) const;

private:
    const FileSystem* m_files;
    ReadLimits m_limits;
    unsigned m_threads;
    struct Measurements;
    std::unique_ptr<Measurements> m_measurements;
};

} // namespace ftadvisor
