// ShardedEngine: N shards on their threads answer as one engine (the routing
// rule and its exactness: docs/engine.md, "Routing"). The streams below have
// repeat customers, agent states, costs, reopens, releases after the reopen
// window, late events and rejections of every kind, so each part of the
// rule is needed for the reports to match. tools/tsan.sh runs these tests
// under ThreadSanitizer.
#include "csm/engine/sharded_engine.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "csm/report/report.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

constexpr std::string_view kConfig = R"({
  "views": [{"group_by": [], "grain": "day"},
            {"group_by": ["agent"], "grain": "all"},
            {"group_by": ["customer"], "grain": "all"},
            {"group_by": ["group", "channel"], "grain": "day"}],
  "options": {"reopen_window": 86400, "repeat_window": 259200}})";

const char* const kQueries[] = {
    R"({"grain": "day"})",
    R"({"grain": "all", "group_by": ["agent"]})",
    R"({"grain": "all", "group_by": ["customer"]})",
    R"({"grain": "day", "group_by": ["group", "channel"]})",
    R"({"grain": "all", "metrics": ["top_drivers", "repeat_contact_rate", "cost_per_contact"]})",
};

// A seeded day-by-day helpdesk stream in time order (JSON lines): tickets
// of repeat customers, replies, solves, reopens (some after the window:
// rejected), closes, CSAT, agent states, costs, and bad lines.
// `late_reopens`: some reopens come after the reopen window, so the latest
// events of the stream are rejected ones (docs/engine.md, "One watermark").
std::string Stream(uint32_t seed, int tickets, bool late_reopens = true) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  struct Line {
    int64_t ms;
    int order;
    std::string text;
  };
  std::vector<Line> lines;
  const int64_t start = 1'790'000'000'000;
  int order = 0;
  auto add = [&](int64_t ms, std::string body) {
    lines.push_back({ms, order++, absl::StrCat(R"({"time": )", ms, ", ", body, "}")});
  };
  for (int t = 0; t < tickets; ++t) {
    // Numeric and named tickets both.
    const std::string ticket =
        t % 3 == 0 ? std::to_string(1000 + t) : absl::StrCat("\"T-", t, "\"");
    const std::string customer = absl::StrCat("cust-", pick(tickets / 3 + 1));
    const std::string agent = absl::StrCat("agent-", pick(12));
    int64_t ms = start + static_cast<int64_t>(rng() % (5 * 86'400'000ULL));
    add(ms,
        absl::StrCat(R"("type": "created", "ticket": )", ticket, R"(, "customer": ")", customer,
                     R"(", "group": "g)", pick(3), R"(", "channel": "c)", pick(2),
                     R"(", "category": "cat-)", pick(8), R"(", "priority": "p)", pick(2), "\""));
    ms += 60'000 + static_cast<int64_t>(rng() % 3'600'000);
    add(ms,
        absl::StrCat(R"("type": "assigned", "ticket": )", ticket, R"(, "agent": ")", agent, "\""));
    const int replies = 1 + pick(3);
    for (int r = 0; r < replies; ++r) {
      ms += static_cast<int64_t>(rng() % 7'200'000);
      add(ms, absl::StrCat(R"("type": "agent_reply", "ticket": )", ticket, R"(, "agent": ")", agent,
                           "\""));
      ms += static_cast<int64_t>(rng() % 3'600'000);
      add(ms, absl::StrCat(R"("type": "customer_message", "ticket": )", ticket));
    }
    if (pick(5) == 0) continue;  // still open at the end
    ms += static_cast<int64_t>(rng() % 7'200'000);
    add(ms, absl::StrCat(R"("type": "status", "status": "solved", "ticket": )", ticket));
    if (pick(2) == 0) {
      add(ms + 1000,
          absl::StrCat(R"("type": "csat", "value": )", 1 + pick(5), R"(, "ticket": )", ticket));
    }
    if (pick(4) == 0) {
      // A reopen, inside the window or (rejected: released) after it.
      const int64_t later = pick(2) == 0 || !late_reopens ? 3'600'000 : 2 * 86'400'000;
      add(ms + later, absl::StrCat(R"("type": "status", "status": "open", "ticket": )", ticket));
      add(ms + later + 600'000,
          absl::StrCat(R"("type": "status", "status": "solved", "ticket": )", ticket));
    }
    if (pick(6) == 0) {  // a late event, within or beyond the allowed lateness
      add(ms + 3'600'000 - (pick(2) == 0 ? 0 : 90'000'000),
          absl::StrCat(R"("type": "note", "ticket": )", ticket));
    }
  }
  for (int i = 0; i < tickets / 2; ++i) {
    const int64_t ms = start + static_cast<int64_t>(rng() % (5 * 86'400'000ULL));
    const char* states[] = {"available", "busy", "after_call", "away", "offline"};
    add(ms, absl::StrCat(R"("type": "agent_state", "agent": "agent-)", pick(12),
                         R"(", "status": ")", states[pick(5)], "\""));
    add(ms + 1, absl::StrCat(R"("type": "cost", "value": )", pick(1000), ".25"));
  }
  // Rejections the router makes and ones the shards make.
  add(start + 1, R"("type": "note", "ticket": "never-created")");
  add(start + 2, R"("type": "csat", "ticket": "T-1", "value": 99)");
  add(start + 3, R"("type": "created", "ticket": "T-1", "customer": "cust-0")");
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.ms < b.ms; });
  std::string text;
  for (const Line& l : lines) absl::StrAppend(&text, l.text, "\n");
  return text + "{\"type\": \n";  // a malformed last line
}

std::string Reports(const Engine& engine) {
  std::string out;
  for (const char* q : kQueries) {
    absl::StatusOr<std::string> r = report::RunJson(engine, q);
    EXPECT_TRUE(r.ok()) << r.status();
    if (r.ok()) absl::StrAppend(&out, *r, "\n");
  }
  return out;
}

// "" when equal, else the text around the first difference (pages of JSON
// side by side would not help).
std::string FirstDifference(const std::string& got, const std::string& want) {
  if (got == want) return "";
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  const size_t from = i < 120 ? 0 : i - 120;
  return absl::StrCat("at byte ", i, ":\n got: ", got.substr(from, 240),
                      "\nwant: ", want.substr(from, 240));
}

TEST(ShardedEngine, ReportsEqualOneEngineFor1To4Shards) {
  for (const bool late_reopens : {false, true}) {
    const std::string events = Stream(late_reopens ? 2 : 1, 300, late_reopens);
    std::unique_ptr<Engine> one = *Engine::Create(kConfig);
    const IngestResult single = one->IngestJsonl(events);
    ASSERT_GT(single.rejected, 3u);  // the stream does exercise rejections
    const std::string expected = Reports(*one);
    for (int shards : {1, 2, 3, 4}) {
      SCOPED_TRACE(absl::StrCat("late reopens ", late_reopens, ", shards ", shards));
      std::unique_ptr<ShardedEngine> sharded = *ShardedEngine::Create(kConfig, shards);
      sharded->IngestJsonl(events);
      absl::StatusOr<ShardedEngine::Finished> done = sharded->Finish();
      ASSERT_TRUE(done.ok()) << done.status();
      EXPECT_EQ(done->accepted, single.accepted);
      EXPECT_EQ(done->rejected, single.rejected);
      for (int r = 1; r <= kRejectReasonCount; ++r) {
        EXPECT_EQ(done->engine->rejected(static_cast<RejectReason>(r)),
                  one->rejected(static_cast<RejectReason>(r)))
            << RejectReasonName(static_cast<RejectReason>(r));
      }
      EXPECT_EQ(FirstDifference(Reports(*done->engine), expected), "");
      // The state behind them too. With late reopens, a shard's rejected
      // event (later than every accepted one) still moves the other shards'
      // watermark, so they release tickets one engine keeps (the deviation
      // docs/engine.md describes); a shard's own rejections never move its
      // own, so one shard is exact.
      if (!late_reopens || shards == 1) {
        EXPECT_EQ(done->engine->live_tickets(), one->live_tickets());
        EXPECT_EQ(done->engine->released_tickets(), one->released_tickets());
        EXPECT_EQ(done->engine->watermark(), one->watermark());
      } else {
        EXPECT_GE(done->engine->watermark(), one->watermark());
      }
      // The first rejections are the single engine's, by line.
      ASSERT_EQ(done->first_rejections.size(), single.first_rejections.size());
      for (size_t i = 0; i < single.first_rejections.size(); ++i) {
        EXPECT_EQ(done->first_rejections[i].tag,
                  static_cast<int64_t>(single.first_rejections[i].index));
        EXPECT_EQ(done->first_rejections[i].reason, single.first_rejections[i].reason);
      }
    }
  }
}

// Events a shard rejects by a ticket rule (released, duplicate created, out
// of order) do not move its watermark, as in one engine. By hand (reopen
// window 1 h): T-3 solved 09:10 is released once the watermark passes
// 10:10; T-1 solved 10:30 is due at 11:30; the accepted events end at 11:00
// (T-2 created). Then T-3 replies at 10:50 (released), T-2 is created again
// at 12:30 and has a note at 09:00 (before its creation by more than the
// lateness): all rejected, so the watermark stays 11:00 and T-1 stays live:
// live T-1 and T-2, released T-3. The router cannot know these verdicts;
// T-2's shard is not moved by its own rejections and Finish ends every
// shard at the latest accepted event. (Before: T-1 was released, as if the
// stream had reached 12:30.)
TEST(ShardedEngine, ShardRejectionsDoNotMoveTheWatermark) {
  const std::string config = R"({"options": {"reopen_window": 3600}})";
  const std::string events =
      R"({"time": "2026-11-02T09:00:00Z", "type": "created", "ticket": "T-3"}
{"time": "2026-11-02T09:10:00Z", "type": "status", "status": "solved", "ticket": "T-3"}
{"time": "2026-11-02T10:00:00Z", "type": "created", "ticket": "T-1"}
{"time": "2026-11-02T10:30:00Z", "type": "status", "status": "solved", "ticket": "T-1"}
{"time": "2026-11-02T11:00:00Z", "type": "created", "ticket": "T-2"}
{"time": "2026-11-02T10:50:00Z", "type": "agent_reply", "ticket": "T-3", "agent": "ann"}
{"time": "2026-11-02T12:30:00Z", "type": "created", "ticket": "T-2"}
{"time": "2026-11-02T09:00:00Z", "type": "note", "ticket": "T-2"}
)";
  std::unique_ptr<Engine> one = *Engine::Create(config);
  const IngestResult single = one->IngestJsonl(events);
  ASSERT_EQ(single.rejected, 3u);
  ASSERT_EQ(one->live_tickets(), 2u);
  ASSERT_EQ(one->released_tickets(), 1u);
  for (int shards : {1, 2, 3, 4}) {
    std::unique_ptr<ShardedEngine> sharded = *ShardedEngine::Create(config, shards);
    sharded->IngestJsonl(events);
    absl::StatusOr<ShardedEngine::Finished> done = sharded->Finish();
    ASSERT_TRUE(done.ok()) << done.status();
    EXPECT_EQ(done->rejected, 3u) << shards << " shards";
    EXPECT_EQ(done->engine->live_tickets(), 2u) << shards << " shards";
    EXPECT_EQ(done->engine->released_tickets(), 1u) << shards << " shards";
    EXPECT_EQ(done->engine->watermark(), one->watermark()) << shards << " shards";
  }
}

TEST(ShardedEngine, ATicketFollowsItsCustomerFixedAtCreated) {
  // Two tickets of one customer within the repeat window: the second is a
  // repeat contact only if both are on one shard. The second ticket's later
  // event names another customer; it still goes where the ticket went.
  const std::string events =
      R"({"time": 1790000000000, "type": "created", "ticket": "A", "customer": "c1"}
{"time": 1790000100000, "type": "created", "ticket": "B", "customer": "c1"}
{"time": 1790000200000, "type": "updated", "ticket": "B", "customer": "c2"}
{"time": 1790000300000, "type": "agent_reply", "ticket": "B", "agent": "x"}
)";
  std::unique_ptr<Engine> one = *Engine::Create(kConfig);
  ASSERT_EQ(one->IngestJsonl(events).rejected, 0u);
  for (int shards : {2, 4, 8}) {
    std::unique_ptr<ShardedEngine> sharded = *ShardedEngine::Create(kConfig, shards);
    sharded->IngestJsonl(events);
    absl::StatusOr<ShardedEngine::Finished> done = sharded->Finish();
    ASSERT_TRUE(done.ok()) << done.status();
    EXPECT_EQ(done->rejected, 0u);
    EXPECT_EQ(FirstDifference(Reports(*done->engine), Reports(*one)), "") << shards << " shards";
  }
}

TEST(ShardedEngine, IngestWithInternedIdsAndTags) {
  std::unique_ptr<ShardedEngine> sharded = *ShardedEngine::Create(kConfig, 2);
  Event created;
  created.time = FromEpochMs(1'790'000'000'000);
  created.type = EventType::kCreated;
  created.ticket = *sharded->NamedTicket("T");
  created.customer = *sharded->Intern(Field::kCustomer, "c");
  Event unknown = created;
  unknown.type = EventType::kNote;
  unknown.ticket = 77;
  Event duplicate = created;  // rejected by the ticket's shard
  const std::vector<Event> events = {created, unknown, duplicate};
  const std::vector<int64_t> lines = {10, 11, 12};
  sharded->Ingest(events, lines);
  absl::StatusOr<ShardedEngine::Finished> done = sharded->Finish();
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->accepted, 1u);
  EXPECT_EQ(done->rejected, 2u);
  ASSERT_EQ(done->first_rejections.size(), 2u);
  EXPECT_EQ(done->first_rejections[0].tag, 11);
  EXPECT_EQ(done->first_rejections[0].reason, RejectReason::kUnknownTicket);
  EXPECT_EQ(done->first_rejections[0].ticket, "77");
  EXPECT_EQ(done->first_rejections[1].tag, 12);
  EXPECT_EQ(done->first_rejections[1].reason, RejectReason::kDuplicateCreated);
  EXPECT_EQ(done->first_rejections[1].ticket, "T");
  EXPECT_EQ(done->engine->live_tickets(), 1u);
  // Once finished, it takes nothing more.
  EXPECT_FALSE(sharded->Finish().ok());
}

TEST(ShardedEngine, RefusesAShardCountOutOfRange) {
  EXPECT_FALSE(ShardedEngine::Create(kConfig, 0).ok());
  EXPECT_FALSE(ShardedEngine::Create(kConfig, ShardedEngine::kMaxShards + 1).ok());
  EXPECT_FALSE(ShardedEngine::Create("{not json", 2).ok());
}

TEST(ShardedEngine, DroppedUnfinishedStopsItsThreads) {
  std::unique_ptr<ShardedEngine> sharded = *ShardedEngine::Create(kConfig, 3);
  sharded->IngestJsonl(Stream(3, 50));
  sharded.reset();  // joins the shards' threads without merging
}

}  // namespace
}  // namespace csm
