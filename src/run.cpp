#include "ftadvisor/run.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

namespace ftadvisor {

struct Run::Measurements {
    struct Entry {
        std::once_flag once;
        DatasetResult result;
    };
    std::mutex mutex;
    std::map<std::pair<std::string, std::uint64_t>, std::shared_ptr<Entry>> entries;
};

Run::Run(const FileSystem& files, ReadLimits limits, unsigned threads)
    : m_files(&files), m_limits(limits), m_threads(std::max(threads, 1u)),
      m_measurements(std::make_unique<Measurements>())
{
}

Run::~Run() = default;

const DatasetResult& Run::measure(const std::string& path, std::uint64_t max_tokens) const
{
    std::shared_ptr<Measurements::Entry> entry;
    {
        std::lock_guard lock(m_measurements->mutex);
        auto& slot = m_measurements->entries[{path, max_tokens}];
        if (!slot) {
            slot = std::make_shared<Measurements::Entry>();
        }
        entry = slot;
    }
    std::call_once(entry->once, [&] {
        DatasetOptions options;
        options.max_tokens = max_tokens;
        options.errors_listed = 0;
        options.threads = m_threads;
        options.max_bytes = m_limits.max_dataset_bytes;
        entry->result = measure_dataset(*m_files, path, options);
    });
    return entry->result;
}

} // namespace ftadvisor
