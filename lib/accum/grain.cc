// Wall-clock bucketing in an IANA zone. Only local->UTC conversions of local
// midnights happen here, always to the earliest instant with that wall time.
#include "csm/accum/grain.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace csm {
namespace {

using std::chrono::hours;

// All time: one bucket holding every other bucket, including days that start
// before 1970-01-01 UTC in zones east of it.
constexpr TimeBucket kAllTime{Instant::min(), Instant::max()};

Millis OffsetAt(Instant t, const TimeZone* tz) {
  return tz == nullptr ? Millis{0} : tz->OffsetAt(t);
}

date::local_days LocalDay(Instant t, const TimeZone* tz) {
  return date::floor<date::days>(date::local_time<Millis>{t.time_since_epoch() + OffsetAt(t, tz)});
}

// The first instant whose local date is `day`.
Instant StartOfDay(date::local_days day, const TimeZone* tz) {
  if (tz == nullptr) return Instant{day.time_since_epoch()};
  return tz->EarliestInstantOf(TimeZone::LocalTime{day.time_since_epoch()});
}

TimeBucket DaysFrom(date::local_days first, date::local_days next, const TimeZone* tz) {
  return {StartOfDay(first, tz), StartOfDay(next, tz)};
}

// The local clock hour, half hour or quarter hour (`length` divides an hour).
TimeBucket ClockPeriodOf(Instant t, std::chrono::minutes length, const TimeZone* tz) {
  auto floor_to = [length](Millis m) { return m - ((m % length) + length) % length; };
  if (tz == nullptr) {
    const Instant start{floor_to(t.time_since_epoch())};
    return {start, start + length};
  }
  // The local clock period, mapped back with t's own offset; clipped where
  // the offset changes so no bucket straddles two offsets.
  // Neighbouring periods always differ in offset (csm::TimeZone merges the
  // rest), so clipping at the period's ends is exact.
  const TimeZone::Period period = tz->PeriodAt(t);
  const Millis offset = period.offset;
  const Millis local_start = floor_to(t.time_since_epoch() + offset);
  TimeBucket bucket{Instant{local_start - offset}, Instant{local_start + length - offset}};
  bucket.start = std::max(bucket.start, period.begin);
  bucket.end = std::min(bucket.end, period.end);
  return bucket;
}

}  // namespace

std::string_view GrainName(Grain grain) {
  switch (grain) {
    case Grain::kHour:
      return "hour";
    case Grain::kDay:
      return "day";
    case Grain::kWeek:
      return "week";
    case Grain::kMonth:
      return "month";
    case Grain::kAll:
      return "all";
    case Grain::kHalfHour:
      return "30min";
    case Grain::kQuarterHour:
      return "15min";
  }
  return "unknown";
}

std::optional<Grain> ParseGrain(std::string_view name) {
  for (Grain g : {Grain::kQuarterHour, Grain::kHalfHour, Grain::kHour, Grain::kDay, Grain::kWeek,
                  Grain::kMonth, Grain::kAll}) {
    if (GrainName(g) == name) return g;
  }
  return std::nullopt;
}

int GrainRank(Grain g) {
  switch (g) {
    case Grain::kQuarterHour:
      return 0;
    case Grain::kHalfHour:
      return 1;
    case Grain::kHour:
      return 2;
    case Grain::kDay:
      return 3;
    case Grain::kWeek:
      return 4;
    case Grain::kMonth:
      return 5;
    case Grain::kAll:
      return 6;
  }
  return 6;
}

bool Nests(Grain finer, Grain coarser) {
  if (finer == coarser || coarser == Grain::kAll) return true;
  if (finer == Grain::kWeek && coarser == Grain::kMonth) return false;
  return GrainRank(finer) < GrainRank(coarser);
}

TimeBucket BucketOf(Instant t, Grain grain, const TimeZone* tz) {
  t = std::clamp(t, kMinInstant, kMaxInstant);
  switch (grain) {
    case Grain::kQuarterHour:
      return ClockPeriodOf(t, std::chrono::minutes{15}, tz);
    case Grain::kHalfHour:
      return ClockPeriodOf(t, std::chrono::minutes{30}, tz);
    case Grain::kHour:
      return ClockPeriodOf(t, std::chrono::minutes{60}, tz);
    case Grain::kDay: {
      const date::local_days day = LocalDay(t, tz);
      return DaysFrom(day, day + date::days{1}, tz);
    }
    case Grain::kWeek: {
      const date::local_days day = LocalDay(t, tz);
      const date::local_days monday =
          day - date::days{static_cast<int>(date::weekday{day}.iso_encoding()) - 1};  // Monday = 1
      return DaysFrom(monday, monday + date::days{7}, tz);
    }
    case Grain::kMonth: {
      const date::year_month_day ymd{LocalDay(t, tz)};
      const date::year_month month = ymd.year() / ymd.month();
      const date::year_month next = month + date::months{1};
      return DaysFrom(date::local_days{month / 1}, date::local_days{next / 1}, tz);
    }
    case Grain::kAll:
      return kAllTime;
  }
  return kAllTime;
}

}  // namespace csm
