// Regression tests for what the fuzz targets found (docs/reliability.md
// lists each finding). The fuzz inputs themselves are in the seed corpora
// (tests/fuzz/corpus/<target>/finding_*), so the fuzz runs replay them too.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "csm/accum/quantile_sketch.h"
#include "csm/engine/engine.h"
#include "tests/fuzz/fuzz_engine.h"

namespace csm {
namespace {

// merge_serialized: a state whose cell histogram has edges other than the
// config's was accepted; histograms with different edges merge by
// re-bucketing, so the merged report depended on hash-map order (a restored
// engine reported differently from the original). Now refused as corrupt.
TEST(FuzzFindings, StateWithForeignHistogramEdgesIsRefused) {
  auto source = fuzz::NewEngine();
  ASSERT_EQ(source->IngestJsonl(fuzz::kEvents).rejected, 0u);
  std::string bytes = source->Serialize();
  // The first histogram edge, 3600 s, as the little-endian double it is
  // stored as; nudge its last mantissa bit.
  const double edge = 3600.0;
  char pattern[sizeof edge];
  std::memcpy(pattern, &edge, sizeof edge);
  const size_t at = bytes.find(std::string(pattern, sizeof pattern));
  ASSERT_NE(at, std::string::npos);
  bytes[at] = static_cast<char>(bytes[at] ^ 1);

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
  const double accuracy = QuantileSketch::kDefaultRelativeAccuracy;
  char pattern[sizeof accuracy];
  std::memcpy(pattern, &accuracy, sizeof accuracy);
  const size_t at = bytes.find(std::string(pattern, sizeof pattern));
  ASSERT_NE(at, std::string::npos);
  bytes[at] = static_cast<char>(bytes[at] ^ 1);
  auto target = fuzz::NewEngine();
  const std::string before = target->Serialize();
  const absl::Status s = target->MergeSerialized(bytes);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_EQ(target->Serialize(), before);
}

}  // namespace
}  // namespace csm
