// Scenarios for the experience, customer and agent metrics (docs/metrics.md §4–5),
// written from the definitions; expected values are worked out by hand in
// the comments. The business calendar is Mon–Fri 09:00–17:00 UTC and
// 2026-11-02 is a Monday.
#include <numeric>

#include "scenario.h"
#include "synthetic_stream.h"

namespace csm::testing {
namespace {

using nlohmann::json;

const char* kAgentDay = R"("views": [{"group_by": [], "grain": "hour"},
                                    {"group_by": ["agent"], "grain": "day"}])";

// The row of `agent` in an all-time report grouped by agent.
json AgentRow(Scenario& s, const std::string& agent, const std::string& metrics) {
  const json r = s.Report(R"({"grain": "all", "group_by": ["agent"], "metrics": )" + metrics + "}");
  for (const json& row : r["rows"]) {
    if (row["agent"] == agent) return row;
  }
  ADD_FAILURE() << "no row for " << agent << " in " << r.dump();
  return json();
}

TEST(Csat, RatingAfterReassignmentGoesToTheAgentAssignedWhenRated) {
  Scenario s(ConfigWithOfficeHours(kAgentDay));
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","customer":"c1","agent":"alice"}
{"time":"2026-11-02T10:10:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"assigned","agent":"bob"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"survey_sent"}
{"time":"2026-11-02T13:00:00Z","ticket":"T1","type":"csat","value":5}
)");
  const json bob = AgentRow(s, "bob", R"(["csat"])");
  EXPECT_EQ(bob["csat"]["responses"], 1);
  EXPECT_EQ(bob["csat"]["satisfied"], 1);
  EXPECT_DOUBLE_EQ(bob["csat"]["score"].get<double>(), 100.0);
  const json alice = AgentRow(s, "alice", R"(["csat"])");
  EXPECT_TRUE(alice["csat"].is_null()) << alice.dump();  // no rating: null, not 0
}

TEST(Csat, SatisfiedDissatisfiedScoreResponseRateDistribution) {
  Scenario s;
  std::string events;
  const int ratings[] = {5, 4, 3, 2, 1, 5};
  for (int i = 0; i < 8; ++i) {
    const std::string t = "T" + std::to_string(i);
    events += R"({"time":"2026-11-02T10:00:00Z","ticket":")" + t +
              R"(","type":"created"})"
              "\n";
    events += R"({"time":"2026-11-02T11:00:00Z","ticket":")" + t +
              R"(","type":"survey_sent"})"
              "\n";
    if (i < 6) {
      events += R"({"time":"2026-11-02T12:00:00Z","ticket":")" + t + R"(","type":"csat","value":)" +
                std::to_string(ratings[i]) + "}\n";
    }
  }
  s.Events(events);
  const json csat = s.Totals(R"("metrics": ["csat"])")["csat"];
  // 6 responses of 8 surveys; satisfied 5,4,5 = 3; dissatisfied 2,1 = 2.
  EXPECT_EQ(csat["responses"], 6);
  EXPECT_EQ(csat["satisfied"], 3);
  EXPECT_EQ(csat["dissatisfied"], 2);
  EXPECT_DOUBLE_EQ(csat["score"].get<double>(), 50.0);
  EXPECT_EQ(csat["surveys_sent"], 8);
  EXPECT_DOUBLE_EQ(csat["response_rate"].get<double>(), 75.0);
  EXPECT_EQ(csat["distribution"], json::parse(R"({"1":1,"2":1,"3":1,"4":1,"5":2})"));
}

TEST(Csat, ThresholdAndScaleOptions) {
  Scenario s(R"({"options": {"csat_scale": 10, "csat_satisfied_min": 9,
                             "csat_dissatisfied_max": 6}})");
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"csat","value":10}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"csat","value":8}
{"time":"2026-11-02T10:03:00Z","ticket":"T1","type":"csat","value":6}
{"time":"2026-11-02T10:04:00Z","ticket":"T1","type":"csat","value":9}
)");
  const json csat = s.Totals(R"("metrics": ["csat"])")["csat"];
  EXPECT_EQ(csat["responses"], 4);
  EXPECT_EQ(csat["satisfied"], 2);     // 10, 9
  EXPECT_EQ(csat["dissatisfied"], 1);  // 6
  EXPECT_DOUBLE_EQ(csat["score"].get<double>(), 50.0);
  EXPECT_TRUE(csat["response_rate"].is_null());  // no survey_sent
  EXPECT_EQ(csat["distribution"].size(), 10u);

  // Off the default scale, or not an integer: rejected, nothing changes.
  Scenario five;
  five.Events(R"({"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"})");
  const IngestResult r = five.engine().IngestJsonl(
      R"({"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"csat","value":6}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"csat","value":4.5}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"ces","value":8}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"nps","value":11})");
  EXPECT_EQ(r.rejected, 4u);
  EXPECT_TRUE(five.Totals(R"("metrics": ["csat", "ces", "nps"])")["csat"].is_null());

  EXPECT_FALSE(Engine::Create(R"({"options": {"csat_satisfied_min": 6}})").ok());
  EXPECT_FALSE(Engine::Create(R"({"options": {"csat_dissatisfied_max": 4}})").ok());
}

TEST(CesAndNps, MeansScoresAndCounts) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"ces","value":2}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"ces","value":7}
{"time":"2026-11-02T10:01:00Z","ticket":"T1","type":"ces","value":3}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"nps","value":10}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"nps","value":9}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"nps","value":8}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"nps","value":0}
{"time":"2026-11-02T10:02:00Z","ticket":"T1","type":"nps","value":6}
)");
  const json row = s.Totals(R"("metrics": ["ces", "nps"])");
  EXPECT_EQ(row["ces"]["responses"], 3);
  EXPECT_DOUBLE_EQ(row["ces"]["mean"].get<double>(), 4.0);
  EXPECT_EQ(row["ces"]["distribution"]["7"], 1);
  // 2 promoters, 1 passive, 2 detractors of 5: 40 % - 40 % = 0.
  EXPECT_EQ(row["nps"]["promoters"], 2);
  EXPECT_EQ(row["nps"]["passives"], 1);
  EXPECT_EQ(row["nps"]["detractors"], 2);
  EXPECT_DOUBLE_EQ(row["nps"]["score"].get<double>(), 0.0);
}

TEST(RepeatContacts, SecondTicketInsideTheWindowIsARepeatOutsideItIsNot) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","customer":"c1"}
{"time":"2026-11-08T10:00:00Z","ticket":"T2","type":"created","customer":"c1"}
{"time":"2026-11-02T11:00:00Z","ticket":"U1","type":"created","customer":"c2"}
{"time":"2026-11-09T11:00:01Z","ticket":"U2","type":"created","customer":"c2"}
{"time":"2026-11-03T09:00:00Z","ticket":"V1","type":"created"}
)");
  // T2 is 6 days after T1: a repeat. U2 is 7 days and 1 s after U1: not.
  // V1 has no customer and is in no customer metric.
  json rate = s.Totals(R"("metrics": ["repeat_contact_rate"])")["repeat_contact_rate"];
  EXPECT_EQ(rate["numerator"], 1);
  EXPECT_EQ(rate["denominator"], 4);
  EXPECT_DOUBLE_EQ(rate["value"].get<double>(), 25.0);

  // A 1-day window makes T2 no repeat either.
  Scenario short_window(R"({"options": {"repeat_window": 86400}})");
  short_window.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","customer":"c1"}
{"time":"2026-11-03T10:00:00Z","ticket":"T2","type":"created","customer":"c1"}
{"time":"2026-11-08T10:00:00Z","ticket":"T3","type":"created","customer":"c1"}
)");
  rate = short_window.Totals(R"("metrics": ["repeat_contact_rate"])")["repeat_contact_rate"];
  EXPECT_EQ(rate["numerator"], 1);  // T2 (exactly 1 day: within)
  EXPECT_EQ(rate["denominator"], 3);
}

TEST(Customers, DistinctCustomersAndTicketsPerCustomer) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","customer":"c1"}
{"time":"2026-11-02T11:00:00Z","ticket":"T2","type":"created","customer":"c1"}
{"time":"2026-11-02T12:00:00Z","ticket":"T3","type":"created","customer":"c1"}
{"time":"2026-11-02T13:00:00Z","ticket":"T4","type":"created","customer":"c2"}
{"time":"2026-11-02T14:00:00Z","ticket":"T5","type":"created","customer":"c3"}
{"time":"2026-11-02T15:00:00Z","ticket":"T6","type":"created","customer":"c3"}
)");
  const json row = s.Totals(R"("metrics": ["distinct_customers", "tickets_per_customer"])");
  EXPECT_EQ(row["distinct_customers"], 3);
  const json& tpc = row["tickets_per_customer"];
  EXPECT_EQ(tpc["customers"], 3);
  EXPECT_EQ(tpc["tickets"], 6);
  EXPECT_DOUBLE_EQ(tpc["mean"].get<double>(), 2.0);
  EXPECT_EQ(tpc["max"], 3);
  EXPECT_EQ(tpc["distribution"], json::parse(R"({"1":1,"2":1,"3":1})"));
  // Per hour, each customer has one ticket.
  const json hourly = s.Report(R"({"grain": "hour", "metrics": ["tickets_per_customer"]})");
  EXPECT_EQ(hourly["rows"][0]["tickets_per_customer"]["max"], 1);
}

TEST(Customers, MergedTicketLeavesTheCustomerMetrics) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","customer":"c1","channel":"email","category":"billing"}
{"time":"2026-11-02T11:00:00Z","ticket":"T2","type":"created","customer":"c1","channel":"chat","category":"billing"}
{"time":"2026-11-02T11:05:00Z","ticket":"T2","type":"merged"}
)");
  const json row = s.Totals(
      R"("metrics": ["repeat_contact_rate", "tickets_per_customer", "channel_mix", "top_drivers"])");
  EXPECT_EQ(row["repeat_contact_rate"]["numerator"], 0);
  EXPECT_EQ(row["repeat_contact_rate"]["denominator"], 1);
  EXPECT_EQ(row["tickets_per_customer"]["tickets"], 1);
  EXPECT_EQ(row["channel_mix"]["total"], 1);
  EXPECT_EQ(row["channel_mix"]["shares"][0]["channel"], "email");
  EXPECT_EQ(row["top_drivers"]["top"][0]["count"], 1);
}

TEST(Agents, RepliesFirstReplySlowestReplyConversations) {
  Scenario s(ConfigWithOfficeHours(kAgentDay));
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created","agent":"alice"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"agent_reply","agent":"bob"}
{"time":"2026-11-02T12:00:00Z","ticket":"T1","type":"customer_message"}
{"time":"2026-11-02T12:30:00Z","ticket":"T1","type":"agent_reply","agent":"alice"}
{"time":"2026-11-02T13:00:00Z","ticket":"T2","type":"created"}
{"time":"2026-11-02T15:00:00Z","ticket":"T2","type":"agent_reply","agent":"bob"}
{"time":"2026-11-02T15:10:00Z","ticket":"T2","type":"agent_reply","agent":"bob"}
)");
  // T1 is proactive (created by alice): its first reply stops at the second
  // agent reply, alice's at 12:30 (2 h 30 min). bob answers the wait from
  // 10:00 at 11:00 (1 h) on T1 and T2's opening message after 2 h, which is
  // also T2's first reply.
  const std::string metrics = R"(["agent_replies", "conversations_per_agent"])";
  const json bob = AgentRow(s, "bob", metrics);
  EXPECT_EQ(bob["agent_replies"]["replies"], 3);
  EXPECT_EQ(bob["conversations_per_agent"], 2);
  EXPECT_EQ(bob["agent_replies"]["first_reply_time"]["calendar"]["count"], 1);
  EXPECT_DOUBLE_EQ(bob["agent_replies"]["first_reply_time"]["calendar"]["mean"].get<double>(),
                   2 * kHour);
  EXPECT_DOUBLE_EQ(bob["agent_replies"]["slowest_reply"]["calendar"].get<double>(), 2 * kHour);
  const json alice = AgentRow(s, "alice", metrics);
  EXPECT_EQ(alice["agent_replies"]["replies"], 1);
  EXPECT_EQ(alice["conversations_per_agent"], 1);
  EXPECT_DOUBLE_EQ(alice["agent_replies"]["first_reply_time"]["calendar"]["mean"].get<double>(),
                   2.5 * kHour);
  EXPECT_DOUBLE_EQ(alice["agent_replies"]["slowest_reply"]["calendar"].get<double>(), 0.5 * kHour);
}

TEST(Agents, AssignedVsSolvedAndAssignedTime) {
  Scenario s(ConfigWithOfficeHours(kAgentDay));
  s.Events(R"(
{"time":"2026-11-02T16:00:00Z","ticket":"T1","type":"created","agent":"alice"}
{"time":"2026-11-03T10:00:00Z","ticket":"T1","type":"assigned","agent":"bob"}
{"time":"2026-11-03T12:00:00Z","ticket":"T1","type":"status","status":"solved"}
{"time":"2026-11-03T13:00:00Z","ticket":"T2","type":"created"}
{"time":"2026-11-03T13:00:00Z","ticket":"T2","type":"assigned","agent":"alice"}
{"time":"2026-11-03T14:00:00Z","ticket":"T1","type":"status","status":"open"}
{"time":"2026-11-03T15:00:00Z","ticket":"T1","type":"status","status":"solved"}
)");
  const std::string metrics = R"(["assigned_vs_solved", "assigned_time"])";
  // alice: T1 Mon 16:00 -> Tue 10:00 (18 h; business 1 h + 1 h), T2 from
  // Tue 13:00, still open: assigned 2, solved 0.
  const json alice = AgentRow(s, "alice", metrics);
  EXPECT_EQ(alice["assigned_vs_solved"]["assigned"], 2);
  EXPECT_EQ(alice["assigned_vs_solved"]["solved"], 0);
  EXPECT_DOUBLE_EQ(alice["assigned_vs_solved"]["rate"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(alice["assigned_time"]["calendar"]["total"].get<double>(), 18 * kHour);
  EXPECT_DOUBLE_EQ(alice["assigned_time"]["business"]["total"].get<double>(), 2 * kHour);
  // bob: T1 Tue 10:00 -> 12:00, and after the reopen 14:00 -> 15:00; solved twice.
  const json bob = AgentRow(s, "bob", metrics);
  EXPECT_EQ(bob["assigned_vs_solved"]["assigned"], 1);
  EXPECT_EQ(bob["assigned_vs_solved"]["solved"], 2);
  EXPECT_EQ(bob["assigned_time"]["calendar"]["count"], 2);
  EXPECT_DOUBLE_EQ(bob["assigned_time"]["calendar"]["total"].get<double>(), 3 * kHour);
}

TEST(Mixes, WorkflowsDriversAndSharesThatSumTo100) {
  Scenario s(R"({"options": {"top_k": 2}})");
  std::string events;
  const char* channels[] = {"email", "email", "chat", "phone", "email", "chat", "web"};
  const char* categories[] = {"billing", "login", "billing", "refund", "billing", "login", ""};
  for (int i = 0; i < 7; ++i) {
    const std::string t = "T" + std::to_string(i);
    events += R"({"time":"2026-11-02T10:00:00Z","ticket":")" + t +
              R"(","type":"created","channel":")" + channels[i] + "\"";
    if (categories[i][0] != 0) events += std::string(R"(,"category":")") + categories[i] + "\"";
    events += "}\n";
  }
  events +=
      R"({"time":"2026-11-02T10:05:00Z","ticket":"T0","type":"workflow","workflow":"macro-refund"})"
      "\n";
  events +=
      R"({"time":"2026-11-02T10:05:00Z","ticket":"T1","type":"workflow","workflow":"macro-reset"})"
      "\n";
  events +=
      R"({"time":"2026-11-02T10:05:00Z","ticket":"T2","type":"workflow","workflow":"macro-reset"})"
      "\n";
  s.Events(events);
  const json row = s.Totals(
      R"("metrics": ["workflow_usage", "top_drivers", "channel_mix", "contact_type_mix"])");
  EXPECT_EQ(row["workflow_usage"]["total"], 3);
  EXPECT_EQ(row["workflow_usage"]["top"][0]["workflow"], "macro-reset");
  EXPECT_EQ(row["workflow_usage"]["top"][0]["count"], 2);
  // top_k 2: billing (3 of 7), login (2 of 7).
  const json& top = row["top_drivers"]["top"];
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0]["category"], "billing");
  EXPECT_NEAR(top[0]["share"].get<double>(), 300.0 / 7, 1e-9);
  EXPECT_EQ(top[1]["category"], "login");
  for (const char* mix : {"channel_mix", "contact_type_mix"}) {
    double sum = 0;
    uint64_t count = 0;
    for (const json& e : row[mix]["shares"]) {
      sum += e["share"].get<double>();
      count += e["count"].get<uint64_t>();
    }
    EXPECT_NEAR(sum, 100.0, 1e-9) << mix;
    EXPECT_EQ(count, 7u) << mix;
  }
  EXPECT_EQ(row["channel_mix"]["shares"][0]["channel"], "email");
  EXPECT_EQ(row["channel_mix"]["shares"].size(), 4u);
  // The ticket without a category is in the mix as null.
  bool none = false;
  for (const json& e : row["contact_type_mix"]["shares"]) none = none || e["category"].is_null();
  EXPECT_TRUE(none);
}

TEST(Compare, PreviousAndChangeOfCsat) {
  Scenario s;
  s.Events(R"(
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"created"}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"csat","value":5}
{"time":"2026-11-02T11:00:00Z","ticket":"T1","type":"csat","value":1}
{"time":"2026-11-03T11:00:00Z","ticket":"T1","type":"csat","value":5}
)");
  const json r = s.Report(R"({"from": "2026-11-03", "to": "2026-11-04", "grain": "all",
                              "metrics": ["csat"], "compare": "previous"})");
  const json& row = r["rows"][0];
  EXPECT_DOUBLE_EQ(row["csat"]["score"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(row["previous"]["csat"]["score"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(row["change"]["csat"]["score"]["absolute"].get<double>(), 50.0);
}

TEST(RepeatContacts, ShardsSplitByCustomerMergeExactly) {
  const std::string config = R"({"views": [{"group_by": [], "grain": "hour"}]})";
  SyntheticOptions o;
  o.tickets = 2000;
  o.seed = 5;
  o.customers_per_ticket = 0.3;  // most customers have several tickets
  auto whole = *Engine::Create(config);
  std::vector<std::unique_ptr<Engine>> shards;
  for (int i = 0; i < 2; ++i) shards.push_back(*Engine::Create(config));
  SyntheticStream all(*whole, o);
  std::vector<std::unique_ptr<SyntheticStream>> streams;
  for (auto& e : shards) streams.push_back(std::make_unique<SyntheticStream>(*e, o));
  absl::flat_hash_map<TicketKey, uint32_t> customer_of;
  std::vector<Event> batch;
  while (all.Next(batch, 1000) > 0) {
    whole->Ingest(batch);
    std::array<std::vector<Event>, 2> parts;
    for (const Event& e : batch) {
      if (e.type == EventType::kCreated) customer_of[e.ticket] = e.customer;
      parts[customer_of[e.ticket] % 2].push_back(e);
    }
    for (int i = 0; i < 2; ++i) shards[i]->Ingest(parts[i]);
    batch.clear();
  }
  auto merged = *Engine::Create(config);
  for (auto& e : shards) ASSERT_TRUE(merged->MergeSerialized(e->Serialize()).ok());
  const char* q = R"({"grain": "all", "metrics": ["repeat_contact_rate", "distinct_customers",
                      "tickets_per_customer", "channel_mix", "top_drivers"]})";
  const std::string expected = *report::RunJson(*whole, q);
  EXPECT_GT(json::parse(expected)["rows"][0]["repeat_contact_rate"]["numerator"], 0);
  EXPECT_EQ(*report::RunJson(*merged, q), expected);
}

}  // namespace
}  // namespace csm::testing
