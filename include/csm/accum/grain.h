// Time grains: the calendar buckets a time series is cut into (quarter
// hour, half hour, hour, day, ISO week starting Monday, month, or
// everything), in a report time zone.
//
// Buckets follow the zone's wall clock, DST included: a day is local
// midnight to local midnight, so the spring-forward day lasts 23 hours and
// the fall-back day 25, and each is one bucket. An hour is a local clock
// hour; the repeated hour of a fall-back is two buckets (one per UTC
// offset), and a bucket never spans a change of UTC offset. Half and
// quarter hours (contact centers plan in them) are local clock half and
// quarter hours, cut the same way, so they nest in hours even in zones
// offset by 30 or 45 minutes. Where midnight
// does not exist (DST at 00:00), the day starts at the first instant of the
// date. A null zone means UTC.
//
// Instants are clamped into [kMinInstant, kMaxInstant] (csm/time.h). Zone
// rules are csm::TimeZone's (the system tz database, with daylight saving
// time continuing after 2037 as its rules say).
#ifndef CSM_ACCUM_GRAIN_H_
#define CSM_ACCUM_GRAIN_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"

namespace csm {

// The values are serialized (TimeSeries): never renumber, only append.
enum class Grain : uint8_t {
  kHour = 0,
  kDay = 1,
  kWeek = 2,
  kMonth = 3,
  kAll = 4,
  kHalfHour = 5,
  kQuarterHour = 6,
};
inline constexpr Grain kLastGrain = Grain::kQuarterHour;

// "15min", "30min", "hour", "day", "week", "month", "all".
std::string_view GrainName(Grain grain);
std::optional<Grain> ParseGrain(std::string_view name);

// Grains by bucket length, shortest first: 15min 0, 30min 1, hour 2, day 3,
// week 4, month 5, all 6 (the enum's values are in order of addition).
int GrainRank(Grain grain);

// True when every `finer` bucket lies inside one `coarser` bucket, so
// rolling up by merge is exact (15min ⊂ 30min ⊂ hour ⊂ day ⊂ week,
// day ⊂ month, all ⊃ any; a week is not inside a month).
bool Nests(Grain finer, Grain coarser);

// The bucket [start, end) holding an instant. The kAll bucket is
// [Instant::min(), Instant::max()).
struct TimeBucket {
  Instant start;
  Instant end;
  bool operator==(const TimeBucket&) const = default;
};

TimeBucket BucketOf(Instant t, Grain grain, const TimeZone* tz);
inline Instant BucketStart(Instant t, Grain grain, const TimeZone* tz) {
  return BucketOf(t, grain, tz).start;
}

}  // namespace csm

#endif  // CSM_ACCUM_GRAIN_H_
