// csm staffing's output: the staffing forecast JSON (the report call's
// "forecast" answer, report/staffing_forecast.h) as a text table, CSV or a
// self-contained HTML page (a heatmap of agents to schedule, weekday ×
// interval, and the backtest's forecast against actual volume).
#ifndef CSM_RENDER_STAFFING_RENDERER_H_
#define CSM_RENDER_STAFFING_RENDERER_H_

#include <string>
#include <string_view>

#include "csm/render/report_model.h"

namespace csm::render {

// Per forecast week, a grid of agents to schedule: a row per interval
// (from the first to the last with forecast volume on any day), a column
// per day; then the backtest's WAPE beside seasonal-naive.
std::string StaffingTable(const Json& forecast);

// One row per forecast interval: start, weekday, time, offered, aht,
// erlangs, agents, scheduled, service_level, occupancy, holiday.
std::string StaffingCsv(const Json& forecast);

// The page: the target and history, a heatmap per forecast week and, with
// a backtest, a chart of actual, forecast and seasonal-naive volume.
std::string StaffingHtml(const Json& forecast, std::string_view title);

}  // namespace csm::render

#endif  // CSM_RENDER_STAFFING_RENDERER_H_
