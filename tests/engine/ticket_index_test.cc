#include "csm/engine/internal/ticket_index.h"

#include <map>
#include <random>

#include "gtest/gtest.h"

namespace csm {
namespace {

// Every key of the model is found with its slot, and nothing else is.
void ExpectSameAs(const TicketIndex& index, const std::map<TicketKey, uint32_t>& model,
                  TicketKey max_key) {
  ASSERT_EQ(index.size(), model.size());
  for (TicketKey key = 0; key <= max_key; ++key) {
    const uint32_t* slot = index.Find(key);
    auto it = model.find(key);
    ASSERT_EQ(slot != nullptr, it != model.end()) << key;
    if (slot != nullptr) {
      EXPECT_EQ(*slot, it->second) << key;
    }
  }
  std::map<TicketKey, uint32_t> seen;
  index.ForEach([&](TicketKey key, uint32_t slot) { EXPECT_TRUE(seen.emplace(key, slot).second); });
  EXPECT_EQ(seen, model);
}

// Random inserts and erases over a small key space (long probe runs that
// wrap around the end, erases in the middle of runs), key 0 included.
TEST(TicketIndexTest, BehavesLikeAMapUnderChurn) {
  for (const TicketKey key_space : {TicketKey{40}, TicketKey{3000}}) {
    TicketIndex index;
    std::map<TicketKey, uint32_t> model;
    std::mt19937_64 rng(key_space);
    for (int step = 0; step < 100'000; ++step) {
      const TicketKey key = rng() % key_space;
      const auto slot = static_cast<uint32_t>(rng());
      if (rng() % 2 == 0) {
        auto [stored, inserted] = index.Insert(key, slot);
        ASSERT_EQ(inserted, !model.contains(key));
        if (inserted) model[key] = slot;
        EXPECT_EQ(*stored, model[key]);
      } else {
        const std::optional<uint32_t> erased = index.Erase(key);
        auto it = model.find(key);
        ASSERT_EQ(erased.has_value(), it != model.end());
        if (erased) {
          EXPECT_EQ(*erased, it->second);
          model.erase(it);
        }
      }
      index.Prefetch(key);
      if (step % 997 == 0) ExpectSameAs(index, model, key_space);
    }
    ExpectSameAs(index, model, key_space);
    // At most 3/4 full: a miss always ends at an empty entry.
    EXPECT_LE(index.size() * 4, index.capacity() * 3 + 4);
  }
}

TEST(TicketIndexTest, GrowsKeepsEntriesAndMoves) {
  TicketIndex index;
  EXPECT_EQ(index.Find(7), nullptr);
  EXPECT_FALSE(index.Erase(7).has_value());
  EXPECT_EQ(index.capacity(), 0u);
  std::map<TicketKey, uint32_t> model;
  for (uint32_t i = 1; i <= 100'000; ++i) {
    const TicketKey key = (TicketKey{1} << 63) | (TicketKey{i} * 7919);  // named-ticket keys
    index.Insert(key, i);
    model[key] = i;
  }
  EXPECT_EQ(index.size(), model.size());
  EXPECT_GE(index.capacity() * 3, index.size() * 4);
  EXPECT_EQ(index.MemoryBytes(), index.capacity() * 16);
  TicketIndex moved = std::move(index);
  EXPECT_EQ(moved.size(), model.size());
  for (const auto& [key, slot] : model) {
    const uint32_t* found = moved.Find(key);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(*found, slot);
  }
  // Inserting an existing key keeps its slot.
  auto [stored, inserted] = moved.Insert(model.begin()->first, 12345);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(*stored, model.begin()->second);
}

}  // namespace
}  // namespace csm
