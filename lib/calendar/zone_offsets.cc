#include "lib/calendar/zone_offsets.h"

#include <algorithm>

#include "absl/status/status.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"

namespace csm::calendar_internal {

// The periods are csm::TimeZone's (Abseil's reading of the system tzdata,
// which continues DST after 2037 where Debian's date stops), cut at kMinInstant.
absl::StatusOr<ZoneOffsets> ZoneOffsets::Load(const std::string& name) {
  absl::StatusOr<const TimeZone*> zone = TimeZone::Locate(name);
  if (!zone.ok()) {
    return absl::InvalidArgumentError("timezone: unknown time zone \"" + name +
                                      "\" (expected an IANA name like \"America/New_York\")");
  }
  ZoneOffsets result;
  for (size_t p = 0; p < (*zone)->period_count(); ++p) {
    const TimeZone::Period period = (*zone)->period(p);
    if (period.end <= kMinInstant) continue;
    result.begin_ms_.push_back(ToEpochMs(std::max(period.begin, kMinInstant)));
    result.offset_ms_.push_back(period.offset.count());
  }
  return result;
}

ZoneOffsets ZoneOffsets::Utc() {
  ZoneOffsets result;
  result.begin_ms_.push_back(ToEpochMs(kMinInstant));
  result.offset_ms_.push_back(0);
  return result;
}

}  // namespace csm::calendar_internal
