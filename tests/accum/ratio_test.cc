#include "csm/accum/ratio.h"

#include <cmath>
#include <limits>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(Ratio, PercentIsNullWhileTheDenominatorIsZero) {
  Ratio r;
  EXPECT_FALSE(r.percent().has_value());
  EXPECT_FALSE(r.fraction().has_value());
  r.Add(0, 1);
  r.Add(1, 1);
  r.Add(1, 1);
  r.Add(0, 1);
  EXPECT_DOUBLE_EQ(*r.percent(), 50.0);
  EXPECT_DOUBLE_EQ(*r.fraction(), 0.5);
  EXPECT_TRUE(r.Remove(1, 1));
  EXPECT_DOUBLE_EQ(*r.percent(), 100.0 / 3);
  r.Remove(1, 1);
  r.Remove(0, 1);
  r.Remove(0, 1);
  EXPECT_EQ(r, Ratio());
  EXPECT_FALSE(r.percent().has_value());
}

TEST(Ratio, RejectsNonFiniteDeltasAndOverflow) {
  Ratio r;
  r.Add(1, 2);
  EXPECT_FALSE(r.Add(std::nan(""), 1));
  EXPECT_FALSE(r.Add(1, std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(r.Add(0, 0));
  EXPECT_EQ(r.numerator(), 1);
  EXPECT_EQ(r.denominator(), 2);
  Ratio big;
  EXPECT_TRUE(big.Add(std::numeric_limits<double>::max(), 1));
  EXPECT_FALSE(big.Add(std::numeric_limits<double>::max(), 1));  // the sum overflows
  EXPECT_EQ(big.denominator(), 1);
}

// A merge that would overflow leaves the state as it was: finite, so it
// still serializes and round-trips.
TEST(Ratio, MergeThatWouldOverflowChangesNothing) {
  Ratio big;
  ASSERT_TRUE(big.Add(std::numeric_limits<double>::max(), 1));
  Ratio other = big;
  EXPECT_FALSE(big.Merge(other));
  EXPECT_EQ(big.numerator(), std::numeric_limits<double>::max());
  EXPECT_EQ(big.denominator(), 1);
  auto back = Ratio::Deserialize(big.Serialize());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, big);
  Ratio small;
  ASSERT_TRUE(small.Add(1, 2));
  EXPECT_TRUE(small.Merge(small));
  EXPECT_EQ(small.numerator(), 2);
}

TEST(Ratio, MergeLawsAreExactForIntegerDeltas) {
  std::mt19937_64 rng(2);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::pair<double, double>> deltas(rng() % 300);
    for (auto& [n, d] : deltas) {
      d = static_cast<double>(rng() % 5);
      n = static_cast<double>(rng() % 5);
    }
    testing::CheckMergeLaws(
        Ratio(), deltas, rng, [](Ratio& r, const auto& nd) { r.Add(nd.first, nd.second); },
        [](const Ratio& x, const Ratio& y) { return x == y; });
  }
}

TEST(Ratio, MergeLawsWithinRoundingForFractionalDeltas) {
  std::mt19937_64 rng(3);
  auto near = [](const Ratio& x, const Ratio& y) {
    auto close = [](double a, double b) {
      return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
    };
    return close(x.numerator(), y.numerator()) && close(x.denominator(), y.denominator());
  };
  std::uniform_real_distribution<double> u(0, 100);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::pair<double, double>> deltas(rng() % 300);
    for (auto& [n, d] : deltas) {
      d = u(rng);
      n = d * u(rng) / 100;
    }
    testing::CheckMergeLaws(
        Ratio(), deltas, rng, [](Ratio& r, const auto& nd) { r.Add(nd.first, nd.second); }, near);
  }
}

TEST(Ratio, RoundTripAndHostileBytes) {
  Ratio r;
  r.Add(17.5, 40);
  testing::CheckRoundTrip(r);
  testing::CheckRoundTrip(Ratio());
  testing::CheckHostileBytes<Ratio>({Ratio().Serialize(), r.Serialize()}, 12);
  // A NaN numerator is corruption, not a value.
  std::string bytes = r.Serialize();
  for (int i = 0; i < 8; ++i) bytes[6 + i] = '\xff';
  EXPECT_FALSE(Ratio::Deserialize(bytes).ok());
}

}  // namespace
}  // namespace csm
