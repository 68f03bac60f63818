#include "csm/staffing/queue.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace csm::staffing {

absl::Status Validate(const IntervalLoad& load) {
  if (!std::isfinite(load.arrivals) || load.arrivals < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("arrivals must be a finite number >= 0, got ", load.arrivals));
  }
  if (!std::isfinite(load.interval_s) || load.interval_s <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("interval_s must be a finite number > 0, got ", load.interval_s));
  }
  if (!std::isfinite(load.aht_s) || load.aht_s < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("aht_s must be a finite number >= 0, got ", load.aht_s));
  }
  if (!std::isfinite(load.Erlangs())) {
    return absl::InvalidArgumentError("arrivals × aht_s / interval_s overflows");
  }
  return absl::OkStatus();
}

}  // namespace csm::staffing
