#include "csm/report/baseline.h"

#include <algorithm>
#include <cmath>

namespace csm::report {
namespace {

// The median of `v` (reordered).
double Median(std::vector<double>& v) {
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

// A MAD times this estimates a normal distribution's standard deviation.
constexpr double kMadToSigma = 1.4826;

}  // namespace

std::optional<BaselineScore> ScoreAgainstBaseline(double value, std::vector<double> baseline) {
  if (baseline.size() < 2) return std::nullopt;
  const double expected = Median(baseline);
  for (double& v : baseline) v = std::fabs(v - expected);
  const double mad = Median(baseline);
  const double spread = std::max({kMadToSigma * mad, std::sqrt(std::max(expected, 0.0)), 1.0});
  return BaselineScore{expected, (value - expected) / spread};
}

std::optional<Anomaly> AnomalyOf(const BaselineScore& s, double sigma) {
  if (s.score > sigma) return Anomaly::kHigh;
  if (s.score < -sigma) return Anomaly::kLow;
  return std::nullopt;
}

std::string_view AnomalyName(Anomaly a) { return a == Anomaly::kHigh ? "high" : "low"; }

}  // namespace csm::report
