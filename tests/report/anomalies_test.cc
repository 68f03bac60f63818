// Anomaly flags on report rows (issue 21): each count against the same bucket
// of the spike_weeks (4) weeks before, by baseline.h's rule (median; MAD x
// 1.4826 floored at sqrt(expected) and 1). Every expected value below is
// worked by hand from the events.
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "csm/engine/engine.h"
#include "csm/report/report.h"
#include "gtest/gtest.h"

namespace csm::report {
namespace {

using nlohmann::json;

// `n` tickets created in the hour starting at `hour` (UTC), one a minute.
std::string Created(int n, const std::string& hour, const std::string& channel,
                    const std::string& prefix) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    absl::StrAppend(&out,
                    absl::StrFormat(R"({"time":"%s:%02d:00Z","ticket":"%s-%d",)"
                                    R"("type":"created","channel":"%s"})",
                                    hour, i, prefix, i, channel),
                    "\n");
  }
  return out;
}

class Anomalies : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Engine>> e =
        Engine::Create(R"({"views": [{"group_by": ["channel"], "grain": "hour"}]})");
    ASSERT_TRUE(e.ok()) << e.status();
    engine_ = *std::move(e);
    // Email, Mondays 10:00: 3, 5, 4, 4 in the four weeks from 28 September,
    // then 12 on 26 October, and one ticket at 11:05 that day.
    std::string events =
        Created(3, "2026-09-28T10", "email", "e1") + Created(5, "2026-10-05T10", "email", "e2") +
        Created(4, "2026-10-12T10", "email", "e3") + Created(4, "2026-10-19T10", "email", "e4") +
        Created(12, "2026-10-26T10", "email", "e5") + Created(1, "2026-10-26T11", "email", "e6");
    // Chat starts on 19 October: 2 tickets, then 9 a week later.
    events += Created(2, "2026-10-19T10", "chat", "c4") + Created(9, "2026-10-26T10", "chat", "c5");
    // Phone, Tuesdays 14:00: 20, 22, 18, 20, then 2 on 27 October.
    events +=
        Created(20, "2026-09-29T14", "phone", "p1") + Created(22, "2026-10-06T14", "phone", "p2") +
        Created(18, "2026-10-13T14", "phone", "p3") + Created(20, "2026-10-20T14", "phone", "p4") +
        Created(2, "2026-10-27T14", "phone", "p5");
    ASSERT_EQ(engine_->IngestJsonl(events).rejected, 0u);
  }

  // "bucket [channel]" -> the row's anomalies.tickets_created.
  std::map<std::string, json> Flags(const std::string& query) {
    absl::StatusOr<std::string> r = RunJson(*engine_, query);
    EXPECT_TRUE(r.ok()) << r.status();
    std::map<std::string, json> out;
    if (!r.ok()) return out;
    const json report = json::parse(*r);
    for (const json& row : report["rows"]) {
      std::string key = row["bucket"];
      if (row.contains("channel")) key += " " + row["channel"].get<std::string>();
      out[key] = row["anomalies"]["tickets_created"];
    }
    return out;
  }

  std::unique_ptr<Engine> engine_;
};

TEST_F(Anomalies, HourRowsAgainstTheSameHourOfTheWeek) {
  const auto flags = Flags(
      R"({"grain": "hour", "from": "2026-10-26T10:00:00Z", "to": "2026-10-26T12:00:00Z",
          "group_by": ["channel"], "metrics": ["tickets_created"], "anomalies": true})");
  // Email 10:00: 12 over {4, 4, 5, 3}: median 4, deviations {0, 0, 1, 1}:
  // MAD 0.5 -> 0.74, floored at sqrt(4) = 2; score (12 - 4) / 2 = 4 > 3.
  const json& email10 = flags.at("2026-10-26T10:00:00+00:00 email");
  EXPECT_EQ(email10["expected"], 4);
  EXPECT_DOUBLE_EQ(email10["score"].get<double>(), 4.0);
  EXPECT_EQ(email10["flag"], "high");
  // Email 11:00: 1 over four quiet hours {0, 0, 0, 0} (quiet is 0, not
  // missing): spread floored at 1, score 1, no flag.
  EXPECT_EQ(flags.at("2026-10-26T11:00:00+00:00 email"),
            json::parse(R"({"expected": 0, "score": 1, "flag": null})"));
  // Chat began on 19 October: one week of baseline (2 tickets); the weeks
  // before its first ticket are no baseline, so no score.
  const json no_score = json::parse(R"({"expected": null, "score": null, "flag": null})");
  EXPECT_EQ(flags.at("2026-10-26T10:00:00+00:00 chat"), no_score);
  EXPECT_EQ(flags.at("2026-10-26T11:00:00+00:00 chat"), no_score);
}

TEST_F(Anomalies, DayRowsAgainstTheSameWeekdayBothWays) {
  const auto flags = Flags(R"({"grain": "day", "from": "2026-10-26", "to": "2026-10-29",
                "metrics": ["tickets_created"], "anomalies": true})");
  ASSERT_EQ(flags.size(), 3u);
  // Monday 26 October: 12 + 1 + 9 = 22 over the Mondays before: 19 Oct 4 + 2
  // = 6, 12 Oct 4, 5 Oct 5, 28 Sep 3. Median 4.5; deviations {1.5, 0.5, 0.5,
  // 1.5}: MAD 1 -> 1.4826, floored at sqrt(4.5) = 2.1213; score 17.5 / 2.1213.
  const json& monday = flags.at("2026-10-26");
  EXPECT_EQ(monday["expected"], 4.5);
  EXPECT_NEAR(monday["score"].get<double>(), 17.5 / std::sqrt(4.5), 1e-9);
  EXPECT_EQ(monday["flag"], "high");
  // Tuesday 27 October: 2 over {20, 18, 22, 20}: median 20, deviations {0,
  // 2, 2, 0}: MAD 1 -> 1.4826, floored at sqrt(20) = 4.4721; score -18 /
  // 4.4721 = -4.02 < -3.
  const json& tuesday = flags.at("2026-10-27");
  EXPECT_EQ(tuesday["expected"], 20);
  EXPECT_NEAR(tuesday["score"].get<double>(), -18 / std::sqrt(20.0), 1e-9);
  EXPECT_EQ(tuesday["flag"], "low");
  // Wednesday: no ticket on any Wednesday: 0 against {0, 0, 0, 0}.
  EXPECT_EQ(flags.at("2026-10-28"), json::parse(R"({"expected": 0, "score": 0, "flag": null})"));
}

TEST_F(Anomalies, SpikeWeeksBoundsTheBaseline) {
  // Two weeks only: Monday 22 over {6, 4}: median 5, deviations {1, 1}: MAD
  // 1 -> 1.4826, floored at sqrt(5) = 2.2361; score 17 / 2.2361 = 7.6.
  absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(R"({"options": {"spike_weeks": 2}})");
  ASSERT_TRUE(e.ok()) << e.status();
  std::string events = Created(4, "2026-10-12T10", "email", "a") +
                       Created(6, "2026-10-19T10", "email", "b") +
                       Created(22, "2026-10-26T10", "email", "c") +
                       // Three weeks back: outside the baseline.
                       Created(50, "2026-10-05T10", "email", "d");
  ASSERT_EQ((*e)->IngestJsonl(events).rejected, 0u);
  absl::StatusOr<std::string> r =
      RunJson(**e, R"({"grain": "day", "from": "2026-10-26", "to": "2026-10-27",
                       "metrics": ["tickets_created"], "anomalies": true})");
  ASSERT_TRUE(r.ok()) << r.status();
  const json a = json::parse(*r)["rows"][0]["anomalies"]["tickets_created"];
  EXPECT_EQ(a["expected"], 5);
  EXPECT_NEAR(a["score"].get<double>(), 17 / std::sqrt(5.0), 1e-9);
  EXPECT_EQ(a["flag"], "high");
}

}  // namespace
}  // namespace csm::report
