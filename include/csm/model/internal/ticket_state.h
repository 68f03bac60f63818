// TicketState: everything the engine remembers about one live ticket, packed
// into 128 bytes (static_assert below; tests/model/ticket_state_test.cc and
// the ingest benchmark measure the map's real footprint).
//
// To fit, instants and durations are 48-bit milliseconds (±4,400 years, far
// beyond the supported 1970..2200), the five low-cardinality attributes are
// 16-bit ids (field.h: MaxFieldIds), and the station counters are 4 bits
// (they saturate at 15 distinct agents / groups).
#ifndef CSM_MODEL_INTERNAL_TICKET_STATE_H_
#define CSM_MODEL_INTERNAL_TICKET_STATE_H_

#include <cstdint>

#include "csm/model/event.h"
#include "csm/model/event_type.h"
#include "csm/model/field.h"
#include "csm/time.h"

namespace csm {

// A signed 48-bit integer in three 16-bit words (2-byte aligned, 6 bytes).
class Int48 {
 public:
  static constexpr int64_t kMax = (int64_t{1} << 47) - 1;
  static constexpr int64_t kMin = -(int64_t{1} << 47);

  constexpr int64_t get() const {
    const uint64_t u = uint64_t{w_[0]} | (uint64_t{w_[1]} << 16) | (uint64_t{w_[2]} << 32);
    // Sign-extend bit 47.
    return static_cast<int64_t>(u << 16) >> 16;
  }
  // Values outside [kMin, kMax] saturate (no caller gets near: see above).
  constexpr void set(int64_t v) {
    v = v > kMax ? kMax : (v < kMin ? kMin : v);
    const auto u = static_cast<uint64_t>(v);
    w_[0] = static_cast<uint16_t>(u);
    w_[1] = static_cast<uint16_t>(u >> 16);
    w_[2] = static_cast<uint16_t>(u >> 32);
  }
  constexpr bool operator==(const Int48&) const = default;

 private:
  uint16_t w_[3] = {0, 0, 0};
};

// An instant in 48 bits.
struct PackedInstant {
  Int48 ms;
  constexpr Instant get() const { return FromEpochMs(ms.get()); }
  constexpr void set(Instant t) { ms.set(ToEpochMs(t)); }
  constexpr bool operator==(const PackedInstant&) const = default;
};

// A duration in 48 bits.
struct PackedMillis {
  Int48 ms;
  constexpr Millis get() const { return Millis{ms.get()}; }
  constexpr void set(Millis d) { ms.set(d.count()); }
  constexpr void add(Millis d) { ms.set(ms.get() + d.count()); }
  constexpr bool operator==(const PackedMillis&) const = default;
};

// The seven dimension ids of a ticket (agent, customer: 32 bits; group,
// channel, category, priority, segment: 16 bits), 18 bytes.
class TicketDims {
 public:
  constexpr uint32_t Get(Field f) const {
    switch (f) {
      case Field::kAgent:
        return Wide(0);
      case Field::kCustomer:
        return Wide(2);
      case Field::kGroup:
        return w_[4];
      case Field::kChannel:
        return w_[5];
      case Field::kCategory:
        return w_[6];
      case Field::kPriority:
        return w_[7];
      case Field::kSegment:
        return w_[8];
      default:
        return 0;
    }
  }
  // `id` must be below MaxFieldIds(f) (the intern table guarantees it).
  constexpr void Set(Field f, uint32_t id) {
    switch (f) {
      case Field::kAgent:
        SetWide(0, id);
        break;
      case Field::kCustomer:
        SetWide(2, id);
        break;
      case Field::kGroup:
        w_[4] = static_cast<uint16_t>(id);
        break;
      case Field::kChannel:
        w_[5] = static_cast<uint16_t>(id);
        break;
      case Field::kCategory:
        w_[6] = static_cast<uint16_t>(id);
        break;
      case Field::kPriority:
        w_[7] = static_cast<uint16_t>(id);
        break;
      case Field::kSegment:
        w_[8] = static_cast<uint16_t>(id);
        break;
      default:
        break;
    }
  }
  uint32_t agent() const { return Get(Field::kAgent); }
  uint32_t group() const { return Get(Field::kGroup); }
  constexpr bool operator==(const TicketDims&) const = default;

 private:
  constexpr uint32_t Wide(int i) const { return uint32_t{w_[i]} | (uint32_t{w_[i + 1]} << 16); }
  constexpr void SetWide(int i, uint32_t v) {
    w_[i] = static_cast<uint16_t>(v);
    w_[i + 1] = static_cast<uint16_t>(v >> 16);
  }
  uint16_t w_[9] = {};
};

// Boolean facts about a ticket, packed with its status into 16 bits.
enum TicketFlag : uint16_t {
  kProactive = 1 << 3,           // created by an agent: FRT stops at the second agent reply
  kMerged = 1 << 4,              // merged into another ticket: out of volume, no more samples
  kFirstReplyDone = 1 << 5,      // first_reply_time recorded
  kAssignedOnce = 1 << 6,        // time_to_first_assignment recorded
  kResolvedOnce = 1 << 7,        // first_resolution_time recorded
  kHandoff = 1 << 8,             // a bot handed the ticket to humans
  kCustomerAfterReply = 1 << 9,  // a customer message came after the first agent reply
  kWaiting = 1 << 10,            // reply_wait_start holds an unanswered customer message
  kSolveSamplesOut = 1 << 11,    // the latest solve's per-ticket samples are in the views
  kSnapshotSaved = 1 << 12,      // those samples' inputs are saved (Engine's snapshot table)
  kReplied = 1 << 13,            // at least one reply_time sample (longest_reply_* hold values)
  kRepeatContact = 1 << 14,      // its customer had another ticket within the repeat window
};

struct TicketState {
  // Clocks.
  PackedInstant created_at;
  PackedInstant last_event_at;      // the ticket's own clock; never goes back
  PackedInstant status_since;       // entered the current status (solved/closed: when solved)
  PackedInstant reply_wait_start;   // oldest unanswered customer message (kWaiting)
  PackedInstant first_reply_start;  // created, or latest handoff / reopen (option last_handoff)
  // Durations so far, calendar and business.
  PackedMillis longest_reply_calendar, longest_reply_business;
  PackedMillis open_calendar, open_business;        // in new + open
  PackedMillis hold_calendar, hold_business;        // in on_hold
  PackedMillis pending_calendar, pending_business;  // in pending
  // Attributes now, and as the ticket was created (a merge retracts its
  // tickets_created sample where it was counted).
  TicketDims dims;
  TicketDims created_dims;
  // The one other distinct agent / group seen besides the current one, so
  // that A -> B -> A counts two stations without a set.
  uint16_t other_agent[2] = {0, 0};
  uint16_t other_group = 0;
  uint16_t agent_replies = 0;      // public human replies (saturating)
  uint16_t customer_messages = 0;  // customer messages, the opening one included (saturating)
  uint16_t status_flags = 0;       // TicketStatus in bits 0..2, TicketFlag above
  uint8_t reopens = 0;             // saturating
  uint8_t stations = 0;            // distinct agents (low nibble), groups (high nibble)

  TicketStatus status() const { return static_cast<TicketStatus>(status_flags & 7); }
  void set_status(TicketStatus s) {
    status_flags = static_cast<uint16_t>((status_flags & ~7) | static_cast<uint16_t>(s));
  }
  bool has(TicketFlag f) const { return (status_flags & f) != 0; }
  void set(TicketFlag f, bool on = true) {
    status_flags = static_cast<uint16_t>(on ? (status_flags | f) : (status_flags & ~f));
  }
  uint32_t other_agent_id() const {
    return uint32_t{other_agent[0]} | (uint32_t{other_agent[1]} << 16);
  }
  void set_other_agent_id(uint32_t id) {
    other_agent[0] = static_cast<uint16_t>(id);
    other_agent[1] = static_cast<uint16_t>(id >> 16);
  }
  int agent_stations() const { return stations & 0xF; }
  int group_stations() const { return stations >> 4; }
  void set_agent_stations(int n) { stations = static_cast<uint8_t>((stations & 0xF0) | Nibble(n)); }
  void set_group_stations(int n) {
    stations = static_cast<uint8_t>((stations & 0x0F) | (Nibble(n) << 4));
  }

  bool operator==(const TicketState&) const = default;

 private:
  static int Nibble(int n) { return n < 0 ? 0 : (n > 15 ? 15 : n); }
};

static_assert(sizeof(TicketState) <= 128, "TicketState must stay within 128 bytes");

}  // namespace csm

#endif  // CSM_MODEL_INTERNAL_TICKET_STATE_H_
