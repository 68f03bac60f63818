// TopK: the most frequent keys (top contact reasons, busiest customers …)
// with their counts and shares, in bounded memory.
//
// Up to `capacity` distinct keys every count is exact. Past that it is the
// Space-Saving summary (Metwally, Agrawal, El Abbadi 2005): a new key takes
// the slot of the least counted one and inherits its count as its error, so
// for each tracked key
//
//   count - error <= true count <= count
//
// and no untracked key occurs more than untracked_bound() times (at most
// total / capacity). Merging sums both sides' counts (a key missing on one
// side is charged that side's untracked bound, as count and error), then
// keeps the `capacity` largest (Agarwal et al., "Mergeable summaries",
// 2012): exact — hence associative and commutative — while the union fits,
// and always commutative and within the bounds above.
//
// Keys are 64-bit ids (the engine passes interned ids). Ties rank the
// smaller key first, so results never depend on hash order.
#ifndef CSM_ACCUM_TOP_K_H_
#define CSM_ACCUM_TOP_K_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "csm/accum/wire.h"

namespace csm {

class TopK {
 public:
  static constexpr size_t kDefaultCapacity = 1024;
  static constexpr size_t kMaxCapacity = size_t{1} << 20;

  struct Item {
    uint64_t key = 0;
    uint64_t count = 0;  // upper bound of the true count (exact while exact())
    uint64_t error = 0;  // count - error is a lower bound of the true count
    bool operator==(const Item&) const = default;
  };

  // Capacity is clamped into [1, kMaxCapacity].
  explicit TopK(size_t capacity = kDefaultCapacity)
      : capacity_(std::clamp<size_t>(capacity, 1, kMaxCapacity)) {}

  void Add(uint64_t key, uint64_t n = 1) {
    if (n == 0) return;
    total_ += n;
    if (const auto it = position_.find(key); it != position_.end()) {
      // Read once, changed in registers: bumping the count in place and
      // reading the item back whole would stall on store forwarding.
      Item item = heap_[it->second];
      item.count += n;
      SiftDown(it->second, item);
      return;
    }
    if (heap_.size() < capacity_) {
      heap_.push_back({key, untracked_bound_ + n, untracked_bound_});
      position_[key] = static_cast<uint32_t>(heap_.size() - 1);
      SiftUp(heap_.size() - 1);
      return;
    }
    // Space-Saving: the least counted key leaves; the newcomer may have
    // occurred up to that many times unseen.
    Item& least = heap_.front();
    untracked_bound_ = std::max(untracked_bound_, least.count);
    position_.erase(least.key);
    least = {key, untracked_bound_ + n, untracked_bound_};
    position_[key] = 0;
    SiftDown(0);
  }

  // Takes back `n` earlier Add(key, ...). Returns false when the summary
  // knows fewer than `n` were recorded for the key (then it removes what is
  // there). The bounds stay valid as long as the key really had `n`.
  bool Remove(uint64_t key, uint64_t n = 1) {
    if (n == 0) return true;
    const auto it = position_.find(key);
    if (it == position_.end()) {
      if (exact()) return false;  // the key was never added
      total_ -= std::min(n, total_);
      return true;
    }
    const size_t pos = it->second;
    Item item = heap_[pos];
    const uint64_t taken = std::min(n, item.count);
    item.count -= taken;
    item.error = std::min(item.error, item.count);
    total_ -= std::min(taken, total_);
    if (item.count == 0) {
      EraseAt(pos);
    } else {
      SiftUp(pos, item);
    }
    return taken == n;
  }

  // False (and nothing changes) when a count, error bound or the total
  // would overflow, which only crafted or corrupt states can bring about.
  [[nodiscard]] bool Merge(const TopK& other) {
    if (&other == this) {
      const TopK copy = other;
      return Merge(copy);
    }
    bool fits = true;
    const auto sum = [&fits](uint64_t a, uint64_t b) {
      uint64_t out = 0;
      if (__builtin_add_overflow(a, b, &out)) fits = false;
      return out;
    };
    std::vector<Item> merged;
    merged.reserve(heap_.size() + other.heap_.size());
    for (const Item& mine : heap_) {
      const Item theirs = other.Get(mine.key);
      merged.push_back({mine.key, sum(mine.count, theirs.count), sum(mine.error, theirs.error)});
    }
    for (const Item& theirs : other.heap_) {
      if (position_.contains(theirs.key)) continue;
      merged.push_back(
          {theirs.key, sum(theirs.count, untracked_bound_), sum(theirs.error, untracked_bound_)});
    }
    uint64_t bound = sum(untracked_bound_, other.untracked_bound_);
    const uint64_t total = sum(total_, other.total_);
    if (!fits) return false;
    if (merged.size() > capacity_) {
      std::nth_element(merged.begin(), merged.begin() + static_cast<ptrdiff_t>(capacity_),
                       merged.end(), RanksAbove);
      for (size_t i = capacity_; i < merged.size(); ++i) bound = std::max(bound, merged[i].count);
      merged.resize(capacity_);
    }
    untracked_bound_ = bound;
    total_ = total;
    heap_ = std::move(merged);
    Heapify();
    return true;
  }

  // The k most frequent keys, most frequent first (ties: smaller key first).
  std::vector<Item> Top(size_t k) const {
    std::vector<Item> top = heap_;
    k = std::min(k, top.size());
    std::partial_sort(top.begin(), top.begin() + static_cast<ptrdiff_t>(k), top.end(), RanksAbove);
    top.resize(k);
    return top;
  }
  // What the summary knows of one key; an untracked key gets the untracked
  // bound as count and error.
  Item Get(uint64_t key) const {
    if (const auto it = position_.find(key); it != position_.end()) return heap_[it->second];
    return {key, untracked_bound_, untracked_bound_};
  }
  // A key's share of all occurrences, from its count (an upper bound).
  double Share(const Item& item) const {
    return total_ == 0 ? 0.0 : static_cast<double>(item.count) / static_cast<double>(total_);
  }

  // Occurrences added (less those removed), tracked or not.
  uint64_t total() const { return total_; }
  size_t capacity() const { return capacity_; }
  size_t size() const { return heap_.size(); }
  // True while every count is exact (no key ever had to be evicted).
  bool exact() const { return untracked_bound_ == 0; }
  uint64_t untracked_bound() const { return untracked_bound_; }

  // Layout after the preamble: capacity, total, untracked bound, item count
  // n (varints); then n items in increasing key order: key (the first as a
  // varint, then the gap to the previous key), count, error (varints).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kTopK);
    w.Varint(capacity_);
    w.Varint(total_);
    w.Varint(untracked_bound_);
    w.Varint(heap_.size());
    uint64_t previous = 0;
    for (const Item& item : SortedByKey()) {
      w.Varint(item.key - previous);
      w.Varint(item.count);
      w.Varint(item.error);
      previous = item.key;
    }
    return std::move(w).Finish();
  }
  static absl::StatusOr<TopK> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kTopK);
    TopK t(r.VarintIn(1, kMaxCapacity, "capacity"));
    t.total_ = r.Varint();
    t.untracked_bound_ = r.Varint();
    const size_t n = r.Count(3, t.capacity_, "item");
    t.heap_.reserve(n);
    uint64_t key = 0;
    uint64_t sure = 0;  // sum of count - error: occurrences surely seen
    for (size_t i = 0; i < n && r.ok(); ++i) {
      const uint64_t gap = r.Varint();
      r.Check(i == 0 || gap > 0, "keys not strictly increasing");
      r.Check(gap <= std::numeric_limits<uint64_t>::max() - key, "key overflows");
      key += gap;
      const uint64_t count = r.Varint();
      const uint64_t error = r.Varint();
      r.Check(count > 0 && error <= count && error <= t.untracked_bound_, "inconsistent item");
      r.Check(count - error <= t.total_ - sure, "items exceed the total");
      sure += count - error;
      t.heap_.push_back({key, count, error});
    }
    r.Check(!t.exact() || sure == t.total_, "exact counts do not sum to the total");
    if (absl::Status s = r.Finish(); !s.ok()) return s;
    t.Heapify();
    return t;
  }

  // Same capacity, total and bound, and the same items.
  bool operator==(const TopK& other) const {
    return capacity_ == other.capacity_ && total_ == other.total_ &&
           untracked_bound_ == other.untracked_bound_ && SortedByKey() == other.SortedByKey();
  }

  size_t MemoryBytes() const {
    return sizeof(*this) + heap_.capacity() * sizeof(Item) +
           position_.capacity() * (sizeof(std::pair<uint64_t, uint32_t>) + 1);
  }

 private:
  // Higher count first, then smaller key.
  static bool RanksAbove(const Item& a, const Item& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  }

  std::vector<Item> SortedByKey() const {
    std::vector<Item> items = heap_;
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.key < b.key; });
    return items;
  }

  // heap_ is a binary heap with the lowest-ranked item on top (the next to
  // evict); position_ maps each key to its slot.
  void Place(size_t pos, const Item& item) {
    heap_[pos] = item;
    position_[item.key] = static_cast<uint32_t>(pos);
  }
  // Sift `item` (the item at `pos`, perhaps with a new count) from `pos`.
  // An item that stays where it is gets no position_ write: the common case
  // of a count going up by one.
  void SiftUp(size_t pos) { SiftUp(pos, heap_[pos]); }
  void SiftUp(size_t pos, const Item item) {
    if (pos == 0 || !RanksAbove(heap_[(pos - 1) / 2], item)) {
      heap_[pos] = item;
      return;
    }
    while (pos > 0) {
      const size_t parent = (pos - 1) / 2;
      if (!RanksAbove(heap_[parent], item)) break;
      Place(pos, heap_[parent]);
      pos = parent;
    }
    Place(pos, item);
  }
  void SiftDown(size_t pos) { SiftDown(pos, heap_[pos]); }
  void SiftDown(size_t pos, const Item item) {
    const size_t n = heap_.size();
    const size_t start = pos;
    while (true) {
      size_t child = 2 * pos + 1;
      if (child >= n) break;
      if (child + 1 < n && RanksAbove(heap_[child], heap_[child + 1])) ++child;
      if (!RanksAbove(item, heap_[child])) break;
      Place(pos, heap_[child]);
      pos = child;
    }
    if (pos != start) {
      Place(pos, item);
    } else {
      heap_[pos] = item;
    }
  }
  void EraseAt(size_t pos) {
    position_.erase(heap_[pos].key);
    const Item last = heap_.back();
    heap_.pop_back();
    if (pos == heap_.size()) return;
    Place(pos, last);
    SiftUp(pos);
    SiftDown(position_[last.key]);
  }
  void Heapify() {
    position_.clear();
    for (size_t i = 0; i < heap_.size(); ++i) {
      position_[heap_[i].key] = static_cast<uint32_t>(i);
    }
    for (size_t i = heap_.size() / 2; i-- > 0;) SiftDown(i);
  }

  size_t capacity_;
  uint64_t total_ = 0;
  uint64_t untracked_bound_ = 0;  // no untracked key occurred more often
  std::vector<Item> heap_;
  absl::flat_hash_map<uint64_t, uint32_t> position_;
};

}  // namespace csm

#endif  // CSM_ACCUM_TOP_K_H_
