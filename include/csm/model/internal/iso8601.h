// The one ISO-8601 codec of the library and the tools (events, reports,
// queries, calendars, imports):
//   2026-11-02T09:30:00Z, 2026-11-02T09:30:00.250-05:00, 2026-11-02 09:30+0100
// An instant needs an offset (or Z): a wall time without one is ambiguous,
// and only an importer that knows the export's zone may read one
// (ParseIsoDateTime, then the zone).
#ifndef CSM_MODEL_INTERNAL_ISO8601_H_
#define CSM_MODEL_INTERNAL_ISO8601_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm {

// A date-time as written: the wall clock and, when given, its UTC offset.
struct IsoDateTime {
  date::local_time<Millis> local;
  bool has_time = false;         // false: a date alone (midnight)
  std::optional<Millis> offset;  // nullopt: no offset written
};

// Parses "YYYY-MM-DD[(T|t| )HH:MM[:SS[(.|,)fraction]]][Z|±HH:MM|±HHMM|±HH]"
// exactly: no surrounding spaces, seconds 00..59 (no leap second), 1 to 9
// fraction digits (kept to the millisecond, truncated). InvalidArgument
// naming what was expected otherwise.
absl::StatusOr<IsoDateTime> ParseIsoDateTime(std::string_view text);

// An instant: ParseIsoDateTime with a time and an offset, in
// [kMinInstant, kMaxInstant] (OutOfRange otherwise).
absl::StatusOr<Instant> ParseIsoInstant(std::string_view text);

// "2026-11-02T09:30:00-05:00" at UTC offset `offset` (nullopt: UTC, written
// "Z"; a zero offset is written "+00:00"); the milliseconds appear only when
// non-zero ("...:00.250-05:00"). `out` must hold kIsoInstantBytes; returns
// the number of bytes written.
inline constexpr std::size_t kIsoInstantBytes = 40;
std::size_t FormatIsoInstant(Instant t, std::optional<Millis> offset, char* out);
// The same in `zone` (null = UTC, written with "Z").
std::string FormatIsoInstant(Instant t, const TimeZone* zone);

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_ISO8601_H_
