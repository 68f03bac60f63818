// Contact-center scenarios written from docs/metrics.md §6 (and the conventions
// of docs/contact-center.md). The business calendar is Mon–Fri 09:00–17:00
// UTC; 2026-11-02 is a Monday. Expected values are worked out by hand in the
// comments.
#include "csm/engine/internal/engine_impl.h"
#include "scenario.h"

namespace csm::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kViews =
    R"("views": [{"group_by": [], "grain": "hour"}, {"group_by": ["agent"], "grain": "hour"},
                 {"group_by": ["group"], "grain": "hour"}])";

std::string Config(std::string_view options = "") {
  std::string extra(kViews);
  if (!options.empty()) extra += ", \"options\": {" + std::string(options) + "}";
  return ConfigWithOfficeHours(extra);
}

// count and mean (exact) of both clocks.
void ExpectDuration(const json& metric, uint64_t count, double calendar_mean,
                    double business_mean) {
  ASSERT_TRUE(metric.is_object()) << metric.dump();
  EXPECT_EQ(metric["calendar"]["count"], count) << metric.dump();
  EXPECT_EQ(metric["business"]["count"], count) << metric.dump();
  EXPECT_DOUBLE_EQ(metric["calendar"]["mean"].get<double>(), calendar_mean) << metric.dump();
  EXPECT_DOUBLE_EQ(metric["business"]["mean"].get<double>(), business_mean) << metric.dump();
}

void ExpectRate(const json& metric, double numerator, double denominator) {
  ASSERT_TRUE(metric.is_object()) << metric.dump();
  EXPECT_DOUBLE_EQ(metric["numerator"].get<double>(), numerator) << metric.dump();
  EXPECT_DOUBLE_EQ(metric["denominator"].get<double>(), denominator) << metric.dump();
  EXPECT_DOUBLE_EQ(metric["value"].get<double>(), 100.0 * numerator / denominator);
}

// The row of `agent` in a grain-all report grouped by agent.
json AgentRow(Scenario& s, std::string_view agent) {
  const json r = s.Report(R"({"grain": "all", "group_by": ["agent"]})");
  for (const json& row : r["rows"]) {
    if (row["agent"] == agent) return row;
  }
  ADD_FAILURE() << "no row for " << agent << ": " << r.dump();
  return json();
}

TEST(ContactCenter, AbandonInIvrIsNotAQueueAbandon) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created","channel":"phone"}
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"ivr","step":"main_menu"}
{"time":"2026-11-02T10:00:20Z","ticket":"C1","type":"ivr","step":"billing"}
{"time":"2026-11-02T10:00:40Z","ticket":"C1","type":"abandoned"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"created","channel":"phone"}
{"time":"2026-11-02T10:01:05Z","ticket":"C2","type":"ivr","step":"main_menu"}
{"time":"2026-11-02T10:01:30Z","ticket":"C2","type":"queued","group":"billing"}
{"time":"2026-11-02T10:02:30Z","ticket":"C2","type":"abandoned"}
{"time":"2026-11-02T10:03:00Z","ticket":"C3","type":"created","channel":"phone"}
{"time":"2026-11-02T10:03:00Z","ticket":"C3","type":"queued","group":"billing"}
{"time":"2026-11-02T10:03:10Z","ticket":"C3","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:05:10Z","ticket":"C3","type":"ended"}
{"time":"2026-11-02T10:06:10Z","ticket":"C3","type":"wrapup_end"}
{"time":"2026-11-02T10:07:00Z","ticket":"C4","type":"created","channel":"phone"}
{"time":"2026-11-02T10:07:09Z","ticket":"C4","type":"abandoned","step":"welcome"}
)");
  const json row = s.Totals();
  EXPECT_EQ(row["contacts_queued"], 2);
  EXPECT_EQ(row["contacts_answered"], 1);
  EXPECT_EQ(row["contacts_abandoned"], 1);  // C2 only: C1 and C4 left before the queue
  EXPECT_EQ(row["callbacks"], 0);
  ExpectRate(row["abandonment_rate"], 1, 2);
  EXPECT_EQ(row["abandonment_by_step"],
            json::parse(R"({"in_ivr": 2, "in_queue": 1, "steps": {"billing": 1, "welcome": 1}})"));
  ExpectDuration(row["queue_abandon_time"], 1, 60, 60);
  ExpectDuration(row["average_speed_of_answer"], 1, 10, 10);
  // C3 answered in 10 s <= 20 s; C2 abandoned after 60 s > 20 s: 1 of 2.
  ExpectRate(row["service_level"], 1, 2);
  ExpectDuration(row["talk_time"], 1, 120, 120);
  EXPECT_TRUE(row["hold_time"].is_null());  // no holds
  ExpectDuration(row["after_contact_work_time"], 1, 60, 60);
  ExpectDuration(row["handle_time"], 1, 180, 180);
  // The queue is the contact's group; ASA goes to the answering agent.
  EXPECT_EQ(AgentRow(s, "alice")["contacts_answered"], 1);
  const json by_group = s.Report(R"({"grain": "all", "group_by": ["group"]})");
  bool billing = false;
  for (const json& r : by_group["rows"]) {
    if (r["group"] == "billing") {
      billing = true;
      EXPECT_EQ(r["contacts_queued"], 2) << r.dump();
    }
  }
  EXPECT_TRUE(billing) << by_group.dump();
}

TEST(ContactCenter, CallbackIsNotAnAbandon) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued","group":"sales"}
{"time":"2026-11-02T10:02:00Z","ticket":"C1","type":"callback"}
{"time":"2026-11-02T10:05:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:05:00Z","ticket":"C2","type":"queued","group":"sales"}
{"time":"2026-11-02T10:06:00Z","ticket":"C2","type":"abandoned"}
)");
  const json row = s.Totals();
  EXPECT_EQ(row["callbacks"], 1);
  EXPECT_EQ(row["contacts_abandoned"], 1);
  ExpectRate(row["abandonment_rate"], 1, 2);  // the callback stays in the denominator
  // Default denominator: answered + abandoned after T; the callback is neither.
  ExpectRate(row["service_level"], 0, 1);
  EXPECT_TRUE(row["average_speed_of_answer"].is_null());

  Scenario offered(Config(R"("service_level_denominator": "offered")"));
  offered.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued","group":"sales"}
{"time":"2026-11-02T10:02:00Z","ticket":"C1","type":"callback"}
{"time":"2026-11-02T10:05:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:05:00Z","ticket":"C2","type":"queued"}
{"time":"2026-11-02T10:05:10Z","ticket":"C2","type":"abandoned"}
)");
  // Offered: every queued contact; the early abandon (10 s <= T) counts too.
  ExpectRate(offered.Totals()["service_level"], 0, 2);
}

TEST(ContactCenter, ShortAbandonsLeaveBothSides) {
  const std::string events = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued"}
{"time":"2026-11-02T10:00:03Z","ticket":"C1","type":"abandoned"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"queued"}
{"time":"2026-11-02T10:01:30Z","ticket":"C2","type":"abandoned"}
{"time":"2026-11-02T10:02:00Z","ticket":"C3","type":"created"}
{"time":"2026-11-02T10:02:00Z","ticket":"C3","type":"queued"}
{"time":"2026-11-02T10:02:25Z","ticket":"C3","type":"answered","agent":"alice"}
)";
  Scenario plain(Config());
  plain.Events(events);
  ExpectRate(plain.Totals()["abandonment_rate"], 2, 3);

  Scenario s(Config(R"("short_abandon": 5)"));
  s.Events(events);
  const json row = s.Totals();
  EXPECT_EQ(row["contacts_abandoned"], 2);    // the raw count keeps it
  ExpectRate(row["abandonment_rate"], 1, 2);  // 3 s < 5 s: out of both sides
  ExpectRate(row["service_level"], 0, 2);     // 25 s and 30 s are both > 20 s
  ExpectDuration(row["queue_abandon_time"], 2, (3 + 30) / 2.0, (3 + 30) / 2.0);

  // "Within T" is <= T: at T = 25 s the answer after exactly 25 s counts.
  Scenario at25(Config(R"("short_abandon": 5, "service_level_threshold": 25)"));
  at25.Events(events);
  ExpectRate(at25.Totals()["service_level"], 1, 2);
}

TEST(ContactCenter, SeveralHoldsAndBusinessTime) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:02:00Z","ticket":"C1","type":"hold_start"}
{"time":"2026-11-02T10:03:00Z","ticket":"C1","type":"hold_end"}
{"time":"2026-11-02T10:05:00Z","ticket":"C1","type":"hold_start"}
{"time":"2026-11-02T10:05:30Z","ticket":"C1","type":"hold_end"}
{"time":"2026-11-02T10:10:00Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T10:11:00Z","ticket":"C1","type":"wrapup_end"}
)");
  json row = s.Totals();
  EXPECT_EQ(row["contacts_answered"], 1);  // answered without a queue: no ASA
  EXPECT_TRUE(row["average_speed_of_answer"].is_null());
  ExpectDuration(row["talk_time"], 1, 600 - 90, 600 - 90);
  ExpectDuration(row["hold_time"], 1, 90, 90);
  ExpectDuration(row["after_contact_work_time"], 1, 60, 60);
  ExpectDuration(row["handle_time"], 1, 660, 660);

  // Across closing time: 16:55 -> 17:05 talks 600 s, 300 s of it business;
  // on hold 16:58 -> 17:02 (240 s, 120 s business); ACW after 17:00 is 0.
  Scenario late(Config());
  late.Events(R"(
{"time":"2026-11-02T16:55:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T16:55:00Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T16:58:00Z","ticket":"C1","type":"hold_start"}
{"time":"2026-11-02T17:02:00Z","ticket":"C1","type":"hold_end"}
{"time":"2026-11-02T17:05:00Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T17:06:00Z","ticket":"C1","type":"wrapup_end"}
)");
  row = late.Totals();
  ExpectDuration(row["talk_time"], 1, 600 - 240, 300 - 120);
  ExpectDuration(row["hold_time"], 1, 240, 120);
  ExpectDuration(row["after_contact_work_time"], 1, 60, 0);
  ExpectDuration(row["handle_time"], 1, 660, 300);
}

TEST(ContactCenter, TransferGivesEachAgentASegment) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued","group":"tier1"}
{"time":"2026-11-02T10:00:15Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:01:15Z","ticket":"C1","type":"hold_start"}
{"time":"2026-11-02T10:02:15Z","ticket":"C1","type":"hold_end"}
{"time":"2026-11-02T10:04:15Z","ticket":"C1","type":"transferred","agent":"bob"}
{"time":"2026-11-02T10:10:15Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T10:11:15Z","ticket":"C1","type":"wrapup_end","agent":"bob"}
{"time":"2026-11-02T10:12:15Z","ticket":"C1","type":"wrapup_end","agent":"alice"}
)");
  const json total = s.Totals();
  EXPECT_EQ(total["contacts_answered"], 1);  // one contact, two segments
  EXPECT_EQ(total["transfers"], 1);
  ExpectDuration(total["talk_time"], 2, (180 + 360) / 2.0, (180 + 360) / 2.0);
  ExpectDuration(total["handle_time"], 2, (720 + 420) / 2.0, (720 + 420) / 2.0);

  // alice: talk 10:00:15 -> 10:04:15 minus 60 s hold = 180 s; ACW from the
  // transfer to her wrap-up, 480 s; handle 720 s.
  const json alice = AgentRow(s, "alice");
  EXPECT_EQ(alice["transfers"], 1);
  EXPECT_EQ(alice["contacts_answered"], 1);
  ExpectDuration(alice["average_speed_of_answer"], 1, 15, 15);
  ExpectDuration(alice["talk_time"], 1, 180, 180);
  ExpectDuration(alice["hold_time"], 1, 60, 60);
  ExpectDuration(alice["after_contact_work_time"], 1, 480, 480);
  ExpectDuration(alice["handle_time"], 1, 720, 720);
  // bob: talk 10:04:15 -> 10:10:15 = 360 s, ACW 60 s, handle 420 s.
  const json bob = AgentRow(s, "bob");
  EXPECT_TRUE(bob["contacts_answered"].is_null() || bob["contacts_answered"] == 0) << bob.dump();
  ExpectDuration(bob["talk_time"], 1, 360, 360);
  EXPECT_TRUE(bob["hold_time"].is_null());
  ExpectDuration(bob["after_contact_work_time"], 1, 60, 60);
  ExpectDuration(bob["handle_time"], 1, 420, 420);
}

TEST(ContactCenter, TransferToAGroupWaitsForTheNextAnswer) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued","group":"tier1"}
{"time":"2026-11-02T10:00:10Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:02:10Z","ticket":"C1","type":"transferred","group":"tier2"}
{"time":"2026-11-02T10:02:10Z","ticket":"C1","type":"queued","group":"tier2"}
{"time":"2026-11-02T10:03:10Z","ticket":"C1","type":"answered","agent":"carol"}
{"time":"2026-11-02T10:05:10Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T10:05:10Z","ticket":"C1","type":"wrapup_end","agent":"carol"}
)");
  const json total = s.Totals();
  EXPECT_EQ(total["contacts_queued"], 1);  // the re-queue is not a new offer
  EXPECT_EQ(total["contacts_answered"], 1);
  ExpectDuration(total["average_speed_of_answer"], 1, 10, 10);
  ExpectDuration(total["talk_time"], 2, 120, 120);    // alice 120 s, carol 120 s
  ExpectDuration(total["handle_time"], 1, 120, 120);  // alice is still in wrap-up
  EXPECT_EQ(s.engine().impl().contacts().contacts().size(), 1u);
}

TEST(ContactCenter, AfterContactWorkAcrossAnHourBoundary) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:50:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:50:00Z","ticket":"C1","type":"queued"}
{"time":"2026-11-02T10:50:30Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:58:00Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T11:03:00Z","ticket":"C1","type":"wrapup_end"}
)");
  const json r = s.Report(
      R"({"from": "2026-11-02T10:00:00Z", "to": "2026-11-02T12:00:00Z", "grain": "hour",
          "metrics": ["contacts_answered", "talk_time", "after_contact_work_time", "handle_time"]})");
  ASSERT_EQ(r["rows"].size(), 2u) << r.dump();
  const json& ten = r["rows"][0];
  const json& eleven = r["rows"][1];
  // The talk ends at 10:58 (10:00 bucket); the wrap-up at 11:03 (11:00).
  EXPECT_EQ(ten["contacts_answered"], 1);
  ExpectDuration(ten["talk_time"], 1, 450, 450);
  EXPECT_TRUE(ten["after_contact_work_time"].is_null());
  EXPECT_TRUE(ten["handle_time"].is_null());
  EXPECT_TRUE(eleven["talk_time"].is_null());
  ExpectDuration(eleven["after_contact_work_time"], 1, 300, 300);
  ExpectDuration(eleven["handle_time"], 1, 750, 750);
}

TEST(ContactCenter, OccupancySplitsAtBucketBoundaries) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T09:30:00Z","type":"agent_state","agent":"alice","status":"available"}
{"time":"2026-11-02T09:45:00Z","type":"agent_state","agent":"alice","status":"busy"}
{"time":"2026-11-02T10:10:00Z","type":"agent_state","agent":"alice","status":"after_call"}
{"time":"2026-11-02T10:15:00Z","type":"agent_state","agent":"alice","status":"available"}
{"time":"2026-11-02T10:30:00Z","type":"agent_state","agent":"alice","status":"away"}
{"time":"2026-11-02T10:45:00Z","type":"agent_state","agent":"alice","status":"offline"}
{"time":"2026-11-02T12:00:00Z","type":"agent_state","agent":"alice","status":"available"}
)");
  const json r = s.Report(
      R"({"from": "2026-11-02T09:00:00Z", "to": "2026-11-02T12:00:00Z", "grain": "hour",
          "group_by": ["agent"], "metrics": ["occupancy", "utilization"]})");
  ASSERT_EQ(r["rows"].size(), 3u) << r.dump();
  // 09:00: available 15 min, busy 15 min (the busy spell to 10:10 is cut at 10:00).
  ExpectRate(r["rows"][0]["occupancy"], 900, 1800);
  ExpectRate(r["rows"][0]["utilization"], 900, 1800);
  // 10:00: busy 10, after_call 5, available 15, away 15 min.
  ExpectRate(r["rows"][1]["occupancy"], 900, 1800);
  ExpectRate(r["rows"][1]["utilization"], 900, 2700);
  // 11:00: offline all hour: no data, null.
  EXPECT_TRUE(r["rows"][2]["occupancy"].is_null()) << r.dump();
  EXPECT_TRUE(r["rows"][2]["utilization"].is_null());
  // The day rolls the hours up exactly.
  const json day = s.Report(R"({"from": "2026-11-02", "to": "2026-11-03", "grain": "day",
                                "metrics": ["occupancy", "utilization"]})");
  ExpectRate(day["rows"][0]["occupancy"], 1800, 3600);
  ExpectRate(day["rows"][0]["utilization"], 1800, 4500);
}

TEST(ContactCenter, QuietDayIsNullNotZero) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued"}
{"time":"2026-11-02T10:00:30Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:05:00Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T10:06:00Z","ticket":"C1","type":"wrapup_end"}
{"time":"2026-11-04T10:00:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-04T10:00:00Z","ticket":"C2","type":"queued"}
{"time":"2026-11-04T10:00:10Z","ticket":"C2","type":"abandoned"}
)");
  const json r = s.Report(R"({"from": "2026-11-03", "to": "2026-11-05", "grain": "day",
                              "compare": "previous"})");
  ASSERT_EQ(r["rows"].size(), 2u) << r.dump();
  const json& tuesday = r["rows"][0];
  // A quiet day: counts 0 (issue 21), everything else null.
  for (const char* m : {"contacts_queued", "contacts_answered", "contacts_abandoned"}) {
    EXPECT_EQ(tuesday[m], 0) << m << ": " << tuesday[m].dump();
  }
  for (const char* m :
       {"abandonment_rate", "abandonment_by_step", "service_level", "average_speed_of_answer",
        "talk_time", "handle_time", "occupancy", "utilization", "cost_per_contact"}) {
    EXPECT_TRUE(tuesday[m].is_null()) << m << ": " << tuesday[m].dump();
  }
  // The previous period of Tue–Wed is Sun–Mon: Tuesday against a quiet
  // Sunday (0 against 0: no percent change), Wednesday against Monday.
  EXPECT_EQ(tuesday["previous"]["contacts_answered"], 0);
  EXPECT_EQ(tuesday["change"]["contacts_answered"]["absolute"], 0);
  EXPECT_TRUE(tuesday["change"]["contacts_answered"]["percent"].is_null());
  const json& wednesday = r["rows"][1];
  EXPECT_EQ(wednesday["contacts_abandoned"], 1);
  EXPECT_TRUE(wednesday["contacts_answered"].is_null() || wednesday["contacts_answered"] == 0);
  ExpectRate(wednesday["abandonment_rate"], 1, 1);
  EXPECT_EQ(wednesday["previous"]["contacts_answered"], 1);
  ExpectRate(wednesday["previous"]["service_level"], 0, 1);  // 30 s > 20 s
  ExpectRate(wednesday["previous"]["abandonment_rate"], 0, 1);
  EXPECT_DOUBLE_EQ(wednesday["change"]["abandonment_rate"]["value"]["absolute"].get<double>(),
                   100.0);
  EXPECT_TRUE(wednesday["average_speed_of_answer"].is_null());
  EXPECT_TRUE(wednesday["change"]["average_speed_of_answer"].is_null());
}

TEST(ContactCenter, ChangeAgainstThePreviousPeriod) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued"}
{"time":"2026-11-02T10:00:10Z","ticket":"C1","type":"abandoned"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"queued"}
{"time":"2026-11-02T10:01:10Z","ticket":"C2","type":"answered","agent":"alice"}
{"time":"2026-11-03T10:00:00Z","ticket":"C3","type":"created"}
{"time":"2026-11-03T10:00:00Z","ticket":"C3","type":"queued"}
{"time":"2026-11-03T10:00:10Z","ticket":"C3","type":"answered","agent":"alice"}
)");
  const json r = s.Report(R"({"from": "2026-11-03", "to": "2026-11-04", "grain": "day",
                              "compare": "previous", "metrics": ["abandonment_rate"]})");
  const json& row = r["rows"][0];
  ExpectRate(row["abandonment_rate"], 0, 1);
  ExpectRate(row["previous"]["abandonment_rate"], 1, 2);
  EXPECT_DOUBLE_EQ(row["change"]["abandonment_rate"]["value"]["absolute"].get<double>(), -50.0);
}

TEST(ContactCenter, CostPerContactPerBucketAndGroup) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","type":"cost","group":"support","value":600}
{"time":"2026-11-02T09:00:00Z","type":"cost","group":"sales","value":100}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created","group":"support"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:10:00Z","ticket":"C2","type":"created","group":"support"}
{"time":"2026-11-02T10:10:00Z","ticket":"C2","type":"queued"}
{"time":"2026-11-02T10:10:20Z","ticket":"C2","type":"answered","agent":"bob"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"created","group":"support"}
{"time":"2026-11-02T11:30:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const json r = s.Report(R"({"from": "2026-11-02", "to": "2026-11-03", "grain": "day",
                              "group_by": ["group"], "metrics": ["cost_per_contact"]})");
  ASSERT_EQ(r["rows"].size(), 2u) << r.dump();
  // sales: 100 spent, nothing handled: no value.
  EXPECT_EQ(r["rows"][0]["group"], "sales");
  EXPECT_EQ(r["rows"][0]["cost_per_contact"],
            json::parse(R"({"value": null, "cost": 100, "contacts_handled": 0})"));
  // support: 600 over two answered calls and one solved ticket.
  EXPECT_EQ(r["rows"][1]["group"], "support");
  EXPECT_EQ(r["rows"][1]["cost_per_contact"],
            json::parse(R"({"value": 200, "cost": 600, "contacts_handled": 3})"));
  // Without costs, contacts handled alone give no value either.
  const json hours = s.Report(
      R"({"from": "2026-11-02T10:00:00Z", "to": "2026-11-02T11:00:00Z", "grain": "hour",
          "metrics": ["cost_per_contact"]})");
  EXPECT_EQ(hours["rows"][0]["cost_per_contact"],
            json::parse(R"({"value": null, "cost": null, "contacts_handled": 2})"));
}

TEST(ContactCenter, ImpossibleSequencesAreRejectedAndChangeNothing) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"queued"}
)");
  const IngestResult r = s.engine().IngestJsonl(R"(
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"hold_start"}
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"hold_end"}
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"ended"}
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"wrapup_end"}
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"transferred","agent":"bob"}
{"time":"2026-11-02T10:00:05Z","ticket":"C1","type":"ivr","step":"late_menu"}
)");
  EXPECT_EQ(r.rejected, 6u);
  for (const Rejection& x : r.first_rejections) EXPECT_EQ(x.reason, RejectReason::kInvalidSequence);
  EXPECT_EQ(s.engine().rejected(RejectReason::kInvalidSequence), 6u);
  // Rejections are counted; nothing else moved (the count is the only diff).
  EXPECT_EQ(s.Totals()["contacts_queued"], 1);
  s.Events(R"(
{"time":"2026-11-02T10:00:20Z","ticket":"C1","type":"answered","agent":"alice"}
)");
  EXPECT_EQ(
      s.engine()
          .IngestJsonl(
              R"({"time":"2026-11-02T10:00:30Z","ticket":"C1","type":"answered","agent":"bob"})")
          .rejected,
      1u);
  const json report = s.Report(R"({"grain": "all", "metrics": ["contacts_answered"]})");
  EXPECT_EQ(report["rejected"]["reasons"]["invalid_sequence"], 7);
}

TEST(ContactCenter, AgentStatesOutOfOrderAreRejected) {
  Scenario s(Config());
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","type":"agent_state","agent":"alice","status":"available"}
{"time":"2026-11-02T10:30:00Z","type":"agent_state","agent":"alice","status":"busy"}
{"time":"2026-11-02T10:00:00Z","type":"agent_state","agent":"bob","status":"busy"}
)");
  const IngestResult r = s.engine().IngestJsonl(
      R"({"time":"2026-11-02T10:20:00Z","type":"agent_state","agent":"alice","status":"offline"})");
  EXPECT_EQ(r.rejected, 1u);
  ASSERT_EQ(r.first_rejections.size(), 1u);
  EXPECT_EQ(r.first_rejections[0].reason, RejectReason::kOutOfOrder);
  s.Events(R"(
{"time":"2026-11-02T11:00:00Z","type":"agent_state","agent":"alice","status":"offline"}
{"time":"2026-11-02T11:00:00Z","type":"agent_state","agent":"bob","status":"offline"}
)");
  // alice 30 min available + 30 busy; bob 60 busy: 90 of 120 min.
  ExpectRate(s.Totals()["occupancy"], 5400, 7200);
}

TEST(ContactCenter, ShardedEnginesMergeToOne) {
  const std::string config = Config();
  const std::string first = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:01Z","ticket":"C1","type":"ivr","step":"menu_a"}
{"time":"2026-11-02T10:00:30Z","ticket":"C1","type":"abandoned"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"queued","group":"g1"}
{"time":"2026-11-02T10:01:00Z","type":"agent_state","agent":"alice","status":"busy"}
)";
  const std::string second = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"D1","type":"created"}
{"time":"2026-11-02T10:00:01Z","ticket":"D1","type":"ivr","step":"menu_b"}
{"time":"2026-11-02T10:00:02Z","ticket":"D1","type":"ivr","step":"menu_a"}
{"time":"2026-11-02T10:00:40Z","ticket":"D1","type":"abandoned"}
{"time":"2026-11-02T10:00:50Z","ticket":"D2","type":"created"}
{"time":"2026-11-02T10:00:50Z","ticket":"D2","type":"queued","group":"g2"}
{"time":"2026-11-02T10:00:51Z","ticket":"D2","type":"answered","agent":"bob"}
)";
  const std::string rest = R"(
{"time":"2026-11-02T10:01:20Z","ticket":"C2","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:03:00Z","ticket":"D2","type":"hold_start"}
{"time":"2026-11-02T10:04:00Z","ticket":"D2","type":"ended"}
{"time":"2026-11-02T10:05:00Z","ticket":"D2","type":"wrapup_end"}
{"time":"2026-11-02T10:06:00Z","type":"agent_state","agent":"alice","status":"available"}
{"time":"2026-11-02T10:11:00Z","type":"agent_state","agent":"alice","status":"offline"}
)";
  Scenario one(config);
  one.Events(first);
  one.Events(second);
  one.Events(rest);

  Scenario a(config), b(config);
  a.Events(first);
  b.Events(second);
  ASSERT_TRUE(a.engine().MergeSerialized(b.engine().Serialize()).ok());
  a.Events(rest);
  const char* q = R"({"grain": "hour", "group_by": ["group"]})";
  EXPECT_EQ(a.Report(q), one.Report(q));
  const json row = a.Totals();
  EXPECT_EQ(row["abandonment_by_step"],
            json::parse(R"({"in_ivr": 2, "in_queue": 0, "steps": {"menu_a": 2}})"));
  ExpectDuration(row["hold_time"], 1, 60, 60);
  ExpectRate(row["occupancy"], 300, 600);

  // The same agent's state on both sides cannot be merged.
  Scenario c(config);
  c.Events(
      R"({"time":"2026-11-02T09:00:00Z","type":"agent_state","agent":"alice","status":"busy"})");
  const std::string c_state = c.engine().Serialize();
  EXPECT_FALSE(a.engine().MergeSerialized(c_state).ok());
}

TEST(ContactCenter, OptionsAreParsedAndChecked) {
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(std::string_view(
      R"({"options": {"service_level_threshold": 30, "service_level_denominator": "offered",
                      "short_abandon": 4}})"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->options.service_level_threshold, Millis{30000});
  EXPECT_EQ(c->options.service_level_denominator, ServiceLevelDenominator::kOffered);
  EXPECT_EQ(c->options.short_abandon, Millis{4000});
  EXPECT_FALSE(EngineConfig::FromJson(
                   std::string_view(R"({"options": {"service_level_denominator": "answered"}})"))
                   .ok());
  EXPECT_FALSE(
      EngineConfig::FromJson(std::string_view(R"({"options": {"short_abandon": -1}})")).ok());
  EXPECT_FALSE(
      EngineConfig::FromJson(std::string_view(R"({"options": {"service_level": 20}})")).ok());
}

}  // namespace
}  // namespace csm::testing
