#include "csm/staffing/erlang_c.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace csm::staffing {
namespace {

// The textbook example of Call Centre Helper, "Erlang C Formula – Made Simple
// With an Easy Worked Example" (callcentrehelper.com, 2018): 100 calls in 30
// minutes, 180 s average handle time (10 Erlangs), service level at 20 s for
// 11 to 15 agents (published, rounded: 39.0 %, 64.0 %, 79.6 %, 88.8 %,
// 94.1 %; probability of waiting with 11 agents 68.2 %). The digits below
// were recomputed independently in exact rational arithmetic by
// tools/staffing/erlang_reference.py (factorials, not the recursion used here).
TEST(ErlangC, CallCentreHelperExample) {
  const IntervalLoad load{100, 1800, 180};
  EXPECT_DOUBLE_EQ(load.Erlangs(), 10);
  struct Row {
    int agents;
    double wait, service_level, asa, occupancy;
  };
  const Row rows[] = {
      {11, 0.682118204689332, 0.389613811729153, 122.78127684408, 0.909090909090909},
      {12, 0.449388224298271, 0.640158040374007, 40.4449401868444, 0.833333333333333},
      {13, 0.285270453036493, 0.795594788417783, 17.1162271821896, 0.769230769230769},
      {14, 0.17413193359505, 0.888350019179467, 7.83593701177724, 0.714285714285714},
      {15, 0.102042367007988, 0.941452842869022, 3.67352521228757, 0.666666666666667},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.agents);
    auto r = ErlangC(load, row.agents, 20);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->stable);
    EXPECT_NEAR(r->wait_probability, row.wait, 1e-12);
    EXPECT_NEAR(r->service_level, row.service_level, 1e-12);
    EXPECT_NEAR(r->asa_s, row.asa, 1e-9);
    EXPECT_NEAR(r->occupancy, row.occupancy, 1e-12);
    EXPECT_EQ(r->abandon_probability, 0);
  }
}

// Westbay Engineers, "The Erlang-C formula" (erlang.com): 360 calls per half
// hour, 4 minutes each (48 Erlangs), 55 agents, target answer time 15 s;
// published: probability of waiting 24 %, ASA about 8 s, service level
// about 85 %, occupancy 87 %. Digits from tools/staffing/erlang_reference.py.
TEST(ErlangC, WestbayExample) {
  auto r = ErlangC({360, 1800, 240}, 55, 15);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->wait_probability, 0.238700936378009, 1e-12);
  EXPECT_NEAR(r->service_level, 0.84588309217058, 1e-12);
  EXPECT_NEAR(r->asa_s, 8.18403210438889, 1e-9);
  EXPECT_NEAR(r->occupancy, 0.872727272727273, 1e-12);
}

TEST(ErlangC, ServiceLevelRisesWithAgentsAndFallsWithLoad) {
  double previous = -1;
  for (int agents = 101; agents <= 140; ++agents) {
    auto r = ErlangC({1000, 1800, 180}, agents, 20);  // 100 Erlangs
    ASSERT_TRUE(r.ok());
    EXPECT_GT(r->service_level, previous) << agents;
    previous = r->service_level;
  }
  previous = 2;
  for (double arrivals = 1000; arrivals <= 1140; arrivals += 10) {  // 100..114 Erlangs
    auto r = ErlangC({arrivals, 1800, 180}, 115, 20);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(r->service_level, previous) << arrivals;
    previous = r->service_level;
  }
}

TEST(ErlangC, ZeroLoadNeverWaits) {
  for (int agents : {0, 1, 10}) {
    auto r = ErlangC({0, 1800, 180}, agents, 20);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->stable);
    EXPECT_EQ(r->wait_probability, 0);
    EXPECT_EQ(r->service_level, 1);
    EXPECT_EQ(r->asa_s, 0);
    EXPECT_EQ(r->occupancy, 0);
  }
}

// One agent is M/M/1: P(wait) = ρ, service level 1 − ρ·e^{−(1−ρ)T/AHT}.
TEST(ErlangC, OneAgentIsMM1) {
  auto r = ErlangC({5, 1800, 180}, 1, 60);  // ρ = 0.5
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->wait_probability, 0.5, 1e-15);
  EXPECT_NEAR(r->service_level, 1 - 0.5 * std::exp(-0.5 * 60 / 180.0), 1e-15);
  EXPECT_NEAR(r->asa_s, 0.5 * 180 / 0.5, 1e-12);
}

TEST(ErlangC, AgentsAtOrBelowTheLoadAreUnstableNotNaN) {
  for (int agents : {0, 5, 10}) {
    auto r = ErlangC({100, 1800, 180}, agents, 20);  // 10 Erlangs
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->stable) << agents;
    EXPECT_EQ(r->wait_probability, 1);
    EXPECT_EQ(r->service_level, 0);
    EXPECT_EQ(r->occupancy, 1);
    EXPECT_EQ(r->asa_s, std::numeric_limits<double>::infinity());
  }
}

// 5,000 Erlangs on up to 10,000 agents: every output finite and in range,
// and near the load the answer matches the Halfin-Whitt regime (P(wait)
// strictly between 0 and 1 with the square-root staffing rule).
TEST(ErlangC, StableAtVeryLargeLoads) {
  const IntervalLoad load{50000, 1800, 180};  // 5,000 Erlangs
  for (int agents : {5001, 5050, 5071, 5200, 6000, 10000}) {
    auto r = ErlangC(load, agents, 20);
    ASSERT_TRUE(r.ok());
    SCOPED_TRACE(agents);
    EXPECT_TRUE(r->stable);
    for (double v : {r->wait_probability, r->service_level, r->asa_s, r->occupancy}) {
      EXPECT_TRUE(std::isfinite(v));
      EXPECT_GE(v, 0);
    }
    EXPECT_LE(r->wait_probability, 1);
    EXPECT_LE(r->service_level, 1);
  }
  // N = A + β√A with β = 1: Halfin-Whitt's limit of P(wait) for large A,
  // 1 / (1 + β·Φ(β)/φ(β)) = 0.2234 for β = 1; within a point here.
  auto hw = ErlangC(load, 5071, 20);
  ASSERT_TRUE(hw.ok());
  EXPECT_NEAR(hw->wait_probability, 0.2234, 0.01);
  auto huge = ErlangC(load, 10000, 20);
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge->wait_probability, 0);
  EXPECT_EQ(huge->service_level, 1);
}

TEST(ErlangC, ErlangBRecursionMatchesTheDefinition) {
  // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2.
  EXPECT_NEAR(ErlangB(1, 2), 0.2, 1e-15);
  EXPECT_EQ(ErlangB(3, 0), 1);
  EXPECT_EQ(ErlangB(0, 4), 0);
}

TEST(ErlangC, RejectsInputsOutOfRange) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(ErlangC({-1, 1800, 180}, 10, 20).ok());
  EXPECT_FALSE(ErlangC({nan, 1800, 180}, 10, 20).ok());
  EXPECT_FALSE(ErlangC({inf, 1800, 180}, 10, 20).ok());
  EXPECT_FALSE(ErlangC({100, 0, 180}, 10, 20).ok());
  EXPECT_FALSE(ErlangC({100, 1800, -1}, 10, 20).ok());
  EXPECT_FALSE(ErlangC({1e300, 1e-300, 1e300}, 10, 20).ok());
  EXPECT_FALSE(ErlangC({100, 1800, 180}, -1, 20).ok());
  EXPECT_FALSE(ErlangC({100, 1800, 180}, kMaxAgents + 1, 20).ok());
  EXPECT_FALSE(ErlangC({100, 1800, 180}, 12, -1).ok());
  EXPECT_FALSE(ErlangC({100, 1800, 180}, 12, nan).ok());
  EXPECT_EQ(ErlangC({100, 0, 180}, 10, 20).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace csm::staffing
