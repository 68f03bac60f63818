// Reading and writing the timestamps that exports carry. Every parser reads
// the whole field and returns an Instant (UTC milliseconds) or an error that
// quotes the text and names the expected shape; callers add line numbers.
//
// Wall-clock formats are read in a Zone. A wall time repeated by a backward
// shift reads as its first occurrence; one skipped by a forward shift reads
// with the offset in force before the shift (02:30 in a spring-forward gap
// is 03:30 after it), as most databases do.
#ifndef CSM_IO_TIMESTAMP_H_
#define CSM_IO_TIMESTAMP_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm::io {

// An IANA time zone (or UTC) for wall-clock times. It caches the offset
// period of the last lookup, so one Zone must not be shared between threads.
class Zone {
 public:
  // "UTC" (also "Z", "Etc/UTC", "GMT") or any name in the system tz database.
  static absl::StatusOr<Zone> Find(std::string_view name);
  static Zone Utc() { return Zone(); }

  // The instant at which clocks in this zone showed `local`.
  Instant FromLocal(date::local_time<Millis> local) const;
  // The zone's UTC offset at `t`.
  std::chrono::seconds OffsetAt(Instant t) const;

  const std::string& name() const { return name_; }
  bool is_utc() const { return tz_ == nullptr; }

 private:
  Zone() = default;
  void Load(Instant t) const;

  const TimeZone* tz_ = nullptr;  // nullptr: UTC
  std::string name_ = "UTC";
  // The last offset period looked up, narrowed by a day at each end so any
  // wall time mapping inside it is unique (offset shifts are under a day).
  mutable Instant safe_begin_{};
  mutable Instant safe_end_{};
  mutable Millis offset_{0};
};

// ISO-8601 as csm/model/internal/iso8601.h reads it (surrounding spaces trimmed):
// "2016-02-29T01:16:00Z", "…T01:16:00.250+02:00", "… 01:16:00+0200",
// "…T01:16" (seconds optional), a date alone (midnight). Without an offset
// the text is read in `local_zone`, or rejected when that is null.
absl::StatusOr<Instant> ParseIso8601(std::string_view text, const Zone* local_zone = nullptr);

// Milliseconds since the Unix epoch, an integer.
absl::StatusOr<Instant> ParseEpochMillis(std::string_view text);

// "DD-MM-YYYY HH:MM" (":SS" optional), e.g. ServiceNow's "29-02-2016 01:16".
absl::StatusOr<Instant> ParseDayMonthYear(std::string_view text, const Zone& zone);

// "MM/DD/YYYY hh:mm:ss AM" or "… PM" (12-hour), or without AM/PM as 24-hour;
// NYC Open Data's "05/01/2022 12:00:03 AM".
absl::StatusOr<Instant> ParseUsDateTime(std::string_view text, const Zone& zone);

// "YYMMDD" (years 70–99 are 19xx, 00–69 are 20xx), e.g. "990201".
absl::StatusOr<date::local_days> ParseYymmdd(std::string_view text);

// "H:MM:SS" or "HH:MM:SS" since midnight, e.g. "7:02:47".
absl::StatusOr<std::chrono::seconds> ParseClock(std::string_view text);

// Any of the above shapes that stands alone: all digits → epoch ms;
// YYYY-MM-DD… → ISO-8601; DD-MM-YYYY → day-month-year; MM/DD/YYYY → US.
absl::StatusOr<Instant> ParseTimestamp(std::string_view text, const Zone& zone);

// Writes `t` as ISO-8601 with the offset `offset` ("Z" when zero), with
// milliseconds only when they are not zero (csm/model/internal/iso8601.h writes it).
// `out` must hold kIsoInstantBytes; returns the number written.
std::size_t FormatIso8601(Instant t, std::chrono::seconds offset, char* out);
std::string FormatIso8601(Instant t, const Zone& zone);

}  // namespace csm::io

#endif  // CSM_IO_TIMESTAMP_H_
