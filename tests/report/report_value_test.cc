// Typed report values (report::ValueOf): counts, backlog, durations, rates
// and nulls as C++ types, and the JSON as their rendering.
#include <variant>

#include "engine/scenario.h"

namespace csm::testing {
namespace {

constexpr std::string_view kTickets = R"(
{"time":"2026-11-02T10:00:00Z","ticket":"A","type":"created","channel":"email"}
{"time":"2026-11-02T11:00:00Z","ticket":"A","type":"agent_reply","agent":"ann"}
{"time":"2026-11-02T12:00:00Z","ticket":"A","type":"status","status":"solved"}
{"time":"2026-11-02T10:00:00Z","ticket":"B","type":"created","channel":"chat"}
{"time":"2026-11-02T13:00:00Z","ticket":"B","type":"agent_reply","agent":"bob"}
)";

report::Report Build(Scenario& s, std::string_view query) {
  absl::StatusOr<report::ReportQuery> q = report::ReportQuery::FromJson(query, s.engine().config());
  EXPECT_TRUE(q.ok()) << q.status();
  absl::StatusOr<report::Report> r = report::Build(s.engine(), *q);
  EXPECT_TRUE(r.ok()) << r.status();
  return *std::move(r);
}

TEST(ReportValue, CountsDurationsRatesAndNullsAsTypes) {
  Scenario s;
  s.Events(kTickets);
  const report::Report r = Build(s, R"({"grain": "day", "from": "2026-11-02", "to": "2026-11-04",
      "metrics": ["tickets_created", "tickets_solved", "backlog", "first_reply_time",
                  "replies_per_ticket", "one_touch_rate"]})");
  ASSERT_EQ(r.rows.size(), 2u);
  const report::Period& day = r.rows[0].current;

  const auto created = report::ValueOf(r, day, Metric::kTicketsCreated);
  ASSERT_TRUE(std::holds_alternative<report::Count>(created));
  EXPECT_EQ(std::get<report::Count>(created).value, 2u);
  EXPECT_EQ(std::get<report::Backlog>(report::ValueOf(r, day, Metric::kBacklog)).open, 1);

  const auto frt = report::ValueOf(r, day, Metric::kFirstReplyTime);
  ASSERT_TRUE(std::holds_alternative<report::DurationSummary>(frt));
  const report::DurationSummary& d = std::get<report::DurationSummary>(frt);
  EXPECT_EQ(d.calendar.stats.count, 2u);
  EXPECT_EQ(d.calendar.stats.mean, 2 * 3600.0);  // 1 h and 3 h
  EXPECT_EQ(d.calendar.stats.min, 3600.0);
  EXPECT_EQ(d.calendar.stats.max, 3 * 3600.0);
  EXPECT_EQ(d.calendar.counts.size(), d.calendar.edges.size() + 1);
  EXPECT_EQ(d.business.stats.count, 2u);  // no calendar: business = calendar time

  const auto replies = report::ValueOf(r, day, Metric::kRepliesPerTicket);
  ASSERT_TRUE(std::holds_alternative<report::Summary>(replies));
  EXPECT_EQ(std::get<report::Summary>(replies).count, 1u);  // one solved ticket

  const auto one_touch = report::ValueOf(r, day, Metric::kOneTouchRate);
  ASSERT_TRUE(std::holds_alternative<report::Rate>(one_touch));
  EXPECT_EQ(std::get<report::Rate>(one_touch).percent, 100.0);
  EXPECT_EQ(std::get<report::Rate>(one_touch).denominator, 1.0);

  // The quiet day: counts are 0, durations null; the backlog carries.
  const report::Period& quiet = r.rows[1].current;
  EXPECT_EQ(std::get<report::Count>(report::ValueOf(r, quiet, Metric::kTicketsCreated)).value, 0u);
  EXPECT_TRUE(
      std::holds_alternative<std::monostate>(report::ValueOf(r, quiet, Metric::kFirstReplyTime)));
  EXPECT_EQ(std::get<report::Backlog>(report::ValueOf(r, quiet, Metric::kBacklog)).open, 1);

  // The JSON renders the same values.
  const nlohmann::ordered_json j = report::ToJson(r);
  EXPECT_EQ(j["rows"][0]["tickets_created"], 2);
  EXPECT_EQ(j["rows"][0]["first_reply_time"]["calendar"]["mean"], 7200.0);
  EXPECT_EQ(j["rows"][0]["one_touch_rate"]["denominator"], 1);
  EXPECT_TRUE(j["rows"][1]["first_reply_time"].is_null());
}

}  // namespace
}  // namespace csm::testing
