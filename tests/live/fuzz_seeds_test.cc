// The live_query fuzz target's fixture and seed corpus, replayed in the
// ordinary test run: the fixture's events are all accepted, its SLA
// policies give target instances, and every seed gets an answer or a
// status, never an internal error, without changing the engine.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "csm/engine/internal/engine_impl.h"
#include "csm/live/live_query.h"
#include "tests/fuzz/fuzz_live_engine.h"

namespace csm::live {
namespace {

TEST(LiveFuzzSeeds, ReplayAgainstTheFixture) {
  auto engine = fuzz::NewLiveEngine();
  ASSERT_EQ(engine->IngestJsonl(fuzz::kEvents).rejected, 0u);
  ASSERT_GT(engine->impl().sla().active_count(), 0u);
  const std::string state = engine->Serialize();
  const std::filesystem::path dir =
      std::filesystem::path(CSM_SOURCE_DIR) / "tests/fuzz/corpus/live_query";
  int seeds = 0, answered = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<std::string> answer = RunLiveJson(*engine, text.str(), engine->clock());
    ++seeds;
    if (answer.ok()) {
      ++answered;
      EXPECT_TRUE(nlohmann::json::parse(*answer).contains("now")) << entry.path();
    } else {
      EXPECT_NE(answer.status().code(), absl::StatusCode::kInternal) << entry.path();
    }
  }
  EXPECT_GE(seeds, 7);
  EXPECT_GE(answered, 4);
  EXPECT_EQ(engine->Serialize(), state);
}

}  // namespace
}  // namespace csm::live
