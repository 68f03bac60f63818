#include "testing/allocation_hooks.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<size_t> allocated_bytes{0};
thread_local int fail_in = 0;  // the fail_in-th allocation from now throws; 0: none

void* Allocate(size_t size) {
  if (fail_in > 0 && --fail_in == 0) throw std::bad_alloc();
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
void FailNthAllocation(int n) { fail_in = n; }

}  // namespace csm::testing
