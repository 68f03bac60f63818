// The `staffing` report metric (issue 23): measured offered contacts,
// handle time and patience per half hour -> agents required, beside the
// agents staffed from agent_state events. Expected values worked by hand.
#include <cmath>

#include "engine/scenario.h"

namespace csm::testing {
namespace {

using nlohmann::json;

// 10 contacts in 10:00-10:30 UTC, each queued, answered after 10 s, talked
// 120 s and wrapped up in 60 s: AHT 180 s, 10 × 180 / 1800 = 1 Erlang. Two
// more abandon after waiting 60 s. Alice is logged in all half hour, Bob
// from 10:15: 1.5 agents staffed on average.
std::string Stream() {
  std::string out;
  for (int i = 0; i < 10; ++i) {
    const std::string id = "C" + std::to_string(i);
    const int m = 2 * i;
    auto at = [&](int seconds) {
      const int total = m * 60 + seconds;
      char buf[32];
      std::snprintf(buf, sizeof buf, "2026-11-02T10:%02d:%02dZ", total / 60, total % 60);
      return std::string(buf);
    };
    out += R"({"time":")" + at(0) + R"(","ticket":")" + id +
           R"(","type":"created"})"
           "\n";
    out += R"({"time":")" + at(0) + R"(","ticket":")" + id +
           R"(","type":"queued"})"
           "\n";
    out += R"({"time":")" + at(10) + R"(","ticket":")" + id +
           R"(","type":"answered","agent":"alice"})"
           "\n";
    out += R"({"time":")" + at(130) + R"(","ticket":")" + id +
           R"(","type":"ended"})"
           "\n";
    out += R"({"time":")" + at(190) + R"(","ticket":")" + id +
           R"(","type":"wrapup_end"})"
           "\n";
  }
  out += R"(
{"time":"2026-11-02T10:01:00Z","ticket":"X1","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"X1","type":"queued"}
{"time":"2026-11-02T10:02:00Z","ticket":"X1","type":"abandoned"}
{"time":"2026-11-02T10:05:00Z","ticket":"X2","type":"created"}
{"time":"2026-11-02T10:05:00Z","ticket":"X2","type":"queued"}
{"time":"2026-11-02T10:06:00Z","ticket":"X2","type":"abandoned"}
{"time":"2026-11-02T10:00:00Z","type":"agent_state","agent":"alice","status":"available"}
{"time":"2026-11-02T10:15:00Z","type":"agent_state","agent":"bob","status":"available"}
{"time":"2026-11-02T10:30:00Z","type":"agent_state","agent":"alice","status":"offline"}
{"time":"2026-11-02T10:30:00Z","type":"agent_state","agent":"bob","status":"offline"}
)";
  return out;
}

json HalfHour(Scenario& s) {
  const json r = s.Report(R"({"grain": "30min", "from": "2026-11-02T10:00:00Z",
                              "to": "2026-11-02T10:30:00Z", "metrics": ["staffing"]})");
  EXPECT_EQ(r["rows"].size(), 1u) << r.dump();
  return r["rows"][0]["staffing"];
}

TEST(StaffingReport, ErlangCPerHalfHourWithShrinkageAndStaffedAgents) {
  Scenario s(R"({"views": [{"group_by": [], "grain": "30min"}],
                 "options": {"staffing": {"service_level": 80, "threshold": 20,
                                          "shrinkage": 30}}})");
  s.Events(Stream());
  const json v = HalfHour(s);
  ASSERT_TRUE(v.is_object()) << v.dump();
  EXPECT_EQ(v["model"], "erlang_c");
  EXPECT_EQ(v["offered"], 12);
  EXPECT_DOUBLE_EQ(v["aht"].get<double>(), 180);
  // 12 × 180 / 1800 = 1.2 Erlangs. 2 agents: B = 1.2²/2 / (1 + 1.2 + 0.72) =
  // 0.2466, C = 2B / (2 − 1.2(1 − B)) = 0.450, SL = 1 − C·e^{−0.8·20/180}
  // = 58.8 %; 3 agents: SL 88.4 % >= 80 %. 3 / 0.7 = 4.3 -> 5 scheduled.
  EXPECT_DOUBLE_EQ(v["erlangs"].get<double>(), 1.2);
  EXPECT_EQ(v["agents"], 3);
  EXPECT_EQ(v["scheduled"], 5);
  EXPECT_GT(v["service_level"].get<double>(), 80);
  EXPECT_DOUBLE_EQ(v["staffed"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(v["gap"].get<double>(), 1.5 - 5);
  EXPECT_TRUE(v["patience"].is_null());  // Erlang C needs none
}

TEST(StaffingReport, ErlangAEstimatesPatienceFromAllWaits) {
  Scenario s(R"({"views": [{"group_by": [], "grain": "30min"}],
                 "options": {"staffing": {"model": "erlang_a"}}})");
  s.Events(Stream());
  const json v = HalfHour(s);
  ASSERT_TRUE(v.is_object()) << v.dump();
  EXPECT_EQ(v["model"], "erlang_a");
  // (10 answered × 10 s + 2 abandoned × 60 s) / 2 abandoned = 110 s.
  EXPECT_DOUBLE_EQ(v["patience"].get<double>(), 110);
  EXPECT_LE(v["agents"].get<int>(), 3);
  EXPECT_GT(v["abandon_rate"].get<double>(), 0);
}

TEST(StaffingReport, OnlyHourOrFinerBucketsAndDefaults) {
  Scenario s(R"({"views": [{"group_by": [], "grain": "30min"}]})");
  s.Events(Stream());
  const json hour = s.Report(R"({"grain": "hour", "from": "2026-11-02T10:00:00Z",
                                 "to": "2026-11-02T11:00:00Z", "metrics": ["staffing"]})");
  // Defaults: 80 % in 20 s, no shrinkage: 12 contacts in an hour, 0.6 Erlangs.
  EXPECT_EQ(hour["rows"][0]["staffing"]["agents"], 2) << hour.dump();
  EXPECT_EQ(hour["rows"][0]["staffing"]["scheduled"], 2);
  EXPECT_DOUBLE_EQ(hour["rows"][0]["staffing"]["staffed"].get<double>(), 0.75);
  const json day = s.Report(R"({"grain": "day", "metrics": ["staffing"]})");
  EXPECT_TRUE(day["rows"][0]["staffing"].is_null()) << day.dump();
  const json all = s.Report(R"({"metrics": ["staffing"]})");
  EXPECT_TRUE(all["rows"][0]["staffing"].is_null());
  // A quiet half hour has no value.
  const json quiet = s.Report(R"({"grain": "30min", "from": "2026-11-02T11:00:00Z",
                                  "to": "2026-11-02T11:30:00Z", "metrics": ["staffing"]})");
  for (const json& row : quiet["rows"]) EXPECT_TRUE(row["staffing"].is_null());
}

TEST(StaffingReport, OptionsAreCheckedAndPrinted) {
  EXPECT_FALSE(EngineConfig::FromJson(R"({"options": {"staffing": {"service_level": 0.8,
      "model": "erlang_b"}}})")
                   .ok());
  EXPECT_FALSE(EngineConfig::FromJson(R"({"options": {"staffing": {"shrinkage": 100}}})").ok());
  EXPECT_FALSE(EngineConfig::FromJson(R"({"options": {"staffing": {"max_occupancy": 0}}})").ok());
  EXPECT_FALSE(EngineConfig::FromJson(R"({"options": {"staffing": {"target": 80}}})").ok());
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(
      R"({"options": {"staffing": {"service_level": 90, "threshold": 30, "max_occupancy": 85,
                                   "shrinkage": 30, "model": "erlang_a"}}})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->options.staffing.max_occupancy, 85);
  absl::StatusOr<EngineConfig> again = EngineConfig::FromJson(c->ToJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->options.staffing, c->options.staffing);
}

}  // namespace
}  // namespace csm::testing
