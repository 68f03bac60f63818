#include "csm/engine/engine_config.h"

#include "csm/engine/engine.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(EngineConfigTest, DefaultsKeepOneHourlyTotalView) {
  for (std::string_view text : {"", "{}", "  \n"}) {
    absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(text);
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_EQ(c->views.size(), 1u);
    EXPECT_TRUE(c->views[0].group_by.empty());
    EXPECT_EQ(c->views[0].grain, Grain::kHour);
    EXPECT_EQ(c->views[0].timezone, "UTC");
    EXPECT_EQ(c->options, EngineOptions{});
    EXPECT_EQ(c->options.reopen_window, Millis{2592000LL * 1000});
  }
}

TEST(EngineConfigTest, ParsesEveryKeyAndRoundTrips) {
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(R"({
    "timezone": "Europe/Berlin",
    "calendars": {"emea": {"timezone": "Europe/Berlin", "weekly": {"mon": [["09:00","17:00"]]}}},
    "group_calendars": {"emea-support": "emea"},
    "views": [{"group_by": ["segment", "agent"], "grain": "day"},
              {"grain": "week", "timezone": "Asia/Tokyo"}],
    "options": {"first_reply_start": "last_handoff", "fcr": "no_followup",
                "histogram_edges": [60, 600], "attribution": "created",
                "allowed_lateness": 1.5, "reopen_window": 86400, "csat_satisfied_min": 5,
                "repeat_window": 3600, "service_level_threshold": 30,
                "service_level_denominator": "offered", "short_abandon": 5}})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->views[0].group_by, (std::vector<Field>{Field::kAgent, Field::kSegment}));
  EXPECT_EQ(c->views[0].timezone, "Europe/Berlin");
  EXPECT_EQ(c->views[1].timezone, "Asia/Tokyo");
  EXPECT_EQ(c->options.first_reply_start, FirstReplyStart::kLastHandoff);
  EXPECT_EQ(c->options.fcr, FcrPolicy::kNoFollowup);
  EXPECT_EQ(c->options.allowed_lateness, Millis{1500});
  EXPECT_EQ(c->options.histogram_edges, (std::vector<double>{60, 600}));
  EXPECT_EQ(c->options.service_level_denominator, ServiceLevelDenominator::kOffered);
  absl::StatusOr<EngineConfig> again = EngineConfig::FromJson(c->ToJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToJson(), c->ToJson());
  EXPECT_EQ(again->options, c->options);
  EXPECT_EQ(again->views, c->views);
}

TEST(EngineConfigTest, UnknownKeysAndBadValuesAreErrorsThatSayWhere) {
  struct Case {
    const char* json;
    const char* mentions;
  };
  for (const Case& bad : {
           Case{R"({"timezone": "UTC", "colour": 1})", "colour"},
           Case{R"({"options": {"reopen_windw": 5}})", "reopen_windw"},
           Case{R"({"views": [{"group_by": ["agent"], "grian": "day"}]})", "grian"},
           Case{R"({"views": [{"group_by": ["step"]}]})", "step"},
           Case{R"({"views": [{"group_by": ["agent", "agent"]}]})", "repeated"},
           Case{R"({"views": [{}, {}]})", "repeats"},
           Case{R"({"views": []})", "views"},
           Case{R"({"views": [{"grain": "fortnight"}]})", "grain"},
           Case{R"({"timezone": "Mars/Base"})", "Mars/Base"},
           Case{R"({"group_calendars": {"g": "nope"}})", "nope"},
           Case{R"({"options": {"fcr": "always"}})", "always"},
           Case{R"({"options": {"histogram_edges": [10, 5]}})", "increase"},
           Case{R"({"options": {"allowed_lateness": -1}})", "allowed_lateness"},
           Case{R"({"options": {"csat_satisfied_min": 9}})", "csat_satisfied_min"},
           Case{R"([1])", "object"},
           Case{R"({"views": )", "JSON"},
       }) {
    absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(bad.json);
    ASSERT_FALSE(c.ok()) << bad.json;
    EXPECT_NE(std::string(c.status().message()).find(bad.mentions), std::string::npos)
        << c.status();
  }
}

TEST(EngineConfigTest, BadCalendarsFailAtEngineCreation) {
  absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(
      R"({"calendars": {"default": {"timezone": "UTC", "weekly": {"mon": [["25:00","26:00"]]}}}})");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(std::string(e.status().message()).find("calendars.default"), std::string::npos)
      << e.status();
}

}  // namespace
}  // namespace csm
