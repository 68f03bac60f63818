// The engine the live_query fuzz target asks (and tests/live replays its
// seeds against): the shared fuzz config plus SLA policies, so sla_due and
// ticket answers walk real target instances, with fuzz_engine.h's events.
#ifndef CSM_TESTS_FUZZ_FUZZ_LIVE_ENGINE_H_
#define CSM_TESTS_FUZZ_FUZZ_LIVE_ENGINE_H_

#include <cstdlib>
#include <memory>

#include "csm/engine/engine.h"
#include "tests/fuzz/fuzz_engine.h"

namespace csm::fuzz {

inline std::unique_ptr<Engine> NewLiveEngine() {
  nlohmann::json config = nlohmann::json::parse(kConfig);
  config["sla_policies"] = nlohmann::json::parse(R"([
    {"name": "chat", "match": {"channel": ["chat"]},
     "targets": [{"priority": "high", "metric": "first_reply_time", "seconds": 600, "business": false},
                 {"priority": "*", "metric": "total_resolution_time", "seconds": 86400, "business": true}]},
    {"name": "default", "targets": [{"priority": "*", "metric": "next_reply_time", "seconds": 3600, "business": true},
                                    {"priority": "*", "metric": "requester_wait_time", "seconds": 7200, "business": false}]}])");
  auto engine = Engine::Create(config.dump());
  if (!engine.ok()) std::abort();
  return *std::move(engine);
}

}  // namespace csm::fuzz

#endif  // CSM_TESTS_FUZZ_FUZZ_LIVE_ENGINE_H_
