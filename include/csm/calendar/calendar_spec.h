// The calendar spec: a time zone, weekly opening hours, holidays and special
// days, exactly as a user writes them (JSON), before any validation of
// meaning. BusinessCalendar::FromSpec validates and compiles it.
//
// JSON form (the same for C++, the C ABI, Python and the CLI):
//   {"timezone": "America/New_York",
//    "weekly": {"mon": [["09:00","12:00"],["13:00","17:00"]], "sun": [["22:00","06:00"]]},
//    "holidays": ["2026-12-25"],
//    "special_days": {"2026-12-24": [["09:00","13:00"]]}}
// Only "timezone" is required. See docs/calendar.md for the rule that gives
// these their meaning.
#ifndef CSM_CALENDAR_CALENDAR_SPEC_H_
#define CSM_CALENDAR_CALENDAR_SPEC_H_

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "absl/status/statusor.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm {

// An interval of wall-clock time of one date, [start, end), as offsets from
// local midnight; "24:00" is end == 24 h. In the weekly schedule an interval
// with end <= start runs past midnight into the next date.
struct TimeRange {
  Millis start{0};
  Millis end{0};
  bool operator==(const TimeRange&) const = default;
};

struct CalendarSpec {
  std::string timezone;  // an IANA zone name, e.g. "Europe/Berlin"
  // Hours of each weekday, Monday first (index 0 = "mon" ... 6 = "sun").
  std::array<std::vector<TimeRange>, 7> weekly;
  // Closed dates (local dates in `timezone`).
  std::vector<date::local_days> holidays;
  // Dates with their own hours ([] = closed); their intervals stay within the date.
  std::map<date::local_days, std::vector<TimeRange>> special_days;
};

// The JSON keys of the weekdays, Monday first: "mon" ... "sun".
inline constexpr std::array<std::string_view, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu",
                                                                 "fri", "sat", "sun"};

// Parses "HH:MM" (00:00 to 24:00) into an offset from midnight.
absl::StatusOr<Millis> ParseTimeOfDay(std::string_view text);
// "HH:MM", or "HH:MM:SS.mmm" when the offset is not a whole minute; 24 h is "24:00".
std::string FormatTimeOfDay(Millis offset);
// Parses a date "YYYY-MM-DD" (a real date of the Gregorian calendar).
absl::StatusOr<date::local_days> ParseDate(std::string_view text);
std::string FormatDate(date::local_days day);

// Reads a spec from JSON: checks its shape, keys, times and dates, and names
// the offending element in the error. Overlaps and unknown zones are checked
// by BusinessCalendar::FromSpec.
absl::StatusOr<CalendarSpec> ParseCalendarSpec(const nlohmann::json& spec);
absl::StatusOr<CalendarSpec> ParseCalendarSpec(std::string_view spec_json);
inline absl::StatusOr<CalendarSpec> ParseCalendarSpec(const std::string& spec_json) {
  return ParseCalendarSpec(std::string_view(spec_json));
}
inline absl::StatusOr<CalendarSpec> ParseCalendarSpec(const char* spec_json) {
  return ParseCalendarSpec(std::string_view(spec_json));
}

}  // namespace csm

#endif  // CSM_CALENDAR_CALENDAR_SPEC_H_
