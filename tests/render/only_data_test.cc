// Reports show only what the data has (issue 21): events through the engine,
// its report rendered as table, CSV and HTML; composites in their compact
// form; business time beside calendar time; the null group as "(none)".
#include <string>

#include "csm/render/csv_renderer.h"
#include "csm/render/html_renderer.h"
#include "csm/render/table_renderer.h"
#include "engine/scenario.h"
#include "gmock/gmock.h"

namespace csm::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A ticket log: replies and solves, no calls, no agent states, no ratings.
constexpr std::string_view kTickets = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"A","type":"created","channel":"email","category":"billing"}
{"time":"2026-11-02T11:00:00Z","ticket":"A","type":"agent_reply","agent":"ann"}
{"time":"2026-11-02T12:00:00Z","ticket":"A","type":"status","status":"solved"}
{"time":"2026-11-02T10:30:00Z","ticket":"B","type":"created","category":"billing"}
{"time":"2026-11-02T13:00:00Z","ticket":"B","type":"assigned","agent":"bob"}
)";

// A call log: contacts queued, answered, abandoned; no replies, no solves.
constexpr std::string_view kCalls = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"c1","type":"created","channel":"phone"}
{"time":"2026-11-02T10:00:05Z","ticket":"c1","type":"queued","group":"support"}
{"time":"2026-11-02T10:00:35Z","ticket":"c1","type":"answered","agent":"ann"}
{"time":"2026-11-02T10:05:35Z","ticket":"c1","type":"ended","agent":"ann"}
{"time":"2026-11-02T11:00:00Z","ticket":"c2","type":"created","channel":"phone"}
{"time":"2026-11-02T11:00:01Z","ticket":"c2","type":"ivr","step":"menu"}
{"time":"2026-11-02T11:00:09Z","ticket":"c2","type":"abandoned","step":"menu"}
{"time":"2026-11-02T12:00:00Z","ticket":"c3","type":"created","channel":"phone"}
{"time":"2026-11-02T12:00:05Z","ticket":"c3","type":"queued","group":"support"}
{"time":"2026-11-02T12:01:05Z","ticket":"c3","type":"abandoned"}
)";

// The report as the engine wrote it (keys in report order).
Json Report(testing::Scenario& s, std::string_view query) {
  absl::StatusOr<std::string> text = report::RunJson(s.engine(), query);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? Json::parse(*text) : Json();
}

// Hourly totals and a view by agent, as `csm report --format html` configures.
constexpr std::string_view kViews =
    R"({"views": [{"group_by": [], "grain": "hour"}, {"group_by": ["agent"], "grain": "all"}]})";

TEST(OnlyData, TicketLogShowsNoContactCenterRows) {
  testing::Scenario s;
  s.Events(kTickets);
  const Json report = Report(s, R"({"grain": "all"})");
  const std::string table = RenderTable(report);
  for (const char* shown : {"Tickets created", "Tickets solved", "Tickets reopened", "Backlog",
                            "First reply time", "Full resolution time", "Top drivers"}) {
    EXPECT_THAT(table, HasSubstr(shown)) << table;
  }
  for (const char* hidden : {"Contacts queued", "Contacts answered", "Abandonment", "Talk time",
                             "Occupancy", "CSAT", "Cost per contact", "Agents required"}) {
    EXPECT_THAT(table, Not(HasSubstr(hidden))) << table;
  }
  const std::string csv = RenderCsv(report);
  EXPECT_THAT(csv, HasSubstr("tickets_reopened"));  // a count of a family with data
  EXPECT_THAT(csv, Not(HasSubstr("contacts_queued")));
  // --metrics all (or metrics named): everything.
  TableOptions all;
  all.all_metrics = true;
  EXPECT_THAT(RenderTable(report, all), HasSubstr("Contacts queued"));
  EXPECT_THAT(RenderCsv(report, /*all_metrics=*/true), HasSubstr("contacts_queued"));
}

TEST(OnlyData, CallLogShowsNoTicketRows) {
  testing::Scenario s;
  s.Events(kCalls);
  const Json report = Report(s, R"({"grain": "all"})");
  const std::string table = RenderTable(report);
  for (const char* shown :
       {"Contacts queued", "Contacts answered", "Contacts abandoned", "Callbacks",
        "Abandonment rate", "Abandonment by step", "Average speed of answer", "Talk time"}) {
    EXPECT_THAT(table, HasSubstr(shown)) << table;
  }
  for (const char* hidden : {"Tickets solved", "Backlog", "First reply time", "One-touch rate",
                             "Replies per ticket", "CSAT", "Occupancy", "Top drivers"}) {
    EXPECT_THAT(table, Not(HasSubstr(hidden))) << table;
  }
  // The composite in its compact form: IVR abandons by step, queue abandons.
  EXPECT_THAT(table, HasSubstr("IVR 1 (menu 100.0 %), queue 1")) << table;
}

TEST(OnlyData, HtmlTilesSeriesAndAgentColumnsFollowTheRule) {
  testing::Scenario s(kViews);
  s.Events(kTickets);
  std::vector<Json> reports;
  for (const char* q : {R"({"grain": "all"})", R"({"grain": "day"})",
                        R"({"grain": "all", "group_by": ["agent"]})"}) {
    reports.push_back(Report(s, q));
  }
  const std::string html = RenderHtml(PageFromReports(reports, "Tickets"));
  EXPECT_THAT(html, HasSubstr(">Tickets created<"));
  EXPECT_THAT(html, Not(HasSubstr("Contacts queued")));
  EXPECT_THAT(html, Not(HasSubstr("Contacts answered")));
  EXPECT_THAT(html, HasSubstr("<td>(none)</td>"));  // ticket B's time before bob
}

TEST(OnlyData, CompositesRenderInsteadOfAnEllipsis) {
  testing::Scenario s(kViews);
  s.Events(kTickets);
  const Json report = Report(s, R"({"grain": "all", "group_by": ["agent"],
      "metrics": ["agent_replies", "assigned_vs_solved", "assigned_time", "cost_per_contact",
                  "channel_mix"]})");
  TableOptions all;
  all.all_metrics = true;
  const std::string table = RenderTable(report, all);
  EXPECT_THAT(table, Not(HasSubstr("\u2026"))) << table;
  EXPECT_THAT(table, HasSubstr("1 replies, first reply 1h avg")) << table;
  EXPECT_THAT(table, HasSubstr("0 of 1 solved (0.0 %)")) << table;  // bob
  EXPECT_THAT(table, HasSubstr("n/a")) << table;                    // no cost at all
  EXPECT_THAT(table, HasSubstr("Assigned time")) << table;
  EXPECT_THAT(table, HasSubstr("(none) ")) << table;  // the null group and a null channel
}

TEST(OnlyData, BusinessTimeBesideCalendarTime) {
  // Created Friday 16:00, replied Monday 10:00: 66 h calendar, 2 h business.
  testing::Scenario s(testing::ConfigWithOfficeHours());
  s.Events(R"(
{"time":"2026-11-06T16:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-09T10:00:00Z","ticket":"A","type":"agent_reply","agent":"ann"}
)");
  const Json report = Report(s, R"({"grain": "all", "metrics": ["first_reply_time"]})");
  const std::string table = RenderTable(report);
  // One sample: exact (66 h is 2d 18h).
  EXPECT_THAT(table, ::testing::ContainsRegex("First reply time +2d 18h\n")) << table;
  EXPECT_THAT(table, ::testing::ContainsRegex("First reply time \\(business\\) +2h\n")) << table;
  // The HTML agents table has a business column beside each duration.
  Json agents = report;
  agents["group_by"] = Json::array({"agent"});
  agents["rows"][0]["agent"] = "ann";
  const std::string html = RenderHtml(PageFromReports({agents}, "t"));
  EXPECT_THAT(html, HasSubstr("<th>First reply time</th><th>First reply time (business)</th>"));
  EXPECT_THAT(html, HasSubstr("<td>ann</td><td>2d 18h</td><td>2h</td>"));
  // Without a calendar there is one line.
  testing::Scenario plain;
  plain.Events(R"(
{"time":"2026-11-06T16:00:00Z","ticket":"A","type":"created"}
{"time":"2026-11-09T10:00:00Z","ticket":"A","type":"agent_reply","agent":"ann"}
)");
  EXPECT_THAT(RenderTable(Report(plain, R"({"grain": "all", "metrics": ["first_reply_time"]})")),
              Not(HasSubstr("(business)")));
}

}  // namespace
}  // namespace csm::render
