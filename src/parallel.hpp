#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace ftadvisor {

// Applies `work` to every item `next` yields, on `threads` threads, and hands the results
// to `sink` on the calling thread in the order of the items, as soon as each is ready.
// Items travel in batches of `batch_size`; at most two batches a thread are in flight, so
// memory stays bounded however many items there are. When `ready` says that `next` would
// wait for input, the items read so far are finished and sunk first, and `idle` is called
// (to flush output), so a slow stream gets each result before the next item arrives.
// `next`, `ready`, `idle` and `sink` run on the calling thread only; `work` must be safe to
// call concurrently. An exception from `work` stops the run: no more items are read, the
// results before the failing item's batch are sunk and none after it, and the exception is
// rethrown here once the threads have stopped.
template <class In, class Out, class Next, class Ready, class Idle, class Work, class Sink>
// Long on purpose: the whole protocol between reader, workers and writer, kept together so
// that its locking can be read at once.
// NOLINTNEXTLINE(readability-function-size,readability-function-cognitive-complexity)
void ordered_parallel_map(Next&& next, Ready&& ready, Idle&& idle, Work&& work, Sink&& sink, unsigned threads,
                          std::size_t batch_size)
{
    auto one_by_one = [&] {
        for (;;) {
            if (!ready()) {
                idle();
            }
            std::optional<In> item = next();
            if (!item) {
                break;
            }
            Out out = work(*item);
            sink(out);
        }
    };
    if (threads <= 1) {
        one_by_one();
        return;
    }

    struct Batch {
        std::vector<In> in;
        std::vector<Out> out;
        bool done = false;
        bool failed = false; // `work` threw on one of its items
    };
    std::mutex mutex;
    std::condition_variable work_ready;
    std::condition_variable batch_done;
    std::deque<Batch*> todo;                    // batches no thread has taken yet
    std::deque<std::unique_ptr<Batch>> pending; // every batch not yet sunk, in order
    std::vector<std::unique_ptr<Batch>> spare;  // sunk batches, kept for their vectors' room
    bool closing = false;
    std::exception_ptr failure;

    auto worker = [&] {
        for (;;) {
            Batch* batch = nullptr;
            {
                std::unique_lock lock(mutex);
                work_ready.wait(lock, [&] { return closing || !todo.empty(); });
                if (todo.empty()) {
                    return;
                }
                batch = todo.front();
                todo.pop_front();
            }
            try {
                batch->out.reserve(batch->in.size());
                for (In& item : batch->in) {
                    batch->out.push_back(work(item));
                }
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) {
                    failure = std::current_exception();
                }
                batch->out.clear();
                batch->failed = true;
            }
            {
                std::lock_guard lock(mutex);
                batch->done = true;
            }
            batch_done.notify_all();
        }
    };

    const std::size_t max_pending = std::size_t{2} * threads;
    bool stopped = false; // a batch failed: nothing from it or after it is sunk
    // Sinks finished batches at the front; waits for the front one while `wait_for` holds.
    auto drain = [&](auto wait_for) {
        for (;;) {
            std::unique_ptr<Batch> batch;
            {
                std::unique_lock lock(mutex);
                if (pending.empty()) {
                    return;
                }
                if (!pending.front()->done) {
                    if (!wait_for(pending.size())) {
                        return;
                    }
                    batch_done.wait(lock, [&] { return pending.front()->done; });
                }
                batch = std::move(pending.front());
                pending.pop_front();
            }
            stopped = stopped || batch->failed;
            if (!stopped) {
                for (Out& out : batch->out) {
                    sink(out);
                }
            }
            batch->in.clear();
            batch->out.clear();
            batch->done = false;
            batch->failed = false;
            spare.push_back(std::move(batch));
        }
    };

    std::vector<std::thread> pool;
    auto stop = [&] {
        {
            std::lock_guard lock(mutex);
            closing = true;
        }
        work_ready.notify_all();
        for (std::thread& thread : pool) {
            thread.join();
        }
    };
    try {
        // Started within the try: an error other than a thread that cannot start joins the
        // others before it goes on, rather than destroying them running (std::terminate).
        // Where the system lets fewer threads start (no room for their stacks), the run goes
        // on with those, or on this thread alone.
        pool.reserve(threads);
        try {
            for (unsigned i = 0; i < threads; ++i) {
                pool.emplace_back(worker);
            }
        } catch (const std::system_error&) {
            if (pool.empty()) {
                one_by_one();
                return;
            }
        } catch (const std::bad_alloc&) { // a thread's own state is allocated too
            if (pool.empty()) {
                one_by_one();
                return;
            }
        }
        for (bool more = true; more;) {
            {
                std::lock_guard lock(mutex);
                if (failure) {
                    break; // read no more: the run has failed
                }
            }
            std::unique_ptr<Batch> batch;
            if (spare.empty()) {
                batch = std::make_unique<Batch>();
                batch->in.reserve(batch_size);
            } else {
                batch = std::move(spare.back());
                spare.pop_back();
            }
            bool waiting = false; // the input has nothing ready: finish what was read first
            while (batch->in.size() < batch_size) {
                if (!ready()) {
                    waiting = true;
                    if (!batch->in.empty() || !pending.empty()) {
                        break;
                    }
                    idle();
                }
                std::optional<In> item = next();
                if (!item) {
                    more = false;
                    break;
                }
                batch->in.push_back(std::move(*item));
            }
            if (!batch->in.empty()) {
                std::lock_guard lock(mutex);
                todo.push_back(batch.get());
                pending.push_back(std::move(batch));
            }
            work_ready.notify_one();
            if (waiting) {
                drain([](std::size_t) { return true; });
                idle();
            } else {
                drain([&](std::size_t in_flight) { return in_flight >= max_pending; });
            }
        }
        drain([](std::size_t) { return true; });
    } catch (...) {
        stop();
        throw;
    }
    stop();
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace ftadvisor
