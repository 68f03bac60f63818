// A view whose new cell cannot be allocated: the bad_alloc reaches the
// caller, and the view is left as it was — no null cell that a report would
// dereference, no cached cell answering for a key it does not belong to.
// The cell map has room for one more cell in these tests: absl's maps are
// not exception-safe when their own growth fails (capacity is set before
// the new slots are allocated), so only the cell's allocation is failed.
//
// The allocation is failed through the test binaries' operator new hook
// (testing/allocation_hooks.h).
#include <new>

#include "csm/engine/internal/view_set.h"
#include "gtest/gtest.h"
#include "testing/allocation_hooks.h"

namespace csm {
namespace {

GroupKey AgentKey(uint32_t agent) {
  GroupKey key;
  key.ids[FieldIndex(Field::kAgent)] = agent;
  return key;
}

TEST(ViewAllocationFailure, AFailedNewCellLeavesTheViewAsItWas) {
  ViewSpec spec;
  spec.group_by = {Field::kAgent};
  spec.grain = Grain::kDay;
  const Instant t = FromEpochMs(1'790'000'000'000);
  View view(spec, TimeZone::Utc(), {});
  MetricCell* const a = &view.CellAt(t, AgentKey(1));
  MetricCell* const c = &view.CellAt(t, AgentKey(3));  // cached as the last cell
  ASSERT_EQ(view.cells().size(), 2u);                  // room for a third
  testing::FailNthAllocation(1);
  EXPECT_THROW(view.CellAt(t, AgentKey(2)), std::bad_alloc);
  testing::FailNthAllocation(0);
  ASSERT_EQ(view.cells().size(), 2u);
  for (const auto& [key, cell] : view.cells()) EXPECT_NE(cell, nullptr);
  // Agent 2 gets a cell of its own; agents 1 and 3 keep theirs.
  MetricCell* const b = &view.CellAt(t, AgentKey(2));
  EXPECT_NE(b, a);
  EXPECT_NE(b, c);
  EXPECT_EQ(&view.CellAt(t, AgentKey(1)), a);
  EXPECT_EQ(&view.CellAt(t, AgentKey(3)), c);
  EXPECT_EQ(&view.CellAt(t, AgentKey(2)), b);
  EXPECT_EQ(view.cells().size(), 3u);
}

TEST(ViewAllocationFailure, AFailedPutCellLeavesNoNullCell) {
  ViewSpec spec;
  spec.group_by = {Field::kAgent};
  const Instant t = FromEpochMs(1'790'000'000'000);
  View view(spec, TimeZone::Utc(), {});
  view.CellAt(t, AgentKey(1));
  view.CellAt(t, AgentKey(3));
  MetricCell cell;
  const CellKey key{ToEpochMs(t), AgentKey(2)};
  testing::FailNthAllocation(1);
  EXPECT_THROW(view.PutCell(key, std::move(cell)), std::bad_alloc);
  testing::FailNthAllocation(0);
  ASSERT_EQ(view.cells().size(), 2u);
  for (const auto& [k, c] : view.cells()) EXPECT_NE(c, nullptr);
  EXPECT_EQ(view.FindCell(key), nullptr);
}

}  // namespace
}  // namespace csm
