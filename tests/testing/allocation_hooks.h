// Hooks on the test binaries' operator new (allocation_hooks.cc, linked
// into every tests/<layer> binary, replaces the non-aligned operator new and
// delete with malloc/free, which the sanitizers still watch): count what it
// hands out, or make an allocation fail.
#ifndef CSM_TESTS_TESTING_ALLOCATION_HOOKS_H_
#define CSM_TESTS_TESTING_ALLOCATION_HOOKS_H_

#include <cstddef>

namespace csm::testing {

// Bytes requested from operator new (all threads) since the last
// ResetAllocatedBytes().
size_t AllocatedBytes();
void ResetAllocatedBytes();

// The n-th operator new from now on the calling thread throws
// std::bad_alloc; 0 disarms.
void FailNthAllocation(int n);

}  // namespace csm::testing

#endif  // CSM_TESTS_TESTING_ALLOCATION_HOOKS_H_
