// HandoffQueue: first in first out, across threads, and Close.
#include "csm/engine/internal/handoff_queue.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(HandoffQueue, FirstInFirstOut) {
  HandoffQueue<int> q;
  EXPECT_TRUE(q.Push(1));
  EXPECT_TRUE(q.Push(2));
  EXPECT_EQ(q.Pop(), 1);
  EXPECT_EQ(q.Pop(), 2);
}

TEST(HandoffQueue, CloseDrainsThenEnds) {
  HandoffQueue<int> q;
  q.Push(7);
  q.Close();
  EXPECT_FALSE(q.Push(8));
  EXPECT_EQ(q.Pop(), 7);
  EXPECT_EQ(q.Pop(), std::nullopt);
}

TEST(HandoffQueue, HandsItemsToAnotherThreadInOrder) {
  HandoffQueue<int> q;
  std::vector<int> got;
  std::thread consumer([&] {
    while (std::optional<int> v = q.Pop()) got.push_back(*v);
  });
  for (int i = 0; i < 10000; ++i) q.Push(i);
  q.Close();
  consumer.join();
  ASSERT_EQ(got.size(), 10000u);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(got[i], i);
}

TEST(HandoffQueue, CloseWakesAWaitingPop) {
  HandoffQueue<int> q;
  std::optional<int> got = 5;
  std::thread waiter([&] { got = q.Pop(); });
  q.Close();
  waiter.join();
  EXPECT_EQ(got, std::nullopt);
}

}  // namespace
}  // namespace csm
