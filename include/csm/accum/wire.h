// The binary form every accumulator serializes to. A 6-byte preamble
//
//   magic "CSMA" | format version (u8) | type tag (u8)
//
// is followed by the type's parameters and state, little-endian throughout:
// fixed-width integers and IEEE-754 doubles byte by byte, counts as LEB128
// varints (signed ones zigzag-encoded), byte strings length-prefixed.
//
// The reader is for bytes nobody vouches for. It never reads past the end,
// never trusts a length or element count that the remaining input cannot hold
// (so a decoder never allocates more than the input justifies), accepts only
// the canonical encoding of each value (so a successful decode re-serializes
// to the very same bytes), and keeps the first error. Errors are sticky: after
// one, every read returns zero and Finish() reports it, so decoders can read
// a whole record and check once.
#ifndef CSM_ACCUM_WIRE_H_
#define CSM_ACCUM_WIRE_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace csm::wire {

inline constexpr char kMagic[4] = {'C', 'S', 'M', 'A'};
inline constexpr uint8_t kFormatVersion = 1;
inline constexpr size_t kPreambleBytes = 6;

// One tag per serializable type; values are pinned forever.
enum class Tag : uint8_t {
  kCount = 1,
  kRatio = 2,
  kMoments = 3,
  kQuantileSketch = 4,
  kHistogram = 5,
  kTopK = 6,
  kDistinct = 7,
  kTimeSeries = 8,
};

// Debian's Abseil has its own string_view type; convert at the call.
inline absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

inline std::string_view TagName(Tag tag) {
  switch (tag) {
    case Tag::kCount:
      return "Count";
    case Tag::kRatio:
      return "Ratio";
    case Tag::kMoments:
      return "Moments";
    case Tag::kQuantileSketch:
      return "QuantileSketch";
    case Tag::kHistogram:
      return "Histogram";
    case Tag::kTopK:
      return "TopK";
    case Tag::kDistinct:
      return "Distinct";
    case Tag::kTimeSeries:
      return "TimeSeries";
  }
  return "unknown";
}

class Writer {
 public:
  explicit Writer(Tag tag) {
    out_.append(kMagic, sizeof(kMagic));
    U8(kFormatVersion);
    U8(static_cast<uint8_t>(tag));
  }

  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Double(double v) { U64(std::bit_cast<uint64_t>(v)); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      U8(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    U8(static_cast<uint8_t>(v));
  }
  void SignedVarint(int64_t v) {
    // Zigzag: small magnitudes of either sign stay short.
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Bytes(std::string_view bytes) {
    Varint(bytes.size());
    out_.append(bytes.data(), bytes.size());
  }

  std::string Finish() && { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  // Reads the preamble and checks it announces `expected`. The reader views
  // `bytes` in place: they must outlive it.
  Reader(std::string_view bytes, Tag expected) : in_(bytes) {
    if (in_.size() < kPreambleBytes || in_.substr(0, 4) != std::string_view(kMagic, 4)) {
      Fail(absl::StrCat("not a csmetrics ", AsAbsl(TagName(expected)), ": bad magic or too short"));
      return;
    }
    pos_ = 4;
    const uint8_t version = U8();
    if (version != kFormatVersion) {
      status_ = absl::UnimplementedError(absl::StrCat("csmetrics format version ", int{version},
                                                      " is not supported (this library reads ",
                                                      int{kFormatVersion}, ")"));
      return;
    }
    const uint8_t tag = U8();
    if (tag != static_cast<uint8_t>(expected)) {
      Fail(absl::StrCat("bytes hold type tag ", int{tag}, ", not a ", AsAbsl(TagName(expected))));
    }
  }

  bool ok() const { return status_.ok(); }
  size_t remaining() const { return ok() ? in_.size() - pos_ : 0; }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(in_[pos_++])} << (8 * i);
    return v;
  }
  uint64_t U64() {
    if (!Need(8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(in_[pos_++])} << (8 * i);
    return v;
  }
  double Double() { return std::bit_cast<double>(U64()); }
  // A double that must be finite (NaN and infinities are corruption).
  double FiniteDouble(std::string_view what) {
    const double v = Double();
    if (ok() && !(v - v == 0)) Fail(absl::StrCat(AsAbsl(what), " is not finite"));
    return ok() ? v : 0;
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1)) return 0;
      const uint8_t byte = static_cast<uint8_t>(in_[pos_++]);
      if (shift == 63 && byte > 1) return Corrupt("varint overflows 64 bits");
      v |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) {
        // Canonical: no redundant trailing zero groups.
        if (byte == 0 && shift > 0) return Corrupt("non-canonical varint");
        return v;
      }
    }
    return Corrupt("varint longer than 10 bytes");
  }
  int64_t SignedVarint() {
    const uint64_t z = Varint();
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  // A varint that must lie in [lo, hi].
  uint64_t VarintIn(uint64_t lo, uint64_t hi, std::string_view what) {
    const uint64_t v = Varint();
    if (ok() && (v < lo || v > hi)) {
      Fail(absl::StrCat(AsAbsl(what), " ", v, " is outside [", lo, ", ", hi, "]"));
    }
    return ok() ? v : 0;
  }
  // An element count: at most `max`, and small enough that `min_bytes_each`
  // bytes per element still fit in the input. Callers may allocate for it.
  size_t Count(size_t min_bytes_each, size_t max, std::string_view what) {
    const uint64_t n = Varint();
    if (!ok()) return 0;
    if (n > max) return Corrupt(absl::StrCat(AsAbsl(what), " count ", n, " exceeds ", max));
    if (min_bytes_each > 0 && n > remaining() / min_bytes_each) {
      return Corrupt(absl::StrCat(AsAbsl(what), " count ", n, " exceeds what the input holds"));
    }
    return static_cast<size_t>(n);
  }
  // A length-prefixed byte string, viewed in place (no copy).
  std::string_view Bytes(size_t max, std::string_view what) {
    const size_t n = Count(1, max, what);
    if (!ok()) return {};
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }

  // Records `what` as the error unless one is already recorded; returns false
  // so `return r.Check(...)` and `if (!r.Check(...))` both read naturally.
  bool Check(bool condition, std::string_view what) {
    if (!condition) Fail(what);
    return ok();
  }
  void Fail(std::string_view what) {
    if (ok()) status_ = absl::DataLossError(AsAbsl(what));
  }

  // The outcome: the first error, or an error when bytes are left over.
  absl::Status Finish() {
    if (ok() && pos_ != in_.size()) {
      Fail(absl::StrCat(in_.size() - pos_, " unexpected trailing bytes"));
    }
    return status_;
  }

 private:
  bool Need(size_t n) {
    if (!ok()) return false;
    if (in_.size() - pos_ < n) {
      Fail("truncated input");
      return false;
    }
    return true;
  }
  uint64_t Corrupt(std::string_view what) {
    Fail(what);
    return 0;
  }

  std::string_view in_;
  size_t pos_ = 0;
  absl::Status status_;
};

}  // namespace csm::wire

#endif  // CSM_ACCUM_WIRE_H_
