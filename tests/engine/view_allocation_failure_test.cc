// A view whose new cell cannot be allocated: the bad_alloc reaches the
// caller, and the view is left as it was — no null cell that a report would
// dereference, no cached cell answering for a key it does not belong to.
// The cell map has room for one more cell in these tests: absl's maps are
// not exception-safe when their own growth fails (capacity is set before
// the new slots are allocated), so only the cell's allocation is failed.
//
// Replaces the test binary's operator new with one that a test can tell to
// fail (malloc/free underneath, which the sanitizers still watch); it fails
// only while armed, on the calling thread.
#include <cstdlib>
#include <new>

#include "csm/engine/view_set.h"
#include "gtest/gtest.h"

namespace {
thread_local int fail_in = 0;  // the fail_in-th allocation from now throws; 0: none

void* Allocate(size_t size) {
  if (fail_in > 0 && --fail_in == 0) throw std::bad_alloc();
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
  fail_in = 1;
  EXPECT_THROW(view.CellAt(t, AgentKey(2)), std::bad_alloc);
  fail_in = 0;
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
  fail_in = 1;
  EXPECT_THROW(view.PutCell(key, std::move(cell)), std::bad_alloc);
  fail_in = 0;
  ASSERT_EQ(view.cells().size(), 2u);
  for (const auto& [k, c] : view.cells()) EXPECT_NE(c, nullptr);
  EXPECT_EQ(view.FindCell(key), nullptr);
}

}  // namespace
}  // namespace csm
