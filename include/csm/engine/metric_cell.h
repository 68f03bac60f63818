// MetricCell: the accumulators of every metric for one (time bucket, group
// key) of a view. Duration and distribution statistics are allocated on
// first use, so a cell costs little for the metrics it never sees.
//
// Exactness across merges: durations go into Moments as integral
// milliseconds, so sums (hence means) are exact in any order of adding and
// merging; sketches, histograms, counts and ratios merge exactly. Moments
// cannot retract min / max, so a cell that had samples retracted (a re-solve)
// reports min / max from its sketch (within its 1 % accuracy).
#ifndef CSM_ENGINE_METRIC_CELL_H_
#define CSM_ENGINE_METRIC_CELL_H_

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/accum/count.h"
#include "csm/accum/histogram.h"
#include "csm/accum/moments.h"
#include "csm/accum/quantile_sketch.h"
#include "csm/accum/ratio.h"
#include "csm/engine/metric.h"
#include "csm/time.h"

namespace csm {

// One duration metric on one clock.
struct ClockStats {
  explicit ClockStats(const std::vector<double>& edges) : histogram(edges) {}
  Moments millis;          // count, exact sum (integral ms), min, max
  QuantileSketch seconds;  // quantiles
  Histogram histogram;     // over seconds
  uint64_t retracted = 0;  // samples taken back

  void Record(Millis d, int sign);
  void Merge(const ClockStats& other);
};

struct DurationStats {
  explicit DurationStats(const std::vector<double>& edges) : calendar(edges), business(edges) {}
  ClockStats calendar;
  ClockStats business;
};

// A number per solved ticket (replies, stations, reopens).
struct DistributionStats {
  Moments values;
  QuantileSketch sketch;
  uint64_t retracted = 0;

  void Record(double v, int sign);
  void Merge(const DistributionStats& other);
};

class MetricCell {
 public:
  MetricCell() = default;
  MetricCell(const MetricCell& other);
  MetricCell& operator=(const MetricCell& other);
  MetricCell(MetricCell&&) = default;
  MetricCell& operator=(MetricCell&&) = default;

  Count& count(int slot) { return counts_[slot]; }
  const Count& count(int slot) const { return counts_[slot]; }
  Count& backlog_in() { return backlog_in_; }
  Count& backlog_out() { return backlog_out_; }
  const Count& backlog_in() const { return backlog_in_; }
  const Count& backlog_out() const { return backlog_out_; }
  Ratio& rate(int slot) { return rates_[slot]; }
  const Ratio& rate(int slot) const { return rates_[slot]; }
  // Null until the metric's first sample.
  const DurationStats* duration(int slot) const { return durations_[slot].get(); }
  const DistributionStats* distribution(int slot) const { return distributions_[slot].get(); }
  DurationStats& MutableDuration(int slot, const std::vector<double>& histogram_edges);
  DistributionStats& MutableDistribution(int slot);

  void Merge(const MetricCell& other);
  // True when every histogram has exactly these edges and every sketch the
  // default accuracy and size, as the engine makes them. A view's cells must
  // agree: accumulators with other parameters merge by re-bucketing, so the
  // result would depend on the order of merging.
  bool HasEngineParameters(const std::vector<double>& edges) const;
  std::string Serialize() const;
  static absl::StatusOr<MetricCell> Deserialize(std::string_view bytes);
  size_t MemoryBytes() const;

 private:
  std::array<Count, kCountSlots> counts_;
  Count backlog_in_;
  Count backlog_out_;
  std::array<Ratio, kRateSlots> rates_;
  std::array<std::unique_ptr<DurationStats>, kDurationSlots> durations_;
  std::array<std::unique_ptr<DistributionStats>, kDistributionSlots> distributions_;
};

}  // namespace csm

#endif  // CSM_ENGINE_METRIC_CELL_H_
