// The forecast of offered contacts and handle time per interval of the week
// (forecast.h): values worked by hand on small weeks of 2–3 intervals.
#include "csm/staffing/forecast.h"

#include <cmath>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace csm::staffing {
namespace {

std::vector<IntervalHistory> Weeks(const std::vector<std::vector<double>>& offered) {
  std::vector<IntervalHistory> out;
  for (const auto& week : offered) {
    for (double v : week) out.push_back({v, 0, 0, false});
  }
  return out;
}

std::vector<double> Offered(const std::vector<IntervalForecast>& f) {
  std::vector<double> out;
  for (const IntervalForecast& x : f) out.push_back(x.offered);
  return out;
}

TEST(ForecastTest, RepeatsAStableWeeklyPattern) {
  auto f = ForecastIntervals(Weeks({{10, 40, 5}, {10, 40, 5}, {10, 40, 5}}), 3, 2);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(Offered(*f), (std::vector<double>{10, 40, 5, 10, 40, 5}));
}

TEST(ForecastTest, AveragesTheTrailingWeeksAndTrimsWithFiveOrMore) {
  // Three weeks: the plain mean (no trend: levels 0.9, 1.2, 0.9 are flat).
  auto three = ForecastIntervals(Weeks({{9, 9}, {12, 12}, {9, 9}}), 2, 1);
  ASSERT_TRUE(three.ok());
  EXPECT_DOUBLE_EQ((*three)[0].offered, 10);
  // Five weeks with one outage week (0) and one campaign week (100): both
  // dropped, the mean of the other three is 10; levels flat around it.
  auto five = ForecastIntervals(Weeks({{10}, {0}, {10}, {100}, {10}}), 1, 1, {.trend_damping = 0});
  ASSERT_TRUE(five.ok());
  EXPECT_DOUBLE_EQ((*five)[0].offered, 10);
}

TEST(ForecastTest, OnlyTheTrailingWeeksCount) {
  auto f = ForecastIntervals(Weeks({{100}, {10}, {10}}), 1, 1, {.trailing_weeks = 2});
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ((*f)[0].offered, 10);
}

TEST(ForecastTest, CarriesADampedTrend) {
  // Volumes 8, 10, 12: baseline 10, levels 0.8, 1.0, 1.2, slope 0.2 a week,
  // centre week 1. Week 3 is 2 weeks past the centre: 10 × (1 + 0.5·0.2·2)
  // = 12; week 4 would be 10 × (1 + 0.5·0.2·3) = 13, clamped to 1.25: 12.5.
  auto f = ForecastIntervals(Weeks({{8}, {10}, {12}}), 1, 2);
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR((*f)[0].offered, 12, 1e-9);
  EXPECT_NEAR((*f)[1].offered, 12.5, 1e-9);
  // Undamped: 10 × (1 + 0.2·2) = 14; clamped to 1 ± 0.25: 12.5.
  auto full = ForecastIntervals(Weeks({{8}, {10}, {12}}), 1, 1, {.trend_damping = 1});
  EXPECT_NEAR((*full)[0].offered, 12.5, 1e-9);
  auto open =
      ForecastIntervals(Weeks({{8}, {10}, {12}}), 1, 1, {.trend_damping = 1, .max_trend = 0.5});
  EXPECT_NEAR((*open)[0].offered, 14, 1e-9);
  // Falling volume falls, and never below zero's clamp.
  auto down = ForecastIntervals(Weeks({{12}, {10}, {8}}), 1, 1);
  EXPECT_NEAR((*down)[0].offered, 8, 1e-9);
}

TEST(ForecastTest, LeavesHolidaysOutOfTheBaselineAndTheTrend) {
  // Week 2's first interval was a holiday (0 contacts): left out, the
  // baseline stays 20 and the levels stay flat.
  std::vector<IntervalHistory> h = Weeks({{20, 10}, {0, 10}, {20, 10}});
  h[2].excluded = true;
  auto f = ForecastIntervals(h, 2, 1);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ((*f)[0].offered, 20);
  EXPECT_DOUBLE_EQ((*f)[1].offered, 10);
  // Counted, the holiday would pull the first interval to 40 / 3.
  h[2].excluded = false;
  auto counted = ForecastIntervals(h, 2, 1, {.trend_damping = 0});
  EXPECT_NEAR((*counted)[0].offered, 40.0 / 3, 1e-9);
}

TEST(ForecastTest, PoolsHandleTimeAndShrinksItTowardsTheOverallMean) {
  // Interval 0: 10 contacts handled in 2,000 s (200 s each); interval 1: 1
  // contact of 1,100 s. Overall AHT 3,100 / 11. With a prior of 10 contacts
  // interval 1 plans (1,100 + 10 × 3,100/11) / 11.
  std::vector<IntervalHistory> h = {{10, 2000, 10, false}, {1, 1100, 1, false}};
  auto f = ForecastIntervals(h, 2, 1);
  ASSERT_TRUE(f.ok());
  const double overall = 3100.0 / 11;
  EXPECT_NEAR(*(*f)[0].aht_s, (2000 + 10 * overall) / 20, 1e-9);
  EXPECT_NEAR(*(*f)[1].aht_s, (1100 + 10 * overall) / 11, 1e-9);
  auto raw = ForecastIntervals(h, 2, 1, {.aht_prior_contacts = 0});
  EXPECT_DOUBLE_EQ(*(*raw)[1].aht_s, 1100);
  // No handle time measured at all: no AHT rather than 0.
  auto none = ForecastIntervals(Weeks({{5, 5}}), 2, 1);
  EXPECT_FALSE((*none)[0].aht_s.has_value());
}

TEST(ForecastTest, SeasonalNaiveIsTheSameIntervalLastWeekNotOnAHoliday) {
  std::vector<IntervalHistory> h = Weeks({{1, 2}, {3, 4}, {5, 6}});
  h[4].excluded = true;  // the last week's first interval
  auto naive = SeasonalNaive(h, 2, 2);
  ASSERT_TRUE(naive.ok());
  EXPECT_EQ(*naive, (std::vector<double>{3, 6, 3, 6}));
}

TEST(ForecastTest, WapeIsAbsoluteErrorOverActualVolume) {
  const std::vector<double> actual = {10, 20, 0, 10};
  const std::vector<double> forecast = {12, 15, 1, 10};
  EXPECT_NEAR(*Wape(actual, forecast), 8.0 / 40, 1e-12);
  EXPECT_FALSE(Wape(std::vector<double>{0, 0}, std::vector<double>{1, 1}).has_value());
  EXPECT_FALSE(Wape(actual, std::vector<double>{1}).has_value());
}

TEST(ForecastTest, RefusesBadHistoryAndOptions) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(ForecastIntervals({}, 2, 1).ok());
  EXPECT_FALSE(ForecastIntervals(Weeks({{1, 2, 3}}), 2, 1).ok());  // not whole weeks
  EXPECT_FALSE(ForecastIntervals(Weeks({{1, 2}}), 0, 1).ok());
  EXPECT_FALSE(ForecastIntervals(Weeks({{1, 2}}), 2, 0).ok());
  EXPECT_FALSE(ForecastIntervals(Weeks({{1, 2}}), 2, 100000).ok());
  for (double bad : {nan, inf, -1.0}) {
    EXPECT_FALSE(ForecastIntervals(Weeks({{1, bad}}), 2, 1).ok()) << bad;
    EXPECT_FALSE(SeasonalNaive(Weeks({{1, bad}}), 2, 1).ok()) << bad;
    std::vector<IntervalHistory> h = {{1, bad, 1, false}};
    EXPECT_FALSE(ForecastIntervals(h, 1, 1).ok()) << bad;
  }
  EXPECT_FALSE(ForecastIntervals(Weeks({{1}}), 1, 1, {.trailing_weeks = 0}).ok());
  EXPECT_FALSE(ForecastIntervals(Weeks({{1}}), 1, 1, {.trend_damping = nan}).ok());
  EXPECT_FALSE(ForecastIntervals(Weeks({{1}}), 1, 1, {.max_trend = 1}).ok());
  EXPECT_FALSE(ForecastIntervals(Weeks({{1}}), 1, 1, {.aht_prior_contacts = inf}).ok());
}

}  // namespace
}  // namespace csm::staffing
