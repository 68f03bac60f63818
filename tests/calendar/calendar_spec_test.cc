// Reading and validating calendar specs: good specs parse to what was
// written, and every kind of bad spec gets an error that names the problem.
#include "csm/calendar/calendar_spec.h"

#include <gtest/gtest.h>

#include <string>

#include "calendar_test_util.h"
#include "csm/calendar/business_calendar.h"

namespace csm {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(CalendarSpecTest, ParsesTimesOfDay) {
  EXPECT_EQ(ParseTimeOfDay("00:00").value(), Millis{0});
  EXPECT_EQ(ParseTimeOfDay("09:30").value(), hours{9} + minutes{30});
  EXPECT_EQ(ParseTimeOfDay("23:59").value(), hours{23} + minutes{59});
  EXPECT_EQ(ParseTimeOfDay("24:00").value(), hours{24});
  for (const char* bad : {"9:00", "09:0", "0900", "09:60", "25:00", "24:01", "ab:cd", "",
                          "09:00:00", " 09:00", "-1:00"}) {
    EXPECT_FALSE(ParseTimeOfDay(bad).ok()) << bad;
  }
  EXPECT_NE(ParseTimeOfDay("9:00").status().message().find("\"9:00\""), std::string::npos);
  EXPECT_EQ(FormatTimeOfDay(hours{9} + minutes{5}), "09:05");
  EXPECT_EQ(FormatTimeOfDay(hours{24}), "24:00");
  EXPECT_EQ(FormatTimeOfDay(hours{1} + Millis{1500}), "01:00:01.500");
}

TEST(CalendarSpecTest, ParsesDates) {
  EXPECT_EQ(ParseDate("2024-02-29").value(), date::local_days{date::year{2024} / 2 / 29});
  EXPECT_EQ(FormatDate(ParseDate("2026-12-25").value()), "2026-12-25");
  EXPECT_NE(ParseDate("2023-02-29").status().message().find("not a real date"), std::string::npos);
  for (const char* bad : {"2026-1-05", "2026/01/05", "20260105", "2026-13-01", "2026-00-10",
                          "2026-04-31", "2026-01-05T00:00", "next monday"}) {
    EXPECT_FALSE(ParseDate(bad).ok()) << bad;
  }
}

TEST(CalendarSpecTest, ParsesTheIssueExample) {
  const auto spec = ParseCalendarSpec(R"({"timezone": "America/New_York",
    "weekly": {"mon": [["09:00","12:00"],["13:00","17:00"]], "tue": [["09:00","17:00"]],
               "sat": [], "sun": [["22:00","06:00"]]},
    "holidays": ["2026-12-25"],
    "special_days": {"2026-12-24": [["09:00","13:00"]]}})");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->timezone, "America/New_York");
  EXPECT_EQ(spec->weekly[0],
            (std::vector<TimeRange>{{hours{9}, hours{12}}, {hours{13}, hours{17}}}));
  EXPECT_EQ(spec->weekly[1], (std::vector<TimeRange>{{hours{9}, hours{17}}}));
  EXPECT_TRUE(spec->weekly[2].empty());
  EXPECT_TRUE(spec->weekly[5].empty());
  EXPECT_EQ(spec->weekly[6], (std::vector<TimeRange>{{hours{22}, hours{6}}}));
  ASSERT_EQ(spec->holidays.size(), 1u);
  EXPECT_EQ(FormatDate(spec->holidays[0]), "2026-12-25");
  ASSERT_EQ(spec->special_days.size(), 1u);
  EXPECT_EQ(FormatDate(spec->special_days.begin()->first), "2026-12-24");
  EXPECT_TRUE(BusinessCalendar::FromSpec(*spec).ok());
}

// The error for `json` must contain every one of `needles`.
void ExpectError(const std::string& json, std::initializer_list<const char*> needles) {
  const auto calendar = BusinessCalendar::FromJson(json);
  ASSERT_FALSE(calendar.ok()) << json;
  EXPECT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument) << json;
  const std::string message(calendar.status().message());
  for (const char* needle : needles) {
    EXPECT_NE(message.find(needle), std::string::npos)
        << "\"" << needle << "\" not in: " << message;
  }
}

TEST(CalendarSpecTest, SyntaxErrorsNameTheProblem) {
  ExpectError("", {"not valid JSON"});
  ExpectError("{\"timezone\": ", {"not valid JSON"});
  ExpectError("[1, 2]", {"expected a JSON object"});
  ExpectError("{}", {"\"timezone\" is required"});
  ExpectError(R"({"timezone": 5})", {"timezone", "IANA"});
  ExpectError(R"({"timezone": "UTC", "holiday": []})", {"unknown key \"holiday\""});
  ExpectError(R"({"timezone": "UTC", "weekly": []})", {"weekly", "object"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"monday": []}})", {"unknown weekday \"monday\""});
  ExpectError(R"({"timezone": "UTC", "weekly": {"mon": ["09:00", "17:00"]}})",
              {"weekly.mon[0]", "pair of times"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"mon": [["09:00", "17:00", "18:00"]]}})",
              {"weekly.mon[0]", "pair"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"tue": [["08:00", "12:00"], ["9:00", "17:00"]]}})",
              {"weekly.tue[1][0]", "\"9:00\"", "HH:MM"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"wed": [["09:00", "24:30"]]}})",
              {"weekly.wed[0][1]", "24:00 as an end"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"mon": null}})", {"weekly.mon", "list"});
  ExpectError(R"({"timezone": "UTC", "holidays": "2026-12-25"})", {"holidays", "list"});
  ExpectError(R"({"timezone": "UTC", "holidays": ["2026-12-25", 20261226]})", {"holidays[1]"});
  ExpectError(R"({"timezone": "UTC", "holidays": ["2026-02-30"]})",
              {"holidays[0]", "\"2026-02-30\"", "not a real date"});
  ExpectError(R"({"timezone": "UTC", "special_days": {"24.12.2026": []}})",
              {"special_days", "\"24.12.2026\"", "YYYY-MM-DD"});
  ExpectError(R"({"timezone": "UTC", "special_days": {"2026-12-24": [["09:00"]]}})",
              {"special_days.2026-12-24[0]"});
}

TEST(CalendarSpecTest, MeaningErrorsNameTheProblem) {
  ExpectError(R"({"timezone": "Mars/Olympus_Mons"})", {"unknown time zone \"Mars/Olympus_Mons\""});
  ExpectError(R"({"timezone": ""})", {"unknown time zone"});
  ExpectError(R"({"timezone": "/etc/passwd"})", {"unknown time zone"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"mon": [["24:00", "02:00"]]}})",
              {"weekly.mon[0]", "\"24:00\" is valid only as an end"});
  ExpectError(R"({"timezone": "UTC", "weekly": {"mon": [["09:00", "12:00"], ["11:00", "17:00"]]}})",
              {"weekly.mon", "overlap", "09:00-12:00", "11:00-17:00"});
  // The after-midnight part of Sunday's shift overlaps Monday's morning.
  ExpectError(
      R"({"timezone": "UTC", "weekly": {"sun": [["22:00", "06:00"]], "mon": [["05:00", "09:00"]]}})",
      {"weekly.mon", "overlap", "after-midnight part of sun 22:00-06:00", "mon 05:00-09:00"});
  ExpectError(R"({"timezone": "UTC", "special_days": {"2026-12-24": [["22:00", "02:00"]]}})",
              {"special_days.2026-12-24[0]", "22:00-02:00", "within their date"});
  ExpectError(R"({"timezone": "UTC", "special_days": {"2026-12-24": [["09:00", "09:00"]]}})",
              {"special_days.2026-12-24[0]"});
  ExpectError(
      R"({"timezone": "UTC", "special_days": {"2026-12-24": [["09:00", "13:00"], ["12:00", "14:00"]]}})",
      {"special_days.2026-12-24", "overlap"});
  ExpectError(
      R"({"timezone": "UTC", "holidays": ["2026-12-24"], "special_days": {"2026-12-24": []}})",
      {"special_days.2026-12-24", "also listed in holidays"});
}

TEST(CalendarSpecTest, NonUtf8IsRejected) {
  ExpectError(std::string("{\"timezone\": \"Europe/Z\xfcrich\"}"), {"not valid UTF-8", "byte 22"});
  ExpectError(std::string("{\"timezone\": \"\xc0\xaf\"}"), {"not valid UTF-8"});     // overlong '/'
  ExpectError(std::string("{\"timezone\": \"UTC\"}\xe2\x82"), {"not valid UTF-8"});  // truncated
  // Valid UTF-8 outside ASCII is fine where text is free (here: an unknown zone).
  ExpectError("{\"timezone\": \"Europe/Z\xc3\xbcrich\"}", {"unknown time zone"});
}

TEST(CalendarSpecTest, ProgrammaticSpecsAreValidatedToo) {
  CalendarSpec spec;
  spec.timezone = "UTC";
  spec.weekly[0] = {{hours{9}, hours{25}}};
  EXPECT_EQ(BusinessCalendar::FromSpec(spec).status().code(), absl::StatusCode::kInvalidArgument);
  spec.weekly[0] = {{-hours{1}, hours{2}}};
  EXPECT_FALSE(BusinessCalendar::FromSpec(spec).ok());
  spec.weekly[0] = {{hours{9}, hours{17}}};
  spec.holidays = {date::local_days{date::year{2026} / 1 / 5},
                   date::local_days{date::year{2026} / 1 / 5}};
  EXPECT_TRUE(BusinessCalendar::FromSpec(spec).ok());  // a repeated holiday is still one holiday
}

TEST(CalendarSpecTest, WeeklyEdgeCasesFollowTheRule) {
  using testing::Cal;
  using testing::Z;
  // "00:00"-"24:00" is the whole day; an interval ending at 00:00 ends at midnight.
  const auto whole = Cal(R"({"timezone": "UTC", "weekly": {"mon": [["00:00", "24:00"]]}})");
  EXPECT_EQ(whole.Elapsed(Z("2026-01-05T00:00Z"), Z("2026-01-06T00:00Z")).value(), hours{24});
  const auto to_midnight = Cal(R"({"timezone": "UTC", "weekly": {"mon": [["20:00", "00:00"]]}})");
  EXPECT_EQ(to_midnight.Elapsed(Z("2026-01-05T00:00Z"), Z("2026-01-07T00:00Z")).value(), hours{4});
  // end == start is "until the same time tomorrow" (end <= start crosses midnight).
  const auto day_long = Cal(R"({"timezone": "UTC", "weekly": {"mon": [["09:00", "09:00"]]}})");
  EXPECT_EQ(day_long.Elapsed(Z("2026-01-05T00:00Z"), Z("2026-01-07T00:00Z")).value(), hours{24});
  EXPECT_EQ(day_long.NextClose(Z("2026-01-05T10:00Z")).value(), Z("2026-01-06T09:00Z"));
  // Touching intervals are fine and join.
  const auto touching =
      Cal(R"({"timezone": "UTC", "weekly": {"mon": [["09:00", "12:00"], ["12:00", "17:00"]]}})");
  EXPECT_EQ(touching.NextClose(Z("2026-01-05T10:00Z")).value(), Z("2026-01-05T17:00Z"));
}

}  // namespace
}  // namespace csm
