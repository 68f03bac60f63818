// LocalNames: dense ids in order of first appearance, stable views, and the
// cache of recent names giving the same ids as the map behind it.
#include "csm/io/local_names.h"

#include <string>
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

// Enough names that the cache is in use, with short names (cached inline)
// and long ones (map only), looked up again in another order: every id is
// the one given the first time, and views stay valid as the table grows.
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

}  // namespace
}  // namespace csm::io
