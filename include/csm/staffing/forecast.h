// Forecast of offered contacts and handle time per interval of the week from
// whole weeks of measured history (issue 23; docs/staffing.md, "Forecast").
//
// Method: for each interval of the week, the baseline is the mean of the same
// interval in the trailing weeks (at most `trailing_weeks`; with 5 or more,
// the highest and the lowest are dropped: a trimmed mean), leaving out
// intervals marked `excluded` (calendar holidays). A damped linear trend
// scales it: each trailing week's level is its volume over the baseline's
// (on its included intervals), a least-squares line through those levels
// gives the weekly growth g, and the forecast h weeks after the window's
// centre is baseline × (1 + damping·g·h), the factor clamped to
// [1 − max_trend, 1 + max_trend]. Handle time: the handle time of the same
// interval pooled over the window, shrunk towards the window's overall AHT
// with the weight of `aht_prior_contacts` contacts, so a quiet interval with
// two long calls does not plan for them.
#ifndef CSM_STAFFING_FORECAST_H_
#define CSM_STAFFING_FORECAST_H_

#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"

namespace csm::staffing {

// One measured interval.
struct IntervalHistory {
  double offered = 0;     // contacts offered (>= 0)
  double handle_s = 0;    // total handle time of the contacts handled, seconds (>= 0)
  double handled = 0;     // contacts handled (>= 0)
  bool excluded = false;  // a holiday: left out of the baseline
};

struct ForecastOptions {
  int trailing_weeks = 8;          // weeks in the baseline, most recent first (>= 1)
  double trend_damping = 0.5;      // share of the fitted trend carried forward, [0, 1]
  double max_trend = 0.25;         // the trend factor stays within 1 ± this, [0, 1)
  double aht_prior_contacts = 10;  // weight of the overall AHT in an interval's (>= 0)
};

struct IntervalForecast {
  double offered = 0;
  std::optional<double> aht_s;  // nullopt: the window measured no handle time
};

// `history`: whole weeks, oldest first; interval i of week w at
// [w · intervals_per_week + i]. Returns weeks_ahead · intervals_per_week
// forecasts for the weeks that follow. InvalidArgument for an empty or
// ragged history, a count out of range or a value negative or not finite.
absl::StatusOr<std::vector<IntervalForecast>> ForecastIntervals(
    std::span<const IntervalHistory> history, int intervals_per_week, int weeks_ahead,
    const ForecastOptions& options = {});

// The seasonal-naive forecast the method must beat: each interval as it was
// the last week it was not excluded (the same interval last week), repeated
// for weeks_ahead weeks. Same errors as ForecastIntervals.
absl::StatusOr<std::vector<double>> SeasonalNaive(std::span<const IntervalHistory> history,
                                                  int intervals_per_week, int weeks_ahead);

// Weighted absolute percentage error, Σ|actual − forecast| / Σ actual
// (callers leave holidays out). nullopt when the sizes differ or Σ actual is 0.
std::optional<double> Wape(std::span<const double> actual, std::span<const double> forecast);

}  // namespace csm::staffing

#endif  // CSM_STAFFING_FORECAST_H_
