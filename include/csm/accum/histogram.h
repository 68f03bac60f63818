// Histogram: counts over fixed edges (the response-time distribution a
// support lead reads: under 1 h, 1–2 h, 2–6 h …). Exact, mergeable and
// retractable.
//
// With edges e0 < e1 < … < e(k-1) there are k + 1 buckets: bucket 0 is
// (-inf, e0), bucket i is [e(i-1), e(i)), bucket k is [e(k-1), +inf).
#ifndef CSM_ACCUM_HISTOGRAM_H_
#define CSM_ACCUM_HISTOGRAM_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "csm/accum/wire.h"

namespace csm {

class Histogram {
 public:
  static constexpr size_t kMaxEdges = 4096;

  // 1 h, 2 h, 6 h, 12 h, 24 h, 48 h, in seconds.
  static std::vector<double> DefaultEdges() { return {3600, 7200, 21600, 43200, 86400, 172800}; }

  Histogram() : Histogram(DefaultEdges()) {}
  // Edges must be finite and strictly increasing, at most kMaxEdges; other
  // edges are repaired (non-finite dropped, sorted, duplicates removed,
  // truncated). Create() reports them instead.
  explicit Histogram(std::vector<double> edges) : edges_(std::move(edges)) {
    if (!ValidEdges(edges_)) {
      std::erase_if(edges_, [](double e) { return !std::isfinite(e); });
      std::sort(edges_.begin(), edges_.end());
      edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
      if (edges_.size() > kMaxEdges) edges_.resize(kMaxEdges);
    }
    counts_.assign(edges_.size() + 1, 0);
  }

  static absl::StatusOr<Histogram> Create(std::vector<double> edges) {
    if (!ValidEdges(edges)) {
      return absl::InvalidArgumentError(
          "histogram edges must be finite, strictly increasing and at most 4096");
    }
    return Histogram(std::move(edges));
  }

  // Index of the bucket holding v.
  size_t BucketOf(double v) const {
    return static_cast<size_t>(std::upper_bound(edges_.begin(), edges_.end(), v) - edges_.begin());
  }

  // Returns false and changes nothing when v is NaN.
  bool Add(double v, uint64_t n = 1) {
    if (std::isnan(v)) return false;
    counts_[BucketOf(v)] += n;
    total_ += n;
    return true;
  }
  // Takes back `n` earlier Add(v, ...). Returns false when v is NaN or fewer
  // than `n` are recorded in its bucket (then it removes what is there).
  bool Remove(double v, uint64_t n = 1) {
    if (std::isnan(v)) return false;
    uint64_t& c = counts_[BucketOf(v)];
    const uint64_t taken = std::min(c, n);
    c -= taken;
    total_ -= taken;
    return taken == n;
  }

  // Adds other's counts: exact when the edges are equal; otherwise each of
  // other's buckets goes whole into the bucket holding its lower edge.
  // False (and nothing changes) when the total would overflow; no bucket
  // can overflow then, as the counts sum to the total.
  [[nodiscard]] bool Merge(const Histogram& other) {
    if (other.total_ > std::numeric_limits<uint64_t>::max() - total_) return false;
    if (edges_ == other.edges_) {
      for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    } else {
      for (size_t i = 0; i < other.counts_.size(); ++i) {
        const double lower =
            i == 0 ? -std::numeric_limits<double>::infinity() : other.edges_[i - 1];
        counts_[BucketOf(lower)] += other.counts_[i];
      }
    }
    total_ += other.total_;
    return true;
  }

  const std::vector<double>& edges() const { return edges_; }
  // edges().size() + 1 counts; see the bucket layout above.
  const std::vector<uint64_t>& counts() const { return counts_; }
  uint64_t total() const { return total_; }

  // Layout after the preamble: edge count k (varint), k edges (finite,
  // strictly increasing doubles), k + 1 counts (varints).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kHistogram);
    w.Varint(edges_.size());
    for (double e : edges_) w.Double(e);
    for (uint64_t c : counts_) w.Varint(c);
    return std::move(w).Finish();
  }
  static absl::StatusOr<Histogram> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kHistogram);
    const size_t k = r.Count(sizeof(double) + 1, kMaxEdges, "edge");
    std::vector<double> edges(k);
    for (double& e : edges) e = r.FiniteDouble("edge");
    r.Check(
        std::adjacent_find(edges.begin(), edges.end(), std::greater_equal<double>()) == edges.end(),
        "edges not strictly increasing");
    if (!r.ok()) return r.Finish();
    Histogram h(std::move(edges));
    for (uint64_t& c : h.counts_) {
      c = r.Varint();
      r.Check(c <= std::numeric_limits<uint64_t>::max() - h.total_, "count overflows");
      h.total_ += c;
    }
    if (absl::Status s = r.Finish(); !s.ok()) return s;
    return h;
  }

  bool operator==(const Histogram&) const = default;
  size_t MemoryBytes() const {
    return sizeof(*this) + edges_.capacity() * sizeof(double) +
           counts_.capacity() * sizeof(uint64_t);
  }

 private:
  static bool ValidEdges(const std::vector<double>& edges) {
    if (edges.size() > kMaxEdges) return false;
    for (size_t i = 0; i < edges.size(); ++i) {
      if (!std::isfinite(edges[i]) || (i > 0 && !(edges[i - 1] < edges[i]))) return false;
    }
    return true;
  }

  std::vector<double> edges_;
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
};

}  // namespace csm

#endif  // CSM_ACCUM_HISTOGRAM_H_
