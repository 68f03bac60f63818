#include "csm/model/internal/ticket_state.h"

#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(TicketStateTest, FitsIn128Bytes) {
  EXPECT_LE(sizeof(TicketState), 128u);
  RecordProperty("sizeof_TicketState", static_cast<int>(sizeof(TicketState)));
}

TEST(TicketStateTest, Int48RoundTripsTheSupportedRangeAndSaturates) {
  Int48 v;
  for (int64_t x : {int64_t{0}, int64_t{1}, int64_t{-1}, ToEpochMs(kMaxInstant),
                    -ToEpochMs(kMaxInstant), Int48::kMax, Int48::kMin}) {
    v.set(x);
    EXPECT_EQ(v.get(), x);
  }
  v.set(Int48::kMax + 5);
  EXPECT_EQ(v.get(), Int48::kMax);
  v.set(Int48::kMin - 5);
  EXPECT_EQ(v.get(), Int48::kMin);
}

TEST(TicketStateTest, DimsKeepWideAndNarrowIds) {
  TicketDims d;
  d.Set(Field::kAgent, 0x7FFFFFFE);
  d.Set(Field::kCustomer, 70000);
  d.Set(Field::kGroup, 0xFFFF);
  d.Set(Field::kSegment, 3);
  EXPECT_EQ(d.Get(Field::kAgent), 0x7FFFFFFEu);
  EXPECT_EQ(d.Get(Field::kCustomer), 70000u);
  EXPECT_EQ(d.Get(Field::kGroup), 0xFFFFu);
  EXPECT_EQ(d.Get(Field::kSegment), 3u);
  EXPECT_EQ(d.Get(Field::kChannel), 0u);
  EXPECT_EQ(d.Get(Field::kStep), 0u);  // not a ticket dimension
}

TEST(TicketStateTest, StatusFlagsAndCountersPackIndependently) {
  TicketState s;
  s.set_status(TicketStatus::kOnHold);
  s.set(kProactive);
  s.set(kReplied);
  EXPECT_EQ(s.status(), TicketStatus::kOnHold);
  s.set_status(TicketStatus::kClosed);
  EXPECT_EQ(s.status(), TicketStatus::kClosed);
  EXPECT_TRUE(s.has(kProactive));
  EXPECT_TRUE(s.has(kReplied));
  s.set(kProactive, false);
  EXPECT_FALSE(s.has(kProactive));
  EXPECT_EQ(s.status(), TicketStatus::kClosed);

  s.set_agent_stations(3);
  s.set_group_stations(20);  // saturates at 15
  EXPECT_EQ(s.agent_stations(), 3);
  EXPECT_EQ(s.group_stations(), 15);
  s.set_other_agent_id(0x12345678);
  EXPECT_EQ(s.other_agent_id(), 0x12345678u);
  s.created_at.set(FromEpochMs(1700000000123));
  EXPECT_EQ(ToEpochMs(s.created_at.get()), 1700000000123);
}

}  // namespace
}  // namespace csm
