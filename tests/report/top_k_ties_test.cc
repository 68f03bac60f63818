// Ranked lists (top_drivers, workflow_usage, channel_mix, contact_type_mix,
// abandonment_by_step's steps) break ties by name, so one engine, sharded
// engines and states merged in any order give the same report — even though
// each of them interns the names in a different order (docs/metrics.md).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "csm/engine/engine.h"
#include "csm/engine/sharded_engine.h"
#include "csm/report/report.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace csm {
namespace {

using ojson = nlohmann::ordered_json;

constexpr std::string_view kConfig = R"({
  "views": [{"group_by": [], "grain": "all"}],
  "options": {"top_k": 2}})";

constexpr std::string_view kQuery = R"({"grain": "all", "metrics": ["top_drivers",
  "workflow_usage", "channel_mix", "contact_type_mix", "abandonment_by_step"]})";

// Names first seen in the reverse of their name order ("z…" before "a…"):
// every category, workflow, channel and step is used equally often, so
// every rank is a tie. `first_half` / `second_half`: the halves of the
// stream, the second seeing the names in the opposite order.
std::string Events(bool first_half, bool second_half) {
  const char* categories[] = {"zeta", "mid", "alpha"};
  const char* workflows[] = {"w-zz", "w-mm", "w-aa"};
  const char* channels[] = {"web", "phone", "chat"};
  const char* steps[] = {"z-menu", "m-menu", "a-menu"};
  std::string out;
  for (int t = 0; t < 12; ++t) {
    const bool first = t < 6;
    if ((first && !first_half) || (!first && !second_half)) continue;
    // The second half walks the names the other way round.
    const int i = first ? t % 3 : 2 - t % 3;
    const int64_t ms = 1'790'000'000'000 + int64_t{t} * 60'000;
    absl::StrAppend(&out, R"({"time": )", ms, R"(, "type": "created", "ticket": "T)", t,
                    R"(", "customer": "cust-)", t, R"(", "category": ")", categories[i],
                    R"(", "channel": ")", channels[i], "\"}\n");
    absl::StrAppend(&out, R"({"time": )", ms + 1000, R"(, "type": "workflow", "ticket": "T)", t,
                    R"(", "workflow": ")", workflows[i], "\"}\n");
    absl::StrAppend(&out, R"({"time": )", ms + 2000, R"(, "type": "ivr", "ticket": "T)", t,
                    R"(", "step": ")", steps[i], "\"}\n");
    absl::StrAppend(&out, R"({"time": )", ms + 3000, R"(, "type": "abandoned", "ticket": "T)", t,
                    "\"}\n");
  }
  return out;
}

std::string Report(const Engine& engine) {
  absl::StatusOr<std::string> r = report::RunJson(engine, kQuery);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : "";
}

std::unique_ptr<Engine> OneEngine(const std::string& events) {
  std::unique_ptr<Engine> engine = *Engine::Create(kConfig);
  EXPECT_EQ(engine->IngestJsonl(events).rejected, 0u);
  return engine;
}

std::vector<std::string> Names(const ojson& list, const char* label) {
  std::vector<std::string> names;
  for (const ojson& item : list) names.push_back(item[label].get<std::string>());
  return names;
}

TEST(TopKTies, BrokenByNameNotByInterningOrder) {
  const ojson row = ojson::parse(Report(*OneEngine(Events(true, true))))["rows"][0];
  // top_k 2 of three tied categories / workflows: the first two by name.
  EXPECT_EQ(Names(row["top_drivers"]["top"], "category"),
            (std::vector<std::string>{"alpha", "mid"}));
  EXPECT_EQ(Names(row["workflow_usage"]["top"], "workflow"),
            (std::vector<std::string>{"w-aa", "w-mm"}));
  EXPECT_EQ(Names(row["channel_mix"]["shares"], "channel"),
            (std::vector<std::string>{"chat", "phone", "web"}));
  EXPECT_EQ(Names(row["contact_type_mix"]["shares"], "category"),
            (std::vector<std::string>{"alpha", "mid", "zeta"}));
  std::vector<std::string> steps;
  for (const auto& [step, n] : row["abandonment_by_step"]["steps"].items()) steps.push_back(step);
  EXPECT_EQ(steps, (std::vector<std::string>{"a-menu", "m-menu", "z-menu"}));
}

TEST(TopKTies, ShardedEnginesReportAsOneEngine) {
  const std::string events = Events(true, true);
  const std::string expected = Report(*OneEngine(events));
  for (int shards : {1, 2, 4}) {
    std::unique_ptr<ShardedEngine> sharded = *ShardedEngine::Create(kConfig, shards);
    sharded->IngestJsonl(events);
    absl::StatusOr<ShardedEngine::Finished> done = sharded->Finish();
    ASSERT_TRUE(done.ok()) << done.status();
    EXPECT_EQ(Report(*done->engine), expected) << shards << " shards";
  }
}

TEST(TopKTies, MergedStatesReportAsOneEngineInEitherOrder) {
  const std::string expected = Report(*OneEngine(Events(true, true)));
  // Each half interns the names in its own order; merging either into the
  // other gives a third and a fourth order.
  const std::string first = OneEngine(Events(true, false))->Serialize();
  const std::string second = OneEngine(Events(false, true))->Serialize();
  for (const auto& [into, from] : {std::pair{&first, &second}, std::pair{&second, &first}}) {
    std::unique_ptr<Engine> merged = *Engine::Create(kConfig);
    ASSERT_TRUE(merged->MergeSerialized(*into).ok());
    ASSERT_TRUE(merged->MergeSerialized(*from).ok());
    EXPECT_EQ(Report(*merged), expected);
  }
}

}  // namespace
}  // namespace csm
