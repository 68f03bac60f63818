// Random calendars: a differential test against a deliberately simple
// reference that walks minute by minute, and property tests over the whole
// supported range.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "calendar_test_util.h"
#include "csm/calendar/business_calendar.h"
#include "date/tz.h"

namespace csm {
namespace {

using nlohmann::json;
using std::int64_t;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMinutes = 1440;

// Zones whose offsets since 1970 are whole minutes (so a minute-aligned
// calendar is open or closed for whole UTC minutes), with every DST flavour:
// none, northern, southern, 30-minute DST (Lord Howe), :30 and :45 offsets.
const std::vector<std::string> kZones = {
    "UTC",           "America/New_York", "Europe/Berlin",       "Australia/Sydney",
    "Asia/Kolkata",  "Asia/Kathmandu",   "Australia/Lord_Howe", "Pacific/Chatham",
    "Europe/London", "America/St_Johns", "America/Sao_Paulo",   "Asia/Tehran"};

// A calendar written as plain numbers, which the reference reads directly.
struct TestCalendar {
  std::string zone;
  // Minutes of the day; end <= start runs past midnight (weekly only).
  std::array<std::vector<std::pair<int, int>>, 7> weekly;
  std::set<int64_t> holidays;                                   // local day numbers
  std::map<int64_t, std::vector<std::pair<int, int>>> special;  // local day -> hours

  static std::string Hhmm(int minutes) {
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
    return text;
  }
  static std::string Day(int64_t day) {
    return date::format("%F", date::local_days{date::days{day}});
  }
  static json Ranges(const std::vector<std::pair<int, int>>& ranges) {
    json list = json::array();
    for (const auto& [start, end] : ranges) list.push_back({Hhmm(start), Hhmm(end)});
    return list;
  }

  json ToJson() const {
    json spec = {{"timezone", zone},
                 {"weekly", json::object()},
                 {"holidays", json::array()},
                 {"special_days", json::object()}};
    for (int d = 0; d < 7; ++d) spec["weekly"][std::string(kWeekdayKeys[d])] = Ranges(weekly[d]);
    for (int64_t day : holidays) spec["holidays"].push_back(Day(day));
    for (const auto& [day, ranges] : special) spec["special_days"][Day(day)] = Ranges(ranges);
    return spec;
  }

  // The rule, read literally: the date's hours are none on a holiday, the
  // special day's own, or the weekday's (including the after-midnight part
  // of the previous weekday's overnight intervals).
  bool OpenAt(int64_t day, int minute) const {
    if (holidays.count(day) != 0) return false;
    if (const auto it = special.find(day); it != special.end()) {
      for (const auto& [start, end] : it->second) {
        if (start <= minute && minute < end) return true;
      }
      return false;
    }
    const int weekday = static_cast<int>((day % 7 + 7 + 3) % 7);  // 1970-01-01 was a Thursday
    for (const auto& [start, end] : weekly[weekday]) {
      if (end > start ? (start <= minute && minute < end) : minute >= start) return true;
    }
    for (const auto& [start, end] : weekly[(weekday + 6) % 7]) {
      if (end <= start && minute < end) return true;
    }
    return false;
  }
};

// Sorted, disjoint intervals inside one day: 2k distinct cut points, on whole
// hours now and then so that edges meet midnight and each other.
std::vector<std::pair<int, int>> RandomDay(std::mt19937_64& rng, int max_intervals) {
  const int count = static_cast<int>(rng() % (max_intervals + 1));
  const int step = rng() % 3 == 0 ? 60 : 1;
  std::set<int> cuts;
  while (static_cast<int>(cuts.size()) < 2 * count) {
    cuts.insert(static_cast<int>(rng() % (1440 / step + 1)) * step);
  }
  std::vector<int> sorted(cuts.begin(), cuts.end());
  std::vector<std::pair<int, int>> ranges;
  for (int k = 0; k < count; ++k) ranges.push_back({sorted[2 * k], sorted[2 * k + 1]});
  return ranges;
}

bool Overlapping(std::vector<std::pair<int, int>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t k = 1; k < ranges.size(); ++k) {
    if (ranges[k].first < ranges[k - 1].second) return true;
  }
  return false;
}

// A random valid calendar with exceptional days among `days`.
TestCalendar RandomCalendar(std::mt19937_64& rng, int64_t first_day, int64_t day_count) {
  for (;;) {
    TestCalendar cal;
    cal.zone = kZones[rng() % kZones.size()];
    const int style = static_cast<int>(rng() % 8);
    for (int d = 0; d < 7; ++d) {
      if (style == 0) {
        cal.weekly[d] = {{0, 1440}};  // 24/7
      } else {
        cal.weekly[d] = RandomDay(rng, style == 1 ? 1 : 3);
      }
    }
    // Overnight shifts on some weekdays.
    for (int d = 0; d < 7; ++d) {
      if (rng() % 4 != 0) continue;
      const int start = static_cast<int>(rng() % 1440);
      const int end = static_cast<int>(rng() % (start + 1));
      cal.weekly[d].push_back({start, end});
    }
    for (int k = static_cast<int>(rng() % 6); k > 0; --k) {
      cal.holidays.insert(first_day + static_cast<int64_t>(rng() % day_count));
    }
    for (int k = static_cast<int>(rng() % 6); k > 0; --k) {
      const int64_t day = first_day + static_cast<int64_t>(rng() % day_count);
      if (cal.holidays.count(day) == 0) cal.special[day] = RandomDay(rng, 2);
    }
    // Keep it valid: no two of a weekday's pieces may overlap.
    bool ok = true;
    for (int d = 0; d < 7 && ok; ++d) {
      std::vector<std::pair<int, int>> pieces;
      for (const auto& [s, e] : cal.weekly[d]) pieces.push_back({s, e > s ? e : 1440});
      for (const auto& [s, e] : cal.weekly[(d + 6) % 7]) {
        if (e <= s && e > 0) pieces.push_back({0, e});
      }
      ok = !Overlapping(pieces);
    }
    if (ok) return cal;
  }
}

// The reference: which UTC minutes of a window are open, found by walking
// the window minute by minute through date's zone conversion.
class MinuteWalk {
 public:
  MinuteWalk(const TestCalendar& cal, int64_t first_minute, int64_t minutes)
      : first_ms_(first_minute * kMinuteMs) {
    const date::time_zone* zone = date::locate_zone(cal.zone);
    open_.reserve(minutes);
    for (int64_t m = first_minute; m < first_minute + minutes; ++m) {
      const date::sys_seconds utc{std::chrono::seconds{m * 60}};
      const auto local = zone->to_local(utc).time_since_epoch().count() / 60;  // local minutes
      const int64_t day =
          local >= 0 ? local / kDayMinutes : -((-local + kDayMinutes - 1) / kDayMinutes);
      open_.push_back(cal.OpenAt(day, static_cast<int>(local - day * kDayMinutes)));
    }
    // Open minutes before each minute: the walk, remembered.
    open_before_.push_back(0);
    for (const bool open : open_) open_before_.push_back(open_before_.back() + (open ? 1 : 0));
  }

  int64_t size() const { return static_cast<int64_t>(open_.size()); }
  int64_t StartMs(int64_t i) const { return first_ms_ + i * kMinuteMs; }
  bool Open(int64_t i) const { return open_[i]; }

  // Business ms between StartMs(i) + x and StartMs(j) + y (0 <= x, y < 1 min).
  int64_t Elapsed(int64_t i, int64_t x, int64_t j, int64_t y) const {
    return (open_before_[j] - open_before_[i]) * kMinuteMs - (open_[i] ? x : 0) +
           (open_[j] ? y : 0);
  }
  // Add(StartMs(i), d) walking forward or backward; -1 if it leaves the window.
  int64_t Add(int64_t i, int64_t d) const {
    if (d == 0) return StartMs(i);
    int64_t done = 0;
    if (d > 0) {
      for (int64_t k = i; k < size(); ++k) {
        if (!open_[k]) continue;
        if (d - done <= kMinuteMs) return StartMs(k) + (d - done);
        done += kMinuteMs;
      }
    } else {
      for (int64_t k = i - 1; k >= 0; --k) {
        if (!open_[k]) continue;
        if (-d - done <= kMinuteMs) return StartMs(k + 1) - (-d - done);
        done += kMinuteMs;
      }
    }
    return -1;
  }
  // The first minute from i on whose state is `open`; -1 if none in the window.
  int64_t Next(int64_t i, bool open) const {
    for (int64_t k = i; k < size(); ++k) {
      if (open_[k] == open) return StartMs(k);
    }
    return -1;
  }

 private:
  int64_t first_ms_;
  std::vector<bool> open_;
  std::vector<int64_t> open_before_;
};

// The zone's offset changes between 1970 and 2037 (date's own list).
std::vector<int64_t> Transitions(const std::string& name) {
  const date::time_zone* zone = date::locate_zone(name);
  std::vector<int64_t> result;
  date::sys_seconds at{std::chrono::seconds{0}};
  const date::sys_seconds end{std::chrono::seconds{2'100'000'000}};  // 2036
  while (at < end) {
    const date::sys_info info = zone->get_info(at);
    if (info.end >= end) break;
    result.push_back(info.end.time_since_epoch().count() * 1000);
    at = info.end;
  }
  return result;
}

TEST(CalendarDifferentialTest, MatchesAMinuteWalk) {
  std::mt19937_64 rng(20260305);
  constexpr int64_t kWindowDays = 16;
  constexpr int kCalendars = 48;
  constexpr int kQueries = 150;
  int compared = 0;
  for (int c = 0; c < kCalendars; ++c) {
    // A window of a few weeks before 2037 (where date's zone data is complete),
    // around a DST transition half of the time.
    const std::string zone_name = kZones[rng() % kZones.size()];
    const auto transitions = Transitions(zone_name);
    int64_t start_minute = static_cast<int64_t>(rng() % (2'000'000'000 / 60));
    if (!transitions.empty() && rng() % 2 == 0) {
      start_minute = transitions[rng() % transitions.size()] / kMinuteMs -
                     static_cast<int64_t>(rng() % (kWindowDays * kDayMinutes));
      start_minute = std::max<int64_t>(start_minute, 0);
    }
    TestCalendar cal = RandomCalendar(rng, start_minute / kDayMinutes - 1, kWindowDays + 2);
    cal.zone = zone_name;
    const json spec = cal.ToJson();
    const auto built = BusinessCalendar::FromJson(spec);
    ASSERT_TRUE(built.ok()) << built.status() << "\n" << spec.dump();
    const MinuteWalk walk(cal, start_minute, kWindowDays * kDayMinutes);
    SCOPED_TRACE(spec.dump());

    for (int q = 0; q < kQueries; ++q) {
      const int64_t i = static_cast<int64_t>(rng() % walk.size());
      const int64_t j = static_cast<int64_t>(rng() % walk.size());
      const int64_t x = static_cast<int64_t>(rng() % kMinuteMs);
      const int64_t y = static_cast<int64_t>(rng() % kMinuteMs);
      const Instant a = FromEpochMs(walk.StartMs(i) + x);
      const Instant b = FromEpochMs(walk.StartMs(j) + y);
      ASSERT_EQ(built->Elapsed(a, b).value().count(), walk.Elapsed(i, x, j, y))
          << "elapsed " << walk.StartMs(i) + x << " " << walk.StartMs(j) + y;
      ASSERT_EQ(built->IsOpen(a).value(), walk.Open(i)) << "is_open " << walk.StartMs(i) + x;

      const Instant t = FromEpochMs(walk.StartMs(i));
      int64_t d = static_cast<int64_t>(rng() % (3 * kDayMinutes * kMinuteMs)) + 1;
      if (rng() % 4 == 0) d = (d / kMinuteMs + 1) * kMinuteMs;  // whole minutes: closing edges
      if (rng() % 2 == 0) d = -d;
      if (const int64_t expected = walk.Add(i, d); expected >= 0) {
        ASSERT_EQ(ToEpochMs(built->Add(t, Millis{d}).value()), expected)
            << "add " << walk.StartMs(i) << " " << d;
        ++compared;
      }
      if (const int64_t expected = walk.Next(i, true); expected >= 0) {
        ASSERT_EQ(ToEpochMs(built->NextOpen(t).value()), expected)
            << "next_open " << walk.StartMs(i);
      }
      if (const int64_t expected = walk.Next(i, false); expected >= 0) {
        ASSERT_EQ(ToEpochMs(built->NextClose(t).value()), expected)
            << "next_close " << walk.StartMs(i);
      }
    }
  }
  EXPECT_GT(compared, kCalendars * kQueries / 4);  // most walks stayed inside their window
}

// Properties over the whole range 1970-2200, at millisecond resolution.
TEST(CalendarPropertyTest, AdditiveInvertibleMonotone) {
  std::mt19937_64 rng(77);
  const int64_t max_ms = ToEpochMs(kMaxInstant);
  const auto random_instant = [&] { return static_cast<int64_t>(rng() % (max_ms + 1)); };
  for (int c = 0; c < 40; ++c) {
    // Exceptional days anywhere in the range.
    const TestCalendar test_cal = RandomCalendar(rng, -1, max_ms / 86'400'000 + 2);
    const auto cal = testing::Cal(test_cal.ToJson());
    SCOPED_TRACE(test_cal.ToJson().dump());
    const int64_t all = cal.Elapsed(kMinInstant, kMaxInstant).value().count();
    for (int q = 0; q < 60; ++q) {
      int64_t p[3] = {random_instant(), random_instant(), random_instant()};
      if (q % 2 == 0) {  // near each other as often as far apart
        p[1] = std::min(max_ms, p[0] + static_cast<int64_t>(rng() % (14 * 86'400'000)));
        p[2] = std::min(max_ms, p[1] + static_cast<int64_t>(rng() % (3 * 86'400'000)));
      }
      const auto E = [&](int64_t u, int64_t v) {
        return cal.Elapsed(FromEpochMs(u), FromEpochMs(v)).value().count();
      };
      // Additivity, and a > b gives the negative.
      ASSERT_EQ(E(p[0], p[1]) + E(p[1], p[2]), E(p[0], p[2]));
      ASSERT_EQ(E(p[1], p[0]), -E(p[0], p[1]));
      // Business time never exceeds real time, and grows with the end.
      const auto [lo, hi] = std::minmax(p[0], p[1]);
      ASSERT_GE(E(lo, hi), 0);
      ASSERT_LE(E(lo, hi), hi - lo);
      ASSERT_LE(E(p[2], lo), E(p[2], hi));
      // is_open agrees with the next millisecond's business time.
      if (p[0] < max_ms) {
        ASSERT_EQ(cal.IsOpen(FromEpochMs(p[0])).value(), E(p[0], p[0] + 1) == 1);
      }

      // elapsed(t, add(t, d)) == d, and add gives the earliest (latest) such instant.
      const int64_t t = p[0];
      const int64_t before = E(0, t);
      const int64_t span = static_cast<int64_t>(rng() % 4) == 0 ? all : 30LL * 86'400'000;
      const int64_t d = static_cast<int64_t>(rng() % (span + 1)) * (rng() % 2 == 0 ? 1 : -1);
      const auto u = cal.Add(FromEpochMs(t), Millis{d});
      const bool reachable = d >= 0 ? d <= all - before : -d <= before;
      ASSERT_EQ(u.ok(), reachable) << t << " " << d << " " << u.status();
      if (u.ok()) {
        const int64_t u_ms = ToEpochMs(*u);
        ASSERT_EQ(E(t, u_ms), d);
        if (d > 0) {
          ASSERT_LT(E(t, u_ms - 1), d);
        }
        if (d < 0) {
          ASSERT_LT(E(u_ms + 1, t), -d);
        }
        // Monotone in d.
        const int64_t d2 = d + static_cast<int64_t>(rng() % 86'400'000);
        const auto u2 = cal.Add(FromEpochMs(t), Millis{d2});
        if (u2.ok()) {
          ASSERT_LE(u_ms, ToEpochMs(*u2));
        }
      }

      // next_open / next_close: the state there, and nothing open (closed) before.
      if (const auto open = cal.NextOpen(FromEpochMs(t)); open.ok()) {
        ASSERT_TRUE(cal.IsOpen(*open).value());
        ASSERT_EQ(E(t, ToEpochMs(*open)), 0);
        if (ToEpochMs(*open) > t) {
          ASSERT_FALSE(cal.IsOpen(*open - Millis{1}).value());
        }
      } else {
        ASSERT_EQ(before, all);
      }
      if (const auto close = cal.NextClose(FromEpochMs(t)); close.ok()) {
        ASSERT_FALSE(cal.IsOpen(*close).value());
        ASSERT_EQ(E(t, ToEpochMs(*close)), ToEpochMs(*close) - t);
      } else {
        ASSERT_EQ(all - before, max_ms - t);
      }
    }
  }
}

}  // namespace
}  // namespace csm
