// Scenarios written from the definitions of docs/metrics.md §1–3. Each checks
// calendar time and business time; the business calendar is Mon–Fri
// 09:00–17:00 UTC and 2026-11-02 is a Monday. Expected values are worked out
// by hand in the comments.
#include "scenario.h"

namespace csm::testing {
namespace {

using nlohmann::json;

// count, mean, min and max are exact; quantiles are within the sketch's 1 %.
void ExpectDuration(const json& metric, const char* clock, uint64_t count, double mean, double min,
                    double max) {
  ASSERT_TRUE(metric.is_object()) << metric.dump();
  const json& s = metric[clock];
  EXPECT_EQ(s["count"], count) << clock << " " << metric.dump();
  EXPECT_DOUBLE_EQ(s["mean"].get<double>(), mean) << clock;
  EXPECT_DOUBLE_EQ(s["min"].get<double>(), min) << clock;
  EXPECT_DOUBLE_EQ(s["max"].get<double>(), max) << clock;
  // Quantiles are sketch values within 1 % of a sample (p99 of n samples is
  // the value of rank floor(0.99 (n - 1))).
  EXPECT_GE(s["p99"].get<double>(), min * 0.99) << clock;
  EXPECT_LE(s["p99"].get<double>(), max * 1.01 + 1e-9) << clock;
  if (count == 1) {
    EXPECT_NEAR(s["p50"].get<double>(), max, 0.01 * max + 1e-9) << clock;
  }
}

void ExpectSingle(const json& metric, double calendar, double business) {
  ExpectDuration(metric, "calendar", 1, calendar, calendar, calendar);
  ExpectDuration(metric, "business", 1, business, business, business);
}

TEST(ProactiveTicket, FirstReplyStopsAtTheSecondAgentReply) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","agent":"alice"}
{"time":"2026-11-02T10:05:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-03T10:00:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
)");
  const json row = s.Totals();
  // Created Mon 10:00 -> second reply Tue 10:00: 24 h; business 7 h Mon + 1 h Tue.
  ExpectSingle(row["first_reply_time"], 24 * kHour, 8 * kHour);
  // The outreach answers no one; the customer waits Mon 11:00 -> Tue 10:00:
  // 23 h, business 6 h + 1 h.
  ExpectSingle(row["reply_time"], 23 * kHour, 7 * kHour);
}

TEST(ProactiveTicket, CustomerTicketStopsAtTheFirstReply) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T16:30:00Z","ticket":"T1","type":"created","customer":"c1"}
{"time":"2026-11-03T09:10:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
)");
  // 16 h 40 min; business 30 min Mon + 10 min Tue. The opening message starts
  // the first wait, so reply_time has the same sample.
  const json row = s.Totals();
  ExpectSingle(row["first_reply_time"], 16 * kHour + 40 * kMinute, 40 * kMinute);
  ExpectSingle(row["reply_time"], 16 * kHour + 40 * kMinute, 40 * kMinute);
}

TEST(ReplyTime, LaterCustomerMessagesDoNotMoveTheStart) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T13:00:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T16:30:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T18:00:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-03T09:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-03T10:00:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const json row = s.Totals();
  // Wait 1: created 10:00 -> 13:00 = 3 h (business too).
  // Wait 2: 16:30 -> Tue 09:30 = 17 h; business 30 min + 30 min = 1 h.
  ExpectDuration(row["reply_time"], "calendar", 2, (3 + 17) / 2.0 * kHour, 3 * kHour, 17 * kHour);
  ExpectDuration(row["reply_time"], "business", 2, (3 + 1) / 2.0 * kHour, 1 * kHour, 3 * kHour);
  // Longest per ticket, each clock its own.
  ExpectSingle(row["longest_reply_time"], 17 * kHour, 3 * kHour);
  ExpectSingle(row["first_reply_time"], 3 * kHour, 3 * kHour);
  // Opening message + 4 customer messages + 2 replies.
  EXPECT_EQ(row["interactions_per_ticket"]["mean"], 7.0);
  EXPECT_EQ(row["replies_per_ticket"]["mean"], 2.0);
}

TEST(StatusClocks, PendingAndOnHoldPauseTheRightClocks) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"pending"}
{"time":"2026-11-02T13:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T14:00:00Z","ticket":"T1","type":"status","status":"on_hold"}
{"time":"2026-11-02T15:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T16:00:00Z","ticket":"T1","type":"status","status":"pending"}
{"time":"2026-11-03T10:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-03T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const json row = s.Totals();
  // new + open: 09-11, 13-14, 15-16, Tue 10-11 = 5 h (all in office hours).
  ExpectSingle(row["agent_work_time"], 5 * kHour, 5 * kHour);
  ExpectSingle(row["on_hold_time"], 1 * kHour, 1 * kHour);
  // pending: 11-13 (2 h) + Mon 16 -> Tue 10 (18 h; business 1 h + 1 h).
  ExpectSingle(row["agent_wait_time"], 20 * kHour, 4 * kHour);
  // requester wait = new + open + on_hold.
  ExpectSingle(row["requester_wait_time"], 6 * kHour, 6 * kHour);
  // Mon 09:00 -> Tue 11:00: 26 h; business 8 h + 2 h.
  ExpectSingle(row["full_resolution_time"], 26 * kHour, 10 * kHour);
  ExpectSingle(row["first_resolution_time"], 26 * kHour, 10 * kHour);
}

TEST(Reopen, ResolveReplacesTheFullResolutionSample) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T09:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T11:30:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T12:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-03T10:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-03T11:00:00Z","ticket":"T1","type":"status","status":"closed"}
)");
  const json row = s.Totals();
  EXPECT_EQ(row["tickets_solved"], 2);
  EXPECT_EQ(row["tickets_reopened"], 1);
  ExpectSingle(row["first_resolution_time"], 2 * kHour, 2 * kHour);
  // One sample, the latest: Mon 09:00 -> Tue 10:00 = 25 h; business 8 h + 1 h.
  // The cell had a retraction, so min/max come from the sketch (±1 %).
  const json& full = row["full_resolution_time"];
  for (auto [clock, expected, histogram] :
       {std::tuple{"calendar", 25 * kHour, json({0, 0, 0, 0, 0, 1, 0})},    // [24 h, 48 h)
        std::tuple{"business", 9 * kHour, json({0, 0, 0, 1, 0, 0, 0})}}) {  // [6 h, 12 h)
    EXPECT_EQ(full[clock]["count"], 1) << clock;
    EXPECT_DOUBLE_EQ(full[clock]["mean"].get<double>(), expected) << clock;
    EXPECT_NEAR(full[clock]["min"].get<double>(), expected, 0.01 * expected) << clock;
    EXPECT_NEAR(full[clock]["max"].get<double>(), expected, 0.01 * expected) << clock;
    EXPECT_EQ(full[clock]["histogram"]["counts"], histogram) << clock;
  }
  // new+open until the last solve: 09-11 and Mon 12 -> Tue 10 (22 h; business 5 h + 1 h).
  EXPECT_DOUBLE_EQ(row["requester_wait_time"]["calendar"]["mean"].get<double>(), 24 * kHour);
  EXPECT_DOUBLE_EQ(row["requester_wait_time"]["business"]["mean"].get<double>(), 8 * kHour);
  EXPECT_EQ(row["reopens"]["count"], 1);
  EXPECT_EQ(row["reopens"]["mean"], 1.0);
  EXPECT_EQ(row["replies_per_ticket"]["mean"], 2.0);
  EXPECT_EQ(row["one_touch_rate"]["denominator"], 1);
  EXPECT_EQ(row["one_touch_rate"]["numerator"], 0);
  EXPECT_EQ(row["backlog"], 0);

  // By hour: the first solve's bucket lost its sample, the second holds it.
  const json hours =
      s.Report(R"({"grain": "hour", "metrics": ["full_resolution_time", "backlog"]})");
  std::map<std::string, json> by_bucket;
  for (const json& r : hours["rows"]) by_bucket[r["bucket"]] = r;
  EXPECT_TRUE(by_bucket.at("2026-11-02T11:00:00+00:00")["full_resolution_time"].is_null());
  EXPECT_EQ(by_bucket.at("2026-11-03T10:00:00+00:00")["full_resolution_time"]["calendar"]["count"],
            1);
  EXPECT_EQ(by_bucket.at("2026-11-02T09:00:00+00:00")["backlog"], 1);
  EXPECT_EQ(by_bucket.at("2026-11-02T11:00:00+00:00")["backlog"], 0);
  EXPECT_EQ(by_bucket.at("2026-11-02T12:00:00+00:00")["backlog"], 1);
  EXPECT_EQ(by_bucket.at("2026-11-03T09:00:00+00:00")["backlog"], 1);
  EXPECT_EQ(by_bucket.at("2026-11-03T10:00:00+00:00")["backlog"], 0);
}

TEST(Merged, MergedTicketsLeaveTheVolumeWhereTheyWereCounted) {
  Scenario s(ConfigWithOfficeHours(
      R"("views": [{"group_by": [], "grain": "hour"}, {"group_by": ["group"], "grain": "hour"}])"));
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created","group":"g1"}
{"time":"2026-11-02T09:10:00Z","ticket":"T2","type":"created","group":"g1"}
{"time":"2026-11-02T09:20:00Z","ticket":"T2","type":"assigned","group":"g2","agent":"bob"}
{"time":"2026-11-02T09:30:00Z","ticket":"T2","type":"merged"}
{"time":"2026-11-02T10:00:00Z","ticket":"T2","type":"agent_reply","agent":"bob"}
)");
  const json total = s.Totals();
  EXPECT_EQ(total["tickets_created"], 1);
  EXPECT_EQ(total["backlog"], 1);
  EXPECT_TRUE(total["first_reply_time"].is_null());  // the merged ticket's reply counts nowhere
  EXPECT_TRUE(total["time_to_first_assignment"].is_object());  // assigned before the merge

  const json by_group =
      s.Report(R"({"group_by": ["group"], "metrics": ["tickets_created", "backlog"]})");
  std::map<std::string, json> rows;
  for (const json& r : by_group["rows"]) rows[r["group"]] = r;
  EXPECT_EQ(rows.at("g1")["tickets_created"], 1);  // T2 was created in g1: taken back there
  EXPECT_EQ(rows.at("g1")["backlog"], 1);
  EXPECT_EQ(rows.at("g2")["tickets_created"], 0);
  EXPECT_EQ(rows.at("g2")["backlog"], 0);
}

// Notes, bot replies, surveys, ratings and workflows after a solve change
// nothing its per-solved-ticket samples read (§3: they are no replies and
// move no dimension, whatever fields they carry), so the engine saves no
// solve snapshot for them; the re-solve takes back exactly what the solve
// added, under the dimensions it was counted in. By hand: T1 created 09:00
// in g1, replied 09:30, solved 10:00 (full resolution 1 h, SLA
// total_resolution_time 2 h achieved, both under g1); then those events name
// g2 and bob; reopened 10:30, moved to g2 10:40, solved 11:00 (2 h, achieved,
// under g2). So g1 keeps its solve and loses the samples; g2 has them.
TEST(Reopen, EventsThatChangeNoSolveInputTakeBackUnderTheSolvesDimensions) {
  Scenario s(R"({"views": [{"group_by": ["group"], "grain": "day"}],
      "sla_policies": [{"name": "p", "targets": [
        {"metric": "total_resolution_time", "seconds": 7200}]}]})");
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created","group":"g1"}
{"time":"2026-11-02T09:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"note","agent":"bob","group":"g2"}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"bot_reply","group":"g2"}
{"time":"2026-11-02T10:03:00Z","ticket":"T1","type":"survey_sent","group":"g2"}
{"time":"2026-11-02T10:04:00Z","ticket":"T1","type":"csat","value":5,"agent":"bob","group":"g2"}
{"time":"2026-11-02T10:05:00Z","ticket":"T1","type":"ces","value":2,"group":"g2"}
{"time":"2026-11-02T10:06:00Z","ticket":"T1","type":"nps","value":9,"group":"g2"}
{"time":"2026-11-02T10:07:00Z","ticket":"T1","type":"workflow","workflow":"macro","group":"g2"}
{"time":"2026-11-02T10:30:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T10:40:00Z","ticket":"T1","type":"updated","group":"g2"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const json r = s.Report(R"({"grain": "all", "group_by": ["group"], "metrics": [
      "tickets_solved", "full_resolution_time", "replies_per_ticket", "one_touch_rate",
      "sla_achieved", "sla_breached"]})");
  ASSERT_EQ(r["rows"].size(), 2u) << r.dump();
  const json& g1 = r["rows"][0];
  const json& g2 = r["rows"][1];
  ASSERT_EQ(g1["group"], "g1") << r.dump();
  ASSERT_EQ(g2["group"], "g2") << r.dump();
  EXPECT_EQ(g1["tickets_solved"], 1);  // never taken back
  EXPECT_TRUE(g1["full_resolution_time"].is_null()) << g1.dump();
  EXPECT_TRUE(g1["replies_per_ticket"].is_null()) << g1.dump();
  EXPECT_TRUE(g1["one_touch_rate"].is_null()) << g1.dump();
  EXPECT_EQ(g1["sla_achieved"], 0) << g1.dump();
  EXPECT_EQ(g2["tickets_solved"], 1);
  EXPECT_EQ(g2["full_resolution_time"]["calendar"]["count"], 1) << g2.dump();
  EXPECT_DOUBLE_EQ(g2["full_resolution_time"]["calendar"]["mean"].get<double>(), 2 * kHour);
  EXPECT_EQ(g2["replies_per_ticket"]["count"], 1) << g2.dump();
  EXPECT_EQ(g2["one_touch_rate"]["numerator"], 1) << g2.dump();
  EXPECT_EQ(g2["sla_achieved"], 1) << g2.dump();
  EXPECT_EQ(g2["sla_breached"], 0) << g2.dump();
}

TEST(BotsAndNotes, NeverCountAsReplies) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T09:01:00Z","ticket":"T1","type":"bot_reply"}
{"time":"2026-11-02T09:02:00Z","ticket":"T1","type":"note","agent":"alice"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T09:00:00Z","ticket":"T2","type":"created"}
{"time":"2026-11-02T09:01:00Z","ticket":"T2","type":"bot_reply"}
{"time":"2026-11-02T09:05:00Z","ticket":"T2","type":"status","status":"solved"}
{"time":"2026-11-02T09:00:00Z","ticket":"T3","type":"created"}
{"time":"2026-11-02T09:01:00Z","ticket":"T3","type":"bot_reply"}
{"time":"2026-11-02T09:02:00Z","ticket":"T3","type":"handoff"}
{"time":"2026-11-02T09:10:00Z","ticket":"T3","type":"status","status":"solved"}
)");
  const json row = s.Totals();
  ExpectSingle(row["first_reply_time"], 1 * kHour, 1 * kHour);
  ExpectSingle(row["reply_time"], 1 * kHour, 1 * kHour);
  EXPECT_EQ(row["replies_per_ticket"]["count"], 3);
  EXPECT_DOUBLE_EQ(row["replies_per_ticket"]["mean"].get<double>(), 1.0 / 3);
  // Only T2: no human reply and no handoff.
  EXPECT_EQ(row["bot_resolution_rate"]["numerator"], 1);
  EXPECT_EQ(row["bot_resolution_rate"]["denominator"], 3);
  EXPECT_EQ(row["one_touch_rate"]["numerator"], 1);  // T1; T2 and T3 had no human reply
}

TEST(FirstReplyStart, LastHandoffStartsTheClockAtTheHandoff) {
  constexpr std::string_view kEvents = R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T09:01:00Z","ticket":"T1","type":"bot_reply"}
{"time":"2026-11-02T16:45:00Z","ticket":"T1","type":"handoff"}
{"time":"2026-11-03T09:15:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
)";
  Scenario by_creation(ConfigWithOfficeHours());
  by_creation.Events(kEvents);
  // Mon 09:00 -> Tue 09:15: 24 h 15 min; business 8 h + 15 min.
  ExpectSingle(by_creation.Totals()["first_reply_time"], 24.25 * kHour, 8.25 * kHour);

  Scenario by_handoff(ConfigWithOfficeHours(R"("options": {"first_reply_start": "last_handoff"})"));
  by_handoff.Events(kEvents);
  // Mon 16:45 -> Tue 09:15: 16 h 30 min; business 15 + 15 min.
  ExpectSingle(by_handoff.Totals()["first_reply_time"], 16.5 * kHour, 0.5 * kHour);
}

TEST(FirstReplyStart, LastHandoffCountsAReopenAsAStart) {
  Scenario s(ConfigWithOfficeHours(R"("options": {"first_reply_start": "last_handoff"})"));
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T09:10:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-02T12:20:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
)");
  ExpectSingle(s.Totals()["first_reply_time"], 20 * kMinute, 20 * kMinute);
}

// Five solved tickets: A one reply; B one reply then a customer message;
// C two replies; D a customer message then one reply; E no reply.
constexpr std::string_view kFcrEvents = R"(
{"time":"2026-11-02T09:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-02T09:10:00Z","ticket":"A","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T09:20:00Z","ticket":"A","type":"status","status":"solved"}
{"time":"2026-11-02T09:00:00Z","ticket":"B","type":"created"}
{"time":"2026-11-02T09:10:00Z","ticket":"B","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T09:15:00Z","ticket":"B","type":"customer_message"}
{"time":"2026-11-02T09:20:00Z","ticket":"B","type":"status","status":"solved"}
{"time":"2026-11-02T09:00:00Z","ticket":"C","type":"created"}
{"time":"2026-11-02T09:10:00Z","ticket":"C","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T09:15:00Z","ticket":"C","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T09:20:00Z","ticket":"C","type":"status","status":"solved"}
{"time":"2026-11-02T09:00:00Z","ticket":"D","type":"created"}
{"time":"2026-11-02T09:05:00Z","ticket":"D","type":"customer_message"}
{"time":"2026-11-02T09:10:00Z","ticket":"D","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T09:20:00Z","ticket":"D","type":"status","status":"solved"}
{"time":"2026-11-02T09:00:00Z","ticket":"E","type":"created"}
{"time":"2026-11-02T09:20:00Z","ticket":"E","type":"status","status":"solved"}
)";

int FcrNumerator(std::string_view policy) {
  Scenario s(
      ConfigWithOfficeHours(absl::StrCat(R"("options": {"fcr": ")", AsAbsl(policy), R"("})")));
  s.Events(kFcrEvents);
  const json row = s.Totals();
  EXPECT_EQ(row["fcr_rate"]["denominator"], 5);
  EXPECT_EQ(row["one_touch_rate"]["numerator"], 3);  // one_touch_rate ignores the option
  return row["fcr_rate"]["numerator"].get<int>();
}

// Issue 21: a log without replies showed "One-touch rate 100 %". A ticket
// solved with no agent reply is not one-touch (Zendesk: exactly one reply).
TEST(OneTouch, AZeroReplyTicketIsNotOneTouch) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-02T09:20:00Z","ticket":"A","type":"status","status":"solved"}
)");
  const json row = s.Totals();
  EXPECT_EQ(row["one_touch_rate"],
            json::parse(R"({"value": 0.0, "numerator": 0, "denominator": 1})"));
  EXPECT_EQ(row["fcr_rate"]["numerator"], 0);  // the default policy, one_touch, follows
}

// Zendesk's zero-touch: solved without an agent reply. In kFcrEvents only E;
// a bot reply is no agent reply, and a re-solve moves the count to the day
// of the new solve (it is a per-solved-ticket sample).
TEST(ZeroTouch, CountsSolvedTicketsWithoutAnAgentReply) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(kFcrEvents);
  EXPECT_EQ(s.Totals()["zero_touch_tickets"], 1);

  Scenario moved;
  moved.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"F","type":"created"}
{"time":"2026-11-02T09:01:00Z","ticket":"F","type":"bot_reply"}
{"time":"2026-11-02T09:20:00Z","ticket":"F","type":"status","status":"solved"}
{"time":"2026-11-03T09:00:00Z","ticket":"F","type":"status","status":"open"}
{"time":"2026-11-03T09:20:00Z","ticket":"F","type":"status","status":"solved"}
{"time":"2026-11-02T10:00:00Z","ticket":"G","type":"created"}
{"time":"2026-11-02T10:20:00Z","ticket":"G","type":"status","status":"solved"}
{"time":"2026-11-03T10:00:00Z","ticket":"G","type":"status","status":"open"}
{"time":"2026-11-03T10:10:00Z","ticket":"G","type":"agent_reply","agent":"alice"}
{"time":"2026-11-03T10:20:00Z","ticket":"G","type":"status","status":"solved"}
)");
  const json days = moved.Report(
      R"({"from": "2026-11-02", "to": "2026-11-04", "grain": "day",
          "metrics": ["zero_touch_tickets", "tickets_solved"]})");
  ASSERT_EQ(days["rows"].size(), 2u) << days.dump();
  // Monday: F and G solved untouched, both taken back by their re-solves.
  EXPECT_EQ(days["rows"][0]["zero_touch_tickets"], 0);
  // Tuesday: F again without an agent reply; G now has one.
  EXPECT_EQ(days["rows"][1]["zero_touch_tickets"], 1);
  EXPECT_EQ(days["rows"][1]["tickets_solved"], 2);
}

TEST(Fcr, EachPolicyCountsItsOwnTickets) {
  EXPECT_EQ(FcrNumerator("one_touch"), 3);           // A B D: exactly one reply
  EXPECT_EQ(FcrNumerator("first_reply_solves"), 2);  // A D: one reply, nothing after it
  EXPECT_EQ(FcrNumerator("no_followup"), 3);         // A C E: only the opening message
  Scenario s(ConfigWithOfficeHours());
  s.Events(kFcrEvents);
  EXPECT_DOUBLE_EQ(s.Totals()["fcr_rate"]["value"].get<double>(), 60.0);  // default one_touch
}

constexpr std::string_view kLateNightTicket = R"(
{"time":"2026-11-02T23:30:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-03T00:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-03T01:00:00Z","ticket":"T1","type":"status","status":"solved"}
)";

std::map<std::string, json> DaysOf(Scenario& s) {
  std::map<std::string, json> rows;
  const json report = s.Report(R"({"grain": "day"})");
  for (const json& r : report["rows"]) rows[r["bucket"]] = r;
  return rows;
}

TEST(Attribution, CompletedPutsSamplesInTheBucketWhereTheyComplete) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(kLateNightTicket);
  std::map<std::string, json> days = DaysOf(s);
  EXPECT_EQ(days.at("2026-11-02")["tickets_created"], 1);
  EXPECT_TRUE(days.at("2026-11-02")["first_reply_time"].is_null());
  EXPECT_EQ(days.at("2026-11-02")["tickets_solved"], 0);
  // All outside office hours: business 0.
  ExpectSingle(days.at("2026-11-03")["first_reply_time"], 1 * kHour, 0);
  EXPECT_EQ(days.at("2026-11-03")["tickets_solved"], 1);
  EXPECT_EQ(days.at("2026-11-02")["backlog"], 1);
  EXPECT_EQ(days.at("2026-11-03")["backlog"], 0);
}

TEST(Attribution, CreatedPutsSamplesInTheCreationBucket) {
  Scenario s(ConfigWithOfficeHours(R"("options": {"attribution": "created"})"));
  s.Events(kLateNightTicket);
  std::map<std::string, json> days = DaysOf(s);
  ExpectSingle(days.at("2026-11-02")["first_reply_time"], 1 * kHour, 0);
  ExpectSingle(days.at("2026-11-02")["full_resolution_time"], 1.5 * kHour, 0);
  EXPECT_EQ(days.at("2026-11-02")["tickets_solved"], 1);
  EXPECT_EQ(days.at("2026-11-03")["tickets_solved"], 0);
  EXPECT_TRUE(days.at("2026-11-03")["first_reply_time"].is_null());
  // Backlog is a state at the end of each bucket: not moved by attribution.
  EXPECT_EQ(days.at("2026-11-02")["backlog"], 1);
  EXPECT_EQ(days.at("2026-11-03")["backlog"], 0);
}

TEST(Assignment, TimeToFirstAssignmentAndStations) {
  Scenario s(ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created","group":"g1"}
{"time":"2026-11-02T09:45:00Z","ticket":"T1","type":"assigned","agent":"a"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"assigned","agent":"b","group":"g2"}
{"time":"2026-11-02T10:10:00Z","ticket":"T1","type":"assigned","agent":"c"}
{"time":"2026-11-02T10:20:00Z","ticket":"T1","type":"assigned","agent":"a","group":"g1"}
{"time":"2026-11-02T10:30:00Z","ticket":"T1","type":"assigned","agent":"b"}
{"time":"2026-11-02T10:40:00Z","ticket":"T1","type":"assigned","agent":"c"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const json row = s.Totals();
  ExpectSingle(row["time_to_first_assignment"], 45 * kMinute, 45 * kMinute);
  EXPECT_EQ(row["assignee_stations"]["mean"], 3.0);  // a, b, c
  EXPECT_EQ(row["group_stations"]["mean"], 2.0);     // g1, g2
}

TEST(GroupCalendars, EachGroupUsesItsCalendarPerSegment) {
  // emea works 07:00-15:00 UTC, everyone else the default 09:00-17:00.
  Scenario s(R"({"calendars": {"default": )" + std::string(kOfficeHours) +
             R"(, "emea": {"timezone": "UTC", "weekly": {"mon": [["07:00","15:00"]]}}},
                 "group_calendars": {"emea": "emea"}})");
  s.Events(R"(
{"time":"2026-11-02T06:00:00Z","ticket":"T1","type":"created","group":"emea"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"assigned","group":"us"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const json row = s.Totals();
  // Segment 1 (emea) 06-10: business 3 h; segment 2 (default) 10-12: 2 h.
  ExpectSingle(row["agent_work_time"], 6 * kHour, 5 * kHour);
  // Single span, calendar in force at completion (default): 09-12 = 3 h.
  ExpectSingle(row["full_resolution_time"], 6 * kHour, 3 * kHour);
  // Completed by the assignment that moves it to "us": samples take the
  // ticket as the event leaves it, so the default calendar: 09-10 = 1 h.
  ExpectSingle(row["time_to_first_assignment"], 4 * kHour, 1 * kHour);
}

TEST(NoCalendar, BusinessTimeIsCalendarTime) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T23:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-03T01:00:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
)");
  ExpectSingle(s.Totals()["first_reply_time"], 2 * kHour, 2 * kHour);
}

}  // namespace
}  // namespace csm::testing
