#include "parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace ftadvisor;

namespace {

// Items 0..count-1, handed out one at a time; `waiting_after` makes ready() say the stream
// would wait after that many items, as a slow pipe does.
struct Source {
    int count;
    int waiting_after = -1;
    int given = 0;
    std::optional<int> next()
    {
        if (given == count) {
            return std::nullopt;
        }
        return given++;
    }
    bool ready() const { return given != waiting_after; }
};

} // namespace

TEST_CASE("ordered_parallel_map hands results back in input order, whatever the threads", "[parallel]")
{
    for (const unsigned threads : {1u, 2u, 3u, 8u}) {
        for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{256}}) {
            INFO("threads " << threads << ", batch " << batch);
            Source source{1000};
            std::vector<int> out;
            std::atomic<int> worked{0};
            ordered_parallel_map<int, int>([&] { return source.next(); }, [&] { return source.ready(); }, [] {},
                                           [&](int& item) {
                ++worked;
                if (item % 97 == 0) {
                    std::this_thread::yield(); // some items take longer
                }
                return item * 2;
            },
                                           [&](int& result) { out.push_back(result); }, threads, batch);
            REQUIRE(out.size() == 1000);
            CHECK(worked == 1000);
            bool ordered = true;
            for (int i = 0; i < 1000; ++i) {
                ordered = ordered && out[static_cast<std::size_t>(i)] == 2 * i;
            }
            CHECK(ordered);
        }
    }
}

TEST_CASE("ordered_parallel_map finishes what it has before a slow stream waits", "[parallel]")
{
    Source source{10, 3};
    std::vector<int> sunk_when_idle;
    std::vector<int> out;
    ordered_parallel_map<int, int>([&] { return source.next(); }, [&] { return source.ready(); },
                                   [&] { sunk_when_idle.push_back(static_cast<int>(out.size())); },
                                   [](int& item) { return item; }, [&](int& result) { out.push_back(result); }, 2, 256);
    CHECK(out.size() == 10);
    // When the stream would wait after three items, those three were sunk and idle() called.
    REQUIRE_FALSE(sunk_when_idle.empty());
    CHECK(sunk_when_idle.front() == 3);
}

TEST_CASE("ordered_parallel_map rethrows a worker's exception once the threads have stopped", "[parallel]")
{
    Source source{500};
    std::vector<int> out;
    auto run = [&] {
        ordered_parallel_map<int, int>([&] { return source.next(); }, [] { return true; }, [] {},
                                       [](int& item) {
            if (item == 250) {
                throw std::runtime_error("item 250");
            }
            return item;
        },
                                       [&](int& result) { out.push_back(result); }, 2, 16);
    };
    CHECK_THROWS_AS(run(), std::runtime_error);
    // What was sunk is a prefix, in order, of the items before the failing one's batch.
    CHECK(out.size() <= 240);
    for (std::size_t i = 0; i < out.size(); ++i) {
        CHECK(out[i] == static_cast<int>(i));
    }
    // And the input was not read to its end.
    CHECK(source.given < 500);
}
