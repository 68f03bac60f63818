// The byte primitives every csmetrics binary form is made of, with no
// preamble: the accumulators' wire format (wire.h) and the engine's state
// (csm/engine/internal/byte_codec.h) both build on them.
//
// Little-endian throughout: fixed-width integers and IEEE-754 doubles byte by
// byte, counts as LEB128 varints (signed ones zigzag-encoded), byte strings
// length-prefixed.
//
// The reader is for bytes nobody vouches for. It never reads past the end,
// never trusts a length or element count that the remaining input cannot hold
// (so a decoder never allocates more than the input justifies), accepts only
// the canonical encoding of each varint (the writer's, so a successful decode
// re-serializes to the very same bytes), and keeps the first error. Errors are
// sticky: after one, every read returns zero and Finish() reports it, so
// decoders can read a whole record and check once.
#ifndef CSM_ACCUM_BYTE_IO_H_
#define CSM_ACCUM_BYTE_IO_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace csm::wire {

// Debian's Abseil has its own string_view type; convert at the call.
inline absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

class ByteWriter {
 public:
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
  // Bytes as they are, no length.
  void Raw(std::string_view bytes) { out_.append(bytes.data(), bytes.size()); }
  void Bytes(std::string_view bytes) {
    Varint(bytes.size());
    Raw(bytes);
  }

  std::string& str() { return out_; }
  std::string Finish() && { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  // Views `bytes` in place: they must outlive the reader. `what` names the
  // input in the truncation error ("truncated <what>").
  explicit ByteReader(std::string_view bytes, std::string_view what = "input")
      : in_(bytes), what_(what) {}

  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }
  size_t remaining() const { return ok() ? in_.size() - pos_ : 0; }
  bool done() const { return pos_ == in_.size(); }

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
  // A count bounded only by what the input holds.
  size_t Count(size_t min_bytes_each) {
    return Count(min_bytes_each, std::numeric_limits<size_t>::max(), "element");
  }
  // `n` bytes as they are, viewed in place (no copy).
  std::string_view Raw(size_t n) {
    if (!Need(n)) return {};
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  // A length-prefixed byte string, viewed in place (no copy).
  std::string_view Bytes(size_t max, std::string_view what) { return Raw(Count(1, max, what)); }
  std::string_view Bytes() { return Bytes(std::numeric_limits<size_t>::max(), "byte string"); }

  // Records `what` as the error unless one is already recorded; returns false
  // so `return r.Check(...)` and `if (!r.Check(...))` both read naturally.
  bool Check(bool condition, std::string_view what) {
    if (!condition) Fail(what);
    return ok();
  }
  void Fail(std::string_view what) {
    if (ok()) status_ = absl::DataLossError(AsAbsl(what));
  }
  // Keeps `s` (say, a nested decoder's error) unless an error is recorded.
  void Fail(const absl::Status& s) {
    if (ok() && !s.ok()) status_ = s;
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
      Fail(absl::StrCat("truncated ", AsAbsl(what_)));
      return false;
    }
    return true;
  }
  uint64_t Corrupt(std::string_view what) {
    Fail(what);
    return 0;
  }

  std::string_view in_;
  std::string_view what_;
  size_t pos_ = 0;
  absl::Status status_;
};

}  // namespace csm::wire

#endif  // CSM_ACCUM_BYTE_IO_H_
