// The staffing forecast and plan through the report call (issue 23;
// staffing_forecast.h): a synthetic stream worked by hand, the query's
// errors, and the backtest on the bank call log (../shared/data, never
// copied into the repository), which must beat the seasonal-naive forecast.
#include "csm/report/staffing_forecast.h"

#include <cstdio>
#include <string>

#include "csm/io/engine_feed.h"
#include "csm/io/event_writer.h"
#include "csm/io/import/importer.h"
#include "csm/io/mapped_file.h"
#include "csm/staffing/agents_required.h"
#include "engine/scenario.h"
#include "testing/real_data.h"

namespace csm::testing {
namespace {

using nlohmann::json;

// Three weeks from Monday 2026-11-02 (UTC): every day `calls` contacts in
// 09:00-09:30, each queued, answered at once, talked 120 s and wrapped up in
// 60 s (AHT 180 s). Wednesday 2026-11-11 is a holiday: no calls.
std::string Stream(int calls) {
  std::string out;
  for (int day = 2; day < 23; ++day) {
    if (day == 11) continue;
    for (int i = 0; i < calls; ++i) {
      char at[4][40];
      for (int k = 0; k < 4; ++k) {
        const int s = i * 240 + (k == 0 ? 0 : k == 1 ? 1 : k == 2 ? 121 : 181);
        std::snprintf(at[k], sizeof at[k], "2026-11-%02dT09:%02d:%02dZ", day, s / 60, s % 60);
      }
      const std::string id = "\"D" + std::to_string(day) + "C" + std::to_string(i) + "\"";
      out += std::string(R"({"time":")") + at[0] + R"(","ticket":)" + id + R"(,"type":"created"})" +
             "\n";
      out += std::string(R"({"time":")") + at[0] + R"(","ticket":)" + id + R"(,"type":"queued"})" +
             "\n";
      out += std::string(R"({"time":")") + at[1] + R"(","ticket":)" + id +
             R"(,"type":"answered","agent":"a"})" + "\n";
      out += std::string(R"({"time":")") + at[2] + R"(","ticket":)" + id + R"(,"type":"ended"})" +
             "\n";
      out += std::string(R"({"time":")") + at[3] + R"(","ticket":)" + id +
             R"(,"type":"wrapup_end"})" + "\n";
    }
  }
  return out;
}

constexpr const char* kConfig = R"({"views": [{"group_by": [], "grain": "30min"}],
  "calendars": {"default": {"timezone": "UTC", "weekly": {"mon": [["00:00", "24:00"]]},
                            "holidays": ["2026-11-11"]}},
  "options": {"staffing": {"service_level": 80, "threshold": 20, "shrinkage": 30}}})";

const json* Interval(const json& intervals, std::string_view weekday, std::string_view time) {
  for (const json& i : intervals) {
    if (i["weekday"] == weekday && i["time"] == time) return &i;
  }
  return nullptr;
}

TEST(StaffingForecast, PlansTheNextWeekFromTheSameIntervalsLeavingHolidaysOut) {
  Scenario s(kConfig);
  s.Events(Stream(6));
  const json r = s.Report(R"({"forecast": {"weeks": 2}})");
  ASSERT_TRUE(r.is_object()) << r.dump();
  EXPECT_EQ(r["grain"], "30min");
  EXPECT_EQ(r["history"]["weeks"], 3);
  EXPECT_EQ(r["history"]["from"], "2026-11-02T00:00:00+00:00");
  EXPECT_EQ(r["history"]["to"], "2026-11-23T00:00:00+00:00");
  EXPECT_EQ(r["history"]["excluded_days"], json::array({"2026-11-11"}));
  EXPECT_EQ(r["aht_source"], "handle_time");
  ASSERT_EQ(r["intervals"].size(), 2u * 7 * 48);
  EXPECT_EQ(r["intervals"][0]["start"], "2026-11-23T00:00:00+00:00");
  // Wednesday 09:00 stays 6: the holiday's 0 is left out of the baseline.
  for (const char* weekday : {"mon", "wed"}) {
    const json* i = Interval(r["intervals"], weekday, "09:00");
    ASSERT_NE(i, nullptr);
    EXPECT_DOUBLE_EQ((*i)["offered"].get<double>(), 6) << weekday;
    EXPECT_DOUBLE_EQ((*i)["aht"].get<double>(), 180);
    staffing::StaffingTarget target;
    target.shrinkage = 0.3;
    auto expected = staffing::AgentsRequired({6, 1800, 180}, target);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ((*i)["agents"], expected->agents);
    EXPECT_EQ((*i)["scheduled"], expected->scheduled);
    EXPECT_GT((*i)["scheduled"].get<int>(), (*i)["agents"].get<int>());
  }
  const json* quiet = Interval(r["intervals"], "mon", "10:00");
  EXPECT_DOUBLE_EQ((*quiet)["offered"].get<double>(), 0);
  EXPECT_EQ((*quiet)["agents"], 0);
  EXPECT_TRUE(r["backtest"].is_null());
}

TEST(StaffingForecast, QueryStaffingOverridesTheConfigTarget) {
  Scenario s(kConfig);
  s.Events(Stream(6));
  const json r = s.Report(R"({"forecast": {"staffing": {"shrinkage": 0}}})");
  EXPECT_EQ(r["staffing"]["shrinkage"], 0);
  EXPECT_EQ(r["staffing"]["service_level"], 80);
  const json* i = Interval(r["intervals"], "mon", "09:00");
  EXPECT_EQ((*i)["scheduled"], (*i)["agents"]);
}

TEST(StaffingForecast, BacktestOfAStablePatternHasNoError) {
  Scenario s(kConfig);
  s.Events(Stream(6));
  const json r = s.Report(R"({"forecast": {"backtest_weeks": 1}})");
  const json& b = r["backtest"];
  ASSERT_TRUE(b.is_object()) << r.dump();
  EXPECT_EQ(b["from"], "2026-11-16T00:00:00+00:00");
  EXPECT_EQ(b["train_weeks"], 2);
  EXPECT_DOUBLE_EQ(b["wape"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(b["naive_wape"].get<double>(), 0);
  EXPECT_EQ(b["intervals"].size(), 7u * 48);
}

TEST(StaffingForecast, RefusesWhatItCannotAnswer) {
  Scenario s(kConfig);
  s.Events(Stream(2));
  for (const char* q : {
           R"({"forecast": 1})", R"({"forecast": {"weeks": 0}})", R"({"forecast": {"weeks": 53}})",
           R"({"forecast": {"weeks": 1.5}})", R"({"forecast": {"grain": "day"}})",
           R"({"forecast": {"backtest_weeks": 3}})", R"({"forecast": {"calendar": "nope"}})",
           R"({"forecast": {"staffing": {"service_level": 180}}})",
           R"({"forecast": {"staffing": {"shrinkage": "x"}}})", R"({"forecast": {"surprise": 1}})",
           R"({"forecast": {}, "group_by": ["agent"]})",
           R"({"forecast": {}, "from": "2026-11-02", "to": "2026-11-05"})",  // < 1 week
       }) {
    absl::StatusOr<std::string> text = report::RunJson(s.engine(), q);
    EXPECT_FALSE(text.ok()) << q;
    EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument) << q << text.status();
  }
}

// Intervals are local: three weeks in New York across the fall-back of
// Sunday 1 November 2026 (EDT -04:00 before, EST -05:00 after), 4 calls at
// 09:00 local every day, plan the local 09:00 of the week after.
TEST(StaffingForecast, IntervalsAreLocalAcrossADaylightSavingChange) {
  Scenario s(R"({"timezone": "America/New_York",
                 "views": [{"group_by": [], "grain": "30min"}]})");
  std::string events;
  for (int day = 19; day < 19 + 21; ++day) {
    const int month = day <= 31 ? 10 : 11, dom = day <= 31 ? day : day - 31;
    const char* offset = month == 10 ? "-04:00" : "-05:00";
    for (int i = 0; i < 4; ++i) {
      char at[2][48];
      for (int k = 0; k < 2; ++k) {
        std::snprintf(at[k], sizeof at[k], "2026-%02d-%02dT09:%02d:%02d%s", month, dom, i * 5,
                      k * 30, offset);
      }
      const std::string id = "\"N" + std::to_string(day) + "-" + std::to_string(i) + "\"";
      events += std::string(R"({"time":")") + at[0] + R"(","ticket":)" + id +
                R"(,"type":"created"})" + "\n";
      events += std::string(R"({"time":")") + at[0] + R"(","ticket":)" + id +
                R"(,"type":"queued"})" + "\n";
      events += std::string(R"({"time":")") + at[1] + R"(","ticket":)" + id +
                R"(,"type":"answered","agent":"a"})" + "\n";
    }
  }
  // 1 November: the call times above are 09:xx EST (the change is at 02:00).
  s.Events(events);
  const json r = s.Report(R"({"forecast": {}, "timezone": "America/New_York"})");
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["history"]["from"], "2026-10-19T00:00:00-04:00");
  EXPECT_EQ(r["history"]["weeks"], 3);
  ASSERT_EQ(r["intervals"].size(), 7u * 48);
  for (const char* weekday : {"mon", "sun"}) {
    const json* i = Interval(r["intervals"], weekday, "09:00");
    ASSERT_NE(i, nullptr);
    EXPECT_DOUBLE_EQ((*i)["offered"].get<double>(), 4) << weekday;
  }
  EXPECT_EQ((*Interval(r["intervals"], "mon", "09:00"))["start"], "2026-11-09T09:00:00-05:00");
  for (const json& i : r["intervals"]) {
    if (i["time"] != "09:00") {
      EXPECT_EQ(i["offered"], 0) << i.dump();
    }
  }
}

TEST(StaffingForecast, NamesTheViewToAddForAFinerGrain) {
  Scenario s(kConfig);
  s.Events(Stream(2));
  absl::StatusOr<std::string> text =
      report::RunJson(s.engine(), R"({"forecast": {"grain": "15min"}})");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find(R"("grain": "15min")"), absl::string_view::npos)
      << text.status();
}

TEST(StaffingForecast, EmptyEngineSaysThereIsNoData) {
  Scenario s(kConfig);
  absl::StatusOr<std::string> text = report::RunJson(s.engine(), R"({"forecast": {}})");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("no data"), absl::string_view::npos);
}

// The issue's bar on real data: February 1999 is four weeks (Monday 1 to
// Sunday 28); train on the first three, forecast the fourth per half hour,
// and beat "the same interval last week". Measured (docs/staffing.md):
// WAPE 54.9 % against 59.7 % for seasonal-naive.
TEST(StaffingForecast, BankCallLogBacktestBeatsSeasonalNaive) {
  const char* file = "data_anonymous_bank_february.txt";
  CSM_REQUIRE_REAL_DATA(file);
  absl::StatusOr<io::MappedFile> data = io::MappedFile::Open(RealDataPath(file));
  ASSERT_TRUE(data.ok()) << data.status();
  io::ImportOptions options;
  io::ImportStats stats;
  io::TimeSortedJsonl sorted(*io::Zone::Find(io::ImportZoneName("bank-calls", options)));
  ASSERT_TRUE(io::ImportEvents(
                  "bank-calls", data->data(), options,
                  [&](const io::EventRecord& e) { sorted.Add(e); }, &stats)
                  .ok());
  std::string jsonl;
  sorted.ForEachSorted([&](std::string_view line) { jsonl.append(line); });
  Scenario s(R"({"timezone": "Asia/Jerusalem", "views": [{"group_by": [], "grain": "30min"}]})");
  absl::StatusOr<io::FeedResult> fed = io::FeedEvents(jsonl, s.engine());
  ASSERT_TRUE(fed.ok()) << fed.status();
  const json r = s.Report(R"({"forecast": {"backtest_weeks": 1}, "timezone": "Asia/Jerusalem"})");
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["history"]["from"], "1999-02-01T00:00:00+02:00");
  EXPECT_EQ(r["history"]["weeks"], 4);
  EXPECT_EQ(r["aht_source"], "talk_time");  // the log has no wrap-up
  const json& b = r["backtest"];
  EXPECT_EQ(b["from"], "1999-02-22T00:00:00+02:00");
  const double wape = b["wape"].get<double>(), naive = b["naive_wape"].get<double>();
  std::printf("bank call log, week 4 per half hour: WAPE %.1f %%, seasonal-naive %.1f %%\n", wape,
              naive);
  EXPECT_LT(wape, naive);
  // Actual week-4 volume is the queued calls of 22–28 February.
  double actual = 0;
  for (const json& i : b["intervals"]) actual += i["actual"].get<double>();
  EXPECT_GT(actual, 3000);
}

}  // namespace
}  // namespace csm::testing
