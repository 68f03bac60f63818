#include "csm/accum/top_k.h"

#include <algorithm>
#include <limits>
#include <map>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "accum/accum_testing.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

using Item = TopK::Item;

// Zipf-like keys: a few frequent, a long tail.
std::vector<uint64_t> ZipfKeys(std::mt19937_64& rng, size_t n, uint64_t universe, double s) {
  std::vector<double> weights(universe);
  for (uint64_t k = 0; k < universe; ++k) weights[k] = 1 / std::pow(static_cast<double>(k + 1), s);
  std::discrete_distribution<uint64_t> d(weights.begin(), weights.end());
  std::vector<uint64_t> keys(n);
  for (uint64_t& k : keys) k = d(rng) * 7919 + 3;  // spread the ids
  return keys;
}

std::map<uint64_t, uint64_t> ExactCounts(const std::vector<uint64_t>& keys) {
  std::map<uint64_t, uint64_t> counts;
  for (uint64_t k : keys) ++counts[k];
  return counts;
}

// Every bound the summary promises holds against the exact counts.
void ExpectBoundsHold(const TopK& t, const std::map<uint64_t, uint64_t>& exact) {
  uint64_t total = 0;
  for (const auto& [key, count] : exact) {
    total += count;
    const Item item = t.Get(key);
    EXPECT_LE(count, item.count) << key;
    EXPECT_LE(item.count - item.error, count) << key;
  }
  EXPECT_EQ(t.total(), total);
  EXPECT_LE(t.untracked_bound(), total / t.capacity());
}

TEST(TopK, ExactBelowCapacity) {
  TopK t(10);
  for (uint64_t k : {5, 3, 5, 9, 5, 3}) t.Add(k);
  t.Add(42, 4);
  EXPECT_TRUE(t.exact());
  EXPECT_EQ(t.total(), 10u);
  EXPECT_EQ(t.Top(3), (std::vector<Item>{{42, 4, 0}, {5, 3, 0}, {3, 2, 0}}));
  EXPECT_EQ(t.Top(100).size(), 4u);
  EXPECT_DOUBLE_EQ(t.Share(t.Top(1)[0]), 0.4);
  EXPECT_EQ(t.Get(77), (Item{77, 0, 0}));
}

// Adds and removes in random order, below capacity: after every step the
// ranking is the exact one (items that move in the heap and items that stay
// where they are both keep their counts and positions).
TEST(TopK, RankingStaysExactUnderRandomAddsAndRemoves) {
  std::mt19937_64 rng(58);
  TopK t(64);
  std::map<uint64_t, uint64_t> exact;
  for (int step = 0; step < 20000; ++step) {
    const uint64_t key = rng() % 40;
    const uint64_t n = 1 + rng() % 3;
    if (rng() % 3 == 0 && exact[key] >= n) {
      ASSERT_TRUE(t.Remove(key, n));
      exact[key] -= n;
    } else {
      t.Add(key, n);
      exact[key] += n;
    }
    if (step % 97 != 0) continue;
    std::vector<Item> want;
    for (const auto& [k, count] : exact) {
      if (count > 0) want.push_back({k, count, 0});
    }
    std::sort(want.begin(), want.end(), [](const Item& a, const Item& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    ASSERT_EQ(t.Top(want.size() + 1), want) << "step " << step;
    for (const auto& [k, count] : exact) ASSERT_EQ(t.Get(k).count, count) << k;
  }
  EXPECT_TRUE(t.exact());
}

TEST(TopK, TiesRankTheSmallerKeyFirst) {
  TopK t;
  for (uint64_t k : {30, 10, 20}) t.Add(k, 2);
  EXPECT_EQ(t.Top(3), (std::vector<Item>{{10, 2, 0}, {20, 2, 0}, {30, 2, 0}}));
}

TEST(TopK, SpaceSavingFindsHeavyHittersWithinBounds) {
  std::mt19937_64 rng(51);
  const auto keys = ZipfKeys(rng, 200000, 20000, 1.1);
  TopK t(256);
  for (uint64_t k : keys) t.Add(k);
  EXPECT_FALSE(t.exact());
  const auto exact = ExactCounts(keys);
  ExpectBoundsHold(t, exact);
  // The true top 10 are found, in order, with their counts within bounds.
  std::vector<std::pair<uint64_t, uint64_t>> truth(exact.begin(), exact.end());
  std::sort(truth.begin(), truth.end(), [](auto& a, auto& b) { return a.second > b.second; });
  const auto top = t.Top(10);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(top[i].key, truth[i].first) << i;
    EXPECT_GE(top[i].count, truth[i].second);
    EXPECT_LE(top[i].count - top[i].error, truth[i].second);
  }
  EXPECT_EQ(t.size(), 256u);
}

TEST(TopK, MergeLawsAreExactBelowCapacity) {
  std::mt19937_64 rng(52);
  for (int round = 0; round < 50; ++round) {
    const auto keys = ZipfKeys(rng, rng() % 3000, 100, 0.8);
    testing::CheckMergeLaws(
        TopK(100), keys, rng, [](TopK& t, uint64_t k) { t.Add(k); },
        [](const TopK& x, const TopK& y) { return x == y; });
  }
}

TEST(TopK, MergeAboveCapacityIsCommutativeAndKeepsBounds) {
  std::mt19937_64 rng(53);
  for (int round = 0; round < 20; ++round) {
    const auto keys = ZipfKeys(rng, 20000, 5000, 1.0);
    TopK a(64), b(64), c(64);
    TopK* parts[] = {&a, &b, &c};
    for (uint64_t k : keys) parts[rng() % 3]->Add(k);
    TopK ab = a, ba = b;
    EXPECT_TRUE(ab.Merge(b));
    EXPECT_TRUE(ba.Merge(a));
    EXPECT_EQ(ab, ba);
    TopK ab_c = ab, bc = b, a_bc = a;
    EXPECT_TRUE(ab_c.Merge(c));
    EXPECT_TRUE(bc.Merge(c));
    EXPECT_TRUE(a_bc.Merge(bc));
    const auto exact = ExactCounts(keys);
    ExpectBoundsHold(ab_c, exact);
    ExpectBoundsHold(a_bc, exact);
  }
}

TEST(TopK, RemoveIsExactBelowCapacity) {
  std::mt19937_64 rng(54);
  const auto keep = ZipfKeys(rng, 2000, 50, 1);
  const auto drop = ZipfKeys(rng, 1000, 50, 1);
  TopK t(100), expected(100);
  for (uint64_t k : keep) {
    t.Add(k);
    expected.Add(k);
  }
  for (uint64_t k : drop) t.Add(k);
  for (uint64_t k : drop) EXPECT_TRUE(t.Remove(k));
  EXPECT_EQ(t, expected);
  EXPECT_FALSE(t.Remove(999999));  // never added
  TopK one;
  one.Add(1, 2);
  EXPECT_FALSE(one.Remove(1, 3));
  EXPECT_EQ(one, TopK());
}

TEST(TopK, RemoveAboveCapacityKeepsBounds) {
  std::mt19937_64 rng(55);
  const auto keys = ZipfKeys(rng, 30000, 3000, 1.0);
  TopK t(64);
  for (uint64_t k : keys) t.Add(k);
  auto exact = ExactCounts(keys);
  // Take back a third of the occurrences, then keep adding.
  for (size_t i = 0; i < keys.size(); i += 3) {
    t.Remove(keys[i]);
    --exact[keys[i]];
  }
  const auto more = ZipfKeys(rng, 10000, 3000, 1.0);
  for (uint64_t k : more) {
    t.Add(k);
    ++exact[k];
  }
  uint64_t total = 0;
  for (const auto& [key, count] : exact) {
    total += count;
    const Item item = t.Get(key);
    EXPECT_LE(count, item.count) << key;
    EXPECT_LE(item.count - item.error, count) << key;
  }
  EXPECT_EQ(t.total(), total);
}

TEST(TopK, CapacityIsClamped) {
  EXPECT_EQ(TopK(0).capacity(), 1u);
  EXPECT_EQ(TopK(size_t{1} << 40).capacity(), TopK::kMaxCapacity);
}

std::vector<std::string> SampleTopKs() {
  std::mt19937_64 rng(56);
  TopK exact(8);
  for (uint64_t k : {uint64_t{0}, uint64_t{1}, uint64_t{1}, uint64_t{5}, uint64_t{1} << 63}) {
    exact.Add(k);
  }
  TopK full(16);
  for (uint64_t k : ZipfKeys(rng, 500, 100, 1)) full.Add(k);
  return {TopK().Serialize(), exact.Serialize(), full.Serialize()};
}

TEST(TopK, RoundTripAndHostileBytes) {
  for (const std::string& bytes : SampleTopKs()) testing::CheckRoundTrip(*TopK::Deserialize(bytes));
  testing::CheckHostileBytes<TopK>(SampleTopKs(), 57);
  // A huge capacity costs nothing until items arrive.
  wire::Writer w(wire::Tag::kTopK);
  w.Varint(TopK::kMaxCapacity);
  w.Varint(0);
  w.Varint(0);
  w.Varint(0);
  testing::ResetAllocatedBytes();
  EXPECT_TRUE(TopK::Deserialize(std::move(w).Finish()).ok());
  EXPECT_LT(testing::AllocatedBytes(), 1024u);
}

TEST(TopK, DeserializedSummaryKeepsWorking) {
  std::mt19937_64 rng(58);
  const auto keys = ZipfKeys(rng, 5000, 400, 1);
  TopK direct(32), resumed(32);
  for (size_t i = 0; i < keys.size(); ++i) {
    direct.Add(keys[i]);
    if (i == keys.size() / 2) resumed = *TopK::Deserialize(resumed.Serialize());
    resumed.Add(keys[i]);
  }
  EXPECT_EQ(direct, resumed);
}

TEST(TopK, MergeThatWouldOverflowChangesNothing) {
  TopK full(4);
  full.Add(7, std::numeric_limits<uint64_t>::max() - 1);
  TopK other(4);
  other.Add(7, 2);  // the same key: its count and the total would overflow
  const TopK before = full;
  EXPECT_FALSE(full.Merge(other));
  EXPECT_EQ(full, before);
  TopK another(4);
  another.Add(8, 2);  // another key: only the total would overflow
  EXPECT_FALSE(full.Merge(another));
  EXPECT_EQ(full, before);
  EXPECT_FALSE(full.Merge(full));
  EXPECT_EQ(full, before);
  TopK one(4);
  one.Add(9);
  EXPECT_TRUE(full.Merge(one));
  EXPECT_EQ(full.total(), std::numeric_limits<uint64_t>::max());
  ASSERT_TRUE(TopK::Deserialize(full.Serialize()).ok());
}

}  // namespace
}  // namespace csm
