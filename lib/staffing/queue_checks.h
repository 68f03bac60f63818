// Pieces the queueing models and the staffing search share.
#ifndef CSM_LIB_STAFFING_QUEUE_CHECKS_H_
#define CSM_LIB_STAFFING_QUEUE_CHECKS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "csm/staffing/queue.h"

namespace csm::staffing::internal {

inline absl::Status CheckQueueInputs(const IntervalLoad& load, int64_t agents, double threshold_s) {
  if (absl::Status s = Validate(load); !s.ok()) return s;
  if (agents < 0 || agents > kMaxAgents) {
    return absl::InvalidArgumentError(
        absl::StrCat("agents must be in 0..", kMaxAgents, ", got ", agents));
  }
  if (!std::isfinite(threshold_s) || threshold_s < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("threshold_s must be a finite number >= 0, got ", threshold_s));
  }
  return absl::OkStatus();
}

// No offered work: nobody waits, whatever the team.
inline QueueResult NoLoad() { return QueueResult{}; }

// Erlang C with agents <= load: every contact waits, the queue grows.
inline QueueResult Unstable() {
  QueueResult r;
  r.stable = false;
  r.wait_probability = 1;
  r.service_level = 0;
  r.asa_s = std::numeric_limits<double>::infinity();
  r.occupancy = 1;
  return r;
}

// Erlang C's outputs from Erlang B at `agents` (> a > 0).
inline QueueResult ErlangCFromB(double a, int64_t agents, double b, double aht_s,
                                double threshold_s) {
  const double n = static_cast<double>(agents);
  const double spare = n - a;
  QueueResult r;
  r.wait_probability = std::min(1.0, n * b / (spare + a * b));  // = N·B / (N − A·(1 − B))
  r.service_level =
      std::clamp(1 - r.wait_probability * std::exp(-spare * threshold_s / aht_s), 0.0, 1.0);
  r.asa_s = r.wait_probability * aht_s / spare;
  r.occupancy = a / n;
  return r;
}

}  // namespace csm::staffing::internal

#endif  // CSM_LIB_STAFFING_QUEUE_CHECKS_H_
