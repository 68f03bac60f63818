// ContactLifecycle: the contact-center rules of docs/metrics.md §6. It follows
// each contact (a ticket's call or chat session) through IVR, queue,
// conversation, holds, transfers and after-contact work, and each agent
// through its states, and sends the samples to a SampleSink (the views).
// The Engine owns it beside the TicketLifecycle: ticket events first go
// through the ticket rules, then the contact events come here.
//
// A contact's phases (docs/contact-center.md has the full definitions):
//
//   (none) --ivr--> ivr --queued--> waiting --answered--> connected
//     waiting --abandoned / callback--> (none)       queue outcome
//     connected --transferred(agent)--> connected     a new agent segment
//     connected --transferred(group)--> connected, waiting for `answered`
//     connected --ended--> (none); segments in after-contact work
//   (none) / ivr --abandoned--> (none)               an IVR abandon, per step
//
// Each agent who talks gets a segment: talk (answered -> ended or
// transferred, minus holds), holds, after-contact work (talk end ->
// wrapup_end naming the agent, or any wrapup_end for the latest segment).
// The segment's handle time is added when its after-contact work ends.
//
// Events that make no sense in the contact's phase (hold_end without a
// hold, ended while in queue, a second answer while talking …) are rejected
// as invalid_sequence and change nothing.
#ifndef CSM_ENGINE_INTERNAL_CONTACT_LIFECYCLE_H_
#define CSM_ENGINE_INTERNAL_CONTACT_LIFECYCLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/calendar_set.h"
#include "csm/engine/internal/merge_protocol.h"
#include "csm/engine/internal/sample_sink.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_containers.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/model/reject_reason.h"

namespace csm {

// The event types this family consumes for tickets.
constexpr bool IsContactEvent(EventType t) {
  switch (t) {
    case EventType::kQueued:
    case EventType::kIvr:
    case EventType::kAnswered:
    case EventType::kHoldStart:
    case EventType::kHoldEnd:
    case EventType::kTransferred:
    case EventType::kAbandoned:
    case EventType::kCallback:
    case EventType::kEnded:
    case EventType::kWrapupEnd:
      return true;
    default:
      return false;
  }
}

// One agent's part of a contact.
struct ContactSegment {
  enum class Phase : uint8_t { kTalking, kOnHold, kWrapUp };
  TicketDims dims;  // the contact's dimensions, agent = this segment's agent
  Instant start{};  // connected
  Instant talk_end{};
  Instant hold_since{};
  Millis hold_calendar{0};
  Millis hold_business{0};
  Phase phase = Phase::kTalking;
  bool held = false;  // at least one hold

  bool operator==(const ContactSegment&) const = default;
};

struct ContactState {
  enum class Phase : uint8_t { kNone, kIvr, kWaiting, kConnected };
  Phase phase = Phase::kNone;
  uint32_t group = 0;     // the queue (latest queued / transferred group); 0: the ticket's group
  uint32_t ivr_step = 0;  // the latest IVR step reached before the queue
  Instant queued_at{};
  std::vector<ContactSegment> segments;  // open segments; at most one not in wrap-up

  bool operator==(const ContactState&) const = default;
};

struct AgentStatus {
  AgentState state = AgentState::kNone;
  Instant since{};
  TicketDims dims;  // agent and the dimensions given with the state event

  bool operator==(const AgentStatus&) const = default;
};

class ContactLifecycle {
 public:
  ContactLifecycle(const EngineOptions& options, const CalendarSet& calendars, SampleSink& sink)
      : options_(options), calendars_(calendars), sink_(sink) {}

  // Whether a contact event fits the contact's phase; nullopt when it does.
  std::optional<RejectReason> Check(TicketKey key, const Event& e) const;
  // Applies a checked contact event of ticket state `s` at effective time `t`.
  void Apply(TicketKey key, const TicketState& s, const Event& e, Instant t);

  // `agent_state`: rejected as out_of_order when earlier than the agent's
  // previous state change beyond the allowed lateness (inside it, applied at
  // that change's time). Closes the previous state's interval.
  std::optional<RejectReason> AgentStateChange(const Event& e);
  // `cost`: adds the money to the event's bucket and dimensions.
  void Cost(const Event& e);

  // The ticket was released by the engine: its contact state goes too.
  void Forget(TicketKey key) { contacts_.erase(key); }

  const HugeFlatHashMap<TicketKey, ContactState>& contacts() const { return contacts_; }
  const absl::flat_hash_map<uint32_t, AgentStatus>& agents() const { return agents_; }
  size_t MemoryBytes() const;

  // The merge protocol (merge_protocol.h). CheckDisjoint fails when a
  // contact or an agent's state is on both sides.
  struct Saved {
    std::vector<std::pair<TicketKey, ContactState>> contacts;
    std::vector<std::pair<uint32_t, AgentStatus>> agents;
  };
  void Encode(codec::ByteWriter& w) const;
  static Saved Decode(codec::ByteReader& r);
  static void Remap(Saved& saved, IdMap& ids);
  absl::Status CheckDisjoint(Saved& saved) const;
  void Add(Saved&& saved);

 private:
  Instant Bucket(const TicketState& s, Instant completed) const {
    return SampleBucket(options_.attribution, s, completed);
  }
  Millis Business(const TicketDims& dims, Instant a, Instant b) const {
    return calendars_.Business(dims.group(), a, b);
  }
  // The ticket's dimensions with the contact's queue group.
  static TicketDims DimsOf(const TicketState& s, const ContactState& c, uint32_t agent);
  void QueueOutcome(const TicketState& s, const ContactState& c, const TicketDims& dims, Instant t,
                    EventType outcome);
  void EndTalk(const TicketState& s, ContactSegment& seg, Instant t);
  void Connect(ContactState& c, const TicketDims& dims, Instant t);

  const EngineOptions& options_;
  const CalendarSet& calendars_;
  SampleSink& sink_;
  HugeFlatHashMap<TicketKey, ContactState> contacts_;
  absl::flat_hash_map<uint32_t, AgentStatus> agents_;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_CONTACT_LIFECYCLE_H_
