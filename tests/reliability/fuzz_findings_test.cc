// Regression tests for what the fuzz targets found (docs/reliability.md
// lists each finding). The fuzz inputs themselves are in the seed corpora
// (tests/fuzz/corpus/<target>/finding_*), so the fuzz runs replay them too.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "csm/accum/quantile_sketch.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_state.h"
#include "tests/fuzz/fuzz_engine.h"
#include "tests/fuzz/merge_seeds.h"

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
  // The first histogram edge, 3600 s (the checksum recomputed: the check
  // behind it is under test).
  ASSERT_TRUE(fuzz::NudgeFirstDouble(bytes, 3600.0));
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
  ASSERT_TRUE(fuzz::NudgeFirstDouble(bytes, QuantileSketch::kDefaultRelativeAccuracy));
  bytes = ResealEngineState(bytes);
  auto target = fuzz::NewEngine();
  const std::string before = target->Serialize();
  const absl::Status s = target->MergeSerialized(bytes);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_EQ(target->Serialize(), before);
}

// The merge_serialized seeds are states of this build's format, so the fuzz
// runs start past the version check: the plain ones merge into a fresh
// engine, the findings' ones are refused as corrupt (not as another
// version). After a format change, rewrite them:
//   CSM_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/merge_serialized
//     build/dev/tests/csm_reliability_test --gtest_filter='FuzzSeeds.*'
// (one command line).
TEST(FuzzSeeds, MergeSerializedSeedsAreThisFormat) {
  const std::filesystem::path dir =
      std::filesystem::path(CSM_SOURCE_DIR) / "tests/fuzz/corpus/merge_serialized";
  if (const char* out = std::getenv("CSM_FUZZ_WRITE_SEEDS")) fuzz::WriteMergeSeeds(out);
  for (const auto& [name, expected] : fuzz::MergeSeeds()) {
    SCOPED_TRACE(name);
    std::ifstream in(dir / name, std::ios::binary);
    ASSERT_TRUE(in) << "missing seed";
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto engine = fuzz::NewEngine();
    const absl::Status s = engine->MergeSerialized(ResealEngineState(bytes.str()));
    if (name.rfind("finding_", 0) == 0) {
      EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
    } else {
      EXPECT_TRUE(s.ok()) << s << " (rewrite the seeds, see above)";
    }
  }
}

}  // namespace
}  // namespace csm
