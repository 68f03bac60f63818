// What is due next: the active SLA target instances (neither paused nor
// closed) due within `within` of now, or already breached, read from the
// front of the SLA tracker's due index (ordered by due instant; no scan of
// the tickets). Sorted by due_ms, then ticket name, then metric.
#include <algorithm>
#include <string>
#include <vector>

#include "csm/engine/internal/engine_impl.h"
#include "csm/engine/internal/sla_tracker.h"
#include "csm/model/internal/iso8601.h"
#include "lib/live/answers.h"

namespace csm::live {
namespace {

struct Item {
  int64_t due_ms;
  std::string ticket;
  SlaMetric metric;
  ojson json;
};

}  // namespace

absl::StatusOr<ojson> SlaDueAnswer(const Engine& engine, const LiveQuery& query, Instant now) {
  const TimeZone* zone = ConfigZone(engine);
  const SlaTracker& sla = engine.impl().sla();
  const int64_t now_ms = ToEpochMs(now);
  // Due within `within` of now (breached ones, due before now, included).
  const int64_t last_due_ms = query.within ? now_ms + query.within->count() : INT64_MAX;
  FilterIds filter;
  std::vector<Item> items;
  if (ResolveFilter(engine, query, filter)) {
    sla.ForEachDue([&](const SlaTracker::DueKey& k, const SlaInstance& i) {
      if (k.due_ms > last_due_ms) return false;
      // Enough items, and the next one is due later than the last: the ties
      // at the limit (ordered by ticket name below) are all in.
      if (items.size() >= query.limit && k.due_ms > items.back().due_ms) return false;
      const TicketState* s = engine.impl().FindTicket(k.ticket);
      if (s == nullptr || !Passes(filter, s->dims)) return true;
      const SlaPolicySet::Target& target = sla.policies().target(i.target);
      const SlaTracker::Clocks remaining = sla.Remaining(*s, i, now);
      ojson item = {
          {"ticket", TicketName(engine, k.ticket)},
          {"policy", sla.policies().name(target.policy)},
          {"metric", std::string(SlaMetricName(i.metric))},
          {"priority", DimName(engine, Field::kPriority, s->dims.Get(Field::kPriority))},
          {"state", std::string(SlaStateName(i.state))},
          {"breached", i.breached() || i.due_ms < now_ms},
          {"due", FormatIsoInstant(FromEpochMs(i.due_ms), zone)},
          {"due_ms", i.due_ms},
          {"remaining",
           {{"calendar", Seconds(remaining.calendar)},
            {"business", target.business ? ojson(Seconds(remaining.business)) : ojson()}}}};
      items.push_back({i.due_ms, item["ticket"].get<std::string>(), i.metric, std::move(item)});
      return true;
    });
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.due_ms != b.due_ms) return a.due_ms < b.due_ms;
    if (a.ticket != b.ticket) return a.ticket < b.ticket;
    return a.metric < b.metric;
  });
  if (items.size() > query.limit) items.resize(query.limit);
  ojson answer = {{"now", FormatIsoInstant(now, zone)}, {"items", ojson::array()}};
  for (Item& item : items) answer["items"].push_back(std::move(item.json));
  return answer;
}

}  // namespace csm::live
