// 100,000-deep JSON as render input (what `csm render` reads), on a 256 KiB
// stack: a clear error, never a stack overflow (issue 18).
#include <string>

#include "csm/render/report_model.h"
#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/small_stack.h"

namespace csm::render {
namespace {

using ::csm::testing::DeepArray;
using ::csm::testing::RunOnSmallStack;
using ::testing::HasSubstr;

TEST(RenderJsonNesting, DeepReportsAreRefusedOnASmallStack) {
  const std::string deep = DeepArray(100'000);
  for (const std::string& doc : {deep, R"({"rows": [{"csat": )" + deep + "}]}"}) {
    RunOnSmallStack([&] {
      absl::StatusOr<Json> report = ParseReport(doc, "report.json");
      ASSERT_FALSE(report.ok());
      EXPECT_THAT(std::string(report.status().message()),
                  HasSubstr("'report.json': arrays and objects nest deeper than 64"));
    });
  }
}

TEST(RenderJsonNesting, ASavedReportParsesAndValidates) {
  const Json fixture = LoadFixture("agents.json");
  absl::StatusOr<Json> report = ParseReport(fixture.dump(), "agents.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(*report, fixture);
  absl::StatusOr<Json> bad = ParseReport(R"({"rows": 3})", "bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("'bad.json': report JSON"));
}

TEST(RenderJsonNesting, MessagesQuoteABoundedPartOfTheInput) {
  Json fixture = LoadFixture("agents.json");
  fixture["rows"][0][std::string(1'000'000, 'k')] = "text";
  fixture["group_by"].push_back(std::string(1'000'000, 'd'));
  for (const std::string& doc : {fixture.dump(), "[1" + std::string(1'000'000, '0') + "]"}) {
    absl::StatusOr<Json> report = ParseReport(doc, "r.json");
    ASSERT_FALSE(report.ok());
    EXPECT_LT(report.status().message().size(), 600u) << report.status().message().substr(0, 100);
  }
}

}  // namespace
}  // namespace csm::render
