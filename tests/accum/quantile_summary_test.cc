#include "csm/accum/quantile_summary.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

QuantileSummary SummaryOf(const std::vector<double>& values) {
  QuantileSummary s;
  for (double v : values) EXPECT_TRUE(s.Add(v));
  return s;
}

// numpy.percentile(values, 100 q) with its default method, "linear".
double NumpyLinear(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double h = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

// The reproducers (issue 21), computed by hand: a single value is
// every quantile; {1800, 1800, 5400}: h = q * 2, so p50 = x[1] = 1800 and
// p99 = x[1] + 0.98 (x[2] - x[1]) = 1800 + 0.98 * 3600 = 5328.
TEST(QuantileSummary, SmallSamplesAreExact) {
  const QuantileSummary two_hours = SummaryOf({7200});
  EXPECT_TRUE(two_hours.exact());
  EXPECT_EQ(two_hours.Quantile(0.5), 7200);
  EXPECT_EQ(two_hours.Quantile(0.99), 7200);
  EXPECT_EQ(SummaryOf({1800}).Quantile(0.5), 1800);
  const QuantileSummary three = SummaryOf({5400, 1800, 1800});
  EXPECT_EQ(three.Quantile(0.5), 1800);
  EXPECT_DOUBLE_EQ(*three.Quantile(0.9), 1800 + 0.8 * 3600);   // 4680
  EXPECT_DOUBLE_EQ(*three.Quantile(0.95), 1800 + 0.9 * 3600);  // 5040
  EXPECT_DOUBLE_EQ(*three.Quantile(0.99), 5328);
  EXPECT_EQ(three.Min(), 1800);
  EXPECT_EQ(three.Max(), 5400);
  EXPECT_EQ(QuantileSummary().Quantile(0.5), std::nullopt);
  EXPECT_EQ(three.Quantile(1.5), std::nullopt);
  EXPECT_FALSE(QuantileSummary().Add(-1));
  EXPECT_FALSE(QuantileSummary().Add(NAN));
}

TEST(QuantileSummary, EqualsNumpyLinearOnRandomSmallSamples) {
  std::mt19937_64 rng(21);
  for (int trial = 0; trial < 200; ++trial) {
    const size_t n = 1 + rng() % QuantileSummary::kExactLimit;
    std::vector<double> values = testing::LognormalValues(rng, n, 7, 2);
    // Ties, as whole seconds have.
    for (double& v : values) v = std::round(v / 60) * 60;
    const QuantileSummary s = SummaryOf(values);
    ASSERT_TRUE(s.exact());
    for (double q : {0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 1.0}) {
      EXPECT_DOUBLE_EQ(*s.Quantile(q), NumpyLinear(values, q)) << "n " << n << " q " << q;
    }
  }
}

TEST(QuantileSummary, PastTheLimitTheSketchInterpolatesTheSameWay) {
  std::mt19937_64 rng(22);
  std::vector<double> values = testing::LognormalValues(rng, QuantileSummary::kExactLimit, 7, 2);
  QuantileSummary s = SummaryOf(values);
  ASSERT_TRUE(s.exact());
  values.push_back(90000);
  ASSERT_TRUE(s.Add(90000));
  EXPECT_FALSE(s.exact());
  EXPECT_TRUE(s.values().empty());
  EXPECT_EQ(s.count(), QuantileSummary::kExactLimit + 1);
  for (int i = 0; i < 2000; ++i) values.push_back(testing::LognormalValues(rng, 1, 7, 2)[0]);
  for (size_t i = QuantileSummary::kExactLimit + 1; i < values.size(); ++i) s.Add(values[i]);
  for (double q : {0.0, 0.5, 0.9, 0.99, 1.0}) {
    const double exact = NumpyLinear(values, q);
    EXPECT_NEAR(*s.Quantile(q), exact, 0.01 * exact) << q;
  }
  // Removing below the limit does not go back: precision, not meaning.
  for (size_t i = 0; i < 2000; ++i) ASSERT_TRUE(s.Remove(values[i]));
  EXPECT_FALSE(s.exact());
}

TEST(QuantileSummary, RemoveIsExactWhileExact) {
  QuantileSummary s = SummaryOf({60, 1800, 1800, 5400});
  ASSERT_TRUE(s.Remove(5400));
  EXPECT_EQ(s.Max(), 1800);  // the next largest: exact after a retraction
  ASSERT_TRUE(s.Remove(60));
  EXPECT_EQ(s.Min(), 1800);
  EXPECT_EQ(s.count(), 2u);
  EXPECT_FALSE(s.Remove(60));  // not recorded any more
  EXPECT_EQ(s, SummaryOf({1800, 1800}));
  ASSERT_TRUE(s.Remove(1800));
  ASSERT_TRUE(s.Remove(1800));
  EXPECT_EQ(s.Quantile(0.5), std::nullopt);
}

TEST(QuantileSummary, MergeStaysExactWhileTheUnionFits) {
  QuantileSummary a = SummaryOf({1800, 5400});
  ASSERT_TRUE(a.Merge(SummaryOf({1800})));
  EXPECT_TRUE(a.exact());
  EXPECT_EQ(a, SummaryOf({1800, 1800, 5400}));
  EXPECT_DOUBLE_EQ(*a.Quantile(0.99), 5328);
  // Exactly at the limit: still exact.
  std::vector<double> half(QuantileSummary::kExactLimit / 2, 10.0);
  QuantileSummary full = SummaryOf(half);
  ASSERT_TRUE(full.Merge(SummaryOf(half)));
  EXPECT_TRUE(full.exact());
  EXPECT_EQ(full.count(), QuantileSummary::kExactLimit);
  // One more crosses it: the sketch of everything.
  QuantileSummary crossed = full;
  ASSERT_TRUE(crossed.Merge(SummaryOf({20})));
  EXPECT_FALSE(crossed.exact());
  QuantileSketch expected;
  for (int i = 0; i < static_cast<int>(QuantileSummary::kExactLimit); ++i) expected.Add(10);
  expected.Add(20);
  EXPECT_EQ(crossed.sketch(), expected);
}

TEST(QuantileSummary, MergeWithASketchGivesTheSketchOfEverything) {
  std::mt19937_64 rng(23);
  const std::vector<double> many = testing::UniformValues(rng, 500, 1, 1e5);
  const std::vector<double> few = {3, 7, 7};
  const QuantileSummary big = SummaryOf(many);
  ASSERT_FALSE(big.exact());
  QuantileSummary exact_then_sketch = SummaryOf(few);
  ASSERT_TRUE(exact_then_sketch.Merge(big));
  QuantileSummary sketch_then_exact = big;
  ASSERT_TRUE(sketch_then_exact.Merge(SummaryOf(few)));
  std::vector<double> all = many;
  all.insert(all.end(), few.begin(), few.end());
  EXPECT_EQ(exact_then_sketch, sketch_then_exact);
  EXPECT_EQ(exact_then_sketch, SummaryOf(all));
}

TEST(QuantileSummary, MergeLaws) {
  std::mt19937_64 rng(24);
  for (size_t n : {size_t{5}, size_t{60}, size_t{100}, size_t{3000}}) {
    testing::CheckMergeLaws(
        QuantileSummary(), testing::LognormalValues(rng, n, 5, 2), rng,
        [](QuantileSummary& s, double v) { s.Add(v); },
        [](const QuantileSummary& a, const QuantileSummary& b) { return a == b; });
  }
}

std::vector<std::string> SampleSummaries() {
  std::mt19937_64 rng(25);
  std::vector<std::string> out = {QuantileSummary().Serialize(), SummaryOf({0, 1800}).Serialize(),
                                  SummaryOf(testing::UniformValues(rng, 64, 0, 10)).Serialize(),
                                  SummaryOf(testing::UniformValues(rng, 65, 0, 10)).Serialize()};
  const std::vector<double> values = testing::UniformValues(rng, 70, 1, 2);
  QuantileSummary emptied = SummaryOf(values);  // a sketch, emptied by removals
  for (double v : values) EXPECT_TRUE(emptied.Remove(v));
  EXPECT_FALSE(emptied.exact());
  out.push_back(emptied.Serialize());
  return out;
}

TEST(QuantileSummary, RoundTrip) {
  for (const std::string& bytes : SampleSummaries()) {
    absl::StatusOr<QuantileSummary> s = QuantileSummary::Deserialize(bytes);
    ASSERT_TRUE(s.ok()) << s.status();
    testing::CheckRoundTrip(*s);
  }
  const QuantileSummary three = SummaryOf({5400, 1800, 1800});
  EXPECT_EQ(QuantileSummary::Deserialize(three.Serialize())->Quantile(0.99), three.Quantile(0.99));
}

TEST(QuantileSummary, RejectsHostileBytes) {
  testing::CheckHostileBytes<QuantileSummary>(SampleSummaries(), 26, 1500);
  // More values than the limit, values out of order, and an exact summary
  // whose sketch has counts are all refused.
  auto exact_with = [](const std::vector<double>& values, const QuantileSketch& sketch) {
    wire::Writer w(wire::Tag::kQuantileSummary);
    w.U8(1);
    w.Varint(values.size());
    for (double v : values) w.Double(v);
    w.Bytes(sketch.Serialize());
    return std::move(w).Finish();
  };
  EXPECT_TRUE(QuantileSummary::Deserialize(exact_with({1, 2}, QuantileSketch())).ok());
  EXPECT_FALSE(QuantileSummary::Deserialize(exact_with({2, 1}, QuantileSketch())).ok());
  EXPECT_FALSE(QuantileSummary::Deserialize(exact_with({-1}, QuantileSketch())).ok());
  EXPECT_FALSE(
      QuantileSummary::Deserialize(
          exact_with(std::vector<double>(QuantileSummary::kExactLimit + 1, 1.0), QuantileSketch()))
          .ok());
  QuantileSketch counted;
  counted.Add(3);
  EXPECT_FALSE(QuantileSummary::Deserialize(exact_with({1}, counted)).ok());
}

TEST(QuantileSummary, ExactFormCostsItsValues) {
  const QuantileSummary empty;
  const QuantileSummary few = SummaryOf({1, 2, 3});
  EXPECT_EQ(few.MemoryBytes(), empty.MemoryBytes() + few.values().capacity() * sizeof(double));
  EXPECT_LE(few.values().capacity(), 4u);
}

}  // namespace
}  // namespace csm
