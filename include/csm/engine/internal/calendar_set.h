// CalendarSet: which BusinessCalendar measures a ticket's business time.
//
// The ticket's group picks its calendar (config "group_calendars"), else the
// calendar named "default", else there is none and business time equals
// calendar time. Groups are looked up by interned id, so Create interns the
// configured group names.
#ifndef CSM_ENGINE_INTERNAL_CALENDAR_SET_H_
#define CSM_ENGINE_INTERNAL_CALENDAR_SET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/calendar/business_calendar.h"
#include "csm/engine/engine_config.h"
#include "csm/model/internal/intern_table.h"
#include "csm/time.h"

namespace csm {

class CalendarSet {
 public:
  // Compiles config.calendars (errors name the calendar) and interns the
  // group names of config.group_calendars.
  static absl::StatusOr<CalendarSet> Create(const EngineConfig& config, InternTable& interned);

  // Business time from a to b (a <= b) for a ticket of `group`.
  Millis Business(uint32_t group, Instant a, Instant b) const {
    const int index = CalendarOf(group);
    if (index < 0) return b - a;
    absl::StatusOr<Millis> d = calendars_[static_cast<size_t>(index)].Elapsed(a, b);
    // Elapsed fails only outside the supported range, which events never leave.
    return d.ok() ? *d : b - a;
  }

  // The instant after `d` of business time from t (before it, d < 0) for a
  // ticket of `group` (BusinessCalendar::Add): an SLA target's due instant.
  // kMaxInstant when the calendar never gets there (never open again).
  Instant AddBusiness(uint32_t group, Instant t, Millis d) const {
    const int index = CalendarOf(group);
    if (index < 0) return t + d;
    absl::StatusOr<Instant> u = calendars_[static_cast<size_t>(index)].Add(t, d);
    return u.ok() ? *u : kMaxInstant;
  }

  // The calendar index of a group; -1 when business time is calendar time.
  int CalendarOf(uint32_t group) const {
    return group < by_group_.size() ? by_group_[group] : default_index_;
  }
  bool empty() const { return calendars_.empty(); }
  // The compiled calendar of config.calendars[name]; null when none is named so.
  const BusinessCalendar* Find(std::string_view name) const;

 private:
  std::vector<BusinessCalendar> calendars_;
  std::vector<std::string> names_;  // calendars_[i]'s name in config.calendars
  int default_index_ = -1;
  std::vector<int> by_group_;  // group id -> calendar index; shorter than the id space
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_CALENDAR_SET_H_
