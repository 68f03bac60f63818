#include "csm/staffing/erlang_a.h"

#include <cmath>
#include <limits>

#include "csm/staffing/erlang_c.h"
#include "gtest/gtest.h"

namespace csm::staffing {
namespace {

// Reference values by brute force, independent of the closed forms in
// lib/staffing/erlang_a.cc: tools/staffing/erlang_reference.py solves the
// truncated M/M/N+M birth-death chain for P(wait) and P(abandon) and
// integrates the tagged contact's waiting process (Runge-Kutta) for the
// share answered within T. The model is Mandelbaum & Zeltyn, "The
// Palm/Erlang-A queue, with applications to call centers" (2007).
struct Row {
  int agents;
  double wait, service_level, mean_wait, occupancy, abandon;
};

void ExpectMatches(const IntervalLoad& load, double threshold_s, double patience_s,
                   const Row& row) {
  SCOPED_TRACE(row.agents);
  auto r = ErlangA(load, row.agents, threshold_s, patience_s);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->stable);
  EXPECT_NEAR(r->wait_probability, row.wait, 1e-9);
  EXPECT_NEAR(r->abandon_probability, row.abandon, 1e-9);
  EXPECT_NEAR(r->asa_s, row.mean_wait, 1e-7);
  EXPECT_NEAR(r->occupancy, row.occupancy, 1e-9);
  EXPECT_NEAR(r->service_level, row.service_level, 1e-6);  // quadrature on both sides
}

TEST(ErlangA, MatchesTheBirthDeathChain) {
  // The Call Centre Helper interval (10 Erlangs) with a mean patience of 120 s.
  const Row rows[] = {
      {8, 0.722626463339, 0.40321302738, 30.9578857545, 0.92752202339, 0.257982381288},
      {10, 0.49685274763, 0.639941307036, 16.4956591532, 0.862536173724, 0.137463826276},
      {11, 0.38281649148, 0.742208984389, 11.2986041085, 0.82349542342, 0.0941550342375},
      {12, 0.279807018645, 0.825582644362, 7.39168524044, 0.78200218583, 0.0615973770037},
      {14, 0.12697634008, 0.932729580698, 2.74071438382, 0.697971938192, 0.0228392865318},
  };
  for (const Row& row : rows) ExpectMatches({100, 1800, 180}, 20, 120, row);
}

TEST(ErlangA, OverloadedIntervalStaysFinite) {
  // 400 contacts of 300 s in 30 minutes on 40 agents: 66.7 Erlangs, far
  // beyond the team, kept stable by a 60 s patience.
  ExpectMatches(
      {400, 1800, 300}, 30, 60,
      {40, 0.945009837454, 0.348947189596, 24.1100727303, 0.996942424157, 0.401834545506});
}

TEST(ErlangA, InfinitePatienceIsErlangC) {
  const IntervalLoad load{100, 1800, 180};
  auto a = ErlangA(load, 12, 20, std::numeric_limits<double>::infinity());
  auto c = ErlangC(load, 12, 20);
  ASSERT_TRUE(a.ok() && c.ok());
  EXPECT_EQ(a->service_level, c->service_level);
  EXPECT_EQ(a->abandon_probability, 0);
}

TEST(ErlangA, LongPatienceApproachesErlangC) {
  const IntervalLoad load{100, 1800, 180};
  auto a = ErlangA(load, 12, 20, 1e6);
  auto c = ErlangC(load, 12, 20);
  ASSERT_TRUE(a.ok() && c.ok());
  EXPECT_NEAR(a->wait_probability, c->wait_probability, 1e-3);
  EXPECT_NEAR(a->service_level, c->service_level, 1e-3);
  EXPECT_LT(a->abandon_probability, 1e-3);
}

TEST(ErlangA, MonotoneInAgentsLoadAndPatience) {
  double previous_sl = -1, previous_ab = 2;
  for (int agents = 1; agents <= 30; ++agents) {
    auto r = ErlangA({200, 1800, 180}, agents, 20, 90);  // 20 Erlangs
    ASSERT_TRUE(r.ok());
    EXPECT_GT(r->service_level, previous_sl) << agents;
    EXPECT_LT(r->abandon_probability, previous_ab) << agents;
    previous_sl = r->service_level;
    previous_ab = r->abandon_probability;
  }
  double previous = 2;
  for (double arrivals = 50; arrivals <= 400; arrivals += 25) {
    auto r = ErlangA({arrivals, 1800, 180}, 15, 20, 90);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(r->service_level, previous) << arrivals;
    previous = r->service_level;
  }
  // More patient callers abandon less.
  previous = 2;
  for (double patience : {10.0, 30.0, 90.0, 300.0, 1000.0}) {
    auto r = ErlangA({200, 1800, 180}, 20, 20, patience);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(r->abandon_probability, previous) << patience;
    previous = r->abandon_probability;
  }
}

TEST(ErlangA, Limits) {
  auto none = ErlangA({0, 1800, 180}, 3, 20, 60);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->service_level, 1);
  EXPECT_EQ(none->abandon_probability, 0);

  auto nobody = ErlangA({100, 1800, 180}, 0, 20, 60);
  ASSERT_TRUE(nobody.ok());
  EXPECT_EQ(nobody->abandon_probability, 1);
  EXPECT_EQ(nobody->service_level, 0);
  EXPECT_EQ(nobody->asa_s, 60);

  // 5,000 Erlangs, from a tenth of the team to twice it: finite, in range.
  for (int agents : {500, 4000, 5000, 5100, 10000}) {
    auto r = ErlangA({50000, 1800, 180}, agents, 20, 120);
    ASSERT_TRUE(r.ok()) << agents;
    for (double v : {r->wait_probability, r->service_level, r->occupancy, r->abandon_probability}) {
      EXPECT_TRUE(v >= 0 && v <= 1) << agents << " " << v;
    }
    EXPECT_TRUE(std::isfinite(r->asa_s));
  }
  // With a tenth of the team, about nine in ten abandon.
  auto starved = ErlangA({50000, 1800, 180}, 500, 20, 120);
  ASSERT_TRUE(starved.ok());
  EXPECT_NEAR(starved->abandon_probability, 0.9, 0.01);
}

TEST(ErlangA, RejectsBadPatience) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(ErlangA({100, 1800, 180}, 12, 20, 0).ok());
  EXPECT_FALSE(ErlangA({100, 1800, 180}, 12, 20, -5).ok());
  EXPECT_FALSE(ErlangA({100, 1800, 180}, 12, 20, nan).ok());
  EXPECT_FALSE(ErlangA({100, 1800, 180}, 12, 20, 1e12).ok());  // use Erlang C
  EXPECT_FALSE(ErlangA({100, 1800, 180}, -1, 20, 60).ok());
}

TEST(EstimatePatience, TotalWaitOverAbandoned) {
  // 90 answered after 30 s and 10 abandoned after 60 s: 3,300 s of waiting
  // over 10 abandons is 330 s; the abandoned waits alone (60 s) would
  // understate it.
  EXPECT_EQ(EstimatePatience(90 * 30 + 10 * 60, 10), 330);
  EXPECT_FALSE(EstimatePatience(100, 0).has_value());
  EXPECT_FALSE(EstimatePatience(-1, 3).has_value());
  EXPECT_FALSE(EstimatePatience(std::numeric_limits<double>::infinity(), 3).has_value());
}

}  // namespace
}  // namespace csm::staffing
