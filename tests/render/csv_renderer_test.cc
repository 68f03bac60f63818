// The csv format, read back with the project's CSV reader.
#include "csm/render/csv_renderer.h"

#include <map>
#include <vector>

#include "csm/io/csv_reader.h"
#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::render {
namespace {

std::vector<std::map<std::string, std::string>> ReadBack(const std::string& csv,
                                                         std::vector<std::string>* header) {
  io::CsvReader reader(csv, ',');
  absl::Status status;
  std::vector<std::map<std::string, std::string>> rows;
  EXPECT_TRUE(reader.Next(&status));
  header->assign(reader.fields().begin(), reader.fields().end());
  while (reader.Next(&status)) {
    EXPECT_EQ(reader.size(), header->size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < reader.size(); ++i) row[(*header)[i]] = std::string(reader[i]);
    rows.push_back(row);
  }
  EXPECT_TRUE(status.ok());
  return rows;
}

// Names such as =HYPERLINK(...) or =1+1 ran as formulas in a spreadsheet.
TEST(CsvRenderer, FormulaLeadingCellsAreEscapedNumbersAreNot) {
  Json report = LoadFixture("agents.json");
  const std::vector<std::string> names = {"=HYPERLINK(\"http://x\",\"y\")",
                                          "=1+1",
                                          "+1",
                                          "-2+3",
                                          "@SUM(A1)",
                                          "\tx",
                                          "\rx",
                                          "-5",
                                          "plain"};
  while (report["rows"].size() < names.size()) report["rows"].push_back(report["rows"][0]);
  for (std::size_t i = 0; i < names.size(); ++i) report["rows"][i]["agent"] = names[i];
  report["rows"][0]["tickets_solved"] = -7;
  std::vector<std::string> header;
  auto rows = ReadBack(RenderCsv(report), &header);
  ASSERT_GE(rows.size(), names.size());
  EXPECT_EQ(rows[0]["agent"], "'=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(rows[1]["agent"], "'=1+1");
  EXPECT_EQ(rows[2]["agent"], "'+1");
  EXPECT_EQ(rows[3]["agent"], "'-2+3");
  EXPECT_EQ(rows[4]["agent"], "'@SUM(A1)");
  EXPECT_EQ(rows[5]["agent"], "'\tx");
  EXPECT_EQ(rows[6]["agent"], "'\rx");
  EXPECT_EQ(rows[7]["agent"], "-5");  // a number is no formula
  EXPECT_EQ(rows[8]["agent"], "plain");
  EXPECT_EQ(rows[0]["tickets_solved"], "-7");
}

TEST(CsvRenderer, OneLinePerRowWithFlattenedMetrics) {
  Json report = LoadFixture("agents.json");
  std::vector<std::string> header;
  auto rows = ReadBack(RenderCsv(report), &header);
  ASSERT_EQ(rows.size(), report["rows"].size());
  EXPECT_EQ(header[0], "bucket");
  EXPECT_EQ(header[1], "agent");
  EXPECT_THAT(header, ::testing::Contains("first_reply_time.calendar.p50"));
  EXPECT_THAT(header, ::testing::Contains("csat.score"));
  EXPECT_THAT(header, ::testing::Not(::testing::Contains(::testing::HasSubstr("histogram"))));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Json& row = report["rows"][i];
    EXPECT_EQ(rows[i]["agent"], row["agent"].get<std::string>());
    EXPECT_EQ(rows[i]["tickets_solved"], row["tickets_solved"].dump());
    const Json& calendar = row["first_reply_time"]["calendar"];
    if (calendar.is_null()) {
      EXPECT_EQ(rows[i]["first_reply_time.calendar.p50"], "");
    } else {
      EXPECT_EQ(std::stod(rows[i]["first_reply_time.calendar.p50"]), calendar["p50"].get<double>());
    }
  }
}

TEST(CsvRenderer, ChangeColumnsComeLast) {
  Json report = LoadFixture("totals.json");
  std::vector<std::string> header;
  auto rows = ReadBack(RenderCsv(report), &header);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(std::stod(rows[0]["change.tickets_created"]),
                   report["rows"][0]["change"]["tickets_created"]["percent"].get<double>());
  auto first_change = std::find_if(header.begin(), header.end(),
                                   [](const std::string& c) { return c.rfind("change.", 0) == 0; });
  EXPECT_TRUE(std::all_of(first_change, header.end(),
                          [](const std::string& c) { return c.rfind("change.", 0) == 0; }));
}

TEST(CsvRenderer, QuotesValuesThatNeedIt) {
  Json report = LoadFixture("agents.json");
  report["rows"][0]["agent"] = "Smith, \"J\"";
  std::vector<std::string> header;
  auto rows = ReadBack(RenderCsv(report), &header);
  EXPECT_EQ(rows[0]["agent"], "Smith, \"J\"");
}

}  // namespace
}  // namespace csm::render

namespace csm::render {
namespace {

TEST(CsvRenderer, NullValuesLeaveCellsEmptyWithoutExtraColumns) {
  Json report = LoadFixture("agents.json");
  // dana (row 3) has no first reply at all; the others have statistics.
  ASSERT_TRUE(report["rows"][3]["first_reply_time"]["calendar"].is_null());
  report["rows"][0]["first_reply_time"] = nullptr;
  report["rows"][0]["csat"] = nullptr;
  for (Json& row : report["rows"]) row["abandonment_rate"] = nullptr;
  std::vector<std::string> header;
  auto rows = ReadBack(RenderCsv(report, /*all_metrics=*/true), &header);
  EXPECT_THAT(header, ::testing::Not(::testing::Contains("first_reply_time")));
  EXPECT_EQ(rows[0]["first_reply_time.calendar.p50"], "");
  EXPECT_NE(rows[1]["first_reply_time.calendar.p50"], "");
  // Asked for every metric, one null in every row keeps one (empty) column;
  // by default it has no data and no column.
  EXPECT_THAT(header, ::testing::Contains("abandonment_rate"));
  ReadBack(RenderCsv(report), &header);
  EXPECT_THAT(header, ::testing::Not(::testing::Contains("abandonment_rate")));
}

}  // namespace
}  // namespace csm::render
