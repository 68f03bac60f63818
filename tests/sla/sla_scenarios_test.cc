// SLA targets through the engine (issue 20's scenario list): each due
// instant is computed by hand in a comment beside it.
#include <string>
#include <string_view>

#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/engine/internal/sla_tracker.h"
#include "csm/model/internal/iso8601.h"
#include "engine/scenario.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

using testing::Scenario;

int64_t Ms(std::string_view iso) {
  absl::StatusOr<Instant> t = ParseIsoInstant(iso);
  EXPECT_TRUE(t.ok()) << iso;
  return t.ok() ? ToEpochMs(*t) : 0;
}

std::string Policies(std::string_view targets, std::string_view extra = "") {
  return std::string(R"({"sla_policies": [{"name": "p", "targets": [)") + std::string(targets) +
         "]}]" + (extra.empty() ? "" : ", ") + std::string(extra) + "}";
}

// New York office hours, Mon–Fri 09:00–17:00 local.
constexpr std::string_view kNewYork =
    R"("calendars": {"default": {"timezone": "America/New_York", "weekly": {
      "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
      "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}, "holidays": ["2026-11-23"]}})";

const SlaInstance* Instance(Engine& e, std::string_view ticket, SlaMetric m) {
  absl::StatusOr<TicketKey> key = e.NamedTicket(ticket);
  if (!key.ok()) return nullptr;
  const SlaTicket* t = e.impl().sla().Find(*key);
  if (t == nullptr) return nullptr;
  for (const SlaInstance& i : t->instances) {
    if (i.metric == m) return &i;
  }
  return nullptr;
}

std::string Line(std::string_view time, std::string_view type, std::string_view extra = "") {
  std::string line = R"({"ticket": "T-1", "time": ")" + std::string(time) + R"(", "type": ")" +
                     std::string(type) + "\"";
  if (!extra.empty()) line += ", " + std::string(extra);
  return line + "}\n";
}

TEST(SlaScenarios, FridayAfternoonBusinessHourIsDueMondayMorning) {
  Scenario s(
      Policies(R"({"metric": "first_reply_time", "seconds": 3600, "business": true})", kNewYork));
  // Friday 2026-11-06 16:30 EST: 30 business minutes left that day (to 17:00),
  // the other 30 from Monday 09:00 -> Monday 2026-11-09 09:30 EST = 14:30Z.
  s.Events(Line("2026-11-06T16:30:00-05:00", "created"));
  const SlaInstance* i = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->due_ms, Ms("2026-11-09T14:30:00Z"));
  EXPECT_EQ(i->state, SlaState::kActive);
  EXPECT_FALSE(i->breached());
}

TEST(SlaScenarios, AcrossAHoliday) {
  Scenario s(
      Policies(R"({"metric": "first_reply_time", "seconds": 3600, "business": true})", kNewYork));
  // Friday 2026-11-20 16:30 EST: 30 minutes Friday; Monday 11-23 is a holiday;
  // the other 30 from Tuesday 09:00 -> Tuesday 2026-11-24 09:30 EST = 14:30Z.
  s.Events(Line("2026-11-20T16:30:00-05:00", "created"));
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime)->due_ms,
            Ms("2026-11-24T14:30:00Z"));
}

TEST(SlaScenarios, AcrossTheMarchDstChange) {
  Scenario s(
      Policies(R"({"metric": "first_reply_time", "seconds": 3600, "business": true})", kNewYork));
  // Friday 2026-03-06 16:30 EST (21:30Z): 30 minutes Friday; DST starts Sunday
  // 03-08, so Monday 09:30 is EDT (-04:00) = 13:30Z: 64 calendar hours later,
  // not 65.
  s.Events(Line("2026-03-06T16:30:00-05:00", "created"));
  const SlaInstance* i = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(i->due_ms, Ms("2026-03-09T13:30:00Z"));
  EXPECT_EQ(i->due_ms - Ms("2026-03-06T21:30:00Z"), 64 * 3600 * 1000LL);
}

TEST(SlaScenarios, PendingPausesRequesterWaitButNotTotalResolution) {
  Scenario s(Policies(R"({"metric": "requester_wait_time", "seconds": 14400},
                         {"metric": "total_resolution_time", "seconds": 14400})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created") +
           Line("2026-11-02T11:00:00Z", "status", R"("status": "pending")"));
  const SlaInstance* wait = Instance(s.engine(), "T-1", SlaMetric::kRequesterWaitTime);
  const SlaInstance* total = Instance(s.engine(), "T-1", SlaMetric::kTotalResolutionTime);
  EXPECT_EQ(wait->state, SlaState::kPaused);
  EXPECT_EQ(total->state, SlaState::kActive);
  EXPECT_EQ(total->due_ms, Ms("2026-11-02T14:00:00Z"));  // 10:00 + 4 h, never paused
  s.Events(Line("2026-11-02T13:00:00Z", "status", R"("status": "open")"));
  // 1 h ran before the pending; 3 h left from 13:00 -> 16:00 (the 2 h paused
  // moved it from 14:00).
  EXPECT_EQ(wait->state, SlaState::kActive);
  EXPECT_EQ(wait->due_ms, Ms("2026-11-02T16:00:00Z"));
  s.Events(Line("2026-11-02T15:00:00Z", "status", R"("status": "solved")"));
  // Solved at 15:00: requester wait ran 1 h + 2 h = 3 h <= 4 h -> achieved;
  // total resolution was due at 14:00 -> breached at 14:00.
  EXPECT_TRUE(wait->achieved());
  EXPECT_EQ(wait->state, SlaState::kClosed);
  EXPECT_TRUE(total->breached());
  EXPECT_EQ(total->breach_ms(), Ms("2026-11-02T14:00:00Z"));
  EXPECT_EQ(total->fulfilled_ms, Ms("2026-11-02T15:00:00Z"));
}

TEST(SlaScenarios, OnHoldPausesAgentWorkOnly) {
  Scenario s(Policies(R"({"metric": "agent_work_time", "seconds": 7200},
                         {"metric": "requester_wait_time", "seconds": 7200})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created") +
           Line("2026-11-02T10:30:00Z", "status", R"("status": "on_hold")"));
  const SlaInstance* work = Instance(s.engine(), "T-1", SlaMetric::kAgentWorkTime);
  const SlaInstance* wait = Instance(s.engine(), "T-1", SlaMetric::kRequesterWaitTime);
  EXPECT_EQ(work->state, SlaState::kPaused);
  EXPECT_EQ(wait->state, SlaState::kActive);
  EXPECT_EQ(wait->due_ms, Ms("2026-11-02T12:00:00Z"));  // 10:00 + 2 h, on_hold counts
  s.Events(Line("2026-11-02T12:30:00Z", "status", R"("status": "open")"));
  // Agent work ran 30 min before the hold; 90 min left from 12:30 -> 14:00.
  EXPECT_EQ(work->state, SlaState::kActive);
  EXPECT_EQ(work->due_ms, Ms("2026-11-02T14:00:00Z"));
  EXPECT_FALSE(work->breached());
  // The clock (12:30) passed requester wait's 12:00 while it was active.
  EXPECT_TRUE(wait->breached());
  EXPECT_EQ(wait->state, SlaState::kActive);
}

TEST(SlaScenarios, PriorityRaisedAfterTheUrgentTargetIsPastDueBreachesAtTheChange) {
  Scenario s(R"({"sla_policies": [{"name": "p", "targets": [
      {"priority": "urgent", "metric": "first_reply_time", "seconds": 900},
      {"priority": "*", "metric": "first_reply_time", "seconds": 14400}]}]})");
  s.Events(Line("2026-11-02T10:00:00Z", "created", R"("priority": "normal")"));
  const SlaInstance* frt = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(frt->due_ms, Ms("2026-11-02T14:00:00Z"));  // normal: 10:00 + 4 h
  s.Events(Line("2026-11-02T10:30:00Z", "updated", R"("priority": "urgent")"));
  // Urgent: 15 min from creation -> due 10:15, already past at the 10:30
  // change: breached, at 10:30 (never back-dated to 10:15).
  frt = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(frt->due_ms, Ms("2026-11-02T10:15:00Z"));
  EXPECT_TRUE(frt->breached());
  EXPECT_EQ(frt->breach_ms(), Ms("2026-11-02T10:30:00Z"));
  EXPECT_EQ(frt->state, SlaState::kActive);
}

TEST(SlaScenarios, ReplyAfterTheDueInstantIsBreachedNotAchieved) {
  Scenario s(Policies(R"({"metric": "first_reply_time", "seconds": 3600})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created") +
           Line("2026-11-02T11:30:00Z", "agent_reply", R"("agent": "ann")"));
  const SlaInstance* i = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(i->state, SlaState::kClosed);
  EXPECT_TRUE(i->breached());
  EXPECT_FALSE(i->achieved());
  EXPECT_EQ(i->breach_ms(), Ms("2026-11-02T11:00:00Z"));
  // A reply exactly at the due instant achieves it.
  Scenario on_time(Policies(R"({"metric": "first_reply_time", "seconds": 3600})"));
  on_time.Events(Line("2026-11-02T10:00:00Z", "created") +
                 Line("2026-11-02T11:00:00Z", "agent_reply", R"("agent": "ann")"));
  EXPECT_TRUE(Instance(on_time.engine(), "T-1", SlaMetric::kFirstReplyTime)->achieved());
}

TEST(SlaScenarios, PeriodicAndPausableUpdatesRecur) {
  Scenario s(Policies(R"({"metric": "periodic_update_time", "seconds": 3600},
                         {"metric": "pausable_update_time", "seconds": 3600})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created"));
  // No agent reply yet: neither clock has started.
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kPeriodicUpdateTime), nullptr);
  s.Events(Line("2026-11-02T10:10:00Z", "agent_reply", R"("agent": "ann")"));
  const SlaInstance* periodic = Instance(s.engine(), "T-1", SlaMetric::kPeriodicUpdateTime);
  const SlaInstance* pausable = Instance(s.engine(), "T-1", SlaMetric::kPausableUpdateTime);
  EXPECT_EQ(periodic->due_ms, Ms("2026-11-02T11:10:00Z"));  // reply 10:10 + 1 h
  EXPECT_EQ(pausable->due_ms, Ms("2026-11-02T11:10:00Z"));
  s.Events(Line("2026-11-02T10:40:00Z", "status", R"("status": "pending")") +
           Line("2026-11-02T12:00:00Z", "status", R"("status": "open")"));
  // Pausable ran 30 min (10:10-10:40), paused 80 min; 30 min left from 12:00.
  EXPECT_EQ(pausable->due_ms, Ms("2026-11-02T12:30:00Z"));
  EXPECT_TRUE(periodic->breached());  // 11:10 passed while pending: periodic never pauses
  s.Events(Line("2026-11-02T12:20:00Z", "agent_reply", R"("agent": "ann")"));
  // The 12:20 reply fulfils both (periodic late, pausable in time) and starts
  // the next cycle of each: due 13:20.
  periodic = Instance(s.engine(), "T-1", SlaMetric::kPeriodicUpdateTime);
  pausable = Instance(s.engine(), "T-1", SlaMetric::kPausableUpdateTime);
  EXPECT_EQ(periodic->start_ms, Ms("2026-11-02T12:20:00Z"));
  EXPECT_EQ(periodic->due_ms, Ms("2026-11-02T13:20:00Z"));
  EXPECT_FALSE(periodic->breached());
  EXPECT_EQ(pausable->due_ms, Ms("2026-11-02T13:20:00Z"));
  EXPECT_EQ(s.engine().impl().sla().active_count(), 2u);
}

TEST(SlaScenarios, NextReplyCyclesThroughThreeExchanges) {
  Scenario s(Policies(R"({"metric": "next_reply_time", "seconds": 1800})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created") +
           Line("2026-11-02T10:05:00Z", "agent_reply", R"("agent": "ann")"));
  // The opening wait is first reply time's: no next reply yet.
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime), nullptr);
  // Exchange 1: customer 10:10 -> due 10:40; reply 10:20: achieved.
  s.Events(Line("2026-11-02T10:10:00Z", "customer_message"));
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime)->due_ms,
            Ms("2026-11-02T10:40:00Z"));
  s.Events(Line("2026-11-02T10:20:00Z", "agent_reply", R"("agent": "ann")"));
  EXPECT_TRUE(Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime)->achieved());
  // Exchange 2: customer 11:00 -> due 11:30 (a second message at 11:10 does
  // not move it); reply 11:45: breached.
  s.Events(Line("2026-11-02T11:00:00Z", "customer_message") +
           Line("2026-11-02T11:10:00Z", "customer_message"));
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime)->due_ms,
            Ms("2026-11-02T11:30:00Z"));
  s.Events(Line("2026-11-02T11:45:00Z", "agent_reply", R"("agent": "ann")"));
  const SlaInstance* second = Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime);
  EXPECT_TRUE(second->breached());
  EXPECT_EQ(second->state, SlaState::kClosed);
  // Exchange 3: customer 12:00 -> due 12:30; reply 12:10: achieved.
  s.Events(Line("2026-11-02T12:00:00Z", "customer_message") +
           Line("2026-11-02T12:10:00Z", "agent_reply", R"("agent": "ann")"));
  const SlaInstance* third = Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime);
  EXPECT_EQ(third->start_ms, Ms("2026-11-02T12:00:00Z"));
  EXPECT_TRUE(third->achieved());
}

TEST(SlaScenarios, ReopenResumesCumulativeTargets) {
  Scenario s(Policies(R"({"metric": "total_resolution_time", "seconds": 14400},
                         {"metric": "first_reply_time", "seconds": 60})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created") +
           Line("2026-11-02T11:00:00Z", "status", R"("status": "solved")"));
  const SlaInstance* total = Instance(s.engine(), "T-1", SlaMetric::kTotalResolutionTime);
  EXPECT_TRUE(total->achieved());  // 1 h <= 4 h
  // The solve at 11:00 closed first reply without an outcome, but it had run
  // past its 10:01 due instant first: breached at 10:01.
  const SlaInstance* frt = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(frt->state, SlaState::kClosed);
  EXPECT_TRUE(frt->breached());
  EXPECT_FALSE(frt->has(SlaInstance::kFulfilled));
  s.Events(Line("2026-11-02T13:00:00Z", "status", R"("status": "open")"));
  // Reopened at 13:00 with 1 h used: 3 h left -> due 16:00 (the 2 h solved
  // do not count).
  EXPECT_EQ(total->state, SlaState::kActive);
  EXPECT_FALSE(total->has(SlaInstance::kFulfilled));
  EXPECT_EQ(total->due_ms, Ms("2026-11-02T16:00:00Z"));
  EXPECT_EQ(frt->state, SlaState::kClosed);  // first reply does not come back
  s.Events(Line("2026-11-02T15:00:00Z", "status", R"("status": "solved")"));
  EXPECT_TRUE(total->achieved());  // 1 h + 2 h = 3 h <= 4 h
  EXPECT_EQ(total->fulfilled_ms, Ms("2026-11-02T15:00:00Z"));
}

TEST(SlaScenarios, AdvanceRecordsABreachWithNoEvent) {
  Scenario s(Policies(R"({"metric": "first_reply_time", "seconds": 3600})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created"));
  Engine& e = s.engine();
  const SlaInstance* i = Instance(e, "T-1", SlaMetric::kFirstReplyTime);
  // Due 11:00; the clock at 11:00 has not passed it, 1 ms later it has.
  ASSERT_TRUE(e.AdvanceClock(FromEpochMs(Ms("2026-11-02T11:00:00Z"))).ok());
  EXPECT_FALSE(i->breached());
  ASSERT_TRUE(e.AdvanceClock(FromEpochMs(Ms("2026-11-02T11:00:00Z") + 1)).ok());
  EXPECT_TRUE(i->breached());
  EXPECT_EQ(i->breach_ms(), Ms("2026-11-02T11:00:00Z"));
  EXPECT_EQ(e.clock(), FromEpochMs(Ms("2026-11-02T11:00:00Z") + 1));
  // Back in time is an error; events before the advanced clock are late.
  EXPECT_EQ(e.AdvanceClock(FromEpochMs(Ms("2026-11-02T10:00:00Z"))).code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(testing::OnlyRejection(
                e, R"({"ticket": "T-2", "time": "2026-11-02T10:30:00Z", "type": "created"})"),
            RejectReason::kOutOfOrder);
  // A late reply does not un-breach it (it is rejected), a later one is late.
  s.Events(Line("2026-11-02T11:05:00Z", "agent_reply", R"("agent": "ann")"));
  EXPECT_TRUE(i->breached());
  EXPECT_FALSE(i->achieved());
}

TEST(SlaScenarios, GroupChangeMovesTheTicketToAnotherPolicyAndCalendar) {
  Scenario s(R"({"calendars": {
      "default": {"timezone": "UTC", "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]]}},
      "tokyo": {"timezone": "Asia/Tokyo", "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]]}}},
    "group_calendars": {"jp": "tokyo"},
    "sla_policies": [
      {"name": "jp", "match": {"group": ["jp"]},
       "targets": [{"metric": "first_reply_time", "seconds": 14400, "business": true}]},
      {"name": "us", "match": {"group": ["us"]},
       "targets": [{"metric": "first_reply_time", "seconds": 7200, "business": true}]}]})");
  s.Events(Line("2026-11-02T15:00:00Z", "created", R"("group": "us")"));
  Engine& e = s.engine();
  // us: Monday 15:00Z + 2 business hours (UTC 09-17) -> 17:00Z.
  EXPECT_EQ(Instance(e, "T-1", SlaMetric::kFirstReplyTime)->due_ms, Ms("2026-11-02T17:00:00Z"));
  s.Events(Line("2026-11-02T16:00:00Z", "assigned", R"("group": "jp")"));
  // jp: 4 business hours on Tokyo's calendar from creation (Mon 15:00Z =
  // Tue 00:00 JST): Tuesday opens 09:00 JST (00:00Z) -> 13:00 JST = 04:00Z.
  const SlaInstance* i = Instance(e, "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(i->due_ms, Ms("2026-11-03T04:00:00Z"));
  EXPECT_FALSE(i->breached());
  absl::StatusOr<TicketKey> key = e.NamedTicket("T-1");
  EXPECT_EQ(e.impl().sla().policies().name(e.impl().sla().Find(*key)->policy), "jp");
  EXPECT_EQ(i->applied_ms, Ms("2026-11-02T16:00:00Z"));
}

TEST(SlaScenarios, InputOrderedByTicketGivesTheSameOutcomes) {
  // T-2's events come after T-1's, though T-1's run later: the clock is far
  // past T-2's due instant when T-2 is created, but T-2's own reply came in time.
  Scenario s(Policies(R"({"metric": "first_reply_time", "seconds": 3600})"));
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T18:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T20:00:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-2", "time": "2026-11-02T10:00:00Z", "type": "created"})");
  EXPECT_TRUE(Instance(s.engine(), "T-2", SlaMetric::kFirstReplyTime)->breached());  // for now
  s.Events(
      R"({"ticket": "T-2", "time": "2026-11-02T10:30:00Z", "type": "agent_reply", "agent": "ann"})");
  const SlaInstance* t2 = Instance(s.engine(), "T-2", SlaMetric::kFirstReplyTime);
  EXPECT_TRUE(t2->achieved());  // replied 10:30 <= due 11:00
  EXPECT_TRUE(Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime)->breached());
}

TEST(SlaScenarios, MergeClosesReplyTargetsWithoutOutcome) {
  Scenario s(Policies(R"({"metric": "first_reply_time", "seconds": 3600},
                         {"metric": "total_resolution_time", "seconds": 36000})"));
  s.Events(Line("2026-11-02T10:00:00Z", "created") + Line("2026-11-02T10:30:00Z", "merged"));
  const SlaInstance* frt = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  EXPECT_EQ(frt->state, SlaState::kClosed);
  EXPECT_FALSE(frt->breached());
  EXPECT_FALSE(frt->has(SlaInstance::kFulfilled));
  EXPECT_EQ(s.engine().impl().sla().active_count(), 0u);
}

TEST(SlaScenarios, NoPolicyNoInstances) {
  Scenario s("{}");
  s.Events(Line("2026-11-02T10:00:00Z", "created"));
  EXPECT_FALSE(s.engine().impl().sla().enabled());
  EXPECT_EQ(s.engine().impl().sla().ticket_count(), 0u);
  // A policy that matches nothing leaves the ticket without targets.
  Scenario vip(R"({"sla_policies": [{"name": "vip", "match": {"segment": ["vip"]},
      "targets": [{"metric": "first_reply_time", "seconds": 60}]}]})");
  vip.Events(Line("2026-11-02T10:00:00Z", "created", R"("segment": "basic")"));
  EXPECT_EQ(Instance(vip.engine(), "T-1", SlaMetric::kFirstReplyTime), nullptr);
  vip.Events(Line("2026-11-02T10:05:00Z", "updated", R"("segment": "vip")"));
  // Now it matches: first reply from creation, due 10:01, past at the 10:05
  // change -> breached at 10:05.
  const SlaInstance* i = Instance(vip.engine(), "T-1", SlaMetric::kFirstReplyTime);
  ASSERT_NE(i, nullptr);
  EXPECT_TRUE(i->breached());
  EXPECT_EQ(i->breach_ms(), Ms("2026-11-02T10:05:00Z"));
}

// A target instance closed before its ticket's priority changes keeps its
// target and outcome: no retroactive breach by the stricter target. The next
// cycle of a recurring metric takes the target in force then.
TEST(SlaScenarios, ClosedInstanceKeepsItsTargetWhenThePriorityChangesAfterClose) {
  Scenario s(R"({"sla_policies": [{"name": "p", "targets": [
      {"priority": "urgent", "metric": "first_reply_time", "seconds": 900},
      {"priority": "*", "metric": "first_reply_time", "seconds": 14400},
      {"priority": "urgent", "metric": "next_reply_time", "seconds": 600},
      {"priority": "*", "metric": "next_reply_time", "seconds": 3600}]}]})");
  // Normal: first reply due 10:00 + 4 h = 14:00; the 10:30 reply achieves it.
  s.Events(Line("2026-11-02T10:00:00Z", "created", R"("priority": "normal")") +
           Line("2026-11-02T10:30:00Z", "agent_reply", R"("agent": "ann")") +
           Line("2026-11-02T10:40:00Z", "updated", R"("priority": "urgent")"));
  // Urgent from 10:40: its first-reply target (15 min, due 10:15) would be
  // past, but the instance closed at 10:30 under the normal one.
  const SlaInstance* frt = Instance(s.engine(), "T-1", SlaMetric::kFirstReplyTime);
  ASSERT_NE(frt, nullptr);
  EXPECT_EQ(frt->state, SlaState::kClosed);
  EXPECT_TRUE(frt->achieved());
  EXPECT_EQ(s.engine().impl().sla().policies().target(frt->target).target, Millis{14'400'000});
  EXPECT_EQ(frt->due_ms, Ms("2026-11-02T14:00:00Z"));
  // The next exchange starts under urgent: customer 10:50 + 10 min = 11:00;
  // the 11:05 reply is late.
  s.Events(Line("2026-11-02T10:50:00Z", "customer_message") +
           Line("2026-11-02T11:05:00Z", "agent_reply", R"("agent": "ann")"));
  const SlaInstance* nrt = Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime);
  ASSERT_NE(nrt, nullptr);
  EXPECT_EQ(nrt->due_ms, Ms("2026-11-02T11:00:00Z"));
  EXPECT_TRUE(nrt->breached());
  const nlohmann::json total = s.Totals(R"("metrics": ["sla_achieved", "sla_breached"])");
  EXPECT_EQ(total["sla_achieved"], 1);  // the first reply, under its own target
  EXPECT_EQ(total["sla_breached"], 1);  // the next reply
}

// A cumulative target closed by a solve, re-targeted by a priority change
// while solved: the reopen resumes it, then the new target replaces it and
// runs on the time already used.
TEST(SlaScenarios, PriorityChangedWhileSolvedAppliesAtTheReopen) {
  Scenario s(R"({"sla_policies": [{"name": "p", "targets": [
      {"priority": "urgent", "metric": "total_resolution_time", "seconds": 3600},
      {"priority": "*", "metric": "total_resolution_time", "seconds": 14400}]}]})");
  // Normal: due 14:00; solved 11:00 after 1 h: achieved.
  s.Events(Line("2026-11-02T10:00:00Z", "created", R"("priority": "normal")") +
           Line("2026-11-02T11:00:00Z", "status", R"("status": "solved")") +
           Line("2026-11-02T11:30:00Z", "updated", R"("priority": "urgent")"));
  EXPECT_TRUE(Instance(s.engine(), "T-1", SlaMetric::kTotalResolutionTime)->achieved());
  // Reopened 12:00: the achievement is taken back; urgent's 1 h is used up
  // already (10:00-11:00; solved time does not count): due 12:00 + 0 = 12:00,
  // applied at 12:00. Solved again 12:30: breached at 12:00, 30 min over.
  s.Events(Line("2026-11-02T12:00:00Z", "status", R"("status": "open")") +
           Line("2026-11-02T12:30:00Z", "status", R"("status": "solved")"));
  const SlaInstance* i = Instance(s.engine(), "T-1", SlaMetric::kTotalResolutionTime);
  EXPECT_EQ(s.engine().impl().sla().policies().target(i->target).target, Millis{3'600'000});
  EXPECT_EQ(i->due_ms, Ms("2026-11-02T12:00:00Z"));
  EXPECT_TRUE(i->breached());
  EXPECT_EQ(i->breach_ms(), Ms("2026-11-02T12:00:00Z"));
  const nlohmann::json total = s.Totals(
      R"("metrics": ["sla_achieved", "sla_breached", "sla_breach_overrun", "sla_active"])");
  EXPECT_EQ(total["sla_achieved"], 0);
  EXPECT_EQ(total["sla_breached"], 1);
  EXPECT_EQ(total["sla_breach_overrun"]["calendar"]["mean"], 1800.0);
  EXPECT_EQ(total["sla_active"], 0);
}

// A recurring target that a policy change adds in the middle of its cycle
// starts from its metric's own start instant — next reply from the waiting
// customer message, periodic update from the latest agent reply — not from
// the change; past due already at the change, it breaches at the change.
TEST(SlaScenarios, RecurringTargetAddedMidCycleStartsFromItsOwnStart) {
  constexpr std::string_view kConfig = R"({"sla_policies": [
      {"name": "vip", "match": {"segment": "vip"}, "targets": [
        {"metric": "next_reply_time", "seconds": 1800},
        {"metric": "periodic_update_time", "seconds": 3600}]},
      {"name": "default", "targets": [{"metric": "first_reply_time", "seconds": 14400}]}]})";
  const std::string opening = Line("2026-11-02T10:00:00Z", "created") +
                              Line("2026-11-02T10:05:00Z", "agent_reply", R"("agent": "ann")") +
                              Line("2026-11-02T10:10:00Z", "customer_message");
  Scenario s{kConfig};
  // Under default: no next reply or periodic target while the customer waits.
  s.Events(opening);
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime), nullptr);
  // 10:20: vip. Next reply from the 10:10 message: due 10:40; periodic
  // update from the 10:05 reply: due 11:05. Neither past at 10:20.
  s.Events(Line("2026-11-02T10:20:00Z", "updated", R"("segment": "vip")"));
  const SlaInstance* nrt = Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime);
  ASSERT_NE(nrt, nullptr);
  EXPECT_EQ(nrt->start_ms, Ms("2026-11-02T10:10:00Z"));
  EXPECT_EQ(nrt->due_ms, Ms("2026-11-02T10:40:00Z"));
  EXPECT_FALSE(nrt->breached());
  const SlaInstance* periodic = Instance(s.engine(), "T-1", SlaMetric::kPeriodicUpdateTime);
  ASSERT_NE(periodic, nullptr);
  EXPECT_EQ(periodic->start_ms, Ms("2026-11-02T10:05:00Z"));
  EXPECT_EQ(periodic->due_ms, Ms("2026-11-02T11:05:00Z"));
  // The 10:35 reply fulfils both in time and starts the next periodic cycle.
  s.Events(Line("2026-11-02T10:35:00Z", "agent_reply", R"("agent": "ann")"));
  EXPECT_TRUE(Instance(s.engine(), "T-1", SlaMetric::kNextReplyTime)->achieved());
  EXPECT_EQ(Instance(s.engine(), "T-1", SlaMetric::kPeriodicUpdateTime)->due_ms,
            Ms("2026-11-02T11:35:00Z"));

  // The same opening, vip only at 10:50: next reply due 10:40 was past at
  // the change: breached at 10:50, not 10:40; the 11:00 reply is 20 min over.
  Scenario late{kConfig};
  late.Events(opening + Line("2026-11-02T10:50:00Z", "updated", R"("segment": "vip")"));
  nrt = Instance(late.engine(), "T-1", SlaMetric::kNextReplyTime);
  ASSERT_NE(nrt, nullptr);
  EXPECT_TRUE(nrt->breached());
  EXPECT_EQ(nrt->breach_ms(), Ms("2026-11-02T10:50:00Z"));
  late.Events(Line("2026-11-02T11:00:00Z", "agent_reply", R"("agent": "ann")"));
  const nlohmann::json r = late.Report(R"({"grain": "hour", "from": "2026-11-02T10:00:00Z",
      "to": "2026-11-02T11:00:00Z", "metrics": ["sla_breached"]})");
  EXPECT_EQ(r["rows"][0]["sla_breached"], 1);  // in the 10:00 bucket (10:50)
  EXPECT_EQ(
      late.Totals(R"("metrics": ["sla_breach_overrun"])")["sla_breach_overrun"]["calendar"]["mean"],
      1200.0);
}

}  // namespace
}  // namespace csm
