// Test helper: an engine fed JSONL and asked JSON reports, so scenarios read
// like the events and reports a user writes.
#ifndef CSM_TESTS_ENGINE_SCENARIO_H_
#define CSM_TESTS_ENGINE_SCENARIO_H_

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "csm/engine/engine.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/report/report.h"
#include "gtest/gtest.h"

namespace csm::testing {

// Mon–Fri 09:00–17:00 UTC: the business calendar of the scenarios.
inline constexpr std::string_view kOfficeHours =
    R"({"timezone": "UTC", "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]],
        "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}})";

inline std::string ConfigWithOfficeHours(std::string_view extra = "") {
  std::string config = "{\"calendars\": {\"default\": " + std::string(kOfficeHours) + "}";
  if (!extra.empty()) config += ", " + std::string(extra);
  return config + "}";
}

class Scenario {
 public:
  explicit Scenario(std::string_view config = "{}") {
    absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(config);
    EXPECT_TRUE(e.ok()) << e.status();
    if (e.ok()) engine_ = *std::move(e);
  }

  Engine& engine() { return *engine_; }

  // Ingests JSONL and expects every line to be accepted.
  void Events(std::string_view jsonl) {
    const IngestResult r = engine_->IngestJsonl(jsonl);
    EXPECT_EQ(r.rejected, 0u)
        << "first rejected line: "
        << (r.first_rejections.empty() ? -1 : static_cast<int64_t>(r.first_rejections[0].index))
        << " reason "
        << (r.first_rejections.empty() ? "" : RejectReasonName(r.first_rejections[0].reason));
  }

  nlohmann::json Report(std::string_view query) {
    absl::StatusOr<std::string> text = report::RunJson(*engine_, query);
    EXPECT_TRUE(text.ok()) << text.status();
    if (!text.ok()) return nullptr;
    return nlohmann::json::parse(*text);
  }

  // The totals row of a query (grain all, no group-by) for `metrics`.
  nlohmann::json Totals(std::string_view extra = "") {
    std::string q = R"({"grain": "all")";
    if (!extra.empty()) q += ", " + std::string(extra);
    q += "}";
    nlohmann::json r = Report(q);
    EXPECT_EQ(r["rows"].size(), 1u) << r.dump();
    return r["rows"].empty() ? nlohmann::json() : r["rows"][0];
  }

 private:
  std::unique_ptr<Engine> engine_;
};

constexpr double kHour = 3600;
constexpr double kMinute = 60;

// Ingests one JSON line that must be rejected; returns the reason.
inline RejectReason OnlyRejection(Engine& e, std::string_view line) {
  const IngestResult r = e.IngestJsonl(line);
  EXPECT_EQ(r.accepted, 0u) << line;
  EXPECT_EQ(r.rejected, 1u) << line;
  return r.first_rejections.empty() ? RejectReason::kMalformed : r.first_rejections[0].reason;
}

}  // namespace csm::testing

#endif  // CSM_TESTS_ENGINE_SCENARIO_H_
