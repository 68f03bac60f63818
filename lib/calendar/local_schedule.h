// Open time along the local wall-clock line (internal to the calendar).
//
// "Local ms" count milliseconds from 1970-01-01T00:00 *local* time on a line
// where every day has 24 hours: it is what a wall clock shows, before any
// time zone or DST enters. On that line a schedule's open time up to L,
// W(L), is a continuous, non-decreasing, piecewise-linear function, so it can
// be evaluated and inverted with binary searches:
//   - the weekly hours are spans in ms-of-week with prefix sums; whole weeks
//     are a multiplication;
//   - holidays and special days ("exceptional days") are a sorted table with,
//     for each, W at its midnight and the running sum of how much they
//     changed the weekly hours, so a date between them is one more search.
#ifndef CSM_LIB_CALENDAR_LOCAL_SCHEDULE_H_
#define CSM_LIB_CALENDAR_LOCAL_SCHEDULE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace csm::calendar_internal {

inline constexpr std::int64_t kDayMs = 86'400'000;
inline constexpr std::int64_t kWeekMs = 7 * kDayMs;
// 1970-01-01 was a Thursday: the week containing it starts 3 days earlier.
inline constexpr std::int64_t kEpochAfterMondayMs = 3 * kDayMs;

// Division rounding toward minus infinity (local ms before 1970 are negative).
constexpr std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// A half-open span [start, end) of ms, start < end.
struct Span {
  std::int64_t start;
  std::int64_t end;
};

// Sorted, disjoint spans inside [0, length) with prefix sums: the open time
// of one repeating unit (a week, or one exceptional day).
class SpanTable {
 public:
  SpanTable() = default;
  // `spans` sorted by start and not overlapping; touching spans are merged.
  SpanTable(const std::vector<Span>& spans, std::int64_t length);

  // The spans not in this table, within [0, length).
  SpanTable Complement() const;

  std::int64_t length() const { return length_; }
  std::int64_t total() const { return cum_.back(); }
  std::vector<Span> spans() const;

  // Open ms in [0, x), for 0 <= x <= length.
  std::int64_t OpenBefore(std::int64_t x) const {
    const std::ptrdiff_t j = LastStartAtOrBefore(x);
    if (j < 0) return 0;
    return cum_[j] + std::min(x, end_[j]) - start_[j];
  }
  bool Contains(std::int64_t x) const {
    const std::ptrdiff_t j = LastStartAtOrBefore(x);
    return j >= 0 && x < end_[j];
  }
  // The smallest x with OpenBefore(x) >= r, for 0 < r <= total().
  std::int64_t EarliestReaching(std::int64_t r) const {
    const auto j = std::lower_bound(cum_.begin() + 1, cum_.end(), r) - (cum_.begin() + 1);
    return start_[j] + (r - cum_[j]);
  }
  // The largest x with OpenBefore(x) <= r, for 0 <= r < total().
  std::int64_t LatestAt(std::int64_t r) const {
    const auto j = std::upper_bound(cum_.begin() + 1, cum_.end(), r) - (cum_.begin() + 1);
    return start_[j] + (r - cum_[j]);
  }

 private:
  std::ptrdiff_t LastStartAtOrBefore(std::int64_t x) const {
    return (std::upper_bound(start_.begin(), start_.end(), x) - start_.begin()) - 1;
  }

  std::int64_t length_ = 0;
  std::vector<std::int64_t> start_;
  std::vector<std::int64_t> end_;
  std::vector<std::int64_t> cum_ = {0};  // cum_[j]: open ms before span j; back() = total
};

// A date whose hours replace its weekday's (a holiday has no spans).
struct ExceptionalDay {
  std::int64_t day;  // days since 1970-01-01 (local)
  SpanTable hours;   // within [0, kDayMs)
};

class LocalSchedule {
 public:
  // Returned by the inverses when the schedule never reaches the target.
  static constexpr std::int64_t kNever = INT64_MAX;

  LocalSchedule() = default;
  // `week`: spans in ms after Monday 00:00, within [0, kWeekMs).
  // `exceptions`: sorted by day, no day twice.
  LocalSchedule(SpanTable week, std::vector<ExceptionalDay> exceptions);

  // The schedule of the closed time: every span and day complemented.
  LocalSchedule Complement() const;

  // W(local): open ms from a fixed origin up to `local` (only differences
  // of W carry meaning).
  std::int64_t OpenBefore(std::int64_t local) const {
    const std::int64_t day = FloorDiv(local, kDayMs);
    const std::size_t i = FirstExceptionAtOrAfter(day);
    if (i < days_.size() && days_[i] == day) {
      return day_start_[i] + exceptions_[i].hours.OpenBefore(local - day * kDayMs);
    }
    return Weekly(local) + shift_[i];
  }

  bool IsOpen(std::int64_t local) const {
    const std::int64_t day = FloorDiv(local, kDayMs);
    const std::size_t i = FirstExceptionAtOrAfter(day);
    if (i < days_.size() && days_[i] == day) {
      return exceptions_[i].hours.Contains(local - day * kDayMs);
    }
    const std::int64_t in_week = local + kEpochAfterMondayMs;
    return week_.Contains(in_week - FloorDiv(in_week, kWeekMs) * kWeekMs);
  }

  // The smallest local with OpenBefore(local) >= x, or kNever. Requires that
  // some earlier local has OpenBefore < x (callers start from a known point).
  std::int64_t EarliestReaching(std::int64_t x) const;
  // The largest local with OpenBefore(local) <= x, or kNever.
  std::int64_t LatestAt(std::int64_t x) const;

 private:
  // Open ms of the weekly hours alone, from Monday 1969-12-29 00:00 local.
  std::int64_t Weekly(std::int64_t local) const {
    const std::int64_t in_week = local + kEpochAfterMondayMs;
    const std::int64_t weeks = FloorDiv(in_week, kWeekMs);
    return weeks * week_.total() + week_.OpenBefore(in_week - weeks * kWeekMs);
  }
  std::size_t FirstExceptionAtOrAfter(std::int64_t day) const {
    return std::lower_bound(days_.begin(), days_.end(), day) - days_.begin();
  }
  std::int64_t WeeklyEarliestReaching(std::int64_t x) const;
  std::int64_t WeeklyLatestAt(std::int64_t x) const;

  SpanTable week_;
  std::vector<ExceptionalDay> exceptions_;
  std::vector<std::int64_t> days_;       // exceptions_[i].day, for the search
  std::vector<std::int64_t> day_start_;  // W at exceptional day i's midnight
  std::vector<std::int64_t> day_end_;    // W at the following midnight
  // shift_[i]: how much exceptional days before i changed the open time
  // compared with their weekdays' hours (size days_.size() + 1).
  std::vector<std::int64_t> shift_ = {0};
};

}  // namespace csm::calendar_internal

#endif  // CSM_LIB_CALENDAR_LOCAL_SCHEDULE_H_
