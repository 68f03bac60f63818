// Fuzzes report queries (report::RunJson) against an engine holding a few
// tickets: any query gives a report or a status, never a crash, and a
// report never changes the engine.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "csm/report/report.h"
#include "tests/fuzz/fuzz_engine.h"

namespace {

struct Fixture {
  std::unique_ptr<csm::Engine> engine = csm::fuzz::NewEngine();
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
  auto report = csm::report::RunJson(*fixture->engine, query);
  if (report.ok() && report->empty()) std::abort();
  // Reports read the engine only; checking every input would dominate the
  // run, so check now and then.
  static unsigned runs = 0;
  if (++runs % 256 == 0 && fixture->engine->Serialize() != fixture->state) std::abort();
  return 0;
}
