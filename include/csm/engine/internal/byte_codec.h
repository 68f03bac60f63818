// The engine's serialized state (engine_state.cc, metric and experience
// cells, contact state) is written with the byte primitives of
// csm/accum/byte_io.h, the accumulators' conventions without their preamble:
// the reader never reads past the end, never trusts a count the input cannot
// hold, accepts only canonical varints and keeps the first error. On top of
// them, the engine's own pieces: accumulators and dimension ids.
#ifndef CSM_ENGINE_INTERNAL_BYTE_CODEC_H_
#define CSM_ENGINE_INTERNAL_BYTE_CODEC_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/accum/byte_io.h"
#include "csm/model/field.h"
#include "csm/model/internal/ticket_state.h"

namespace csm::codec {

using ByteWriter = wire::ByteWriter;

// The shared reader, with truncation reported as "truncated engine state".
class ByteReader : public wire::ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : wire::ByteReader(bytes, "engine state") {}
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

// A ticket's or contact segment's dimension ids, in kDimensions' order
// (model/field.h: the state format follows it), each checked against its
// field's range.
inline void PutDims(ByteWriter& w, const TicketDims& d) {
  for (Field f : kDimensions) w.Varint(d.Get(f));
}

inline TicketDims GetDims(ByteReader& r) {
  TicketDims d;
  for (Field f : kDimensions) {
    const uint64_t id = r.Varint();
    r.Check(id <= MaxFieldIds(f), "dimension id out of range");
    d.Set(f, static_cast<uint32_t>(id));
  }
  return d;
}

}  // namespace csm::codec

#endif  // CSM_ENGINE_INTERNAL_BYTE_CODEC_H_
