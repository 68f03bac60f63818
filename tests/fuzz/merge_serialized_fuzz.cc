// Fuzzes Engine::MergeSerialized (past the state's checksum) into an engine
// that holds tickets of its own. On error nothing may change (Serialize() before == after); on
// success the merged engine must keep working: it takes more events,
// answers a report, and its state restores into a twin that reports the same (quantiles within the
// sketch's error bound).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "csm/engine/internal/engine_state.h"
#include "tests/fuzz/fuzz_engine.h"
#include "tests/fuzz/merge_seeds.h"

namespace {

// Events of tickets that the seed states (made from kEvents) do not hold,
// plus events for the seeds' tickets, which must be accepted or rejected.
constexpr std::string_view kOwnEvents =
    R"({"time": "2026-11-02T09:10:00-05:00", "ticket": "own-1", "type": "created", "agent": "carol", "channel": "email"}
{"time": "2026-11-02T09:20:00-05:00", "ticket": "own-1", "type": "agent_reply", "agent": "carol"}
{"time": "2026-11-02T09:40:00-05:00", "ticket": "own-1", "type": "status", "status": "solved"}
)";

constexpr std::string_view kAfterEvents =
    R"({"time": "2026-11-04T09:00:00-05:00", "ticket": "T-1", "type": "customer_message"}
{"time": "2026-11-04T09:05:00-05:00", "ticket": "T-2", "type": "agent_reply", "agent": "alice"}
{"time": "2026-11-04T09:06:00-05:00", "ticket": 42, "type": "csat", "value": 2}
{"time": "2026-11-04T09:07:00-05:00", "ticket": "T-2", "type": "status", "status": "solved"}
{"time": "2026-11-04T09:08:00-05:00", "ticket": "T-2", "type": "customer_message"}
{"time": "2026-11-04T09:09:00-05:00", "ticket": "T-2", "type": "status", "status": "solved"}
{"time": "2026-11-09T09:00:00-05:00", "ticket": "own-1", "type": "customer_message"}
)";

}  // namespace

// CSM_FUZZ_WRITE_SEEDS=<dir>: writes the seed corpus (merge_seeds.h) into
// <dir> and exits, so the checked-in seeds follow the format.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("CSM_FUZZ_WRITE_SEEDS");
  if (dir == nullptr) return 0;
  csm::fuzz::WriteMergeSeeds(dir);
  std::exit(0);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A mutation almost never keeps the state's checksum (state_checksum_test
  // covers that refusal): the checksum is recomputed, so the checks behind
  // it are what gets fuzzed.
  const std::string bytes =
      csm::ResealEngineState(std::string(reinterpret_cast<const char*>(data), size));
  auto engine = csm::fuzz::NewEngine();
  if (engine->IngestJsonl(kOwnEvents).rejected != 0) std::abort();
  const std::string before = engine->Serialize();
  if (!engine->MergeSerialized(bytes).ok()) {
    if (engine->Serialize() != before) std::abort();  // a refused merge changed the engine
    return 0;
  }
  const csm::IngestResult r = engine->IngestJsonl(kAfterEvents);
  if (r.accepted + r.rejected != 7) std::abort();
  csm::fuzz::CheckRestores(*engine, /*tolerance=*/0.02);  // sketches: within their +-1 %
  return 0;
}
