#include "csm/engine/engine_config.h"

#include "absl/strings/str_cat.h"
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

// Every option at a value other than its default: ToJson prints each, and
// FromJson(ToJson()) gives them back.
TEST(EngineConfigTest, EveryOptionRoundTrips) {
  absl::StatusOr<EngineConfig> c = EngineConfig::FromJson(R"({"options": {
    "first_reply_start": "last_handoff", "fcr": "first_reply_solves",
    "histogram_edges": [0.5, 60], "attribution": "created", "allowed_lateness": 0.25,
    "reopen_window": 86400, "csat_satisfied_min": 8, "repeat_window": 3600,
    "service_level_threshold": 30, "service_level_denominator": "offered",
    "short_abandon": 5, "csat_scale": 10, "csat_dissatisfied_max": 6, "spike_sigma": 2.5,
    "spike_weeks": 520, "top_k": 1000, "max_open_tickets": 2147483647,
    "max_distinct_values": 1, "forget_released_after": 7200,
    "staffing": {"service_level": 90, "threshold": 15, "max_occupancy": 85, "shrinkage": 35,
                 "model": "erlang_a"}}})");
  ASSERT_TRUE(c.ok()) << c.status();
  const EngineOptions& o = c->options;
  EXPECT_EQ(o.first_reply_start, FirstReplyStart::kLastHandoff);
  EXPECT_EQ(o.fcr, FcrPolicy::kFirstReplySolves);
  EXPECT_EQ(o.histogram_edges, (std::vector<double>{0.5, 60}));
  EXPECT_EQ(o.attribution, Attribution::kCreated);
  EXPECT_EQ(o.allowed_lateness, Millis{250});
  EXPECT_EQ(o.reopen_window, Millis{86400000});
  EXPECT_EQ(o.csat_satisfied_min, 8);
  EXPECT_EQ(o.repeat_window, Millis{3600000});
  EXPECT_EQ(o.service_level_threshold, Millis{30000});
  EXPECT_EQ(o.service_level_denominator, ServiceLevelDenominator::kOffered);
  EXPECT_EQ(o.short_abandon, Millis{5000});
  EXPECT_EQ(o.csat_scale, 10);
  EXPECT_EQ(o.csat_dissatisfied_max, 6);
  EXPECT_EQ(o.spike_sigma, 2.5);
  EXPECT_EQ(o.spike_weeks, 520);
  EXPECT_EQ(o.top_k, 1000);
  EXPECT_EQ(o.max_open_tickets, 2147483647u);
  EXPECT_EQ(o.max_distinct_values, 1u);
  EXPECT_EQ(o.forget_released_after, Millis{7200000});
  EXPECT_EQ(o.staffing.service_level, 90);
  EXPECT_EQ(o.staffing.threshold_s, 15);
  EXPECT_EQ(o.staffing.max_occupancy, 85);
  EXPECT_EQ(o.staffing.shrinkage, 35);
  EXPECT_EQ(o.staffing.model, StaffingOptions::Model::kErlangA);

  const nlohmann::json printed = c->ToJson()["options"];
  EXPECT_EQ(printed.size(), 20u);
  EXPECT_EQ(printed["staffing"]["model"], "erlang_a");
  EXPECT_EQ(printed["fcr"], "first_reply_solves");
  EXPECT_EQ(printed["allowed_lateness"], 0.25);
  EXPECT_EQ(printed["max_open_tickets"], 2147483647);
  EXPECT_EQ(printed["service_level_denominator"], "offered");
  absl::StatusOr<EngineConfig> again = EngineConfig::FromJson(c->ToJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->options, o);

  // The defaults print too (every key spelled out).
  EXPECT_EQ(EngineConfig::FromJson("{}")->ToJson()["options"],
            (nlohmann::json{{"first_reply_start", "created"},
                            {"fcr", "one_touch"},
                            {"histogram_edges", {3600, 7200, 21600, 43200, 86400, 172800}},
                            {"attribution", "completed"},
                            {"allowed_lateness", 0.0},
                            {"reopen_window", 2592000.0},
                            {"csat_satisfied_min", 4},
                            {"repeat_window", 604800.0},
                            {"service_level_threshold", 20.0},
                            {"service_level_denominator", "answered_plus_late_abandons"},
                            {"short_abandon", 0.0},
                            {"csat_scale", 5},
                            {"csat_dissatisfied_max", 2},
                            {"spike_sigma", 3.0},
                            {"spike_weeks", 4},
                            {"top_k", 10},
                            {"staffing",
                             {{"service_level", 80.0},
                              {"threshold", 20.0},
                              {"max_occupancy", nullptr},
                              {"shrinkage", 0.0},
                              {"model", "erlang_c"}}},
                            {"max_open_tickets", 10000000},
                            {"max_distinct_values", 10000000},
                            {"forget_released_after", 7776000.0}}));
}

// The whole message of each kind of bad option value.
TEST(EngineConfigTest, OptionErrorsSayWhatIsAllowed) {
  struct Case {
    const char* options;
    const char* message;
  };
  for (const Case& bad : {
           Case{R"({"reopen_windw": 5})", "engine config: options: unknown key \"reopen_windw\""},
           Case{R"({"fcr": "always"})",
                "engine config: options.fcr: \"always\" is not one of one_touch, "
                "first_reply_solves, no_followup"},
           Case{R"({"first_reply_start": 1})",
                "engine config: options.first_reply_start: must "
                "be a string"},
           Case{R"({"attribution": "solved"})",
                "engine config: options.attribution: \"solved\" is not one of completed, created"},
           Case{R"({"service_level_denominator": "all"})",
                "engine config: options.service_level_denominator: \"all\" is not one of "
                "answered_plus_late_abandons, offered"},
           Case{R"({"histogram_edges": []})",
                "engine config: options.histogram_edges: must be an array of 1 to 256 numbers "
                "of seconds"},
           Case{R"({"histogram_edges": ["1"]})",
                "engine config: options.histogram_edges: must hold numbers"},
           Case{R"({"histogram_edges": [0]})",
                "engine config: options.histogram_edges: edges must be finite and > 0"},
           Case{R"({"histogram_edges": [10, 5]})",
                "engine config: options.histogram_edges: edges must increase"},
           Case{R"({"allowed_lateness": "1"})",
                "engine config: options.allowed_lateness: must be a number of seconds"},
           Case{R"({"reopen_window": -1})",
                "engine config: options.reopen_window: must be between 0 and 100 years"},
           Case{R"({"csat_scale": 11})",
                "engine config: options.csat_scale: must be an integer from 2 to 10"},
           Case{R"({"top_k": 1.5})",
                "engine config: options.top_k: must be an integer from 1 "
                "to 1000"},
           Case{R"({"spike_sigma": 101})",
                "engine config: options.spike_sigma: must be a number from 0 to 100"},
           Case{R"({"max_open_tickets": 0})",
                "engine config: options.max_open_tickets: must be an integer from 1 to "
                "2147483647"},
           Case{R"({"max_distinct_values": 2147483648})",
                "engine config: options.max_distinct_values: must be an integer from 1 to "
                "2147483647"},
           Case{R"({"csat_satisfied_min": 6})",
                "engine config: options.csat_satisfied_min: must not exceed csat_scale"},
           Case{R"({"csat_dissatisfied_max": 4})",
                "engine config: options.csat_dissatisfied_max: must be below csat_satisfied_min"},
           // Keys are checked in name order: the first bad one is reported.
           Case{R"({"top_k": 0, "allowed_lateness": -1})",
                "engine config: options.allowed_lateness: must be between 0 and 100 years"},
           Case{R"([])", "engine config: options: must be a JSON object"},
       }) {
    absl::StatusOr<EngineConfig> c =
        EngineConfig::FromJson(std::string_view(absl::StrCat(R"({"options": )", bad.options, "}")));
    ASSERT_FALSE(c.ok()) << bad.options;
    EXPECT_EQ(c.status().message(), bad.message);
  }
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
