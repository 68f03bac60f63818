// Issue 21 in every format: anomaly flags on rows, the heatmap's no-data /
// closed / spike hours, weekday and hour-of-day rows, the open-range
// heading and "renders nothing". Reports are written by hand in the §8
// shape the engine writes.
#include <string>

#include "csm/render/csv_renderer.h"
#include "csm/render/html_renderer.h"
#include "csm/render/table_renderer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Two days; Monday's 30 tickets are far above the 10 of the Mondays before.
Json DailyWithAnomalies() {
  return Json::parse(R"({
    "from": "2026-10-26", "to": "2026-10-28", "timezone": "UTC", "grain": "day",
    "group_by": [],
    "rows": [
      {"bucket": "2026-10-26", "tickets_created": 30,
       "anomalies": {"tickets_created": {"expected": 10.0, "score": 6.32, "flag": "high"}}},
      {"bucket": "2026-10-27", "tickets_created": 2,
       "anomalies": {"tickets_created": {"expected": 2.0, "score": 0, "flag": null}}}],
    "rejected": {"count": 0, "reasons": {}}})");
}

TEST(AnomalyFlags, TableMarksTheFlaggedCountAndExplains) {
  const std::string table = RenderTable(DailyWithAnomalies());
  EXPECT_THAT(table, HasSubstr("30 (high)"));
  EXPECT_THAT(table, Not(HasSubstr("2 (")));
  EXPECT_THAT(table, HasSubstr("(high) / (low):"));
  // "anomalies" is no metric of its own.
  EXPECT_THAT(table, Not(HasSubstr("Anomalies")));
}

TEST(AnomalyFlags, CsvHasExpectedScoreAndFlagColumnsLast) {
  const std::string csv = RenderCsv(DailyWithAnomalies(), false);
  EXPECT_THAT(csv, HasSubstr("bucket,tickets_created,anomalies.tickets_created.expected,"
                             "anomalies.tickets_created.score,anomalies.tickets_created.flag\n"));
  EXPECT_THAT(csv, HasSubstr("2026-10-26,30,10,6.32,high\n"));
  EXPECT_THAT(csv, HasSubstr("2026-10-27,2,2,0,\n"));
}

TEST(AnomalyFlags, HtmlTrendRingsTheFlaggedPoint) {
  HtmlPage page;
  page.trend = DailyWithAnomalies();
  const std::string html = RenderHtml(page);
  EXPECT_THAT(html, HasSubstr("class=\"anomaly\""));
  EXPECT_THAT(html, HasSubstr("2026-10-26: 30 (high)"));
  EXPECT_THAT(html, HasSubstr("Ringed points"));
}

// A heatmap with one spike, one closed hour and a weekday the range lacks.
TEST(HeatmapFlags, NoDataClosedAndSpikeCellsDiffer) {
  Json tickets = Json::array(), spike = Json::array(), hours = Json::array(),
       closed = Json::array();
  for (int d = 0; d < 7; ++d) {
    Json t = Json::array(), s = Json::array(), n = Json::array(), c = Json::array();
    for (int h = 0; h < 24; ++h) {
      t.push_back(d == 0 && h == 10 ? 40 : (d == 0 && h == 9 ? 5 : 0));
      s.push_back(d == 0 ? Json(h == 10) : Json());
      n.push_back(d == 6 ? 0 : 1);    // no Sunday in the range
      c.push_back(d == 0 && h == 3);  // Monday 03:00 closed
    }
    tickets.push_back(t);
    spike.push_back(s);
    hours.push_back(n);
    closed.push_back(c);
  }
  Json totals = Json::parse(R"({"from": "2026-10-26", "to": "2026-11-01", "timezone": "UTC",
                                "grain": "all", "group_by": [], "rows": [{"bucket": "all"}],
                                "rejected": {"count": 0, "reasons": {}}})");
  totals["rows"][0]["volume_heatmap"] = {{"total", 45},        {"weekdays", Json::array()},
                                         {"tickets", tickets}, {"spike", spike},
                                         {"spikes", 1},        {"hours", hours},
                                         {"closed", closed}};
  HtmlPage page;
  page.totals = totals;
  const std::string html = RenderHtml(page);
  EXPECT_THAT(html, HasSubstr("Mon 10:00 \u2013 40 (spike)</title>"));
  EXPECT_THAT(html, HasSubstr("Mon 03:00 \u2013 closed</title>"));
  EXPECT_THAT(html, HasSubstr("Sun 03:00 \u2013 no data</title>"));
  EXPECT_THAT(html, HasSubstr("Tue 03:00 \u2013 0</title>"));
  EXPECT_THAT(html, HasSubstr("Grey: closed"));
}

Json ByWeekdayAndHour() {
  return Json::parse(R"({
    "from": null, "to": null, "first_event": "2026-10-31T23:30:00-04:00",
    "last_event": "2026-11-09T10:25:00-05:00", "timezone": "America/New_York", "grain": "all",
    "group_by": ["weekday", "hour_of_day"],
    "rows": [{"bucket": "all", "weekday": "mon", "hour_of_day": 9, "tickets_created": 2},
             {"bucket": "all", "weekday": "sat", "hour_of_day": 23, "tickets_created": 1}],
    "rejected": {"count": 0, "reasons": {}}})");
}

TEST(TimeDimensionRows, TableLabelsWeekdayAndHour) {
  const std::string table = RenderTable(ByWeekdayAndHour());
  EXPECT_THAT(table, HasSubstr("Mon \u00B7 09:00"));
  EXPECT_THAT(table, HasSubstr("Sat \u00B7 23:00"));
}

TEST(TimeDimensionRows, CsvHasTheirColumns) {
  EXPECT_THAT(RenderCsv(ByWeekdayAndHour(), false),
              HasSubstr("bucket,weekday,hour_of_day,tickets_created\nall,mon,9,2\n"));
}

TEST(TimeDimensionRows, HtmlDrawsWeekdayByHourAsAHeatmap) {
  const HtmlPage page = PageFromReports({ByWeekdayAndHour()}, "t");
  ASSERT_FALSE(page.by_time.is_null());
  const std::string html = RenderHtml(page);
  EXPECT_THAT(html, HasSubstr("<section id=\"by-time\""));
  EXPECT_THAT(html, HasSubstr("Mon 09:00 \u2013 2</title>"));
  EXPECT_THAT(html, HasSubstr("Sat 23:00 \u2013 1</title>"));
  EXPECT_THAT(html, HasSubstr("<h2>By weekday and hour of day</h2>"));
}

// By weekday alone: a table, wide ones scrolling inside the section (the
// bank call log's 28 days × 9 metrics ran past the page's edge).
TEST(TimeDimensionRows, HtmlTableOfWeekdaysScrolls) {
  Json r = ByWeekdayAndHour();
  r["group_by"] = Json::parse(R"(["weekday"])");
  for (Json& row : r["rows"]) row.erase("hour_of_day");
  const std::string html = RenderHtml(PageFromReports({r}, "t"));
  EXPECT_THAT(html, HasSubstr("<h2>By weekday</h2><div class=\"scroll\"><table>"));
  EXPECT_THAT(html, HasSubstr("<td>Mon</td>"));
}

TEST(OpenRange, HeadedByTheFirstAndLastEvent) {
  const std::string heading =
      "first event 2026-10-31T23:30:00-04:00 \u2192 last event 2026-11-09T10:25:00-05:00 (open "
      "range)";
  EXPECT_EQ(RangeText(ByWeekdayAndHour()), heading);
  EXPECT_THAT(RenderTable(ByWeekdayAndHour()), HasSubstr("Report " + heading));
  EXPECT_THAT(RenderHtml(PageFromReports({ByWeekdayAndHour()}, "t")), HasSubstr(heading));
  // A closed range is its bounds; a half-open one keeps its given side.
  Json r = DailyWithAnomalies();
  EXPECT_EQ(RangeText(r), "2026-10-26 \u2192 2026-10-28");
  r["to"] = nullptr;
  r["last_event"] = nullptr;  // no event at all
  EXPECT_EQ(RangeText(r), "2026-10-26 \u2192 no last event (open range)");
}

TEST(RendersNothing, NoRowsOrNoMetricWithData) {
  EXPECT_FALSE(RendersNothing(DailyWithAnomalies(), false));
  Json r = DailyWithAnomalies();
  r["rows"] = Json::array();
  EXPECT_TRUE(RendersNothing(r, false));
  EXPECT_TRUE(RendersNothing(r, true));
  r = Json::parse(R"({"from": null, "to": null, "timezone": "UTC", "grain": "all",
      "group_by": [], "rows": [{"bucket": "all", "tickets_created": 0, "csat": null}],
      "rejected": {"count": 0, "reasons": {}}})");
  EXPECT_TRUE(RendersNothing(r, false));
  EXPECT_FALSE(RendersNothing(r, true));  // --metrics all shows them
}

// Last session's bank call log: "Contact type mix (none) 100 %" for calls
// that have no category at all.
TEST(OnlyData, AMixOfOnlyTheNullNameIsNoData) {
  const Json none = Json::parse(
      R"({"total": 5, "exact": true, "shares": [{"category": null, "count": 5, "share": 100.0}]})");
  EXPECT_FALSE(HasData("contact_type_mix", none));
  const Json some = Json::parse(R"({"total": 5, "exact": true, "shares": [
      {"category": null, "count": 4, "share": 80.0}, {"category": "loan", "count": 1, "share": 20.0}]})");
  EXPECT_TRUE(HasData("contact_type_mix", some));
}

}  // namespace
}  // namespace csm::render
