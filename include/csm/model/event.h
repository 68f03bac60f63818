// One event: one thing that happened to one ticket (docs/metrics.md §1), as a
// value type with interned ids instead of strings. The C ABI's csm_event is
// the same record in C.
#ifndef CSM_MODEL_EVENT_H_
#define CSM_MODEL_EVENT_H_

#include <cstdint>
#include <optional>

#include "csm/model/event_type.h"
#include "csm/model/field.h"
#include "csm/time.h"

namespace csm {

// A ticket's key: the caller's own 64-bit id (below 2^63), or, for tickets
// named by a string (JSONL, CSV), kNamedTicketBit | the name's interned id.
using TicketKey = uint64_t;
inline constexpr TicketKey kNamedTicketBit = TicketKey{1} << 63;
constexpr bool IsNamedTicket(TicketKey key) { return (key & kNamedTicketBit) != 0; }
constexpr TicketKey NamedTicketKey(uint32_t interned_id) { return kNamedTicketBit | interned_id; }

struct Event {
  Instant time{};
  TicketKey ticket = 0;  // 0 = absent (allowed only for ticketless types)
  EventType type = EventType::kCreated;
  // A TicketStatus value with `status` events, an AgentState value with
  // `agent_state` events; 0 = absent.
  uint8_t status = 0;
  // Interned ids (InternTable); 0 = absent.
  uint32_t agent = 0;
  uint32_t customer = 0;
  uint32_t group = 0;
  uint32_t channel = 0;
  uint32_t category = 0;
  uint32_t priority = 0;
  uint32_t segment = 0;
  uint32_t step = 0;
  uint32_t workflow = 0;
  // Ratings and costs.
  std::optional<double> value;

  // The id of a string field (kTicket is not one: tickets are keys).
  uint32_t Id(Field f) const {
    switch (f) {
      case Field::kAgent:
        return agent;
      case Field::kCustomer:
        return customer;
      case Field::kGroup:
        return group;
      case Field::kChannel:
        return channel;
      case Field::kCategory:
        return category;
      case Field::kPriority:
        return priority;
      case Field::kSegment:
        return segment;
      case Field::kStep:
        return step;
      case Field::kWorkflow:
        return workflow;
      case Field::kTicket:
        return 0;
    }
    return 0;
  }
  void SetId(Field f, uint32_t id) {
    switch (f) {
      case Field::kAgent:
        agent = id;
        break;
      case Field::kCustomer:
        customer = id;
        break;
      case Field::kGroup:
        group = id;
        break;
      case Field::kChannel:
        channel = id;
        break;
      case Field::kCategory:
        category = id;
        break;
      case Field::kPriority:
        priority = id;
        break;
      case Field::kSegment:
        segment = id;
        break;
      case Field::kStep:
        step = id;
        break;
      case Field::kWorkflow:
        workflow = id;
        break;
      case Field::kTicket:
        break;
    }
  }

  bool operator==(const Event&) const = default;
};

}  // namespace csm

#endif  // CSM_MODEL_EVENT_H_
