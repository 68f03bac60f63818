// The vocabulary shared by the queueing models (Erlang C, Erlang A) and the
// staffing search: one planning interval's offered work, and what a model
// predicts for it with a given number of agents.
//
// Assumptions behind every model here (docs/staffing.md): contacts arrive as
// a Poisson process at a constant rate over the interval, handle times are
// exponential, every agent handles every contact (one skill), and the
// interval is long enough for the queue to reach its steady state.
#ifndef CSM_STAFFING_QUEUE_H_
#define CSM_STAFFING_QUEUE_H_

#include <cstdint>

#include "absl/status/status.h"

namespace csm::staffing {

// The largest team the models accept: the Erlang B recursion is O(agents),
// and a bound keeps every call's cost bounded whatever the input.
inline constexpr int64_t kMaxAgents = 1'000'000;

// One interval's offered work.
struct IntervalLoad {
  double arrivals = 0;    // contacts offered in the interval (>= 0)
  double interval_s = 0;  // the interval's length in seconds (> 0)
  double aht_s = 0;       // average handle time in seconds (>= 0)

  // The offered load in Erlangs: arrival rate × handle time.
  double Erlangs() const { return arrivals * aht_s / interval_s; }
};

// Checks that every field is finite and in range (InvalidArgument if not).
absl::Status Validate(const IntervalLoad& load);

// What a model predicts for an interval staffed with a given team.
struct QueueResult {
  // False when the queue never settles: Erlang C with agents <= offered load
  // (every contact waits and the queue grows without bound). Then
  // wait_probability = 1, service_level = 0, occupancy = 1 and asa_s = +inf:
  // defined values, never NaN. Erlang A is always stable (callers abandon).
  bool stable = true;
  double wait_probability = 0;  // P(a contact waits at all), 0..1
  // The share of all offered contacts answered within the threshold, 0..1.
  double service_level = 1;
  // Erlang C: mean wait of all contacts (answered at once count as 0).
  // Erlang A: mean wait of all offered contacts, answered and abandoned.
  double asa_s = 0;
  double occupancy = 0;            // share of agents' time busy, 0..1
  double abandon_probability = 0;  // Erlang A only; 0 for Erlang C
};

}  // namespace csm::staffing

#endif  // CSM_STAFFING_QUEUE_H_
