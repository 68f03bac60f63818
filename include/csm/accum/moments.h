// Moments: count, sum, mean, min, max and variance of a stream of numbers
// (handle times, CSAT scores …), in constant space.
//
// Add uses Welford's update and Merge Chan et al.'s pairwise formula, both
// numerically stable. Remove runs Welford backwards, so count, sum, mean and
// variance return to what they were before the value was added (up to
// rounding). min and max cannot be retracted — the next smallest value is
// not kept — so they stay as recorded until the accumulator empties, when
// everything resets.
#ifndef CSM_ACCUM_MOMENTS_H_
#define CSM_ACCUM_MOMENTS_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/accum/wire.h"

namespace csm {

class Moments {
 public:
  Moments() = default;

  // Returns false and changes nothing when x is NaN or infinite, or the
  // sums would overflow.
  bool Add(double x) {
    if (!std::isfinite(x)) return false;
    const uint64_t n = count_ + 1;
    const double delta = x - mean_;
    const double mean = mean_ + delta / static_cast<double>(n);
    const double m2 = m2_ + delta * (x - mean);
    const double sum = sum_ + x;
    if (!std::isfinite(m2) || !std::isfinite(sum)) return false;
    min_ = count_ == 0 ? x : std::min(min_, x);
    max_ = count_ == 0 ? x : std::max(max_, x);
    count_ = n;
    mean_ = mean;
    m2_ = m2;
    sum_ = sum;
    return true;
  }

  // Takes back an earlier Add(x). Returns false (and changes nothing) when
  // empty or x is not finite. min and max are not retracted.
  bool Remove(double x) {
    if (count_ == 0 || !std::isfinite(x)) return false;
    if (count_ == 1) {
      *this = Moments();
      return true;
    }
    const uint64_t n = count_ - 1;
    const double mean = mean_ - (x - mean_) / static_cast<double>(n);
    m2_ = std::max(0.0, m2_ - (x - mean) * (x - mean_));
    mean_ = mean;
    sum_ -= x;
    count_ = n;
    return true;
  }

  // Returns false and changes nothing when the sums would overflow (a state
  // that is not finite could not be serialized).
  [[nodiscard]] bool Merge(const Moments& other) {
    if (other.count_ == 0) return true;
    if (count_ == 0) {
      *this = other;
      return true;
    }
    // Chan's update, always taking the larger side (then the smaller mean)
    // as the base so that a.Merge(b) and b.Merge(a) agree bit for bit.
    const bool this_is_base =
        count_ > other.count_ || (count_ == other.count_ && mean_ <= other.mean_);
    const Moments& base = this_is_base ? *this : other;
    const Moments& extra = this_is_base ? other : *this;
    const double na = static_cast<double>(base.count_);
    const double nb = static_cast<double>(extra.count_);
    const double n = na + nb;
    const double delta = extra.mean_ - base.mean_;
    const double mean = base.mean_ + delta * (nb / n);
    const double m2 = (base.m2_ + extra.m2_) + delta * delta * (na * nb / n);
    const double sum = sum_ + other.sum_;
    if (!std::isfinite(m2) || !std::isfinite(sum) || !std::isfinite(mean)) return false;
    count_ += other.count_;
    sum_ = sum;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    mean_ = mean;
    m2_ = m2;
    return true;
  }

  uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  std::optional<double> mean() const { return Unless(count_ == 0, mean_); }
  // The smallest / largest value ever added (not retracted by Remove).
  std::optional<double> min() const { return Unless(count_ == 0, min_); }
  std::optional<double> max() const { return Unless(count_ == 0, max_); }
  // Population variance: sum of squared deviations / count.
  std::optional<double> variance() const {
    return Unless(count_ == 0, m2_ / static_cast<double>(count_));
  }
  // Sample variance: sum of squared deviations / (count - 1); needs 2 values.
  std::optional<double> sample_variance() const {
    return Unless(count_ < 2, m2_ / static_cast<double>(count_ - 1));
  }
  // Population standard deviation.
  std::optional<double> stddev() const {
    return Unless(count_ == 0, std::sqrt(m2_ / static_cast<double>(count_)));
  }

  // Layout after the preamble: count (varint); when non-zero, sum, mean,
  // m2 (sum of squared deviations, >= 0), min, max (finite doubles).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kMoments);
    w.Varint(count_);
    if (count_ > 0) {
      w.Double(sum_);
      w.Double(mean_);
      w.Double(m2_);
      w.Double(min_);
      w.Double(max_);
    }
    return std::move(w).Finish();
  }
  static absl::StatusOr<Moments> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kMoments);
    Moments m;
    m.count_ = r.Varint();
    if (m.count_ > 0) {
      m.sum_ = r.FiniteDouble("sum");
      m.mean_ = r.FiniteDouble("mean");
      m.m2_ = r.FiniteDouble("m2");
      m.min_ = r.FiniteDouble("min");
      m.max_ = r.FiniteDouble("max");
      r.Check(m.m2_ >= 0, "negative sum of squared deviations");
      r.Check(m.min_ <= m.max_, "min above max");
    }
    if (absl::Status s = r.Finish(); !s.ok()) return s;
    return m;
  }

  bool operator==(const Moments&) const = default;
  size_t MemoryBytes() const { return sizeof(*this); }

 private:
  static std::optional<double> Unless(bool empty, double v) {
    if (empty) return std::nullopt;
    return v;
  }

  uint64_t count_ = 0;
  double sum_ = 0;
  double mean_ = 0;
  double m2_ = 0;  // sum of squared deviations from the mean
  double min_ = 0;
  double max_ = 0;
};

}  // namespace csm

#endif  // CSM_ACCUM_MOMENTS_H_
