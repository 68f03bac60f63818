// Reports: view choice, roll-up, zones and DST, labels, filter, compare,
// nulls, errors.
#include "engine/scenario.h"

namespace csm::testing {
namespace {

using nlohmann::json;

std::string ReportError(Scenario& s, std::string_view query) {
  absl::StatusOr<std::string> r = report::RunJson(s.engine(), query);
  EXPECT_FALSE(r.ok()) << query;
  return r.ok() ? "" : std::string(r.status().message());
}

std::map<std::string, json> ByBucket(const json& report) {
  std::map<std::string, json> rows;
  for (const json& r : report["rows"]) rows[r["bucket"]] = r;
  return rows;
}

constexpr std::string_view kWeek = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"A","type":"created","channel":"email","agent":"ann"}
{"time":"2026-11-02T11:00:00Z","ticket":"B","type":"created","channel":"chat"}
{"time":"2026-11-03T10:00:00Z","ticket":"C","type":"created","channel":"email"}
{"time":"2026-11-03T12:00:00Z","ticket":"C","type":"agent_reply","agent":"bob"}
{"time":"2026-11-05T10:00:00Z","ticket":"D","type":"created","channel":"phone"}
{"time":"2026-11-09T10:00:00Z","ticket":"E","type":"created","channel":"email"}
{"time":"2026-11-09T10:30:00Z","ticket":"F","type":"created","channel":"email"}
{"time":"2026-11-10T10:00:00Z","ticket":"G","type":"created","channel":"chat"}
)";

TEST(Report, HoursRollUpToDaysWeeksMonthsAndAll) {
  Scenario s;  // default: one view, no group-by, hourly, UTC
  s.Events(kWeek);
  const auto days = ByBucket(s.Report(
      R"({"grain": "day", "from": "2026-11-02", "to": "2026-11-09", "metrics": ["tickets_created"]})"));
  ASSERT_EQ(days.size(), 7u);  // every day of the range, quiet ones too
  EXPECT_EQ(days.at("2026-11-02")["tickets_created"], 2);
  EXPECT_EQ(days.at("2026-11-03")["tickets_created"], 1);
  EXPECT_EQ(days.at("2026-11-04")["tickets_created"], 0);  // a quiet day counts 0
  EXPECT_EQ(days.at("2026-11-05")["tickets_created"], 1);
  EXPECT_EQ(days.at("2026-11-02").size(), 2u);  // bucket + the one metric asked

  const auto weeks = ByBucket(s.Report(R"({"grain": "week", "metrics": ["tickets_created"]})"));
  EXPECT_EQ(weeks.at("2026-W45")["tickets_created"], 4);
  EXPECT_EQ(weeks.at("2026-W46")["tickets_created"], 3);
  const auto months = ByBucket(s.Report(R"({"grain": "month", "metrics": ["tickets_created"]})"));
  EXPECT_EQ(months.at("2026-11")["tickets_created"], 7);
  EXPECT_EQ(s.Totals()["tickets_created"], 7);
  EXPECT_EQ(
      s.Totals(
          R"("from": "2026-11-03T00:00:00Z", "to": "2026-11-09T11:00:00Z")")["tickets_created"],
      4);
}

TEST(Report, BacklogCarriesIntoTheRange) {
  Scenario s;
  s.Events(kWeek);
  s.Events(R"({"time":"2026-11-09T12:00:00Z","ticket":"A","type":"status","status":"solved"})");
  const auto days = ByBucket(s.Report(
      R"({"grain": "day", "from": "2026-11-08", "to": "2026-11-11", "metrics": ["backlog"]})"));
  EXPECT_EQ(days.at("2026-11-08")["backlog"], 4);  // A B C D, carried from the week before
  EXPECT_EQ(days.at("2026-11-09")["backlog"], 5);  // + E F - A
  EXPECT_EQ(days.at("2026-11-10")["backlog"], 6);  // + G
}

TEST(Report, DaysOfAnotherZoneFromAnHourlyUtcView) {
  Scenario s;
  // 2026-11-01 is the US fall-back day (25 hours in New York).
  s.Events(R"(
{"time":"2026-11-01T04:30:00Z","ticket":"A","type":"created"}
{"time":"2026-11-02T04:30:00Z","ticket":"B","type":"created"}
{"time":"2026-11-02T05:30:00Z","ticket":"C","type":"created"}
)");
  const json r = s.Report(R"({"grain": "day", "timezone": "America/New_York",
                              "metrics": ["tickets_created"]})");
  const auto days = ByBucket(r);
  EXPECT_EQ(days.at("2026-11-01")["tickets_created"], 2);  // 00:30 EDT and 23:30 EST
  EXPECT_EQ(days.at("2026-11-02")["tickets_created"], 1);
  EXPECT_EQ(r["timezone"], "America/New_York");
  const json hours =
      s.Report(R"({"grain": "hour", "timezone": "America/New_York", "from": "2026-11-02T04:00:00Z",
                                  "to": "2026-11-02T06:00:00Z", "metrics": ["tickets_created"]})");
  EXPECT_EQ(hours["rows"][0]["bucket"], "2026-11-01T23:00:00-05:00");
  EXPECT_EQ(hours["from"], "2026-11-01T23:00:00-05:00");

  // Kolkata days start at 18:30 UTC: hourly UTC buckets do not nest in them.
  const std::string error = ReportError(s, R"({"grain": "day", "timezone": "Asia/Kolkata"})");
  EXPECT_NE(error.find(R"({"group_by": [], "grain": "day", "timezone": "Asia/Kolkata"})"),
            std::string::npos)
      << error;
}

// Buckets and labels keep daylight saving time after 2037 (date/tz, which
// they used before csm::TimeZone, put July 2040 in New York on EST).
TEST(Report, DaylightSavingTimeAfter2037) {
  Scenario s;
  s.Events(R"(
{"time":"2040-07-01T03:30:00Z","ticket":"A","type":"created"}
{"time":"2040-07-01T04:30:00Z","ticket":"B","type":"created"}
)");
  const auto days = ByBucket(s.Report(
      R"({"grain": "day", "timezone": "America/New_York", "metrics": ["tickets_created"]})"));
  EXPECT_EQ(days.at("2040-06-30")["tickets_created"], 1);  // 23:30 EDT
  EXPECT_EQ(days.at("2040-07-01")["tickets_created"], 1);  // 00:30 EDT
  const json hours = s.Report(R"({"grain": "hour", "timezone": "America/New_York",
                                  "from": "2040-07-01", "to": "2040-07-01T05:00:00Z",
                                  "metrics": ["tickets_created"]})");
  EXPECT_EQ(hours["from"], "2040-07-01T00:00:00-04:00");
  EXPECT_EQ(hours["rows"][0]["bucket"], "2040-07-01T00:00:00-04:00");
  EXPECT_EQ(hours["rows"][0]["tickets_created"], 1);
}

TEST(Report, TheCheapestViewThatCanAnswerIsUsedAndAMissingOneIsNamed) {
  Scenario s(R"({"views": [{"group_by": [], "grain": "hour"},
                           {"group_by": ["agent", "channel"], "grain": "day"}]})");
  s.Events(kWeek);
  const json by_channel = s.Report(R"({"group_by": ["channel"], "metrics": ["tickets_created"]})");
  std::map<std::string, int> created;
  for (const json& r : by_channel["rows"]) created[r["channel"]] = r["tickets_created"];
  EXPECT_EQ(created, (std::map<std::string, int>{{"chat", 2}, {"email", 4}, {"phone", 1}}));

  std::string error = ReportError(s, R"({"group_by": ["group"]})");
  EXPECT_NE(error.find(R"({"group_by": ["group"], "grain": "all")"), std::string::npos) << error;
  error = ReportError(s, R"({"group_by": ["agent"], "grain": "hour"})");
  EXPECT_NE(error.find(R"({"group_by": ["agent"], "grain": "hour")"), std::string::npos) << error;
  // A range that does not start on a day cannot come from the daily view.
  error = ReportError(s, R"({"group_by": ["agent"], "from": "2026-11-02T10:00:00Z"})");
  EXPECT_NE(error.find(R"("grain": "hour")"), std::string::npos) << error;
}

// Contact centers plan in half and quarter hours: such views answer their
// own grain and roll up into hours and days; an hour view answers hours
// ahead of a half-hour view (the coarser of two that can).
TEST(Report, HalfAndQuarterHourViews) {
  Scenario s(R"({"views": [{"group_by": [], "grain": "30min"},
                           {"group_by": [], "grain": "15min", "timezone": "Asia/Kathmandu"}]})");
  s.Events(kWeek);
  const auto halves = ByBucket(s.Report(R"({"grain": "30min", "from": "2026-11-09T10:00:00Z",
      "to": "2026-11-09T11:00:00Z", "metrics": ["tickets_created"]})"));
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_EQ(halves.at("2026-11-09T10:00:00+00:00")["tickets_created"], 1);
  EXPECT_EQ(halves.at("2026-11-09T10:30:00+00:00")["tickets_created"], 1);
  const auto hours = ByBucket(s.Report(R"({"grain": "hour", "from": "2026-11-09T10:00:00Z",
      "to": "2026-11-09T11:00:00Z", "metrics": ["tickets_created"]})"));
  EXPECT_EQ(hours.at("2026-11-09T10:00:00+00:00")["tickets_created"], 2);
  // Quarter hours in Kathmandu (+05:45): 10:30Z is 16:15 local.
  const auto quarters = ByBucket(s.Report(R"({"grain": "15min", "timezone": "Asia/Kathmandu",
      "from": "2026-11-09T10:30:00Z", "to": "2026-11-09T10:45:00Z", "metrics": ["tickets_created"]})"));
  EXPECT_EQ(quarters.at("2026-11-09T16:15:00+05:45")["tickets_created"], 1);
  // Half hours of UTC do not nest in Kathmandu's (offset +05:45): the
  // quarter-hour Kathmandu view answers instead.
  const auto kathmandu_halves =
      ByBucket(s.Report(R"({"grain": "30min", "timezone": "Asia/Kathmandu",
      "from": "2026-11-09T10:15:00Z", "to": "2026-11-09T10:45:00Z", "metrics": ["tickets_created"]})"));
  EXPECT_EQ(kathmandu_halves.at("2026-11-09T16:00:00+05:45")["tickets_created"], 1);
  const std::string error = ReportError(s, R"({"grain": "10min"})");
  EXPECT_NE(error.find("15min, 30min, hour"), std::string::npos) << error;
}

TEST(Report, FilterKeepsTheNamedValuesOnly) {
  Scenario s(R"({"views": [{"group_by": ["channel"], "grain": "day"}]})");
  s.Events(kWeek);
  const json r = s.Report(
      R"({"filter": {"channel": ["email", "chat", "fax"]}, "metrics": ["tickets_created"]})");
  ASSERT_EQ(r["rows"].size(), 1u);
  EXPECT_EQ(r["rows"][0]["tickets_created"], 6);
  EXPECT_EQ(r["filter"], json::parse(R"({"channel": ["email", "chat", "fax"]})"));
  const json none =
      s.Report(R"({"filter": {"channel": "fax"}, "grain": "all", "metrics": ["tickets_created"]})");
  ASSERT_EQ(none["rows"].size(), 1u);
  EXPECT_EQ(none["rows"][0]["tickets_created"], 0);
  ReportError(s, R"({"filter": {"agent": ["ann"]}})");  // the view has no agent
}

TEST(Report, CompareWithThePreviousPeriod) {
  Scenario s;
  s.Events(kWeek);
  const json r = s.Report(R"({"grain": "all", "from": "2026-11-09", "to": "2026-11-16",
                              "compare": "previous", "metrics": ["tickets_created", "first_reply_time"]})");
  ASSERT_EQ(r["rows"].size(), 1u);
  const json& row = r["rows"][0];
  EXPECT_EQ(r["compare"], "previous");
  EXPECT_EQ(row["tickets_created"], 3);
  EXPECT_EQ(row["previous"]["tickets_created"], 4);
  EXPECT_EQ(row["change"]["tickets_created"]["absolute"], -1);
  EXPECT_DOUBLE_EQ(row["change"]["tickets_created"]["percent"].get<double>(), -25.0);
  EXPECT_TRUE(row["first_reply_time"].is_null());
  EXPECT_EQ(row["previous"]["first_reply_time"]["calendar"]["count"], 1);
  EXPECT_TRUE(row["change"]["first_reply_time"].is_null());  // nothing to compare with

  // By day: each day against the same position one week earlier.
  const auto days = ByBucket(s.Report(R"({"grain": "day", "from": "2026-11-09", "to": "2026-11-11",
                                          "compare": "previous", "metrics": ["tickets_created"]})"));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days.at("2026-11-09")["tickets_created"], 2);
  EXPECT_EQ(days.at("2026-11-09")["previous"]["tickets_created"], 0);  // 2026-11-07, quiet
  EXPECT_EQ(days.at("2026-11-10")["previous"]["tickets_created"], 0);  // 2026-11-08, quiet
}

TEST(Report, ShapeOfEveryKindAndTheRejectedSection) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"A","type":"agent_reply","agent":"x"}
{"time":"2026-11-02T11:00:00Z","ticket":"A","type":"status","status":"solved"}
)");
  s.engine().IngestJsonl(R"({"time":"2026-11-02T11:00:00Z","ticket":"Z","type":"note"})");
  const json r = s.Report(R"({"grain": "all"})");
  EXPECT_EQ(r["rejected"], json::parse(R"({"count": 1, "reasons": {"unknown_ticket": 1}})"));
  EXPECT_EQ(r["group_by"], json::array());
  EXPECT_TRUE(r["from"].is_null());
  const json& row = r["rows"][0];
  EXPECT_EQ(row["bucket"], "all");
  EXPECT_TRUE(row["tickets_created"].is_number_integer());
  for (const char* clock : {"calendar", "business"}) {
    const json& d = row["first_reply_time"][clock];
    for (const char* k : {"count", "mean", "min", "max", "p50", "p90", "p95", "p99"}) {
      EXPECT_TRUE(d[k].is_number()) << k;
    }
    EXPECT_EQ(d["histogram"]["edges"].size() + 1, d["histogram"]["counts"].size());
  }
  EXPECT_EQ(row["one_touch_rate"],
            json::parse(R"({"value": 100.0, "numerator": 1, "denominator": 1})"));
  EXPECT_EQ(row["replies_per_ticket"]["mean"], 1.0);
  // Every metric of §3 is there.
  for (const MetricInfo& m : kMetrics) EXPECT_TRUE(row.contains(std::string(m.name))) << m.name;
}

// Issue 21: a report of few durations shows the durations themselves: a
// single first reply of 2 h is 7200 s at every quantile; over first
// replies of 30, 30 and 90 min, p99 = 1800 + 0.98 × 3600 = 5328 s.
TEST(Report, FewDurationsAreReportedExactly) {
  Scenario one;
  one.Events(R"(
{"time":"2026-11-02T08:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-02T10:00:00Z","ticket":"A","type":"agent_reply","agent":"x"}
)");
  const json two_hours =
      one.Report(R"({"grain": "all"})")["rows"][0]["first_reply_time"]["calendar"];
  EXPECT_EQ(two_hours["p50"], 7200.0);
  EXPECT_EQ(two_hours["p99"], 7200.0);
  EXPECT_EQ(two_hours["exact"], true);
  Scenario three;
  three.Events(R"(
{"time":"2026-11-02T09:00:00Z","ticket":"B","type":"created"}
{"time":"2026-11-02T09:00:00Z","ticket":"C","type":"created"}
{"time":"2026-11-02T09:00:00Z","ticket":"D","type":"created"}
{"time":"2026-11-02T09:30:00Z","ticket":"B","type":"agent_reply","agent":"x"}
{"time":"2026-11-02T09:30:00Z","ticket":"C","type":"agent_reply","agent":"x"}
{"time":"2026-11-02T10:30:00Z","ticket":"D","type":"agent_reply","agent":"x"}
)");
  const json d = three.Report(R"({"grain": "all"})")["rows"][0]["first_reply_time"]["calendar"];
  EXPECT_EQ(d["p50"], 1800.0);
  EXPECT_DOUBLE_EQ(d["p99"].get<double>(), 5328.0);
  EXPECT_EQ(d["max"], 5400.0);
  EXPECT_EQ(d["exact"], true);
}

TEST(Report, QueryErrors) {
  Scenario s;
  for (std::string_view q :
       {R"({"grain": "fortnight"})", R"({"colour": "red"})",
        R"({"from": "2026-11-03", "to": "2026-11-02"})", R"({"compare": "previous"})",
        R"({"metrics": ["csat_score"]})", R"({"group_by": ["step"]})",
        R"({"timezone": "Mars/Olympus"})", R"({"from": "yesterday"})", R"({"view": 3})",
        R"({"view": 0, "grain": "day"})", "[1, 2]", "{"}) {
    ReportError(s, q);
  }
  EXPECT_TRUE(report::RunJson(s.engine(), R"({"view": 0})").ok());
  EXPECT_TRUE(report::RunJson(s.engine(), "").ok());
}

TEST(BucketLabel, IsoWeeksAcrossTheYearEnd) {
  const TimeZone* utc = TimeZone::Utc();
  auto at = [](int y, int m, int d) {
    return Instant{date::sys_days{date::year{y} / m / d}.time_since_epoch()};
  };
  EXPECT_EQ(report::BucketLabel(at(2026, 12, 31), Grain::kWeek, utc), "2026-W53");
  EXPECT_EQ(report::BucketLabel(at(2027, 1, 3), Grain::kWeek, utc), "2026-W53");
  EXPECT_EQ(report::BucketLabel(at(2027, 1, 4), Grain::kWeek, utc), "2027-W01");
  EXPECT_EQ(report::BucketLabel(at(2024, 12, 30), Grain::kWeek, utc), "2025-W01");
  EXPECT_EQ(report::BucketLabel(at(2026, 2, 1), Grain::kMonth, utc), "2026-02");
}

TEST(Report, RowsAreCappedByMaxRows) {
  Scenario s(R"({"views": [{"group_by": ["channel"], "grain": "day"}]})");
  s.Events(kWeek);  // 3 channels over 2026-11-02 .. 2026-11-10
  const std::string range =
      R"("grain": "day", "group_by": ["channel"], "from": "2026-11-02", "to": "2026-11-12")";
  // 10 days x 3 channels = 30 rows: exactly at the cap is fine.
  EXPECT_EQ(s.Report("{" + range + R"(, "max_rows": 30})")["rows"].size(), 30u);
  absl::StatusOr<std::string> over =
      report::RunJson(s.engine(), "{" + range + R"(, "max_rows": 29})");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(std::string(over.status().message()).find("max_rows = 29"), std::string::npos);
  for (std::string_view bad : {"0", "-1", "1.5", "\"10\"", "100000001"}) {
    EXPECT_NE(ReportError(s, "{" + range + R"(, "max_rows": )" + std::string(bad) + "}")
                  .find("max_rows must be an integer"),
              std::string::npos)
        << bad;
  }
}

}  // namespace
}  // namespace csm::testing
