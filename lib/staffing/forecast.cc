#include "csm/staffing/forecast.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "absl/strings/str_cat.h"

namespace csm::staffing {
namespace {

// The most intervals a week may have: one a minute.
constexpr int kMaxIntervalsPerWeek = 7 * 24 * 60;
constexpr int kMaxWeeksAhead = 520;

absl::Status CheckHistory(std::span<const IntervalHistory> history, int intervals_per_week,
                          int weeks_ahead) {
  if (intervals_per_week < 1 || intervals_per_week > kMaxIntervalsPerWeek) {
    return absl::InvalidArgumentError(absl::StrCat(
        "intervals_per_week must be in 1..", kMaxIntervalsPerWeek, ", got ", intervals_per_week));
  }
  if (weeks_ahead < 1 || weeks_ahead > kMaxWeeksAhead) {
    return absl::InvalidArgumentError(
        absl::StrCat("weeks_ahead must be in 1..", kMaxWeeksAhead, ", got ", weeks_ahead));
  }
  if (history.empty() || history.size() % static_cast<size_t>(intervals_per_week) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("the history must be whole weeks of ",
                                                   intervals_per_week, " intervals, got ",
                                                   history.size()));
  }
  for (size_t i = 0; i < history.size(); ++i) {
    const IntervalHistory& h = history[i];
    for (double v : {h.offered, h.handle_s, h.handled}) {
      if (!std::isfinite(v) || v < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("history interval ", i, ": values must be finite and >= 0, got ", v));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOptions(const ForecastOptions& o) {
  if (o.trailing_weeks < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("trailing_weeks must be >= 1, got ", o.trailing_weeks));
  }
  if (!(o.trend_damping >= 0 && o.trend_damping <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("trend_damping must be in [0, 1], got ", o.trend_damping));
  }
  if (!(o.max_trend >= 0 && o.max_trend < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_trend must be in [0, 1), got ", o.max_trend));
  }
  if (!(o.aht_prior_contacts >= 0 && std::isfinite(o.aht_prior_contacts))) {
    return absl::InvalidArgumentError(
        absl::StrCat("aht_prior_contacts must be finite and >= 0, got ", o.aht_prior_contacts));
  }
  return absl::OkStatus();
}

// Mean of `values`, dropping the highest and the lowest when there are 5 or
// more (one odd week, a outage or a campaign, then moves the baseline less).
double TrimmedMean(std::vector<double>& values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t drop = values.size() >= 5 ? 1 : 0;
  double sum = 0;
  for (size_t i = drop; i < values.size() - drop; ++i) sum += values[i];
  return sum / static_cast<double>(values.size() - 2 * drop);
}

}  // namespace

absl::StatusOr<std::vector<IntervalForecast>> ForecastIntervals(
    std::span<const IntervalHistory> history, int intervals_per_week, int weeks_ahead,
    const ForecastOptions& options) {
  if (absl::Status s = CheckHistory(history, intervals_per_week, weeks_ahead); !s.ok()) return s;
  if (absl::Status s = CheckOptions(options); !s.ok()) return s;
  const size_t per_week = static_cast<size_t>(intervals_per_week);
  const size_t weeks = history.size() / per_week;
  const size_t window = std::min(weeks, static_cast<size_t>(options.trailing_weeks));
  const size_t first = weeks - window;
  auto at = [&](size_t week, size_t i) -> const IntervalHistory& {
    return history[week * per_week + i];
  };

  // The seasonal baseline, and the pooled handle time.
  std::vector<double> baseline(per_week, 0);
  std::vector<double> handle_s(per_week, 0), handled(per_week, 0);
  double all_handle_s = 0, all_handled = 0;
  std::vector<double> values;
  for (size_t i = 0; i < per_week; ++i) {
    values.clear();
    for (size_t w = first; w < weeks; ++w) {
      if (!at(w, i).excluded) values.push_back(at(w, i).offered);
    }
    // Excluded every week (a closure in the whole window): all weeks count.
    if (values.empty()) {
      for (size_t w = first; w < weeks; ++w) values.push_back(at(w, i).offered);
    }
    baseline[i] = TrimmedMean(values);
    for (size_t w = first; w < weeks; ++w) {
      if (at(w, i).excluded) continue;
      handle_s[i] += at(w, i).handle_s;
      handled[i] += at(w, i).handled;
    }
    all_handle_s += handle_s[i];
    all_handled += handled[i];
  }

  // Each week's level against the baseline, on its included intervals.
  std::vector<double> level_week, level;
  for (size_t w = first; w < weeks; ++w) {
    double volume = 0, expected = 0;
    for (size_t i = 0; i < per_week; ++i) {
      if (at(w, i).excluded) continue;
      volume += at(w, i).offered;
      expected += baseline[i];
    }
    if (expected > 0) {
      level_week.push_back(static_cast<double>(w));
      level.push_back(volume / expected);
    }
  }
  // Least-squares slope of level per week; 0 with fewer than two weeks.
  double slope = 0, centre = static_cast<double>(first + weeks - 1) / 2;
  if (level.size() >= 2) {
    double mean_w = 0, mean_l = 0;
    for (size_t k = 0; k < level.size(); ++k) {
      mean_w += level_week[k];
      mean_l += level[k];
    }
    mean_w /= static_cast<double>(level.size());
    mean_l /= static_cast<double>(level.size());
    double sxy = 0, sxx = 0;
    for (size_t k = 0; k < level.size(); ++k) {
      sxy += (level_week[k] - mean_w) * (level[k] - mean_l);
      sxx += (level_week[k] - mean_w) * (level_week[k] - mean_w);
    }
    slope = sxx > 0 ? sxy / sxx : 0;
    centre = mean_w;
  }

  std::optional<double> overall_aht;
  if (all_handled > 0) overall_aht = all_handle_s / all_handled;
  std::vector<IntervalForecast> out;
  out.reserve(per_week * static_cast<size_t>(weeks_ahead));
  for (int h = 0; h < weeks_ahead; ++h) {
    const double ahead = static_cast<double>(weeks + static_cast<size_t>(h)) - centre;
    const double factor = std::clamp(1 + options.trend_damping * slope * ahead,
                                     1 - options.max_trend, 1 + options.max_trend);
    for (size_t i = 0; i < per_week; ++i) {
      IntervalForecast f;
      f.offered = baseline[i] * factor;
      const double k = options.aht_prior_contacts;
      if (overall_aht && handled[i] + k > 0) {
        f.aht_s = (handle_s[i] + k * *overall_aht) / (handled[i] + k);
      } else {
        f.aht_s = overall_aht;  // this interval never handled, and no prior weight
      }
      out.push_back(f);
    }
  }
  return out;
}

absl::StatusOr<std::vector<double>> SeasonalNaive(std::span<const IntervalHistory> history,
                                                  int intervals_per_week, int weeks_ahead) {
  if (absl::Status s = CheckHistory(history, intervals_per_week, weeks_ahead); !s.ok()) return s;
  const size_t per_week = static_cast<size_t>(intervals_per_week);
  const size_t weeks = history.size() / per_week;
  std::vector<double> last(per_week, 0);
  for (size_t i = 0; i < per_week; ++i) {
    last[i] = history[(weeks - 1) * per_week + i].offered;
    for (size_t w = weeks; w-- > 0;) {
      if (!history[w * per_week + i].excluded) {
        last[i] = history[w * per_week + i].offered;
        break;
      }
    }
  }
  std::vector<double> out;
  out.reserve(per_week * static_cast<size_t>(weeks_ahead));
  for (int h = 0; h < weeks_ahead; ++h) out.insert(out.end(), last.begin(), last.end());
  return out;
}

std::optional<double> Wape(std::span<const double> actual, std::span<const double> forecast) {
  if (actual.size() != forecast.size()) return std::nullopt;
  double error = 0, total = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    error += std::abs(actual[i] - forecast[i]);
    total += actual[i];
  }
  if (!(total > 0) || !std::isfinite(error)) return std::nullopt;
  return error / total;
}

}  // namespace csm::staffing
