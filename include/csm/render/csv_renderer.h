// The `csv` format: one line per report row; columns bucket, the group-by
// dimensions, then every metric flattened to dotted names
// (first_reply_time.calendar.p50, abandonment_rate.value, csat.score …;
// histograms and distributions are left out), then change.<metric>.
// Missing values are empty cells; a null group-by value is "(none)". RFC
// 4180 quoting. Only the metrics with data (MetricIdsWithData) unless
// `all_metrics`.
#ifndef CSM_RENDER_CSV_RENDERER_H_
#define CSM_RENDER_CSV_RENDERER_H_

#include <string>

#include "csm/render/report_model.h"

namespace csm::render {

std::string RenderCsv(const Json& report, bool all_metrics = false);

}  // namespace csm::render

#endif  // CSM_RENDER_CSV_RENDERER_H_
