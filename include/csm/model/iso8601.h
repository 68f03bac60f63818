// ISO-8601 instants as events and reports write them:
//   2026-11-02T09:30:00Z, 2026-11-02T09:30:00.250-05:00, 2026-11-02 09:30+0100
// An offset (or Z) is required: an instant without one is ambiguous.
#ifndef CSM_MODEL_ISO8601_H_
#define CSM_MODEL_ISO8601_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"

namespace csm {

// Parses "YYYY-MM-DD(T| )HH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM|±HH)". Fractions
// beyond milliseconds are truncated. InvalidArgument on anything else, and
// OutOfRange outside [kMinInstant, kMaxInstant].
absl::StatusOr<Instant> ParseIsoInstant(std::string_view text);

// "2026-11-02T09:30:00-05:00" in `zone` (null = UTC, written with "Z"); the
// milliseconds appear only when non-zero ("...:00.250-05:00").
std::string FormatIsoInstant(Instant t, const TimeZone* zone);

}  // namespace csm

#endif  // CSM_MODEL_ISO8601_H_
