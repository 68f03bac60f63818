#include "csm/engine/internal/ticket_table.h"

#include <map>
#include <random>

#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(TicketTableTest, BehavesLikeAMapAcrossBlocksAndReusesSlots) {
  TicketTable table;
  std::map<TicketKey, uint16_t> model;
  std::mt19937_64 rng(3);
  for (int step = 0; step < 200'000; ++step) {
    const TicketKey key = 1 + rng() % 60'000;  // spans two slab blocks
    switch (rng() % 3) {
      case 0: {
        auto [state, inserted] = table.Insert(key);
        EXPECT_EQ(inserted, !model.contains(key));
        if (inserted) {
          EXPECT_EQ(*state, TicketState{});  // reused slots come back clean
          state->agent_replies = static_cast<uint16_t>(key);
          model[key] = static_cast<uint16_t>(key);
        }
        break;
      }
      case 1:
        table.Erase(key);
        model.erase(key);
        break;
      default: {
        const TicketState* s = table.Find(key);
        ASSERT_EQ(s != nullptr, model.contains(key));
        if (s != nullptr) {
          EXPECT_EQ(s->agent_replies, model[key]);
        }
        table.Prefetch(key);
        table.PrefetchState(key);
      }
    }
  }
  EXPECT_EQ(table.size(), model.size());
  size_t seen = 0;
  table.ForEach([&](TicketKey key, const TicketState& s) {
    ++seen;
    EXPECT_EQ(s.agent_replies, model.at(key));
  });
  EXPECT_EQ(seen, model.size());
  // 128 bytes of slab per ticket plus 17 per map slot, within the slack of
  // one block and the map's load factor.
  EXPECT_LT(table.MemoryBytes(), 2 * 32768 * sizeof(TicketState) + 65536 * 17 + 60000 * 4);
}

}  // namespace
}  // namespace csm
