#include "csm/accum/count.h"

#include <limits>
#include <random>

#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(Count, AddsAndRemoves) {
  Count c;
  EXPECT_EQ(c.value(), 0u);
  c.Add();
  c.Add(41);
  EXPECT_EQ(c.value(), 42u);
  EXPECT_TRUE(c.Remove(2));
  EXPECT_EQ(c.value(), 40u);
  EXPECT_FALSE(c.Remove(41));  // more than recorded: stops at zero
  EXPECT_EQ(c.value(), 0u);
}

TEST(Count, MergeLaws) {
  std::mt19937_64 rng(1);
  for (int round = 0; round < 50; ++round) {
    std::vector<uint64_t> values(rng() % 200);
    for (uint64_t& v : values) v = rng() % 1000;
    testing::CheckMergeLaws(
        Count(), values, rng, [](Count& c, uint64_t n) { c.Add(n); },
        [](const Count& x, const Count& y) { return x == y; });
  }
}

TEST(Count, RoundTripAndLayout) {
  Count c;
  c.Add(300);
  testing::CheckRoundTrip(c);
  testing::CheckRoundTrip(Count());
  // Preamble, then 300 as a varint (0xac 0x02).
  EXPECT_EQ(c.Serialize(), std::string("CSMA\x01\x01\xac\x02", 8));
}

TEST(Count, RejectsHostileBytes) {
  Count big;
  big.Add(~uint64_t{0});
  Count some;
  some.Add(123456789);
  testing::CheckHostileBytes<Count>({Count().Serialize(), some.Serialize(), big.Serialize()}, 11);
}

TEST(Count, RejectsOtherTypesAndVersions) {
  Count c;
  c.Add(5);
  std::string bytes = c.Serialize();
  bytes[5] = static_cast<char>(wire::Tag::kRatio);
  EXPECT_EQ(Count::Deserialize(bytes).status().code(), absl::StatusCode::kDataLoss);
  bytes = c.Serialize();
  bytes[4] = 2;  // a future format version
  EXPECT_EQ(Count::Deserialize(bytes).status().code(), absl::StatusCode::kUnimplemented);
}

TEST(Count, MergeThatWouldOverflowChangesNothing) {
  Count full;
  full.Add(std::numeric_limits<uint64_t>::max() - 1);
  Count two;
  two.Add(2);
  EXPECT_FALSE(full.Merge(two));
  EXPECT_EQ(full.value(), std::numeric_limits<uint64_t>::max() - 1);
  Count one;
  one.Add(1);
  EXPECT_TRUE(full.Merge(one));
  EXPECT_EQ(full.value(), std::numeric_limits<uint64_t>::max());
  EXPECT_FALSE(full.Merge(full));
}

}  // namespace
}  // namespace csm
