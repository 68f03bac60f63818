// Agent report through the C++ API: two engines (two shards of one ticket
// stream, split by ticket), one merged into the other, then a report of
// first reply and resolution times per agent, in calendar and business hours
// (Mon-Fri 09:00-17:00 New York).
//
// The C++ API links the static library (csmetrics::csmetrics_static; the
// shared library exports the C ABI only):
//   find_package(csmetrics) ... target_link_libraries(app csmetrics::csmetrics_static)
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/report/report.h"
#include "csm/version.h"

namespace {

constexpr const char kConfig[] = R"({
  "calendars": {"default": {"timezone": "America/New_York",
    "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
               "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
  "views": [{"group_by": ["agent"], "grain": "all"}]
})";

// Shard 1 holds ticket T1, shard 2 ticket T2: disjoint tickets merge exactly.
constexpr const char kShard1[] = R"(
{"time":"2026-03-06T20:30:00Z","ticket":"T1","type":"created","channel":"email"}
{"time":"2026-03-06T20:40:00Z","ticket":"T1","type":"assigned","agent":"ana"}
{"time":"2026-03-09T14:00:00Z","ticket":"T1","type":"agent_reply","agent":"ana"}
{"time":"2026-03-09T15:00:00Z","ticket":"T1","type":"status","status":"solved"}
)";
constexpr const char kShard2[] = R"(
{"time":"2026-03-09T13:00:00Z","ticket":"T2","type":"created","channel":"chat"}
{"time":"2026-03-09T13:05:00Z","ticket":"T2","type":"assigned","agent":"ben"}
{"time":"2026-03-09T13:35:00Z","ticket":"T2","type":"agent_reply","agent":"ben"}
{"time":"2026-03-09T16:05:00Z","ticket":"T2","type":"status","status":"solved"}
)";

constexpr const char kQuery[] = R"({
  "group_by": ["agent"],
  "metrics": ["first_reply_time", "first_resolution_time"]
})";

std::unique_ptr<csm::Engine> EngineWith(const char* events) {
  absl::StatusOr<std::unique_ptr<csm::Engine>> engine = csm::Engine::Create(kConfig);
  if (!engine.ok()) {
    std::fprintf(stderr, "config: %s\n", std::string(engine.status().message()).c_str());
    return nullptr;
  }
  const csm::IngestResult result = (*engine)->IngestJsonl(events);
  std::printf("ingested %llu events, %llu rejected\n",
              static_cast<unsigned long long>(result.accepted),
              static_cast<unsigned long long>(result.rejected));
  return result.rejected == 0 ? std::move(*engine) : nullptr;
}

// A duration summary's mean in hours ("-" when there is none).
std::string MeanHours(const nlohmann::json& duration, const char* clock) {
  if (!duration.is_object()) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f h", duration[clock]["mean"].get<double>() / 3600.0);
  return text;
}

}  // namespace

int main() {
  std::printf("csmetrics %s (C++ API, static library)\n", CSM_VERSION_STRING);
  std::unique_ptr<csm::Engine> engine = EngineWith(kShard1);
  std::unique_ptr<csm::Engine> shard = EngineWith(kShard2);
  if (engine == nullptr || shard == nullptr) return 1;

  // What a second process would send: the shard's state as bytes.
  const absl::Status merged = engine->MergeSerialized(shard->Serialize());
  if (!merged.ok()) {
    std::fprintf(stderr, "merge: %s\n", std::string(merged.message()).c_str());
    return 1;
  }

  const absl::StatusOr<std::string> report = csm::report::RunJson(*engine, kQuery);
  if (!report.ok()) {
    std::fprintf(stderr, "report: %s\n", std::string(report.status().message()).c_str());
    return 1;
  }
  // One row per agent (and one for tickets before any assignment: agent null).
  const nlohmann::json rows = nlohmann::json::parse(*report)["rows"];
  std::printf("%-6s %20s %20s\n", "agent", "first reply (mean)", "resolution (mean)");
  std::printf("%-6s %9s %10s %9s %10s\n", "", "calendar", "business", "calendar", "business");
  for (const nlohmann::json& row : rows) {
    if (row["agent"].is_null()) continue;
    std::printf("%-6s %9s %10s %9s %10s\n", row["agent"].get<std::string>().c_str(),
                MeanHours(row["first_reply_time"], "calendar").c_str(),
                MeanHours(row["first_reply_time"], "business").c_str(),
                MeanHours(row["first_resolution_time"], "calendar").c_str(),
                MeanHours(row["first_resolution_time"], "business").c_str());
  }
  return 0;
}
