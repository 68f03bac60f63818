#include "lib/calendar/zone_offsets.h"

#include <chrono>
#include <exception>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "csm/time.h"
#include "date/tz.h"

namespace csm::calendar_internal {

// The zone name must be one of the tz database's (date::locate_zone knows
// exactly those, links included). The periods come from Abseil's time zone
// code reading the same system tzdata: Debian's date (USE_OS_TZDB) stops at
// a zone's last recorded transition (2037 for most zones) and ignores the
// rule that continues DST after it, while Abseil's cctz extends it. Both
// agree transition for transition before that (tests/calendar checks it).
absl::StatusOr<ZoneOffsets> ZoneOffsets::Load(const std::string& name) {
  const auto unknown = [&] {
    return absl::InvalidArgumentError("timezone: unknown time zone \"" + name +
                                      "\" (expected an IANA name like \"America/New_York\")");
  };
  if (name.empty()) return unknown();
  try {
    if (date::locate_zone(name) == nullptr) return unknown();
  } catch (const std::exception&) {  // date reports an unknown name by throwing
    return unknown();
  }
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(name, &zone)) return unknown();

  const absl::Time first = absl::FromUnixMillis(ToEpochMs(kMinInstant));
  const absl::Time last = absl::FromUnixMillis(ToEpochMs(kMaxInstant));
  ZoneOffsets result;
  result.begin_ms_.push_back(ToEpochMs(kMinInstant));
  result.offset_ms_.push_back(std::int64_t{zone.At(first).offset} * 1000);
  absl::Time at = first;
  absl::TimeZone::CivilTransition transition;
  while (zone.NextTransition(at, &transition)) {
    const absl::Time when = zone.At(transition.to).trans;
    if (when <= at || when > last) break;
    const std::int64_t offset_ms = std::int64_t{zone.At(when).offset} * 1000;
    if (offset_ms != result.offset_ms_.back()) {  // only offset changes matter here
      result.begin_ms_.push_back(absl::ToUnixMillis(when));
      result.offset_ms_.push_back(offset_ms);
    }
    at = when;
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
