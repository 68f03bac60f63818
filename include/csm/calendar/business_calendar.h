// BusinessCalendar: exact business time and due dates in any time zone.
//
// A calendar is an IANA zone, weekly opening hours (any number of intervals
// per weekday, crossing midnight if need be), holidays and special days. The
// one rule: an instant is open iff its local wall-clock time (date, time of
// day) lies in a half-open interval [start, end) of that date's hours. DST
// follows from it: skipped wall time is never open, repeated wall time is
// open both times. docs/calendar.md has the spec and worked examples.
//
// Every query is exact to the millisecond and O(log n) whatever the span:
// G(t), the business ms since 1970, is a table lookup (see lib/calendar/), so
// Elapsed(a, b) = G(b) - G(a) and Add inverts G. Instants must lie in
// [kMinInstant, kMaxInstant] (1970-01-01 .. 2200-01-01 UTC).
//
// A calendar is immutable: copies share the compiled tables, and any number
// of threads may query one calendar at once.
#ifndef CSM_CALENDAR_BUSINESS_CALENDAR_H_
#define CSM_CALENDAR_BUSINESS_CALENDAR_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "csm/calendar/calendar_spec.h"
#include "csm/time.h"

namespace csm {

namespace calendar_internal {
struct CompiledCalendar;
}  // namespace calendar_internal

class BusinessCalendar {
 public:
  // Builds a calendar from its JSON spec (calendar_spec.h). Errors
  // (InvalidArgument) name the problem: bad JSON, unknown keys, a bad "HH:MM"
  // or date, "24:00" as a start, overlapping intervals, an unknown zone.
  static absl::StatusOr<BusinessCalendar> FromJson(std::string_view spec_json);
  static absl::StatusOr<BusinessCalendar> FromJson(const nlohmann::json& spec);
  // Text can also come as a std::string or a C string (both would otherwise be
  // ambiguous between the two overloads above).
  static absl::StatusOr<BusinessCalendar> FromJson(const std::string& spec_json) {
    return FromJson(std::string_view(spec_json));
  }
  static absl::StatusOr<BusinessCalendar> FromJson(const char* spec_json) {
    return FromJson(std::string_view(spec_json));
  }
  static absl::StatusOr<BusinessCalendar> FromSpec(const CalendarSpec& spec);
  // Open all the time, in UTC: business time equals elapsed time.
  static BusinessCalendar AlwaysOpen();

  // Business time from a to b; negative (-Elapsed(b, a)) when a > b.
  absl::StatusOr<Millis> Elapsed(Instant a, Instant b) const;
  // d > 0: the earliest u >= t with Elapsed(t, u) == d (landing exactly on a
  // closing time gives the closing time); d < 0: the latest u <= t with
  // Elapsed(u, t) == -d; d == 0: t. OutOfRange when the answer would lie
  // outside the supported range (which includes "never open again").
  absl::StatusOr<Instant> Add(Instant t, Millis d) const;
  absl::StatusOr<bool> IsOpen(Instant t) const;
  // The first instant >= t that is open (t itself when open). OutOfRange if
  // the calendar does not open again before kMaxInstant.
  absl::StatusOr<Instant> NextOpen(Instant t) const;
  // The first instant >= t that is closed (t itself when closed). OutOfRange
  // if the calendar does not close again before kMaxInstant.
  absl::StatusOr<Instant> NextClose(Instant t) const;

  // Bulk forms over epoch milliseconds (for the C ABI, numpy and columnar
  // callers): out[i] = Elapsed(start[i], end[i]) resp. Add(start[i],
  // business[i]). The sizes must agree; every input is checked before
  // anything is written, so on error `out` is untouched.
  absl::Status ElapsedMany(std::span<const std::int64_t> start_ms,
                           std::span<const std::int64_t> end_ms,
                           std::span<std::int64_t> out_ms) const;
  absl::Status AddMany(std::span<const std::int64_t> start_ms,
                       std::span<const std::int64_t> business_ms,
                       std::span<std::int64_t> out_ms) const;

  // The zone's IANA name, as given in the spec ("UTC" for AlwaysOpen).
  const std::string& timezone() const;

 private:
  explicit BusinessCalendar(std::shared_ptr<const calendar_internal::CompiledCalendar> compiled)
      : compiled_(std::move(compiled)) {}

  std::shared_ptr<const calendar_internal::CompiledCalendar> compiled_;
};

}  // namespace csm

#endif  // CSM_CALENDAR_BUSINESS_CALENDAR_H_
