#include "csm/model/internal/name_index.h"

#include <map>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace csm {
namespace {

// Names by id (id i is names[i - 1]), indexed by a NameIndex; `hash_of`
// lets a test force collisions.
class Names {
 public:
  explicit Names(uint32_t (*hash_of)(std::string_view) = &NameIndex::Hash) : hash_of_(hash_of) {}

  uint32_t Find(std::string_view name) const {
    return index_.Find(name, hash_of_(name),
                       [this](uint32_t id) { return std::string_view(names_[id - 1]); });
  }
  uint32_t Add(std::string name) {
    names_.push_back(std::move(name));
    const auto id = static_cast<uint32_t>(names_.size());
    index_.Insert(hash_of_(names_.back()), id);
    return id;
  }
  void RemoveLast() {
    index_.Erase(hash_of_(names_.back()), static_cast<uint32_t>(names_.size()));
    names_.pop_back();
  }
  const NameIndex& index() const { return index_; }

 private:
  uint32_t (*hash_of_)(std::string_view);
  std::vector<std::string> names_;
  NameIndex index_;
};

uint32_t SameHash(std::string_view) { return 12345; }
// Every name lands on the table's last entries, so runs wrap around to 0.
uint32_t LastEntryHash(std::string_view name) { return 0xFFFFFFFFu - (name.size() % 2); }

TEST(NameIndexTest, EmptyIndexFindsNothing) {
  Names names;
  EXPECT_EQ(names.Find("a"), 0u);
  EXPECT_EQ(names.Find(""), 0u);
  EXPECT_EQ(names.index().size(), 0u);
}

TEST(NameIndexTest, FindsWhatWasAdded) {
  Names names;
  EXPECT_EQ(names.Add("T1"), 1u);
  EXPECT_EQ(names.Add("T2"), 2u);
  EXPECT_EQ(names.Find("T1"), 1u);
  EXPECT_EQ(names.Find("T2"), 2u);
  EXPECT_EQ(names.Find("T3"), 0u);
  EXPECT_EQ(names.Find("T"), 0u);
  EXPECT_EQ(names.Find("T12"), 0u);
}

TEST(NameIndexTest, EmptyAndLongNames) {
  Names names;
  const std::string long_name(5000, 'x');
  std::string other_long = long_name;
  other_long.back() = 'y';
  EXPECT_EQ(names.Add(""), 1u);
  EXPECT_EQ(names.Add(long_name), 2u);
  EXPECT_EQ(names.Find(""), 1u);
  EXPECT_EQ(names.Find(long_name), 2u);
  EXPECT_EQ(names.Find(other_long), 0u);
  EXPECT_EQ(names.Find(long_name.substr(1)), 0u);
}

TEST(NameIndexTest, CollidingHashesCompareNames) {
  Names names(&SameHash);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(names.Add("n" + std::to_string(i)), i + 1u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(names.Find("n" + std::to_string(i)), i + 1u);
  EXPECT_EQ(names.Find("n100"), 0u);
  EXPECT_EQ(names.Find(""), 0u);
}

TEST(NameIndexTest, EraseKeepsCollidingNamesFindable) {
  Names names(&SameHash);
  for (int i = 0; i < 40; ++i) names.Add("n" + std::to_string(i));
  for (int n = 40; n > 0; --n) {
    names.RemoveLast();
    EXPECT_EQ(names.index().size(), n - 1u);
    EXPECT_EQ(names.Find("n" + std::to_string(n - 1)), 0u);
    for (int i = 0; i < n - 1; ++i) ASSERT_EQ(names.Find("n" + std::to_string(i)), i + 1u);
  }
}

TEST(NameIndexTest, RunsWrapAroundTheEnd) {
  Names names(&LastEntryHash);
  for (int i = 0; i < 30; ++i) names.Add(std::string(i, 'a'));
  for (int i = 0; i < 30; ++i) EXPECT_EQ(names.Find(std::string(i, 'a')), i + 1u);
  for (int n = 30; n > 0; --n) {
    names.RemoveLast();
    for (int i = 0; i < n - 1; ++i) ASSERT_EQ(names.Find(std::string(i, 'a')), i + 1u);
    EXPECT_EQ(names.Find(std::string(n - 1, 'a')), 0u);
  }
}

// Adds and rollbacks at random against a std::map, across many growths.
TEST(NameIndexTest, MatchesAMapUnderAddAndRemove) {
  std::mt19937 rng(11);
  Names names;
  std::vector<std::string> added;
  std::map<std::string, uint32_t> model;
  for (int step = 0; step < 60000; ++step) {
    if (!added.empty() && rng() % 4 == 0) {
      model.erase(added.back());
      added.pop_back();
      names.RemoveLast();
      continue;
    }
    std::string name = "T" + std::to_string(rng() % 50000);
    if (model.count(name)) {
      ASSERT_EQ(names.Find(name), model[name]);
      continue;
    }
    ASSERT_EQ(names.Find(name), 0u);
    added.push_back(name);
    model[name] = names.Add(name);
  }
  EXPECT_EQ(names.index().size(), model.size());
  for (const auto& [name, id] : model) ASSERT_EQ(names.Find(name), id);
  for (int i = 0; i < 1000; ++i) {
    const std::string name = "U" + std::to_string(i);
    ASSERT_EQ(names.Find(name), 0u);
  }
  EXPECT_GE(names.index().MemoryBytes(), model.size() * 8);
}

}  // namespace
}  // namespace csm
