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
  bool business = false;  // durations in business time instead of calendar time
  std::size_t max_transposed_rows = 8;
};

// Display width of UTF-8 text (one column per code point).
std::size_t DisplayWidth(std::string_view text);

// One line summing up a composite value: "Noise 41 %, Parking 10 %" for
// top_drivers, "peak Mon 10:00 (37)" for volume_heatmap; "" when unknown.
std::string SummarizeComposite(std::string_view id, const Json& value);

std::string RenderTable(const Json& report, const TableOptions& options = {});

}  // namespace csm::render

#endif  // CSM_RENDER_TABLE_RENDERER_H_
