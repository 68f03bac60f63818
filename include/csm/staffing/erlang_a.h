// Erlang A (Palm's M/M/N+M): Erlang C plus abandonment. Every waiting
// contact abandons after an exponential patience with mean `patience_s`,
// which keeps the queue stable for any team size.
//
// The formulas are Mandelbaum & Zeltyn's ("The Palm/Erlang-A queue, with
// applications to call centers", 2007). With μ = 1/AHT, θ = 1/patience,
// x = Nμ/θ, y = λ/θ, E = Erlang B(N, λ/μ) and the series
//   A(x, y) = Σ_{k>=0} y^k / ((x+1)(x+2)…(x+k)),
//   P(wait)            P_W = A·E / (1 + (A − 1)·E)
//   P(abandon)         P_W · (1 − (x/y)·(A − 1)/A)
//   P(offered wait>t)  P_W · A(x, y·e^{−θt}) / A(x, y) · e^{y(1 − e^{−θt}) − Nμt}
//   mean wait          P(abandon) · patience          (Little's law)
//   occupancy          λ·(1 − P(abandon))·AHT / N
// The service level is the share of offered contacts answered within T:
//   1 − P(W > T) − θ·∫_0^T P(W > v) dv, with W = min(offered wait, patience),
// integrated numerically. The series is summed in scaled (log) form, so
// overloaded intervals (y far above x) do not overflow.
#ifndef CSM_STAFFING_ERLANG_A_H_
#define CSM_STAFFING_ERLANG_A_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "csm/staffing/queue.h"

namespace csm::staffing {

// Erlang A for one interval. `patience_s` > 0; +infinity means nobody
// abandons, and the result is Erlang C's. InvalidArgument for values out of
// range (as ErlangC, plus a patience that is not > 0 or is NaN).
absl::StatusOr<QueueResult> ErlangA(const IntervalLoad& load, int64_t agents, double threshold_s,
                                    double patience_s);

// Mean patience estimated from measurements as Mandelbaum & Zeltyn do: the
// total time all queued contacts waited (answered and abandoned alike)
// divided by the number that abandoned. Abandoned waits alone would
// underestimate it, since an answered contact's patience is only known to
// exceed its wait (censored). nullopt when nobody abandoned (patience
// unbounded: use Erlang C) or the inputs are negative or not finite.
std::optional<double> EstimatePatience(double total_wait_s, double abandoned);

}  // namespace csm::staffing

#endif  // CSM_STAFFING_ERLANG_A_H_
