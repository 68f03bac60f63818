// Erlang C (M/M/N): a queue where no contact ever abandons.
//
// With offered load A = λ·AHT Erlangs and N agents (N > A):
//   P(wait)        C = N·B / (N − A·(1 − B)), B = Erlang B(N, A)
//   service level  1 − C·e^{−(N−A)·T/AHT}    (answered within T seconds)
//   ASA            C·AHT / (N − A)
//   occupancy      A / N
// B comes from the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)):
// no factorials or powers, so it is exact to rounding for any N and A the
// models accept (tested to 10,000 agents and 5,000 Erlangs). For N <= A the
// queue is unstable and the result says so (QueueResult::stable).
#ifndef CSM_STAFFING_ERLANG_C_H_
#define CSM_STAFFING_ERLANG_C_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "csm/staffing/queue.h"

namespace csm::staffing {

// Erlang B: the probability that all of `agents` servers are busy in a loss
// system offered `erlangs` (>= 0). O(agents).
double ErlangB(double erlangs, int64_t agents);

// Erlang C for one interval staffed with `agents` (0..kMaxAgents) and a
// service-level threshold of `threshold_s` seconds (>= 0). InvalidArgument
// for a load, team or threshold out of range.
absl::StatusOr<QueueResult> ErlangC(const IntervalLoad& load, int64_t agents, double threshold_s);

}  // namespace csm::staffing

#endif  // CSM_STAFFING_ERLANG_C_H_
