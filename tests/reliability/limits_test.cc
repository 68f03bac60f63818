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
