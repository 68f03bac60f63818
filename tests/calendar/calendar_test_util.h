// Helpers shared by the calendar tests: instants written as ISO strings and
// calendars that must compile.
#ifndef CSM_TESTS_CALENDAR_CALENDAR_TEST_UTIL_H_
#define CSM_TESTS_CALENDAR_CALENDAR_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "csm/calendar/business_calendar.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm::testing {

// "2026-01-05T14:00Z", "2026-01-05T14:00:30Z" or "2026-01-05T14:00:30.250Z".
inline Instant Z(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  const int n = std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%d", &y, &mo, &d, &h, &mi, &s, &ms);
  if (n < 5 || iso.back() != 'Z') {
    ADD_FAILURE() << "bad instant in test: " << iso;
  }
  const auto day = date::sys_days{date::year{y} / mo / d};
  return Instant{std::chrono::duration_cast<Millis>(day.time_since_epoch())} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s} + Millis{ms};
}

inline constexpr Millis kHour = std::chrono::hours{1};
inline constexpr Millis kMinute = std::chrono::minutes{1};

// A calendar the test expects to be valid.
inline BusinessCalendar Cal(const nlohmann::json& spec) {
  auto calendar = BusinessCalendar::FromJson(spec);
  EXPECT_TRUE(calendar.ok()) << calendar.status() << "\n" << spec.dump();
  return calendar.ok() ? *calendar : BusinessCalendar::AlwaysOpen();
}

inline BusinessCalendar Cal(const char* spec_json) { return Cal(nlohmann::json::parse(spec_json)); }

// Mon-Fri 09:00-17:00 in `zone`.
inline nlohmann::json OfficeHours(const std::string& zone) {
  const nlohmann::json day = nlohmann::json::array({nlohmann::json::array({"09:00", "17:00"})});
  return {{"timezone", zone},
          {"weekly", {{"mon", day}, {"tue", day}, {"wed", day}, {"thu", day}, {"fri", day}}}};
}

}  // namespace csm::testing

#endif  // CSM_TESTS_CALENDAR_CALENDAR_TEST_UTIL_H_
