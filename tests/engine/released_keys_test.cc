#include "csm/engine/internal/released_keys.h"

#include <vector>

#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(ReleasedKeysTest, NamedAndNumberedKeysComeAndGo) {
  ReleasedKeys keys;
  const TicketKey named = NamedTicketKey(130);
  const TicketKey numbered = 130;  // the same digits, another ticket
  EXPECT_FALSE(keys.contains(named));
  EXPECT_TRUE(keys.insert(named));
  EXPECT_FALSE(keys.insert(named));  // already in
  EXPECT_TRUE(keys.contains(named));
  EXPECT_FALSE(keys.contains(numbered));
  EXPECT_FALSE(keys.contains(NamedTicketKey(129)));
  EXPECT_FALSE(keys.contains(NamedTicketKey(100000)));  // beyond the bits held
  EXPECT_TRUE(keys.insert(numbered));
  EXPECT_TRUE(keys.insert(NamedTicketKey(1)));
  EXPECT_EQ(keys.size(), 3u);

  keys.erase(named);
  keys.erase(named);                   // twice: no change
  keys.erase(NamedTicketKey(100000));  // never in
  EXPECT_FALSE(keys.contains(named));
  EXPECT_TRUE(keys.contains(numbered));
  EXPECT_EQ(keys.size(), 2u);
  keys.erase(numbered);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_TRUE(keys.insert(named));  // released again after being forgotten
  EXPECT_EQ(keys.size(), 2u);
}

TEST(ReleasedKeysTest, ListsNamedKeysByIdThenNumberedOnes) {
  ReleasedKeys keys;
  for (TicketKey k : {NamedTicketKey(200), TicketKey{7}, NamedTicketKey(3), NamedTicketKey(64)}) {
    keys.insert(k);
  }
  std::vector<TicketKey> seen;
  keys.ForEach([&](TicketKey k) { seen.push_back(k); });
  EXPECT_EQ(seen, (std::vector<TicketKey>{NamedTicketKey(3), NamedTicketKey(64),
                                          NamedTicketKey(200), TicketKey{7}}));
}

TEST(ReleasedKeysTest, AMillionNamedKeysTakeABitEach) {
  ReleasedKeys keys;
  for (uint32_t id = 1; id <= 1'000'000; ++id) keys.insert(NamedTicketKey(id));
  EXPECT_EQ(keys.size(), 1'000'000u);
  EXPECT_LE(keys.MemoryBytes(), 2 * 1'000'000 / 8 + 4096);  // a vector grows by doubling
  EXPECT_TRUE(keys.contains(NamedTicketKey(999'999)));
  EXPECT_FALSE(keys.contains(NamedTicketKey(1'000'001)));
}

}  // namespace
}  // namespace csm
