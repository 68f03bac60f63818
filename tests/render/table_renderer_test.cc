// The table format over the §8 fixtures: every expected cell is formatted
// from the fixture's own numbers.
#include "csm/render/table_renderer.h"

#include <sstream>
#include <vector>

#include "csm/render/format.h"
#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::render {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string LineStartingWith(const std::string& text, const std::string& prefix) {
  for (const std::string& l : Lines(text)) {
    if (l.rfind(prefix, 0) == 0) return l;
  }
  return "";
}

TEST(TableRenderer, OneRowReportListsMetricsWithChange) {
  Json report = LoadFixture("totals.json");
  const Json& row = report["rows"][0];
  std::string table = RenderTable(report);
  EXPECT_THAT(Lines(table)[0], HasSubstr(report["from"].get<std::string>()));
  EXPECT_THAT(Lines(table)[0], HasSubstr("America/New_York"));
  std::string frt = LineStartingWith(table, "First reply time");
  EXPECT_THAT(frt,
              HasSubstr(FormatDuration(row["first_reply_time"]["calendar"]["p50"].get<double>())));
  EXPECT_THAT(frt,
              HasSubstr(FormatChange(
                  row["change"]["first_reply_time"]["calendar"]["p50"]["percent"].get<double>())));
  EXPECT_THAT(LineStartingWith(table, "Tickets created"),
              HasSubstr(FormatCount(row["tickets_created"].get<double>()) + "  \u25B2 12 %"));
  EXPECT_THAT(LineStartingWith(table, "CSAT"),
              HasSubstr(FormatRate(row["csat"]["score"].get<double>())));
  EXPECT_THAT(LineStartingWith(table, "Abandonment rate"), HasSubstr("\u2013"));
  EXPECT_THAT(LineStartingWith(table, "Top drivers"), HasSubstr("Billing 31.3 %"));
  EXPECT_THAT(LineStartingWith(table, "Volume by weekday and hour"), HasSubstr("peak "));
  // Reasons in the report's own order.
  EXPECT_THAT(table, HasSubstr("Rejected events: 2 (unknown_ticket 1, out_of_order 1)"));
}

TEST(TableRenderer, ColumnsAreRightAligned) {
  std::string table = RenderTable(LoadFixture("daily.json"));
  std::vector<std::string> lines = Lines(table);
  // Header, rule and one line per metric all end at the same column.
  std::size_t width = DisplayWidth(lines[1]);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(DisplayWidth(lines[i]), width) << lines[i];
  }
  EXPECT_THAT(lines[1], HasSubstr("2026-11-08"));
}

TEST(TableRenderer, ManyRowsPrintOneLinePerRow) {
  Json report = LoadFixture("daily.json");
  TableOptions options;
  options.max_transposed_rows = 3;
  std::string table = RenderTable(report, options);
  std::vector<std::string> lines = Lines(table);
  EXPECT_THAT(lines[1], HasSubstr("Tickets created"));
  for (const Json& row : report["rows"]) {
    std::string line = LineStartingWith(table, row["bucket"].get<std::string>());
    EXPECT_THAT(line, HasSubstr(FormatCount(row["tickets_solved"].get<double>())));
  }
}

TEST(TableRenderer, BusinessTimeOption) {
  Json report = LoadFixture("daily.json");
  TableOptions options;
  options.business = true;
  std::string table = RenderTable(report, options);
  EXPECT_THAT(LineStartingWith(table, "First reply time"),
              HasSubstr(FormatDuration(
                  report["rows"][0]["first_reply_time"]["business"]["p50"].get<double>())));
  EXPECT_THAT(table, HasSubstr("Durations in business time."));
}

TEST(TableRenderer, EmptyReportSaysSo) {
  Json report = LoadFixture("daily.json");
  report["rows"] = Json::array();
  EXPECT_THAT(RenderTable(report), HasSubstr("(no data in this period)"));
}

// csm render of a report with a 10 MB name took 1.2 GB: every row and the
// rule were padded to the widest cell. A cell shows at most 80 columns
// ("…" last), so the table is proportionate to the report.
TEST(TableRenderer, AHugeNameIsCutNotPaddedEverywhere) {
  Json report = LoadFixture("agents.json");
  const std::string huge = "\u00e9" + std::string(10'000'000, 'x');
  report["rows"][0]["agent"] = huge;
  const std::string table = RenderTable(report);
  EXPECT_LT(table.size(), 100'000u);
  const std::string cut = "\u00e9" + std::string(78, 'x') + "\u2026";
  EXPECT_THAT(table, HasSubstr(cut));
  for (const std::string& line : Lines(table)) EXPECT_LE(DisplayWidth(line), 2000u);
}

TEST(DisplayWidth, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("\u25B2 12 %"), 6u);
  EXPECT_EQ(DisplayWidth("\u2500\u2500"), 2u);
}

}  // namespace
}  // namespace csm::render
