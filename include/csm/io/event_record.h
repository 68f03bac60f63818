// One event as read from or written to a file: the docs/metrics.md §1 fields, with
// text as string_views into the input (or into an importer's buffers), valid
// until the next record is read. The engine interns these into its own Event.
#ifndef CSM_IO_EVENT_RECORD_H_
#define CSM_IO_EVENT_RECORD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "csm/time.h"

namespace csm::io {

// The §1 field names, in the order files list them.
enum class EventField : std::uint8_t {
  kTime,
  kTicket,
  kType,
  kAgent,
  kCustomer,
  kGroup,
  kChannel,
  kCategory,
  kPriority,
  kSegment,
  kStatus,
  kValue,
  kStep,
  kWorkflow,
};
inline constexpr std::size_t kEventFieldCount = 14;

std::string_view EventFieldName(EventField field);
// nullopt for a name that is not a §1 field.
std::optional<EventField> EventFieldFromName(std::string_view name);

// The §1 event types ("created", "agent_reply", …).
std::span<const std::string_view> EventTypeNames();
bool IsEventType(std::string_view type);

struct EventRecord {
  Instant time{};
  std::optional<double> value;
  // Indexed by EventField; the kTime and kValue slots stay empty. An empty
  // view means the field is absent.
  std::array<std::string_view, kEventFieldCount> text{};

  std::string_view get(EventField f) const { return text[static_cast<std::size_t>(f)]; }
  void set(EventField f, std::string_view v) { text[static_cast<std::size_t>(f)] = v; }
  std::string_view ticket() const { return get(EventField::kTicket); }
  std::string_view type() const { return get(EventField::kType); }
  void Clear() { *this = EventRecord{}; }
};

}  // namespace csm::io

#endif  // CSM_IO_EVENT_RECORD_H_
