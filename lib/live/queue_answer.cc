// The contact-center wallboard now: contacts waiting and agents by state,
// of the contacts and agents whose dimensions pass the query's filter,
// from the contact lifecycle's live state, and today's figures (offered,
// answered, abandoned, service level, speed of answer since local midnight
// in the engine config's zone), read from the views as a report over
// [midnight, next midnight) would. Deriving "today" from the views keeps
// the engine state free of a second tally that would have to travel in
// Serialize / MergeSerialized; the price is that a view must be able to
// answer it (else FailedPrecondition naming the view to add).
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/model/internal/iso8601.h"
#include "csm/report/report.h"
#include "lib/live/answers.h"

namespace csm::live {
namespace {

// A row's group: the name of each group_by dimension (nullopt: absent).
using GroupKey = std::vector<std::optional<std::string>>;

// The wallboard's agent states (offline agents are not on the board).
constexpr std::array<AgentState, 4> kBoardStates = {AgentState::kAvailable, AgentState::kBusy,
                                                    AgentState::kAfterCall, AgentState::kAway};

struct Today {
  int64_t offered = 0;
  int64_t answered = 0;
  int64_t abandoned = 0;
  ojson service_level;            // percent, null without a denominator
  ojson average_speed_of_answer;  // seconds (calendar mean), null without answers
};

struct BoardRow {
  int64_t waiting = 0;
  std::optional<Instant> oldest_queued;
  std::array<int64_t, kBoardStates.size()> agents{};
  Today today;
};

GroupKey KeyOf(const Engine& engine, const std::vector<Field>& group_by, const TicketDims& dims) {
  GroupKey key;
  key.reserve(group_by.size());
  for (Field f : group_by) {
    const uint32_t id = dims.Get(f);
    if (id == 0) {
      key.emplace_back();
    } else {
      key.emplace_back(std::string(engine.impl().interned().Name(f, id)));
    }
  }
  return key;
}

// [local midnight, next local midnight) around `now` in `zone`.
std::pair<Instant, Instant> LocalDay(const TimeZone& zone, Instant now) {
  const auto local_day = date::floor<date::days>(zone.ToLocal(now));
  const Instant start = zone.EarliestInstantOf(TimeZone::LocalTime{local_day});
  const Instant end = zone.EarliestInstantOf(TimeZone::LocalTime{local_day + date::days{1}});
  return {start, end};
}

// Today's figures per group, from the views.
absl::Status AddToday(const Engine& engine, const LiveQuery& query, Instant midnight,
                      Instant next_midnight, std::map<GroupKey, BoardRow>& rows) {
  nlohmann::json q = {{"from", ToEpochMs(std::max(midnight, kMinInstant))},
                      {"to", ToEpochMs(std::min(next_midnight, kMaxInstant))},
                      {"grain", "all"},
                      {"metrics",
                       {"contacts_queued", "contacts_answered", "contacts_abandoned",
                        "service_level", "average_speed_of_answer"}},
                      {"group_by", nlohmann::json::array()}};
  for (Field f : query.group_by) q["group_by"].push_back(FieldName(f));
  if (!query.filter.empty()) {
    nlohmann::json filter = nlohmann::json::object();
    for (const auto& [f, names] : query.filter) filter[std::string(FieldName(f))] = names;
    q["filter"] = std::move(filter);
  }
  absl::StatusOr<report::ReportQuery> parsed = report::ReportQuery::FromJson(q, engine.config());
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<report::Report> built = report::Build(engine, *parsed);
  if (!built.ok()) {
    return absl::Status(built.status().code(), absl::StrCat("live query: queue: today's figures: ",
                                                            std::string(built.status().message())));
  }
  const ojson answer = report::ToJson(*built);
  for (const ojson& row : answer["rows"]) {
    GroupKey key;
    for (Field f : query.group_by) {
      const ojson& v = row[std::string(FieldName(f))];
      key.push_back(v.is_string() ? std::optional<std::string>(v.get<std::string>())
                                  : std::nullopt);
    }
    auto count = [&](const char* metric) {
      const ojson& v = row[metric];
      return v.is_number() ? v.get<int64_t>() : int64_t{0};
    };
    // Reports also list groups that only hold open tickets: not a board row.
    const int64_t offered = count("contacts_queued"), answered = count("contacts_answered"),
                  abandoned = count("contacts_abandoned");
    if (offered == 0 && answered == 0 && abandoned == 0) continue;
    Today& t = rows[key].today;
    t.offered = offered;
    t.answered = answered;
    t.abandoned = abandoned;
    if (const ojson& sl = row["service_level"]; sl.is_object()) t.service_level = sl["value"];
    if (const ojson& asa = row["average_speed_of_answer"]; asa.is_object()) {
      t.average_speed_of_answer = asa["calendar"]["mean"];
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ojson> QueueAnswer(const Engine& engine, const LiveQuery& query, Instant now) {
  const TimeZone* zone = ConfigZone(engine);
  std::map<GroupKey, BoardRow> rows;
  if (query.group_by.empty()) rows[GroupKey{}];  // one row, even on a quiet board
  // The filter applies to the waiting contacts' dimensions (their queue's
  // group), the agents' and today's figures alike.
  FilterIds filter;
  const bool any_pass = ResolveFilter(engine, query, filter);

  // Contacts waiting: a scan of the contacts in progress (calls and chats
  // now, not tickets: a few thousand at most on the largest floors).
  for (const auto& [key, contact] : engine.impl().contacts().contacts()) {
    if (contact.phase != ContactState::Phase::kWaiting) continue;
    const TicketState* ticket = engine.impl().FindTicket(key);
    if (ticket == nullptr) continue;
    TicketDims dims = ticket->dims;
    if (contact.group != 0) dims.Set(Field::kGroup, contact.group);  // the queue it waits in
    if (!any_pass || !Passes(filter, dims)) continue;
    BoardRow& row = rows[KeyOf(engine, query.group_by, dims)];
    ++row.waiting;
    if (!row.oldest_queued || contact.queued_at < *row.oldest_queued) {
      row.oldest_queued = contact.queued_at;
    }
  }
  for (const auto& [agent, status] : engine.impl().contacts().agents()) {
    if (!any_pass || !Passes(filter, status.dims)) continue;
    for (size_t i = 0; i < kBoardStates.size(); ++i) {
      if (status.state == kBoardStates[i]) {
        ++rows[KeyOf(engine, query.group_by, status.dims)].agents[i];
      }
    }
  }
  const auto [midnight, next_midnight] = LocalDay(*zone, now);
  if (absl::Status s = AddToday(engine, query, midnight, next_midnight, rows); !s.ok()) return s;

  ojson answer = {{"now", FormatIsoInstant(now, zone)},
                  {"timezone", zone->name()},
                  {"since", FormatIsoInstant(midnight, zone)},
                  {"group_by", ojson::array()},
                  {"rows", ojson::array()}};
  for (Field f : query.group_by) answer["group_by"].push_back(FieldName(f));
  for (const auto& [key, row] : rows) {
    ojson out = ojson::object();
    for (size_t i = 0; i < key.size(); ++i) {
      out[std::string(FieldName(query.group_by[i]))] = key[i] ? ojson(*key[i]) : ojson();
    }
    out["waiting"] = {
        {"count", row.waiting},
        {"longest_wait", row.oldest_queued ? ojson(Seconds(now - *row.oldest_queued)) : ojson()},
        {"oldest_queued",
         row.oldest_queued ? ojson(FormatIsoInstant(*row.oldest_queued, zone)) : ojson()}};
    ojson agents = ojson::object();
    for (size_t i = 0; i < kBoardStates.size(); ++i) {
      agents[std::string(kAgentStateNames[static_cast<int>(kBoardStates[i])])] = row.agents[i];
    }
    out["agents"] = std::move(agents);
    out["today"] = {{"offered", row.today.offered},
                    {"answered", row.today.answered},
                    {"abandoned", row.today.abandoned},
                    {"service_level", row.today.service_level},
                    {"average_speed_of_answer", row.today.average_speed_of_answer}};
    answer["rows"].push_back(std::move(out));
  }
  return answer;
}

}  // namespace csm::live
