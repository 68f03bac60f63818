// The baseline rule (baseline.h), worked by hand: median, MAD scaled by
// 1.4826 and floored at sqrt(expected) and 1.
#include "csm/report/baseline.h"

#include <cmath>

#include "gtest/gtest.h"

namespace csm::report {
namespace {

TEST(Baseline, MedianAndScaledMad) {
  // {10, 14, 30, 12, 13}: median 13; deviations {3, 1, 17, 1, 0}: MAD 1 ->
  // 1.4826, floored at sqrt(13) = 3.606.
  const std::optional<BaselineScore> s = ScoreAgainstBaseline(20, {10, 14, 30, 12, 13});
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->expected, 13);
  EXPECT_DOUBLE_EQ(s->score, 7 / std::sqrt(13.0));
  // A wide baseline: {0, 100, 200, 300}: median 150, deviations {150, 50,
  // 50, 150}: MAD 100 -> 148.26 (above sqrt(150) = 12.2).
  const std::optional<BaselineScore> wide = ScoreAgainstBaseline(0, {0, 100, 200, 300});
  ASSERT_TRUE(wide.has_value());
  EXPECT_EQ(wide->expected, 150);
  EXPECT_DOUBLE_EQ(wide->score, -150 / 148.26);
}

TEST(Baseline, OnePastSpikeMovesNeitherExpectationNorSpread) {
  // A mean and standard deviation (17.5, 13) would call 20 ordinary.
  const std::optional<BaselineScore> s = ScoreAgainstBaseline(20, {10, 10, 10, 40});
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->expected, 10);
  EXPECT_DOUBLE_EQ(s->score, 10 / std::sqrt(10.0));
  EXPECT_EQ(AnomalyOf(*s, 3), Anomaly::kHigh);
}

TEST(Baseline, FlagsBothWaysBeyondSigma) {
  const BaselineScore high{10, 3.5}, low{10, -3.5}, within{10, 3.0};
  EXPECT_EQ(AnomalyOf(high, 3), Anomaly::kHigh);
  EXPECT_EQ(AnomalyOf(low, 3), Anomaly::kLow);
  EXPECT_FALSE(AnomalyOf(within, 3).has_value());  // not beyond
  EXPECT_EQ(AnomalyName(Anomaly::kHigh), "high");
  EXPECT_EQ(AnomalyName(Anomaly::kLow), "low");
}

TEST(Baseline, NeedsTwoValues) {
  EXPECT_FALSE(ScoreAgainstBaseline(3, {}).has_value());
  EXPECT_FALSE(ScoreAgainstBaseline(3, {1}).has_value());
  // Quiet: 0, 0 -> spread 1, so one ticket scores 1.
  EXPECT_DOUBLE_EQ(ScoreAgainstBaseline(1, {0, 0})->score, 1.0);
}

}  // namespace
}  // namespace csm::report
