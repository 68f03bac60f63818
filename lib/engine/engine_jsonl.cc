// Engine::IngestJsonl: one JSON object per line -> Event.
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "csm/engine/engine.h"
#include "csm/model/iso8601.h"
#include "csm/model/json_limits.h"

namespace csm {
namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Epoch milliseconds from a JSON number (integral) or an ISO-8601 string.
std::optional<Instant> ParseTime(const nlohmann::json& v) {
  if (v.is_number_integer()) {
    const auto ms = v.get<int64_t>();
    const Instant t = FromEpochMs(ms);
    if (!InSupportedRange(t)) return std::nullopt;
    return t;
  }
  if (v.is_number_float()) {
    const double ms = v.get<double>();
    if (!std::isfinite(ms) || ms != std::floor(ms) || ms < 0 ||
        ms > static_cast<double>(ToEpochMs(kMaxInstant))) {
      return std::nullopt;
    }
    return FromEpochMs(static_cast<int64_t>(ms));
  }
  if (v.is_string()) {
    absl::StatusOr<Instant> t = ParseIsoInstant(v.get_ref<const std::string&>());
    if (t.ok()) return *t;
  }
  return std::nullopt;
}

// A name the intern table refused: a bad name, or a full table.
RejectReason ReasonFor(const absl::Status& intern_error) {
  return intern_error.code() == absl::StatusCode::kResourceExhausted ? RejectReason::kLimitExceeded
                                                                     : RejectReason::kInvalidField;
}

}  // namespace

IngestResult Engine::IngestJsonl(std::string_view text) {
  IngestResult result;
  uint64_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const uint64_t index = line_number++;
    if (IsBlank(line)) continue;
    // A rejected line must leave no trace, its new names included.
    const InternTable::Mark mark = interned_.mark();
    Event event;
    std::optional<RejectReason> reason = ParseJsonEvent(line, event);
    if (reason) {
      ++rejected_[static_cast<int>(*reason)];
    } else {
      reason = Ingest(event);
    }
    if (reason) {
      interned_.Rollback(mark);
      result.Reject(index, *reason);
    } else {
      result.Accept();
    }
  }
  return result;
}

std::optional<RejectReason> Engine::ParseJsonEvent(std::string_view line, Event& out) {
  using nlohmann::json;
  if (!CheckJsonNesting(line, "event").ok()) return RejectReason::kMalformed;  // json_limits.h
  const json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return RejectReason::kMalformed;
  const auto invalid = RejectReason::kInvalidField;

  const auto type_it = j.find("type");
  if (type_it == j.end() || !type_it->is_string()) return invalid;
  const std::optional<EventType> type = ParseEventType(type_it->get_ref<const std::string&>());
  if (!type) return RejectReason::kUnknownType;
  out = Event{};
  out.type = *type;

  bool has_time = false;
  for (const auto& [key, v] : j.items()) {
    if (key == "type") continue;
    if (key == "time") {
      const std::optional<Instant> t = ParseTime(v);
      if (!t) return invalid;
      out.time = *t;
      has_time = true;
    } else if (key == "ticket") {
      if (v.is_string()) {
        absl::StatusOr<TicketKey> k = NamedTicket(v.get_ref<const std::string&>());
        if (!k.ok()) return ReasonFor(k.status());
        out.ticket = *k;
      } else if (v.is_number_unsigned() || v.is_number_integer()) {
        if (v.is_number_integer() && !v.is_number_unsigned()) return invalid;  // negative
        const auto k = v.get<uint64_t>();
        if (k == 0 || IsNamedTicket(k)) return invalid;
        out.ticket = k;
      } else if (!v.is_null()) {
        return invalid;
      }
    } else if (key == "status") {
      if (v.is_null()) continue;
      if (!v.is_string()) return invalid;
      const std::optional<uint8_t> s = ParseStatusFor(out.type, v.get_ref<const std::string&>());
      if (!s) return invalid;
      out.status = *s;
    } else if (key == "value") {
      if (v.is_null()) continue;
      if (!v.is_number()) return invalid;
      out.value = v.get<double>();
    } else if (std::optional<Field> f = ParseField(key); f && *f != Field::kTicket) {
      if (v.is_null()) continue;
      std::string name;
      if (v.is_string()) {
        name = v.get<std::string>();
      } else if (v.is_number_integer()) {  // numeric ids, e.g. "customer": 1042
        name = v.dump();
      } else {
        return invalid;
      }
      absl::StatusOr<uint32_t> id = interned_.Intern(*f, name);
      if (!id.ok()) return ReasonFor(id.status());
      out.SetId(*f, *id);
    } else {
      return invalid;  // unknown key: a typo must not pass silently
    }
  }
  if (!has_time) return invalid;
  return std::nullopt;
}

}  // namespace csm
