// Reports: a ReportQuery answered from the engine's views, and its JSON form
// (docs/metrics.md §8).
//
// The query is answered by the cheapest configured view that holds its
// group-by and filter dimensions and whose buckets nest in the query's
// buckets (in the query's zone) and start at `from` / `to`; its cells are
// merged per (query bucket, query group). No suitable view is an error that
// names the view to add.
//
// Rows: one per bucket of the range (every bucket, so a quiet day is a row
// of counts 0 and nulls) for each group with data (or open tickets) in it;
// sorted by bucket, then by the dimension values (weekdays Monday first,
// hours in order). Missing data is null, except counts, which are 0.
//
// Weekday and hour of day (ReportQuery::time_group_by) are read from each
// view bucket's local start in the query's zone; a view whose buckets do not
// each lie in one local day (hour) cannot answer. A group of a weekday or
// hour has rows only in the buckets that hold that weekday or hour (grain
// day by weekday: one row a day), and no backlog (open tickets at a
// bucket's end belong to no weekday).
#ifndef CSM_REPORT_REPORT_H_
#define CSM_REPORT_REPORT_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/engine/metric_cell.h"
#include "csm/model/reject_reason.h"
#include "csm/report/baseline.h"
#include "csm/report/experience_json.h"
#include "csm/report/report_query.h"
#include "csm/report/report_value.h"
#include "csm/report/volume_patterns.h"

namespace csm::report {

// The values of one bucket of one group.
struct Period {
  std::optional<MetricCell> cell;     // nullopt: no sample at all
  std::optional<int64_t> backlog;     // open tickets at the bucket's end; nullopt: none ever seen
  std::optional<int64_t> sla_active;  // open SLA target instances at the bucket's end; likewise
  // volume_heatmap / business_day_volume: nullopt without data or without an
  // hour-grain view.
  std::optional<VolumePatterns> volume;
};

// A count of a row against its baseline (query "anomalies"): the same
// bucket of each of the spike_weeks weeks before (months for grain month),
// from the same view and group; buckets before the group's first data are
// left out, quiet ones count 0. No score with fewer than two.
struct CountAnomaly {
  Metric metric;
  std::optional<BaselineScore> score;
  std::optional<Anomaly> flag;  // beyond spike_sigma
};

struct Row {
  Instant bucket_start;  // grain all: `from` (or kMinInstant)
  // Per query group_by (nullopt = absent), then per time_group_by ("mon",
  // "9"; never absent).
  std::vector<std::optional<std::string>> dims;
  Period current;
  std::optional<Period> previous;       // with compare: "previous"
  std::vector<CountAnomaly> anomalies;  // with "anomalies": per count metric asked
};

struct Report {
  ReportQuery query;
  ViewSpec answered_by;
  std::vector<double> histogram_edges;
  std::vector<Row> rows;
  std::array<uint64_t, kRejectReasonCount + 1> rejected{};
  std::vector<std::string> step_names;  // IVR step id -> name (abandonment_by_step)
  // The engine's earliest and latest accepted event times (nullopt without
  // events): the JSON of a range open on either side says where the data
  // starts and ends ("first_event", "last_event").
  std::optional<Instant> first_event, last_event;
  // For the experience metrics' JSON.
  EngineOptions options;
  std::shared_ptr<const HashedNames> hashed_names;
};

absl::StatusOr<Report> Build(const Engine& engine, const ReportQuery& query);

// The value of metric `m` in `period` (a row's current or previous period)
// of `report`; std::monostate where the report says null. `bucket_length`:
// the row's bucket (0 for grain all), for staffing.
MetricValue ValueOf(const Report& report, const Period& period, Metric m,
                    Millis bucket_length = Millis{0});

// The JSON report of docs/metrics.md §8.
nlohmann::ordered_json ToJson(const Report& report);

// Query JSON -> report JSON text, in one call (the C ABI's entry point). A
// query with "customer_history" answers that query (customer_history.h), one
// with "forecast" the staffing forecast (staffing_forecast.h).
absl::StatusOr<std::string> RunJson(const Engine& engine, std::string_view query_json);

// The label of a bucket: "2026-11-02T13:00:00-05:00" (hour), "2026-11-02"
// (day), "2026-W45" (ISO week), "2026-11" (month), "all".
std::string BucketLabel(Instant start, Grain grain, const TimeZone* zone);

}  // namespace csm::report

#endif  // CSM_REPORT_REPORT_H_
