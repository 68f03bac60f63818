// Counts the bytes operator new hands out, so the hostile-bytes checks can
// bound what decoding allocates. Replaces every non-aligned operator new and
// delete of the test binary (malloc/free underneath, which the sanitizers
// still watch).
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace {
std::atomic<size_t> allocated_bytes{0};

void* Allocate(size_t size) {
  allocated_bytes.fetch_add(size, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(size_t size) { return Allocate(size); }
void* operator new[](size_t size) { return Allocate(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  try {
    return Allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  try {
    return Allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace csm::testing {

size_t AllocatedBytes() { return allocated_bytes.load(std::memory_order_relaxed); }
void ResetAllocatedBytes() { allocated_bytes.store(0, std::memory_order_relaxed); }

namespace {

TEST(AllocationProbe, CountsWhatOperatorNewHandsOut) {
  ResetAllocatedBytes();
  std::vector<char> v(100000);
  v[1] = 1;
  EXPECT_GE(AllocatedBytes(), 100000u);
  ResetAllocatedBytes();
  EXPECT_EQ(AllocatedBytes(), 0u);
}

}  // namespace
}  // namespace csm::testing
