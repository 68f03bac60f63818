// A time zone as the list of its UTC-offset periods over the supported range
// (internal to the calendar). Inside one period, local wall-clock time is the
// instant plus a constant, so no query ever converts local time back to UTC:
// skipped wall time (a DST gap) belongs to no period and repeated wall time
// (a fold) to two, which is exactly the calendar's open-iff-wall-clock rule.
#ifndef CSM_LIB_CALENDAR_ZONE_OFFSETS_H_
#define CSM_LIB_CALENDAR_ZONE_OFFSETS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace csm::calendar_internal {

class ZoneOffsets {
 public:
  // The periods of an IANA zone from kMinInstant to kMaxInstant.
  // Unknown names are an InvalidArgument error naming the zone.
  static absl::StatusOr<ZoneOffsets> Load(const std::string& name);
  // UTC: one period.
  static ZoneOffsets Utc();

  std::size_t size() const { return begin_ms_.size(); }
  // Period p covers [begin_ms(p), begin_ms(p + 1)); the last one ends at kMaxInstant.
  std::int64_t begin_ms(std::size_t p) const { return begin_ms_[p]; }
  std::int64_t offset_ms(std::size_t p) const { return offset_ms_[p]; }

  // The period containing instant t (epoch ms, kMinInstant <= t <= kMaxInstant).
  std::size_t Find(std::int64_t t) const {
    return (std::upper_bound(begin_ms_.begin(), begin_ms_.end(), t) - begin_ms_.begin()) - 1;
  }

 private:
  std::vector<std::int64_t> begin_ms_;   // begin_ms_[0] == kMinInstant
  std::vector<std::int64_t> offset_ms_;  // local = utc + offset
};

}  // namespace csm::calendar_internal

#endif  // CSM_LIB_CALENDAR_ZONE_OFFSETS_H_
