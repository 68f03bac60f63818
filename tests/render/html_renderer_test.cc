// The HTML page: self-contained, every section present, data escaped.
#include "csm/render/html_renderer.h"

#include <string>

#include "csm/render/format.h"
#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

HtmlPage FullPage() {
  return PageFromReports(
      {LoadFixture("agents.json"), LoadFixture("daily.json"), LoadFixture("totals.json")},
      "Support <team> report");
}

TEST(HtmlRenderer, PageFromReportsSortsRoles) {
  HtmlPage page = FullPage();
  EXPECT_EQ(page.totals["grain"], "all");
  EXPECT_EQ(page.trend["grain"], "day");
  EXPECT_EQ(page.agents["group_by"][0], "agent");
}

TEST(HtmlRenderer, EverySectionWithItsChart) {
  std::string html = RenderHtml(FullPage());
  for (const char* id :
       {"kpis", "volume", "heatmap", "drivers", "response-times", "csat", "agents"}) {
    EXPECT_THAT(html, HasSubstr(std::string("<section id=\"") + id + "\"")) << id;
  }
  EXPECT_EQ(Count(html, "<svg "), 5u);  // volume, heatmap, drivers, histogram, csat
  EXPECT_EQ(Count(html, "<svg "), Count(html, "</svg>"));
  EXPECT_EQ(Count(html, "class=\"chart line-chart\""), 2u);
  EXPECT_EQ(Count(html, "class=\"chart heatmap\""), 1u);
  EXPECT_EQ(Count(html, "class=\"rect cell\""), 0u);
  EXPECT_EQ(Count(html, "class=\"cell\""), 7u * 24u);
  EXPECT_EQ(Count(html, "<section "), Count(html, "</section>"));
  EXPECT_THAT(html, Not(HasSubstr("No ")));  // no section is missing data
}

TEST(HtmlRenderer, SelfContained) {
  std::string html = RenderHtml(FullPage());
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  // The only URL is the SVG namespace.
  for (std::size_t p = html.find("http"); p != std::string::npos; p = html.find("http", p + 1)) {
    const std::size_t end = html.find_first_of("\" )'<>", p);
    EXPECT_EQ(html.substr(p, end - p), "http://www.w3.org/2000/svg");
  }
}

TEST(HtmlRenderer, TilesShowValuesAndColoredChange) {
  HtmlPage page = FullPage();
  std::string html = RenderHtml(page);
  const Json& row = page.totals["rows"][0];
  EXPECT_THAT(html, HasSubstr(FormatCount(row["tickets_created"].get<double>())));
  EXPECT_THAT(html,
              HasSubstr(FormatDuration(row["first_reply_time"]["calendar"]["p50"].get<double>())));
  // First reply time fell: lower is better, so the change is good (green).
  EXPECT_THAT(html,
              HasSubstr("<div class=\"change good\">" +
                        FormatChange(row["change"]["first_reply_time"]["calendar"]["p50"]["percent"]
                                         .get<double>())));
  // Resolution time rose: bad.
  EXPECT_THAT(
      html,
      HasSubstr(
          "<div class=\"change bad\">" +
          FormatChange(
              row["change"]["full_resolution_time"]["calendar"]["p50"]["percent"].get<double>())));
  // Volume has no better direction.
  EXPECT_THAT(html,
              HasSubstr("<div class=\"change\">" +
                        FormatChange(row["change"]["tickets_created"]["percent"].get<double>())));
}

TEST(HtmlRenderer, EscapesDataFromTheReport) {
  std::string html = RenderHtml(FullPage());
  EXPECT_THAT(html, HasSubstr("<title>Support &lt;team&gt; report</title>"));
  EXPECT_THAT(html, HasSubstr("<td>eve &lt;ops&gt;</td>"));
  EXPECT_THAT(html, Not(HasSubstr("eve <ops>")));
}

TEST(HtmlRenderer, AgentsSortedByFirstColumn) {
  std::string html = RenderHtml(FullPage());
  // tickets_solved in agents.json: chen 240 > alice 212 > bob 187 > eve 151 > dana 0.
  std::size_t chen = html.find("<td>chen</td>"), alice = html.find("<td>alice</td>"),
              dana = html.find("<td>dana</td>");
  EXPECT_LT(chen, alice);
  EXPECT_LT(alice, dana);
}

TEST(HtmlRenderer, SectionsWithoutDataAreLeftOutUnlessAllMetricsAreAsked) {
  HtmlPage page = PageFromReports({LoadFixture("daily.json")}, "Trend only");
  std::string html = RenderHtml(page);
  EXPECT_THAT(html, HasSubstr("<section id=\"volume\""));
  EXPECT_THAT(html, HasSubstr("class=\"chart line-chart\""));
  for (const char* id : {"kpis", "heatmap", "drivers", "response-times", "agents"}) {
    EXPECT_THAT(html, Not(HasSubstr(std::string("<section id=\"") + id + "\""))) << id;
  }
  EXPECT_THAT(html, Not(HasSubstr("in this report.")));
  // --metrics all: every section, saying what it lacks.
  page.all_metrics = true;
  html = RenderHtml(page);
  EXPECT_THAT(html, HasSubstr("No totals in this report."));
  EXPECT_THAT(html, HasSubstr("No per-agent data in this report."));
}

TEST(HtmlRenderer, APageWithNoDataSaysSo) {
  const std::string html = RenderHtml(HtmlPage{});
  EXPECT_THAT(html, HasSubstr("<section id=\"empty\""));
  EXPECT_THAT(html, HasSubstr("No data in this report."));
}

// A log that names no agent: its only agent row is the null one.
TEST(HtmlRenderer, AgentsOfOnlyTheNullAgentAreNoData) {
  Json agents = LoadFixture("agents.json");
  Json row = agents["rows"][0];
  row["agent"] = nullptr;
  agents["rows"] = Json::array({row});
  const std::string html = RenderHtml(PageFromReports({agents, LoadFixture("totals.json")}, "t"));
  EXPECT_THAT(html, Not(HasSubstr("<section id=\"agents\"")));
  EXPECT_THAT(html, HasSubstr("<section id=\"kpis\""));
}

// Calls' seconds in ticket-sized bins: one bar says nothing the quantiles
// do not, so only the quantiles are shown.
TEST(HtmlRenderer, AHistogramOfOneBinIsLeftOut) {
  Json totals = LoadFixture("totals.json");
  Json& row = totals["rows"][0];
  for (const char* id : {"first_reply_time", "full_resolution_time"}) {
    Json& counts = row[id]["calendar"]["histogram"]["counts"];
    ASSERT_TRUE(counts.is_array()) << id;
    for (Json& c : counts) c = 0;
    counts[0] = 7;
  }
  const std::string html = RenderHtml(PageFromReports({totals}, "t"));
  EXPECT_THAT(html, HasSubstr("<section id=\"response-times\""));
  EXPECT_THAT(html, HasSubstr("First reply time (calendar time): p50"));
  EXPECT_THAT(html, Not(HasSubstr("distribution")));
}

}  // namespace
}  // namespace csm::render

namespace csm::render {
namespace {

TEST(HtmlRenderer, HeatmapAndDriversFromHourlyAndCategoryReports) {
  Json totals = LoadFixture("totals.json");
  totals["rows"][0].erase("volume_heatmap");
  totals["rows"][0].erase("top_drivers");
  Json hourly = LoadFixture("hourly.json");
  Json categories = LoadFixture("categories.json");
  HtmlPage page = PageFromReports({totals, hourly, categories}, "Derived");
  EXPECT_EQ(page.hourly["grain"], "hour");
  EXPECT_EQ(page.trend["grain"], "hour");  // no day report: the hourly one draws the trend
  std::string html = RenderHtml(page);
  // Monday 2026-11-02 09:00 (local) is the heatmap's Mon 09:00 cell.
  double monday_nine = 0;
  for (const Json& row : hourly["rows"]) {
    if (row["bucket"] == "2026-11-02T09:00:00-05:00")
      monday_nine = row["tickets_created"].get<double>();
  }
  EXPECT_THAT(html, HasSubstr("<title>Mon 09:00 \u2013 " + FormatCount(monday_nine) + "</title>"));
  // Drivers: largest first with shares of all created tickets (null category included).
  double total = 0;
  for (const Json& row : categories["rows"]) total += row["tickets_created"].get<double>();
  std::size_t billing = html.find(">Billing<"), login = html.find(">Login &amp; access<"),
              none = html.find(">(none)<");
  EXPECT_LT(billing, login);
  EXPECT_LT(login, none);
  EXPECT_THAT(html, HasSubstr(FormatCount(402.0) + " (" + FormatRate(402 / total * 100) + ")"));
  EXPECT_THAT(html, Not(HasSubstr("No top drivers")));
  EXPECT_THAT(html, Not(HasSubstr("No weekday")));
}

}  // namespace
}  // namespace csm::render
