// Typed report values: what a report says about one metric in one period,
// before any rendering. The §8 JSON (report_json.cc) is one renderer of
// these; C++ callers read them directly with report::ValueOf (report.h).
#ifndef CSM_REPORT_REPORT_VALUE_H_
#define CSM_REPORT_REPORT_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace csm::report {

// A count (tickets_created, contacts_answered …): 0 in a period with data
// but none of it.
struct Count {
  uint64_t value = 0;
};

// Open tickets at the end of the period (running total since the first event).
struct Backlog {
  int64_t open = 0;
};

// Statistics of a duration (in seconds) or of a per-ticket number.
struct Summary {
  uint64_t count = 0;  // 0: no samples (rendered as null)
  double mean = 0;     // exact (sum / count)
  // Exact while no sample was retracted or the samples are few (`exact`);
  // after a retraction of many, the sketch's extremes (±1 %).
  std::optional<double> min, max;
  // numpy's linear percentile: exact while few, else within the sketch's 1 %.
  std::optional<double> p50, p90, p95, p99;
  bool exact = true;  // quantiles, min and max are the samples' own
};

// A duration on one clock: statistics and histogram, in seconds.
struct ClockSummary {
  Summary stats;
  double total = 0;              // Σ of the durations (exact)
  std::vector<double> edges;     // bins [0, e0), [e0, e1), …, [e_last, ∞)
  std::vector<uint64_t> counts;  // edges.size() + 1 bins
};

// A duration metric in calendar and business time.
struct DurationSummary {
  ClockSummary calendar;
  ClockSummary business;
};

// A rate in percent: numerator / denominator × 100 (denominator > 0).
struct Rate {
  double percent = 0;
  double numerator = 0;
  double denominator = 0;
};

// A rate of agent time (occupancy, utilization): seconds over seconds.
struct TimeRate {
  double percent = 0;
  double numerator_seconds = 0;
  double denominator_seconds = 0;
};

// abandonment_by_step: abandons before the queue per IVR step, and in the queue.
struct StepAbandons {
  uint64_t in_ivr = 0;
  uint64_t in_queue = 0;
  std::vector<std::pair<std::string, uint64_t>> steps;  // step name, abandons
};

// cost_per_contact: Σ cost ÷ contacts handled.
struct CostPerContact {
  std::optional<double> value;  // nullopt: no cost or no contact handled
  std::optional<double> cost;   // nullopt: no cost recorded
  uint64_t contacts_handled = 0;
};

// Time on one clock, in seconds: how many spans, their mean, longest and total.
struct TimeTotal {
  uint64_t count = 0;  // 0: no span on this clock
  double mean = 0;
  std::optional<double> max;
  double total = 0;
};

// assigned_time: the time tickets spent assigned to the agent (group).
struct AssignedTime {
  TimeTotal calendar;
  TimeTotal business;
};

// The other experience metrics and the volume patterns, in their JSON shape
// (experience_json.h) until they get types of their own.
struct Structured {
  nlohmann::ordered_json json;
};

// std::monostate: no value (no data in the period, a zero denominator).
using MetricValue = std::variant<std::monostate, Count, Backlog, DurationSummary, Summary, Rate,
                                 TimeRate, StepAbandons, CostPerContact, AssignedTime, Structured>;

}  // namespace csm::report

#endif  // CSM_REPORT_REPORT_VALUE_H_
