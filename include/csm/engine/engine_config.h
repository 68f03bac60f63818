// The engine's JSON configuration (docs/metrics.md §9): report time zone,
// business calendars, the calendar of each group, views and options.
// Every key is optional; unknown keys are errors, never ignored.
#ifndef CSM_ENGINE_ENGINE_CONFIG_H_
#define CSM_ENGINE_ENGINE_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/accum/grain.h"
#include "csm/engine/metric_set.h"
#include "csm/engine/sla_policy.h"
#include "csm/model/field.h"
#include "csm/time.h"

namespace csm {

enum class FirstReplyStart : uint8_t { kCreated, kLastHandoff };
enum class FcrPolicy : uint8_t { kOneTouch, kFirstReplySolves, kNoFollowup };
enum class Attribution : uint8_t { kCompleted, kCreated };
enum class ServiceLevelDenominator : uint8_t { kAnsweredPlusLateAbandons, kOffered };

// "options" of the config. Durations are seconds in JSON, Millis here.
// The target of the staffing metric (issue 23; docs/staffing.md), in
// percentages and seconds as everywhere in config.
struct StaffingOptions {
  enum class Model : uint8_t { kErlangC, kErlangA };
  double service_level = 80;  // % answered within threshold_s
  double threshold_s = 20;
  std::optional<double> max_occupancy;  // %; none by default
  double shrinkage = 0;                 // % of paid time off contacts
  Model model = Model::kErlangC;
  bool operator==(const StaffingOptions&) const = default;
};

struct EngineOptions {
  FirstReplyStart first_reply_start = FirstReplyStart::kCreated;
  FcrPolicy fcr = FcrPolicy::kOneTouch;
  std::vector<double> histogram_edges = {3600, 7200, 21600, 43200, 86400, 172800};  // seconds
  Attribution attribution = Attribution::kCompleted;
  Millis allowed_lateness{0};
  Millis reopen_window{Millis{2592000LL * 1000}};  // 30 days
  // Used by the experience and contact-center metrics (docs/metrics.md §4–§6).
  int csat_satisfied_min = 4;
  Millis repeat_window{Millis{604800LL * 1000}};  // 7 days
  Millis service_level_threshold{Millis{20 * 1000}};
  ServiceLevelDenominator service_level_denominator =
      ServiceLevelDenominator::kAnsweredPlusLateAbandons;
  Millis short_abandon{0};
  // Experience metrics (docs/metrics-experience.md).
  int csat_scale = 5;             // csat ratings are integers 1..csat_scale
  int csat_dissatisfied_max = 2;  // dissatisfied: value <= this
  // anomaly: |count - baseline median| > spike_sigma * the robust spread
  // (1.4826 MAD, floored at sqrt(median) and 1; report/baseline.h); a spike
  // is the high side
  double spike_sigma = 3.0;
  int spike_weeks = 4;       // trailing weeks of the same hour of week in the baseline
  int top_k = 10;            // entries of workflow_usage and top_drivers
  StaffingOptions staffing;  // the staffing metric's target
  // Limits (docs/reliability.md): reaching one rejects the event as
  // limit_exceeded instead of growing without bound.
  uint64_t max_open_tickets = 10'000'000;     // live tickets (about 200 bytes each)
  uint32_t max_distinct_values = 10'000'000;  // names per field (agents, customers, tickets …)
  // How long a released ticket's key is remembered (so its late events are
  // ticket_released, not unknown_ticket); after that it is forgotten and
  // memory stays bounded on an endless stream.
  Millis forget_released_after{Millis{90LL * 86400 * 1000}};  // 90 days

  bool operator==(const EngineOptions&) const = default;
};

// A view: group-by dimensions x time grain x time zone, keeping the metrics
// listed in its "metrics" (default: all). Samples of other metrics are not
// recorded in it, and reports do not read them from it.
struct ViewSpec {
  std::vector<Field> group_by;  // dimensions, in canonical (Field) order, no repeats
  // The SLA dimensions (sla_policy, sla_metric), in that order: they split
  // the SLA metrics' samples only (sla_policy.h SlaDim).
  std::vector<SlaDim> sla_group_by;
  Grain grain = Grain::kHour;
  std::string timezone = "UTC";
  MetricSet metrics = MetricSet::All();
  // At most this many groups (distinct values of group_by) in the view: an
  // event that would add one more is rejected as limit_exceeded
  // (docs/reliability.md "Limits").
  uint64_t max_groups = kDefaultMaxGroups;
  static constexpr uint64_t kDefaultMaxGroups = 1'000'000;
  static constexpr uint64_t kMostMaxGroups = 1'000'000'000;

  bool Has(Field f) const;
  bool Has(SlaDim d) const;
  // Same dimensions, grain and zone (the metrics aside).
  bool SameShape(const ViewSpec& o) const {
    return group_by == o.group_by && sla_group_by == o.sla_group_by && grain == o.grain &&
           timezone == o.timezone;
  }
  bool operator==(const ViewSpec&) const = default;
};

struct EngineConfig {
  std::string timezone = "UTC";                         // default zone of views and reports
  nlohmann::json calendars = nlohmann::json::object();  // name -> calendar spec
  std::map<std::string, std::string> group_calendars;   // group name -> calendar name
  std::vector<ViewSpec> views;                          // never empty once parsed
  EngineOptions options;
  std::vector<SlaPolicy> sla_policies;  // ordered: the first that matches applies (sla_policy.h)

  // Parses and checks the config ("" or "{}" gives the defaults). Calendar
  // specs are compiled (and so checked) by CalendarSet::Create.
  static absl::StatusOr<EngineConfig> FromJson(std::string_view json);
  static absl::StatusOr<EngineConfig> FromJson(const char* json) {
    return FromJson(std::string_view(json));
  }
  static absl::StatusOr<EngineConfig> FromJson(const nlohmann::json& json);
  // The canonical JSON form, with every default spelled out; FromJson(ToJson())
  // gives the same config. Engines merge only when these agree.
  nlohmann::json ToJson() const;
};

// Checks an IANA zone name against the system tz database.
absl::Status CheckTimeZone(std::string_view name);

}  // namespace csm

#endif  // CSM_ENGINE_ENGINE_CONFIG_H_
