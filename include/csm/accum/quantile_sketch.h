// QuantileSketch: quantiles (median, p90, p99 …) of non-negative values such
// as durations in seconds, with a relative-error guarantee, in bounded
// memory, mergeable exactly. A DDSketch (Masson, Rim, Lee; VLDB 2019).
//
// A positive value v falls in bucket i = ceil(log_gamma(v)) with
// gamma = (1 + a) / (1 - a), a the relative accuracy; bucket i covers
// (gamma^(i-1), gamma^i] and answers with 2 gamma^i / (gamma + 1), which is
// within a relative a of every value in the bucket. So Quantile(q) is within
// a * x of x, the value of rank floor(q * (count - 1)) in sorted order.
// Zeros (and values below the smallest normal double, 2.2e-308) are counted
// apart and answered exactly as 0.
//
// Buckets live in one contiguous array with an index offset (an insert is a
// log, a multiply and an increment); counters are 8, 16, 32 or 64 bits wide,
// the narrowest that holds the total, so a sketch of a few dozen samples
// costs a byte per bucket. At a = 1 % the range 1 ms .. 1 year (in seconds)
// spans 1210 buckets: under 6 KiB even with 32-bit counters. When the
// values span more than max_buckets buckets, the lowest ones are folded into
// the lowest kept one (the sketch "collapses"): high quantiles keep the
// guarantee, the lowest ones lose accuracy. The folded floor only rises.
//
// Merge of sketches with the same accuracy adds bucket counts, so it is
// exact, associative and commutative: merging gives the very bucket counts
// of adding every value to one sketch. Remove takes values back from their
// buckets (with a collapsed sketch, values below the floor are taken from
// the floor bucket).
#ifndef CSM_ACCUM_QUANTILE_SKETCH_H_
#define CSM_ACCUM_QUANTILE_SKETCH_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "csm/accum/wire.h"

namespace csm {

class QuantileSketch {
 public:
  static constexpr double kDefaultRelativeAccuracy = 0.01;
  static constexpr size_t kDefaultMaxBuckets = 2048;
  static constexpr double kMinRelativeAccuracy = 1e-6;
  static constexpr double kMaxRelativeAccuracy = 0.5;
  static constexpr size_t kMinBuckets = 8;
  static constexpr size_t kMaxBuckets = size_t{1} << 16;

  // Out-of-range parameters are clamped into [kMin…, kMax…] (NaN accuracy
  // becomes the default); Create() reports them instead.
  explicit QuantileSketch(double relative_accuracy = kDefaultRelativeAccuracy,
                          size_t max_buckets = kDefaultMaxBuckets)
      : relative_accuracy_(
            std::isnan(relative_accuracy)
                ? kDefaultRelativeAccuracy
                : std::clamp(relative_accuracy, kMinRelativeAccuracy, kMaxRelativeAccuracy)),
        gamma_((1 + relative_accuracy_) / (1 - relative_accuracy_)),
        log_gamma_(std::log(gamma_)),
        multiplier_(1 / log_gamma_),
        max_buckets_(static_cast<int64_t>(std::clamp(max_buckets, kMinBuckets, kMaxBuckets))) {}

  static absl::StatusOr<QuantileSketch> Create(double relative_accuracy, size_t max_buckets) {
    if (!(relative_accuracy >= kMinRelativeAccuracy && relative_accuracy <= kMaxRelativeAccuracy)) {
      return absl::InvalidArgumentError(absl::StrCat("relative accuracy ", relative_accuracy,
                                                     " is outside [", kMinRelativeAccuracy, ", ",
                                                     kMaxRelativeAccuracy, "]"));
    }
    if (max_buckets < kMinBuckets || max_buckets > kMaxBuckets) {
      return absl::InvalidArgumentError(absl::StrCat("max_buckets ", max_buckets, " is outside [",
                                                     kMinBuckets, ", ", kMaxBuckets, "]"));
    }
    return QuantileSketch(relative_accuracy, max_buckets);
  }

  // Records `n` occurrences of v. Returns false and changes nothing when v is
  // negative, NaN or infinite.
  bool Add(double v, uint64_t n = 1) {
    if (!(v >= 0 && v <= std::numeric_limits<double>::max())) return false;
    if (n == 0) return true;
    if (v < std::numeric_limits<double>::min()) {
      FitCountsFor(n);
      zero_count_ += n;
      count_ += n;
      return true;
    }
    const int64_t index = IndexOf(v);
    const uint64_t slot = static_cast<uint64_t>(index - offset_);
    // Fast path: in the window, and the total (hence every bucket) still
    // fits the counter width.
    if (n <= kWidthLimits[counts_.index()] - count_ && Visit<bool>([&](auto& counts) {
          if (slot >= counts.size()) return false;
          counts[slot] += static_cast<CounterOf<decltype(counts)>>(n);
          return true;
        })) {
      count_ += n;
      return true;
    }
    AddSlow(index, n);
    return true;
  }

  // Takes back `n` earlier Add(v, ...). Returns false when v is not a valid
  // value or fewer than `n` are recorded in its bucket (then it removes what
  // is there).
  bool Remove(double v, uint64_t n = 1) {
    if (!(v >= 0 && v <= std::numeric_limits<double>::max())) return false;
    if (n == 0) return true;
    uint64_t taken = 0;
    if (v < std::numeric_limits<double>::min()) {
      taken = std::min(n, zero_count_);
      zero_count_ -= taken;
    } else {
      const int64_t index = std::max(IndexOf(v), floor_);
      if (index >= offset_ && index - offset_ < window_size()) {
        Visit([&](auto& counts) {
          auto& c = counts[static_cast<size_t>(index - offset_)];
          taken = std::min<uint64_t>(n, c);
          c -= static_cast<CounterOf<decltype(counts)>>(taken);
        });
      }
    }
    count_ -= taken;
    return taken == n;
  }

  // Adds other's counts. With the same relative accuracy this is exact (then
  // collapses to this sketch's max_buckets if needed); otherwise other's
  // buckets are re-added at their representative values, and the error
  // bound becomes the sum of both accuracies. False (and nothing changes)
  // when the count would overflow; no bucket can overflow then, as the
  // buckets sum to the count.
  [[nodiscard]] bool Merge(const QuantileSketch& other) {
    if (&other == this) {
      const QuantileSketch copy = other;
      return Merge(copy);
    }
    if (other.count_ > std::numeric_limits<uint64_t>::max() - count_) return false;
    if (other.count_ == 0 && other.floor_ <= floor_) return true;
    if (other.gamma_ != gamma_) {
      Add(0, other.zero_count_);
      other.ForEachBucket([&](int64_t index, uint64_t c) { Add(other.ValueOf(index), c); });
      return true;
    }
    FitCountsFor(other.count_);
    floor_ = std::max(floor_, other.floor_);
    const IndexRange mine = NonzeroRange();
    const IndexRange theirs = other.NonzeroRange();
    if (!theirs.empty()) {
      int64_t lo = std::max(theirs.lo, floor_);
      int64_t hi = std::max(theirs.hi, floor_);
      if (!mine.empty()) {
        lo = std::min(lo, std::max(mine.lo, floor_));
        hi = std::max(hi, mine.hi);
      }
      if (hi - lo + 1 > max_buckets_) {
        floor_ = hi - max_buckets_ + 1;
        lo = floor_;
      }
      const bool fits = lo >= offset_ && hi - offset_ < window_size();
      if (!fits || (collapsed() && offset_ < floor_)) Rewindow(lo, hi);
      Visit([&](auto& counts) {
        other.ForEachBucket([&](int64_t index, uint64_t c) {
          counts[static_cast<size_t>(std::max(index, floor_) - offset_)] +=
              static_cast<CounterOf<decltype(counts)>>(c);
        });
      });
    } else if (collapsed() && offset_ < floor_ && window_size() > 0) {
      // Their floor is higher: fold our low buckets up to it.
      Rewindow(floor_, std::max(offset_ + window_size() - 1, floor_));
    }
    zero_count_ += other.zero_count_;
    count_ += other.count_;
    return true;
  }

  // The value at quantile q in [0, 1] (0 = smallest, 0.5 = median, 1 =
  // largest), within the relative accuracy; nullopt when empty or q is
  // outside [0, 1].
  std::optional<double> Quantile(double q) const {
    if (count_ == 0 || !(q >= 0 && q <= 1)) return std::nullopt;
    const double rank = q * static_cast<double>(count_ - 1);
    uint64_t seen = zero_count_;
    if (static_cast<double>(seen) > rank) return 0.0;
    std::optional<double> answer;
    int64_t last = 0;
    ForEachBucketWhile([&](int64_t index, uint64_t c) {
      seen += c;
      last = index;
      if (static_cast<double>(seen) > rank) {
        answer = ValueOf(index);
        return false;
      }
      return true;
    });
    return answer ? answer : ValueOf(last);  // rounding of rank near count
  }

  // The value of the element of 0-based rank `rank` in sorted order, within
  // the relative accuracy; nullopt when rank >= count.
  std::optional<double> ValueAtRank(uint64_t rank) const {
    if (rank >= count_) return std::nullopt;
    uint64_t seen = zero_count_;
    if (seen > rank) return 0.0;
    std::optional<double> answer;
    ForEachBucketWhile([&](int64_t index, uint64_t c) {
      seen += c;
      if (seen > rank) answer = ValueOf(index);
      return !answer;
    });
    return answer;
  }

  uint64_t count() const { return count_; }
  uint64_t zero_count() const { return zero_count_; }
  bool empty() const { return count_ == 0; }
  double relative_accuracy() const { return relative_accuracy_; }
  size_t max_buckets() const { return static_cast<size_t>(max_buckets_); }
  // Whether low buckets have been folded (low quantiles then lose accuracy).
  bool collapsed() const { return floor_ != kNoFloor; }

  // Calls f(bucket index, count) for every non-empty bucket, lowest first.
  template <typename F>
  void ForEachBucket(F&& f) const {
    ForEachBucketWhile([&](int64_t index, uint64_t c) {
      f(index, c);
      return true;
    });
  }
  // The value bucket `index` answers with.
  double ValueOf(int64_t index) const {
    // exp(i log gamma) * 2 / (1 + gamma), computed in log space so the top
    // bucket does not overflow.
    const double v = std::exp(static_cast<double>(index) * log_gamma_ + std::log(2 / (1 + gamma_)));
    return std::clamp(v, std::numeric_limits<double>::min(), std::numeric_limits<double>::max());
  }
  int64_t IndexOf(double v) const {  // v positive and finite
    const double x = std::log(v) * multiplier_;
    const int64_t i = static_cast<int64_t>(x);  // truncates toward zero
    return i + (static_cast<double>(i) < x);    // … so this is ceil(x)
  }

  // Layout after the preamble:
  //   relative accuracy (double)   max_buckets (varint)   zero count (varint)
  //   collapsed (u8 0/1), then the floor index (zigzag varint) when 1
  //   bucket count n (varint), then when n > 0 the first index (zigzag
  //   varint) and n counts (varints) for consecutive indices, the first and
  //   last non-zero.
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kQuantileSketch);
    w.Double(relative_accuracy_);
    w.Varint(static_cast<uint64_t>(max_buckets_));
    w.Varint(zero_count_);
    w.U8(collapsed() ? 1 : 0);
    if (collapsed()) w.SignedVarint(floor_);
    const IndexRange range = NonzeroRange();
    if (range.empty()) {
      w.Varint(0);
    } else {
      w.Varint(static_cast<uint64_t>(range.hi - range.lo + 1));
      w.SignedVarint(range.lo);
      Visit([&](const auto& counts) {
        for (int64_t i = range.lo; i <= range.hi; ++i) {
          w.Varint(counts[static_cast<size_t>(i - offset_)]);
        }
      });
    }
    return std::move(w).Finish();
  }

  static absl::StatusOr<QuantileSketch> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kQuantileSketch);
    const double accuracy = r.Double();
    r.Check(accuracy >= kMinRelativeAccuracy && accuracy <= kMaxRelativeAccuracy,
            "relative accuracy out of range");
    const uint64_t max_buckets = r.VarintIn(kMinBuckets, kMaxBuckets, "max_buckets");
    if (!r.ok()) return r.Finish();
    QuantileSketch s(accuracy, max_buckets);
    const int64_t min_index = s.IndexOf(std::numeric_limits<double>::min());
    const int64_t max_index = s.IndexOf(std::numeric_limits<double>::max());
    s.zero_count_ = r.Varint();
    const uint8_t collapsed = r.U8();
    r.Check(collapsed <= 1, "bad collapsed flag");
    if (collapsed == 1) {
      s.floor_ = r.SignedVarint();
      r.Check(s.floor_ >= min_index && s.floor_ <= max_index, "floor index out of range");
    }
    const size_t n = r.Count(1, max_buckets, "bucket");
    uint64_t total = s.zero_count_;
    if (n > 0 && r.ok()) {
      const int64_t first = r.SignedVarint();
      if (!r.Check(first >= min_index && first <= max_index - static_cast<int64_t>(n) + 1,
                   "bucket index out of range")) {
        return r.Finish();
      }
      const int64_t last = first + static_cast<int64_t>(n) - 1;
      if (s.collapsed() && !r.Check(first >= s.floor_ && last - s.floor_ < s.max_buckets_,
                                    "buckets outside the collapsed range")) {
        return r.Finish();
      }
      std::vector<uint64_t> counts(n);
      for (size_t i = 0; i < n && r.ok(); ++i) {
        counts[i] = r.Varint();
        r.Check(counts[i] <= std::numeric_limits<uint64_t>::max() - total, "count overflows");
        total += counts[i];
      }
      r.Check(counts.front() != 0 && counts.back() != 0, "non-canonical bucket range");
      s.offset_ = first;
      s.counts_ = std::move(counts);
      s.UseWidth(WidthFor(total));
    }
    if (absl::Status st = r.Finish(); !st.ok()) return st;
    s.count_ = total;
    return s;
  }

  // Same parameters, and the same count in every bucket.
  bool operator==(const QuantileSketch& other) const {
    if (relative_accuracy_ != other.relative_accuracy_ || max_buckets_ != other.max_buckets_ ||
        count_ != other.count_ || zero_count_ != other.zero_count_ || floor_ != other.floor_) {
      return false;
    }
    std::vector<std::pair<int64_t, uint64_t>> a, b;
    ForEachBucket([&](int64_t i, uint64_t c) { a.emplace_back(i, c); });
    other.ForEachBucket([&](int64_t i, uint64_t c) { b.emplace_back(i, c); });
    return a == b;
  }

  size_t MemoryBytes() const {
    return sizeof(*this) + Visit<size_t>([](const auto& counts) {
             return counts.capacity() * sizeof(CounterOf<decltype(counts)>);
           });
  }

 private:
  // Bucket counts are as narrow as the total allows: 8, 16, 32 or 64 bits.
  // A sketch of an hour's few dozen samples then costs a byte per bucket.
  using Counts = std::variant<std::vector<uint8_t>, std::vector<uint16_t>, std::vector<uint32_t>,
                              std::vector<uint64_t>>;
  static constexpr uint64_t kWidthLimits[] = {
      std::numeric_limits<uint8_t>::max(), std::numeric_limits<uint16_t>::max(),
      std::numeric_limits<uint32_t>::max(), std::numeric_limits<uint64_t>::max()};
  template <typename CountsRef>
  using CounterOf = typename std::remove_cvref_t<CountsRef>::value_type;
  static constexpr int64_t kNoFloor = std::numeric_limits<int64_t>::min();

  int64_t window_size() const {
    return Visit<int64_t>([](const auto& counts) { return static_cast<int64_t>(counts.size()); });
  }

  // Runs f on the live count array, whatever its counter width.
  template <typename R = void, typename F>
  R Visit(F&& f) {
    return std::visit([&](auto& counts) -> R { return f(counts); }, counts_);
  }
  template <typename R = void, typename F>
  R Visit(F&& f) const {
    return std::visit([&](const auto& counts) -> R { return f(counts); }, counts_);
  }

  template <typename F>
  void ForEachBucketWhile(F&& f) const {
    Visit([&](const auto& counts) {
      for (size_t s = 0; s < counts.size(); ++s) {
        if (counts[s] != 0 && !f(offset_ + static_cast<int64_t>(s), uint64_t{counts[s]})) return;
      }
    });
  }

  // Bucket indices lo..hi, both included.
  struct IndexRange {
    int64_t lo = 0;
    int64_t hi = -1;
    bool empty() const { return hi < lo; }
  };
  // The lowest and highest non-empty bucket indices.
  IndexRange NonzeroRange() const {
    return Visit<IndexRange>([&](const auto& counts) {
      size_t lo = 0, hi = counts.size();
      while (lo < hi && counts[lo] == 0) ++lo;
      while (hi > lo && counts[hi - 1] == 0) --hi;
      if (lo == hi) return IndexRange{};
      return IndexRange{offset_ + static_cast<int64_t>(lo), offset_ + static_cast<int64_t>(hi) - 1};
    });
  }

  // The narrowest counter width (variant index) that holds `total`.
  static size_t WidthFor(uint64_t total) {
    size_t width = 0;
    while (total > kWidthLimits[width]) ++width;
    return width;
  }
  // Re-stores the counts with the given width; every count must fit it.
  void UseWidth(size_t width) {
    switch (width) {
      case 0:
        return ConvertCounts<0>();
      case 1:
        return ConvertCounts<1>();
      case 2:
        return ConvertCounts<2>();
      default:
        return ConvertCounts<3>();
    }
  }
  template <size_t kWidth>
  void ConvertCounts() {
    if (counts_.index() == kWidth) return;
    using Target = std::variant_alternative_t<kWidth, Counts>;
    Target converted =
        Visit<Target>([](const auto& counts) { return Target(counts.begin(), counts.end()); });
    counts_ = std::move(converted);
  }
  // Widens the counters, if needed, so the total can grow by `more`.
  void FitCountsFor(uint64_t more) {
    const uint64_t total = more > kWidthLimits[3] - count_ ? kWidthLimits[3] : count_ + more;
    if (total > kWidthLimits[counts_.index()]) UseWidth(WidthFor(total));
  }

  // Moves every count into a new window [lo, hi]; counts below the floor go
  // to the floor bucket. The window must hold all (floored) counts.
  void Rewindow(int64_t lo, int64_t hi) {
    Visit([&](auto& counts) {
      using Counts = std::remove_reference_t<decltype(counts)>;
      Counts fresh(static_cast<size_t>(hi - lo + 1));
      for (size_t s = 0; s < counts.size(); ++s) {
        if (counts[s] == 0) continue;
        const int64_t index = std::max(offset_ + static_cast<int64_t>(s), floor_);
        fresh[static_cast<size_t>(index - lo)] += counts[s];
      }
      counts.swap(fresh);
    });
    offset_ = lo;
  }

  // Add outside the fast path: below the floor, outside the window, or the
  // counts must widen first.
  void AddSlow(int64_t index, uint64_t n) {
    FitCountsFor(n);
    index = std::max(index, floor_);
    if (index < offset_ || index - offset_ >= window_size()) {
      int64_t lo = index, hi = index;
      if (const IndexRange range = NonzeroRange(); !range.empty()) {
        lo = std::min(lo, range.lo);
        hi = std::max(hi, range.hi);
      }
      if (hi - lo + 1 > max_buckets_) {  // collapse the lowest buckets
        floor_ = hi - max_buckets_ + 1;
        index = std::max(index, floor_);
        lo = floor_;
      }
      // Leave room to grow so a slowly widening range rarely re-allocates.
      const int64_t pad = std::max<int64_t>(32, (hi - lo) / 8);
      int64_t window_hi = std::min(hi + pad, lo + max_buckets_ - 1);
      int64_t window_lo = std::max(lo - pad, window_hi - max_buckets_ + 1);
      if (floor_ != kNoFloor) window_lo = std::max(window_lo, floor_);
      Rewindow(window_lo, window_hi);
    }
    Visit([&](auto& counts) {
      counts[static_cast<size_t>(index - offset_)] += static_cast<CounterOf<decltype(counts)>>(n);
    });
    count_ += n;
  }

  double relative_accuracy_;
  double gamma_;
  double log_gamma_;
  double multiplier_;  // 1 / log(gamma)
  int64_t max_buckets_;
  uint64_t count_ = 0;
  uint64_t zero_count_ = 0;
  int64_t floor_ = kNoFloor;  // once collapsed: every bucket below is folded here
  int64_t offset_ = 0;        // bucket index of counts[0]
  Counts counts_;
};

}  // namespace csm

#endif  // CSM_ACCUM_QUANTILE_SKETCH_H_
