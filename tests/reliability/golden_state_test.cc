// Pinned engine states (docs/reliability.md "Pinned state format"): engine
// states written by the build that pinned the format, checked in under
// tests/reliability/golden/, must be read by every later build and report
// the same numbers.
//
// Each pinned state is three files: <name>.bin (the bytes of
// Engine::Serialize), <name>.config.json (the config its engine was created
// with) and <name>.reports.json ([{"query": …, "report": …}]: what it
// reported when pinned). A later build restores the bytes into an engine of
// that config and runs each query; every value the pinned report holds must
// be in the new report, unchanged (a metric added later may add keys).
//
// A format change must keep reading these files; a new format version pins
// its own states beside them (never overwriting older ones):
//   CSM_WRITE_GOLDEN_STATES=$PWD/tests/reliability/golden
//     build/dev/tests/csm_reliability_test --gtest_filter='GoldenState.*'
// (one command line)
// writes state-v<current version>-*.{bin,config.json,reports.json} from the
// bundled examples data (ServiceNow incident log) and from a mixed stream
// (calls, agent states, ratings, SLA policies).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_state.h"
#include "csm/io/engine_feed.h"
#include "csm/io/event_writer.h"
#include "csm/io/import/importer.h"
#include "csm/io/mapped_file.h"
#include "csm/io/timestamp.h"
#include "csm/report/report.h"
#include "tests/fuzz/fuzz_live_engine.h"

namespace csm {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kGoldenDir = fs::path(CSM_SOURCE_DIR) / "tests/reliability/golden";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  ASSERT_FALSE(fs::exists(path)) << path << " is pinned: never overwrite a pinned state";
  std::ofstream(path, std::ios::binary) << bytes;
}

// Every value of `pinned` is in `now`: objects key by key (extra keys in
// `now` allowed), arrays element by element, everything else equal. On a
// difference, `where` says where.
bool Holds(const json& now, const json& pinned, const std::string& path, std::string* where) {
  if (pinned.is_object()) {
    if (!now.is_object()) return *where = path, false;
    for (auto it = pinned.begin(); it != pinned.end(); ++it) {
      if (!now.contains(it.key())) return *where = path + "." + it.key() + " (missing)", false;
      if (!Holds(now[it.key()], *it, path + "." + it.key(), where)) return false;
    }
    return true;
  }
  if (pinned.is_array()) {
    if (!now.is_array() || now.size() != pinned.size()) return *where = path + " (size)", false;
    for (size_t i = 0; i < pinned.size(); ++i) {
      if (!Holds(now[i], pinned[i], path + "[" + std::to_string(i) + "]", where)) return false;
    }
    return true;
  }
  if (now != pinned) return *where = path + ": " + now.dump() + " != " + pinned.dump(), false;
  return true;
}

// The queries each pinned state answers.
const char* const kQueries[] = {
    R"({"grain": "all"})",
    R"({"grain": "month"})",
    R"({"group_by": ["agent"], "grain": "all"})",
    R"({"group_by": ["group"], "grain": "all"})",
};

// Writes one pinned state of the current format version.
void Pin(const std::string& name, const std::string& config, const std::string& jsonl) {
  auto engine = Engine::Create(config);
  ASSERT_TRUE(engine.ok()) << engine.status();
  absl::StatusOr<io::FeedResult> fed = io::FeedEvents(jsonl, **engine);
  ASSERT_TRUE(fed.ok()) << fed.status();
  json reports = json::array();
  for (const char* query : kQueries) {
    absl::StatusOr<std::string> report = report::RunJson(**engine, query);
    ASSERT_TRUE(report.ok()) << query << ": " << report.status();
    reports.push_back({{"query", json::parse(query)}, {"report", json::parse(*report)}});
  }
  const std::string stem = "state-v" + std::to_string(kStateFormatVersion) + "-" + name;
  WriteFile(kGoldenDir / (stem + ".bin"), (*engine)->Serialize());
  WriteFile(kGoldenDir / (stem + ".config.json"), json::parse(config).dump(2) + "\n");
  WriteFile(kGoldenDir / (stem + ".reports.json"), reports.dump() + "\n");
}

// The ServiceNow incident log (examples/data) as `csm import` writes it.
std::string IncidentLogJsonl() {
  absl::StatusOr<io::MappedFile> data =
      io::MappedFile::Open(std::string(CSM_SOURCE_DIR) + "/examples/data/incident_event_log.csv");
  EXPECT_TRUE(data.ok()) << data.status();
  if (!data.ok()) return {};
  io::ImportOptions options;
  io::ImportStats stats;
  io::TimeSortedJsonl sorted(*io::Zone::Find(io::ImportZoneName("servicenow", options)));
  // The first 500 lines (about a hundred incidents, the last perhaps cut
  // short): enough to pin every part of a ticket stream, small enough to
  // check in.
  std::string_view text = data->data();
  size_t end = 0;
  for (int line = 0; line < 500 && end != std::string_view::npos; ++line) {
    end = text.find('\n', end == 0 ? 0 : end + 1);
  }
  if (end != std::string_view::npos) text = text.substr(0, end + 1);
  const absl::Status s = io::ImportEvents(
      "servicenow", text, options, [&](const io::EventRecord& e) { sorted.Add(e); }, &stats);
  EXPECT_TRUE(s.ok()) << s;
  std::string jsonl;
  sorted.ForEachSorted([&](std::string_view line) { jsonl.append(line); });
  return jsonl;
}

void PinCurrentFormat() {
  json servicenow =
      json::parse(ReadFile(fs::path(CSM_SOURCE_DIR) / "examples/data/servicenow_engine.json"));
  servicenow["calendars"] = {
      {"default",
       json::parse(ReadFile(fs::path(CSM_SOURCE_DIR) / "examples/data/servicenow_calendar.json"))}};
  servicenow["views"] = json::parse(R"([{"group_by": [], "grain": "month"},
                                        {"group_by": ["agent"], "grain": "all"},
                                        {"group_by": ["group"], "grain": "all"}])");
  Pin("servicenow", servicenow.dump(), IncidentLogJsonl());

  json mixed = json::parse(fuzz::kConfig);
  mixed["views"] = json::parse(R"([{"group_by": [], "grain": "month"},
                                   {"group_by": ["agent"], "grain": "all"},
                                   {"group_by": ["group"], "grain": "all"}])");
  mixed["sla_policies"] = fuzz::NewLiveEngine()->config().ToJson()["sla_policies"];
  Pin("mixed", mixed.dump(), std::string(fuzz::kEvents));
}

TEST(GoldenState, PinnedStatesReadAndReportTheSame) {
  if (const char* dir = std::getenv("CSM_WRITE_GOLDEN_STATES")) {
    ASSERT_EQ(fs::path(dir), kGoldenDir) << "write into " << kGoldenDir;
    PinCurrentFormat();
  }
  int pinned = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(kGoldenDir)) {
    if (entry.path().extension() != ".bin") continue;
    ++pinned;
    const fs::path stem = entry.path().parent_path() / entry.path().stem();
    SCOPED_TRACE(stem.filename().string());
    auto engine = Engine::Create(ReadFile(stem.string() + ".config.json"));
    ASSERT_TRUE(engine.ok()) << engine.status();
    const absl::Status merged = (*engine)->MergeSerialized(ReadFile(entry.path()));
    ASSERT_TRUE(merged.ok()) << merged
                             << " (a pinned state must stay readable: docs/reliability.md)";
    for (const json& pinned_report : json::parse(ReadFile(stem.string() + ".reports.json"))) {
      const std::string query = pinned_report["query"].dump();
      absl::StatusOr<std::string> now = report::RunJson(**engine, query);
      ASSERT_TRUE(now.ok()) << query << ": " << now.status();
      std::string where;
      EXPECT_TRUE(Holds(json::parse(*now), pinned_report["report"], "report", &where))
          << query << ": " << where;
    }
  }
  EXPECT_GE(pinned, 2) << "no pinned states in " << kGoldenDir;
}

}  // namespace
}  // namespace csm
