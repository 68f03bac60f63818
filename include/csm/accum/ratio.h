// Ratio: a numerator over a denominator, reported as a percentage (CSAT =
// satisfied / rated, abandonment = abandoned / offered, service level =
// answered in time / offered …). Both sides are sums, so Ratio merges and
// retracts by addition; with integer-valued deltas below 2^53 it is exact.
#ifndef CSM_ACCUM_RATIO_H_
#define CSM_ACCUM_RATIO_H_

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/accum/wire.h"

namespace csm {

class Ratio {
 public:
  Ratio() = default;

  // Returns false and changes nothing when a delta is NaN or infinite, or a
  // sum would overflow.
  bool Add(double numerator_delta, double denominator_delta) {
    const double numerator = numerator_ + numerator_delta;
    const double denominator = denominator_ + denominator_delta;
    if (!std::isfinite(numerator) || !std::isfinite(denominator)) return false;
    numerator_ = numerator;
    denominator_ = denominator;
    return true;
  }
  // Takes back an earlier Add of the same deltas.
  bool Remove(double numerator_delta, double denominator_delta) {
    return Add(-numerator_delta, -denominator_delta);
  }
  // Returns false and changes nothing when a sum would overflow (a state
  // that is not finite could not be serialized).
  [[nodiscard]] bool Merge(const Ratio& other) { return Add(other.numerator_, other.denominator_); }

  double numerator() const { return numerator_; }
  double denominator() const { return denominator_; }
  // numerator / denominator; nullopt while the denominator is 0.
  std::optional<double> fraction() const {
    if (denominator_ == 0) return std::nullopt;
    return numerator_ / denominator_;
  }
  // 100 * numerator / denominator; nullopt while the denominator is 0.
  std::optional<double> percent() const {
    if (denominator_ == 0) return std::nullopt;
    return 100.0 * numerator_ / denominator_;
  }

  // Layout after the preamble: numerator, denominator (doubles, finite).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kRatio);
    w.Double(numerator_);
    w.Double(denominator_);
    return std::move(w).Finish();
  }
  static absl::StatusOr<Ratio> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kRatio);
    Ratio ratio;
    ratio.numerator_ = r.FiniteDouble("numerator");
    ratio.denominator_ = r.FiniteDouble("denominator");
    if (absl::Status s = r.Finish(); !s.ok()) return s;
    return ratio;
  }

  bool operator==(const Ratio&) const = default;
  size_t MemoryBytes() const { return sizeof(*this); }

 private:
  double numerator_ = 0;
  double denominator_ = 0;
};

}  // namespace csm

#endif  // CSM_ACCUM_RATIO_H_
