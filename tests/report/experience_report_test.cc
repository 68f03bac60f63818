// Report-level experience metrics: the weekday x hour heatmap across DST,
// spike flags on a synthetic series with a known spike, business-day volume
// and the customer_history query through report::RunJson (the C ABI's
// entry point).
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "csm/engine/engine.h"
#include "csm/report/report.h"
#include "csm/report/volume_patterns.h"
#include "gtest/gtest.h"

namespace csm::report {
namespace {

using nlohmann::json;

std::unique_ptr<Engine> NewEngine(const std::string& config) {
  absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(config);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *std::move(e) : nullptr;
}

json Query(const Engine& e, const std::string& query) {
  absl::StatusOr<std::string> r = RunJson(e, query);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? json::parse(*r) : json();
}

std::string Created(int64_t ms, int n, const std::string& extra = "") {
  static int next = 0;
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += absl::StrCat(R"({"time":)", ms, R"(,"ticket":"K)", next++, R"(","type":"created")",
                        extra, "}\n");
  }
  return out;
}

TEST(VolumeHeatmap, BucketsAcrossDstChangesInTheReportZone) {
  auto e = NewEngine(R"({"timezone": "America/New_York"})");
  // 2026-11-01 (Sunday) falls back at 06:00Z: 05:30Z is 01:30 EDT and 06:30Z
  // is 01:30 EST, both Sunday 01:00 local. 2026-03-08 (Sunday) springs
  // forward at 07:00Z: 07:30Z is 03:30 EDT, Sunday 03:00; 06:30Z is 01:30 EST.
  const std::string events = Created(1793511000000, 1) +  // 2026-11-01T05:30:00Z
                             Created(1793514600000, 2) +  // 2026-11-01T06:30:00Z
                             Created(1772955000000, 4) +  // 2026-03-08T07:30:00Z
                             Created(1772951400000, 8);   // 2026-03-08T06:30:00Z
  ASSERT_EQ(e->IngestJsonl(events).rejected, 0u);
  const json r = Query(*e, R"({"grain": "all", "metrics": ["volume_heatmap"]})");
  const json& h = r["rows"][0]["volume_heatmap"];
  ASSERT_TRUE(h.is_object()) << r.dump();
  EXPECT_EQ(h["total"], 15);
  EXPECT_EQ(h["weekdays"][6], "sun");
  EXPECT_EQ(h["tickets"][6][1], 3 + 8);  // both 01:30s of Nov 1, and Mar 8 01:30 EST
  EXPECT_EQ(h["tickets"][6][2], 0);      // 02:00 never happened on Mar 8
  EXPECT_EQ(h["tickets"][6][3], 4);
  uint64_t sum = 0;
  for (const json& day : h["tickets"]) {
    for (const json& n : day) sum += n.get<uint64_t>();
  }
  EXPECT_EQ(sum, 15u);
  // In UTC the same tickets sit at 05:00, 06:00 (3 + 8) and 07:00 on Sundays.
  const json utc =
      Query(*e, R"({"grain": "all", "timezone": "UTC", "metrics": ["volume_heatmap"]})");
  EXPECT_EQ(utc["rows"][0]["volume_heatmap"]["tickets"][6][6], 10);
}

TEST(VolumeHeatmap, NeedsAnHourView) {
  auto e = NewEngine(R"({"views": [{"group_by": [], "grain": "day"}]})");
  ASSERT_EQ(e->IngestJsonl(Created(1793511000000, 1)).rejected, 0u);
  const json r = Query(*e, R"({"grain": "all", "metrics": ["volume_heatmap", "tickets_created"]})");
  EXPECT_TRUE(r["rows"][0]["volume_heatmap"].is_null());
  EXPECT_EQ(r["rows"][0]["tickets_created"], 1);
}

// Five Mondays at 10:00 UTC with 10, 12, 11, 13 tickets, then 40: the fifth
// is a spike (baseline.h: median 11.5, MAD 1 -> 1.48, floored at
// sqrt(11.5) = 3.39; score 8.4 > 3).
TEST(Spikes, KnownSpikeOnASyntheticSeries) {
  auto e = NewEngine(R"({"calendars": {"default": {"timezone": "UTC",
      "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]]}}}})");
  const int64_t monday_10 = 1790589600000;  // 2026-09-28T10:00:00Z, a Monday
  const int64_t week = 7 * 86400000LL;
  const int counts[] = {10, 12, 11, 13, 40};
  std::string events;
  for (int w = 0; w < 5; ++w) {
    events += Created(monday_10 + w * week, counts[w]);
    events += Created(monday_10 + w * week + 86400000, 5);  // Tuesdays: flat
  }
  ASSERT_EQ(e->IngestJsonl(events).rejected, 0u);
  const std::string last_week = R"("from": "2026-10-26", "to": "2026-11-02", "timezone": "UTC")";
  json r = Query(*e, absl::StrCat(R"({"grain": "all", )", last_week,
                                  R"(, "metrics": ["volume_heatmap", "business_day_volume"]})"));
  const json& row = r["rows"][0];
  EXPECT_EQ(row["volume_heatmap"]["tickets"][0][10], 40);
  EXPECT_EQ(row["volume_heatmap"]["spike"][0][10], true);
  EXPECT_EQ(row["volume_heatmap"]["spike"][1][10], false);  // 5 vs a flat 5
  // Wednesday 10:00 had no ticket in any week: 0 against 0, not null.
  EXPECT_EQ(row["volume_heatmap"]["spike"][2][10], false);
  EXPECT_EQ(row["volume_heatmap"]["tickets"][2][10], 0);
  EXPECT_EQ(row["volume_heatmap"]["hours"][2][10], 1);
  EXPECT_EQ(row["volume_heatmap"]["spikes"], 1);
  // Business days of the default calendar (Mon, Tue): the same spike by day.
  const json& days = row["business_day_volume"];
  EXPECT_EQ(days["calendar"], "default");
  ASSERT_EQ(days["days"].size(), 2u) << days.dump();
  EXPECT_EQ(days["days"][0]["date"], "2026-10-26");
  EXPECT_EQ(days["days"][0]["tickets"], 40);
  EXPECT_EQ(days["days"][0]["spike"], true);
  EXPECT_EQ(days["days"][1]["spike"], false);
  EXPECT_EQ(days["total"], 45);

  // The fourth Monday (13 over 10, 12, 11: median 11, spread sqrt(11) =
  // 3.32, score 0.6) is no spike; the first has no baseline at all, nor has
  // any hour of the first week.
  r = Query(*e, R"({"grain": "week", "timezone": "UTC", "metrics": ["volume_heatmap"]})");
  ASSERT_EQ(r["rows"].size(), 5u);
  EXPECT_TRUE(r["rows"][0]["volume_heatmap"]["spike"][0][10].is_null());
  EXPECT_TRUE(r["rows"][0]["volume_heatmap"]["spike"][2][10].is_null());
  EXPECT_EQ(r["rows"][3]["volume_heatmap"]["spike"][0][10], false);
  EXPECT_EQ(r["rows"][4]["volume_heatmap"]["spike"][0][10], true);

  // A lower sigma flags the fourth Monday too (score 0.6 > 0.5).
  auto low = NewEngine(R"({"options": {"spike_sigma": 0.5}})");
  ASSERT_EQ(low->IngestJsonl(events).rejected, 0u);
  r = Query(*low, R"({"grain": "week", "timezone": "UTC", "metrics": ["volume_heatmap"]})");
  EXPECT_EQ(r["rows"][3]["volume_heatmap"]["spike"][0][10], true);
}

TEST(Spikes, IsSpikeNeedsTwoBaselineValues) {
  EXPECT_FALSE(IsSpike(5, {1}, 3).has_value());
  // A flat 4: spread floored at sqrt(4) = 2, so 5 scores 0.5, 11 3.5.
  EXPECT_EQ(IsSpike(5, {4, 4}, 3), false);
  EXPECT_EQ(IsSpike(10, {4, 4}, 3), false);  // 3.0 is not above 3
  EXPECT_EQ(IsSpike(11, {4, 4}, 3), true);
  // A quiet hour: median 0, spread floored at 1; one ticket is no spike.
  EXPECT_EQ(IsSpike(1, {0, 0, 1, 0}, 3), false);
  EXPECT_EQ(IsSpike(4, {0, 0, 1, 0}, 3), true);
}

TEST(BusinessDayVolume, SkipsWeekendsAndHolidaysOfTheNamedCalendar) {
  auto e = NewEngine(R"({"calendars": {
      "ny": {"timezone": "America/New_York",
             "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
                        "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]],
                        "fri": [["09:00","17:00"]]},
             "holidays": ["2026-11-26"]}},
      "timezone": "America/New_York"})");
  // Wed 25 Nov 23:30 EST (= Thu 04:30Z): Wednesday in New York.
  std::string events = Created(1795667400000, 2);        // 2026-11-26T04:30:00Z
  events += Created(1795667400000 + 86400000LL, 3);      // Thu 26 (holiday) 23:30 EST... Fri 04:30Z
  events += Created(1795667400000 + 2 * 86400000LL, 4);  // Fri 27 23:30 EST (Sat 04:30Z)
  events += Created(1795667400000 + 3 * 86400000LL, 5);  // Sat 28 23:30 EST
  ASSERT_EQ(e->IngestJsonl(events).rejected, 0u);
  const json r = Query(*e, R"({"from": "2026-11-23", "to": "2026-11-30", "grain": "all",
                             "calendar": "ny", "metrics": ["business_day_volume"]})");
  const json& b = r["rows"][0]["business_day_volume"];
  EXPECT_EQ(b["calendar"], "ny");
  // Mon 23 .. Fri 27 without Thursday's holiday; the weekend is out.
  ASSERT_EQ(b["days"].size(), 4u) << b.dump();
  EXPECT_EQ(b["days"][2]["date"], "2026-11-25");
  EXPECT_EQ(b["days"][2]["tickets"], 2);
  EXPECT_EQ(b["days"][3]["date"], "2026-11-27");
  EXPECT_EQ(b["days"][3]["tickets"], 4);
  EXPECT_EQ(b["days"][0]["tickets"], 0);
  EXPECT_EQ(b["total"], 6);
  EXPECT_DOUBLE_EQ(b["mean"].get<double>(), 1.5);
  // An unknown calendar is an error.
  EXPECT_FALSE(RunJson(*e, R"({"calendar": "nope"})").ok());
}

// An open range spans the tickets, not a late status change a month later:
// Mon 2 .. Wed 4 November (UTC, a Monday-Friday calendar) hold 3, 0 and 1
// tickets, so 4 tickets over 3 business days (not over the 22 weekdays to
// 1 December).
TEST(BusinessDayVolume, AnOpenRangeSpansTheTickets) {
  auto e = NewEngine(R"({"calendars": {"default": {"timezone": "UTC",
      "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
                 "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]],
                 "fri": [["09:00","17:00"]]}}}})");
  ASSERT_EQ(e->IngestJsonl(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"O1","type":"created"}
{"time":"2026-11-02T10:10:00Z","ticket":"O2","type":"created"}
{"time":"2026-11-02T10:20:00Z","ticket":"O3","type":"created"}
{"time":"2026-11-04T10:00:00Z","ticket":"O4","type":"created"}
{"time":"2026-12-01T12:00:00Z","ticket":"O1","type":"status","status":"solved"}
)")
                .rejected,
            0u);
  const json r = Query(*e, R"({"metrics": ["business_day_volume", "volume_heatmap"]})");
  const json& b = r["rows"][0]["business_day_volume"];
  ASSERT_EQ(b["days"].size(), 3u) << b.dump();
  EXPECT_EQ(b["days"][0]["date"], "2026-11-02");
  EXPECT_EQ(b["days"][1]["tickets"], 0);
  EXPECT_EQ(b["days"][2]["date"], "2026-11-04");
  EXPECT_EQ(b["total"], 4);
  EXPECT_DOUBLE_EQ(b["mean"].get<double>(), 4.0 / 3);
  // The heatmap's hours: Mon 10:00 .. Wed 10:00; no Thursday at all.
  const json& hours = r["rows"][0]["volume_heatmap"]["hours"];
  EXPECT_EQ(hours[0][10], 1);
  EXPECT_EQ(hours[1][10], 1);
  EXPECT_EQ(hours[2][10], 1);
  EXPECT_EQ(hours[2][11], 0);
  EXPECT_EQ(hours[3][10], 0);
}

TEST(CustomerHistory, TicketsAndAgentsMostTimeFirst) {
  auto e = NewEngine(R"({"calendars": {"default": {"timezone": "UTC",
        "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]]}}},
      "views": [{"group_by": [], "grain": "hour"},
                {"group_by": ["agent", "customer"], "grain": "day"}]})");
  ASSERT_EQ(e->IngestJsonl(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","customer":"c1","agent":"alice","channel":"email"}
{"time":"2026-11-02T10:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"assigned","agent":"bob"}
{"time":"2026-11-02T15:00:00Z","ticket":"T1","type":"agent_reply","agent":"bob"}
{"time":"2026-11-02T15:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-03T09:00:00Z","ticket":"T2","type":"created","customer":"c1","agent":"alice","channel":"chat"}
{"time":"2026-11-03T09:20:00Z","ticket":"T2","type":"agent_reply","agent":"alice"}
{"time":"2026-11-03T09:30:00Z","ticket":"T2","type":"status","status":"solved"}
{"time":"2026-11-03T09:40:00Z","ticket":"T2","type":"csat","value":2}
{"time":"2026-11-03T10:00:00Z","ticket":"T3","type":"created","customer":"c2","agent":"carol"}
{"time":"2026-11-03T18:00:00Z","ticket":"T3","type":"status","status":"solved"}
)")
                .rejected,
            0u);
  const json h = Query(*e, R"({"customer_history": "c1", "from": "2026-11-02", "to": "2026-11-04",
                             "timezone": "UTC"})");
  EXPECT_EQ(h["customer"], "c1");
  const json& t = h["tickets"];
  EXPECT_EQ(t["tickets_created"], 2);
  EXPECT_EQ(t["tickets_solved"], 2);
  EXPECT_EQ(t["repeat_contact_rate"]["numerator"], 1);       // T2, a day after T1
  EXPECT_EQ(t["first_reply_time"]["calendar"]["count"], 1);  // T1 proactive: at the second reply
  EXPECT_DOUBLE_EQ(t["full_resolution_time"]["calendar"]["mean"].get<double>(),
                   (5 * 3600 + 30 * 60) / 2.0);
  EXPECT_EQ(t["csat"]["dissatisfied"], 1);
  EXPECT_EQ(t["channel_mix"]["total"], 2);
  // bob: 11:00 -> 15:00 (4 h); alice: 10:00 -> 11:00 and 09:00 -> 09:30 (1.5 h).
  const json& agents = h["agents"];
  ASSERT_EQ(agents.size(), 2u) << h.dump();
  EXPECT_EQ(agents[0]["agent"], "bob");
  EXPECT_DOUBLE_EQ(agents[0]["time"]["calendar"].get<double>(), 4 * 3600.0);
  EXPECT_EQ(agents[0]["agent_replies"]["replies"], 1);
  EXPECT_EQ(agents[1]["agent"], "alice");
  EXPECT_DOUBLE_EQ(agents[1]["time"]["calendar"].get<double>(), 1.5 * 3600);
  EXPECT_DOUBLE_EQ(agents[1]["time"]["business"].get<double>(), 1.5 * 3600);
  EXPECT_EQ(agents[1]["agent_replies"]["replies"], 2);
  EXPECT_EQ(agents[1]["conversations_per_agent"], 2);

  // A customer never seen: no tickets, no agents.
  const json none = Query(*e, R"({"customer_history": "nobody"})");
  EXPECT_EQ(none["tickets"]["tickets_created"], 0);
  EXPECT_TRUE(none["agents"].empty());
  // Only from, to, timezone and compare go with it.
  EXPECT_FALSE(RunJson(*e, R"({"customer_history": "c1", "group_by": ["agent"]})").ok());
  EXPECT_FALSE(RunJson(*e, R"({"customer_history": 7})").ok());
  // Without a customer view the error names the view to add.
  auto plain = NewEngine("{}");
  absl::StatusOr<std::string> err = RunJson(*plain, R"({"customer_history": "c1"})");
  ASSERT_FALSE(err.ok());
  EXPECT_NE(std::string(err.status().message()).find("customer"), std::string::npos);
}

}  // namespace
}  // namespace csm::report
