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

TEST(AllocationProbe, CountsWhatOperatorNewHandsOut) {
  ResetAllocatedBytes();
  std::vector<char> v(100000);
  v[1] = 1;
  EXPECT_GE(AllocatedBytes(), 100000u);
  ResetAllocatedBytes();
  EXPECT_EQ(AllocatedBytes(), 0u);
}

TEST(AllocationProbe, FailsTheNthAllocationThenDisarms) {
  FailNthAllocation(2);
  auto first = std::make_unique<int>(1);
  EXPECT_THROW(std::make_unique<int>(2), std::bad_alloc);
  auto third = std::make_unique<int>(3);  // disarmed once it fired
  EXPECT_EQ(*first + *third, 4);
}

}  // namespace
}  // namespace csm::testing
