#include "csm/staffing/erlang_c.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "lib/staffing/queue_checks.h"

namespace csm::staffing {

double ErlangB(double erlangs, int64_t agents) {
  double b = 1;
  for (int64_t k = 1; k <= agents && b > 0; ++k)
    b = erlangs * b / (static_cast<double>(k) + erlangs * b);
  return b;
}

absl::StatusOr<QueueResult> ErlangC(const IntervalLoad& load, int64_t agents, double threshold_s) {
  if (absl::Status s = internal::CheckQueueInputs(load, agents, threshold_s); !s.ok()) return s;
  const double a = load.Erlangs();
  if (a == 0) return internal::NoLoad();
  if (static_cast<double>(agents) <= a) return internal::Unstable();
  return internal::ErlangCFromB(a, agents, ErlangB(a, agents), load.aht_s, threshold_s);
}

}  // namespace csm::staffing
