// Weekday and hour of day as group-by dimensions (issue 21), in the report's
// zone, across the fall-back week of 2026 in New York. Expected rows are
// worked out by hand from the event times in the comments.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "csm/engine/engine.h"
#include "csm/report/report.h"
#include "gtest/gtest.h"

namespace csm::report {
namespace {

using nlohmann::json;

// Hourly cells by channel, in New York.
constexpr const char* kConfig =
    R"({"timezone": "America/New_York", "views": [{"group_by": ["channel"], "grain": "hour"}]})";

// Created tickets; local times in New York (EDT until 2026-11-01 06:00Z,
// EST after).
constexpr const char* kEvents = R"(
{"time":"2026-11-01T03:30:00Z","ticket":"A","type":"created"}
{"time":"2026-11-01T05:30:00Z","ticket":"B","type":"created"}
{"time":"2026-11-01T06:30:00Z","ticket":"C","type":"created"}
{"time":"2026-11-02T14:30:00Z","ticket":"D","type":"created","channel":"email"}
{"time":"2026-11-02T14:40:00Z","ticket":"E","type":"created","channel":"email"}
{"time":"2026-11-03T14:30:00Z","ticket":"F","type":"created","channel":"email"}
{"time":"2026-11-09T15:15:00Z","ticket":"G","type":"created","channel":"chat"}
{"time":"2026-11-09T15:20:00Z","ticket":"H","type":"created","channel":"chat"}
{"time":"2026-11-09T15:25:00Z","ticket":"I","type":"created","channel":"chat"}
)";
// A: Sat Oct 31 23:30 EDT (Sunday in UTC). B: Sun Nov 1 01:30 EDT; C: Sun
// 01:30 EST, the repeated hour. D, E: Mon Nov 2 09:30 / 09:40 EST. F: Tue
// Nov 3 09:30. G, H, I: Mon Nov 9 10:15 … 10:25.

class TimeDimensions : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(kConfig);
    ASSERT_TRUE(e.ok()) << e.status();
    engine_ = *std::move(e);
    ASSERT_EQ(engine_->IngestJsonl(kEvents).rejected, 0u);
  }

  json Query(const std::string& query) {
    absl::StatusOr<std::string> r = RunJson(*engine_, query);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? json::parse(*r) : json();
  }

  // "bucket weekday hour_of_day channel: tickets_created" per row.
  static std::string Lines(const json& report) {
    std::string out;
    for (const json& row : report["rows"]) {
      out += row["bucket"].get<std::string>();
      for (const char* key : {"channel", "weekday", "hour_of_day"}) {
        if (row.contains(key)) out += absl::StrCat(" ", row[key].dump());
      }
      out += absl::StrCat(": ", row["tickets_created"].dump(), "\n");
    }
    return out;
  }

  std::unique_ptr<Engine> engine_;
};

TEST_F(TimeDimensions, ByWeekdayInTheReportZone) {
  const json r = Query(R"({"group_by": ["weekday"], "metrics": ["tickets_created"]})");
  EXPECT_EQ(r["group_by"], json::parse(R"(["weekday"])"));
  // Monday first; A is Saturday in New York although Sunday in UTC.
  EXPECT_EQ(Lines(r),
            "all \"mon\": 5\n"
            "all \"tue\": 1\n"
            "all \"sat\": 1\n"
            "all \"sun\": 2\n");
}

TEST_F(TimeDimensions, ByWeekdayAndHourOfDay) {
  const json r =
      Query(R"({"group_by": ["hour_of_day", "weekday"], "metrics": ["tickets_created"]})");
  // Weekday before hour whatever the query's order; both 01:30s of the
  // fall-back night are Sunday hour 1.
  EXPECT_EQ(r["group_by"], json::parse(R"(["weekday", "hour_of_day"])"));
  EXPECT_EQ(Lines(r),
            "all \"mon\" 9: 2\n"
            "all \"mon\" 10: 3\n"
            "all \"tue\" 9: 1\n"
            "all \"sat\" 23: 1\n"
            "all \"sun\" 1: 2\n");
  EXPECT_TRUE(r["rows"][0]["hour_of_day"].is_number_integer());
}

TEST_F(TimeDimensions, WithATicketDimension) {
  const json r = Query(R"({"group_by": ["weekday", "channel"], "metrics": ["tickets_created"]})");
  EXPECT_EQ(r["group_by"], json::parse(R"(["channel", "weekday"])"));
  EXPECT_EQ(Lines(r),
            "all null \"sat\": 1\n"
            "all null \"sun\": 2\n"
            "all \"chat\" \"mon\": 3\n"
            "all \"email\" \"mon\": 2\n"
            "all \"email\" \"tue\": 1\n");
}

TEST_F(TimeDimensions, DayGrainHasOneWeekdayPerDay) {
  const json r = Query(
      R"({"from": "2026-10-31", "to": "2026-11-04", "grain": "day", "group_by": ["weekday"],
          "metrics": ["tickets_created", "backlog"]})");
  // Each day holds its own weekday only; the Sunday of the fall-back lasts
  // 25 hours and holds both 01:30s.
  EXPECT_EQ(Lines(r),
            "2026-10-31 \"sat\": 1\n"
            "2026-11-01 \"sun\": 2\n"
            "2026-11-02 \"mon\": 2\n"
            "2026-11-03 \"tue\": 1\n");
  // Open tickets at a day's end belong to no weekday.
  EXPECT_TRUE(r["rows"][0]["backlog"].is_null());
}

TEST_F(TimeDimensions, WeekGrainHasEveryWeekdayWithData) {
  const json r = Query(
      R"({"from": "2026-10-26", "to": "2026-11-16", "grain": "week", "group_by": ["weekday"],
          "metrics": ["tickets_created"]})");
  EXPECT_EQ(Lines(r),
            "2026-W44 \"mon\": 0\n"
            "2026-W44 \"tue\": 0\n"
            "2026-W44 \"sat\": 1\n"
            "2026-W44 \"sun\": 2\n"
            "2026-W45 \"mon\": 2\n"
            "2026-W45 \"tue\": 1\n"
            "2026-W45 \"sat\": 0\n"
            "2026-W45 \"sun\": 0\n"
            "2026-W46 \"mon\": 3\n"
            "2026-W46 \"tue\": 0\n"
            "2026-W46 \"sat\": 0\n"
            "2026-W46 \"sun\": 0\n");
}

TEST_F(TimeDimensions, HourGrainAcrossTheRepeatedHour) {
  const json r = Query(
      R"({"from": "2026-11-01T00:00:00-04:00", "to": "2026-11-01T03:00:00-05:00",
          "grain": "hour", "group_by": ["hour_of_day"], "metrics": ["tickets_created"]})");
  // Four local hours: 00 EDT, 01 EDT, 01 EST, 02 EST; only hour 1 has data,
  // and it is in both of its buckets.
  EXPECT_EQ(Lines(r),
            "2026-11-01T01:00:00-04:00 1: 1\n"
            "2026-11-01T01:00:00-05:00 1: 1\n");
}

TEST(TimeDimensionViews, ADayViewOfAnotherZoneCannotAnswer) {
  absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(
      R"({"timezone": "America/New_York",
          "views": [{"group_by": [], "grain": "day", "timezone": "UTC"}]})");
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ((*e)->IngestJsonl(kEvents).rejected, 0u);
  // UTC days straddle New York days: no weekday in New York from them.
  absl::StatusOr<std::string> r = RunJson(**e, R"({"group_by": ["weekday"]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(R"("grain": "day", "timezone": "America/New_York")"),
            std::string::npos)
      << r.status();
  // Hours need an hour view.
  r = RunJson(**e, R"({"group_by": ["hour_of_day"], "timezone": "UTC"})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(R"("grain": "hour")"), std::string::npos) << r.status();
  // In UTC the day view answers by weekday: A is Sunday there.
  r = RunJson(**e,
              R"({"group_by": ["weekday"], "timezone": "UTC", "metrics": ["tickets_created"]})");
  ASSERT_TRUE(r.ok()) << r.status();
  const json j = json::parse(*r);
  ASSERT_EQ(j["rows"].size(), 3u) << j.dump();
  EXPECT_EQ(j["rows"][2]["weekday"], "sun");
  EXPECT_EQ(j["rows"][2]["tickets_created"], 3);
}

TEST(TimeDimensionQuery, RejectsRepeatsAndUnknownNames) {
  absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create("{}");
  ASSERT_TRUE(e.ok());
  absl::StatusOr<std::string> r = RunJson(**e, R"({"group_by": ["weekday", "weekday"]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"weekday\" repeated"), std::string::npos) << r.status();
  r = RunJson(**e, R"({"group_by": ["day_of_week"]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("weekday, hour_of_day"), std::string::npos) << r.status();
}

}  // namespace
}  // namespace csm::report
