#include "csm/accum/histogram.h"

#include <cmath>
#include <limits>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(Histogram, DefaultEdgesAreResponseTimeHours) {
  const Histogram h;
  EXPECT_EQ(h.edges(), (std::vector<double>{3600, 7200, 21600, 43200, 86400, 172800}));
  EXPECT_EQ(h.counts().size(), 7u);
  EXPECT_EQ(Histogram::DefaultEdges(), h.edges());
}

TEST(Histogram, BucketsAreClosedBelowOpenAbove) {
  Histogram h({10, 20});
  for (double v : {-5.0, 9.99, 10.0, 19.99, 20.0, 1e9}) h.Add(v);
  h.Add(-std::numeric_limits<double>::infinity());
  h.Add(std::numeric_limits<double>::infinity(), 2);
  EXPECT_EQ(h.counts(), (std::vector<uint64_t>{3, 2, 4}));
  EXPECT_EQ(h.total(), 9u);
  EXPECT_FALSE(h.Add(std::nan("")));
  EXPECT_EQ(h.total(), 9u);
}

TEST(Histogram, CountsMatchAFullScan) {
  std::mt19937_64 rng(41);
  const auto values = testing::LognormalValues(rng, 20000, std::log(7200), 1.5);
  Histogram h;
  for (double v : values) h.Add(v);
  std::vector<uint64_t> expected(7, 0);
  const auto& e = h.edges();
  for (double v : values) {
    size_t i = 0;
    while (i < e.size() && v >= e[i]) ++i;
    ++expected[i];
  }
  EXPECT_EQ(h.counts(), expected);
}

TEST(Histogram, RemoveTakesValuesBack) {
  Histogram h;
  h.Add(100, 3);
  h.Add(100000);
  EXPECT_TRUE(h.Remove(200, 2));  // same bucket as 100
  EXPECT_FALSE(h.Remove(5000));   // nothing there
  EXPECT_FALSE(h.Remove(100000, 2));
  EXPECT_EQ(h.counts(), (std::vector<uint64_t>{1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(h.total(), 1u);
}

TEST(Histogram, MergeLawsAreExact) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 50; ++round) {
    const auto values = testing::ParetoValues(rng, rng() % 2000, 60, 0.7);
    testing::CheckMergeLaws(
        Histogram(), values, rng, [](Histogram& h, double v) { h.Add(v); },
        [](const Histogram& x, const Histogram& y) { return x == y; });
  }
}

TEST(Histogram, MergeWithOtherEdgesUsesLowerEdges) {
  Histogram coarse({10, 100});
  Histogram fine({5, 10, 50, 100, 500});
  for (double v : {1.0, 7.0, 20.0, 60.0, 200.0, 600.0}) fine.Add(v);
  EXPECT_TRUE(coarse.Merge(fine));
  // [5,10) -> [-inf,10); [50,100) -> [10,100); [100,500) and [500,inf) -> [100,inf)
  EXPECT_EQ(coarse.counts(), (std::vector<uint64_t>{2, 2, 2}));
  EXPECT_EQ(coarse.total(), 6u);
}

TEST(Histogram, CreateValidatesAndTheConstructorRepairsEdges) {
  EXPECT_TRUE(Histogram::Create({1, 2, 3}).ok());
  EXPECT_TRUE(Histogram::Create({}).ok());
  EXPECT_FALSE(Histogram::Create({1, 1}).ok());
  EXPECT_FALSE(Histogram::Create({2, 1}).ok());
  EXPECT_FALSE(Histogram::Create({1, std::nan("")}).ok());
  EXPECT_FALSE(Histogram::Create(std::vector<double>(5000, 1)).ok());
  EXPECT_EQ(Histogram({3, std::nan(""), 1, 3}).edges(), (std::vector<double>{1, 3}));
}

std::vector<std::string> SampleHistograms() {
  Histogram h;
  h.Add(10, 5);
  h.Add(1e6);
  Histogram empty_edges(std::vector<double>{});
  empty_edges.Add(4);
  return {Histogram().Serialize(), h.Serialize(), empty_edges.Serialize(),
          Histogram({-1.5, 0, 2.25}).Serialize()};
}

TEST(Histogram, RoundTripAndHostileBytes) {
  for (const std::string& bytes : SampleHistograms()) {
    testing::CheckRoundTrip(*Histogram::Deserialize(bytes));
  }
  testing::CheckHostileBytes<Histogram>(SampleHistograms(), 43);
}

TEST(Histogram, MergeThatWouldOverflowChangesNothing) {
  Histogram full({1.0, 10.0});
  ASSERT_TRUE(full.Add(5.0, std::numeric_limits<uint64_t>::max() - 1));
  Histogram other({1.0, 10.0});
  ASSERT_TRUE(other.Add(50.0, 2));  // another bucket: only the total overflows
  const Histogram before = full;
  EXPECT_FALSE(full.Merge(other));
  EXPECT_EQ(full, before);
  Histogram coarser({10.0});  // other edges: the re-bucketing path
  ASSERT_TRUE(coarser.Add(0.5, 2));
  EXPECT_FALSE(full.Merge(coarser));
  EXPECT_EQ(full, before);
  ASSERT_TRUE(Histogram::Deserialize(full.Serialize()).ok());
}

}  // namespace
}  // namespace csm
