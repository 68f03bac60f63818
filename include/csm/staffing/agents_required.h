// Agents required: the smallest team that meets a service target in one
// interval under Erlang C or Erlang A, then grossed up for shrinkage
// (breaks, training, absence): scheduled = ⌈N / (1 − shrinkage)⌉.
#ifndef CSM_STAFFING_AGENTS_REQUIRED_H_
#define CSM_STAFFING_AGENTS_REQUIRED_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "csm/staffing/queue.h"

namespace csm::staffing {

enum class QueueModel : uint8_t { kErlangC = 0, kErlangA = 1 };

// A service target; fractions, not percentages.
struct StaffingTarget {
  double service_level = 0.8;           // share answered within threshold_s, 0..1
  double threshold_s = 20;              // >= 0
  std::optional<double> max_asa_s;      // also keep the mean wait at most this (> 0)
  std::optional<double> max_occupancy;  // also keep occupancy at most this, (0, 1]
  double shrinkage = 0;                 // share of paid time not on contacts, [0, 1)
  QueueModel model = QueueModel::kErlangC;
  // Erlang A's mean patience in seconds (> 0; +inf = nobody abandons).
  double patience_s = 0;
};

absl::Status Validate(const StaffingTarget& target);

struct StaffingRequirement {
  int64_t agents = 0;     // on contacts: the fewest meeting every target
  int64_t scheduled = 0;  // agents grossed up for shrinkage
  QueueResult result;     // the model's prediction with `agents`
};

// The requirement for one interval. No load needs no agents. InvalidArgument
// for inputs out of range; OutOfRange when no team of at most kMaxAgents
// meets the target.
absl::StatusOr<StaffingRequirement> AgentsRequired(const IntervalLoad& load,
                                                   const StaffingTarget& target);

// ⌈agents / (1 − shrinkage)⌉, immune to the rounding that would make
// 14 / 0.7 schedule 21 agents instead of 20.
int64_t GrossUpForShrinkage(int64_t agents, double shrinkage);

}  // namespace csm::staffing

#endif  // CSM_STAFFING_AGENTS_REQUIRED_H_
