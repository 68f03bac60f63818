// MetricSet: a set of metric ids, as a view keeps them (engine config
// "metrics"). A view records only the samples of the metrics it keeps and of
// the metrics these are computed from (Needed), and answers only the ones it
// keeps.
#ifndef CSM_ENGINE_METRIC_SET_H_
#define CSM_ENGINE_METRIC_SET_H_

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "csm/engine/metric.h"

namespace csm {

class MetricSet {
 public:
  static_assert(kMetricCount <= 64, "MetricSet holds at most 64 metrics");

  constexpr MetricSet() = default;
  constexpr MetricSet(std::initializer_list<Metric> metrics) {
    for (Metric m : metrics) Add(m);
  }
  static constexpr MetricSet All() {
    MetricSet s;
    s.bits_ = kMetricCount == 64 ? ~uint64_t{0} : (uint64_t{1} << kMetricCount) - 1;
    return s;
  }

  constexpr void Add(Metric m) { bits_ |= Bit(m); }
  constexpr bool Has(Metric m) const { return (bits_ & Bit(m)) != 0; }
  constexpr bool HasAny(MetricSet o) const { return (bits_ & o.bits_) != 0; }
  constexpr bool Contains(MetricSet o) const { return (bits_ & o.bits_) == o.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool all() const { return *this == All(); }
  constexpr MetricSet Union(MetricSet o) const {
    MetricSet s;
    s.bits_ = bits_ | o.bits_;
    return s;
  }

  // These metrics and the ones whose samples they are computed from:
  // cost_per_contact divides by contacts_answered + tickets_solved,
  // abandonment_by_step shows contacts_abandoned beside the IVR steps, the
  // volume patterns count tickets_created, staffing reads the offered
  // contacts, handle time, waits and abandons (patience) and the agents'
  // logged-in time (utilization's denominator).
  constexpr MetricSet Needed() const {
    MetricSet s = *this;
    if (Has(Metric::kCostPerContact)) {
      s.Add(Metric::kContactsAnswered);
      s.Add(Metric::kTicketsSolved);
    }
    if (Has(Metric::kAbandonmentByStep)) s.Add(Metric::kContactsAbandoned);
    if (Has(Metric::kVolumeHeatmap) || Has(Metric::kBusinessDayVolume)) {
      s.Add(Metric::kTicketsCreated);
    }
    if (Has(Metric::kStaffing)) {
      for (Metric m :
           {Metric::kContactsQueued, Metric::kContactsAbandoned, Metric::kHandleTime,
            Metric::kAverageSpeedOfAnswer, Metric::kQueueAbandonTime, Metric::kUtilization}) {
        s.Add(m);
      }
    }
    return s;
  }

  // The members, in report order (kMetrics).
  std::vector<Metric> List() const {
    std::vector<Metric> out;
    for (const MetricInfo& info : kMetrics) {
      if (Has(info.id)) out.push_back(info.id);
    }
    return out;
  }

  constexpr bool operator==(const MetricSet&) const = default;

 private:
  static constexpr uint64_t Bit(Metric m) { return uint64_t{1} << static_cast<int>(m); }

  uint64_t bits_ = 0;
};

}  // namespace csm

#endif  // CSM_ENGINE_METRIC_SET_H_
