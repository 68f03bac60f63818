// SLA targets due (kind "sla_due") and a ticket's targets (kind "ticket"),
// read from the SLA tracker's due index. Monday 2026-11-02 in New York
// (UTC-5); the default calendar is Mon-Fri 09:00-17:00 there. Each expected
// instant is worked out in the comments.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "csm/engine/engine.h"
#include "csm/live/live_query.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/iso8601.h"
#include "nlohmann/json.hpp"

namespace csm::live {
namespace {

using nlohmann::json;

constexpr std::string_view kConfig = R"({"timezone": "America/New_York",
  "calendars": {"default": {"timezone": "America/New_York",
    "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
               "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
  "sla_policies": [
    {"name": "vip", "match": {"segment": ["vip"]},
     "targets": [{"priority": "urgent", "metric": "first_reply_time", "seconds": 900, "business": false},
                 {"priority": "*", "metric": "first_reply_time", "seconds": 3600, "business": true}]},
    {"name": "default",
     "targets": [{"priority": "*", "metric": "first_reply_time", "seconds": 14400, "business": true}]}]})";

// First-reply due instants:
//   T-0 vip urgent 08:00 + 15 min calendar = 08:15 (breached by 09:25)
//   T-1 vip urgent 09:00 + 15 min = 09:15 (breached by 09:25)
//   T-2 vip normal 09:05 + 1 business hour = 10:05
//   T-3 default 09:10 + 4 business hours = 13:10
//   T-4 vip urgent 09:20 + 15 min = 09:35, replied 09:25: achieved
//   T-B, T-A vip urgent 09:22 + 15 min = 09:37 (a tie, T-B seen first)
constexpr std::string_view kEvents =
    R"({"time":"2026-11-02T08:00:00-05:00","ticket":"T-0","type":"created","segment":"vip","priority":"urgent","group":"tier1"}
{"time":"2026-11-02T09:00:00-05:00","ticket":"T-1","type":"created","segment":"vip","priority":"urgent","group":"tier1"}
{"time":"2026-11-02T09:05:00-05:00","ticket":"T-2","type":"created","segment":"vip","priority":"normal","group":"tier2"}
{"time":"2026-11-02T09:10:00-05:00","ticket":"T-3","type":"created","group":"tier1"}
{"time":"2026-11-02T09:20:00-05:00","ticket":"T-4","type":"created","segment":"vip","priority":"urgent","group":"tier1"}
{"time":"2026-11-02T09:22:00-05:00","ticket":"T-B","type":"created","segment":"vip","priority":"urgent","group":"tier1"}
{"time":"2026-11-02T09:22:00-05:00","ticket":"T-A","type":"created","segment":"vip","priority":"urgent","group":"tier1"}
{"time":"2026-11-02T09:25:00-05:00","ticket":"T-4","type":"agent_reply","agent":"alice"}
)";

Instant At(std::string_view iso) { return ParseIsoInstant(iso).value_or(Instant{}); }

std::unique_ptr<Engine> NewEngine() {
  auto engine = Engine::Create(kConfig);
  EXPECT_TRUE(engine.ok()) << engine.status();
  if (!engine.ok()) return nullptr;
  EXPECT_EQ((*engine)->IngestJsonl(kEvents).rejected, 0u);
  return *std::move(engine);
}

json Answer(const Engine& engine, std::string_view query, std::string_view now) {
  absl::StatusOr<std::string> text = RunLiveJson(engine, query, At(now));
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? json::parse(*text) : json();
}

std::vector<std::string> Tickets(const json& answer) {
  std::vector<std::string> out;
  for (const json& item : answer["items"]) out.push_back(item["ticket"]);
  return out;
}

TEST(SlaDueAnswer, WithinAnHourInDueOrder) {
  auto engine = NewEngine();
  const json a =
      Answer(*engine, R"({"kind": "sla_due", "within": 3600})", "2026-11-02T09:30:00-05:00");
  EXPECT_EQ(a["now"], "2026-11-02T09:30:00-05:00");
  // Due by 10:30: T-0, T-1 (breached), the T-A / T-B tie by name, T-2.
  EXPECT_EQ(Tickets(a), (std::vector<std::string>{"T-0", "T-1", "T-A", "T-B", "T-2"}));
  EXPECT_EQ(a["items"][0], json::parse(R"({"ticket": "T-0", "policy": "vip",
      "metric": "first_reply_time", "priority": "urgent", "state": "active", "breached": true,
      "due": "2026-11-02T08:15:00-05:00", "due_ms": 1793625300000,
      "remaining": {"calendar": -4500.0, "business": null}})"));
  // T-1: due 09:15, past the clock (09:25) as well as now.
  EXPECT_EQ(a["items"][1]["breached"], true);
  EXPECT_EQ(a["items"][1]["remaining"]["calendar"], -900.0);
  // T-A: 09:37, 7 minutes left, not breached.
  EXPECT_EQ(a["items"][2]["breached"], false);
  EXPECT_EQ(a["items"][2]["remaining"]["calendar"], 420.0);
  // T-2: business target: 09:30 -> 10:05 is 35 open minutes.
  EXPECT_EQ(a["items"][4]["policy"], "vip");
  EXPECT_EQ(a["items"][4]["priority"], "normal");
  EXPECT_EQ(a["items"][4]["remaining"], json::parse(R"({"calendar": 2100.0, "business": 2100.0})"));
}

TEST(SlaDueAnswer, LimitFilterAndNoBound) {
  auto engine = NewEngine();
  const std::string_view now = "2026-11-02T09:30:00-05:00";
  // No within: every active instance, T-3 (13:10, default policy) last.
  const json all = Answer(*engine, R"({"kind": "sla_due"})", now);
  EXPECT_EQ(Tickets(all), (std::vector<std::string>{"T-0", "T-1", "T-A", "T-B", "T-2", "T-3"}));
  EXPECT_EQ(all["items"][5]["policy"], "default");
  // The limit cuts inside the tie by ticket name.
  EXPECT_EQ(Tickets(Answer(*engine, R"({"kind": "sla_due", "limit": 3})", now)),
            (std::vector<std::string>{"T-0", "T-1", "T-A"}));
  EXPECT_EQ(Tickets(Answer(*engine, R"({"kind": "sla_due", "filter": {"group": "tier2"}})", now)),
            (std::vector<std::string>{"T-2"}));
  EXPECT_EQ(
      Tickets(Answer(*engine, R"({"kind": "sla_due", "filter": {"priority": ["normal", "nope"]}})",
                     now)),
      (std::vector<std::string>{"T-2"}));
  EXPECT_TRUE(
      Answer(*engine, R"({"kind": "sla_due", "filter": {"group": "nope"}})", now)["items"].empty());
  // within 0 at 09:30: only what is already due.
  EXPECT_EQ(Tickets(Answer(*engine, R"({"kind": "sla_due", "within": 0})", now)),
            (std::vector<std::string>{"T-0", "T-1"}));
}

TEST(SlaDueAnswer, TicketTargets) {
  auto engine = NewEngine();
  const std::string_view now = "2026-11-02T09:30:00-05:00";
  const json t2 = Answer(*engine, R"({"kind": "ticket", "ticket": "T-2"})", now);
  EXPECT_EQ(t2["policy"], "vip");
  ASSERT_EQ(t2["targets"].size(), 1u) << t2.dump();
  // 09:05 -> 09:30: 1500 s run in both clocks, 2100 s left.
  EXPECT_EQ(t2["targets"][0], json::parse(R"({"metric": "first_reply_time", "target": 3600.0,
      "business": true, "state": "active", "breached": false,
      "due": "2026-11-02T10:05:00-05:00", "due_ms": 1793631900000,
      "elapsed": {"calendar": 1500.0, "business": 1500.0},
      "remaining": {"calendar": 2100.0, "business": 2100.0}})"));
  // T-4 replied at 09:25, 5 minutes in: closed, achieved.
  const json t4 = Answer(*engine, R"({"kind": "ticket", "ticket": "T-4"})", now);
  ASSERT_EQ(t4["targets"].size(), 1u);
  EXPECT_EQ(t4["targets"][0]["state"], "closed");
  EXPECT_EQ(t4["targets"][0]["achieved"], true);
  EXPECT_EQ(t4["targets"][0]["fulfilled"], "2026-11-02T09:25:00-05:00");
  EXPECT_EQ(t4["targets"][0]["elapsed"]["calendar"], 300.0);
}

TEST(SlaDueAnswer, AdvanceMovesTheClockLiveDoesNot) {
  auto engine = NewEngine();
  Answer(*engine, R"({"kind": "sla_due"})", "2026-11-02T12:00:00-05:00");
  EXPECT_EQ(engine->clock(), At("2026-11-02T09:25:00-05:00"));
  ASSERT_TRUE(engine->AdvanceClock(At("2026-11-02T10:10:00-05:00")).ok());
  // Now before the advanced clock is out of range; T-2 (10:05) is breached.
  absl::StatusOr<std::string> early =
      RunLiveJson(*engine, R"({"kind": "sla_due"})", At("2026-11-02T10:09:59-05:00"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kOutOfRange);
  const json a =
      Answer(*engine, R"({"kind": "sla_due", "within": 0})", "2026-11-02T10:10:00-05:00");
  EXPECT_EQ(Tickets(a), (std::vector<std::string>{"T-0", "T-1", "T-A", "T-B", "T-2"}));
  EXPECT_EQ(a["items"][4]["breached"], true);
}

}  // namespace
}  // namespace csm::live
