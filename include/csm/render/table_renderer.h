// The `table` format: an aligned plain-text report for a terminal.
// Up to `max_transposed_rows` rows are printed one column per row and one
// line per metric (the usual "all metrics for this week" view); more rows
// print one line per row and one column per metric. Each cell is the
// metric's headline (report_model.h) and, when known, its change: "1h 23m ▲ 12 %".
#ifndef CSM_RENDER_TABLE_RENDERER_H_
#define CSM_RENDER_TABLE_RENDERER_H_

#include <cstddef>
#include <string>

#include "csm/render/report_model.h"

namespace csm::render {

struct TableOptions {
  // Durations in business time only. Otherwise calendar time, and business
  // time beside it when the report has any (HasBusinessTime).
  bool business = false;
  // Every metric of the report; otherwise only those with data
  // (MetricIdsWithData).
  bool all_metrics = false;
  std::size_t max_transposed_rows = 8;
};

// Display width of UTF-8 text (one column per code point).
std::size_t DisplayWidth(std::string_view text);

// One line summing up a composite value: the top 3 with shares ("Noise
// 41 %, Parking 10 %, (none) 3 %" for top_drivers), "peak Mon 10:00 (37)"
// for volume_heatmap, "IVR 40 (vru 75.0 %, menu 25.0 %), queue 12" for
// abandonment_by_step …; "n/a" where the data has none.
std::string SummarizeComposite(std::string_view id, const Json& value);

std::string RenderTable(const Json& report, const TableOptions& options = {});

}  // namespace csm::render

#endif  // CSM_RENDER_TABLE_RENDERER_H_
