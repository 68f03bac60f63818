#include "csm/accum/moments.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

// Two-pass reference values.
struct Reference {
  double mean = 0, variance = 0, sum = 0, min = 0, max = 0;
};
Reference Exact(const std::vector<double>& v) {
  Reference r;
  r.sum = std::accumulate(v.begin(), v.end(), 0.0);
  r.mean = r.sum / static_cast<double>(v.size());
  for (double x : v) r.variance += (x - r.mean) * (x - r.mean);
  r.variance /= static_cast<double>(v.size());
  r.min = *std::min_element(v.begin(), v.end());
  r.max = *std::max_element(v.begin(), v.end());
  return r;
}

bool Close(double a, double b, double rel = 1e-9) {
  return std::abs(a - b) <= rel * std::max({1.0, std::abs(a), std::abs(b)});
}

bool Near(const Moments& x, const Moments& y) {
  if (x.count() != y.count()) return false;
  if (x.count() == 0) return x == y;
  return Close(x.sum(), y.sum()) && Close(*x.mean(), *y.mean()) &&
         Close(*x.variance(), *y.variance(), 1e-7) && *x.min() == *y.min() && *x.max() == *y.max();
}

TEST(Moments, EmptyHasNoStatistics) {
  Moments m;
  EXPECT_EQ(m.count(), 0u);
  EXPECT_EQ(m.sum(), 0);
  EXPECT_FALSE(m.mean() || m.min() || m.max() || m.variance() || m.sample_variance() || m.stddev());
}

TEST(Moments, MatchesTwoPassStatistics) {
  std::mt19937_64 rng(4);
  for (const auto& values :
       {testing::UniformValues(rng, 10000, 0, 3600), testing::LognormalValues(rng, 10000, 6, 2),
        testing::ParetoValues(rng, 10000, 60, 1.5)}) {
    Moments m;
    for (double x : values) ASSERT_TRUE(m.Add(x));
    const Reference r = Exact(values);
    EXPECT_EQ(m.count(), values.size());
    EXPECT_TRUE(Close(m.sum(), r.sum));
    EXPECT_TRUE(Close(*m.mean(), r.mean));
    EXPECT_TRUE(Close(*m.variance(), r.variance, 1e-9));
    EXPECT_TRUE(Close(*m.sample_variance(),
                      r.variance * static_cast<double>(values.size()) / (values.size() - 1), 1e-9));
    EXPECT_TRUE(Close(*m.stddev(), std::sqrt(r.variance), 1e-9));
    EXPECT_EQ(*m.min(), r.min);
    EXPECT_EQ(*m.max(), r.max);
  }
}

TEST(Moments, StableForLargeOffsets) {
  // Naive sum-of-squares loses everything here; Welford keeps the variance.
  Moments m;
  for (double x : {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) m.Add(x);
  EXPECT_DOUBLE_EQ(*m.mean(), 1e9 + 10);
  EXPECT_DOUBLE_EQ(*m.variance(), 22.5);
}

TEST(Moments, RemoveReversesAddButKeepsMinAndMax) {
  std::mt19937_64 rng(5);
  const std::vector<double> values = testing::LognormalValues(rng, 1000, 5, 1);
  Moments m;
  for (double x : values) m.Add(x);
  const std::vector<double> kept(values.begin(), values.begin() + 400);
  for (size_t i = 400; i < values.size(); ++i) ASSERT_TRUE(m.Remove(values[i]));
  const Reference r = Exact(kept);
  EXPECT_EQ(m.count(), 400u);
  EXPECT_TRUE(Close(m.sum(), r.sum));
  EXPECT_TRUE(Close(*m.mean(), r.mean));
  EXPECT_TRUE(Close(*m.variance(), r.variance, 1e-8));
  // min and max still cover every value ever added.
  EXPECT_EQ(*m.min(), *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(*m.max(), *std::max_element(values.begin(), values.end()));
  for (size_t i = 0; i < 400; ++i) m.Remove(values[i]);
  EXPECT_EQ(m, Moments());  // emptied: everything resets
  EXPECT_FALSE(m.Remove(1));
}

TEST(Moments, RejectsNonFiniteValuesAndOverflow) {
  Moments m;
  m.Add(1);
  EXPECT_FALSE(m.Add(std::nan("")));
  EXPECT_FALSE(m.Add(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(m.Add(1e300));  // its squared deviation overflows
  EXPECT_FALSE(m.Remove(std::nan("")));
  EXPECT_EQ(m.count(), 1u);
  EXPECT_EQ(*m.max(), 1);
}

// A merge that would overflow leaves the state as it was: finite, so it
// still serializes and round-trips.
TEST(Moments, MergeThatWouldOverflowChangesNothing) {
  Moments a;
  ASSERT_TRUE(a.Add(1.5e308));
  Moments b = a;
  const Moments before = a;
  EXPECT_FALSE(a.Merge(b));  // the sum overflows
  EXPECT_EQ(a, before);
  auto back = Moments::Deserialize(a.Serialize());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, a);
  EXPECT_TRUE(a.Merge(Moments()));
  Moments small;
  ASSERT_TRUE(small.Add(2));
  EXPECT_TRUE(small.Merge(small));
  EXPECT_EQ(small.count(), 2u);
}

TEST(Moments, MergeLawsWithinRounding) {
  std::mt19937_64 rng(6);
  for (int round = 0; round < 60; ++round) {
    const std::vector<double> values = testing::LognormalValues(rng, rng() % 500, 4, 1.5);
    testing::CheckMergeLaws(
        Moments(), values, rng, [](Moments& m, double x) { m.Add(x); }, Near);
  }
}

TEST(Moments, MergeIsBitwiseCommutative) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 100; ++round) {
    Moments a, b;
    for (double x : testing::UniformValues(rng, rng() % 50, -5, 5)) a.Add(x);
    for (double x : testing::UniformValues(rng, rng() % 50, 0, 50)) b.Add(x);
    Moments ab = a, ba = b;
    EXPECT_TRUE(ab.Merge(b));
    EXPECT_TRUE(ba.Merge(a));
    EXPECT_EQ(ab.Serialize(), ba.Serialize());
  }
}

TEST(Moments, RoundTripAndHostileBytes) {
  Moments m;
  for (double x : {3.0, 1.5, 8.25, 0.0}) m.Add(x);
  testing::CheckRoundTrip(m);
  testing::CheckRoundTrip(Moments());
  testing::CheckHostileBytes<Moments>({Moments().Serialize(), m.Serialize()}, 13);
}

}  // namespace
}  // namespace csm
