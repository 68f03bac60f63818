#include "csm/engine/internal/calendar_set.h"

#include <gtest/gtest.h>

namespace csm {
namespace {

TEST(CalendarSetTest, FindsCompiledCalendarsByName) {
  absl::StatusOr<EngineConfig> config = EngineConfig::FromJson(R"({
    "calendars": {"default": {"timezone": "UTC", "weekly": {"mon": [["09:00","17:00"]]}},
                  "emea": {"timezone": "Europe/Berlin", "weekly": {"tue": [["08:00","12:00"]]}}},
    "group_calendars": {"emea-support": "emea"}})");
  ASSERT_TRUE(config.ok()) << config.status();
  InternTable interned;
  absl::StatusOr<CalendarSet> set = CalendarSet::Create(*config, interned);
  ASSERT_TRUE(set.ok()) << set.status();

  const BusinessCalendar* emea = set->Find("emea");
  ASSERT_NE(emea, nullptr);
  EXPECT_EQ(emea->timezone(), "Europe/Berlin");
  const BusinessCalendar* fallback = set->Find("default");
  ASSERT_NE(fallback, nullptr);
  EXPECT_EQ(fallback->timezone(), "UTC");
  EXPECT_EQ(set->Find("apac"), nullptr);
  EXPECT_EQ(set->Find(""), nullptr);
}

}  // namespace
}  // namespace csm
