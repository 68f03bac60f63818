// HugePageAllocator: an allocator for the engine's big hash tables. Blocks of
// 2 MiB and more are 2 MiB-aligned and advised to use transparent huge pages
// (madvise MADV_HUGEPAGE), so that a table of a million tickets spans a few
// hundred TLB entries instead of tens of thousands of 4 KiB pages: each
// random ticket lookup then costs one cache miss instead of a page walk plus
// a cache miss. Smaller blocks come from operator new. Where the kernel
// offers no huge pages the advice is a no-op.
#ifndef CSM_MODEL_HUGE_PAGE_ALLOCATOR_H_
#define CSM_MODEL_HUGE_PAGE_ALLOCATOR_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace csm {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding must be implicit

  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage)
      return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete (p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace csm

#endif  // CSM_MODEL_HUGE_PAGE_ALLOCATOR_H_
