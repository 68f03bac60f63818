// The seed corpus of the merge_serialized fuzz target
// (tests/fuzz/corpus/merge_serialized/): real engine states of this build's
// format, and the states behind its findings (one stored value changed, the
// checksum recomputed). Rewritten by `CSM_FUZZ_WRITE_SEEDS=<dir>` given to
// fuzz_merge_serialized or to csm_reliability_test
// (FuzzSeeds.MergeSerializedSeedsAreThisFormat), so the seeds follow the format.
#ifndef CSM_TESTS_FUZZ_MERGE_SEEDS_H_
#define CSM_TESTS_FUZZ_MERGE_SEEDS_H_

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "csm/accum/quantile_sketch.h"
#include "csm/engine/internal/engine_state.h"
#include "tests/fuzz/fuzz_engine.h"

namespace csm::fuzz {

// Finds `value` stored as a little-endian double in `bytes` and flips the
// last bit of its mantissa; false when it is not there.
inline bool NudgeFirstDouble(std::string& bytes, double value) {
  char pattern[sizeof value];
  std::memcpy(pattern, &value, sizeof value);
  const size_t at = bytes.find(std::string(pattern, sizeof pattern));
  if (at == std::string::npos) return false;
  bytes[at] = static_cast<char>(bytes[at] ^ 1);
  return true;
}

// The state of kEvents with `value`'s first occurrence nudged, resealed.
inline std::string NudgedState(double value) {
  auto engine = NewEngine();
  if (engine->IngestJsonl(kEvents).rejected != 0) std::abort();
  std::string bytes = engine->Serialize();
  if (!NudgeFirstDouble(bytes, value)) std::abort();
  return ResealEngineState(bytes);
}

// Name and bytes of each seed. Those named finding_* must be refused.
inline std::vector<std::pair<std::string, std::string>> MergeSeeds() {
  std::vector<std::pair<std::string, std::string>> seeds;
  seeds.emplace_back("empty", NewEngine()->Serialize());
  auto full = NewEngine();
  if (full->IngestJsonl(kEvents).rejected != 0) std::abort();
  seeds.emplace_back("events", full->Serialize());
  // With rejections counted and a ticket released by the reopen window.
  auto later = NewEngine();
  (void)later->IngestJsonl(kEvents);
  (void)later->IngestJsonl(
      "{\"time\": \"2026-11-06T09:00:00Z\", \"ticket\": \"T-9\", \"type\": \"created\"}\n"
      "not json\n{\"time\": 1, \"ticket\": \"T-1\", \"type\": \"note\"}\n");
  seeds.emplace_back("released", later->Serialize());
  // Findings 1 and 2 (docs/reliability.md): a histogram edge and a sketch's
  // accuracy other than the engine's.
  seeds.emplace_back("finding_histogram_edges", NudgedState(3600.0));
  seeds.emplace_back("finding_sketch_accuracy",
                     NudgedState(QuantileSketch::kDefaultRelativeAccuracy));
  return seeds;
}

inline void WriteMergeSeeds(const std::string& dir) {
  for (const auto& [name, bytes] : MergeSeeds()) {
    std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
  }
}

}  // namespace csm::fuzz

#endif  // CSM_TESTS_FUZZ_MERGE_SEEDS_H_
