// Which view answers when views keep some metrics (engine config
// "metrics"): a view that does not keep a query's metric is passed over;
// a query without metrics prefers a view keeping all; errors name the
// metric and the view.
#include "engine/scenario.h"

namespace csm::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kEvents = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"A","type":"created","channel":"email","agent":"ann"}
{"time":"2026-11-02T11:00:00Z","ticket":"A","type":"agent_reply","agent":"ann"}
{"time":"2026-11-02T11:00:00Z","ticket":"A","type":"csat","value":5}
{"time":"2026-11-03T10:00:00Z","ticket":"B","type":"created","channel":"chat","agent":"bob"}
{"time":"2026-11-03T10:30:00Z","ticket":"B","type":"agent_reply","agent":"bob"}
)";

std::string Error(Scenario& s, std::string_view query) {
  absl::StatusOr<std::string> r = report::RunJson(s.engine(), query);
  EXPECT_FALSE(r.ok()) << query;
  return r.ok() ? "" : std::string(r.status().message());
}

// The cheapest view (no group-by, grain all) keeps only tickets_created; a
// day view keeps everything.
constexpr std::string_view kTwoViews =
    R"({"views": [{"grain": "all", "metrics": ["tickets_created"]}, {"grain": "day"}]})";

TEST(ViewMetricsReport, AMetricTheCheapViewDoesNotKeepFallsThrough) {
  Scenario s(kTwoViews);
  s.Events(kEvents);
  const json totals = s.Totals(R"("metrics": ["tickets_created", "agent_replies", "csat"])");
  EXPECT_EQ(totals["tickets_created"], 2);
  EXPECT_EQ(totals["agent_replies"]["replies"], 2);
  EXPECT_EQ(totals["csat"]["responses"], 1);
}

TEST(ViewMetricsReport, AQueryWithoutMetricsPrefersAViewKeepingAll) {
  Scenario s(kTwoViews);
  s.Events(kEvents);
  const json r = s.Report(R"({"grain": "all"})");
  ASSERT_EQ(r["rows"].size(), 1u);
  EXPECT_EQ(r["rows"][0].size(), 1u + kMetricCount);  // bucket and every metric
  EXPECT_EQ(r["rows"][0]["csat"]["responses"], 1);
}

TEST(ViewMetricsReport, AQueryWithoutMetricsOnSubsetViewsGetsTheKeptOnes) {
  Scenario s(R"({"views": [{"group_by": ["agent"], "metrics": ["reply_time", "csat"]}]})");
  s.Events(kEvents);
  const json r = s.Report(R"({"group_by": ["agent"]})");
  ASSERT_EQ(r["rows"].size(), 2u);
  for (const json& row : r["rows"]) {
    EXPECT_EQ(row.size(), 4u) << row.dump();  // bucket, agent, reply_time, csat
    EXPECT_TRUE(row.contains("reply_time") && row.contains("csat")) << row.dump();
  }
}

TEST(ViewMetricsReport, NoViewKeepingTheMetricIsAnErrorNamingMetricAndView) {
  Scenario s(R"({"views": [{"grain": "hour"},
                           {"group_by": ["agent"], "grain": "day", "metrics": ["reply_time"]}]})");
  s.Events(kEvents);
  const std::string message =
      Error(s, R"({"group_by": ["agent"], "metrics": ["reply_time", "csat", "nps"]})");
  EXPECT_NE(message.find(R"(keeps metrics "csat", "nps")"), std::string::npos) << message;
  EXPECT_NE(message.find(R"(to the "metrics" of view 1 ({"group_by": ["agent"], "grain": "day")"),
            std::string::npos)
      << message;
  // No view with the dimensions at all: the usual error, naming the view to add.
  const std::string no_view = Error(s, R"({"group_by": ["channel"], "metrics": ["csat"]})");
  EXPECT_NE(no_view.find(R"(add the view {"group_by": ["channel"])"), std::string::npos) << no_view;
}

}  // namespace
}  // namespace csm::testing
