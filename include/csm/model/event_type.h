// Event types (docs/metrics.md §1) and the two status vocabularies the `status`
// field takes: ticket statuses (with type `status`) and agent states (with
// type `agent_state`). Numeric values are pinned: the C ABI uses them.
#ifndef CSM_MODEL_EVENT_TYPE_H_
#define CSM_MODEL_EVENT_TYPE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace csm {

enum class EventType : uint8_t {
  kCreated = 1,
  kUpdated,
  kAssigned,
  kCustomerMessage,
  kAgentReply,
  kBotReply,
  kNote,
  kHandoff,
  kStatus,
  kMerged,
  kWorkflow,
  kSurveySent,
  kCsat,
  kCes,
  kNps,
  kQueued,
  kIvr,
  kAnswered,
  kHoldStart,
  kHoldEnd,
  kTransferred,
  kAbandoned,
  kCallback,
  kEnded,
  kWrapupEnd,
  kAgentState,
  kCost,
};

inline constexpr int kEventTypeCount = 27;  // values 1 .. kEventTypeCount

inline constexpr std::array<std::string_view, kEventTypeCount + 1> kEventTypeNames = {
    "",
    "created",
    "updated",
    "assigned",
    "customer_message",
    "agent_reply",
    "bot_reply",
    "note",
    "handoff",
    "status",
    "merged",
    "workflow",
    "survey_sent",
    "csat",
    "ces",
    "nps",
    "queued",
    "ivr",
    "answered",
    "hold_start",
    "hold_end",
    "transferred",
    "abandoned",
    "callback",
    "ended",
    "wrapup_end",
    "agent_state",
    "cost"};

constexpr bool IsValidEventType(int value) { return value >= 1 && value <= kEventTypeCount; }
constexpr std::string_view EventTypeName(EventType t) {
  return kEventTypeNames[static_cast<int>(t)];
}
constexpr std::optional<EventType> ParseEventType(std::string_view name) {
  for (int i = 1; i <= kEventTypeCount; ++i) {
    if (kEventTypeNames[i] == name) return static_cast<EventType>(i);
  }
  return std::nullopt;
}

// Events that concern an agent or the budget rather than one ticket; their
// `ticket` is ignored.
constexpr bool IsTicketless(EventType t) {
  return t == EventType::kAgentState || t == EventType::kCost;
}

// Ticket statuses (the `status` field of a `status` event). 0 = none.
enum class TicketStatus : uint8_t {
  kNone = 0,
  kNew,
  kOpen,
  kPending,
  kOnHold,
  kSolved,
  kClosed,
};
inline constexpr int kTicketStatusCount = 6;
inline constexpr std::array<std::string_view, kTicketStatusCount + 1> kTicketStatusNames = {
    "", "new", "open", "pending", "on_hold", "solved", "closed"};

constexpr bool IsSolvedOrClosed(TicketStatus s) {
  return s == TicketStatus::kSolved || s == TicketStatus::kClosed;
}

// Agent states (the `status` field of an `agent_state` event). 0 = none.
enum class AgentState : uint8_t {
  kNone = 0,
  kOffline,
  kAvailable,
  kBusy,
  kAfterCall,
  kAway,
};
inline constexpr int kAgentStateCount = 5;
inline constexpr std::array<std::string_view, kAgentStateCount + 1> kAgentStateNames = {
    "", "offline", "available", "busy", "after_call", "away"};

// Parses a `status` value for the given event type: a ticket status for
// `status` events, an agent state for `agent_state` events. Returns the
// numeric value (>= 1) or nullopt when the name does not belong there.
constexpr std::optional<uint8_t> ParseStatusFor(EventType type, std::string_view name) {
  if (type == EventType::kAgentState) {
    for (int i = 1; i <= kAgentStateCount; ++i) {
      if (kAgentStateNames[i] == name) return static_cast<uint8_t>(i);
    }
    return std::nullopt;
  }
  for (int i = 1; i <= kTicketStatusCount; ++i) {
    if (kTicketStatusNames[i] == name) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

}  // namespace csm

#endif  // CSM_MODEL_EVENT_TYPE_H_
