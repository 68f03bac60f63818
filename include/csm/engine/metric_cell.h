// MetricCell: the accumulators of every metric for one (time bucket, group
// key) of a view. Duration and distribution statistics are allocated on
// first use, so a cell costs little for the metrics it never sees.
//
// Exactness across merges: durations go into Moments as integral
// milliseconds, so sums (hence means) are exact in any order of adding and
// merging; quantile summaries, histograms, counts and ratios merge exactly.
// Quantiles, min and max are exact while a summary holds at most
// QuantileSummary::kExactLimit samples (also after a retraction); past it
// they come from its sketch (within 1 %). Moments cannot retract min / max,
// so a sketch-backed cell that had samples retracted (a re-solve) reports
// min / max from its sketch.
#ifndef CSM_ENGINE_METRIC_CELL_H_
#define CSM_ENGINE_METRIC_CELL_H_

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/accum/count.h"
#include "csm/accum/histogram.h"
#include "csm/accum/moments.h"
#include "csm/accum/quantile_summary.h"
#include "csm/accum/ratio.h"
#include "csm/engine/experience_cell.h"
#include "csm/engine/metric.h"
#include "csm/time.h"

namespace csm {

// One duration metric on one clock.
struct ClockStats {
  explicit ClockStats(const std::vector<double>& edges) : histogram(edges) {}
  Moments millis;           // count, exact sum (integral ms), min, max
  QuantileSummary seconds;  // quantiles, exact while few
  Histogram histogram;      // over seconds
  uint64_t retracted = 0;   // samples taken back

  void Record(Millis d, int sign);
  [[nodiscard]] bool Merge(const ClockStats& other);
};

// Both clocks of one duration metric. While every sample had business time
// equal to calendar time (no calendar, or a 24/7 one) the business side is
// the calendar side and is not kept twice; the first sample that differs
// gives it its own copy.
class DurationStats {
 public:
  explicit DurationStats(const std::vector<double>& edges) : calendar_(edges) {}
  DurationStats(const DurationStats& other);
  DurationStats& operator=(const DurationStats& other);

  const ClockStats& calendar() const { return calendar_; }
  const ClockStats& business() const { return business_ ? *business_ : calendar_; }
  bool business_is_calendar() const { return business_ == nullptr; }

  void Record(Millis calendar, Millis business, int sign);
  [[nodiscard]] bool Merge(const DurationStats& other);
  // For deserialization: the business side as its own copy.
  void SetBusiness(ClockStats business) {
    business_ = std::make_unique<ClockStats>(std::move(business));
  }
  ClockStats& MutableCalendar() { return calendar_; }
  size_t MemoryBytes() const;

 private:
  ClockStats calendar_;
  std::unique_ptr<ClockStats> business_;  // null: the same as calendar_
};

// A number per solved ticket (replies, stations, reopens).
struct DistributionStats {
  Moments values;
  QuantileSummary quantiles;  // exact while few
  uint64_t retracted = 0;

  void Record(double v, int sign);
  [[nodiscard]] bool Merge(const DistributionStats& other);
};

// Abandons per IVR step (contact center): interned step id -> count; id 0
// holds abandons before the queue with no step known.
using StepCounts = std::map<uint32_t, uint64_t>;

class MetricCell {
 public:
  MetricCell() = default;
  MetricCell(const MetricCell& other);
  MetricCell& operator=(const MetricCell& other);
  MetricCell(MetricCell&&) = default;
  MetricCell& operator=(MetricCell&&) = default;

  Count& count(int slot) { return counts_[slot]; }
  const Count& count(int slot) const { return counts_[slot]; }
  // Running sums per backlog-kind slot (backlog, sla_active): what opened
  // and what closed in the bucket.
  Count& backlog_in(int slot = 0) { return backlog_in_[slot]; }
  Count& backlog_out(int slot = 0) { return backlog_out_[slot]; }
  const Count& backlog_in(int slot = 0) const { return backlog_in_[slot]; }
  const Count& backlog_out(int slot = 0) const { return backlog_out_[slot]; }
  Ratio& rate(int slot) { return rates_[slot]; }
  const Ratio& rate(int slot) const { return rates_[slot]; }
  // Null until the metric's first sample.
  const DurationStats* duration(int slot) const { return durations_[slot].get(); }
  const DistributionStats* distribution(int slot) const { return distributions_[slot].get(); }
  DurationStats& MutableDuration(int slot, const std::vector<double>& histogram_edges);
  DistributionStats& MutableDistribution(int slot);
  // Contact center: agent time ratios (ms), IVR abandons, costs.
  Ratio& time_rate(int slot) { return time_rates_[slot]; }
  const Ratio& time_rate(int slot) const { return time_rates_[slot]; }
  const StepCounts* step_abandons() const { return step_abandons_.get(); }
  StepCounts& MutableStepAbandons();
  Moments& cost() { return cost_; }
  const Moments& cost() const { return cost_; }
  // Maps the interned step ids held in the cell (a merge of engine states
  // renumbers ids); `map` must be injective.
  void RemapSteps(const std::function<uint32_t(uint32_t)>& map);
  // Null until the first experience sample.
  const ExperienceCell* experience() const { return experience_.get(); }
  ExperienceCell& MutableExperience();

  // False when a count would overflow (only crafted or corrupt states get
  // there); this cell may then be partly merged, so callers that must not
  // change on failure merge into a copy (Engine::MergeSerialized does).
  [[nodiscard]] bool Merge(const MetricCell& other);
  // True when every histogram has exactly these edges and every summary's
  // sketch the default accuracy and size, as the engine makes them. A view's cells must
  // agree: accumulators with other parameters merge by re-bucketing, so the
  // result would depend on the order of merging.
  bool HasEngineParameters(const std::vector<double>& edges) const;
  std::string Serialize() const;
  static absl::StatusOr<MetricCell> Deserialize(std::string_view bytes);
  size_t MemoryBytes() const;

 private:
  std::array<Count, kCountSlots> counts_;
  std::array<Count, kBacklogSlots> backlog_in_;
  std::array<Count, kBacklogSlots> backlog_out_;
  std::array<Ratio, kRateSlots> rates_;
  std::array<std::unique_ptr<DurationStats>, kDurationSlots> durations_;
  std::array<std::unique_ptr<DistributionStats>, kDistributionSlots> distributions_;
  std::array<Ratio, kTimeRateSlots> time_rates_;
  std::unique_ptr<StepCounts> step_abandons_;
  Moments cost_;
  std::unique_ptr<ExperienceCell> experience_;
};

}  // namespace csm

#endif  // CSM_ENGINE_METRIC_CELL_H_
