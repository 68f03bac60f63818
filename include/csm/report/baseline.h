// A value against its trailing baseline (issue 21): the one rule behind the
// anomaly flags of report rows, the heatmap's and business days' spikes and,
// later, forecasts.
//
// The baseline is the same slot of the previous weeks (hour of the week,
// weekday, …), gathered by the caller. Expected = the baseline's median;
// spread = 1.4826 × its median absolute deviation (the MAD scaled to a
// normal's standard deviation), floored at the Poisson spread √expected and
// at 1, so a quiet hour (baseline 0, 0, 1, 0) does not flag on one ticket
// and a flat baseline does not flag on any change; score = (value −
// expected) / spread. Median and MAD make one past spike in the baseline
// move neither the expectation nor the spread much. Fewer than two baseline
// values: no score.
#ifndef CSM_REPORT_BASELINE_H_
#define CSM_REPORT_BASELINE_H_

#include <optional>
#include <string_view>
#include <vector>

namespace csm::report {

struct BaselineScore {
  double expected = 0;  // the baseline's median
  double score = 0;     // (value - expected) / spread
};

std::optional<BaselineScore> ScoreAgainstBaseline(double value, std::vector<double> baseline);

enum class Anomaly { kHigh, kLow };
// kHigh when score > sigma, kLow when score < -sigma.
std::optional<Anomaly> AnomalyOf(const BaselineScore& s, double sigma);
std::string_view AnomalyName(Anomaly a);  // "high", "low"

}  // namespace csm::report

#endif  // CSM_REPORT_BASELINE_H_
