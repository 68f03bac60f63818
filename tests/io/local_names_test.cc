// LocalNames: dense ids in order of first appearance, stable views, names
// kept inline in the table or (long ones) compared through their views, and
// names whose hashes collide.
#include "csm/io/local_names.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "gtest/gtest.h"

namespace csm::io {
namespace {

TEST(LocalNames, IdsInOrderOfFirstAppearance) {
  LocalNames names;
  const std::string text = "email chat email phone chat";
  auto at = [&](std::size_t pos, std::size_t n) { return std::string_view(text).substr(pos, n); };
  LocalNames::Lookup a = names.Id(at(0, 5), true);
  EXPECT_EQ(a.id, 1u);
  EXPECT_TRUE(a.added);
  EXPECT_EQ(a.name.data(), text.data());  // stable: a view into the text
  LocalNames::Lookup b = names.Id(at(6, 4), true);
  EXPECT_EQ(b.id, 2u);
  EXPECT_TRUE(b.added);
  LocalNames::Lookup again = names.Id(at(11, 5), true);
  EXPECT_EQ(again.id, 1u);
  EXPECT_FALSE(again.added);
  EXPECT_EQ(names.Id(at(17, 5), true).id, 3u);
  EXPECT_EQ(names.Id(at(23, 4), true).id, 2u);
  EXPECT_EQ(names.size(), 3u);
}

TEST(LocalNames, UnstableNamesAreCopied) {
  LocalNames names;
  std::string scratch = "agent \"one\"";
  LocalNames::Lookup a = names.Id(scratch, false);
  EXPECT_NE(a.name.data(), scratch.data());
  scratch.assign("something else entirely");  // the reader reuses its buffer
  EXPECT_EQ(a.name, "agent \"one\"");
  EXPECT_EQ(names.Id("agent \"one\"", false).id, a.id);
  EXPECT_FALSE(names.Id("agent \"one\"", false).added);
}

// Many names (the table grows many times), short ones (inline) and long
// ones, looked up again in another order: every id is the one given the
// first time, and views stay valid as the table grows.
TEST(LocalNames, ManyNamesKeepTheirIds) {
  LocalNames names;
  std::vector<std::string> text;
  for (int i = 0; i < 100000; ++i) {
    text.push_back(i % 7 == 0 ? "a-long-ticket-name-beyond-the-cache-" + std::to_string(i)
                              : "T" + std::to_string(i));
  }
  std::vector<LocalNames::Lookup> first;
  for (const std::string& t : text) first.push_back(names.Id(t, true));
  for (std::size_t i = 0; i < text.size(); ++i) {
    ASSERT_EQ(first[i].id, i + 1);
    ASSERT_TRUE(first[i].added);
  }
  for (int round = 0; round < 2; ++round) {
    for (std::size_t k = 0; k < text.size(); ++k) {
      const std::size_t i = (k * 7919) % text.size();
      LocalNames::Lookup l = names.Id(text[i], true);
      ASSERT_EQ(l.id, i + 1) << text[i];
      ASSERT_FALSE(l.added);
    }
  }
  EXPECT_EQ(names.size(), text.size());
  // Views handed out when names were added still read right.
  for (std::size_t i = 0; i < text.size(); ++i) ASSERT_EQ(first[i].name, text[i]);
}

TEST(LocalNames, EmptyName) {
  LocalNames names;
  EXPECT_EQ(names.Id("x", true).id, 1u);
  LocalNames::Lookup empty = names.Id(std::string_view(), true);
  EXPECT_EQ(empty.id, 2u);
  EXPECT_TRUE(empty.added);
  EXPECT_EQ(names.Id("x", true).id, 1u);
  EXPECT_EQ(names.Id("", false).id, 2u);
  EXPECT_FALSE(names.Id("", true).added);
}

// Names at the inline limit and just past it, and long names that differ
// only after the first kInlineBytes bytes or only in length.
TEST(LocalNames, InlineLimitAndLongNames) {
  LocalNames names;
  const std::string at_limit(LocalNames::kInlineBytes, 'a');
  const std::string past_limit(LocalNames::kInlineBytes + 1, 'a');
  std::string long_b = past_limit;
  long_b.back() = 'b';
  const std::string very_long(100000, 'a');
  std::string nul("ab\0cd", 5);
  const std::vector<std::string> all = {at_limit, past_limit, long_b, very_long, nul, "ab"};
  for (std::size_t i = 0; i < all.size(); ++i) {
    LocalNames::Lookup l = names.Id(all[i], false);
    EXPECT_EQ(l.id, i + 1);
    EXPECT_TRUE(l.added);
    EXPECT_EQ(l.name, all[i]);
  }
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = all.size(); i-- > 0;) {
      LocalNames::Lookup l = names.Id(all[i], true);
      EXPECT_EQ(l.id, i + 1) << i;
      EXPECT_FALSE(l.added);
    }
  }
  EXPECT_EQ(names.Id(std::string(LocalNames::kInlineBytes - 1, 'a'), true).id, all.size() + 1);
}

// Two names with the same hash (found by trying: 32 bits, so a few hundred
// thousand names nearly surely hold a pair), short and long, keep apart.
TEST(LocalNames, CollidingHashes) {
  for (const std::string& prefix : {std::string("T"), std::string(40, 'L')}) {
    std::unordered_map<std::uint32_t, std::string> seen;
    std::string first, second;
    for (int i = 0; i < 2000000 && first.empty(); ++i) {
      std::string name = prefix + std::to_string(i);
      auto [it, inserted] = seen.emplace(LocalNames::Hash(name), name);
      if (!inserted) {
        first = it->second;
        second = name;
      }
    }
    ASSERT_FALSE(first.empty()) << "no colliding pair found";
    ASSERT_EQ(LocalNames::Hash(first), LocalNames::Hash(second));
    LocalNames names;
    EXPECT_EQ(names.Id(first, false).id, 1u);
    EXPECT_EQ(names.Id("other", false).id, 2u);  // between the two: no last-name shortcut
    LocalNames::Lookup b = names.Id(second, false);
    EXPECT_EQ(b.id, 3u);
    EXPECT_TRUE(b.added);
    EXPECT_EQ(names.Id("other", false).id, 2u);
    EXPECT_EQ(names.Id(first, false).id, 1u);
    EXPECT_EQ(names.Id("other", false).id, 2u);
    EXPECT_EQ(names.Id(second, false).id, 3u);
  }
}

}  // namespace
}  // namespace csm::io
