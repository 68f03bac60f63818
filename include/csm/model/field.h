// The string-valued fields of an event (docs/metrics.md §1). Events carry them as
// interned ids (intern_table.h); id 0 always means "absent".
//
// The first seven are the dimensions a view can group by; their order is the
// canonical order of dimensions in keys and reports.
#ifndef CSM_MODEL_FIELD_H_
#define CSM_MODEL_FIELD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace csm {

enum class Field : uint8_t {
  kAgent = 0,
  kCustomer,
  kGroup,
  kChannel,
  kCategory,
  kPriority,
  kSegment,
  kStep,
  kWorkflow,
  kTicket,
};

inline constexpr int kFieldCount = 10;
// Fields 0 .. kDimCount-1 are the group-by dimensions.
inline constexpr int kDimCount = 7;
// The dimensions in canonical order (the one list of them: keys, states,
// remaps and reports iterate over it).
inline constexpr std::array<Field, kDimCount> kDimensions = {
    Field::kAgent,    Field::kCustomer, Field::kGroup,  Field::kChannel,
    Field::kCategory, Field::kPriority, Field::kSegment};

inline constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "agent",    "customer", "group", "channel",  "category",
    "priority", "segment",  "step",  "workflow", "ticket"};

constexpr std::string_view FieldName(Field f) { return kFieldNames[static_cast<int>(f)]; }
constexpr int FieldIndex(Field f) { return static_cast<int>(f); }
constexpr bool IsDimension(Field f) { return static_cast<int>(f) < kDimCount; }

constexpr std::optional<Field> ParseField(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

// How many distinct values a field may hold per engine. Ticket attributes of
// small cardinality (group, channel, category, priority, segment) are stored
// in 16 bits in the per-ticket state to keep it compact.
constexpr uint32_t MaxFieldIds(Field f) {
  switch (f) {
    case Field::kGroup:
    case Field::kChannel:
    case Field::kCategory:
    case Field::kPriority:
    case Field::kSegment:
      return 0xFFFF;
    default:
      return 0x7FFFFFFF;
  }
}

}  // namespace csm

#endif  // CSM_MODEL_FIELD_H_
