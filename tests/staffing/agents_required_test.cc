#include "csm/staffing/agents_required.h"

#include <limits>

#include "csm/staffing/erlang_a.h"
#include "csm/staffing/erlang_c.h"
#include "gtest/gtest.h"

namespace csm::staffing {
namespace {

const IntervalLoad kTenErlangs{100, 1800, 180};  // the Call Centre Helper interval

StaffingTarget Target(double service_level, double threshold_s) {
  StaffingTarget t;
  t.service_level = service_level;
  t.threshold_s = threshold_s;
  return t;
}

// Call Centre Helper's example: 80 % in 20 s needs 14 agents (13 give
// 79.6 %), and 14 agents at 30 % shrinkage schedule 14 / 0.7 = 20.
TEST(AgentsRequired, CallCentreHelperExample) {
  StaffingTarget target = Target(0.8, 20);
  auto r = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->agents, 14);
  EXPECT_EQ(r->scheduled, 14);
  EXPECT_NEAR(r->result.service_level, 0.888350019179467, 1e-12);

  target.shrinkage = 0.3;
  r = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scheduled, 20);  // not 21: 14 / 0.7 is 20.000000000000004 in doubles
}

TEST(AgentsRequired, IsTheFewestMeetingTheTarget) {
  for (double arrivals : {10.0, 55.0, 100.0, 333.0, 1000.0, 4321.0}) {
    for (double sl : {0.5, 0.8, 0.95}) {
      const IntervalLoad load{arrivals, 1800, 240};
      auto r = AgentsRequired(load, Target(sl, 20));
      ASSERT_TRUE(r.ok());
      auto at = ErlangC(load, r->agents, 20);
      auto below = ErlangC(load, r->agents - 1, 20);
      ASSERT_TRUE(at.ok() && below.ok());
      EXPECT_GE(at->service_level, sl);
      EXPECT_LT(below->service_level, sl) << arrivals << " " << sl;
    }
  }
}

TEST(AgentsRequired, AsaAndOccupancyCapsAddAgents) {
  StaffingTarget target = Target(0.8, 20);
  target.max_asa_s = 5;  // 14 agents wait 7.8 s on average, 15 wait 3.7 s
  auto r = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->agents, 15);

  target = Target(0.8, 20);
  target.max_occupancy = 0.70;  // 10 / 14 = 71 %, 10 / 15 = 67 %
  r = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->agents, 15);

  target.max_occupancy = 10.0 / 16;  // exactly 16 agents: allowed
  r = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->agents, 16);
}

TEST(AgentsRequired, RisesWithLoadAndTarget) {
  int64_t previous = 0;
  for (double arrivals = 0; arrivals <= 2000; arrivals += 100) {
    auto r = AgentsRequired({arrivals, 1800, 180}, Target(0.8, 20));
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r->agents, previous);
    previous = r->agents;
  }
  previous = 0;
  for (double sl : {0.0, 0.5, 0.8, 0.9, 0.99, 0.999}) {
    auto r = AgentsRequired(kTenErlangs, Target(sl, 20));
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r->agents, previous);
    previous = r->agents;
  }
}

TEST(AgentsRequired, Limits) {
  auto none = AgentsRequired({0, 1800, 180}, Target(0.8, 20));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->agents, 0);
  EXPECT_EQ(none->scheduled, 0);

  // A target of 0 still needs a stable queue under Erlang C.
  auto zero = AgentsRequired(kTenErlangs, Target(0, 20));
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->agents, 11);

  // A trickle needs one agent.
  auto trickle = AgentsRequired({1, 1800, 180}, Target(0.8, 20));
  ASSERT_TRUE(trickle.ok());
  EXPECT_EQ(trickle->agents, 1);

  // 5,000 Erlangs at 80/20: a little above the load (square-root staffing).
  auto large = AgentsRequired({50000, 1800, 180}, Target(0.8, 20));
  ASSERT_TRUE(large.ok());
  EXPECT_GT(large->agents, 5000);
  EXPECT_LT(large->agents, 5100);

  // Beyond kMaxAgents: a status, not a hang.
  auto impossible = AgentsRequired({2e7, 1800, 180}, Target(0.8, 20));
  EXPECT_EQ(impossible.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(AgentsRequired, ErlangANeedsFewerWhenCallersAbandon) {
  StaffingTarget target = Target(0.8, 20);
  target.model = QueueModel::kErlangA;
  target.patience_s = 120;
  auto a = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(a.ok()) << a.status();
  // From the brute-force chain (erlang_a_test.cc): 11 agents answer 74.2 %
  // within 20 s, 12 answer 82.6 %.
  EXPECT_EQ(a->agents, 12);
  EXPECT_GT(a->result.abandon_probability, 0);

  for (double arrivals : {20.0, 300.0, 5000.0, 50000.0}) {
    const IntervalLoad load{arrivals, 1800, 180};
    auto r = AgentsRequired(load, target);
    ASSERT_TRUE(r.ok()) << arrivals;
    auto at = ErlangA(load, r->agents, 20, 120);
    auto below = ErlangA(load, r->agents - 1, 20, 120);
    ASSERT_TRUE(at.ok() && below.ok());
    EXPECT_GE(at->service_level, 0.8 - 1e-12);
    EXPECT_LT(below->service_level, 0.8) << arrivals;
    auto c = AgentsRequired(load, Target(0.8, 20));
    ASSERT_TRUE(c.ok());
    EXPECT_LE(r->agents, c->agents) << arrivals;
  }

  target.patience_s = std::numeric_limits<double>::infinity();
  auto as_c = AgentsRequired(kTenErlangs, target);
  ASSERT_TRUE(as_c.ok());
  EXPECT_EQ(as_c->agents, 14);
}

TEST(AgentsRequired, RejectsBadTargets) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto bad = [](StaffingTarget t) { return !AgentsRequired(kTenErlangs, t).ok(); };
  StaffingTarget t = Target(0.8, 20);
  t.service_level = 80;  // a percentage where a fraction belongs
  EXPECT_TRUE(bad(t));
  t = Target(nan, 20);
  EXPECT_TRUE(bad(t));
  t = Target(0.8, -1);
  EXPECT_TRUE(bad(t));
  t = Target(0.8, 20);
  t.shrinkage = 1;
  EXPECT_TRUE(bad(t));
  t = Target(0.8, 20);
  t.max_occupancy = 0;
  EXPECT_TRUE(bad(t));
  t = Target(0.8, 20);
  t.max_asa_s = 0;
  EXPECT_TRUE(bad(t));
  t = Target(0.8, 20);
  t.model = QueueModel::kErlangA;  // without a patience
  EXPECT_TRUE(bad(t));
  t.model = static_cast<QueueModel>(7);
  EXPECT_TRUE(bad(t));
}

TEST(GrossUpForShrinkage, RoundsUpButNotForRoundingNoise) {
  EXPECT_EQ(GrossUpForShrinkage(14, 0.3), 20);
  EXPECT_EQ(GrossUpForShrinkage(15, 0.3), 22);  // 21.43
  EXPECT_EQ(GrossUpForShrinkage(0, 0.3), 0);
  EXPECT_EQ(GrossUpForShrinkage(7, 0), 7);
  EXPECT_EQ(GrossUpForShrinkage(1, 0.5), 2);
  EXPECT_EQ(GrossUpForShrinkage(3, 0.4), 5);
}

}  // namespace
}  // namespace csm::staffing
