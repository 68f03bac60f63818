#include "csm/io/event_record.h"

#include <algorithm>

namespace csm::io {
namespace {

constexpr std::array<std::string_view, kEventFieldCount> kFieldNames = {
    "time",     "ticket",   "type",    "agent",  "customer", "group", "channel",
    "category", "priority", "segment", "status", "value",    "step",  "workflow"};

constexpr std::array<std::string_view, 27> kTypeNames = {
    "created",    "updated",     "assigned",    "customer_message", "agent_reply", "bot_reply",
    "note",       "handoff",     "status",      "merged",           "workflow",    "survey_sent",
    "csat",       "ces",         "nps",         "queued",           "ivr",         "answered",
    "hold_start", "hold_end",    "transferred", "abandoned",        "callback",    "ended",
    "wrapup_end", "agent_state", "cost"};

}  // namespace

std::string_view EventFieldName(EventField field) {
  return kFieldNames[static_cast<std::size_t>(field)];
}

std::optional<EventField> EventFieldFromName(std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    const std::string_view f = kFieldNames[i];
    if (f.size() == name.size() && f[0] == name[0] && f == name) return static_cast<EventField>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> EventTypeNames() {
  return std::span<const std::string_view>(kTypeNames.data(), kTypeNames.size());
}

bool IsEventType(std::string_view type) {
  // Called once per event line: compare bytes only for names of the same
  // length and first letter.
  if (type.empty()) return false;
  for (std::string_view name : kTypeNames) {
    if (name.size() == type.size() && name[0] == type[0] && name == type) return true;
  }
  return false;
}

}  // namespace csm::io
