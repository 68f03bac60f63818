// Fuzzes the engine config parser (Engine::Create). An accepted config must
// survive its canonical round trip (FromJson(ToJson()) gives the same
// config), and the engine it makes must take an event, serialize, and
// restore into a twin that reports the same.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "csm/engine/engine.h"
#include "csm/report/report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto engine = csm::Engine::Create(text);
  if (!engine.ok()) return 0;
  const std::string canonical = (*engine)->config().ToJson().dump();
  auto twin = csm::Engine::Create(canonical);
  if (!twin.ok()) std::abort();  // the canonical form must parse
  if ((*twin)->config().ToJson().dump() != canonical) std::abort();

  const csm::IngestResult r = (*engine)->IngestJsonl(
      R"({"time": 1790000000000, "ticket": 1, "type": "created", "group": "g", "agent": "a"})"
      "\n"
      R"({"time": 1790000600000, "ticket": 1, "type": "agent_reply", "agent": "a"})");
  if (r.accepted + r.rejected != 2) std::abort();
  const std::string state = (*engine)->Serialize();
  if (!(*twin)->MergeSerialized(state).ok()) std::abort();
  auto report = csm::report::RunJson(**engine, "{}");
  auto twin_report = csm::report::RunJson(**twin, "{}");
  if (report.ok() != twin_report.ok() || (report.ok() && *report != *twin_report)) std::abort();
  return 0;
}
