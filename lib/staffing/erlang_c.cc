#include "csm/staffing/erlang_c.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "lib/staffing/queue_checks.h"

namespace csm::staffing {

double ErlangB(double erlangs, int64_t agents) {
  if (agents <= 0) return 1;
  if (erlangs == 0) return 0;
  // The recursion on 1/B, 1/B(k) = 1 + (k/A)·1/B(k−1), needs no division
  // per step (several times faster than the recursion on B itself); once
  // 1/B passes 1e300 the answer is 0 to double precision.
  const double inv_load = 1 / erlangs;
  double inv_b = 1;
  for (int64_t k = 1; k <= agents; ++k) {
    inv_b = 1 + inv_b * (static_cast<double>(k) * inv_load);
    if (inv_b > 1e300) return 0;
  }
  return 1 / inv_b;
}

absl::StatusOr<QueueResult> ErlangC(const IntervalLoad& load, int64_t agents, double threshold_s) {
  if (absl::Status s = internal::CheckQueueInputs(load, agents, threshold_s); !s.ok()) return s;
  const double a = load.Erlangs();
  if (a == 0) return internal::NoLoad();
  if (static_cast<double>(agents) <= a) return internal::Unstable();
  return internal::ErlangCFromB(a, agents, ErlangB(a, agents), load.aht_s, threshold_s);
}

}  // namespace csm::staffing
