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

// Issue 21: durations of few samples report their own values. A single
// first reply of exactly 2 h is 7200 s at every quantile (the sketch said
// 7 2xx s, printed `2h 1m`); 30 min is 1800 s; {1800, 1800, 5400} s has
// p50 1800 and p99 1800 + 0.98 × 3600 = 5328 (numpy's linear percentile),
// not the sketch's 1790.
TEST(DurationStatsTest, FewSamplesGiveExactQuantiles) {
  DurationStats two_hours(kEdges);
  two_hours.Record(Millis{7'200'000}, Millis{7'200'000}, +1);
  EXPECT_EQ(two_hours.calendar().seconds.Quantile(0.5), 7200);
  EXPECT_EQ(two_hours.calendar().seconds.Quantile(0.99), 7200);
  DurationStats half_hour(kEdges);
  half_hour.Record(Millis{1'800'000}, Millis{1'800'000}, +1);
  EXPECT_EQ(half_hour.calendar().seconds.Quantile(0.5), 1800);
  DurationStats three(kEdges);
  for (int64_t ms : {1'800'000, 1'800'000, 5'400'000}) three.Record(Millis{ms}, Millis{ms}, +1);
  const QuantileSummary& q = three.calendar().seconds;
  EXPECT_TRUE(q.exact());
  EXPECT_EQ(q.Quantile(0.5), 1800);
  EXPECT_DOUBLE_EQ(*q.Quantile(0.99), 5328);
  EXPECT_EQ(q.Max(), 5400);
  // A re-solve retracts the 5400: the max is the next largest, exactly.
  three.Record(Millis{5'400'000}, Millis{5'400'000}, -1);
  EXPECT_EQ(three.calendar().seconds.Max(), 1800);
  EXPECT_EQ(three.calendar().retracted, 1u);
}

MetricCell CellWithReplies(const std::vector<int64_t>& seconds) {
  MetricCell cell;
  for (int64_t s : seconds) {
    cell.MutableDuration(0, kEdges).Record(Millis{s * 1000}, Millis{s * 1000}, +1);
    cell.MutableDistribution(0).Record(static_cast<double>(s % 7), +1);
  }
  return cell;
}

TEST(MetricCell, MergeKeepsSamplesExactUntilTheBound) {
  // exact + exact, under the bound: exact, the union.
  MetricCell a = CellWithReplies({1800, 5400});
  ASSERT_TRUE(a.Merge(CellWithReplies({1800})));
  EXPECT_TRUE(a.duration(0)->calendar().seconds.exact());
  EXPECT_DOUBLE_EQ(*a.duration(0)->calendar().seconds.Quantile(0.99), 5328);
  EXPECT_TRUE(a.distribution(0)->quantiles.exact());
  // Crossing the bound by merging: the sketch of everything, as adding
  // everything to one cell gives.
  std::vector<int64_t> first, second, all;
  for (int64_t i = 1; i <= 40; ++i) {
    first.push_back(i * 60);
    second.push_back(i * 90);
  }
  all = first;
  all.insert(all.end(), second.begin(), second.end());
  MetricCell crossed = CellWithReplies(first);
  ASSERT_TRUE(crossed.Merge(CellWithReplies(second)));
  const MetricCell together = CellWithReplies(all);
  EXPECT_FALSE(crossed.duration(0)->calendar().seconds.exact());
  EXPECT_EQ(crossed.duration(0)->calendar().seconds, together.duration(0)->calendar().seconds);
  EXPECT_EQ(crossed.distribution(0)->quantiles, together.distribution(0)->quantiles);
  // exact + sketch, either way round: the same sketch.
  MetricCell exact_into_sketch = together;
  ASSERT_TRUE(exact_into_sketch.Merge(CellWithReplies({7})));
  MetricCell sketch_into_exact = CellWithReplies({7});
  ASSERT_TRUE(sketch_into_exact.Merge(together));
  EXPECT_EQ(exact_into_sketch.Serialize(), sketch_into_exact.Serialize());
  EXPECT_FALSE(sketch_into_exact.duration(0)->calendar().seconds.exact());
}

TEST(MetricCell, SerializationCarriesTheExactSamples) {
  for (const MetricCell& cell :
       {CellWithReplies({1800, 1800, 5400}), CellWithReplies(std::vector<int64_t>(100, 60))}) {
    absl::StatusOr<MetricCell> back = MetricCell::Deserialize(cell.Serialize());
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->Serialize(), cell.Serialize());
    EXPECT_EQ(back->duration(0)->calendar().seconds, cell.duration(0)->calendar().seconds);
    EXPECT_EQ(back->distribution(0)->quantiles, cell.distribution(0)->quantiles);
  }
  const MetricCell three = CellWithReplies({1800, 1800, 5400});
  EXPECT_DOUBLE_EQ(
      *MetricCell::Deserialize(three.Serialize())->duration(0)->calendar().seconds.Quantile(0.99),
      5328);
}

}  // namespace
}  // namespace csm
