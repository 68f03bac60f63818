// 100,000-deep JSON in a calendar spec, on a 256 KiB stack: a clear error,
// never a stack overflow (issue 18).
#include <nlohmann/json.hpp>
#include <string>

#include "csm/calendar/business_calendar.h"
#include "csm/calendar/calendar_spec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/small_stack.h"

namespace csm {
namespace {

using ::csm::testing::DeepArray;
using ::csm::testing::RunOnSmallStack;
using ::testing::HasSubstr;

TEST(CalendarJsonNesting, DeepSpecsAreRefusedOnASmallStack) {
  const std::string deep = DeepArray(100'000);
  for (const std::string& spec : {R"({"timezone": "UTC", "holidays": )" + deep + "}",
                                  R"({"timezone": "UTC", "weekly": {"mon": )" + deep + "}}",
                                  R"({"timezone": "UTC", "special_days": )" + deep + "}",
                                  R"({"timezone": "UTC", "unknown": )" + deep + "}"}) {
    RunOnSmallStack([&] {
      absl::StatusOr<CalendarSpec> parsed = ParseCalendarSpec(spec);
      ASSERT_FALSE(parsed.ok());
      EXPECT_THAT(std::string(parsed.status().message()),
                  HasSubstr("calendar spec: arrays and objects nest deeper than 64"));
      EXPECT_FALSE(BusinessCalendar::FromJson(spec).ok());
    });
  }
}

TEST(CalendarJsonNesting, ATreeBuiltInCodeIsCheckedToo) {
  // Built (and copied, which recurses) on this thread's large stack; only the
  // library's call runs on the small one.
  nlohmann::json deep = "2026-01-01";
  for (int i = 0; i < 1000; ++i) deep = nlohmann::json::array({std::move(deep)});
  const nlohmann::json spec = {{"timezone", "UTC"}, {"holidays", std::move(deep)}};
  RunOnSmallStack([&] {
    absl::StatusOr<CalendarSpec> parsed = ParseCalendarSpec(spec);
    ASSERT_FALSE(parsed.ok());
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("nest deeper than 64"));
  });
}

TEST(CalendarJsonNesting, SyntaxErrorsQuoteABoundedPartOfTheInput) {
  const std::string huge =
      R"({"timezone": "UTC", "holidays": [1)" + std::string(1'000'000, '0') + "]}";
  absl::StatusOr<CalendarSpec> parsed = ParseCalendarSpec(huge);
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("not valid JSON"));
  EXPECT_LT(parsed.status().message().size(), 300u);
}

}  // namespace
}  // namespace csm
