#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/live/live_query.h"
#include "csm/model/internal/event_line.h"
#include "csm/model/internal/iso8601.h"
#include "lib/live/answers.h"

namespace csm::live {

bool ResolveFilter(const Engine& engine, const LiveQuery& query, FilterIds& out) {
  for (const auto& [field, names] : query.filter) {
    std::vector<uint32_t> ids;
    for (const std::string& name : names) {
      if (std::optional<uint32_t> id = engine.impl().interned().Find(field, name))
        ids.push_back(*id);
    }
    if (ids.empty()) return false;
    std::sort(ids.begin(), ids.end());
    out.emplace_back(field, std::move(ids));
  }
  return true;
}

bool Passes(const FilterIds& filter, const TicketDims& dims) {
  for (const auto& [field, ids] : filter) {
    if (!std::binary_search(ids.begin(), ids.end(), dims.Get(field))) return false;
  }
  return true;
}

const TimeZone* ConfigZone(const Engine& engine) {
  absl::StatusOr<const TimeZone*> zone = TimeZone::Locate(engine.config().timezone);
  return zone.ok() ? *zone : TimeZone::Utc();  // the config's zone was checked when parsed
}

ojson DimName(const Engine& engine, Field field, uint32_t id) {
  if (id == 0) return ojson();
  return std::string(engine.impl().interned().Name(field, id));
}

double Seconds(Millis d) { return static_cast<double>(d.count()) / 1000.0; }

std::string TicketName(const Engine& engine, TicketKey key) {
  if (!IsNamedTicket(key)) return std::to_string(key);
  return std::string(
      engine.impl().interned().Name(Field::kTicket, static_cast<uint32_t>(key & ~kNamedTicketBit)));
}

std::optional<TicketKey> FindTicketKey(const Engine& engine, std::string_view name) {
  // As events name tickets: canonical digits are the number, anything else a name.
  if (const std::optional<TicketKey> number = TicketNumber(name)) return number;
  const std::optional<uint32_t> id = engine.impl().interned().Find(Field::kTicket, name);
  if (!id) return std::nullopt;
  return NamedTicketKey(*id);
}

absl::Status CheckNow(const Engine& engine, Instant now) {
  if (!InSupportedRange(now)) {
    return absl::OutOfRangeError(
        absl::StrCat("live query: now (", ToEpochMs(now), " ms) is outside 1970..2200"));
  }
  const Instant clock = engine.clock();
  if (now < clock) {
    const TimeZone* zone = ConfigZone(engine);
    return absl::OutOfRangeError(
        absl::StrCat("now ", FormatIsoInstant(now, zone), " is earlier than the engine's clock ",
                     FormatIsoInstant(clock, zone), " (the latest event or advance)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RunLiveJson(const Engine& engine, std::string_view query_json,
                                        Instant now) {
  absl::StatusOr<LiveQuery> query = LiveQuery::FromJson(query_json);
  if (!query.ok()) return query.status();
  if (absl::Status s = CheckNow(engine, now); !s.ok()) return s;
  absl::StatusOr<ojson> answer;
  switch (query->kind) {
    case LiveKind::kSlaDue:
      answer = SlaDueAnswer(engine, *query, now);
      break;
    case LiveKind::kTicket:
      answer = TicketAnswer(engine, *query, now);
      break;
    case LiveKind::kQueue:
      answer = QueueAnswer(engine, *query, now);
      break;
  }
  if (!answer.ok()) return answer.status();
  return answer->dump();
}

}  // namespace csm::live
