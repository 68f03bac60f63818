// One ticket now: status, priority, group, age in calendar and business
// time, and its SLA target instances. An unknown ticket (never seen, or
// released: solved longer ago than the reopen window) is NotFound: a live
// question about a ticket the engine does not hold has no answer to give.
#include "absl/strings/str_cat.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/model/iso8601.h"
#include "csm/model/json_limits.h"
#include "lib/live/answers.h"

namespace csm::live {

absl::StatusOr<ojson> TicketAnswer(const Engine& engine, const LiveQuery& query, Instant now) {
  const std::optional<TicketKey> key = FindTicketKey(engine, query.ticket);
  const EngineImpl& impl = engine.impl();
  const TicketState* s = key ? impl.FindTicket(*key) : nullptr;
  if (s == nullptr) {
    return absl::NotFoundError(absl::StrCat("live query: ticket \"", QuoteForError(query.ticket),
                                            "\" is not a live ticket of this engine"));
  }
  const TimeZone* zone = ConfigZone(engine);
  const Instant created = s->created_at.get();
  const uint32_t group = s->dims.group();
  ojson answer = {{"now", FormatIsoInstant(now, zone)},
                  {"ticket", TicketName(engine, *key)},
                  {"status", std::string(kTicketStatusNames[static_cast<int>(s->status())])},
                  {"policy", nullptr},
                  {"priority", DimName(engine, Field::kPriority, s->dims.Get(Field::kPriority))},
                  {"group", DimName(engine, Field::kGroup, group)},
                  {"created", FormatIsoInstant(created, zone)},
                  {"age",
                   {{"calendar", Seconds(now - created)},
                    {"business", Seconds(impl.calendars().Business(group, created, now))}}},
                  {"targets", ojson::array()}};
  return answer;
}

absl::StatusOr<ojson> SlaDueAnswer(const Engine&, const LiveQuery&, Instant) {
  return absl::UnimplementedError("live query: sla_due needs the SLA engine (not built yet)");
}

}  // namespace csm::live
