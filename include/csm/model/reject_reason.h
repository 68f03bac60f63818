// Why an event was rejected, and what Ingest returns. A rejected event changes
// nothing; the engine counts it by reason (the report's `rejected` section).
// Numeric values are pinned: the C ABI uses them.
#ifndef CSM_MODEL_REJECT_REASON_H_
#define CSM_MODEL_REJECT_REASON_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace csm {

enum class RejectReason : uint8_t {
  kUnknownTicket = 1,     // no `created` seen for the ticket
  kDuplicateCreated = 2,  // a second `created` for a live ticket
  kOutOfOrder = 3,        // earlier than the ticket's last event beyond the allowed lateness
  kUnknownType = 4,       // not one of the event types
  kInvalidField = 5,      // a field is missing, malformed or out of range for the type
  kTicketReleased = 6,    // the ticket was solved longer than the reopen window ago
  kMalformed = 7,         // (JSONL/CSV) the record is not a readable event at all
  kInvalidSequence = 8,   // impossible for the contact's state (hold_end without hold, ...)
  kLimitExceeded = 9,     // a configured limit (open tickets, distinct names) is reached
};
inline constexpr int kRejectReasonCount = 9;

inline constexpr std::array<std::string_view, kRejectReasonCount + 1> kRejectReasonNames = {
    "",
    "unknown_ticket",
    "duplicate_created",
    "out_of_order",
    "unknown_type",
    "invalid_field",
    "ticket_released",
    "malformed",
    "invalid_sequence",
    "limit_exceeded"};

constexpr std::string_view RejectReasonName(RejectReason r) {
  return kRejectReasonNames[static_cast<int>(r)];
}

struct Rejection {
  uint64_t index = 0;  // position of the event in the ingested batch (JSONL: line number, 0-based)
  RejectReason reason = RejectReason::kInvalidField;
  bool operator==(const Rejection&) const = default;
};

// What one Ingest call did: accepted + rejected == events given, always.
struct IngestResult {
  static constexpr size_t kMaxRejections = 16;  // first_rejections keeps at most this many
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  std::vector<Rejection> first_rejections;

  void Accept() { ++accepted; }
  void Reject(uint64_t index, RejectReason reason) {
    ++rejected;
    if (first_rejections.size() < kMaxRejections) first_rejections.push_back({index, reason});
  }
};

}  // namespace csm

#endif  // CSM_MODEL_REJECT_REASON_H_
