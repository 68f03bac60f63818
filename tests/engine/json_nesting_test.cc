// 100,000-deep JSON in an engine config or an event line, on a 256 KiB
// stack: a clear error (the config) or one malformed line (the events),
// never a stack overflow (issue 18).
#include <string>

#include "csm/engine/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/small_stack.h"

namespace csm {
namespace {

using ::csm::testing::DeepArray;
using ::csm::testing::DeepObject;
using ::csm::testing::RunOnSmallStack;
using ::testing::HasSubstr;

constexpr std::size_t kDeep = 100'000;

TEST(EngineJsonNesting, DeepConfigsAreRefusedOnASmallStack) {
  const std::string deep = DeepArray(kDeep);
  for (const std::string& config :
       {R"({"calendars": )" + deep + "}", R"({"calendars": {"x": )" + DeepObject(kDeep) + "}}",
        R"({"views": )" + deep + "}", R"({"views": [{"group_by": )" + deep + "}]}",
        R"({"options": )" + deep + "}", R"({"unknown": )" + deep + "}", deep}) {
    RunOnSmallStack([&] {
      absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(config);
      ASSERT_FALSE(engine.ok());
      EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(std::string(engine.status().message()),
                  HasSubstr("engine config: arrays and objects nest deeper than 64"));
    });
  }
}

TEST(EngineJsonNesting, ATreeBuiltInCodeIsCheckedToo) {
  nlohmann::json deep = 1;
  for (int i = 0; i < 1000; ++i) deep = nlohmann::json::array({std::move(deep)});
  absl::StatusOr<EngineConfig> config = EngineConfig::FromJson(nlohmann::json{{"views", deep}});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("nest deeper than 64"));
}

TEST(EngineJsonNesting, ADeepEventLineIsOneMalformedLine) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create("{}");
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::string lines =
      R"({"time": "2026-11-02T09:00:00Z", "ticket": "T1", "type": "created", "agent": )" +
      DeepArray(kDeep) + "}\n" + R"({"time": "2026-11-02T09:00:00Z", "ticket": )" +
      DeepObject(kDeep) + "}\n" +
      R"({"time": "2026-11-02T09:00:00Z", "ticket": "T2", "type": "created"})" + "\n";
  RunOnSmallStack([&] {
    IngestResult r = (*engine)->IngestJsonl(lines);
    EXPECT_EQ(r.accepted, 1u);
    EXPECT_EQ(r.rejected, 2u);
    ASSERT_EQ(r.first_rejections.size(), 2u);
    EXPECT_EQ(r.first_rejections[0].reason, RejectReason::kMalformed);
    EXPECT_EQ(r.first_rejections[1].reason, RejectReason::kMalformed);
  });
}

TEST(EngineJsonNesting, MessagesQuoteABoundedPartOfTheInput) {
  const std::string huge(1'000'000, 'k');
  for (const std::string& config :
       {R"({")" + huge + R"(": 1})", R"({"timezone": ")" + huge + R"("})",
        R"({"views": [{"metrics": [")" + huge + R"("]}]})",
        R"({"views": [{"group_by": [")" + huge + R"("]}]})",
        R"({"calendars": {"a": {"timezone": "UTC"}}, "group_calendars": {")" + huge + R"(": "b"}})",
        R"({"options": {"max_rows": 1)" + std::string(1'000'000, '0') + "}}"}) {
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(config);
    ASSERT_FALSE(engine.ok());
    EXPECT_LT(engine.status().message().size(), 600u) << engine.status().message().substr(0, 100);
  }
}

}  // namespace
}  // namespace csm
