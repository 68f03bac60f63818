// Reading §8 reports: value kinds, headlines, changes and shape validation.
#include "csm/render/report_model.h"

#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::render {
namespace {

using ::testing::HasSubstr;

TEST(ReportModel, FixturesHaveTheSection8Shape) {
  for (const char* name :
       {"totals.json", "daily.json", "agents.json", "hourly.json", "categories.json"}) {
    Json report = LoadFixture(name);
    ASSERT_FALSE(report.is_discarded()) << name;
    EXPECT_TRUE(ValidateReport(report).ok()) << name << ": " << ValidateReport(report);
  }
}

TEST(ReportModel, KindsByShape) {
  Json totals = LoadFixture("totals.json")["rows"][0];
  EXPECT_EQ(KindOf(totals["tickets_created"]), ValueKind::kCount);
  EXPECT_EQ(KindOf(totals["first_reply_time"]), ValueKind::kDuration);
  EXPECT_EQ(KindOf(totals["fcr_rate"]), ValueKind::kRate);
  EXPECT_EQ(KindOf(totals["csat"]), ValueKind::kComposite);
  EXPECT_EQ(KindOf(Json()), ValueKind::kNull);
}

TEST(ReportModel, HeadlinePicksTheSummingNumber) {
  Json row = LoadFixture("totals.json")["rows"][0];
  const Json& frt = row["first_reply_time"];
  EXPECT_EQ(Headline("first_reply_time", frt), frt["calendar"]["p50"].get<double>());
  EXPECT_EQ(Headline("first_reply_time", frt, true), frt["business"]["p50"].get<double>());
  // Averages by definition (AHT, ASA) are summed up by the mean.
  EXPECT_EQ(Headline("handle_time", frt), frt["calendar"]["mean"].get<double>());
  EXPECT_EQ(Headline("csat", row["csat"]), row["csat"]["score"].get<double>());
  EXPECT_EQ(Headline("fcr_rate", row["fcr_rate"]), row["fcr_rate"]["value"].get<double>());
  EXPECT_EQ(Headline("abandonment_rate", row["abandonment_rate"]), std::nullopt);  // value null
  EXPECT_EQ(Headline("top_drivers", row["top_drivers"]), std::nullopt);
}

TEST(ReportModel, ChangeFromTheRowOrComputedFromPrevious) {
  Json row = LoadFixture("totals.json")["rows"][0];
  // The engine's change entries: {"absolute", "percent"} per number.
  const Json& change = row["change"];
  EXPECT_EQ(ChangeOf(row, "tickets_created"), change["tickets_created"]["percent"].get<double>());
  EXPECT_EQ(ChangeOf(row, "first_reply_time"),
            change["first_reply_time"]["calendar"]["p50"]["percent"].get<double>());
  EXPECT_EQ(ChangeOf(row, "first_reply_time", true),
            change["first_reply_time"]["business"]["p50"]["percent"].get<double>());
  EXPECT_EQ(ChangeOf(row, "fcr_rate"), change["fcr_rate"]["value"]["percent"].get<double>());
  EXPECT_EQ(ChangeOf(row, "abandonment_rate"), std::nullopt);
  // A plain number is taken as the percentage.
  row["change"]["backlog"] = -2.5;
  EXPECT_EQ(ChangeOf(row, "backlog"), -2.5);
  row.erase("change");
  double now = row["tickets_created"].get<double>();
  double before = row["previous"]["tickets_created"].get<double>();
  EXPECT_DOUBLE_EQ(*ChangeOf(row, "tickets_created"), (now - before) / before * 100);
  EXPECT_EQ(ChangeOf(row, "top_drivers"), std::nullopt);
}

TEST(ReportModel, MetricIdsInReportOrder) {
  EXPECT_THAT(
      MetricIds(LoadFixture("daily.json")),
      ::testing::ElementsAre("tickets_created", "tickets_solved", "first_reply_time", "csat"));
  EXPECT_THAT(MetricIds(LoadFixture("agents.json")), ::testing::Not(::testing::Contains("agent")));
}

TEST(ReportModel, RowLabels) {
  Json daily = LoadFixture("daily.json");
  EXPECT_EQ(RowLabel(daily, daily["rows"][0]), daily["rows"][0]["bucket"].get<std::string>());
  Json agents = LoadFixture("agents.json");
  EXPECT_EQ(RowLabel(agents, agents["rows"][1]), agents["rows"][1]["agent"].get<std::string>());
  Json totals = LoadFixture("totals.json");
  EXPECT_EQ(RowLabel(totals, totals["rows"][0]), "all");
}

TEST(ReportModel, ValidationNamesTheFirstProblem) {
  struct Case {
    const char* pointer;
    Json value;
    const char* expected;
  };
  const Case cases[] = {
      {"/grain", "fortnight", "grain"},
      {"/group_by", Json::array({"planet"}), "group_by"},
      {"/timezone", 5, "timezone"},
      {"/rows/0/first_reply_time/calendar/histogram/counts", Json::array({1, 2}),
       "rows[0].first_reply_time.calendar.histogram"},
      {"/rows/0/tickets_created", 1.5, "rows[0].tickets_created"},
      {"/rows/0/fcr_rate", Json{{"value", 1}, {"numerator", 1}}, "rows[0].fcr_rate"},
      {"/rows/0/backlog", "many", "rows[0].backlog"},
      {"/rejected", Json::object(), "rejected"},
  };
  for (const Case& c : cases) {
    Json report = LoadFixture("totals.json");
    report[Json::json_pointer(c.pointer)] = c.value;
    absl::Status s = ValidateReport(report);
    EXPECT_FALSE(s.ok()) << c.pointer;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.expected)) << c.pointer;
  }
  Json agents = LoadFixture("agents.json");
  agents["rows"][0].erase("agent");
  EXPECT_THAT(std::string(ValidateReport(agents).message()), HasSubstr("'agent'"));
  EXPECT_FALSE(ValidateReport(Json::array()).ok());
}

// business_day_volume names its calendar under "calendar": no duration.
TEST(ReportModel, BusinessDayVolumeIsNoDuration) {
  Json report = LoadFixture("totals.json");
  report["rows"][0]["business_day_volume"] =
      Json::parse(R"({"calendar": "default", "total": 3, "mean": 3.0, "days": []})");
  EXPECT_TRUE(ValidateReport(report).ok()) << ValidateReport(report);
  EXPECT_EQ(KindOf(report["rows"][0]["business_day_volume"]), ValueKind::kComposite);
  // Without a calendar it is named null.
  report["rows"][0]["business_day_volume"]["calendar"] = nullptr;
  EXPECT_TRUE(ValidateReport(report).ok()) << ValidateReport(report);
}

TEST(ReportModel, LabelsAreTheIdsInWords) {
  EXPECT_EQ(InfoFor("queue_abandon_time").label, "Queue abandon time");
  EXPECT_EQ(InfoFor("distinct_customers").label, "Distinct customers");
  EXPECT_EQ(InfoFor("assigned_time").label, "Assigned time");
  EXPECT_EQ(InfoFor("some_new_metric").label, "some_new_metric");  // unknown: the id
}

}  // namespace
}  // namespace csm::render
