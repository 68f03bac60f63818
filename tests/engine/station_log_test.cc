// StationLog: the distinct agents and groups of a ticket beyond the two its
// state holds inline, and the stations metrics that count them.
#include "csm/engine/internal/station_log.h"

#include <gtest/gtest.h>

#include "scenario.h"

namespace csm::testing {
namespace {

// One ticket passed between very many distinct agents: every add is O(1)
// (bench/engine/station_log_bench.cc times it), and the log stays exact.
TEST(StationLog, ManyDistinctStationsOfOneTicketStayExact) {
  constexpr uint32_t kAgents = 200'000;
  StationLog log;
  for (uint32_t id = 1; id <= kAgents; ++id) log.Add(Station::kAgent, 7, id);
  for (uint32_t id = 1; id <= kAgents; id += 2) log.Add(Station::kAgent, 7, id);  // repeats
  for (uint32_t id = 1; id <= kAgents; ++id) ASSERT_TRUE(log.Contains(Station::kAgent, 7, id));
  EXPECT_FALSE(log.Contains(Station::kAgent, 7, kAgents + 1));
  EXPECT_FALSE(log.Contains(Station::kGroup, 7, 1));
  EXPECT_FALSE(log.Contains(Station::kAgent, 8, 1));

  // Encoded once each, in the order they came; decoded and added, the same.
  codec::ByteWriter w;
  log.Encode(w);
  const std::string bytes = std::move(w).Finish();
  codec::ByteReader r(bytes);
  StationLog::Saved saved = StationLog::Decode(r);
  ASSERT_TRUE(r.ok() && r.done()) << r.status();
  const auto& agents = saved.logs[static_cast<int>(Station::kAgent)];
  ASSERT_EQ(agents.size(), 1u);
  ASSERT_EQ(agents[0].second.size(), kAgents);
  for (uint32_t i = 0; i < kAgents; ++i) ASSERT_EQ(agents[0].second[i], i + 1);
  StationLog copy;
  copy.Add(std::move(saved));
  for (uint32_t id = 1; id <= kAgents; id += 997)
    EXPECT_TRUE(copy.Contains(Station::kAgent, 7, id));

  log.Forget(7);
  EXPECT_FALSE(log.Contains(Station::kAgent, 7, 1));
}

// Stations count distinct assignees and groups (saturating at 15) whether
// the ticket goes back to one it had before or not.
TEST(StationLog, StationsCountDistinctAssigneesThroughTheEngine) {
  Scenario s(R"({"views": [{"group_by": [], "grain": "all"}]})");
  std::string events =
      R"({"time":"2026-11-02T10:00:00Z","ticket":"T","type":"created","agent":"a0","group":"g0"})"
      "\n";
  // a0 g0, a1 g1, ... a9 g4 (groups repeat), then back to a0..a4: ten agents, five groups.
  for (int i = 1; i < 15; ++i) {
    const int agent = i < 10 ? i : i - 10;
    events += R"({"time":"2026-11-02T10:)" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
              R"(:00Z","ticket":"T","type":"assigned","agent":"a)" + std::to_string(agent) +
              R"(","group":"g)" + std::to_string(i % 5) + "\"}\n";
  }
  events += R"({"time":"2026-11-02T11:00:00Z","ticket":"T","type":"status","status":"solved"})";
  s.Events(events);
  const nlohmann::json totals = s.Totals();
  EXPECT_EQ(totals["assignee_stations"]["mean"], 10) << totals.dump();
  EXPECT_EQ(totals["group_stations"]["mean"], 5) << totals.dump();

  // Many distinct agents: the count saturates at 15, ingest stays linear.
  Scenario many(R"({"views": [{"group_by": [], "grain": "all"}]})");
  std::vector<Event> batch;
  const TicketKey key = 99;
  Event created;
  created.type = EventType::kCreated;
  created.ticket = key;
  created.time = FromEpochMs(1'793'610'000'000);
  batch.push_back(created);
  for (int i = 0; i < 20'000; ++i) {
    Event assigned = created;
    assigned.type = EventType::kAssigned;
    assigned.agent = *many.engine().Intern(Field::kAgent, "agent-" + std::to_string(i));
    batch.push_back(assigned);
  }
  Event solved = created;
  solved.type = EventType::kStatus;
  solved.status = static_cast<uint8_t>(TicketStatus::kSolved);
  batch.push_back(solved);
  EXPECT_EQ(many.engine().Ingest(batch).rejected, 0u);
  EXPECT_EQ(many.Totals()["assignee_stations"]["mean"], 15);
}

}  // namespace
}  // namespace csm::testing
