// The staffing forecast and plan (issue 23; docs/staffing.md, "Forecast"),
// through the report call:
//
//   {"forecast": {"weeks": 1, "grain": "30min", "backtest_weeks": 1,
//                 "calendar": "default", "staffing": {"service_level": 80, …}},
//    "from": …, "to": …, "timezone": …, "filter": {…}}
//
// answers with
//
//   {"timezone", "grain", "interval_s", "method",
//    "history": {"from", "to", "weeks", "excluded_days": ["2026-12-25", …],
//                "unobserved_days": […]},
//    "aht_source": "handle_time" | "talk_time" | null, "patience",
//    "staffing": {the target, percentages},
//    "intervals": [{"start", "weekday", "time", "offered", "aht", "erlangs",
//                   "agents", "scheduled", "service_level", "occupancy",
//                   "holiday"}, …],
//    "backtest": null | {"from", "to", "weeks", "wape", "naive_wape",
//                        "intervals": [{"start", "weekday", "time", "actual",
//                                       "forecast", "naive", "excluded"}, …]}}
// ("excluded": a holiday or a day after the data, left out of the WAPE).
//
// The history is whole weeks (local days of the query's zone): with "to",
// the last whole weeks before it; otherwise from "from" or the first day
// with data, the last week rounded up, its days after the last day with
// data "unobserved" (left out as holidays are, not taken as 0). Measured per
// interval (contacts_queued; handle_time, or talk_time
// where no handle time was measured) from a view of the grain. Days the
// calendar lists as holidays are left out of the baseline and of the WAPE.
// "intervals" forecast the `weeks` weeks after the history and plan each
// with the staffing target (options.staffing, keys overridden by
// "staffing"). With backtest_weeks B the last B weeks are held out,
// forecast from the weeks before and compared with what came (WAPE, %)
// beside the seasonal-naive forecast (the same interval the week before).
#ifndef CSM_REPORT_STAFFING_FORECAST_H_
#define CSM_REPORT_STAFFING_FORECAST_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"

namespace csm::report {

absl::StatusOr<nlohmann::ordered_json> StaffingForecast(const Engine& engine,
                                                        const nlohmann::json& query);

}  // namespace csm::report

#endif  // CSM_REPORT_STAFFING_FORECAST_H_
