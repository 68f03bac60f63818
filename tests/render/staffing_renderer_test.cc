// csm staffing's renderers (staffing_renderer.h) on a small forecast answer:
// the grid trims the quiet night, CSV has a row per interval, HTML escapes
// and draws the heatmap and the backtest chart; an empty answer renders.
#include "csm/render/staffing_renderer.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// One day of 6-hour intervals (interval_s 21600: 4 a day), 7 days: only
// Monday 06:00 and 12:00 have volume.
Json Answer() {
  Json f = {{"timezone", "UTC"},
            {"grain", "hour"},
            {"interval_s", 21600},
            {"history",
             {{"from", "2026-11-02T00:00:00+00:00"},
              {"to", "2026-11-23T00:00:00+00:00"},
              {"weeks", 3},
              {"excluded_days", {"2026-11-11"}},
              {"unobserved_days", Json::array()}}},
            {"aht_source", "handle_time"},
            {"staffing",
             {{"service_level", 80},
              {"threshold", 20},
              {"max_occupancy", nullptr},
              {"shrinkage", 30},
              {"model", "erlang_c"}}},
            {"method", "m <&>"}};
  const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  Json intervals = Json::array();
  for (int d = 0; d < 7; ++d) {
    for (int slot = 0; slot < 4; ++slot) {
      const bool busy = d == 0 && (slot == 1 || slot == 2);
      char start[40], time[6];
      std::snprintf(start, sizeof start, "2026-11-%02dT%02d:00:00+00:00", 23 + d, slot * 6);
      std::snprintf(time, sizeof time, "%02d:00", slot * 6);
      intervals.push_back({{"start", start},
                           {"weekday", days[d]},
                           {"time", time},
                           {"offered", busy ? 40.0 : 0.0},
                           {"aht", 180},
                           {"erlangs", busy ? 0.33 : 0.0},
                           {"agents", busy ? 2 : 0},
                           {"scheduled", busy ? 3 : 0},
                           {"service_level", 90},
                           {"occupancy", 16},
                           {"holiday", false}});
    }
  }
  f["intervals"] = intervals;
  f["backtest"] = {{"from", "2026-11-16T00:00:00+00:00"},
                   {"to", "2026-11-23T00:00:00+00:00"},
                   {"weeks", 1},
                   {"train_weeks", 2},
                   {"wape", 12.5},
                   {"naive_wape", 20},
                   {"intervals",
                    {{{"start", "2026-11-16T00:00:00+00:00"},
                      {"weekday", "mon"},
                      {"time", "00:00"},
                      {"actual", 5},
                      {"forecast", 4},
                      {"naive", 7},
                      {"excluded", false}},
                     {{"start", "2026-11-16T06:00:00+00:00"},
                      {"weekday", "mon"},
                      {"time", "06:00"},
                      {"actual", 45},
                      {"forecast", 40},
                      {"naive", 30},
                      {"excluded", true}}}}};
  return f;
}

TEST(StaffingRenderer, TableShowsTheBusyRowsOfEachDay) {
  const std::string t = StaffingTable(Answer());
  EXPECT_THAT(t, HasSubstr("80 % answered in 20 s, shrinkage 30 %, Erlang C"));
  EXPECT_THAT(t, HasSubstr("1 holiday(s) left out"));
  EXPECT_THAT(t, HasSubstr("WAPE 12.5 %, seasonal-naive 20.0 %"));
  EXPECT_THAT(t, HasSubstr("Mon 11-23"));
  EXPECT_THAT(t, HasSubstr("Sun 11-29"));
  // Rows 06:00 and 12:00 only: the night (00:00) and 18:00 are trimmed.
  EXPECT_THAT(t, HasSubstr("06:00          3          0"));
  EXPECT_THAT(t, HasSubstr("12:00"));
  EXPECT_THAT(t, Not(HasSubstr("18:00")));
  EXPECT_THAT(t, Not(HasSubstr("\n00:00")));
  EXPECT_THAT(t, HasSubstr("peak 3 agents, 36.0 agent-hours"));  // 2 × 3 agents × 6 h
}

TEST(StaffingRenderer, CsvHasARowPerInterval) {
  const std::string csv = StaffingCsv(Answer());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 28);
  EXPECT_THAT(csv, HasSubstr("2026-11-23T06:00:00+00:00,mon,06:00,40.0000,180.0000,0.3300,2,3,"));
}

TEST(StaffingRenderer, HtmlEscapesAndDrawsHeatmapAndChart) {
  const std::string html = StaffingHtml(Answer(), "Plan <b>");
  EXPECT_THAT(html, HasSubstr("<title>Plan &lt;b&gt;</title>"));
  EXPECT_THAT(html, HasSubstr("<table class=\"heat\">"));
  EXPECT_THAT(html, HasSubstr("<svg class=\"chart backtest\""));
  EXPECT_THAT(html, HasSubstr("m &lt;&amp;&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  // The excluded interval breaks the actual line: two "M" moves in its path.
  const size_t actual = html.find("stroke=\"#1d2330\"");
  ASSERT_NE(actual, std::string::npos);
  const size_t path = html.rfind("<path d=\"", actual);
  EXPECT_EQ(html.substr(path, actual - path).find('L'), std::string::npos);
}

TEST(StaffingRenderer, EmptyAnswerRenders) {
  const Json empty = Json::object();
  EXPECT_THAT(StaffingTable(empty), HasSubstr("Staffing plan"));
  EXPECT_EQ(StaffingCsv(empty).find('\n') + 1, StaffingCsv(empty).size());
  EXPECT_THAT(StaffingHtml(empty, "t"), HasSubstr("</html>"));
}

}  // namespace
}  // namespace csm::render
