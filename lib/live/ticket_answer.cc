// One ticket now: status, priority, group, age in calendar and business
// time, and its SLA target instances (in the order the tracker holds them). An unknown ticket
// (never seen, or released: solved longer ago than the reopen window) is NotFound: a live question
// about a ticket the engine does not hold has no answer to give.
#include <optional>

#include "absl/strings/str_cat.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/engine/internal/sla_tracker.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"
#include "lib/live/answers.h"

namespace csm::live {

namespace {

ojson Clock(std::optional<Millis> calendar, std::optional<Millis> business) {
  return {{"calendar", calendar ? ojson(Seconds(*calendar)) : ojson()},
          {"business", business ? ojson(Seconds(*business)) : ojson()}};
}

// One target instance now. Active: due and remaining (negative once
// breached). Paused: no due instant; remaining is what is left of the
// target on its own clock. Closed: its last due instant and, when
// fulfilled, when and whether in time.
ojson TargetJson(const Engine& engine, const TicketState& s, const SlaInstance& i, Instant now) {
  const SlaTracker& sla = engine.impl().sla();
  const SlaPolicySet::Target& target = sla.policies().target(i.target);
  const TimeZone* zone = ConfigZone(engine);
  const int64_t now_ms = ToEpochMs(now);
  const SlaTracker::Clocks elapsed = sla.Elapsed(s, i, now);
  ojson t = {{"metric", std::string(SlaMetricName(i.metric))},
             {"target", Seconds(target.target)},
             {"business", target.business},
             {"state", std::string(SlaStateName(i.state))},
             {"breached", i.breached() || (i.state == SlaState::kActive && i.due_ms < now_ms)}};
  const bool has_due = i.state != SlaState::kPaused;
  t["due"] = has_due ? ojson(FormatIsoInstant(FromEpochMs(i.due_ms), zone)) : ojson();
  t["due_ms"] = has_due ? ojson(i.due_ms) : ojson();
  t["elapsed"] = Clock(elapsed.calendar, elapsed.business);
  switch (i.state) {
    case SlaState::kActive: {
      const SlaTracker::Clocks remaining = sla.Remaining(s, i, now);
      t["remaining"] =
          Clock(remaining.calendar,
                target.business ? std::optional<Millis>(remaining.business) : std::nullopt);
      break;
    }
    case SlaState::kPaused:
      t["remaining"] = target.business ? Clock(std::nullopt, target.target - elapsed.business)
                                       : Clock(target.target - elapsed.calendar, std::nullopt);
      break;
    case SlaState::kClosed:
      t["remaining"] = Clock(std::nullopt, std::nullopt);
      break;
  }
  if (i.state == SlaState::kClosed) {
    const bool fulfilled = i.has(SlaInstance::kFulfilled);
    t["fulfilled"] =
        fulfilled ? ojson(FormatIsoInstant(FromEpochMs(i.fulfilled_ms), zone)) : ojson();
    t["achieved"] = i.achieved();
  }
  return t;
}

}  // namespace

absl::StatusOr<ojson> TicketAnswer(const Engine& engine, const LiveQuery& query, Instant now) {
  const std::optional<TicketKey> key = FindTicketKey(engine, query.ticket);
  const TicketState* s = key ? engine.impl().FindTicket(*key) : nullptr;
  if (s == nullptr) {
    return absl::NotFoundError(absl::StrCat("live query: ticket \"", QuoteForError(query.ticket),
                                            "\" is not a live ticket of this engine"));
  }
  const TimeZone* zone = ConfigZone(engine);
  const Instant created = s->created_at.get();
  const uint32_t group = s->dims.group();
  const SlaTicket* sla = engine.impl().sla().Find(*key);
  ojson answer = {
      {"now", FormatIsoInstant(now, zone)},
      {"ticket", TicketName(engine, *key)},
      {"status", std::string(kTicketStatusNames[static_cast<int>(s->status())])},
      {"policy", sla != nullptr && sla->policy >= 0
                     ? ojson(engine.impl().sla().policies().name(sla->policy))
                     : ojson()},
      {"priority", DimName(engine, Field::kPriority, s->dims.Get(Field::kPriority))},
      {"group", DimName(engine, Field::kGroup, group)},
      {"created", FormatIsoInstant(created, zone)},
      {"age",
       {{"calendar", Seconds(now - created)},
        {"business", Seconds(engine.impl().calendars().Business(group, created, now))}}},
      {"targets", ojson::array()}};
  if (sla != nullptr) {
    for (const SlaInstance& i : sla->instances) {
      answer["targets"].push_back(TargetJson(engine, *s, i, now));
    }
  }
  return answer;
}

}  // namespace csm::live
