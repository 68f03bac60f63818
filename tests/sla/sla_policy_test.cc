// The "sla_policies" engine config key (issue 20): the issue's example
// parses, round-trips through ToJson, and every bad element is an error that
// names it.
#include "csm/engine/sla_policy.h"

#include <string>

#include "csm/engine/engine_config.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

constexpr const char* kIssueExample = R"({"sla_policies": [
  {"name": "vip",
   "match": {"segment": ["vip"], "channel": ["email", "chat"]},
   "targets": [
     {"priority": "urgent", "metric": "first_reply_time", "seconds": 900, "business": false},
     {"priority": "*", "metric": "next_reply_time", "seconds": 3600, "business": true},
     {"priority": "*", "metric": "total_resolution_time", "seconds": 86400, "business": true}]},
  {"name": "default", "targets": [{"priority": "*", "metric": "first_reply_time", "seconds": 14400, "business": true}]}]})";

TEST(SlaPolicyConfig, IssueExampleParses) {
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(kIssueExample);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->sla_policies.size(), 2u);
  const SlaPolicy& vip = c->sla_policies[0];
  EXPECT_EQ(vip.name, "vip");
  // Match entries in canonical dimension order: channel before segment.
  ASSERT_EQ(vip.match.size(), 2u);
  EXPECT_EQ(vip.match[0].first, Field::kChannel);
  EXPECT_EQ(vip.match[0].second, (std::vector<std::string>{"email", "chat"}));
  EXPECT_EQ(vip.match[1].first, Field::kSegment);
  ASSERT_EQ(vip.targets.size(), 3u);
  EXPECT_EQ(vip.targets[0].priority, "urgent");
  EXPECT_EQ(vip.targets[0].metric, SlaMetric::kFirstReplyTime);
  EXPECT_EQ(vip.targets[0].target, Millis{900'000});
  EXPECT_FALSE(vip.targets[0].business);
  EXPECT_EQ(vip.targets[2].metric, SlaMetric::kTotalResolutionTime);
  EXPECT_TRUE(vip.targets[2].business);
  EXPECT_TRUE(c->sla_policies[1].match.empty());
}

TEST(SlaPolicyConfig, RoundTripsThroughToJson) {
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(kIssueExample);
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<EngineConfig> again = EngineConfig::FromJson(c->ToJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->sla_policies, c->sla_policies);
  EXPECT_EQ(again->ToJson(), c->ToJson());
  // Defaults are spelled out: priority "*" and business false.
  absl::StatusOr<EngineConfig> terse = EngineConfig::FromJson(
      R"({"sla_policies": [{"name": "p", "targets": [{"metric": "agent_work_time", "seconds": 1.5}]}]})");
  ASSERT_TRUE(terse.ok()) << terse.status();
  EXPECT_EQ(terse->ToJson()["sla_policies"].dump(),
            R"([{"match":{},"name":"p","targets":[{"business":false,"metric":"agent_work_time",)"
            R"("priority":"*","seconds":1.5}]}])");
  // No policies: an empty list, and an empty list is the default.
  EXPECT_EQ(EngineConfig::FromJson("{}")->ToJson()["sla_policies"], nlohmann::json::array());
}

std::string ErrorOf(const std::string& policies) {
  absl::StatusOr<EngineConfig> c =
      EngineConfig::FromJson(std::string_view("{\"sla_policies\": " + policies + "}"));
  EXPECT_FALSE(c.ok()) << policies;
  return c.ok() ? "" : std::string(c.status().message());
}

TEST(SlaPolicyConfig, ErrorsNameTheElement) {
  const std::string ok_target = R"({"metric": "first_reply_time", "seconds": 60})";
  EXPECT_EQ(ErrorOf("{}"), "engine config: sla_policies: must be an array of policies");
  EXPECT_EQ(ErrorOf(R"([{"name": "a", "targets": [)" + ok_target + R"(], "when": 1}])"),
            "engine config: sla_policies[0]: unknown key \"when\"");
  EXPECT_EQ(ErrorOf(R"([{"targets": [)" + ok_target + "]}]"),
            "engine config: sla_policies[0].name: is required");
  EXPECT_EQ(ErrorOf(R"([{"name": "a", "targets": [)" + ok_target +
                    R"(]}, {"name": "a", "targets": [)" + ok_target + "]}]"),
            "engine config: sla_policies[1].name: \"a\" names an earlier policy");
  EXPECT_EQ(ErrorOf(R"([{"name": "a", "targets": []}])"),
            "engine config: sla_policies[0].targets: must be a non-empty array of targets");
  EXPECT_EQ(
      ErrorOf(R"([{"name": "a", "targets": [{"metric": "first_reply_time", "seconds": 0}]}])"),
      "engine config: sla_policies[0].targets[0].seconds: must be positive");
  EXPECT_EQ(ErrorOf(R"([{"name": "a", "targets": [)" + ok_target +
                    R"(, {"metric": "first_reply_time", "seconds": -5}]}])"),
            "engine config: sla_policies[0].targets[1].seconds: must be positive");
  EXPECT_EQ(
      ErrorOf(R"([{"name": "a", "targets": [{"metric": "first_reply_time", "seconds": "1"}]}])"),
      "engine config: sla_policies[0].targets[0].seconds: must be a number of seconds");
  EXPECT_EQ(ErrorOf(R"([{"name": "a", "targets": [{"metric": "first_reply_time"}]}])"),
            "engine config: sla_policies[0].targets[0].seconds: is required");
  EXPECT_EQ(
      ErrorOf(R"([{"name": "a", "targets": [{"metric": "reply_time", "seconds": 1}]}])"),
      "engine config: sla_policies[0].targets[0].metric: unknown metric \"reply_time\" (one of "
      "first_reply_time, next_reply_time, periodic_update_time, pausable_update_time, "
      "requester_wait_time, agent_work_time, total_resolution_time)");
  EXPECT_EQ(
      ErrorOf(
          R"([{"name": "a", "targets": [{"metric": "first_reply_time", "seconds": 1, "hours": 2}]}])"),
      "engine config: sla_policies[0].targets[0]: unknown key \"hours\"");
  EXPECT_EQ(
      ErrorOf(
          R"([{"name": "a", "targets": [{"metric": "first_reply_time", "seconds": 1, "business": 1}]}])"),
      "engine config: sla_policies[0].targets[0].business: must be true or false");
  EXPECT_EQ(ErrorOf(R"([{"name": "a", "targets": [)" + ok_target + ", " + ok_target + "]}]"),
            "engine config: sla_policies[0].targets[1]: repeats the first_reply_time target of "
            "priority \"*\"");
  EXPECT_EQ(
      ErrorOf(R"([{"name": "a", "match": {"region": ["eu"]}, "targets": [)" + ok_target + "]}]"),
      "engine config: sla_policies[0].match: \"region\" is not a dimension (agent, customer, "
      "group, channel, category, priority, segment)");
  EXPECT_EQ(
      ErrorOf(R"([{"name": "a", "match": {"group": []}, "targets": [)" + ok_target + "]}]"),
      "engine config: sla_policies[0].match.group: must be a name or a non-empty array of names");
  EXPECT_EQ(
      ErrorOf(R"([{"name": "a", "match": {"group": ["x", 3]}, "targets": [)" + ok_target + "]}]"),
      "engine config: sla_policies[0].match.group[1]: must be a non-empty string");
  EXPECT_EQ(
      ErrorOf(
          R"([{"name": "a", "targets": [{"priority": "", "metric": "first_reply_time", "seconds": 1}]}])"),
      "engine config: sla_policies[0].targets[0].priority: must be a non-empty string");
}

TEST(SlaPolicyConfig, MatchTakesEveryDimension) {
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(
      R"({"sla_policies": [{"name": "a", "match": {"agent": "ann", "customer": ["c1"], "group": ["g"],
          "channel": ["email"], "category": ["billing"], "priority": ["high"], "segment": ["vip"]},
          "targets": [{"metric": "first_reply_time", "seconds": 60}]}]})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->sla_policies[0].match.size(), 7u);
}

}  // namespace
}  // namespace csm
