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
// sorted by bucket, then by the dimension values. Missing data is null,
// except counts, which are 0.
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

struct Row {
  Instant bucket_start;                          // grain all: `from` (or kMinInstant)
  std::vector<std::optional<std::string>> dims;  // per query group_by; nullopt = absent
  Period current;
  std::optional<Period> previous;  // with compare: "previous"
};

struct Report {
  ReportQuery query;
  ViewSpec answered_by;
  std::vector<double> histogram_edges;
  std::vector<Row> rows;
  std::array<uint64_t, kRejectReasonCount + 1> rejected{};
  std::vector<std::string> step_names;  // IVR step id -> name (abandonment_by_step)
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
