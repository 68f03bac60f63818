// 100,000-deep JSON in a report query, on a 256 KiB stack: a clear error,
// never a stack overflow (issue 18).
#include <string>

#include "csm/engine/engine.h"
#include "csm/report/report.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/small_stack.h"

namespace csm::report {
namespace {

using ::csm::testing::DeepArray;
using ::csm::testing::DeepObject;
using ::csm::testing::RunOnSmallStack;
using ::testing::HasSubstr;

std::unique_ptr<Engine> NewEngine() {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create("{}");
  EXPECT_TRUE(engine.ok()) << engine.status();
  return std::move(*engine);
}

TEST(ReportJsonNesting, DeepQueriesAreRefusedOnASmallStack) {
  auto engine = NewEngine();
  const std::string deep = DeepArray(100'000);
  for (const std::string& query :
       {R"({"metrics": )" + deep + "}", R"({"group_by": )" + deep + "}",
        R"({"filter": {"agent": )" + deep + "}}", R"({"grain": )" + DeepObject(100'000) + "}",
        R"({"customer_history": )" + deep + "}", R"({"forecast": )" + deep + "}",
        R"({"forecast": {"weeks": 4, "staffing": )" + DeepObject(100'000) + "}}", deep}) {
    RunOnSmallStack([&] {
      absl::StatusOr<std::string> report = RunJson(*engine, query);
      ASSERT_FALSE(report.ok());
      EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(std::string(report.status().message()),
                  HasSubstr("report query: arrays and objects nest deeper than 64"));
    });
  }
}

TEST(ReportJsonNesting, MessagesQuoteABoundedPartOfTheInput) {
  auto engine = NewEngine();
  const std::string huge(1'000'000, 'x');
  for (const std::string& query :
       {R"({")" + huge + R"(": 1})", R"({"metrics": [")" + huge + R"("]})",
        R"({"group_by": [")" + huge + R"("]})", R"({"filter": {")" + huge + R"(": "a"}})",
        R"({"timezone": ")" + huge + R"("})",
        R"({"max_rows": 1)" + std::string(1'000'000, '0') + "}", R"({"from": ")" + huge + R"("})",
        R"({"customer_history": "c", ")" + huge + R"(": 1})"}) {
    absl::StatusOr<std::string> report = RunJson(*engine, query);
    ASSERT_FALSE(report.ok());
    EXPECT_LT(report.status().message().size(), 600u) << report.status().message().substr(0, 100);
  }
}

}  // namespace
}  // namespace csm::report
