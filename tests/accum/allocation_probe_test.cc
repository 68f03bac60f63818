// The operator new hooks every test binary links (testing/allocation_hooks.h):
// the byte counter the hostile-bytes checks bound decoding with, and the
// allocation that can be told to fail.
#include <memory>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "testing/allocation_hooks.h"

namespace csm::testing {

namespace {

// Where the probes' allocations escape to. An optimizer may drop a new /
// delete pair whose pointer goes nowhere (GCC does at -O2 and -O3), and the
// probe would then count, or fail, an allocation that never happened.
void* volatile escaped = nullptr;

std::unique_ptr<int> NewInt(int value) {
  auto p = std::make_unique<int>(value);
  escaped = p.get();
  return p;
}

TEST(AllocationProbe, CountsWhatOperatorNewHandsOut) {
  ResetAllocatedBytes();
  std::vector<char> v(100000);
  escaped = v.data();
  EXPECT_GE(AllocatedBytes(), 100000u);
  ResetAllocatedBytes();
  EXPECT_EQ(AllocatedBytes(), 0u);
}

TEST(AllocationProbe, FailsTheNthAllocationThenDisarms) {
  FailNthAllocation(2);
  auto first = NewInt(1);
  EXPECT_THROW(NewInt(2), std::bad_alloc);
  auto third = NewInt(3);  // disarmed once it fired
  EXPECT_EQ(*first + *third, 4);
}

}  // namespace
}  // namespace csm::testing
