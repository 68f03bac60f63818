// Regression tests for what the fuzz targets found (docs/reliability.md
// lists each finding). The fuzz inputs themselves are in the seed corpora
// (tests/fuzz/corpus/<target>/finding_*), so the fuzz runs replay them too.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "csm/accum/quantile_sketch.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_state.h"
#include "tests/fuzz/fuzz_engine.h"

namespace csm {
namespace {

// Finds `value` stored as a little-endian double in `bytes` and flips the
// last bit of its mantissa; false when it is not there.
bool NudgeFirstDouble(std::string& bytes, double value) {
  char pattern[sizeof value];
  std::memcpy(pattern, &value, sizeof value);
  const size_t at = bytes.find(std::string(pattern, sizeof pattern));
  if (at == std::string::npos) return false;
  bytes[at] = static_cast<char>(bytes[at] ^ 1);
  return true;
}

// merge_serialized: a state whose cell histogram has edges other than the
// config's was accepted; histograms with different edges merge by
// re-bucketing, so the merged report depended on hash-map order (a restored
// engine reported differently from the original). Now refused as corrupt.
TEST(FuzzFindings, StateWithForeignHistogramEdgesIsRefused) {
  auto source = fuzz::NewEngine();
  ASSERT_EQ(source->IngestJsonl(fuzz::kEvents).rejected, 0u);
  std::string bytes = source->Serialize();
  // The first histogram edge, 3600 s (the checksum recomputed: the check
  // behind it is under test).
  ASSERT_TRUE(NudgeFirstDouble(bytes, 3600.0));
  bytes = ResealEngineState(bytes);

  auto target = fuzz::NewEngine();
  const std::string before = target->Serialize();
  const absl::Status s = target->MergeSerialized(bytes);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_NE(std::string(s.message()).find("histogram"), std::string::npos) << s;
  EXPECT_EQ(target->Serialize(), before);
  // Unaltered, the same state merges and reports like the original.
  EXPECT_TRUE(target->MergeSerialized(source->Serialize()).ok());
  EXPECT_EQ(fuzz::Reports(*target), fuzz::Reports(*source));
}

// merge_serialized, the same kind: a sketch with another relative accuracy
// (a mutated double in a cell) merged by re-bucketing, order-dependently.
TEST(FuzzFindings, StateWithForeignSketchAccuracyIsRefused) {
  auto source = fuzz::NewEngine();
  ASSERT_EQ(source->IngestJsonl(fuzz::kEvents).rejected, 0u);
  std::string bytes = source->Serialize();
  ASSERT_TRUE(NudgeFirstDouble(bytes, QuantileSketch::kDefaultRelativeAccuracy));
  bytes = ResealEngineState(bytes);
  auto target = fuzz::NewEngine();
  const std::string before = target->Serialize();
  const absl::Status s = target->MergeSerialized(bytes);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_EQ(target->Serialize(), before);
}

}  // namespace
}  // namespace csm
