// Serialize / MergeSerialized: engines that saw disjoint tickets, merged,
// report exactly what one engine that saw everything reports.
#include <limits>

#include "csm/engine/internal/engine_impl.h"
#include "scenario.h"
#include "synthetic_stream.h"

namespace csm::testing {
namespace {

const std::string kConfig = ConfigWithOfficeHours(R"(
  "views": [{"group_by": [], "grain": "hour"},
            {"group_by": ["agent"], "grain": "day"},
            {"group_by": ["group", "channel"], "grain": "week", "timezone": "America/New_York"}],
  "options": {"fcr": "first_reply_solves"})");

const char* kQueries[] = {
    R"({"grain": "all"})",
    R"({"grain": "day", "timezone": "UTC"})",
    R"({"grain": "all", "group_by": ["agent"]})",
    R"({"grain": "week", "group_by": ["channel"], "timezone": "America/New_York"})",
    R"({"grain": "day", "group_by": ["agent"], "filter": {"agent": ["agent-0", "agent-3"]}})",
};

std::unique_ptr<Engine> NewEngine() { return *Engine::Create(kConfig); }

// Feeds the synthetic stream to `engine`, keeping the tickets `keep` accepts,
// plus a few bad events (unknown tickets) on the way.
void Feed(Engine& engine, uint64_t tickets, const std::function<bool(TicketKey)>& keep) {
  SyntheticOptions o;
  o.tickets = tickets;
  o.seed = 42;
  o.agents = 40;
  SyntheticStream stream(engine, o);
  std::vector<Event> batch;
  while (stream.Next(batch, 997) > 0) {
    std::vector<Event> mine;
    for (const Event& e : batch) {
      if (keep(e.ticket)) mine.push_back(e);
    }
    Event stray = batch.front();
    stray.ticket = tickets + 1 + batch.size();  // never created
    stray.type = EventType::kNote;
    if (keep(stray.ticket)) mine.push_back(stray);
    engine.Ingest(mine);
    batch.clear();
  }
}

std::string Report(const Engine& e, const char* query) {
  absl::StatusOr<std::string> r = report::RunJson(e, query);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : "";
}

// repeat_contact_rate looks across a customer's tickets, so it is exact
// only when shards split by customer (tests/engine/experience_test.cc);
// these shards split by ticket.
std::string WithoutRepeatContacts(const std::string& report) {
  nlohmann::json j = nlohmann::json::parse(report);
  for (nlohmann::json& row : j["rows"]) row.erase("repeat_contact_rate");
  return j.dump();
}

TEST(EngineState, ShardsMergedReportExactlyWhatOneEngineReports) {
  constexpr uint64_t kTickets = 3000;
  std::unique_ptr<Engine> whole = NewEngine();
  Feed(*whole, kTickets, [](TicketKey) { return true; });
  std::vector<std::unique_ptr<Engine>> shards;
  for (int s = 0; s < 3; ++s) {
    shards.push_back(NewEngine());
    Feed(*shards.back(), kTickets, [s](TicketKey k) { return k % 3 == static_cast<uint64_t>(s); });
  }
  std::unique_ptr<Engine> merged = NewEngine();
  for (int s : {2, 0, 1}) ASSERT_TRUE(merged->MergeSerialized(shards[s]->Serialize()).ok());

  EXPECT_EQ(merged->live_tickets(), whole->live_tickets());
  EXPECT_EQ(merged->rejected_total(), whole->rejected_total());
  EXPECT_GT(whole->rejected_total(), 0u);
  for (const char* q : kQueries) {
    const std::string expected = WithoutRepeatContacts(Report(*whole, q));
    EXPECT_GT(expected.size(), 500u) << q;
    EXPECT_EQ(WithoutRepeatContacts(Report(*merged, q)), expected) << q;
  }
}

TEST(EngineState, RestoredEngineContinuesLikeTheOriginal) {
  // Stop halfway, serialize, restore into a fresh engine, go on with both.
  constexpr uint64_t kTickets = 1500;
  std::unique_ptr<Engine> original = NewEngine();
  std::unique_ptr<Engine> restored;
  SyntheticOptions o;
  o.tickets = kTickets;
  o.seed = 9;
  SyntheticStream stream(*original, o);
  std::vector<Event> batch;
  int round = 0;
  while (stream.Next(batch, 1000) > 0) {
    original->Ingest(batch);
    if (restored) restored->Ingest(batch);
    batch.clear();
    if (++round == 6) {
      restored = NewEngine();
      ASSERT_TRUE(restored->MergeSerialized(original->Serialize()).ok());
      for (const char* q : kQueries) EXPECT_EQ(Report(*restored, q), Report(*original, q)) << q;
    }
  }
  ASSERT_NE(restored, nullptr);
  for (const char* q : kQueries) EXPECT_EQ(Report(*restored, q), Report(*original, q)) << q;
  EXPECT_EQ(restored->live_tickets(), original->live_tickets());
}

// The contact-center and the experience state travel in one engine state:
// a restored engine reports and continues exactly like the original.
TEST(EngineState, ContactAndExperienceStateRoundTripTogether) {
  const std::string config = ConfigWithOfficeHours(R"("views": [{"group_by": [], "grain": "hour"},
            {"group_by": ["agent"], "grain": "day"}])");
  const std::string before = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"C1","type":"created"}
{"time":"2026-11-02T10:00:01Z","ticket":"C1","type":"ivr","step":"menu_a"}
{"time":"2026-11-02T10:00:30Z","ticket":"C1","type":"abandoned"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"C2","type":"queued","group":"g1"}
{"time":"2026-11-02T10:01:00Z","type":"agent_state","agent":"alice","status":"busy"}
{"time":"2026-11-02T10:01:20Z","ticket":"C2","type":"answered","agent":"alice"}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"created","customer":"c1","agent":"bob"}
{"time":"2026-11-02T10:10:00Z","ticket":"T1","type":"agent_reply","agent":"bob"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"survey_sent"}
{"time":"2026-11-02T11:05:00Z","ticket":"T1","type":"csat","value":5}
{"time":"2026-11-02T11:06:00Z","ticket":"T2","type":"created","customer":"c1","agent":"bob"}
)";
  const std::string after = R"(
{"time":"2026-11-02T11:07:00Z","ticket":"C2","type":"ended"}
{"time":"2026-11-02T11:08:00Z","ticket":"C2","type":"wrapup_end"}
{"time":"2026-11-02T11:09:00Z","type":"agent_state","agent":"alice","status":"offline"}
{"time":"2026-11-02T11:30:00Z","ticket":"T2","type":"status","status":"solved"}
{"time":"2026-11-02T11:30:00Z","ticket":"T2","type":"survey_sent"}
{"time":"2026-11-02T11:35:00Z","ticket":"T2","type":"csat","value":2}
{"time":"2026-11-02T11:40:00Z","ticket":"T3","type":"created","customer":"c1","agent":"bob"}
)";
  Scenario original(config);
  original.Events(before);
  Scenario restored(config);
  ASSERT_TRUE(restored.engine().MergeSerialized(original.engine().Serialize()).ok());
  const char* queries[] = {R"({"grain": "hour"})", R"({"grain": "all", "group_by": ["agent"]})"};
  for (const char* q : queries) EXPECT_EQ(restored.Report(q), original.Report(q)) << q;

  original.Events(after);
  restored.Events(after);
  for (const char* q : queries) EXPECT_EQ(restored.Report(q), original.Report(q)) << q;
  const nlohmann::json totals = restored.Totals();
  EXPECT_EQ(totals["csat"]["responses"], 2) << totals.dump();
  EXPECT_EQ(totals["abandonment_by_step"]["in_ivr"], 1) << totals.dump();
  EXPECT_FALSE(totals["occupancy"].is_null()) << totals.dump();
  EXPECT_FALSE(totals["talk_time"].is_null()) << totals.dump();
  EXPECT_FALSE(totals["repeat_contact_rate"].is_null()) << totals.dump();
}

// The first and last accepted event times (an open range's heading) travel
// with the state and merge as min / max; an engine without events has none,
// and AdvanceClock moves neither.
TEST(EngineState, FirstAndLastEventTravelAndMerge) {
  Scenario early, late, empty;
  early.Events(R"({"time":"2026-11-02T10:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-02T12:00:00Z","type":"agent_state","agent":"al","status":"busy"})");
  late.Events(R"({"time":"2026-11-05T09:00:00Z","ticket":"B","type":"created"})");
  ASSERT_TRUE(late.engine().AdvanceClock(FromEpochMs(1793000000000 + 10'000'000'000)).ok());
  const EngineImpl& merged = empty.engine().impl();
  EXPECT_FALSE(merged.first_event().has_value());
  ASSERT_TRUE(empty.engine().MergeSerialized(Scenario().engine().Serialize()).ok());
  EXPECT_FALSE(merged.first_event().has_value());
  ASSERT_TRUE(empty.engine().MergeSerialized(late.engine().Serialize()).ok());
  ASSERT_TRUE(empty.engine().MergeSerialized(early.engine().Serialize()).ok());
  EXPECT_EQ(ToEpochMs(*merged.first_event()), 1793613600000);                // 2026-11-02T10:00:00Z
  EXPECT_EQ(ToEpochMs(*merged.last_event()), 1793869200000);                 // 2026-11-05T09:00:00Z
  EXPECT_EQ(ToEpochMs(*early.engine().impl().last_event()), 1793620800000);  // the agent state
}

// A state merged into an engine whose watermark is later: what fell due
// between the two watermarks happens to the merged-in tickets, as in one
// engine that saw every event. Worked by hand (reopen window 1 h, first
// reply due 1 h after created):
//   early engine, watermark 11:00: T-1 created 10:00, solved 10:30 (due for
//     release at 11:30); T-2 created 11:00 (first reply due 12:00);
//   late engine, watermark 13:00: T-3 created 13:00.
// At 13:00 one engine has released T-1 (11:30 < 13:00) and recorded T-2's
// breach at 12:00: live T-2 and T-3, one released key, one breach, and an
// event of T-1 is ticket_released.
TEST(EngineState, MergeIntoALaterEngineAppliesWhatFellDueBetweenTheWatermarks) {
  const std::string config = R"({"options": {"reopen_window": 3600},
      "sla_policies": [{"name": "p", "targets": [{"metric": "first_reply_time", "seconds": 3600}]}]})";
  const std::string_view early_events =
      R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T10:30:00Z", "type": "status", "status": "solved"}
{"ticket": "T-2", "time": "2026-11-02T11:00:00Z", "type": "created"})";
  const std::string_view late_events =
      R"({"ticket": "T-3", "time": "2026-11-02T13:00:00Z", "type": "created"})";
  Scenario one(config), early(config), late(config), fresh(config);
  one.Events(early_events);
  one.Events(late_events);
  early.Events(early_events);
  late.Events(late_events);
  ASSERT_EQ(late.engine().live_tickets(), 1u);
  // Into the later engine, and into a fresh one, the later state first.
  ASSERT_TRUE(fresh.engine().MergeSerialized(late.engine().Serialize()).ok());
  ASSERT_TRUE(fresh.engine().MergeSerialized(early.engine().Serialize()).ok());
  ASSERT_TRUE(late.engine().MergeSerialized(early.engine().Serialize()).ok());
  for (Scenario* merged : {&late, &fresh}) {
    EXPECT_EQ(merged->engine().live_tickets(), 2u);
    EXPECT_EQ(merged->engine().released_tickets(), 1u);
    EXPECT_EQ(merged->Totals(R"("metrics": ["sla_breached"])")["sla_breached"], 1);
    EXPECT_EQ(merged->engine().live_tickets(), one.engine().live_tickets());
    EXPECT_EQ(merged->engine().released_tickets(), one.engine().released_tickets());
    EXPECT_EQ(merged->Report(R"({"grain": "hour"})"), one.Report(R"({"grain": "hour"})"));
    EXPECT_EQ(
        OnlyRejection(
            merged->engine(),
            R"({"ticket": "T-1", "time": "2026-11-02T13:05:00Z", "type": "agent_reply", "agent": "ann"})"),
        RejectReason::kTicketReleased);
  }
}

TEST(EngineState, RefusedMergesChangeNothing) {
  std::unique_ptr<Engine> a = NewEngine();
  Feed(*a, 300, [](TicketKey k) { return k % 2 == 0; });
  const std::string bytes = a->Serialize();
  const std::string before = Report(*a, kQueries[2]);

  // The same tickets again.
  EXPECT_EQ(a->MergeSerialized(bytes).code(), absl::StatusCode::kFailedPrecondition);
  // Another config.
  std::unique_ptr<Engine> other = *Engine::Create("{}");
  EXPECT_EQ(a->MergeSerialized(other->Serialize()).code(), absl::StatusCode::kFailedPrecondition);
  // Corrupt or cut bytes: an error, never a crash.
  EXPECT_FALSE(a->MergeSerialized("CSME").ok());
  EXPECT_FALSE(a->MergeSerialized("garbage").ok());
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + bytes.size() / 100) {
    EXPECT_FALSE(a->MergeSerialized(std::string_view(bytes).substr(0, cut)).ok()) << cut;
  }
  std::string flipped = bytes;
  flipped[5] = static_cast<char>(flipped[5] ^ 0x40);  // inside the config's length
  EXPECT_FALSE(a->MergeSerialized(flipped).ok());
  EXPECT_EQ(Report(*a, kQueries[2]), before);

  // A disjoint engine merges fine.
  std::unique_ptr<Engine> b = NewEngine();
  Feed(*b, 300, [](TicketKey k) { return k % 2 == 1; });
  EXPECT_TRUE(a->MergeSerialized(b->Serialize()).ok());
  EXPECT_NE(Report(*a, kQueries[2]), before);
}

TEST(EngineState, NamedTicketsAndNamesAreRemappedThroughTheirStrings) {
  // Two engines intern names in different orders; merged, the names match up.
  Scenario a(kConfig);
  Scenario b(kConfig);
  a.Events(
      R"({"time":"2026-11-02T09:00:00Z","ticket":"A1","type":"created","agent":"zed","channel":"chat"}
{"time":"2026-11-02T09:30:00Z","ticket":"A1","type":"agent_reply","agent":"amy"})");
  b.Events(R"({"time":"2026-11-02T09:00:00Z","ticket":"B1","type":"created","channel":"mail"}
{"time":"2026-11-02T09:10:00Z","ticket":"B1","type":"assigned","agent":"amy"}
{"time":"2026-11-02T09:20:00Z","ticket":"B1","type":"agent_reply","agent":"amy"})");
  ASSERT_TRUE(a.engine().MergeSerialized(b.engine().Serialize()).ok());
  // B1 keeps living in the merged engine under its name.
  a.Events(R"({"time":"2026-11-02T10:00:00Z","ticket":"B1","type":"status","status":"solved"})");
  const nlohmann::json r = a.Report(R"({"grain": "all", "group_by": ["agent"],
      "metrics": ["tickets_created", "tickets_solved", "first_reply_time"]})");
  ASSERT_EQ(r["rows"].size(), 3u) << r.dump();
  EXPECT_TRUE(r["rows"][0]["agent"].is_null());  // B1 was created unassigned
  EXPECT_EQ(r["rows"][0]["tickets_created"], 1);
  EXPECT_EQ(r["rows"][1]["agent"], "amy");
  EXPECT_EQ(r["rows"][1]["tickets_solved"], 1);
  EXPECT_EQ(r["rows"][1]["first_reply_time"]["calendar"]["count"], 1);
  EXPECT_EQ(r["rows"][2]["agent"], "zed");
  EXPECT_EQ(r["rows"][2]["tickets_created"], 1);
}

// A state whose tickets were all released (nothing live) merged twice:
// the second merge is refused, as for live tickets, instead of counting
// every sample again.
TEST(EngineState, AStateOfReleasedTicketsMergesOnlyOnce) {
  const char* config = R"({"options": {"reopen_window": 3600}})";
  Scenario s(config);
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:30:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T12:00:00Z","type":"cost","value":5}
)");
  ASSERT_EQ(s.engine().live_tickets(), 0u);
  ASSERT_EQ(s.engine().released_tickets(), 1u);
  const std::string bytes = s.engine().Serialize();
  std::unique_ptr<Engine> merged = *Engine::Create(config);
  ASSERT_TRUE(merged->MergeSerialized(bytes).ok());
  const std::string once = Report(*merged, kQueries[0]);
  EXPECT_EQ(once, Report(s.engine(), kQueries[0]));
  EXPECT_EQ(merged->MergeSerialized(bytes).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Report(*merged, kQueries[0]), once);
}

// A state whose counts would overflow ours (only a crafted or corrupt one
// can) is refused before anything changes; each side alone merges fine.
TEST(EngineState, AMergeThatWouldOverflowACountChangesNothing) {
  const char* config = R"({"views": [{"group_by": [], "grain": "day"}]})";
  Scenario theirs(config);
  theirs.Events(R"({"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"})");
  // Their one cell, with tickets_created raised to 2^64 - 1.
  const View& view = theirs.engine().impl().views().views()[0];
  ASSERT_EQ(view.cells().size(), 1u);
  const MetricCell& cell = *view.cells().begin()->second;
  MetricCell full = cell;
  const int slot = Info(Metric::kTicketsCreated).slot;
  full.count(slot).Add(std::numeric_limits<uint64_t>::max() - 1);
  // Put in place (a state no engine writes: the engine's views are const to
  // everyone but the engine), then serialized with a valid checksum.
  const_cast<View&>(view).PutCell(view.cells().begin()->first, full);
  const std::string bytes = theirs.engine().Serialize();

  Scenario mine(config);
  mine.Events(R"(
{"time":"2026-11-02T11:00:00Z","ticket":"T2","type":"created"}
{"time":"2026-11-02T11:30:00Z","ticket":"T2","type":"status","status":"solved"}
)");
  const std::string before = Report(mine.engine(), kQueries[0]);
  const std::string state_before = mine.engine().Serialize();
  EXPECT_EQ(mine.engine().MergeSerialized(bytes).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Report(mine.engine(), kQueries[0]), before);
  EXPECT_EQ(mine.engine().Serialize(), state_before);

  std::unique_ptr<Engine> empty = *Engine::Create(config);
  ASSERT_TRUE(empty->MergeSerialized(bytes).ok());
  const nlohmann::json report = nlohmann::json::parse(Report(*empty, kQueries[0]));
  EXPECT_EQ(report["rows"][0]["tickets_created"].dump(), "18446744073709551615") << report.dump();
}

}  // namespace
}  // namespace csm::testing
