// Fuzzes live queries (live::RunLiveJson) against an engine holding a few
// tickets, a call and an agent state: any query gives an answer or a
// status, never a crash; an answer is a JSON object with its `now`;
// and answering never changes the engine (its clock included).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "csm/live/live_query.h"
#include "tests/fuzz/fuzz_live_engine.h"

namespace {

struct Fixture {
  std::unique_ptr<csm::Engine> engine = csm::fuzz::NewLiveEngine();
  std::string state;
  Fixture() {
    const csm::IngestResult r = engine->IngestJsonl(csm::fuzz::kEvents);
    if (r.rejected != 0) std::abort();
    state = engine->Serialize();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture;
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  // Now: at the clock, and a day after it (a new local day for "queue").
  const csm::Instant clock = fixture->engine->watermark();
  for (csm::Instant now : {clock, clock + csm::Millis{86'400'000}}) {
    auto answer = csm::live::RunLiveJson(*fixture->engine, query, now);
    if (answer.ok()) {
      const auto j = nlohmann::json::parse(*answer, nullptr, false);
      if (!j.is_object() || !j.contains("now")) std::abort();
    } else if (answer.status().code() == absl::StatusCode::kInternal) {
      std::abort();  // bad queries are the caller's errors, never internal ones
    }
  }
  if (fixture->engine->watermark() != clock) std::abort();
  // Answers read the engine only; checking every input would dominate the
  // run, so check now and then.
  static unsigned runs = 0;
  if (++runs % 256 == 0 && fixture->engine->Serialize() != fixture->state) std::abort();
  return 0;
}
