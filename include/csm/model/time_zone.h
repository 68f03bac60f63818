// An IANA time zone as the list of its UTC-offset periods over the supported
// range, for everything that turns instants into wall-clock time: view
// buckets, report labels and bounds, heatmaps, imports of local times.
//
// Why not date::time_zone: Debian's date library reads the system tzdata
// (USE_OS_TZDB) and stops at a zone's last recorded transition, 2037 for
// most zones, ignoring the rule that continues daylight saving time after
// it: it puts July 2040 in New York on EST. Abseil's time zone code (cctz)
// reads the same files and applies that rule, so the periods come from it.
// The business calendar uses the same periods (lib/calendar/zone_offsets).
#ifndef CSM_MODEL_TIME_ZONE_H_
#define CSM_MODEL_TIME_ZONE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm {

class TimeZone {
 public:
  using LocalTime = date::local_time<Millis>;

  // A stretch of time with one UTC offset: local = instant + offset on
  // [begin, end). The first period starts at Instant::min() and the last
  // ends at Instant::max().
  struct Period {
    Instant begin;
    Instant end;
    Millis offset;
  };

  // What a wall-clock time means in the zone: one instant (unique), two
  // (ambiguous: the clocks went back; `first` is the earlier), or none
  // (nonexistent: the clocks jumped over it; `first` is the period before
  // the gap, `second` the one after).
  struct LocalInfo {
    enum Kind { kUnique, kAmbiguous, kNonexistent };
    Kind kind;
    Period first;
    Period second;  // kUnique: equal to first
  };

  // The zone named `name`: any name of the system tz database (links
  // included, e.g. "US/Eastern"), loaded once per process; the pointer stays
  // valid for the life of the process and the zone may be used from any
  // thread. NotFound for an unknown name.
  static absl::StatusOr<const TimeZone*> Locate(std::string_view name);
  // UTC: one period, offset 0 (the same object as Locate("UTC")).
  static const TimeZone* Utc();

  const std::string& name() const { return name_; }

  // The period holding `t`, and its offset.
  Period PeriodAt(Instant t) const;
  Millis OffsetAt(Instant t) const { return PeriodAt(t).offset; }
  LocalTime ToLocal(Instant t) const { return LocalTime{t.time_since_epoch() + OffsetAt(t)}; }

  LocalInfo InfoOf(LocalTime local) const;
  // The earliest instant the clocks showed `local`; for a wall time in a
  // gap, the instant the gap begins (as date's choose::earliest).
  Instant EarliestInstantOf(LocalTime local) const;

  // All periods, oldest first: offsets differ between neighbours.
  size_t period_count() const { return begin_.size(); }
  Period period(size_t p) const;

 private:
  TimeZone(std::string name, std::vector<Instant> begin, std::vector<Millis> offset)
      : name_(std::move(name)), begin_(std::move(begin)), offset_(std::move(offset)) {}

  std::string name_;
  std::vector<Instant> begin_;  // begin_[0] == Instant::min()
  std::vector<Millis> offset_;
};

}  // namespace csm

#endif  // CSM_MODEL_TIME_ZONE_H_
