// Hand-verified cases: every expected value below was worked out from the
// calendar rule and the zone's offsets, written in the comments.
#include "csm/calendar/business_calendar.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "calendar_test_util.h"

namespace csm {
namespace {

using nlohmann::json;
using testing::Cal;
using testing::kHour;
using testing::kMinute;
using testing::OfficeHours;
using testing::Z;

// ------------------------------------------------------------ America/New_York
// Mon-Fri 09:00-17:00. Winter: EST = UTC-5, so 09:00 = 14:00Z and 17:00 = 22:00Z.

TEST(BusinessCalendarTest, IntervalEdgesAreHalfOpen) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  EXPECT_FALSE(cal.IsOpen(Z("2026-01-05T13:59:59.999Z")).value());  // Mon 08:59:59.999
  EXPECT_TRUE(cal.IsOpen(Z("2026-01-05T14:00Z")).value());          // Mon 09:00
  EXPECT_TRUE(cal.IsOpen(Z("2026-01-05T21:59:59.999Z")).value());   // Mon 16:59:59.999
  EXPECT_FALSE(cal.IsOpen(Z("2026-01-05T22:00Z")).value());         // Mon 17:00
  EXPECT_EQ(cal.Elapsed(Z("2026-01-05T14:00Z"), Z("2026-01-05T22:00Z")).value(), 8 * kHour);
  EXPECT_EQ(cal.Elapsed(Z("2026-01-05T13:00Z"), Z("2026-01-05T14:00:00.001Z")).value(), Millis{1});
  EXPECT_EQ(cal.timezone(), "America/New_York");
}

TEST(BusinessCalendarTest, WeekendsAreClosed) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  // Fri 2026-01-09 16:00 EST -> Mon 2026-01-12 10:00 EST: 1 h on Friday, 1 h on Monday.
  EXPECT_EQ(cal.Elapsed(Z("2026-01-09T21:00Z"), Z("2026-01-12T15:00Z")).value(), 2 * kHour);
  // A whole week, Monday 00:00 to Monday 00:00: 5 x 8 h.
  EXPECT_EQ(cal.Elapsed(Z("2026-01-05T05:00Z"), Z("2026-01-12T05:00Z")).value(), 40 * kHour);
  EXPECT_FALSE(cal.IsOpen(Z("2026-01-10T17:00Z")).value());  // Saturday noon
}

TEST(BusinessCalendarTest, AfterBeforeGivesTheNegative) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  EXPECT_EQ(cal.Elapsed(Z("2026-01-12T15:00Z"), Z("2026-01-09T21:00Z")).value(), -2 * kHour);
  EXPECT_EQ(cal.Elapsed(Z("2026-01-12T15:00Z"), Z("2026-01-12T15:00Z")).value(), Millis{0});
}

TEST(BusinessCalendarTest, AddGivesDueDates) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  // Fri 16:00 + 2 h: 1 h on Friday, 1 h from Monday 09:00 -> Mon 10:00 EST.
  EXPECT_EQ(cal.Add(Z("2026-01-09T21:00Z"), 2 * kHour).value(), Z("2026-01-12T15:00Z"));
  // Landing exactly on the closing time gives the closing time, not Monday 09:00.
  EXPECT_EQ(cal.Add(Z("2026-01-09T21:00Z"), kHour).value(), Z("2026-01-09T22:00Z"));
  // Starting while closed: the clock starts at the next opening (Mon 09:00).
  EXPECT_EQ(cal.Add(Z("2026-01-10T17:00Z"), 30 * kMinute).value(), Z("2026-01-12T14:30Z"));
  // Backwards: the latest instant 2 h of business time earlier is Fri 16:00.
  EXPECT_EQ(cal.Add(Z("2026-01-12T15:00Z"), -2 * kHour).value(), Z("2026-01-09T21:00Z"));
  // Backwards to an opening gives the opening itself (the latest such instant).
  EXPECT_EQ(cal.Add(Z("2026-01-12T15:00Z"), -kHour).value(), Z("2026-01-12T14:00Z"));
  EXPECT_EQ(cal.Add(Z("2026-01-12T14:00Z"), -Millis{1}).value(), Z("2026-01-09T21:59:59.999Z"));
  EXPECT_EQ(cal.Add(Z("2026-01-10T17:00Z"), Millis{0}).value(), Z("2026-01-10T17:00Z"));
}

TEST(BusinessCalendarTest, NextOpenAndNextClose) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  EXPECT_EQ(cal.NextOpen(Z("2026-01-09T22:30Z")).value(), Z("2026-01-12T14:00Z"));   // Fri 17:30
  EXPECT_EQ(cal.NextOpen(Z("2026-01-12T15:00Z")).value(), Z("2026-01-12T15:00Z"));   // open: itself
  EXPECT_EQ(cal.NextClose(Z("2026-01-12T17:00Z")).value(), Z("2026-01-12T22:00Z"));  // Mon noon
  EXPECT_EQ(cal.NextClose(Z("2026-01-10T17:00Z")).value(),
            Z("2026-01-10T17:00Z"));  // closed: itself
  EXPECT_EQ(cal.NextOpen(Z("2026-01-12T22:00Z")).value(), Z("2026-01-13T14:00Z"));  // at closing
}

TEST(BusinessCalendarTest, SplitDays) {
  // Monday 09:00-12:00 and 13:00-17:00 New York (EST: 14:00Z-17:00Z, 18:00Z-22:00Z).
  const auto cal = Cal(R"({"timezone": "America/New_York",
                             "weekly": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]]}})");
  // 11:00 -> 14:00: 11-12 and 13-14.
  EXPECT_EQ(cal.Elapsed(Z("2026-01-05T16:00Z"), Z("2026-01-05T19:00Z")).value(), 2 * kHour);
  // 11:30 + 1 h: 30 min to noon, 30 min after lunch -> 13:30.
  EXPECT_EQ(cal.Add(Z("2026-01-05T16:30Z"), kHour).value(), Z("2026-01-05T18:30Z"));
  EXPECT_EQ(cal.Add(Z("2026-01-05T16:00Z"), kHour).value(), Z("2026-01-05T17:00Z"));  // 12:00
  EXPECT_EQ(cal.Add(Z("2026-01-05T18:00Z"), -Millis{1}).value(), Z("2026-01-05T16:59:59.999Z"));
  EXPECT_EQ(cal.NextClose(Z("2026-01-05T16:00Z")).value(), Z("2026-01-05T17:00Z"));
  EXPECT_EQ(cal.NextOpen(Z("2026-01-05T17:30Z")).value(), Z("2026-01-05T18:00Z"));
  // The next Monday is a week later.
  EXPECT_EQ(cal.NextOpen(Z("2026-01-05T22:00Z")).value(), Z("2026-01-12T14:00Z"));
  EXPECT_EQ(cal.Elapsed(Z("2026-01-01T00:00Z"), Z("2026-02-01T00:00Z")).value(), 4 * 7 * kHour);
}

TEST(BusinessCalendarTest, HolidaysAndSpecialDays) {
  // Thu 2026-12-24 is a half day 09:00-13:00, Fri 2026-12-25 a holiday, Sat
  // 2026-12-26 opens 10:00-12:00 though Saturdays are closed.
  json spec = OfficeHours("America/New_York");
  spec["holidays"] = {"2026-12-25"};
  spec["special_days"] = json::parse(R"({"2026-12-24": [["09:00", "13:00"]],
                                          "2026-12-26": [["10:00", "12:00"]],
                                          "2026-12-30": []})");  // the 30th: Wednesday, closed
  const auto cal = Cal(spec);
  // Thu 12:00 -> 14:00 EST: only 12-13.
  EXPECT_EQ(cal.Elapsed(Z("2026-12-24T17:00Z"), Z("2026-12-24T19:00Z")).value(), kHour);
  EXPECT_FALSE(cal.IsOpen(Z("2026-12-25T15:00Z")).value());  // Christmas 10:00
  EXPECT_TRUE(cal.IsOpen(Z("2026-12-26T15:00Z")).value());   // Saturday special 10:00
  EXPECT_FALSE(cal.IsOpen(Z("2026-12-30T15:00Z")).value());  // closed Wednesday
  // Wed 23rd 16:00 -> Mon 28th 10:00: 1 h + 4 h + 0 + 2 h (Sat) + 1 h.
  EXPECT_EQ(cal.Elapsed(Z("2026-12-23T21:00Z"), Z("2026-12-28T15:00Z")).value(), 8 * kHour);
  EXPECT_EQ(cal.Add(Z("2026-12-23T21:00Z"), 8 * kHour).value(), Z("2026-12-28T15:00Z"));
  // Thu 12:00 + 1 h lands on the half day's end, 13:00 (18:00Z).
  EXPECT_EQ(cal.Add(Z("2026-12-24T17:00Z"), kHour).value(), Z("2026-12-24T18:00Z"));
  // One more millisecond goes on to Saturday 10:00.001.
  EXPECT_EQ(cal.Add(Z("2026-12-24T17:00Z"), kHour + Millis{1}).value(),
            Z("2026-12-26T15:00:00.001Z"));
  EXPECT_EQ(cal.NextOpen(Z("2026-12-24T18:00Z")).value(), Z("2026-12-26T15:00Z"));
  EXPECT_EQ(cal.NextClose(Z("2026-12-26T15:00Z")).value(), Z("2026-12-26T17:00Z"));
  // Mon 28, Tue 29 and Thu 31 are ordinary; Wed 30 is closed: 3 x 8 h.
  EXPECT_EQ(cal.Elapsed(Z("2026-12-28T05:00Z"), Z("2027-01-01T05:00Z")).value(), 24 * kHour);
}

TEST(BusinessCalendarTest, OvernightShifts) {
  // Sunday 22:00-06:00 in UTC: [22:00, 24:00) Sunday and [00:00, 06:00) Monday.
  const json spec = json::parse(R"({"timezone": "UTC", "weekly": {"sun": [["22:00", "06:00"]]}})");
  const auto cal = Cal(spec);
  EXPECT_EQ(cal.Elapsed(Z("2026-01-04T23:00Z"), Z("2026-01-05T05:00Z")).value(), 6 * kHour);
  EXPECT_EQ(cal.Elapsed(Z("2026-01-01T00:00Z"), Z("2026-01-08T00:00Z")).value(), 8 * kHour);
  // Midnight does not interrupt the shift.
  EXPECT_EQ(cal.NextClose(Z("2026-01-04T23:00Z")).value(), Z("2026-01-05T06:00Z"));
  EXPECT_EQ(cal.Add(Z("2026-01-04T23:30Z"), kHour).value(), Z("2026-01-05T00:30Z"));
  EXPECT_EQ(cal.NextOpen(Z("2026-01-05T06:00Z")).value(), Z("2026-01-11T22:00Z"));

  // A holiday on Monday closes the after-midnight tail of Sunday's shift.
  json monday_off = spec;
  monday_off["holidays"] = {"2026-01-05"};
  const auto cal2 = Cal(monday_off);
  EXPECT_EQ(cal2.Elapsed(Z("2026-01-04T20:00Z"), Z("2026-01-05T10:00Z")).value(), 2 * kHour);
  EXPECT_EQ(cal2.NextClose(Z("2026-01-04T23:00Z")).value(), Z("2026-01-05T00:00Z"));
  EXPECT_FALSE(cal2.IsOpen(Z("2026-01-05T01:00Z")).value());

  // A holiday on Sunday closes Sunday's part; Monday's tail stays open.
  json sunday_off = spec;
  sunday_off["holidays"] = {"2026-01-04"};
  const auto cal3 = Cal(sunday_off);
  EXPECT_EQ(cal3.Elapsed(Z("2026-01-04T20:00Z"), Z("2026-01-05T10:00Z")).value(), 6 * kHour);
  EXPECT_EQ(cal3.NextOpen(Z("2026-01-04T20:00Z")).value(), Z("2026-01-05T00:00Z"));

  // A special day on Monday replaces the tail with its own hours.
  json monday_special = spec;
  monday_special["special_days"] = json::parse(R"({"2026-01-05": [["02:00", "03:00"]]})");
  const auto cal4 = Cal(monday_special);
  EXPECT_EQ(cal4.Elapsed(Z("2026-01-04T20:00Z"), Z("2026-01-05T10:00Z")).value(), 3 * kHour);
}

TEST(BusinessCalendarTest, ShiftsJoinAcrossMidnightAndTheWeekEnd) {
  // Saturday 20:00-24:00 and Sunday 00:00-24:00 and Monday 00:00-04:00 form
  // one open stretch, across the week's end; a holiday Sunday splits it.
  const json spec = json::parse(R"({"timezone": "UTC", "weekly": {
      "sat": [["20:00", "24:00"]], "sun": [["00:00", "24:00"]], "mon": [["00:00", "04:00"]]}})");
  EXPECT_EQ(Cal(spec).NextClose(Z("2026-01-03T21:00Z")).value(), Z("2026-01-05T04:00Z"));
  json with_holiday = spec;
  with_holiday["holidays"] = {"2026-01-04"};
  EXPECT_EQ(Cal(with_holiday).NextClose(Z("2026-01-03T21:00Z")).value(), Z("2026-01-04T00:00Z"));
  EXPECT_EQ(Cal(with_holiday).NextOpen(Z("2026-01-04T00:00Z")).value(), Z("2026-01-05T00:00Z"));
}

// DST, spring forward: Sunday 2026-03-08 02:00 EST (07:00Z) becomes 03:00 EDT.
TEST(BusinessCalendarTest, NewYorkSpringForward) {
  const auto office = Cal(OfficeHours("America/New_York"));
  // Fri 2026-03-06 16:00 EST (21:00Z) -> Mon 2026-03-09 10:00 EDT (14:00Z): 2 h.
  EXPECT_EQ(office.Elapsed(Z("2026-03-06T21:00Z"), Z("2026-03-09T14:00Z")).value(), 2 * kHour);
  EXPECT_EQ(office.NextOpen(Z("2026-03-07T00:00Z")).value(), Z("2026-03-09T13:00Z"));  // 09:00 EDT

  // Sunday 01:00-04:00 wall time: 01:00-02:00 EST (06:00Z-07:00Z) and
  // 03:00-04:00 EDT (07:00Z-08:00Z); 02:00-03:00 does not exist. 2 h in all.
  const auto sunday =
      Cal(R"({"timezone": "America/New_York", "weekly": {"sun": [["01:00", "04:00"]]}})");
  EXPECT_EQ(sunday.Elapsed(Z("2026-03-08T05:00Z"), Z("2026-03-08T09:00Z")).value(), 2 * kHour);
  EXPECT_TRUE(sunday.IsOpen(Z("2026-03-08T07:00Z")).value());  // 03:00 EDT
  EXPECT_EQ(sunday.NextClose(Z("2026-03-08T06:30Z")).value(), Z("2026-03-08T08:00Z"));
  EXPECT_EQ(sunday.Add(Z("2026-03-08T06:00Z"), 90 * kMinute).value(), Z("2026-03-08T07:30Z"));

  // Hours entirely inside the gap are never open that day.
  const auto gap =
      Cal(R"({"timezone": "America/New_York", "weekly": {"sun": [["02:00", "03:00"]]}})");
  EXPECT_EQ(gap.Elapsed(Z("2026-03-08T00:00Z"), Z("2026-03-09T00:00Z")).value(), Millis{0});
  EXPECT_EQ(gap.NextOpen(Z("2026-03-08T00:00Z")).value(), Z("2026-03-15T06:00Z"));  // 02:00 EDT
  EXPECT_EQ(gap.NextOpen(Z("2026-03-01T00:00Z")).value(), Z("2026-03-01T07:00Z"));  // 02:00 EST
}

// DST, fall back: Sunday 2026-11-01 02:00 EDT (06:00Z) becomes 01:00 EST.
TEST(BusinessCalendarTest, NewYorkFallBack) {
  // Sunday 01:00-02:00 happens twice: 05:00Z-06:00Z (EDT) and 06:00Z-07:00Z (EST).
  const auto twice =
      Cal(R"({"timezone": "America/New_York", "weekly": {"sun": [["01:00", "02:00"]]}})");
  EXPECT_EQ(twice.Elapsed(Z("2026-11-01T04:00Z"), Z("2026-11-01T08:00Z")).value(), 2 * kHour);
  EXPECT_EQ(twice.NextClose(Z("2026-11-01T05:10Z")).value(), Z("2026-11-01T07:00Z"));

  // 01:30-02:00: 05:30Z-06:00Z (EDT), then closed 01:00-01:30 EST, then 06:30Z-07:00Z.
  const auto half =
      Cal(R"({"timezone": "America/New_York", "weekly": {"sun": [["01:30", "02:00"]]}})");
  EXPECT_FALSE(half.IsOpen(Z("2026-11-01T06:10Z")).value());  // 01:10 EST
  EXPECT_EQ(half.NextClose(Z("2026-11-01T05:45Z")).value(), Z("2026-11-01T06:00Z"));
  EXPECT_EQ(half.NextOpen(Z("2026-11-01T06:00Z")).value(), Z("2026-11-01T06:30Z"));
  EXPECT_EQ(half.Elapsed(Z("2026-11-01T00:00Z"), Z("2026-11-02T00:00Z")).value(), kHour);
  EXPECT_EQ(half.Add(Z("2026-11-01T05:30Z"), 45 * kMinute).value(), Z("2026-11-01T06:45Z"));
  EXPECT_EQ(half.Add(Z("2026-11-01T06:45Z"), -45 * kMinute).value(), Z("2026-11-01T05:30Z"));

  // Office hours: Fri 2026-10-30 16:00 EDT (20:00Z) -> Mon 11-02 10:00 EST (15:00Z).
  const auto office = Cal(OfficeHours("America/New_York"));
  EXPECT_EQ(office.Elapsed(Z("2026-10-30T20:00Z"), Z("2026-11-02T15:00Z")).value(), 2 * kHour);
}

TEST(BusinessCalendarTest, TwentyFourSevenInAZoneWithDstIsRealTime) {
  json spec = {{"timezone", "America/New_York"}, {"weekly", json::object()}};
  for (const auto key : kWeekdayKeys)
    spec["weekly"][std::string(key)] = json::parse(R"([["00:00", "24:00"]])");
  const auto cal = Cal(spec);
  // The 23-hour and the 25-hour Sundays count as 23 h and 25 h, like a stopwatch.
  EXPECT_EQ(cal.Elapsed(Z("2026-03-08T05:00Z"), Z("2026-03-09T04:00Z")).value(), 23 * kHour);
  EXPECT_EQ(cal.Elapsed(Z("2026-11-01T04:00Z"), Z("2026-11-02T05:00Z")).value(), 25 * kHour);
  EXPECT_EQ(cal.Elapsed(Z("2026-01-01T00:00Z"), Z("2027-01-01T00:00Z")).value(), 365 * 24 * kHour);
  EXPECT_EQ(cal.Add(Z("2026-03-08T06:30Z"), kHour).value(), Z("2026-03-08T07:30Z"));
  EXPECT_FALSE(cal.NextClose(Z("2026-03-08T06:30Z")).ok());  // never closes
}

// Europe/Berlin: 2026-03-29 01:00Z (02:00 CET -> 03:00 CEST) and 2026-10-25
// 01:00Z (03:00 CEST -> 02:00 CET).
TEST(BusinessCalendarTest, BerlinBothWays) {
  json spec = {{"timezone", "Europe/Berlin"}, {"weekly", json::object()}};
  for (const auto key : kWeekdayKeys)
    spec["weekly"][std::string(key)] = json::parse(R"([["02:00", "03:00"]])");
  const auto night = Cal(spec);
  // Saturday 28th 02:00-03:00 CET = 01:00Z-02:00Z counts; Sunday 29th's hour does not exist.
  EXPECT_EQ(night.Elapsed(Z("2026-03-28T00:00Z"), Z("2026-03-30T00:00Z")).value(), kHour);
  // Sunday 25 October's hour happens twice: 00:00Z-01:00Z (CEST) and 01:00Z-02:00Z (CET).
  EXPECT_EQ(night.Elapsed(Z("2026-10-24T12:00Z"), Z("2026-10-25T12:00Z")).value(), 2 * kHour);
  EXPECT_EQ(night.NextClose(Z("2026-10-25T00:00Z")).value(), Z("2026-10-25T02:00Z"));

  const auto office = Cal(OfficeHours("Europe/Berlin"));
  // Fri 27 March 16:00 CET (15:00Z) -> Mon 30 March 10:00 CEST (08:00Z): 2 h.
  EXPECT_EQ(office.Elapsed(Z("2026-03-27T15:00Z"), Z("2026-03-30T08:00Z")).value(), 2 * kHour);
  // Fri 23 October 16:00 CEST (14:00Z) + 2 h -> Mon 26 October 10:00 CET (09:00Z).
  EXPECT_EQ(office.Add(Z("2026-10-23T14:00Z"), 2 * kHour).value(), Z("2026-10-26T09:00Z"));
}

// Australia/Sydney: DST ends Sunday 2026-04-05 03:00 AEDT -> 02:00 AEST
// (2026-04-04 16:00Z) and starts Sunday 2026-10-04 02:00 AEST -> 03:00 AEDT
// (2026-10-03 16:00Z).
TEST(BusinessCalendarTest, SydneyBothWays) {
  const auto sundays =
      Cal(R"({"timezone": "Australia/Sydney", "weekly": {"sun": [["00:00", "24:00"]]}})");
  // Sunday 5 April: 00:00 AEDT (04-04 13:00Z) to Monday 00:00 AEST (04-05 14:00Z): 25 h.
  EXPECT_EQ(sundays.Elapsed(Z("2026-04-04T12:00Z"), Z("2026-04-05T15:00Z")).value(), 25 * kHour);
  EXPECT_EQ(sundays.NextClose(Z("2026-04-04T20:00Z")).value(), Z("2026-04-05T14:00Z"));
  // Sunday 4 October: 00:00 AEST (10-03 14:00Z) to Monday 00:00 AEDT (10-04 13:00Z): 23 h.
  EXPECT_EQ(sundays.Elapsed(Z("2026-10-03T12:00Z"), Z("2026-10-04T15:00Z")).value(), 23 * kHour);
  EXPECT_EQ(sundays.NextOpen(Z("2026-10-01T00:00Z")).value(), Z("2026-10-03T14:00Z"));

  const auto office = Cal(OfficeHours("Australia/Sydney"));
  // Fri 3 April 16:00 AEDT (05:00Z) -> Mon 6 April 10:00 AEST (00:00Z): 2 h.
  EXPECT_EQ(office.Elapsed(Z("2026-04-03T05:00Z"), Z("2026-04-06T00:00Z")).value(), 2 * kHour);
  // Fri 2 October 16:00 AEST (06:00Z) + 2 h -> Mon 5 October 10:00 AEDT (23:00Z on the 4th).
  EXPECT_EQ(office.Add(Z("2026-10-02T06:00Z"), 2 * kHour).value(), Z("2026-10-04T23:00Z"));
}

// Offsets that are not whole hours: IST = UTC+05:30, NPT = UTC+05:45.
TEST(BusinessCalendarTest, KolkataAndKathmandu) {
  const auto kolkata = Cal(OfficeHours("Asia/Kolkata"));
  EXPECT_FALSE(kolkata.IsOpen(Z("2026-01-05T03:29:59.999Z")).value());
  EXPECT_TRUE(kolkata.IsOpen(Z("2026-01-05T03:30Z")).value());  // Mon 09:00 IST
  EXPECT_EQ(kolkata.NextOpen(Z("2026-01-05T00:00Z")).value(), Z("2026-01-05T03:30Z"));
  EXPECT_EQ(kolkata.NextClose(Z("2026-01-05T04:00Z")).value(), Z("2026-01-05T11:30Z"));

  const auto kathmandu = Cal(OfficeHours("Asia/Kathmandu"));
  EXPECT_EQ(kathmandu.NextOpen(Z("2026-01-05T00:00Z")).value(), Z("2026-01-05T03:15Z"));
  EXPECT_EQ(kathmandu.NextClose(Z("2026-01-05T04:00Z")).value(), Z("2026-01-05T11:15Z"));
  // Fri 16:00 NPT (10:15Z) + 2 h -> Mon 10:00 NPT (04:15Z).
  EXPECT_EQ(kathmandu.Add(Z("2026-01-09T10:15Z"), 2 * kHour).value(), Z("2026-01-12T04:15Z"));

  // Nepal moved from +05:30 to +05:45 at 1986-01-01 00:00 local (1985-12-31
  // 18:30Z): wall time 00:00-00:15 that Wednesday never happened.
  const auto first_half_hour =
      Cal(R"({"timezone": "Asia/Kathmandu", "weekly": {"wed": [["00:00", "00:30"]]}})");
  EXPECT_EQ(first_half_hour.Elapsed(Z("1985-12-31T18:00Z"), Z("1985-12-31T19:00Z")).value(),
            15 * kMinute);
  EXPECT_EQ(first_half_hour.NextOpen(Z("1985-12-31T18:00Z")).value(), Z("1985-12-31T18:30Z"));
}

TEST(BusinessCalendarTest, AlwaysOpenIsElapsedTime) {
  const auto cal = BusinessCalendar::AlwaysOpen();
  EXPECT_EQ(cal.timezone(), "UTC");
  EXPECT_EQ(cal.Elapsed(Z("1970-01-01T00:00Z"), Z("2200-01-01T00:00Z")).value(),
            kMaxInstant - kMinInstant);
  EXPECT_EQ(cal.Elapsed(Z("2026-05-01T10:00Z"), Z("2026-04-01T10:00Z")).value(), -30 * 24 * kHour);
  EXPECT_EQ(cal.Add(Z("2026-05-01T10:00Z"), Millis{1234}).value(), Z("2026-05-01T10:00:01.234Z"));
  EXPECT_EQ(cal.Add(Z("2026-05-01T10:00Z"), -kHour).value(), Z("2026-05-01T09:00Z"));
  EXPECT_TRUE(cal.IsOpen(Z("2150-06-01T00:00Z")).value());
  EXPECT_EQ(cal.NextOpen(Z("2150-06-01T00:00Z")).value(), Z("2150-06-01T00:00Z"));
  EXPECT_EQ(cal.NextClose(Z("2150-06-01T00:00Z")).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(BusinessCalendarTest, LeapDay) {
  // 2028-02-29 is a Tuesday and counts like any other weekday.
  const auto cal = Cal(OfficeHours("UTC"));
  EXPECT_EQ(cal.Elapsed(Z("2028-02-28T09:00Z"), Z("2028-03-01T09:00Z")).value(), 16 * kHour);
  EXPECT_EQ(cal.Add(Z("2028-02-28T17:00Z"), 9 * kHour).value(), Z("2028-03-01T10:00Z"));
  EXPECT_TRUE(cal.IsOpen(Z("2028-02-29T12:00Z")).value());
  json holiday = OfficeHours("UTC");
  holiday["holidays"] = {"2028-02-29"};
  EXPECT_EQ(Cal(holiday).Elapsed(Z("2028-02-28T09:00Z"), Z("2028-03-01T09:00Z")).value(),
            8 * kHour);
}

TEST(BusinessCalendarTest, MultiYearSpans) {
  // 2024-01-01 and 2029-01-01 are Mondays, 1827 days = 261 weeks apart: 261 x 40 h.
  const auto utc = Cal(OfficeHours("UTC"));
  EXPECT_EQ(utc.Elapsed(Z("2024-01-01T00:00Z"), Z("2029-01-01T00:00Z")).value(), 10440 * kHour);
  EXPECT_EQ(utc.Add(Z("2024-01-01T00:00Z"), 10440 * kHour).value(), Z("2028-12-29T17:00Z"));
  // New York's 09:00-17:00 never touches a 02:00 transition: the same 261 x 40 h.
  const auto ny = Cal(OfficeHours("America/New_York"));
  EXPECT_EQ(ny.Elapsed(Z("2024-01-01T05:00Z"), Z("2029-01-01T05:00Z")).value(), 10440 * kHour);
  EXPECT_EQ(ny.Elapsed(Z("2029-01-01T05:00Z"), Z("2024-01-01T05:00Z")).value(), -10440 * kHour);
}

// After 2037 the tz database gives the DST rule, not a list of transitions:
// New York still springs forward on 2100-03-14 and falls back on 2199-11-03.
TEST(BusinessCalendarTest, DstContinuesUntil2200) {
  const auto sundays =
      Cal(R"({"timezone": "America/New_York", "weekly": {"sun": [["00:00", "24:00"]]}})");
  // Sunday 2100-03-14 00:00 EST (05:00Z) to Monday 00:00 EDT (04:00Z): 23 h.
  EXPECT_EQ(sundays.Elapsed(Z("2100-03-14T00:00Z"), Z("2100-03-15T12:00Z")).value(), 23 * kHour);
  // Sunday 2199-11-03 00:00 EDT (04:00Z) to Monday 00:00 EST (05:00Z): 25 h.
  EXPECT_EQ(sundays.Elapsed(Z("2199-11-03T00:00Z"), Z("2199-11-04T12:00Z")).value(), 25 * kHour);
  EXPECT_EQ(sundays.NextClose(Z("2199-11-03T12:00Z")).value(), Z("2199-11-04T05:00Z"));
}

TEST(BusinessCalendarTest, RangeErrors) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  const Instant before = kMinInstant - Millis{1};
  const Instant after = kMaxInstant + Millis{1};
  EXPECT_EQ(cal.Elapsed(before, Z("2026-01-01T00:00Z")).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.Elapsed(Z("2026-01-01T00:00Z"), after).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.IsOpen(after).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.NextOpen(before).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.NextClose(after).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.Add(after, kHour).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(cal.Elapsed(kMinInstant, kMaxInstant).ok());
  const Instant extreme = FromEpochMs(std::numeric_limits<std::int64_t>::min());
  EXPECT_NE(cal.IsOpen(extreme).status().message().find("outside the supported range"),
            std::string::npos);

  // Adding past 2200 or before 1970 is an error, however large d is.
  EXPECT_EQ(cal.Add(Z("2199-12-31T00:00Z"), 100 * kHour).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(cal.Add(Z("1970-01-02T00:00Z"), -100 * kHour).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_FALSE(cal.Add(Z("2026-01-01T00:00Z"), Millis::max()).ok());
  EXPECT_FALSE(cal.Add(Z("2026-01-01T00:00Z"), Millis::min()).ok());
  // The whole range's business time is reachable, to the millisecond.
  const Millis all = cal.Elapsed(kMinInstant, kMaxInstant).value();
  EXPECT_EQ(cal.Elapsed(kMinInstant, cal.Add(kMinInstant, all).value()).value(), all);
  EXPECT_FALSE(cal.Add(kMinInstant, all + Millis{1}).ok());
}

TEST(BusinessCalendarTest, NeverOpenIsAnErrorNotAHang) {
  const auto never = Cal(R"({"timezone": "Europe/Paris"})");
  EXPECT_EQ(never.Elapsed(kMinInstant, kMaxInstant).value(), Millis{0});
  EXPECT_EQ(never.Add(Z("2026-01-01T00:00Z"), kHour).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(never.Add(Z("2026-01-01T00:00Z"), -kHour).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(never.NextOpen(Z("2026-01-01T00:00Z")).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(never.NextClose(Z("2026-01-01T00:00Z")).value(), Z("2026-01-01T00:00Z"));

  // Open on one special day only: open before it, never again after it.
  const auto once =
      Cal(R"({"timezone": "UTC", "special_days": {"2030-06-03": [["10:00", "11:00"]]}})");
  EXPECT_EQ(once.NextOpen(Z("2026-01-01T00:00Z")).value(), Z("2030-06-03T10:00Z"));
  EXPECT_EQ(once.Add(Z("2026-01-01T00:00Z"), kHour).value(), Z("2030-06-03T11:00Z"));
  EXPECT_EQ(once.Add(Z("2031-01-01T00:00Z"), -kHour).value(), Z("2030-06-03T10:00Z"));
  const auto again = once.NextOpen(Z("2030-06-03T11:00Z"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(again.status().message().find("never open"), std::string::npos);
}

TEST(BusinessCalendarTest, ManyFormsMatchSingleCalls) {
  const auto cal = Cal(OfficeHours("America/New_York"));
  const std::vector<std::int64_t> a = {ToEpochMs(Z("2026-01-09T21:00Z")),
                                       ToEpochMs(Z("2026-01-12T15:00Z")), 0};
  const std::vector<std::int64_t> b = {ToEpochMs(Z("2026-01-12T15:00Z")),
                                       ToEpochMs(Z("2026-01-09T21:00Z")), ToEpochMs(kMaxInstant)};
  std::vector<std::int64_t> out(3, -1);
  ASSERT_TRUE(cal.ElapsedMany(a, b, out).ok());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(out[i], cal.Elapsed(FromEpochMs(a[i]), FromEpochMs(b[i])).value().count());
  }
  std::vector<std::int64_t> d = {7'200'000, -7'200'000, 1};
  ASSERT_TRUE(cal.AddMany(a, d, out).ok());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(out[i], ToEpochMs(cal.Add(FromEpochMs(a[i]), Millis{d[i]}).value()));
  }

  // Errors write nothing.
  std::vector<std::int64_t> untouched(3, 42);
  std::vector<std::int64_t> bad = b;
  bad[2] = -5;
  const absl::Status status = cal.ElapsedMany(a, bad, untouched);
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(status.message().find("element 2"), std::string::npos);
  EXPECT_EQ(untouched, std::vector<std::int64_t>(3, 42));
  d[2] = -1;  // before 1970 from epoch 0
  EXPECT_EQ(cal.AddMany(a, d, untouched).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(untouched, std::vector<std::int64_t>(3, 42));
  EXPECT_EQ(cal.ElapsedMany(a, std::span(b).first(2), untouched).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(cal.ElapsedMany({}, {}, {}).ok());
}

TEST(BusinessCalendarTest, CopiesShareTheCompiledTables) {
  const auto cal = Cal(OfficeHours("Asia/Kolkata"));
  const BusinessCalendar copy = cal;  // NOLINT: the copy is the point
  EXPECT_EQ(copy.timezone(), "Asia/Kolkata");
  EXPECT_EQ(copy.Elapsed(Z("2026-01-05T00:00Z"), Z("2026-01-06T00:00Z")).value(), 8 * kHour);
}

}  // namespace
}  // namespace csm
