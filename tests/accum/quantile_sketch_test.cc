#include "csm/accum/quantile_sketch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Every quantile on a fine grid (plus the extremes) is within the relative
// accuracy of the exact value of rank floor(q * (n - 1)).
void ExpectAccurate(const QuantileSketch& sketch, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const double alpha = sketch.relative_accuracy();
  int checked = 0;
  for (int i = 0; i <= 1000; ++i) {
    for (double q : {i / 1000.0, 0.999 + i / 1e6}) {
      if (q > 1) continue;
      const double exact = values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))];
      const std::optional<double> estimate = sketch.Quantile(q);
      ASSERT_TRUE(estimate.has_value());
      // The guarantee, with room only for floating-point rounding.
      ASSERT_LE(std::abs(*estimate - exact), alpha * exact * (1 + 1e-9) + 1e-300)
          << "q=" << q << " exact=" << exact << " estimate=" << *estimate;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2002);
}

QuantileSketch SketchOf(const std::vector<double>& values, double alpha = 0.01,
                        size_t max_buckets = QuantileSketch::kDefaultMaxBuckets) {
  QuantileSketch s(alpha, max_buckets);
  for (double v : values) EXPECT_TRUE(s.Add(v));
  return s;
}

TEST(QuantileSketch, EmptyHasNoQuantiles) {
  QuantileSketch s;
  EXPECT_TRUE(s.empty());
  EXPECT_FALSE(s.Quantile(0.5).has_value());
  s.Add(10);
  EXPECT_FALSE(s.Quantile(-0.1).has_value());
  EXPECT_FALSE(s.Quantile(1.1).has_value());
  EXPECT_FALSE(s.Quantile(kNaN).has_value());
  EXPECT_NEAR(*s.Quantile(0.5), 10, 0.1);
}

TEST(QuantileSketch, WithinOnePercentOnUniformData) {
  std::mt19937_64 rng(21);
  const auto values = testing::UniformValues(rng, 100000, 0.001, 86400);
  ExpectAccurate(SketchOf(values), values);
}

TEST(QuantileSketch, WithinOnePercentOnLognormalData) {
  std::mt19937_64 rng(22);
  const auto values = testing::LognormalValues(rng, 100000, std::log(3600), 2.5);
  ExpectAccurate(SketchOf(values), values);
}

TEST(QuantileSketch, WithinOnePercentOnParetoData) {
  std::mt19937_64 rng(23);
  const auto values = testing::ParetoValues(rng, 100000, 30, 1.1);
  ExpectAccurate(SketchOf(values), values);
}

TEST(QuantileSketch, OtherAccuraciesHoldTheirBound) {
  std::mt19937_64 rng(24);
  const auto values = testing::LognormalValues(rng, 20000, 2, 3);
  for (double alpha : {0.001, 0.005, 0.02, 0.05}) {
    ExpectAccurate(SketchOf(values, alpha, QuantileSketch::kMaxBuckets), values);
  }
}

TEST(QuantileSketch, ZerosAreExact) {
  std::mt19937_64 rng(25);
  auto values = testing::LognormalValues(rng, 1000, 3, 1);
  values.insert(values.end(), 500, 0.0);
  values.push_back(1e-310);  // subnormal: counted as zero
  QuantileSketch s = SketchOf(values);
  EXPECT_EQ(s.zero_count(), 501u);
  EXPECT_EQ(*s.Quantile(0), 0.0);
  EXPECT_EQ(*s.Quantile(0.3), 0.0);
  values.back() = 0;  // the reference treats it as the zero it is counted as
  ExpectAccurate(s, values);
}

TEST(QuantileSketch, RejectsNegativeAndNonFiniteValues) {
  QuantileSketch s;
  EXPECT_FALSE(s.Add(-1));
  EXPECT_FALSE(s.Add(kNaN));
  EXPECT_FALSE(s.Add(kInf));
  EXPECT_FALSE(s.Remove(-1));
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s, QuantileSketch());
  EXPECT_TRUE(s.Add(std::numeric_limits<double>::max()));
  EXPECT_LE(std::abs(*s.Quantile(1) / std::numeric_limits<double>::max() - 1), 0.01 + 1e-9);
}

TEST(QuantileSketch, DurationsFromOneMillisecondToOneYearFitInEightKiB) {
  // Every bucket from 1 ms to 1 year (in seconds) holds something.
  QuantileSketch s;
  for (double v = 0.001; v <= 31.5e6; v *= 1.001) s.Add(v);
  s.Add(31.5e6);
  EXPECT_FALSE(s.collapsed());
  EXPECT_LE(s.MemoryBytes(), 8192u);
  int buckets = 0;
  s.ForEachBucket([&](int64_t, uint64_t) { ++buckets; });
  EXPECT_EQ(buckets, 1210);
  // Values arriving largest first (the window grows downwards) too.
  QuantileSketch down;
  for (double v = 31.5e6; v >= 0.001; v /= 1.001) down.Add(v);
  EXPECT_LE(down.MemoryBytes(), 8192u);
}

TEST(QuantileSketch, WeightedAddEqualsRepeatedAdd) {
  QuantileSketch a, b;
  a.Add(12.5, 7);
  for (int i = 0; i < 7; ++i) b.Add(12.5);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.count(), 7u);
}

TEST(QuantileSketch, RemoveTakesValuesBack) {
  std::mt19937_64 rng(26);
  const auto kept = testing::LognormalValues(rng, 3000, 5, 2);
  const auto removed = testing::ParetoValues(rng, 3000, 1, 1.2);
  QuantileSketch s = SketchOf(kept);
  for (double v : removed) s.Add(v);
  s.Add(0, 3);
  for (double v : removed) ASSERT_TRUE(s.Remove(v));
  EXPECT_TRUE(s.Remove(0, 3));
  EXPECT_EQ(s, SketchOf(kept));
  ExpectAccurate(s, kept);
  // Nothing recorded there: removes what it can and says so.
  QuantileSketch t;
  t.Add(5, 2);
  EXPECT_FALSE(t.Remove(5, 3));
  EXPECT_EQ(t.count(), 0u);
  EXPECT_FALSE(t.Remove(1e6));
  EXPECT_FALSE(t.Remove(0));
}

TEST(QuantileSketch, MergeHasTheBucketCountsOfAddingEverything) {
  std::mt19937_64 rng(27);
  for (int round = 0; round < 40; ++round) {
    std::vector<double> values = round % 2 ? testing::LognormalValues(rng, rng() % 3000, 4, 3)
                                           : testing::ParetoValues(rng, rng() % 3000, 0.01, 0.8);
    values.insert(values.end(), rng() % 20, 0.0);
    std::shuffle(values.begin(), values.end(), rng);
    testing::CheckMergeLaws(
        QuantileSketch(), values, rng, [](QuantileSketch& s, double v) { s.Add(v); },
        [](const QuantileSketch& x, const QuantileSketch& y) { return x == y; });
  }
}

TEST(QuantileSketch, CollapsedMergeStillEqualsAddingEverything) {
  // 64 buckets cannot hold this range: the lowest ones fold, identically
  // whatever the order of adds and merges.
  std::mt19937_64 rng(28);
  for (int round = 0; round < 40; ++round) {
    const auto values = testing::LognormalValues(rng, 1 + rng() % 2000, 0, 4);
    testing::CheckMergeLaws(
        QuantileSketch(0.01, 64), values, rng, [](QuantileSketch& s, double v) { s.Add(v); },
        [](const QuantileSketch& x, const QuantileSketch& y) { return x == y; });
  }
}

TEST(QuantileSketch, CollapseKeepsHighQuantilesAccurate) {
  std::mt19937_64 rng(29);
  auto values = testing::LognormalValues(rng, 50000, 0, 5);
  QuantileSketch s = SketchOf(values, 0.01, 128);
  EXPECT_TRUE(s.collapsed());
  EXPECT_EQ(s.count(), values.size());
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  s.ForEachBucket([&](int64_t i, uint64_t) {
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  });
  EXPECT_LT(hi - lo, 128);
  EXPECT_LE(s.MemoryBytes(), sizeof(QuantileSketch) + 128 * sizeof(uint32_t));
  std::sort(values.begin(), values.end());
  // 128 buckets of 2 % span a factor of about 13: quantiles within a factor
  // 10 of the maximum stay within 1 %; lower ones are over-estimated (they
  // answer from the floor bucket), never under.
  int accurate = 0;
  for (int i = 0; i <= 10000; ++i) {
    const double q = i / 10000.0;
    const double exact = values[static_cast<size_t>(q * (values.size() - 1))];
    const double estimate = *s.Quantile(q);
    if (exact >= values.back() / 10) {
      EXPECT_LE(std::abs(estimate - exact), 0.01 * exact * (1 + 1e-9)) << q;
      ++accurate;
    } else {
      EXPECT_GE(estimate, exact * 0.99) << q;
    }
  }
  EXPECT_GT(accurate, 0);
}

TEST(QuantileSketch, CountsWidenPastThirtyTwoBits) {
  QuantileSketch s, t;
  s.Add(10, 3'000'000'000);
  s.Add(1000, 3'000'000'000);
  s.Add(0, 5);
  t.Add(1000, 3'000'000'000);
  t.Add(10, 3'000'000'000);
  t.Add(0, 5);
  EXPECT_EQ(s, t);
  EXPECT_EQ(s.count(), 6'000'000'005u);
  EXPECT_NEAR(*s.Quantile(0.25), 10, 0.1);
  EXPECT_NEAR(*s.Quantile(0.75), 1000, 10);
  testing::CheckRoundTrip(s);
  QuantileSketch narrow;
  narrow.Add(10, 7);
  EXPECT_TRUE(narrow.Merge(s));
  EXPECT_EQ(narrow.count(), 6'000'000'012u);
  EXPECT_TRUE(narrow.Remove(10, 3'000'000'007));
  EXPECT_NEAR(*narrow.Quantile(0.9), 1000, 10);
}

TEST(QuantileSketch, CountersWidenAsTheTotalGrows) {
  // 8-bit counters up to a total of 255, then 16, 32, 64 bits.
  QuantileSketch s;
  s.Add(2, 255);
  const size_t small = s.MemoryBytes();
  s.Add(2);
  s.Add(3, 70000);
  EXPECT_GT(s.MemoryBytes(), small);
  s.Add(2, uint64_t{1} << 33);
  QuantileSketch expected;
  expected.Add(3, 70000);
  expected.Add(2, (uint64_t{1} << 33) + 256);
  EXPECT_EQ(s, expected);
  // A sketch of an hour's few dozen durations stays small.
  std::mt19937_64 rng(34);
  const QuantileSketch hour = SketchOf(testing::LognormalValues(rng, 60, std::log(3600), 2));
  EXPECT_LE(hour.MemoryBytes(), 1024u);
}

TEST(QuantileSketch, MergeAcrossAccuraciesAddsTheErrors) {
  std::mt19937_64 rng(30);
  const auto a_values = testing::LognormalValues(rng, 5000, 3, 2);
  const auto b_values = testing::LognormalValues(rng, 5000, 5, 1);
  QuantileSketch a = SketchOf(a_values, 0.01);
  EXPECT_TRUE(a.Merge(SketchOf(b_values, 0.02)));
  std::vector<double> all = a_values;
  all.insert(all.end(), b_values.begin(), b_values.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(a.count(), all.size());
  for (double q = 0; q <= 1; q += 0.01) {
    const double exact = all[static_cast<size_t>(q * (all.size() - 1))];
    EXPECT_LE(std::abs(*a.Quantile(q) - exact), 0.0302 * exact) << q;
  }
}

TEST(QuantileSketch, CreateValidatesParameters) {
  EXPECT_TRUE(QuantileSketch::Create(0.01, 2048).ok());
  EXPECT_FALSE(QuantileSketch::Create(0, 2048).ok());
  EXPECT_FALSE(QuantileSketch::Create(0.9, 2048).ok());
  EXPECT_FALSE(QuantileSketch::Create(kNaN, 2048).ok());
  EXPECT_FALSE(QuantileSketch::Create(0.01, 2).ok());
  EXPECT_FALSE(QuantileSketch::Create(0.01, size_t{1} << 30).ok());
  // The constructor clamps instead.
  EXPECT_EQ(QuantileSketch(kNaN).relative_accuracy(), QuantileSketch::kDefaultRelativeAccuracy);
  EXPECT_EQ(QuantileSketch(0.01, 1).max_buckets(), QuantileSketch::kMinBuckets);
}

std::vector<std::string> SampleSketches() {
  std::mt19937_64 rng(31);
  std::vector<std::string> out = {QuantileSketch().Serialize()};
  QuantileSketch small;
  small.Add(0);
  small.Add(3.5, 4);
  small.Add(7200);
  out.push_back(small.Serialize());
  out.push_back(SketchOf(testing::LognormalValues(rng, 200, 0, 5), 0.05, 16).Serialize());
  QuantileSketch emptied = SketchOf(testing::LognormalValues(rng, 50, 0, 6), 0.02, 8);
  out.push_back(emptied.Serialize());
  return out;
}

TEST(QuantileSketch, RoundTrip) {
  std::mt19937_64 rng(32);
  for (const std::string& bytes : SampleSketches()) {
    testing::CheckRoundTrip(*QuantileSketch::Deserialize(bytes));
  }
  QuantileSketch big = SketchOf(testing::ParetoValues(rng, 100000, 0.5, 1));
  testing::CheckRoundTrip(big);
  const auto back = QuantileSketch::Deserialize(big.Serialize());
  EXPECT_EQ(back->Quantile(0.99), big.Quantile(0.99));
}

TEST(QuantileSketch, RejectsHostileBytes) {
  testing::CheckHostileBytes<QuantileSketch>(SampleSketches(), 33);
  // A bucket run longer than max_buckets, or than the input, is refused
  // before anything is allocated for it.
  wire::Writer w(wire::Tag::kQuantileSketch);
  w.Double(0.01);
  w.Varint(2048);
  w.Varint(0);
  w.U8(0);
  w.Varint(2000);  // 2000 buckets announced, none present
  w.SignedVarint(0);
  EXPECT_FALSE(QuantileSketch::Deserialize(std::move(w).Finish()).ok());
  wire::Writer far(wire::Tag::kQuantileSketch);
  far.Double(0.01);
  far.Varint(2048);
  far.Varint(0);
  far.U8(0);
  far.Varint(1);
  far.SignedVarint(int64_t{1} << 40);  // an index no double reaches
  far.Varint(1);
  EXPECT_FALSE(QuantileSketch::Deserialize(std::move(far).Finish()).ok());
}

TEST(QuantileSketch, MergeThatWouldOverflowChangesNothing) {
  QuantileSketch full;
  ASSERT_TRUE(full.Add(3.0, std::numeric_limits<uint64_t>::max() - 1));
  QuantileSketch other;
  ASSERT_TRUE(other.Add(700.0, 2));
  const QuantileSketch before = full;
  EXPECT_FALSE(full.Merge(other));
  EXPECT_EQ(full, before);
  QuantileSketch coarse(0.05);  // another accuracy: the re-adding path
  ASSERT_TRUE(coarse.Add(1.0, 2));
  EXPECT_FALSE(full.Merge(coarse));
  EXPECT_EQ(full, before);
  EXPECT_FALSE(full.Merge(full));
  EXPECT_EQ(full, before);
  QuantileSketch one;
  ASSERT_TRUE(one.Add(3.0));
  EXPECT_TRUE(full.Merge(one));
  EXPECT_EQ(full.count(), std::numeric_limits<uint64_t>::max());
  ASSERT_TRUE(QuantileSketch::Deserialize(full.Serialize()).ok());
}

}  // namespace
}  // namespace csm
