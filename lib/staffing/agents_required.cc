#include "csm/staffing/agents_required.h"

#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "csm/staffing/erlang_a.h"
#include "csm/staffing/erlang_c.h"
#include "lib/staffing/queue_checks.h"

namespace csm::staffing {
namespace {

// Comparisons with a target forgive the last bits of rounding, so a team
// that meets 80 % exactly is not rejected for computing 79.99999999999999 %.
constexpr double kTolerance = 1e-12;

// The largest shrinkage accepted: beyond it a plan schedules absurd teams
// (and the gross-up could leave int64).
constexpr double kMaxShrinkage = 0.999;

bool Meets(const QueueResult& r, const StaffingTarget& target) {
  if (!r.stable) return false;
  if (r.service_level < target.service_level - kTolerance) return false;
  if (target.max_asa_s && r.asa_s > *target.max_asa_s * (1 + kTolerance)) return false;
  if (target.max_occupancy && r.occupancy > *target.max_occupancy + kTolerance) return false;
  return true;
}

absl::StatusOr<StaffingRequirement> Done(int64_t agents, const QueueResult& result,
                                         double shrinkage) {
  return StaffingRequirement{agents, GrossUpForShrinkage(agents, shrinkage), result};
}

absl::Status NoTeamMeets(double erlangs) {
  return absl::OutOfRangeError(absl::StrCat("no team of at most ", kMaxAgents,
                                            " agents meets the target at ", erlangs, " Erlangs"));
}

// Erlang C: step up from the first stable team, carrying Erlang B along
// (one recursion step per agent), so the search costs O(answer).
absl::StatusOr<StaffingRequirement> ErlangCRequirement(const IntervalLoad& load,
                                                       const StaffingTarget& target) {
  const double a = load.Erlangs();
  double first = std::floor(a) + 1;
  if (target.max_occupancy) first = std::max(first, std::ceil(a / *target.max_occupancy) - 1);
  if (first > static_cast<double>(kMaxAgents)) return NoTeamMeets(a);
  int64_t n = static_cast<int64_t>(first);
  const double b_first = ErlangB(a, n);
  double inv_b = b_first > 0 ? 1 / b_first : std::numeric_limits<double>::infinity();
  for (; n <= kMaxAgents; ++n) {
    if (n > a) {
      QueueResult r = internal::ErlangCFromB(a, n, 1 / inv_b, load.aht_s, target.threshold_s);
      if (Meets(r, target)) return Done(n, r, target.shrinkage);
    }
    inv_b = 1 + inv_b * (static_cast<double>(n + 1) / a);  // Erlang B at n + 1
  }
  return NoTeamMeets(a);
}

// Erlang A: every evaluation is O(agents). Abandonment relieves the queue,
// so Erlang C's answer nearly always meets the target and the answer lies a
// few agents below it: gallop down from it to a team that misses, then
// bisect (the outputs are monotone in the team). Should Erlang C's team
// miss, gallop up instead.
absl::StatusOr<StaffingRequirement> ErlangARequirement(const IntervalLoad& load,
                                                       const StaffingTarget& target) {
  // The result with n agents when it meets the target, nullopt when not.
  auto check = [&](int64_t n) -> absl::StatusOr<std::optional<QueueResult>> {
    absl::StatusOr<QueueResult> r = ErlangA(load, n, target.threshold_s, target.patience_s);
    if (!r.ok()) return r.status();
    if (!Meets(*r, target)) return std::nullopt;
    return *r;
  };
  StaffingTarget as_c = target;
  as_c.model = QueueModel::kErlangC;
  absl::StatusOr<StaffingRequirement> c = ErlangCRequirement(load, as_c);
  int64_t hi = c.ok() ? c->agents : kMaxAgents;  // a team that may meet the target
  int64_t lo = 0;  // a team known to miss it (some load needs at least one agent)
  absl::StatusOr<std::optional<QueueResult>> hi_result = check(hi);
  if (!hi_result.ok()) return hi_result.status();
  while (!hi_result->has_value()) {  // gallop up
    if (hi == kMaxAgents) return NoTeamMeets(load.Erlangs());
    lo = hi;
    hi = std::min(2 * hi, kMaxAgents);
    hi_result = check(hi);
    if (!hi_result.ok()) return hi_result.status();
  }
  for (int64_t step = 1; lo == 0 && hi - step > 0; step *= 2) {  // gallop down
    absl::StatusOr<std::optional<QueueResult>> r = check(hi - step);
    if (!r.ok()) return r.status();
    if (r->has_value()) {
      hi -= step;
      hi_result = std::move(r);
    } else {
      lo = hi - step;
    }
  }
  while (hi - lo > 1) {  // bisect
    const int64_t mid = lo + (hi - lo) / 2;
    absl::StatusOr<std::optional<QueueResult>> r = check(mid);
    if (!r.ok()) return r.status();
    if (r->has_value()) {
      hi = mid;
      hi_result = std::move(r);
    } else {
      lo = mid;
    }
  }
  return Done(hi, **hi_result, target.shrinkage);
}

}  // namespace

absl::Status Validate(const StaffingTarget& target) {
  auto fraction_error = [](const char* name, double v, const char* range) {
    return absl::InvalidArgumentError(absl::StrCat(name, " must be in ", range, ", got ", v));
  };
  if (!(target.service_level >= 0 && target.service_level <= 1)) {
    return fraction_error("service_level", target.service_level, "[0, 1]");
  }
  if (!std::isfinite(target.threshold_s) || target.threshold_s < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("threshold_s must be a finite number >= 0, got ", target.threshold_s));
  }
  if (target.max_asa_s && !(std::isfinite(*target.max_asa_s) && *target.max_asa_s > 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_asa_s must be a finite number > 0, got ", *target.max_asa_s));
  }
  if (target.max_occupancy && !(*target.max_occupancy > 0 && *target.max_occupancy <= 1)) {
    return fraction_error("max_occupancy", *target.max_occupancy, "(0, 1]");
  }
  if (!(target.shrinkage >= 0 && target.shrinkage <= kMaxShrinkage)) {
    return fraction_error("shrinkage", target.shrinkage, "[0, 0.999]");
  }
  if (target.model != QueueModel::kErlangC && target.model != QueueModel::kErlangA) {
    return absl::InvalidArgumentError("model must be Erlang C or Erlang A");
  }
  if (target.model == QueueModel::kErlangA && !(target.patience_s > 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("Erlang A needs patience_s > 0 (or +inf), got ", target.patience_s));
  }
  return absl::OkStatus();
}

absl::StatusOr<StaffingRequirement> AgentsRequired(const IntervalLoad& load,
                                                   const StaffingTarget& target) {
  if (absl::Status s = Validate(load); !s.ok()) return s;
  if (absl::Status s = Validate(target); !s.ok()) return s;
  if (load.Erlangs() == 0) return StaffingRequirement{};
  if (target.model == QueueModel::kErlangA && !std::isinf(target.patience_s)) {
    return ErlangARequirement(load, target);
  }
  return ErlangCRequirement(load, target);
}

int64_t GrossUpForShrinkage(int64_t agents, double shrinkage) {
  const double gross = static_cast<double>(agents) / (1 - shrinkage);
  const double nearest = std::round(gross);
  if (std::abs(gross - nearest) <= 1e-9 * std::max(1.0, gross)) {
    return static_cast<int64_t>(nearest);
  }
  return static_cast<int64_t>(std::ceil(gross));
}

}  // namespace csm::staffing
