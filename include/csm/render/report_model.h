// Reading a report in the JSON shape of docs/metrics.md §8: which value kind a
// metric has, the one number that sums it up, its change against the
// previous period, and a check that a document has the §8 shape at all.
// Every renderer (table, CSV, HTML) reads reports through these.
//
// Beyond §8's literal example the renderers read, when present:
//   row "previous": {metric: value of the preceding period, same shape}
//   row "change":   {metric: percent change of the headline number, or null}
//   "top_drivers":  [{"category", "count", "share"}] or {"items": [...]}
//   "volume_heatmap": {"counts": 7 rows (Monday first) × 24 hours} or the
//                     bare 7×24 array
#ifndef CSM_RENDER_REPORT_MODEL_H_
#define CSM_RENDER_REPORT_MODEL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace csm::render {

using Json = nlohmann::ordered_json;

enum class ValueKind { kNull, kCount, kDuration, kRate, kComposite };
ValueKind KindOf(const Json& value);

struct MetricInfo {
  std::string_view id;
  std::string_view label;  // "First reply time"
  // +1: higher is better, -1: lower is better, 0: neither (volumes).
  int polarity;
  // Durations: true when the metric is an average by definition (ASA, AHT),
  // so the mean sums it up; otherwise the median does.
  bool average;
  // "tickets", "contacts", "experience", "agent_states" or "" (none): a
  // count of a family with data is shown even when 0 (MetricIdsWithData).
  std::string_view family;
};
// Known §3–§6 metrics; any other id gets a label made from the id.
MetricInfo InfoFor(std::string_view id);

// The number a metric is summed up by: a count; a duration's median (or mean,
// see MetricInfo::average) in calendar or business seconds; a rate's value;
// csat/nps "score", ces "mean". nullopt when missing or not summable.
std::optional<double> Headline(std::string_view id, const Json& value, bool business = false);
// Headline formatted for its kind: "1h 23m", "87.5 %", "1,234".
std::string FormatHeadline(std::string_view id, const Json& value, bool business = false);

// The row's change for `id` in percent: its "change" entry, else computed
// from its "previous" entry; nullopt when neither gives a number.
std::optional<double> ChangeOf(const Json& row, std::string_view id, bool business = false);

// Metric ids of the report in first-seen order (row keys other than bucket,
// the group-by dimensions, "previous" and "change").
std::vector<std::string> MetricIds(const Json& report);

// Whether `value` of metric `id` in one row holds data: not null, not a
// zero count, not a composite whose ranked list is empty or whose total (or
// responses) is 0, and for cost_per_contact a cost.
bool HasData(std::string_view id, const Json& value);

// The metrics a report shows by default (docs/cli.md, "Only what the data
// has"): those with data in some row, and the counts of a family (tickets,
// contacts …) in which another metric has data. In report order.
std::vector<std::string> MetricIdsWithData(const Json& report);

// Whether some row holds `id` as a duration ({"calendar", "business"}).
bool IsDuration(const Json& report, std::string_view id);

// Whether the report's business time differs from its calendar time
// anywhere: a business calendar was configured and mattered.
bool HasBusinessTime(const Json& report);

// A customer history (docs/metrics.md §5: "customer", "tickets", "agents")
// rather than a §8 report.
bool IsCustomerHistory(const Json& doc);

// A customer history as two §8 reports the renderers draw: its tickets (one
// row, grain all) and its agents (group_by agent, most time first, with
// "time_with_customer" as a duration holding only totals).
std::vector<Json> CustomerHistoryReports(const Json& history);

// "2026-11-02 · alice" (bucket and dimension values, "(none)" for a null
// one; "all" for one row).
std::string RowLabel(const Json& report, const Json& row);

// The row's anomaly flag for count `id` ("high", "low"; query "anomalies"),
// nullopt when none.
std::optional<std::string> AnomalyOf(const Json& row, std::string_view id);

// True when the table, CSV or HTML of `report` would show no value: no
// rows, or no metric to show (with data, unless `all_metrics`).
bool RendersNothing(const Json& report, bool all_metrics);

// The report's range for a heading: "FROM → TO"; a side left open is the
// first / last event the report carries ("first event 2026-11-02T09:00:00Z"),
// and an open range says so: "… (open range: first and last event)".
std::string RangeText(const Json& report);

// OK when `report` has the §8 shape: from/to (string or null), timezone,
// grain, group_by, rows (bucket, dimension values, metric values of the
// §8 kinds), rejected {count, reasons}. The message names the first problem
// with a JSON path ("rows[3].csat: ...").
absl::Status ValidateReport(const Json& report);

// A report document as `csm render` reads it: parsed under the JSON policy
// of csm/model/internal/json_limits.h (nesting, bounded messages), then validated.
// `source` (a file name) starts every message.
absl::StatusOr<Json> ParseReport(std::string_view text, std::string_view source);

}  // namespace csm::render

#endif  // CSM_RENDER_REPORT_MODEL_H_
