// The queue wallboard (kind "queue"): contacts waiting and agents by state
// now, today's figures since local midnight in the config's zone. The day is
// Monday 2026-11-02 in New York (UTC-5); every expected value is worked out
// in the comments.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "csm/engine/engine.h"
#include "csm/live/live_query.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/iso8601.h"
#include "csm/report/report.h"
#include "nlohmann/json.hpp"

namespace csm::live {
namespace {

using nlohmann::json;

constexpr std::string_view kConfig = R"({"timezone": "America/New_York",
  "views": [{"group_by": ["group"], "grain": "hour", "timezone": "UTC"}]})";

// Yesterday (local) one answered call; today C1 answered after 10 s, C2
// abandoned after 60 s, C3 and C5 waiting in tier1, C4 waiting in tier2.
constexpr std::string_view kEvents =
    R"({"time":"2026-11-01T20:00:00-05:00","ticket":"C0","type":"created","channel":"phone"}
{"time":"2026-11-01T20:00:00-05:00","ticket":"C0","type":"queued","group":"tier1"}
{"time":"2026-11-01T20:00:05-05:00","ticket":"C0","type":"answered","agent":"alice"}
{"time":"2026-11-01T20:03:00-05:00","ticket":"C0","type":"ended"}
{"time":"2026-11-02T09:00:00-05:00","type":"agent_state","agent":"bob","status":"busy","group":"tier2"}
{"time":"2026-11-02T09:00:00-05:00","type":"agent_state","agent":"carol","status":"offline","group":"tier1"}
{"time":"2026-11-02T09:00:00-05:00","ticket":"C1","type":"created","channel":"phone"}
{"time":"2026-11-02T09:00:00-05:00","ticket":"C1","type":"queued","group":"tier1"}
{"time":"2026-11-02T09:00:10-05:00","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T09:05:00-05:00","ticket":"C1","type":"ended"}
{"time":"2026-11-02T09:06:00-05:00","ticket":"C1","type":"wrapup_end","agent":"alice"}
{"time":"2026-11-02T09:06:00-05:00","type":"agent_state","agent":"alice","status":"available","group":"tier1"}
{"time":"2026-11-02T09:10:00-05:00","ticket":"C2","type":"created","channel":"phone"}
{"time":"2026-11-02T09:10:00-05:00","ticket":"C2","type":"queued","group":"tier1"}
{"time":"2026-11-02T09:11:00-05:00","ticket":"C2","type":"abandoned"}
{"time":"2026-11-02T09:20:00-05:00","ticket":"C3","type":"created","channel":"phone"}
{"time":"2026-11-02T09:20:00-05:00","ticket":"C3","type":"queued","group":"tier1"}
{"time":"2026-11-02T09:25:00-05:00","ticket":"C4","type":"created","channel":"phone"}
{"time":"2026-11-02T09:25:00-05:00","ticket":"C4","type":"queued","group":"tier2"}
{"time":"2026-11-02T09:28:00-05:00","ticket":"C5","type":"created","channel":"phone"}
{"time":"2026-11-02T09:28:00-05:00","ticket":"C5","type":"queued","group":"tier1"}
)";

Instant At(std::string_view iso) {
  absl::StatusOr<Instant> t = ParseIsoInstant(iso);
  EXPECT_TRUE(t.ok()) << iso;
  return t.value_or(Instant{});
}

std::unique_ptr<Engine> NewEngine(std::string_view config = kConfig) {
  auto engine = Engine::Create(config);
  EXPECT_TRUE(engine.ok()) << engine.status();
  const IngestResult r = (*engine)->IngestJsonl(kEvents);
  EXPECT_EQ(r.rejected, 0u);
  return *std::move(engine);
}

json Answer(const Engine& engine, std::string_view query, std::string_view now) {
  absl::StatusOr<std::string> text = RunLiveJson(engine, query, At(now));
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? json::parse(*text) : json();
}

// Instants are written with their zone's offset everywhere, "+00:00" for
// UTC (docs/metrics.md §8, docs/sla.md "Answers"): a live answer in a UTC
// engine writes "now" as a report writes its bounds and an hour's start.
// (Only the event lines `csm import` writes use "Z".)
TEST(QueueAnswer, UtcInstantsAreWrittenAsReportsWriteThem) {
  auto engine = NewEngine(R"({"views": [{"group_by": [], "grain": "hour"}]})");
  const json a = Answer(*engine, R"({"kind": "queue"})", "2026-11-02T15:00:00Z");
  EXPECT_EQ(a["now"], "2026-11-02T15:00:00+00:00");
  EXPECT_EQ(a["since"], "2026-11-02T00:00:00+00:00");
  absl::StatusOr<std::string> text = report::RunJson(
      *engine,
      R"({"grain": "hour", "from": "2026-11-02T15:00:00Z", "to": "2026-11-02T16:00:00Z"})");
  ASSERT_TRUE(text.ok()) << text.status();
  const json r = json::parse(*text);
  EXPECT_EQ(r["from"], a["now"]);
  ASSERT_EQ(r["rows"].size(), 1u) << r.dump();
  EXPECT_EQ(r["rows"][0]["bucket"], a["now"]);
}

TEST(QueueAnswer, ByGroup) {
  auto engine = NewEngine();
  const json a =
      Answer(*engine, R"({"kind": "queue", "group_by": ["group"]})", "2026-11-02T09:30:00-05:00");
  EXPECT_EQ(a["now"], "2026-11-02T09:30:00-05:00");
  EXPECT_EQ(a["since"], "2026-11-02T00:00:00-05:00");
  EXPECT_EQ(a["timezone"], "America/New_York");
  ASSERT_EQ(a["rows"].size(), 2u) << a.dump();
  const json& tier1 = a["rows"][0];
  EXPECT_EQ(tier1["group"], "tier1");
  // C3 (09:20) and C5 (09:28) wait; C3 longest: 09:30 - 09:20 = 600 s.
  EXPECT_EQ(tier1["waiting"], json::parse(R"({"count": 2, "longest_wait": 600.0,
                                             "oldest_queued": "2026-11-02T09:20:00-05:00"})"));
  // alice available; carol offline is not on the board.
  EXPECT_EQ(tier1["agents"],
            json::parse(R"({"available": 1, "busy": 0, "after_call": 0, "away": 0})"));
  // Offered today: C1, C2 (C0 was yesterday; C3, C5 still wait but were
  // offered too: contacts_queued counts at the queued instant) = 4.
  // Answered C1; abandoned C2. Service level: C1 within 20 s / (C1 + C2
  // abandoned after 60 s > 20 s) = 50 %. Speed of answer: C1's 10 s.
  EXPECT_EQ(tier1["today"], json::parse(R"({"offered": 4, "answered": 1, "abandoned": 1,
                                           "service_level": 50.0,
                                           "average_speed_of_answer": 10.0})"));
  const json& tier2 = a["rows"][1];
  EXPECT_EQ(tier2["group"], "tier2");
  // C4 since 09:25: 300 s. bob busy. Offered C4; nothing ended: no rate.
  EXPECT_EQ(tier2["waiting"]["count"], 1);
  EXPECT_EQ(tier2["waiting"]["longest_wait"], 300.0);
  EXPECT_EQ(tier2["agents"]["busy"], 1);
  EXPECT_EQ(tier2["today"], json::parse(R"({"offered": 1, "answered": 0, "abandoned": 0,
                                           "service_level": null,
                                           "average_speed_of_answer": null})"));
}

TEST(QueueAnswer, OneRowWithoutGroupBy) {
  auto engine = NewEngine();
  const json a = Answer(*engine, R"({"kind": "queue"})", "2026-11-02T09:30:00.250-05:00");
  ASSERT_EQ(a["rows"].size(), 1u);
  const json& row = a["rows"][0];
  EXPECT_EQ(row["waiting"]["count"], 3);
  EXPECT_EQ(row["waiting"]["longest_wait"], 600.25);
  EXPECT_EQ(row["agents"]["available"], 1);
  EXPECT_EQ(row["agents"]["busy"], 1);
  EXPECT_EQ(row["today"]["offered"], 5);
  EXPECT_EQ(row["today"]["answered"], 1);
}

TEST(QueueAnswer, TodayStartsAtLocalMidnight) {
  auto engine = NewEngine();
  // 00:30 the next local day (05:30 UTC): nothing offered yet today; the
  // three contacts still wait (C3 since 09:20 the day before: 15 h 10 min).
  const json a = Answer(*engine, R"({"kind": "queue"})", "2026-11-03T00:30:00-05:00");
  EXPECT_EQ(a["since"], "2026-11-03T00:00:00-05:00");
  const json& row = a["rows"][0];
  EXPECT_EQ(row["today"]["offered"], 0);
  EXPECT_EQ(row["today"]["service_level"], nullptr);
  EXPECT_EQ(row["waiting"]["count"], 3);
  EXPECT_EQ(row["waiting"]["longest_wait"], 15 * 3600.0 + 600);
}

TEST(QueueAnswer, QuietBoardStillHasItsRow) {
  auto engine = Engine::Create(kConfig);
  ASSERT_TRUE(engine.ok());
  const json a = Answer(**engine, R"({"kind": "queue"})", "2026-11-02T09:30:00-05:00");
  ASSERT_EQ(a["rows"].size(), 1u);
  EXPECT_EQ(a["rows"][0]["waiting"],
            json::parse(R"({"count": 0, "longest_wait": null, "oldest_queued": null})"));
  EXPECT_EQ(a["rows"][0]["today"]["offered"], 0);
}

TEST(QueueAnswer, NeedsAViewForToday) {
  // Days in UTC do not start at New York's midnight.
  auto engine = NewEngine(R"({"timezone": "America/New_York",
      "views": [{"group_by": ["group"], "grain": "day", "timezone": "UTC"}]})");
  absl::StatusOr<std::string> a =
      RunLiveJson(*engine, R"({"kind": "queue"})", At("2026-11-02T09:30:00-05:00"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(AsStd(a.status().message()).find("today's figures"), std::string_view::npos);
}

TEST(QueueAnswer, NowBeforeTheClockIsOutOfRange) {
  auto engine = NewEngine();
  // The latest event is at 09:28.
  absl::StatusOr<std::string> a =
      RunLiveJson(*engine, R"({"kind": "queue"})", At("2026-11-02T09:27:59-05:00"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(AsStd(a.status().message()).find("earlier than the engine's clock"),
            std::string_view::npos);
  EXPECT_TRUE(RunLiveJson(*engine, R"({"kind": "queue"})", At("2026-11-02T09:28:00-05:00")).ok());
}

TEST(QueueAnswer, ChangesNothing) {
  auto engine = NewEngine();
  const std::string before = engine->Serialize();
  Answer(*engine, R"({"kind": "queue", "group_by": ["group"]})", "2026-11-02T12:00:00-05:00");
  EXPECT_EQ(engine->Serialize(), before);
  EXPECT_EQ(engine->watermark(), At("2026-11-02T09:28:00-05:00"));
}

// The filter keeps the contacts waiting in, the agents of and today's
// figures of the named values: tier1's row of ByGroup, as one row.
TEST(QueueAnswer, FilterKeepsOnlyTheNamedValues) {
  auto engine = NewEngine();
  const json a = Answer(*engine, R"({"kind": "queue", "filter": {"group": "tier1"}})",
                        "2026-11-02T09:30:00-05:00");
  ASSERT_EQ(a["rows"].size(), 1u) << a.dump();
  const json& row = a["rows"][0];
  // C3 and C5 wait in tier1 (C4 in tier2 is filtered out).
  EXPECT_EQ(row["waiting"]["count"], 2);
  EXPECT_EQ(row["waiting"]["longest_wait"], 600.0);
  // alice (tier1) available; bob (tier2, busy) filtered out.
  EXPECT_EQ(row["agents"],
            json::parse(R"({"available": 1, "busy": 0, "after_call": 0, "away": 0})"));
  EXPECT_EQ(row["today"], json::parse(R"({"offered": 4, "answered": 1, "abandoned": 1,
                                         "service_level": 50.0,
                                         "average_speed_of_answer": 10.0})"));
  // With group_by: only the rows of the filtered values.
  const json by_group = Answer(
      *engine, R"({"kind": "queue", "group_by": ["group"], "filter": {"group": ["tier2", "x"]}})",
      "2026-11-02T09:30:00-05:00");
  ASSERT_EQ(by_group["rows"].size(), 1u) << by_group.dump();
  EXPECT_EQ(by_group["rows"][0]["group"], "tier2");
  EXPECT_EQ(by_group["rows"][0]["waiting"]["count"], 1);
  EXPECT_EQ(by_group["rows"][0]["today"]["offered"], 1);
  // A value the engine never saw matches nothing: the one row, all zero.
  const json none = Answer(*engine, R"({"kind": "queue", "filter": {"group": "nobody"}})",
                           "2026-11-02T09:30:00-05:00");
  ASSERT_EQ(none["rows"].size(), 1u);
  EXPECT_EQ(none["rows"][0]["waiting"]["count"], 0);
  EXPECT_EQ(none["rows"][0]["agents"]["available"], 0);
  EXPECT_EQ(none["rows"][0]["today"]["offered"], 0);
  // A filter on a dimension no view holds: today's figures cannot be answered.
  absl::StatusOr<std::string> no_view =
      RunLiveJson(*engine, R"({"kind": "queue", "filter": {"channel": "phone"}})",
                  At("2026-11-02T09:30:00-05:00"));
  ASSERT_FALSE(no_view.ok());
  EXPECT_EQ(no_view.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace csm::live
