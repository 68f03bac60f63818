// SLA outcomes in reports (sla_achieved, sla_breached, sla_achievement_rate,
// sla_breach_overrun) and in engine states: buckets, ticket-ordered input,
// and two shards merged against one engine.
#include <map>
#include <string>
#include <string_view>

#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/model/internal/iso8601.h"
#include "engine/scenario.h"
#include "gmock/gmock.h"
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

// sla_active: target instances open (active or paused) at the end of each
// bucket, a running sum as the backlog.
TEST(SlaReport, ActiveCountsOpenInstancesAtTheEndOfEachBucket) {
  Scenario s{kConfig};
  s.Events(kEvents);
  ASSERT_TRUE(s.engine().AdvanceClock(At("2026-11-02T13:30:00Z")).ok());
  const json r = s.Report(R"({"grain": "hour", "from": "2026-11-02T09:00:00Z",
      "to": "2026-11-02T14:00:00Z", "metrics": ["sla_active", "sla_breached"]})");
  ASSERT_EQ(r["rows"].size(), 5u) << r.dump();
  // End of 09:00: no instance yet: null, as the backlog before any ticket.
  EXPECT_TRUE(r["rows"][0]["sla_active"].is_null());
  // End of 10:00 (11:00): T-1 closed at 10:30, T-2 still waits: 1.
  EXPECT_EQ(r["rows"][1]["sla_active"], 1);
  // End of 11:00 (12:00): T-2 replied 11:30; T-3 opens at 12:00, in the next bucket: 0.
  EXPECT_EQ(r["rows"][2]["sla_active"], 0);
  // End of 12:00 and 13:00: T-3 open; breached at 13:00 but still open: 1.
  EXPECT_EQ(r["rows"][3]["sla_active"], 1);
  EXPECT_EQ(r["rows"][4]["sla_active"], 1);
  EXPECT_EQ(r["rows"][4]["sla_breached"], 1);
  // Grain all, no range: at the engine's clock.
  EXPECT_EQ(s.Totals(R"("metrics": ["sla_active"])")["sla_active"], 1);
  // A range ending at 11:00: open at its end is T-2 only (T-1 closed 10:30).
  EXPECT_EQ(s.Report(R"({"grain": "all", "from": "2026-11-02T10:00:00Z",
      "to": "2026-11-02T11:00:00Z", "metrics": ["sla_active"]})")["rows"][0]["sla_active"],
            1);
}

TEST(SlaReport, ActiveCountsPausedInstancesAndFollowsTheTicketsGroup) {
  Scenario s(R"({"views": [{"group_by": ["group"], "grain": "hour"}],
      "sla_policies": [{"name": "p", "targets": [
      {"metric": "requester_wait_time", "seconds": 7200}]}]})");
  // Created 10:00 in group a; pending 10:30 (paused: still open); moved to
  // group b at 11:10; solved 11:40 (fulfilled: closed).
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created", "group": "a"}
{"ticket": "T-1", "time": "2026-11-02T10:30:00Z", "type": "status", "status": "pending"}
{"ticket": "T-1", "time": "2026-11-02T11:10:00Z", "type": "updated", "group": "b"}
)");
  const auto active = [&](std::string_view to) {
    const json r = s.Report(std::string(R"({"grain": "all", "group_by": ["group"], "to": ")") +
                            std::string(to) + R"(", "metrics": ["sla_active"]})");
    std::map<std::string, int> out;
    for (const json& row : r["rows"]) out[row["group"].get<std::string>()] = row["sla_active"];
    return out;
  };
  // At 11:00: paused in a.
  EXPECT_EQ(active("2026-11-02T11:00:00Z"), (std::map<std::string, int>{{"a", 1}}));
  // At 12:00: moved to b (a's count went back to 0).
  EXPECT_EQ(active("2026-11-02T12:00:00Z"), (std::map<std::string, int>{{"a", 0}, {"b", 1}}));
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T11:40:00Z", "type": "status", "status": "solved"})");
  EXPECT_EQ(active("2026-11-02T12:00:00Z"), (std::map<std::string, int>{{"a", 0}, {"b", 0}}));
}

// A reopen takes back the solve's outcome where it was counted (group a)
// and counts the resumed target, and its next outcome, under the ticket's
// dimensions now (group b).
TEST(SlaReport, ReopenCountsUnderTheTicketsCurrentDimensions) {
  Scenario s(R"({"views": [{"group_by": ["group"], "grain": "hour"}],
      "sla_policies": [{"name": "p", "targets": [
      {"metric": "total_resolution_time", "seconds": 7200}]}]})");
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created", "group": "a"}
{"ticket": "T-1", "time": "2026-11-02T11:00:00Z", "type": "status", "status": "solved"}
{"ticket": "T-1", "time": "2026-11-02T11:10:00Z", "type": "updated", "group": "b"}
)");
  const auto by_group = [&] {
    const json r = s.Report(R"({"grain": "all", "group_by": ["group"],
        "metrics": ["sla_achieved", "sla_breached", "sla_active", "sla_breach_overrun"]})");
    std::map<std::string, json> out;
    for (const json& row : r["rows"]) out[row["group"].get<std::string>()] = row;
    return out;
  };
  // Achieved at the 11:00 solve (1 h used of 2 h), in group a.
  EXPECT_EQ(by_group()["a"]["sla_achieved"], 1);
  // Reopened at 12:00 in group b: 1 h left, due 13:00; the clock never ran
  // while solved (total resolution does not count solved time).
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T12:00:00Z", "type": "status", "status": "open"})");
  std::map<std::string, json> g = by_group();
  EXPECT_EQ(g["a"]["sla_achieved"], 0);  // taken back where it was counted
  EXPECT_EQ(g["a"]["sla_active"], 0);
  EXPECT_EQ(g["b"]["sla_achieved"], 0);
  EXPECT_EQ(g["b"]["sla_active"], 1);  // the resumed target, under b
  // Solved 13:30: breached at 13:00 (1 h + 1.5 h > 2 h), overrun 30 min, in b.
  s.Events(
      R"({"ticket": "T-1", "time": "2026-11-02T13:30:00Z", "type": "status", "status": "solved"})");
  g = by_group();
  EXPECT_EQ(g["a"]["sla_achieved"], 0);
  EXPECT_EQ(g["a"]["sla_breached"], 0);
  EXPECT_EQ(g["b"]["sla_breached"], 1);
  EXPECT_EQ(g["b"]["sla_active"], 0);
  EXPECT_EQ(g["b"]["sla_breach_overrun"]["calendar"]["mean"], 1800.0);
}

// Grouping by the SLA dimensions: a view split by sla_policy and
// sla_metric answers reports by either or both, and its ungrouped totals
// are those of an engine without it.
constexpr std::string_view kTwoPolicies = R"("sla_policies": [
    {"name": "vip", "match": {"segment": "vip"}, "targets": [
      {"metric": "first_reply_time", "seconds": 900},
      {"metric": "total_resolution_time", "seconds": 7200}]},
    {"name": "default", "targets": [{"metric": "first_reply_time", "seconds": 3600}]}])";

// T-1 (vip): replied 10:10 <= due 10:15, solved 11:00 <= due 12:00: two
// achieved. T-2 (default): replied 11:30 > due 11:00: breached, 30 min
// over. T-3 (default): created 12:00, first reply open.
constexpr std::string_view kPolicyEvents =
    R"({"ticket": "T-1", "time": "2026-11-02T10:00:00Z", "type": "created", "segment": "vip"}
{"ticket": "T-2", "time": "2026-11-02T10:00:00Z", "type": "created"}
{"ticket": "T-1", "time": "2026-11-02T10:10:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-1", "time": "2026-11-02T11:00:00Z", "type": "status", "status": "solved"}
{"ticket": "T-2", "time": "2026-11-02T11:30:00Z", "type": "agent_reply", "agent": "ann"}
{"ticket": "T-3", "time": "2026-11-02T12:00:00Z", "type": "created"}
)";

std::string SplitConfig() {
  return std::string(R"({"views": [{"group_by": [], "grain": "hour"},
      {"group_by": ["sla_metric", "sla_policy"], "grain": "all",
       "metrics": ["sla_achieved", "sla_breached", "sla_achievement_rate",
                   "sla_breach_overrun", "sla_active"]}], )") +
         std::string(kTwoPolicies) + "}";
}

// Rows keyed "policy/metric" (either may be absent from the query).
std::map<std::string, json> Keyed(const json& report) {
  std::map<std::string, json> out;
  for (const json& row : report["rows"]) {
    const auto name = [&](const char* key) {
      return row.contains(key) ? row[key].get<std::string>() : std::string("*");
    };
    out[name("sla_policy") + "/" + name("sla_metric")] = row;
  }
  return out;
}

TEST(SlaReport, GroupsBySlaPolicyAndSlaMetric) {
  Scenario s{SplitConfig()};
  s.Events(kPolicyEvents);
  const json both = s.Report(R"({"grain": "all", "group_by": ["sla_policy", "sla_metric"]})");
  EXPECT_EQ(both["group_by"], json::parse(R"(["sla_policy", "sla_metric"])"));
  std::map<std::string, json> rows = Keyed(both);
  ASSERT_EQ(rows.size(), 3u) << both.dump();
  // No metrics asked: the SLA metrics only.
  EXPECT_FALSE(rows["default/first_reply_time"].contains("tickets_created"));
  EXPECT_EQ(rows["default/first_reply_time"]["sla_breached"], 1);
  EXPECT_EQ(rows["default/first_reply_time"]["sla_achieved"], 0);
  EXPECT_EQ(rows["default/first_reply_time"]["sla_active"], 1);  // T-3
  EXPECT_EQ(rows["default/first_reply_time"]["sla_breach_overrun"]["calendar"]["mean"], 1800.0);
  EXPECT_EQ(rows["vip/first_reply_time"]["sla_achieved"], 1);
  EXPECT_EQ(rows["vip/first_reply_time"]["sla_active"], 0);
  EXPECT_EQ(rows["vip/total_resolution_time"]["sla_achieved"], 1);
  EXPECT_EQ(rows["vip/total_resolution_time"]["sla_achievement_rate"]["value"], 100.0);

  rows = Keyed(s.Report(R"({"grain": "all", "group_by": ["sla_policy"]})"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows["default/*"]["sla_breached"], 1);
  EXPECT_EQ(rows["default/*"]["sla_active"], 1);
  EXPECT_EQ(rows["vip/*"]["sla_achieved"], 2);

  rows = Keyed(s.Report(R"({"grain": "all", "group_by": ["sla_metric"],
      "metrics": ["sla_achieved", "sla_breached"]})"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows["*/first_reply_time"]["sla_achieved"], 1);
  EXPECT_EQ(rows["*/first_reply_time"]["sla_breached"], 1);
  EXPECT_EQ(rows["*/total_resolution_time"]["sla_achieved"], 1);

  // Ungrouped, the split view rolls up to what an engine without it reports.
  Scenario split_only(std::string(R"({"views": [{"group_by": ["sla_policy", "sla_metric"],
      "grain": "all"}], )") +
                      std::string(kTwoPolicies) + "}");
  split_only.Events(kPolicyEvents);
  Scenario plain{std::string("{") + std::string(kTwoPolicies) + "}"};
  plain.Events(kPolicyEvents);
  constexpr std::string_view kSla =
      R"("metrics": ["sla_achieved", "sla_breached", "sla_achievement_rate", "sla_breach_overrun", "sla_active"])";
  EXPECT_EQ(split_only.Totals(kSla), plain.Totals(kSla));
  EXPECT_EQ(split_only.Totals(kSla)["sla_achieved"], 2);
  // Other metrics too: the split view keeps them in its cells without an SLA part.
  EXPECT_EQ(split_only.Totals(R"("metrics": ["tickets_created"])")["tickets_created"], 3);

  // The split travels in the engine state.
  Scenario restored{SplitConfig()};
  ASSERT_TRUE(restored.engine().MergeSerialized(s.engine().Serialize()).ok());
  const std::string query = R"({"grain": "all", "group_by": ["sla_policy", "sla_metric"]})";
  EXPECT_EQ(restored.Report(query), s.Report(query));
}

TEST(SlaReport, SlaDimensionsRefuseOtherMetricsAndNeedASplitView) {
  Scenario s{SplitConfig()};
  s.Events(kPolicyEvents);
  absl::StatusOr<std::string> r = report::RunJson(
      s.engine(),
      R"({"group_by": ["sla_policy"], "metrics": ["sla_achieved", "tickets_created"]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::HasSubstr("\"sla_policy\" splits only the SLA metrics"));
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("\"tickets_created\""));
  // No view split by sla_policy and group: the error names the view to add.
  r = report::RunJson(s.engine(), R"({"group_by": ["group", "sla_policy"]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::HasSubstr(R"(add the view {"group_by": ["group", "sla_policy"])"));
  // A view config: repeated or unknown names are errors.
  EXPECT_FALSE(Engine::Create(R"({"views": [{"group_by": ["sla_policy", "sla_policy"]}]})").ok());
}

}  // namespace
}  // namespace csm
