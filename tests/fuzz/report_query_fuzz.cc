// Fuzzes report queries (report::RunJson) against an engine holding a few
// tickets: any query gives a report or a status, never a crash, and a
// report never changes the engine.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "csm/report/report.h"
#include "tests/fuzz/fuzz_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static auto* fixture = new csm::fuzz::ReadOnlyEngine(csm::fuzz::NewEngine());
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  auto report = csm::report::RunJson(fixture->engine(), query);
  if (report.ok() && report->empty()) std::abort();
  fixture->CheckUnchangedNowAndThen();
  return 0;
}
