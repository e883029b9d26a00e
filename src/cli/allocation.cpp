// The throwing forms of operator new, over mimalloc's non-throwing ones. mimalloc's own
// operator new aborts when memory runs out (its C build cannot find a new_handler), which
// would end the process with SIGABRT and no word; these throw std::bad_alloc instead, which
// app.cpp reports as an error with exit code 2 (docs/interface.md). The matching deletes
// are mimalloc's, which free what mi_new_nothrow returns. Built only where the executable
// links mimalloc (CMakeLists.txt).

#include <mimalloc.h>

#include <atomic>
#include <cstddef>
#include <new>
#include <sys/mman.h>

namespace {

// Memory set aside at start and given back at the first failure, so that what runs while the
// error unwinds finds some: nlohmann's tree destructor allocates a stack to free a deep tree,
// and an allocation that fails in a destructor ends the process all the same.
// Address space mapped directly, so that unmapping it gives it back to every thread at once
// (memory mimalloc frees may stay in a thread's own cache).
constexpr std::size_t k_reserve_bytes = std::size_t{32} << 20;
std::atomic<void*> g_reserve{
    ::mmap(nullptr, k_reserve_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)};

void* checked(void* memory)
{
    if (memory == nullptr) {
        if (void* reserve = g_reserve.exchange(nullptr); reserve != nullptr && reserve != MAP_FAILED) {
            ::munmap(reserve, k_reserve_bytes);
        }
        throw std::bad_alloc();
    }
    return memory;
}

} // namespace

void* operator new(std::size_t size)
{
    return checked(mi_new_nothrow(size));
}

void* operator new[](std::size_t size)
{
    return checked(mi_new_nothrow(size));
}

void* operator new(std::size_t size, std::align_val_t alignment)
{
    return checked(mi_new_aligned_nothrow(size, static_cast<std::size_t>(alignment)));
}

void* operator new[](std::size_t size, std::align_val_t alignment)
{
    return checked(mi_new_aligned_nothrow(size, static_cast<std::size_t>(alignment)));
}
