// The merge protocol: how each stateful part of the engine (the ticket
// store, the station log, the views, the contact lifecycle, the experience
// tracker) travels in a serialized engine state and is added to another
// engine. Every part `P` has
//
//   struct P::Saved;                                 its state, decoded, not applied
//   void P::Encode(codec::ByteWriter&) const;        writes its state
//   static P::Saved P::Decode(codec::ByteReader&);   reads it (errors stay in the reader)
//   static void P::Remap(P::Saved&, IdMap&);         their interned ids -> ours
//   absl::Status P::CheckDisjoint(P::Saved&) const;  refuses what cannot be added
//                                                    (shared keys, limits, overflow),
//                                                    preparing what Add needs
//   void P::Add(P::Saved&&);                         adds it; cannot fail
//
// The engine state codec (engine_state.cc) runs each step over every part,
// in order, so a merge that fails changes nothing: every check happens
// before the first Add.
#ifndef CSM_ENGINE_INTERNAL_MERGE_PROTOCOL_H_
#define CSM_ENGINE_INTERNAL_MERGE_PROTOCOL_H_

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "csm/model/event.h"
#include "csm/model/field.h"
#include "csm/model/internal/ticket_state.h"

namespace csm {

// Maps the interned ids of another engine's state to this engine's. An id
// the state never named maps to 0 and marks the map not ok (a corrupt
// state), which the codec checks once after every part was remapped.
class IdMap {
 public:
  // ids[f][their id] = our id, with ids[f][0] = 0 (absent stays absent).
  explicit IdMap(std::array<std::vector<uint32_t>, kFieldCount> ids) : ids_(std::move(ids)) {}

  uint32_t Id(Field f, uint64_t id) {
    const std::vector<uint32_t>& m = ids_[FieldIndex(f)];
    if (id >= m.size()) {
      ok_ = false;
      return 0;
    }
    return m[id];
  }
  TicketKey Key(TicketKey key) {
    if (!IsNamedTicket(key)) return key;
    return NamedTicketKey(Id(Field::kTicket, key & ~kNamedTicketBit));
  }
  TicketDims Dims(const TicketDims& dims) {
    TicketDims out;
    for (Field f : kDimensions) out.Set(f, Id(f, dims.Get(f)));
    return out;
  }
  bool ok() const { return ok_; }

 private:
  std::array<std::vector<uint32_t>, kFieldCount> ids_;
  bool ok_ = true;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_MERGE_PROTOCOL_H_
