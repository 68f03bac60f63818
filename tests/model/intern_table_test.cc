#include "csm/model/internal/intern_table.h"

#include <string>

#include "csm/model/stable_name_hash.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(InternTableTest, GivesDenseIdsPerFieldAndBack) {
  InternTable t;
  EXPECT_EQ(*t.Intern(Field::kAgent, "alice"), 1u);
  EXPECT_EQ(*t.Intern(Field::kAgent, "bob"), 2u);
  EXPECT_EQ(*t.Intern(Field::kAgent, "alice"), 1u);
  EXPECT_EQ(*t.Intern(Field::kGroup, "alice"), 1u);  // fields are separate
  EXPECT_EQ(t.size(Field::kAgent), 2u);
  EXPECT_EQ(t.Name(Field::kAgent, 2), "bob");
  EXPECT_EQ(t.Name(Field::kAgent, 0), "");
  EXPECT_EQ(t.Name(Field::kAgent, 3), "");
  EXPECT_EQ(t.Find(Field::kAgent, "bob"), 2u);
  EXPECT_FALSE(t.Find(Field::kAgent, "carol").has_value());
  EXPECT_TRUE(t.Contains(Field::kAgent, 2));
  EXPECT_FALSE(t.Contains(Field::kAgent, 0));
}

TEST(InternTableTest, RejectsBadNames) {
  InternTable t;
  EXPECT_EQ(t.Intern(Field::kAgent, "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(t.Intern(Field::kAgent, std::string(kMaxNameBytes + 1, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(t.Intern(Field::kAgent, std::string(kMaxNameBytes, 'x')).ok());
  EXPECT_FALSE(t.Intern(Field::kAgent, std::string("a\0b", 3)).ok());
  EXPECT_FALSE(t.Intern(Field::kAgent, "tab\there").ok());
  EXPECT_FALSE(t.Intern(Field::kAgent, "\xC3").ok());              // truncated sequence
  EXPECT_FALSE(t.Intern(Field::kAgent, "\xC0\xAF").ok());          // overlong
  EXPECT_FALSE(t.Intern(Field::kAgent, "\xED\xA0\x80").ok());      // surrogate
  EXPECT_FALSE(t.Intern(Field::kAgent, "\xF4\x90\x80\x80").ok());  // above U+10FFFF
  EXPECT_TRUE(t.Intern(Field::kAgent, "Zoë 山田 🙂").ok());
  EXPECT_EQ(t.size(Field::kAgent), 2u);  // failures add nothing
}

TEST(InternTableTest, RollbackForgetsNewIdsOnly) {
  InternTable t;
  ASSERT_TRUE(t.Intern(Field::kChannel, "email").ok());
  const InternTable::Mark mark = t.mark();
  ASSERT_TRUE(t.Intern(Field::kChannel, "chat").ok());
  ASSERT_TRUE(t.Intern(Field::kTicket, "T-1").ok());
  t.Rollback(mark);
  EXPECT_EQ(t.size(Field::kChannel), 1u);
  EXPECT_EQ(t.size(Field::kTicket), 0u);
  EXPECT_FALSE(t.Find(Field::kChannel, "chat").has_value());
  EXPECT_EQ(*t.Intern(Field::kChannel, "chat"), 2u);  // the id is given out again
}

TEST(InternTableTest, KeepsEachNamesStableHashBesideIt) {
  InternTable t;
  const uint32_t a = *t.Intern(Field::kCustomer, "customer-1");
  const uint32_t b = *t.Intern(Field::kCustomer, "customer-2");
  EXPECT_EQ(t.NameHash(Field::kCustomer, a), StableNameHash("customer-1"));
  EXPECT_EQ(t.NameHash(Field::kCustomer, b), StableNameHash("customer-2"));
  EXPECT_NE(t.NameHash(Field::kCustomer, a), t.NameHash(Field::kCustomer, b));
  EXPECT_EQ(t.NameHash(Field::kCustomer, 0), 0u);  // no name
  EXPECT_EQ(t.NameHash(Field::kCustomer, 3), 0u);  // not given out
  EXPECT_EQ(t.NameHash(Field::kAgent, a), 0u);     // fields are separate
  const InternTable::Mark mark = t.mark();
  const uint32_t c = *t.Intern(Field::kCustomer, "customer-3");
  t.Rollback(mark);
  EXPECT_EQ(t.NameHash(Field::kCustomer, c), 0u);
  // The id given out again names another string: its hash follows.
  EXPECT_EQ(t.NameHash(Field::kCustomer, *t.Intern(Field::kCustomer, "customer-4")),
            StableNameHash("customer-4"));
}

TEST(InternTableTest, SmallFieldsHoldAtMost65535Values) {
  InternTable t;
  for (uint32_t i = 0; i < MaxFieldIds(Field::kPriority); ++i) {
    ASSERT_TRUE(t.Intern(Field::kPriority, std::to_string(i)).ok());
  }
  EXPECT_EQ(t.Intern(Field::kPriority, "one more").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(t.Intern(Field::kPriority, "7").ok());  // existing names still resolve
  EXPECT_TRUE(t.Intern(Field::kAgent, "one more").ok());
}

TEST(Utf8Test, AcceptsWellFormedOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));  // €
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));  // overlong 3-byte
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
}

}  // namespace
}  // namespace csm
