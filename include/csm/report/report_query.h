// A report query (docs/metrics.md §9):
//   {"from": "2026-11-02T00:00:00-05:00", "to": "2026-11-09T00:00:00-05:00",
//    "timezone": "America/New_York", "grain": "day", "group_by": ["agent"],
//    "metrics": ["first_reply_time"], "compare": "previous",
//    "filter": {"channel": ["email", "chat"]}}
// Every key is optional: `from` (inclusive) / `to` (exclusive) default to
// everything; `timezone` to the engine's; `grain` to "all" (one row per
// group); `group_by` to none; `metrics` to all. `from` / `to` may also be a
// date ("2026-11-02": local midnight in the query's zone) or epoch ms.
// "view": i takes group_by, grain and timezone from the engine config's
// i-th view (and may not be combined with them). "calendar": a calendar name
// of the engine config for business_day_volume. "group_by" may also name
// "weekday" and "hour_of_day": dimensions of the bucket, not the ticket —
// the local weekday ("mon" … "sun") and hour (0–23) in the query's zone,
// with any grain; they need a view of day (weekday) or hour (hour_of_day)
// grain or finer. Unknown keys are errors.
#ifndef CSM_REPORT_REPORT_QUERY_H_
#define CSM_REPORT_REPORT_QUERY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/accum/grain.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/metric.h"
#include "csm/model/field.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"
#include "date/date.h"

namespace csm::report {

// Group-by dimensions read from the bucket's local time (query zone).
enum class TimeDim : uint8_t { kWeekday, kHourOfDay };
std::string_view TimeDimName(TimeDim d);  // "weekday", "hour_of_day"
// Weekday names, Monday first (ISO): the values of the weekday dimension.
inline constexpr std::string_view kWeekdayNames[7] = {"mon", "tue", "wed", "thu",
                                                      "fri", "sat", "sun"};

struct ReportQuery {
  std::optional<Instant> from;
  std::optional<Instant> to;
  std::string timezone = "UTC";
  const TimeZone* zone = nullptr;
  Grain grain = Grain::kAll;
  std::vector<Field> group_by;  // canonical order
  // sla_policy / sla_metric (in that order), after group_by in rows: only
  // the SLA metrics are defined for them (others are refused).
  std::vector<SlaDim> sla_group_by;
  // Local weekday / hour of day, after the SLA dimensions in rows and JSON,
  // weekday first.
  std::vector<TimeDim> time_group_by;
  bool grouped() const {
    return !group_by.empty() || !sla_group_by.empty() || !time_group_by.empty();
  }
  std::vector<Metric> metrics;  // in report order; never empty once parsed
  // No "metrics" in the query: every metric of a view that keeps all, else
  // the metrics the answering view keeps.
  bool all_metrics = false;
  bool compare_previous = false;
  // "anomalies": true — each row's counts scored against the same slot of
  // the spike_weeks weeks before (baseline.h); needs a grain other than all.
  bool anomalies = false;
  // Dimension -> accepted values (names), in canonical dimension order.
  std::vector<std::pair<Field, std::vector<std::string>>> filter;
  bool has_filter() const { return !filter.empty(); }
  // The business calendar of business_day_volume (a name in the engine
  // config's "calendars"); nullopt: "default" when configured.
  std::optional<std::string> calendar;
  // At most this many rows (buckets × groups); more is RESOURCE_EXHAUSTED
  // instead of a report that could exhaust memory. Query key "max_rows".
  uint64_t max_rows = kDefaultMaxRows;
  static constexpr uint64_t kDefaultMaxRows = 1'000'000;
  static constexpr uint64_t kMostMaxRows = 100'000'000;

  static absl::StatusOr<ReportQuery> FromJson(std::string_view json, const EngineConfig& config);
  static absl::StatusOr<ReportQuery> FromJson(const char* json, const EngineConfig& config) {
    return FromJson(std::string_view(json), config);
  }
  static absl::StatusOr<ReportQuery> FromJson(const nlohmann::json& json,
                                              const EngineConfig& config);
};

}  // namespace csm::report

#endif  // CSM_REPORT_REPORT_QUERY_H_
