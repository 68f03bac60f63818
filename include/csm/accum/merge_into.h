// MergeInto: merges one accumulator into another, whatever its Merge
// returns. Accumulators whose counts can overflow (Count, Histogram,
// QuantileSketch, TopK, Ratio, Moments) return false from Merge and change
// nothing when a sum would not fit; Distinct cannot overflow and returns
// nothing. Generic code (TimeSeries, tests) goes through this.
#ifndef CSM_ACCUM_MERGE_INTO_H_
#define CSM_ACCUM_MERGE_INTO_H_

#include <type_traits>

namespace csm {

// False when `into` refused `other`. The accumulators above are then
// unchanged; MetricCell and ExperienceCell may be partly merged (merge those
// into a copy).
template <typename Acc>
[[nodiscard]] bool MergeInto(Acc& into, const Acc& other) {
  if constexpr (std::is_void_v<decltype(into.Merge(other))>) {
    into.Merge(other);
    return true;
  } else {
    return into.Merge(other);
  }
}

}  // namespace csm

#endif  // CSM_ACCUM_MERGE_INTO_H_
