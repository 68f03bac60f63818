#include "csm/accum/distinct.h"

#include <cmath>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(Distinct, ExactWhileSmall) {
  Distinct d;
  EXPECT_EQ(d.Estimate(), 0u);
  for (uint64_t k = 0; k < Distinct::kExactLimit; ++k) {
    d.Add(k * 1000003);
    d.Add(k * 1000003);  // duplicates count once
  }
  EXPECT_TRUE(d.exact());
  EXPECT_EQ(d.Estimate(), Distinct::kExactLimit);
  d.Add(~uint64_t{0});
  EXPECT_FALSE(d.exact());
}

// The mix's inverse (each xorshift by 33 undoes itself; the multipliers have
// inverses mod 2^64): distinct keys never collide, so exact mode is exact.
uint64_t Unmix(uint64_t h) {
  h ^= h >> 33;
  h *= 0x9cb4b2f8129337dbULL;
  h ^= h >> 33;
  h *= 0x4f74430c22a54005ULL;
  h ^= h >> 33;
  return h;
}

TEST(Distinct, MixIsABijection) {
  std::mt19937_64 rng(61);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t k = i < 1000 ? static_cast<uint64_t>(i) : rng();
    ASSERT_EQ(Unmix(Distinct::Mix(k)), k);
  }
}

// Relative errors over independent trials at each size: every trial within
// three standard errors (1.04 / 64 = 1.6 %) and the root-mean-square error
// of all trials within the 2 % the sketch is sized for.
TEST(Distinct, SketchAccuracyAtThousandsToMillions) {
  std::mt19937_64 rng(62);
  double squared = 0;
  int trials = 0;
  for (const auto& [n, repeats] :
       {std::pair<uint64_t, int>{1000, 32}, {100000, 32}, {1000000, 8}}) {
    for (int r = 0; r < repeats; ++r) {
      Distinct d;
      const uint64_t base = rng();
      for (uint64_t k = 0; k < n; ++k) d.Add(base + k);  // consecutive ids, as interned ids are
      const double error =
          (static_cast<double>(d.Estimate()) - static_cast<double>(n)) / static_cast<double>(n);
      EXPECT_LE(std::abs(error), 3 * 1.04 / 64) << "n=" << n;
      squared += error * error;
      ++trials;
    }
  }
  const double rms = std::sqrt(squared / trials);
  EXPECT_LE(rms, 0.02);
  RecordProperty("rms_relative_error", std::to_string(rms));
}

TEST(Distinct, EstimateGrowsSmoothlyAcrossTheSwitch) {
  // Just past the exact limit the sketch is still close (small-range
  // estimation needs no bias table with Ertl's estimator).
  std::mt19937_64 rng(63);
  for (uint64_t n : {Distinct::kExactLimit + 1, uint64_t{500}, uint64_t{2000}, uint64_t{10000}}) {
    double worst = 0;
    for (int r = 0; r < 20; ++r) {
      Distinct d;
      for (uint64_t k = 0; k < n; ++k) d.Add(rng());
      worst = std::max(worst, std::abs(static_cast<double>(d.Estimate()) - n) / n);
    }
    EXPECT_LE(worst, 0.05) << n;
  }
}

TEST(Distinct, MergeLawsAreExactInBothModes) {
  std::mt19937_64 rng(64);
  for (int round = 0; round < 30; ++round) {
    // Sizes on both sides of the exact limit, with overlapping keys.
    std::vector<uint64_t> keys(rng() % 1500);
    for (uint64_t& k : keys) k = rng() % 1200;
    testing::CheckMergeLaws(
        Distinct(), keys, rng, [](Distinct& d, uint64_t k) { d.Add(k); },
        [](const Distinct& x, const Distinct& y) { return x == y; });
  }
}

TEST(Distinct, MergeOfExactSetsStaysExactWhileTheUnionIsSmall) {
  Distinct a, b;
  for (uint64_t k = 0; k < 200; ++k) a.Add(k);
  for (uint64_t k = 100; k < 300; ++k) b.Add(k);
  a.Merge(b);
  EXPECT_TRUE(a.exact());
  EXPECT_EQ(a.Estimate(), 300u);
  for (uint64_t k = 300; k < 500; ++k) b.Add(k);
  a.Merge(b);
  EXPECT_FALSE(a.exact());
  EXPECT_NEAR(static_cast<double>(a.Estimate()), 500, 25);
}

std::vector<std::string> SampleDistincts() {
  Distinct small, big;
  for (uint64_t k = 0; k < 10; ++k) small.Add(k);
  for (uint64_t k = 0; k < 5000; ++k) big.Add(k);
  return {Distinct().Serialize(), small.Serialize(), big.Serialize()};
}

TEST(Distinct, RoundTripAndHostileBytes) {
  for (const std::string& bytes : SampleDistincts()) {
    testing::CheckRoundTrip(*Distinct::Deserialize(bytes));
  }
  testing::CheckHostileBytes<Distinct>(SampleDistincts(), 65, 600);
  const auto back = Distinct::Deserialize(SampleDistincts()[2]);
  EXPECT_NEAR(static_cast<double>(back->Estimate()), 5000, 250);
}

TEST(Distinct, MemoryStaysNearFourKiB) {
  Distinct d;
  size_t most = 0;
  for (uint64_t k = 0; k < 100000; ++k) {
    d.Add(k);
    if (k % 37 == 0) most = std::max(most, d.MemoryBytes());
  }
  EXPECT_LE(most, 6000u);
  EXPECT_LE(d.MemoryBytes(), 4096 + sizeof(Distinct));
}

}  // namespace
}  // namespace csm
