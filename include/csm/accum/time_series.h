// TimeSeries<Acc>: one accumulator per time bucket (hour, day, ISO week,
// month or all time) in a report time zone — see grain.h for how instants
// fall into buckets, DST included.
//
// Acc is any accumulator of this directory (or a type with the same
// Merge / Serialize / Deserialize / operator== / MemoryBytes). New buckets
// start as copies of a prototype, so a series of QuantileSketch or
// Histogram keeps its parameters. Buckets iterate in time order.
//
// Roll-up and Merge combine buckets by the accumulators' Merge, so they are
// exact whenever the finer buckets nest in the coarser ones (Nests() in
// grain.h) and the accumulator's merge is.
#ifndef CSM_ACCUM_TIME_SERIES_H_
#define CSM_ACCUM_TIME_SERIES_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "csm/accum/grain.h"
#include "csm/accum/merge_into.h"
#include "csm/accum/wire.h"
#include "csm/model/time_zone.h"
#include "csm/time.h"

namespace csm {

template <typename Acc>
class TimeSeries {
 public:
  using Buckets = std::map<Instant, Acc>;  // bucket start -> accumulator
  using iterator = typename Buckets::iterator;
  using const_iterator = typename Buckets::const_iterator;

  // A null zone means UTC.
  TimeSeries(Grain grain, const TimeZone* tz, Acc prototype = Acc())
      : grain_(grain), tz_(tz), prototype_(std::move(prototype)) {}

  // The accumulator of the bucket holding t, created from the prototype if
  // new. Consecutive calls in the same bucket skip the zone arithmetic.
  Acc& At(Instant t) {
    if (last_.acc != nullptr && t >= last_.bucket.start && t < last_.bucket.end) {
      return *last_.acc;
    }
    const TimeBucket bucket = BucketOf(t, grain_, tz_);
    Acc& acc = buckets_.try_emplace(bucket.start, prototype_).first->second;
    last_.bucket = bucket;
    last_.acc = &acc;
    return acc;
  }
  // The bucket holding t, or null when it has none.
  const Acc* Find(Instant t) const {
    const auto it = buckets_.find(BucketStart(t, grain_, tz_));
    return it == buckets_.end() ? nullptr : &it->second;
  }

  // The same data in coarser buckets: each bucket is merged into the
  // coarser bucket holding its start. Nullopt when a coarser bucket's
  // counts would overflow (only crafted or corrupt states get there).
  std::optional<TimeSeries> RollUp(Grain coarser) const {
    TimeSeries result(coarser, tz_, prototype_);
    for (const auto& [start, acc] : buckets_) {
      if (!MergeInto(result.At(start), acc)) return std::nullopt;
    }
    return result;
  }

  // Merges other's buckets into the buckets holding their starts (the same
  // buckets when grain and zone agree). False, and nothing changes, when a
  // bucket's counts would overflow.
  [[nodiscard]] bool Merge(const TimeSeries& other) {
    // All or nothing: the buckets other touches are merged into copies,
    // which replace them only once every one merged.
    std::map<Instant, Acc> touched;
    for (const auto& [start, acc] : other.buckets_) {
      const Instant mine = BucketStart(start, grain_, tz_);
      auto [it, fresh] = touched.try_emplace(mine, prototype_);
      if (fresh) {
        if (const auto found = buckets_.find(mine); found != buckets_.end()) {
          it->second = found->second;
        }
      }
      if (!MergeInto(it->second, acc)) return false;
    }
    for (auto& [start, acc] : touched) buckets_.insert_or_assign(start, std::move(acc));
    return true;
  }

  Grain grain() const { return grain_; }
  const TimeZone* zone() const { return tz_; }
  const Acc& prototype() const { return prototype_; }
  const Buckets& buckets() const { return buckets_; }
  size_t size() const { return buckets_.size(); }
  bool empty() const { return buckets_.empty(); }
  iterator begin() { return buckets_.begin(); }
  iterator end() { return buckets_.end(); }
  const_iterator begin() const { return buckets_.begin(); }
  const_iterator end() const { return buckets_.end(); }

  // Layout after the preamble: grain (u8), zone name (length-prefixed, empty
  // for UTC), prototype (length-prefixed bytes of Acc), bucket count n
  // (varint), then n buckets in time order: start (epoch milliseconds, the
  // first as a zigzag varint, then the gap to the previous start) and the
  // accumulator (length-prefixed bytes).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kTimeSeries);
    w.U8(static_cast<uint8_t>(grain_));
    w.Bytes(tz_ == nullptr ? std::string_view() : std::string_view(tz_->name()));
    w.Bytes(prototype_.Serialize());
    w.Varint(buckets_.size());
    bool first = true;
    int64_t previous = 0;
    for (const auto& [start, acc] : buckets_) {
      const int64_t ms = ToEpochMs(start);
      if (first) {
        w.SignedVarint(ms);
      } else {
        w.Varint(static_cast<uint64_t>(ms) - static_cast<uint64_t>(previous));
      }
      first = false;
      previous = ms;
      w.Bytes(acc.Serialize());
    }
    return std::move(w).Finish();
  }

  static absl::StatusOr<TimeSeries> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kTimeSeries);
    const uint8_t grain = r.U8();
    r.Check(grain <= static_cast<uint8_t>(kLastGrain), "bad grain");
    const std::string_view zone_name = r.Bytes(kMaxZoneName, "zone name");
    const std::string_view prototype_bytes = r.Bytes(bytes.size(), "prototype");
    if (!r.ok()) return r.Finish();
    const TimeZone* tz = nullptr;
    if (!zone_name.empty()) {
      absl::StatusOr<const TimeZone*> located = TimeZone::Locate(zone_name);
      if (!located.ok()) return absl::DataLossError(located.status().message());
      tz = *located;
    }
    absl::StatusOr<Acc> prototype = Acc::Deserialize(prototype_bytes);
    if (!prototype.ok()) return Nested("prototype", prototype.status());
    TimeSeries series(static_cast<Grain>(grain), tz, *std::move(prototype));
    // A bucket takes at least a start byte, a length byte and a preamble.
    const size_t n = r.Count(2 + wire::kPreambleBytes, bytes.size(), "bucket");
    int64_t ms = 0;
    for (size_t i = 0; i < n && r.ok(); ++i) {
      if (i == 0) {
        ms = r.SignedVarint();
      } else {
        const uint64_t gap = r.Varint();
        // Unsigned: the kAll bucket starts at the smallest int64.
        const uint64_t room =
            static_cast<uint64_t>(ToEpochMs(kMaxInstant)) - static_cast<uint64_t>(ms);
        if (!r.Check(gap > 0 && gap <= room, "bucket starts not increasing")) {
          break;
        }
        ms = static_cast<int64_t>(static_cast<uint64_t>(ms) + gap);  // <= kMaxInstant
      }
      const std::string_view acc_bytes = r.Bytes(bytes.size(), "bucket");
      if (!r.ok()) break;
      const Instant start = FromEpochMs(ms);
      if (!r.Check(BucketStart(start, series.grain_, tz) == start, "not a bucket start")) {
        break;
      }
      absl::StatusOr<Acc> acc = Acc::Deserialize(acc_bytes);
      if (!acc.ok()) return Nested("bucket", acc.status());
      series.buckets_.emplace_hint(series.buckets_.end(), start, *std::move(acc));
    }
    if (absl::Status s = r.Finish(); !s.ok()) return s;
    return series;
  }

  // Same grain, zone and prototype, and equal buckets.
  bool operator==(const TimeSeries& other) const {
    return grain_ == other.grain_ && tz_ == other.tz_ && prototype_ == other.prototype_ &&
           buckets_ == other.buckets_;
  }

  size_t MemoryBytes() const {
    size_t bytes = sizeof(*this) + prototype_.MemoryBytes() - sizeof(Acc);
    for (const auto& [start, acc] : buckets_) {
      bytes += kMapNodeOverhead + sizeof(Instant) + acc.MemoryBytes();
    }
    return bytes;
  }

 private:
  static constexpr size_t kMaxZoneName = 255;
  // A std::map node: three links and a colour, padded.
  static constexpr size_t kMapNodeOverhead = 4 * sizeof(void*);

  static absl::Status Nested(std::string_view what, const absl::Status& inner) {
    return absl::Status(inner.code(), absl::StrCat(wire::AsAbsl(what), ": ", inner.message()));
  }

  // The last bucket At() touched; copies and moves start without it, so it
  // never points into another series.
  struct LastBucket {
    TimeBucket bucket{};
    Acc* acc = nullptr;
    LastBucket() = default;
    LastBucket(const LastBucket&) {}
    LastBucket& operator=(const LastBucket&) {
      acc = nullptr;
      return *this;
    }
  };

  Grain grain_;
  const TimeZone* tz_;
  Acc prototype_;
  Buckets buckets_;
  LastBucket last_;
};

}  // namespace csm

#endif  // CSM_ACCUM_TIME_SERIES_H_
