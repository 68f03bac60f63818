// A schedule seen through a zone's offset periods: G(t), the schedule's open
// milliseconds from kMinInstant up to instant t (internal to the calendar).
//
// Inside period p local time is t + offset_p, so G(t) = base_p + W(t +
// offset_p), where W is the schedule's open time on the local line and
// base_p is fixed by G being continuous at the period's start. G is
// continuous and non-decreasing in t, and inverting it is one search over the
// periods' starting values followed by W's own inverse.
#ifndef CSM_LIB_CALENDAR_TIMELINE_H_
#define CSM_LIB_CALENDAR_TIMELINE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lib/calendar/local_schedule.h"
#include "lib/calendar/zone_offsets.h"

namespace csm::calendar_internal {

class Timeline {
 public:
  Timeline(LocalSchedule schedule, const ZoneOffsets& zone);

  // G(t) for t in period p (p == zone.Find(t)).
  std::int64_t At(const ZoneOffsets& zone, std::size_t p, std::int64_t t) const {
    return base_[p] + schedule_.OpenBefore(t + zone.offset_ms(p));
  }
  bool IsOpen(const ZoneOffsets& zone, std::size_t p, std::int64_t t) const {
    return schedule_.IsOpen(t + zone.offset_ms(p));
  }
  // G(kMaxInstant): all the open time of the supported range.
  std::int64_t total() const { return total_; }

  // The earliest t with G(t) >= g, for 0 < g <= total().
  std::int64_t EarliestReaching(const ZoneOffsets& zone, std::int64_t g) const;
  // The latest t with G(t) <= g, for 0 <= g < total().
  std::int64_t LatestAt(const ZoneOffsets& zone, std::int64_t g) const;

  const LocalSchedule& schedule() const { return schedule_; }

 private:
  LocalSchedule schedule_;
  std::vector<std::int64_t> base_;      // per period: G(t) - W(t + offset)
  std::vector<std::int64_t> at_begin_;  // per period: G at its first instant
  std::int64_t total_ = 0;
};

}  // namespace csm::calendar_internal

#endif  // CSM_LIB_CALENDAR_TIMELINE_H_
