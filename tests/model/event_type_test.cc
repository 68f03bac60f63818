#include "csm/model/event_type.h"

#include "csm/model/field.h"
#include "csm/model/reject_reason.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

TEST(EventTypeTest, NamesRoundTrip) {
  for (int i = 1; i <= kEventTypeCount; ++i) {
    const auto t = static_cast<EventType>(i);
    EXPECT_EQ(ParseEventType(EventTypeName(t)), t);
  }
  EXPECT_EQ(EventTypeName(EventType::kWrapupEnd), "wrapup_end");
  EXPECT_FALSE(ParseEventType("reply").has_value());
  EXPECT_FALSE(ParseEventType("").has_value());
  EXPECT_FALSE(IsValidEventType(0));
  EXPECT_FALSE(IsValidEventType(kEventTypeCount + 1));
}

TEST(EventTypeTest, StatusVocabularyDependsOnTheType) {
  EXPECT_EQ(ParseStatusFor(EventType::kStatus, "on_hold"),
            static_cast<uint8_t>(TicketStatus::kOnHold));
  EXPECT_FALSE(ParseStatusFor(EventType::kStatus, "available").has_value());
  EXPECT_EQ(ParseStatusFor(EventType::kAgentState, "after_call"),
            static_cast<uint8_t>(AgentState::kAfterCall));
  EXPECT_FALSE(ParseStatusFor(EventType::kAgentState, "solved").has_value());
}

TEST(FieldTest, DimensionsComeFirst) {
  EXPECT_EQ(ParseField("segment"), Field::kSegment);
  EXPECT_TRUE(IsDimension(Field::kCustomer));
  EXPECT_FALSE(IsDimension(Field::kStep));
  EXPECT_FALSE(IsDimension(Field::kTicket));
  EXPECT_EQ(RejectReasonName(RejectReason::kTicketReleased), "ticket_released");
}

TEST(IngestResultTest, KeepsTheFirstRejectionsOnly) {
  IngestResult r;
  for (int i = 0; i < 40; ++i) {
    if (i % 2 == 0) {
      r.Accept();
    } else {
      r.Reject(i, RejectReason::kOutOfOrder);
    }
  }
  EXPECT_EQ(r.accepted + r.rejected, 40u);
  ASSERT_EQ(r.first_rejections.size(), IngestResult::kMaxRejections);
  EXPECT_EQ(r.first_rejections[0].index, 1u);
  EXPECT_EQ(r.first_rejections[15].index, 31u);
}

}  // namespace
}  // namespace csm
