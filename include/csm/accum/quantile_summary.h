// QuantileSummary: quantiles, min and max of non-negative values, exact while
// few, a QuantileSketch after.
//
// A report of three durations should show those three durations, not
// sketch buckets (a first reply of exactly 2 h read `2h 1m`). So the summary
// keeps its values themselves, sorted, while it holds at most kExactLimit
// (64, 512 bytes) of them, and answers exactly: Quantile(q) is numpy's
// default ("linear") percentile, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with
// h = q (n − 1), and Min / Max are the smallest and largest value held, also
// after a Remove. The value that would make it kExactLimit + 1 moves
// everything into the sketch, and the summary stays a sketch from then on
// (also when removals shrink it): quantiles then interpolate the same way
// between the sketch's values at ranks ⌊h⌋ and ⌊h⌋ + 1, each within the
// sketch's relative accuracy, so the answer is too; crossing the limit
// changes the precision, not the meaning.
//
// Merge: two exact summaries whose union fits stay exact (the union of the
// values); otherwise both go into the sketch, which merges exactly, so
// merging is associative and commutative as long as nothing is removed.
#ifndef CSM_ACCUM_QUANTILE_SUMMARY_H_
#define CSM_ACCUM_QUANTILE_SUMMARY_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/accum/quantile_sketch.h"
#include "csm/accum/wire.h"

namespace csm {

class QuantileSummary {
 public:
  // Values kept exactly; the next one switches to the sketch.
  static constexpr size_t kExactLimit = 64;

  // The sketch used past kExactLimit.
  explicit QuantileSummary(QuantileSketch sketch = QuantileSketch()) : sketch_(std::move(sketch)) {
    sketch_ = QuantileSketch(sketch_.relative_accuracy(), sketch_.max_buckets());
  }

  // Returns false and changes nothing for a negative, NaN or infinite v.
  bool Add(double v) {
    if (!(v >= 0 && v <= std::numeric_limits<double>::max())) return false;
    if (!exact_) return sketch_.Add(v);
    if (values_.size() == kExactLimit) {
      ToSketch();
      return sketch_.Add(v);
    }
    if (values_.capacity() == 0) values_.reserve(4);
    values_.insert(std::upper_bound(values_.begin(), values_.end(), v), v);
    return true;
  }

  // Takes back an earlier Add(v): exact while exact (min and max follow);
  // from the sketch's bucket after. False when v was not recorded.
  bool Remove(double v) {
    if (!exact_) return sketch_.Remove(v);
    const auto it = std::lower_bound(values_.begin(), values_.end(), v);
    if (it == values_.end() || *it != v) return false;
    values_.erase(it);
    return true;
  }

  // False (and nothing changes) when the sketch's count would overflow.
  [[nodiscard]] bool Merge(const QuantileSummary& other) {
    if (&other == this) {
      const QuantileSummary copy = other;
      return Merge(copy);
    }
    if (exact_ && other.exact_ && values_.size() + other.values_.size() <= kExactLimit) {
      std::vector<double> merged;
      merged.reserve(values_.size() + other.values_.size());
      std::merge(values_.begin(), values_.end(), other.values_.begin(), other.values_.end(),
                 std::back_inserter(merged));
      values_ = std::move(merged);
      return true;
    }
    QuantileSketch theirs = other.exact_ ? other.AsSketch() : other.sketch_;
    if (exact_) {
      QuantileSketch mine = AsSketch();
      if (!mine.Merge(theirs)) return false;
      sketch_ = std::move(mine);
      values_ = {};
      exact_ = false;
      return true;
    }
    return sketch_.Merge(theirs);
  }

  // The linear-interpolation quantile, q in [0, 1]; nullopt when empty or q
  // is outside [0, 1].
  std::optional<double> Quantile(double q) const {
    const uint64_t n = count();
    if (n == 0 || !(q >= 0 && q <= 1)) return std::nullopt;
    const double h = q * static_cast<double>(n - 1);
    const auto lo = static_cast<uint64_t>(h);
    const double frac = h - static_cast<double>(lo);
    const double a = ValueAtRank(lo);
    if (frac == 0 || lo + 1 >= n) return a;
    return a + frac * (ValueAtRank(lo + 1) - a);
  }
  std::optional<double> Min() const { return Quantile(0); }
  std::optional<double> Max() const { return Quantile(1); }

  uint64_t count() const { return exact_ ? values_.size() : sketch_.count(); }
  // Whether every answer is exact (no value has gone to the sketch).
  bool exact() const { return exact_; }
  // The values held, sorted (empty once the sketch took over).
  const std::vector<double>& values() const { return values_; }
  // The sketch: its parameters, and its counts once not exact.
  const QuantileSketch& sketch() const { return sketch_; }

  // Layout after the preamble: exact (u8 0/1); when exact, the value count
  // (varint, at most kExactLimit) and the values (doubles, non-decreasing);
  // then the sketch's bytes (length-prefixed; empty while exact, carrying
  // its parameters).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kQuantileSummary);
    w.U8(exact_ ? 1 : 0);
    if (exact_) {
      w.Varint(values_.size());
      for (double v : values_) w.Double(v);
    }
    w.Bytes(sketch_.Serialize());
    return std::move(w).Finish();
  }

  static absl::StatusOr<QuantileSummary> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kQuantileSummary);
    QuantileSummary s;
    const uint8_t exact = r.U8();
    r.Check(exact <= 1, "bad exact flag");
    s.exact_ = exact == 1;
    if (s.exact_ && r.ok()) {
      const size_t n = r.Count(8, kExactLimit, "value");
      s.values_.reserve(n);
      for (size_t i = 0; i < n && r.ok(); ++i) {
        const double v = r.Double();
        r.Check(v >= 0 && v <= std::numeric_limits<double>::max(), "value out of range");
        r.Check(s.values_.empty() || s.values_.back() <= v, "values out of order");
        s.values_.push_back(v);
      }
    }
    const std::string_view sketch_bytes = r.Bytes();
    if (!r.ok()) return r.Finish();
    absl::StatusOr<QuantileSketch> sketch = QuantileSketch::Deserialize(sketch_bytes);
    if (!sketch.ok()) return sketch.status();
    s.sketch_ = *std::move(sketch);
    r.Check(!s.exact_ || s.sketch_.empty(), "an exact summary with sketch counts");
    if (absl::Status st = r.Finish(); !st.ok()) return st;
    return s;
  }

  bool operator==(const QuantileSummary& other) const {
    return exact_ == other.exact_ && values_ == other.values_ && sketch_ == other.sketch_;
  }

  size_t MemoryBytes() const {
    return sizeof(*this) + values_.capacity() * sizeof(double) +
           (sketch_.MemoryBytes() - sizeof(QuantileSketch));
  }

 private:
  // The sketch of the values held (exact mode).
  QuantileSketch AsSketch() const {
    QuantileSketch s = sketch_;
    for (double v : values_) s.Add(v);
    return s;
  }
  void ToSketch() {
    sketch_ = AsSketch();
    values_ = {};
    exact_ = false;
  }
  double ValueAtRank(uint64_t rank) const {
    if (exact_) return values_[rank];
    return *sketch_.ValueAtRank(rank);
  }

  bool exact_ = true;
  std::vector<double> values_;  // sorted; only while exact_
  QuantileSketch sketch_;       // empty while exact_
};

}  // namespace csm

#endif  // CSM_ACCUM_QUANTILE_SUMMARY_H_
