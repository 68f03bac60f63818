// Little-endian, varint-based byte codec for the engine's serialized state.
// Same conventions as the accumulators' wire format (csm/accum/wire.h):
// the reader never reads past the end, never trusts a count the input cannot
// hold, and keeps the first error.
#ifndef CSM_ENGINE_BYTE_CODEC_H_
#define CSM_ENGINE_BYTE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "csm/model/field.h"
#include "csm/model/ticket_state.h"

namespace csm::codec {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      U8(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    U8(static_cast<uint8_t>(v));
  }
  void SignedVarint(int64_t v) {
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
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
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool ok() const { return status_.ok(); }
  bool done() const { return pos_ == in_.size(); }
  size_t remaining() const { return in_.size() - pos_; }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1)) return 0;
      const auto byte = static_cast<uint8_t>(in_[pos_++]);
      v |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return v;
    }
    Fail("varint longer than 10 bytes");
    return 0;
  }
  int64_t SignedVarint() {
    const uint64_t z = Varint();
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  // An element count that the remaining input can hold at min_bytes_each.
  uint64_t Count(size_t min_bytes_each) {
    const uint64_t n = Varint();
    if (ok() && min_bytes_each > 0 && n > remaining() / min_bytes_each) {
      Fail("element count exceeds the input");
      return 0;
    }
    return n;
  }
  std::string_view Raw(size_t n) {
    if (!Need(n)) return {};
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::string_view Bytes() { return Raw(Count(1)); }

  void Fail(std::string_view what) {
    if (ok()) status_ = absl::DataLossError(absl::string_view(what.data(), what.size()));
  }
  bool Check(bool condition, std::string_view what) {
    if (!condition) Fail(what);
    return ok();
  }
  void Fail(const absl::Status& s) {
    if (ok() && !s.ok()) status_ = s;
  }
  const absl::Status& status() const { return status_; }

 private:
  bool Need(size_t n) {
    if (!ok()) return false;
    if (in_.size() - pos_ < n) {
      Fail("truncated engine state");
      return false;
    }
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
  absl::Status status_;
};

// An accumulator's own serialized bytes, length-prefixed.
template <typename Acc>
void PutAccumulator(ByteWriter& w, const Acc& acc) {
  w.Bytes(acc.Serialize());
}

// The accumulator PutAccumulator wrote; on bad bytes the reader fails and a
// default accumulator is returned.
template <typename Acc>
Acc GetAccumulator(ByteReader& r) {
  std::string_view bytes = r.Bytes();
  if (!r.ok()) return Acc();
  absl::StatusOr<Acc> acc = Acc::Deserialize(bytes);
  if (!acc.ok()) {
    r.Fail(acc.status());
    return Acc();
  }
  return *std::move(acc);
}

// A ticket's or contact segment's dimension ids (agent, customer, group,
// channel, category, priority, segment), each checked against its field's range.
inline constexpr Field kStateDims[] = {Field::kAgent,   Field::kCustomer, Field::kGroup,
                                       Field::kChannel, Field::kCategory, Field::kPriority,
                                       Field::kSegment};

inline void PutDims(ByteWriter& w, const TicketDims& d) {
  for (Field f : kStateDims) w.Varint(d.Get(f));
}

inline TicketDims GetDims(ByteReader& r) {
  TicketDims d;
  for (Field f : kStateDims) {
    const uint64_t id = r.Varint();
    r.Check(id <= MaxFieldIds(f), "dimension id out of range");
    d.Set(f, static_cast<uint32_t>(id));
  }
  return d;
}

}  // namespace csm::codec

#endif  // CSM_ENGINE_BYTE_CODEC_H_
