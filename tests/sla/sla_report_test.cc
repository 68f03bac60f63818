// SLA outcomes in reports (sla_achieved, sla_breached, sla_achievement_rate,
// sla_breach_overrun) and in engine states: buckets, ticket-ordered input,
// and two shards merged against one engine.
#include <string>
#include <string_view>

#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/model/internal/iso8601.h"
#include "engine/scenario.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

using nlohmann::json;
using testing::Scenario;

constexpr std::string_view kConfig = R"({"sla_policies": [{"name": "p", "targets": [
    {"metric": "first_reply_time", "seconds": 3600}]}]})";

Instant At(std::string_view iso) { return *ParseIsoInstant(iso); }

// T-1 replied in time (10:30 <= 11:00), T-2 late (11:30 > 11:00), T-3 never
// (due 13:00, the clock moved to 13:30 without an event).
constexpr std::string_view kEvents =
    R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-2", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T10:30:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-2", "time": "2026-11-02T11:30:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-3", "time": "2026-11-02T12:00:00Z", "type": "created"}
)";

constexpr std::string_view kMetrics =
    R"("metrics": ["sla_achieved", "sla_breached", "sla_achievement_rate", "sla_breach_overrun"])";

TEST(SlaReport, OutcomesInTheBucketsOfFulfilmentAndBreach) {
  Scenario s{kConfig};
  s.Events(kEvents);
  ASSERT_TRUE(s.engine().AdvanceClock(At("2026-11-02T13:30:00Z")).ok());
  const json r = s.Report(std::string(R"({"grain": "hour", "from": "2026-11-02T10:00:00Z",
      "to": "2026-11-02T14:00:00Z", )") +
                          std::string(kMetrics) + "}");
  ASSERT_EQ(r["rows"].size(), 4u) << r.dump();
  const json& h10 = r["rows"][0];
  const json& h11 = r["rows"][1];
  const json& h13 = r["rows"][3];
  // 10:00: T-1 achieved at its 10:30 reply.
  EXPECT_EQ(h10["sla_achieved"], 1);
  EXPECT_EQ(h10["sla_breached"], 0);
  EXPECT_EQ(h10["sla_achievement_rate"]["value"], 100.0);
  // 11:00: T-2 breached at its 11:00 due instant; its overrun (11:30 - 11:00
  // = 30 min) counts at the 11:30 fulfilment, the same hour.
  EXPECT_EQ(h11["sla_breached"], 1);
  EXPECT_EQ(h11["sla_achieved"], 0);
  EXPECT_EQ(h11["sla_breach_overrun"]["calendar"]["count"], 1);
  EXPECT_EQ(h11["sla_breach_overrun"]["calendar"]["mean"], 1800.0);
  // 13:00: T-3 breached at 13:00 by the advance, no event.
  EXPECT_EQ(h13["sla_breached"], 1);
  EXPECT_TRUE(h13["sla_breach_overrun"].is_null());

  const json total = s.Totals(kMetrics);
  EXPECT_EQ(total["sla_achieved"], 1);
  EXPECT_EQ(total["sla_breached"], 2);
  EXPECT_EQ(total["sla_achievement_rate"]["numerator"], 1);
  EXPECT_EQ(total["sla_achievement_rate"]["denominator"], 3);
}

TEST(SlaReport, InputOrderedByTicketReportsWhatTimeOrderReports) {
  Scenario by_time{kConfig};
  by_time.Events(kEvents);
  // The same events, one ticket after another, the latest ticket first.
  Scenario by_ticket{kConfig};
  by_ticket.Events(
      R"({"ticket": "T-3", "time": "2026-11-02T12:00:00Z", "type": "created"}
{"ticket": "T-2", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-2", "time": "2026-11-02T11:30:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T10:30:00Z", "type": "agent_reply", "agent": "ann"}
)");
  const std::string query = std::string(R"({"grain": "hour", )") + std::string(kMetrics) + "}";
  EXPECT_EQ(by_ticket.Report(query), by_time.Report(query));
  EXPECT_EQ(by_ticket.Totals(kMetrics)["sla_achieved"], 1);
  EXPECT_EQ(by_ticket.Totals(kMetrics)["sla_breached"], 1);
}

TEST(SlaReport, TwoShardsMergedReportWhatOneEngineReports) {
  Scenario one{kConfig};
  one.Events(kEvents);
  // Shard A sees T-1 and T-3 (its clock stops at 12:00, before T-3's 13:00
  // due); shard B sees T-2 and is advanced to 13:30, as the single engine
  // is: the merge moves A's clock to 13:30 and records T-3's breach.
  Scenario a{kConfig};
  a.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T10:30:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-3", "time": "2026-11-02T12:00:00Z", "type": "created"}
)");
  Scenario b{kConfig};
  b.Events(
      R"({"ticket": "T-2", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-2", "time": "2026-11-02T11:30:00Z", "type": "agent_reply", "agent": "ann"}
)");
  ASSERT_TRUE(one.engine().AdvanceClock(At("2026-11-02T13:30:00Z")).ok());
  ASSERT_TRUE(b.engine().AdvanceClock(At("2026-11-02T13:30:00Z")).ok());
  Scenario merged{kConfig};
  ASSERT_TRUE(merged.engine().MergeSerialized(a.engine().Serialize()).ok());
  ASSERT_TRUE(merged.engine().MergeSerialized(b.engine().Serialize()).ok());
  const std::string query = std::string(R"({"grain": "hour", )") + std::string(kMetrics) + "}";
  EXPECT_EQ(merged.Report(query), one.Report(query));
  EXPECT_EQ(merged.Totals(kMetrics)["sla_breached"], 2);
  EXPECT_EQ(merged.engine().impl().sla().active_count(), one.engine().impl().sla().active_count());
  EXPECT_EQ(merged.engine().clock(), one.engine().clock());
  // The advanced clock travels: the merged engine refuses the closed past too.
  EXPECT_EQ(testing::OnlyRejection(
                merged.engine(),
                R"({"ticket": "T-9", "time": "2026-11-02T13:00:00Z", "type": "created"})"),
            RejectReason::kOutOfOrder);
  // A state round-trips: a fresh engine restored from one reports the same.
  Scenario restored{kConfig};
  ASSERT_TRUE(restored.engine().MergeSerialized(one.engine().Serialize()).ok());
  EXPECT_EQ(restored.Report(query), one.Report(query));
  // The same ticket on both sides is refused.
  EXPECT_FALSE(merged.engine().MergeSerialized(a.engine().Serialize()).ok());
}

TEST(SlaReport, ReopenTakesBackTheAchievedResolution) {
  Scenario s(R"({"sla_policies": [{"name": "p", "targets": [
      {"metric": "total_resolution_time", "seconds": 7200}]}]})");
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T11:00:00Z", "type": "status", "status": "solved"}
)");
  EXPECT_EQ(s.Totals(kMetrics)["sla_achieved"], 1);
  // Reopened at 12:00 with 1 h used: due 13:00; solved 14:00: breached at
  // 13:00, overrun 1 h; the 11:00 achievement is taken back.
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T12:00:00Z", "type": "status", "status": "open"}
{"ticket": "T-1", "time": "2026-11-02T14:00:00Z", "type": "status", "status": "solved"}
)");
  const json total = s.Totals(kMetrics);
  EXPECT_EQ(total["sla_achieved"], 0);
  EXPECT_EQ(total["sla_breached"], 1);
  EXPECT_EQ(total["sla_breach_overrun"]["calendar"]["mean"], 3600.0);
}

}  // namespace
}  // namespace csm
