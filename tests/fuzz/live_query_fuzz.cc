// Fuzzes live queries (live::RunLiveJson) against an engine holding a few
// tickets, a call and an agent state: any query gives an answer or a
// status, never a crash; an answer is a JSON object with its `now`;
// and answering never changes the engine (its clock included).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "csm/live/live_query.h"
#include "tests/fuzz/fuzz_live_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static auto* fixture = new csm::fuzz::ReadOnlyEngine(csm::fuzz::NewLiveEngine());
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  // Now: at the clock, and a day after it (a new local day for "queue").
  const csm::Instant clock = fixture->engine().watermark();
  for (csm::Instant now : {clock, clock + csm::Millis{86'400'000}}) {
    auto answer = csm::live::RunLiveJson(fixture->engine(), query, now);
    if (answer.ok()) {
      const auto j = nlohmann::json::parse(*answer, nullptr, false);
      if (!j.is_object() || !j.contains("now")) std::abort();
    } else if (answer.status().code() == absl::StatusCode::kInternal) {
      std::abort();  // bad queries are the caller's errors, never internal ones
    }
  }
  if (fixture->engine().watermark() != clock) std::abort();
  fixture->CheckUnchangedNowAndThen();
  return 0;
}
