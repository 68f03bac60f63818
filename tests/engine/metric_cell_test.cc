#include "csm/engine/metric_cell.h"

#include <limits>

#include "gtest/gtest.h"

namespace csm {
namespace {

const std::vector<double> kEdges = {60, 3600};

TEST(DurationStatsTest, BusinessSharesTheCalendarSideUntilTheyDiffer) {
  DurationStats d(kEdges);
  d.Record(Millis{1000}, Millis{1000}, +1);
  d.Record(Millis{2000}, Millis{2000}, +1);
  EXPECT_TRUE(d.business_is_calendar());
  EXPECT_EQ(&d.business(), &d.calendar());
  d.Record(Millis{5000}, Millis{0}, +1);
  ASSERT_FALSE(d.business_is_calendar());
  EXPECT_EQ(d.calendar().millis.sum(), 8000);
  EXPECT_EQ(d.business().millis.sum(), 3000);
  EXPECT_EQ(d.business().millis.count(), 3u);
  // A sample added while shared is retracted from both sides.
  d.Record(Millis{2000}, Millis{2000}, -1);
  EXPECT_EQ(d.calendar().millis.sum(), 6000);
  EXPECT_EQ(d.business().millis.sum(), 1000);
  EXPECT_EQ(d.business().retracted, 1u);
}

TEST(DurationStatsTest, MergeAndSerializeGiveWhatOneCellWouldHold) {
  DurationStats shared(kEdges), split(kEdges), all(kEdges);
  for (auto [c, b] : {std::pair{100, 100}, {7000, 7000}}) {
    shared.Record(Millis{c}, Millis{b}, +1);
    all.Record(Millis{c}, Millis{b}, +1);
  }
  for (auto [c, b] : {std::pair{4000, 10}, {90, 90}}) {
    split.Record(Millis{c}, Millis{b}, +1);
    all.Record(Millis{c}, Millis{b}, +1);
  }
  DurationStats shared_then_split = shared;
  EXPECT_TRUE(shared_then_split.Merge(split));
  DurationStats split_then_shared = split;
  EXPECT_TRUE(split_then_shared.Merge(shared));
  for (const DurationStats* merged : {&shared_then_split, &split_then_shared}) {
    EXPECT_EQ(merged->calendar().millis.sum(), all.calendar().millis.sum());
    EXPECT_EQ(merged->business().millis.sum(), all.business().millis.sum());
    EXPECT_EQ(merged->business().seconds, all.business().seconds);
    EXPECT_EQ(merged->business().histogram, all.business().histogram);
  }
  MetricCell cell;
  cell.MutableDuration(0, kEdges) = split;
  cell.MutableDuration(1, kEdges) = shared;
  cell.count(0).Add(3);
  cell.rate(1).Add(1, 2);
  absl::StatusOr<MetricCell> back = MetricCell::Deserialize(cell.Serialize());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->Serialize(), cell.Serialize());
  EXPECT_TRUE(back->duration(1)->business_is_calendar());
  EXPECT_EQ(back->duration(0)->business().millis.sum(), split.business().millis.sum());
  EXPECT_EQ(back->count(0).value(), 3u);
  EXPECT_EQ(back->duration(2), nullptr);
  EXPECT_FALSE(MetricCell::Deserialize(cell.Serialize().substr(1)).ok());
  EXPECT_FALSE(MetricCell::Deserialize(cell.Serialize() + "x").ok());
}

TEST(MetricCell, MergeThatWouldOverflowIsRefused) {
  MetricCell full;
  full.count(0).Add(std::numeric_limits<uint64_t>::max());
  MetricCell one;
  one.count(0).Add(1);
  EXPECT_FALSE(full.Merge(one));
  MetricCell steps;
  steps.MutableStepAbandons()[3] = std::numeric_limits<uint64_t>::max();
  MetricCell more_steps = steps;
  EXPECT_FALSE(steps.Merge(more_steps));
  MetricCell ratings;
  ratings.MutableExperience().csat.by_value[5] = std::numeric_limits<uint64_t>::max();
  EXPECT_FALSE(MetricCell(ratings).Merge(ratings));
  MetricCell fine;
  fine.count(0).Add(2);
  EXPECT_TRUE(fine.Merge(one));
  EXPECT_EQ(fine.count(0).value(), 3u);
}

}  // namespace
}  // namespace csm
