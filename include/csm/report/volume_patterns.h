// Volume patterns of tickets created (docs/metrics.md §5): the weekday x hour
// heatmap in the report's zone and the volume per business day of a
// calendar, each bucket with a spike flag. They are computed when a report
// runs, from the hourly tickets_created of an hour-grain view.
//
// Spike: a bucket's volume scores more than spike_sigma against its
// trailing baseline (baseline.h: median and floored MAD). The baseline of a
// local hour is the same hour of the week in each of the spike_weeks weeks
// before it; of a business day, the same weekday in those weeks when it was
// a business day too. Baseline buckets before the group's first data are
// left out (not taken as 0); with fewer than two left the flag is null.
// Every hour of the range is flagged, those without tickets too (as 0).
#ifndef CSM_REPORT_VOLUME_PATTERNS_H_
#define CSM_REPORT_VOLUME_PATTERNS_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "csm/calendar/business_calendar.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm::report {

struct SpikeOptions {
  double sigma = 3.0;
  int weeks = 4;
};

// value scores above sigma against the baseline by the robust rule of
// report/baseline.h (median, MAD floored); nullopt with < 2 baseline values.
std::optional<bool> IsSpike(double value, const std::vector<double>& baseline, double sigma);

struct Heatmap {
  // [weekday: 0 = Monday .. 6 = Sunday][local hour 0..23]
  std::array<std::array<uint64_t, 24>, 7> tickets{};
  // True when any occurrence of the weekday-hour in the range was a spike;
  // null when none had a baseline (or the range holds none).
  std::array<std::array<std::optional<bool>, 24>, 7> spike{};
  // How many local hours of the range fall on the weekday-hour: 0 is "no
  // data" (a range of three days holds no Friday), not 0 tickets.
  std::array<std::array<uint32_t, 24>, 7> hours{};
  // With a business calendar: true when it was closed throughout every
  // occurrence of the weekday-hour in the range.
  bool has_calendar = false;
  std::array<std::array<bool, 24>, 7> closed{};
  uint64_t total = 0;
};

struct BusinessDays {
  struct Day {
    date::year_month_day date;
    uint64_t tickets = 0;
    std::optional<bool> spike;
  };
  std::optional<std::string> calendar;  // nullopt: every day is a business day
  std::vector<Day> days;                // business days of the range, oldest first
  uint64_t total = 0;
};

struct VolumePatterns {
  Heatmap heatmap;
  BusinessDays business_days;
};

// Where business days come from.
struct BusinessDaySource {
  std::optional<std::string> name;
  const BusinessCalendar* calendar = nullptr;  // null: every day, in the report's zone
  const TimeZone* zone = nullptr;              // the calendar's zone
};

// `hourly`: tickets created per hour bucket (start, epoch ms) of one group,
// all its data before `end`; hours must be whole local hours of `zone`.
// Buckets of [start, end) make the patterns (kMinInstant / kMaxInstant: from
// / to the group's data); nullopt when no hour of the range has data.
std::optional<VolumePatterns> ComputeVolumePatterns(const std::map<int64_t, uint64_t>& hourly,
                                                    Instant start, Instant end,
                                                    const TimeZone* zone,
                                                    const BusinessDaySource& business,
                                                    const SpikeOptions& spikes);

}  // namespace csm::report

#endif  // CSM_REPORT_VOLUME_PATTERNS_H_
