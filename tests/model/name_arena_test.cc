#include "csm/model/internal/name_arena.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(NameArenaTest, KeepsNamesInOrderAndViewsValidAcrossChunks) {
  NameArena arena;
  std::vector<std::string> names;
  std::vector<std::string_view> views;
  // About 3 MiB of names: several chunks, some names cut off a chunk's end.
  for (int i = 0; i < 30000; ++i) {
    names.push_back("ticket-" + std::to_string(i) + std::string(i % 200, 'x'));
    arena.Push(names.back());
    views.push_back(arena.back());
  }
  ASSERT_EQ(arena.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(arena[i], names[i]);
    EXPECT_EQ(views[i].data(), arena[i].data());  // never moved
  }
  EXPECT_GE(arena.MemoryBytes(), 3u << 20);
}

TEST(NameArenaTest, HoldsTheLongestName) {
  NameArena arena;
  const std::string longest(NameArena::kMaxName, 'y');
  arena.Push("a");
  arena.Push(longest);
  arena.Push(longest);
  EXPECT_EQ(arena[0], "a");
  EXPECT_EQ(arena[1], longest);
  EXPECT_EQ(arena[2], longest);
}

TEST(NameArenaTest, PopForgetsTheLastNamesAndReusesTheirBytes) {
  NameArena arena;
  for (int i = 0; i < 5000; ++i) arena.Push("name-" + std::to_string(i));
  const size_t before = arena.MemoryBytes();
  for (int i = 4999; i >= 10; --i) {
    ASSERT_EQ(arena.back(), "name-" + std::to_string(i));
    arena.Pop();
  }
  EXPECT_EQ(arena.size(), 10u);
  EXPECT_LT(arena.MemoryBytes(), before);  // the emptied chunks are gone
  arena.Push("again");
  EXPECT_EQ(arena[9], "name-9");
  EXPECT_EQ(arena[10], "again");
  EXPECT_EQ(arena[10].data(), arena[9].data() + arena[9].size());  // right after name-9
  while (arena.size() > 0) arena.Pop();
  arena.Push("first");
  EXPECT_EQ(arena[0], "first");
}

}  // namespace
}  // namespace csm
