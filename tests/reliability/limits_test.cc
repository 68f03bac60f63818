// Limits (docs/reliability.md): open tickets, distinct values per field,
// how long released keys are remembered, and engine states whose values lie
// outside what an engine can hold. Reaching a limit is a rejection
// (limit_exceeded) or a status, never growth without bound.
#include <string>

#include <gtest/gtest.h>

#include "csm/engine/engine.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/engine/internal/engine_state.h"
#include "csm/engine/internal/view_set.h"
#include "csm/report/report.h"

namespace csm {
namespace {

constexpr int64_t kMon = 1'793'610'000'000;  // 2026-11-02T09:00Z
constexpr int64_t kDay = 86'400'000;

Event At(int64_t ms, TicketKey ticket, EventType type) {
  Event e;
  e.time = FromEpochMs(ms);
  e.ticket = ticket;
  e.type = type;
  return e;
}

Event Solve(int64_t ms, TicketKey ticket) {
  Event e = At(ms, ticket, EventType::kStatus);
  e.status = static_cast<uint8_t>(TicketStatus::kSolved);
  return e;
}

std::unique_ptr<Engine> Make(std::string_view options) {
  auto engine = Engine::Create(R"({"options": )" + std::string(options) + "}");
  EXPECT_TRUE(engine.ok()) << engine.status();
  return *std::move(engine);
}

TEST(Limits, ConfigChecksAndSpellsThemOut) {
  for (const char* bad :
       {R"({"options": {"max_open_tickets": 0}})", R"({"options": {"max_open_tickets": -1}})",
        R"({"options": {"max_open_tickets": 2.5}})", R"({"options": {"max_open_tickets": "9"}})",
        R"({"options": {"max_distinct_values": 4294967296}})",
        R"({"options": {"forget_released_after": -1}})"}) {
    EXPECT_EQ(Engine::Create(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  const EngineOptions defaults;
  EXPECT_EQ(defaults.max_open_tickets, 10'000'000u);
  EXPECT_EQ(defaults.max_distinct_values, 10'000'000u);
  EXPECT_EQ(defaults.forget_released_after, Millis{90 * kDay});
  auto engine =
      Make(R"({"max_open_tickets": 5, "max_distinct_values": 7, "forget_released_after": 3600})");
  const nlohmann::json canonical = engine->config().ToJson();
  EXPECT_EQ(canonical["options"]["max_open_tickets"], 5);
  EXPECT_EQ(canonical["options"]["max_distinct_values"], 7);
  EXPECT_EQ(canonical["options"]["forget_released_after"], 3600.0);
  EXPECT_EQ(Engine::Create(canonical.dump()).value()->config().ToJson(), canonical);
}

TEST(Limits, OpenTicketsAreCappedAndFreedByRelease) {
  auto engine = Make(R"({"max_open_tickets": 2, "reopen_window": 60})");
  EXPECT_EQ(engine->Ingest(At(kMon, 1, EventType::kCreated)), std::nullopt);
  EXPECT_EQ(engine->Ingest(At(kMon, 2, EventType::kCreated)), std::nullopt);
  EXPECT_EQ(engine->Ingest(At(kMon, 3, EventType::kCreated)), RejectReason::kLimitExceeded);
  EXPECT_EQ(engine->Ingest(At(kMon, 1, EventType::kCreated)), RejectReason::kDuplicateCreated);
  EXPECT_EQ(engine->rejected(RejectReason::kLimitExceeded), 1u);
  EXPECT_EQ(engine->live_tickets(), 2u);
  // Ticket 1 solves; once an accepted event has moved event time past its
  // reopen window it is released and its slot is free again (a rejected
  // event changes nothing, so it cannot release tickets itself).
  EXPECT_EQ(engine->Ingest(Solve(kMon + 1000, 1)), std::nullopt);
  EXPECT_EQ(engine->Ingest(At(kMon + 2000, 4, EventType::kCreated)), RejectReason::kLimitExceeded);
  EXPECT_EQ(engine->Ingest(At(kMon + 120'000, 4, EventType::kCreated)),
            RejectReason::kLimitExceeded);
  EXPECT_EQ(engine->Ingest(At(kMon + 120'000, 2, EventType::kNote)), std::nullopt);
  EXPECT_EQ(engine->live_tickets(), 1u);
  EXPECT_EQ(engine->Ingest(At(kMon + 120'000, 4, EventType::kCreated)), std::nullopt);
  EXPECT_EQ(engine->live_tickets(), 2u);
}

TEST(Limits, DistinctValuesAreCappedWithoutTrace) {
  auto engine = Make(R"({"max_distinct_values": 2})");
  EXPECT_TRUE(engine->Intern(Field::kAgent, "a").ok());
  EXPECT_TRUE(engine->Intern(Field::kAgent, "b").ok());
  EXPECT_EQ(engine->Intern(Field::kAgent, "c").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(*engine->Intern(Field::kAgent, "a"), 1u);      // known names still resolve
  EXPECT_TRUE(engine->Intern(Field::kChannel, "c").ok());  // per field
  const std::string before = engine->Serialize();
  // JSON Lines: a new name beyond the limit rejects the line, and the line's
  // other new names (the ticket's) are rolled back.
  const IngestResult r = engine->IngestJsonl(
      R"({"time": 1793610000000, "ticket": "T-new", "type": "created", "agent": "c"})");
  ASSERT_EQ(r.rejected, 1u);
  EXPECT_EQ(r.first_rejections[0].reason, RejectReason::kLimitExceeded);
  EXPECT_FALSE(engine->impl().interned().Find(Field::kTicket, "T-new"));
  EXPECT_EQ(engine->rejected(RejectReason::kLimitExceeded), 1u);
  // Merging names beyond the limit is refused and changes nothing.
  auto other = Make(R"({"max_distinct_values": 2})");
  ASSERT_TRUE(other->Intern(Field::kAgent, "x").ok());
  const std::string mine = engine->Serialize();
  EXPECT_EQ(engine->MergeSerialized(other->Serialize()).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(engine->Serialize(), mine);
}

// max_groups: a view holds at most that many groups (here agents); an event
// that would add one more is rejected as limit_exceeded before anything
// changes, whichever way it brings the group (a new ticket, a reassignment,
// a call answered by another agent, an agent state); known groups go on.
TEST(Limits, GroupsPerViewAreCapped) {
  for (const char* bad : {"0", "-1", "2.5", "\"9\"", "1000000001"}) {
    const std::string config =
        std::string(R"({"views": [{"group_by": ["agent"], "max_groups": )") + bad + "}]}";
    const absl::Status s = Engine::Create(config).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(std::string(s.message()).find("views[0].max_groups"), std::string::npos) << s;
  }
  EXPECT_EQ(ViewSpec().max_groups, 1'000'000u);
  EXPECT_EQ(Engine::Create("{}").value()->config().ToJson()["views"][0]["max_groups"], 1'000'000);

  constexpr std::string_view kConfig = R"({
    "views": [{"group_by": [], "grain": "hour"},
              {"group_by": ["agent"], "grain": "day", "max_groups": 2}]})";
  auto engine = Engine::Create(kConfig).value();
  const uint32_t a = *engine->Intern(Field::kAgent, "a"), b = *engine->Intern(Field::kAgent, "b"),
                 c = *engine->Intern(Field::kAgent, "c");
  auto with_agent = [](Event e, uint32_t agent) {
    e.agent = agent;
    return e;
  };
  ASSERT_EQ(engine->Ingest(with_agent(At(kMon, 1, EventType::kCreated), a)), std::nullopt);
  ASSERT_EQ(engine->Ingest(with_agent(At(kMon, 2, EventType::kCreated), b)), std::nullopt);
  ASSERT_EQ(engine->Ingest(At(kMon + 2000, 2, EventType::kQueued)), std::nullopt);
  // What the engine holds, less its rejection counts.
  auto held = [&engine] {
    const auto report = report::RunJson(*engine, R"({"group_by": ["agent"], "grain": "all"})");
    return std::to_string(engine->live_tickets()) + " " +
           std::to_string(engine->impl().views().views()[1].group_count()) + " " +
           nlohmann::json::parse(report.value())["rows"].dump();
  };
  const std::string before = held();
  // A third agent, four ways: each rejected, nothing changed.
  Event agent_state = with_agent(At(kMon + 4000, 0, EventType::kAgentState), c);
  agent_state.status = static_cast<uint8_t>(AgentState::kAvailable);
  for (const Event& e : {with_agent(At(kMon + 1000, 3, EventType::kCreated), c),
                         with_agent(At(kMon + 1000, 1, EventType::kAssigned), c),
                         with_agent(At(kMon + 3000, 2, EventType::kAnswered), c), agent_state,
                         At(kMon + 1000, 4, EventType::kCreated)}) {  // no agent: a group too
    EXPECT_EQ(engine->Ingest(e), RejectReason::kLimitExceeded) << static_cast<int>(e.type);
    EXPECT_EQ(held(), before);
  }
  EXPECT_EQ(engine->rejected(RejectReason::kLimitExceeded), 5u);
  // Known groups go on.
  EXPECT_EQ(engine->Ingest(with_agent(At(kMon + 5000, 2, EventType::kAnswered), b)), std::nullopt);
  EXPECT_EQ(engine->Ingest(with_agent(At(kMon + 6000, 1, EventType::kAgentReply), a)),
            std::nullopt);
  EXPECT_EQ(engine->Ingest(with_agent(At(kMon + 7000, 5, EventType::kCreated), a)), std::nullopt);
  EXPECT_EQ(engine->impl().views().views()[1].group_count(), 2u);

  // Merging a state that would bring a third group is refused, unchanged.
  auto other = Engine::Create(kConfig).value();
  const uint32_t x = *other->Intern(Field::kAgent, "x");
  ASSERT_EQ(other->Ingest(with_agent(At(kMon, 9, EventType::kCreated), x)), std::nullopt);
  const std::string mine = engine->Serialize();
  const absl::Status merged = engine->MergeSerialized(other->Serialize());
  EXPECT_EQ(merged.code(), absl::StatusCode::kResourceExhausted) << merged;
  EXPECT_NE(std::string(merged.message()).find("max_groups"), std::string::npos) << merged;
  EXPECT_EQ(engine->Serialize(), mine);
  // A state of known groups merges.
  auto same = Engine::Create(kConfig).value();
  const uint32_t same_b = *same->Intern(Field::kAgent, "b");
  ASSERT_EQ(same->Ingest(with_agent(At(kMon, 9, EventType::kCreated), same_b)), std::nullopt);
  EXPECT_TRUE(engine->MergeSerialized(same->Serialize()).ok());
}

TEST(Limits, ReleasedKeysAreForgottenAfterTheHorizon) {
  auto engine = Make(R"({"reopen_window": 60, "forget_released_after": 3600})");
  ASSERT_EQ(engine->Ingest(At(kMon, 1, EventType::kCreated)), std::nullopt);
  ASSERT_EQ(engine->Ingest(Solve(kMon + 1000, 1)), std::nullopt);
  // A ticketless event moves event time on: past the reopen window ...
  Event tick = At(kMon + 120'000, 0, EventType::kCost);
  tick.value = 1.0;
  ASSERT_EQ(engine->Ingest(tick), std::nullopt);
  EXPECT_EQ(engine->released_tickets(), 1u);
  EXPECT_EQ(engine->Ingest(At(kMon + 130'000, 1, EventType::kNote)), RejectReason::kTicketReleased);
  // ... and past the horizon: the key is forgotten.
  tick.time = FromEpochMs(kMon + 2 * 3'600'000);
  ASSERT_EQ(engine->Ingest(tick), std::nullopt);
  EXPECT_EQ(engine->released_tickets(), 0u);
  EXPECT_EQ(engine->Ingest(At(kMon + 2 * 3'600'000, 1, EventType::kNote)),
            RejectReason::kUnknownTicket);
  // Released keys merged from another engine are forgotten too.
  auto other = Make(R"({"reopen_window": 60, "forget_released_after": 3600})");
  ASSERT_EQ(other->Ingest(At(kMon, 7, EventType::kCreated)), std::nullopt);
  ASSERT_EQ(other->Ingest(Solve(kMon + 1000, 7)), std::nullopt);
  tick.time = FromEpochMs(kMon + 120'000);
  ASSERT_EQ(other->Ingest(tick), std::nullopt);
  ASSERT_EQ(other->released_tickets(), 1u);
  ASSERT_TRUE(engine->MergeSerialized(other->Serialize()).ok());
  EXPECT_EQ(engine->released_tickets(), 1u);
  tick.time = FromEpochMs(kMon + 4 * 3'600'000);
  ASSERT_EQ(engine->Ingest(tick), std::nullopt);
  EXPECT_EQ(engine->released_tickets(), 0u);
}

// A state whose watermark lies beyond 2200 would move the engine's clock
// there and release every ticket at once: refused as corrupt.
TEST(Limits, StateWithWatermarkOutsideTheRangeIsRefused) {
  auto engine = Make("{}");
  const std::string bytes = engine->Serialize();
  // Layout: "CSME", version, config (length-prefixed), ten name counts,
  // one count per reject reason, then the ticket store's part
  // (length-prefixed: the watermark, 0 for a fresh engine, no event span
  // (0) and three empty lists).
  const std::string config = engine->config().ToJson().dump();
  codec::ByteWriter prefix;
  prefix.Varint(config.size());
  const size_t at = 5 + std::move(prefix).Finish().size() + config.size() + kFieldCount +
                    (kRejectReasonCount + 1);
  ASSERT_EQ(bytes[at], '\5');
  ASSERT_EQ(bytes.substr(at + 1, 5), std::string(5, '\0'));
  auto with_watermark = [&](int64_t ms) {
    codec::ByteWriter part;
    part.SignedVarint(ms);
    part.Raw(std::string(4, '\0'));
    codec::ByteWriter w;
    w.Raw(std::string_view(bytes).substr(0, at));
    w.Bytes(std::move(part).Finish());
    w.Raw(std::string_view(bytes).substr(at + 6));
    return ResealEngineState(std::move(w).Finish());
  };
  auto target = Make("{}");
  const std::string before = target->Serialize();
  const absl::Status s = target->MergeSerialized(with_watermark(ToEpochMs(kMaxInstant) + 1));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_EQ(target->Serialize(), before);
  // The same bytes with the watermark in range merge fine.
  EXPECT_TRUE(target->MergeSerialized(with_watermark(kMon)).ok());
}

}  // namespace
}  // namespace csm
