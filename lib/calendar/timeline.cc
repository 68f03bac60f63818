#include "lib/calendar/timeline.h"

#include <algorithm>
#include <utility>

#include "csm/time.h"

namespace csm::calendar_internal {

Timeline::Timeline(LocalSchedule schedule, const ZoneOffsets& zone)
    : schedule_(std::move(schedule)) {
  std::int64_t g = 0;  // G at the start of the period being added
  for (std::size_t p = 0; p < zone.size(); ++p) {
    const std::int64_t begin = zone.begin_ms(p);
    if (p > 0) g = At(zone, p - 1, begin);  // where the previous period's G arrives
    at_begin_.push_back(g);
    base_.push_back(g - schedule_.OpenBefore(begin + zone.offset_ms(p)));
  }
  total_ = At(zone, zone.size() - 1, ToEpochMs(kMaxInstant));
}

std::int64_t Timeline::EarliestReaching(const ZoneOffsets& zone, std::int64_t g) const {
  // The last period that starts below g holds the answer (or ends on it).
  const std::size_t p =
      (std::lower_bound(at_begin_.begin(), at_begin_.end(), g) - at_begin_.begin()) - 1;
  const std::int64_t local = schedule_.EarliestReaching(g - base_[p]);
  return local == LocalSchedule::kNever ? local : local - zone.offset_ms(p);
}

std::int64_t Timeline::LatestAt(const ZoneOffsets& zone, std::int64_t g) const {
  // The last period that starts at or below g holds the answer.
  const std::size_t p =
      (std::upper_bound(at_begin_.begin(), at_begin_.end(), g) - at_begin_.begin()) - 1;
  const std::int64_t local = schedule_.LatestAt(g - base_[p]);
  return local == LocalSchedule::kNever ? local : local - zone.offset_ms(p);
}

}  // namespace csm::calendar_internal
