// The live query parser (csm/live/live_query.h): every bad query is a clear
// InvalidArgument naming what is wrong; good ones parse to what they say.
#include "csm/live/live_query.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"

namespace csm::live {
namespace {

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<LiveQuery> q = LiveQuery::FromJson(text);
  EXPECT_FALSE(q.ok()) << text;
  if (q.ok()) return "";
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument) << q.status();
  return std::string(AsStd(q.status().message()));
}

TEST(LiveQuery, ParsesEachKind) {
  absl::StatusOr<LiveQuery> due = LiveQuery::FromJson(
      R"({"kind": "sla_due", "within": 3600.5, "limit": 7, "filter": {"group": ["tier1", "tier2"], "priority": "urgent"}})");
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(due->kind, LiveKind::kSlaDue);
  EXPECT_EQ(due->within, Millis{3600500});
  EXPECT_EQ(due->limit, 7u);
  ASSERT_EQ(due->filter.size(), 2u);
  EXPECT_EQ(due->filter[0].first, Field::kGroup);
  EXPECT_EQ(due->filter[0].second, (std::vector<std::string>{"tier1", "tier2"}));
  EXPECT_EQ(due->filter[1].second, (std::vector<std::string>{"urgent"}));

  absl::StatusOr<LiveQuery> defaults = LiveQuery::FromJson(R"({"kind": "sla_due"})");
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->within.has_value());
  EXPECT_EQ(defaults->limit, LiveQuery::kDefaultLimit);

  absl::StatusOr<LiveQuery> ticket = LiveQuery::FromJson(R"({"kind": "ticket", "ticket": 42})");
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->ticket, "42");

  absl::StatusOr<LiveQuery> queue =
      LiveQuery::FromJson(R"({"kind": "queue", "group_by": ["channel", "group"]})");
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->group_by, (std::vector<Field>{Field::kChannel, Field::kGroup}));
  absl::StatusOr<LiveQuery> filtered =
      LiveQuery::FromJson(R"({"kind": "queue", "filter": {"group": ["tier1", "tier2"]}})");
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->filter.size(), 1u);
  EXPECT_EQ(filtered->filter[0].first, Field::kGroup);
  EXPECT_EQ(filtered->filter[0].second, (std::vector<std::string>{"tier1", "tier2"}));
}

TEST(LiveQuery, KindIsRequiredAndKnown) {
  EXPECT_NE(ErrorOf(R"({"within": 60})").find("\"kind\" is required"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "breaches"})").find("unknown kind \"breaches\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": 3})").find("unknown kind 3"), std::string::npos);
  EXPECT_NE(ErrorOf(R"([1])").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(ErrorOf("").find("live query"), std::string::npos);
  EXPECT_NE(ErrorOf("{\"kind\": ").find("live query"), std::string::npos);
}

TEST(LiveQuery, BadWithinAndLimit) {
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "within": -1})").find("within must not be negative"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "within": "1h"})").find("within must be a number"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "within": 1e300})").find("at most 100 years"),
            std::string::npos);
  for (std::string_view limit : {"0", "-3", "1.5", "\"10\"", "1000001", "true"}) {
    EXPECT_NE(ErrorOf(absl::StrCat(R"({"kind": "sla_due", "limit": )", AsAbsl(limit), "}"))
                  .find("limit must be an integer from 1 to 1000000"),
              std::string::npos)
        << limit;
  }
}

TEST(LiveQuery, UnknownKeysAndOtherKindsKeys) {
  EXPECT_NE(ErrorOf(R"({"kind": "queue", "grain": "day"})")
                .find("unknown key \"grain\" for kind \"queue\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "ticket", "ticket": "T-1", "within": 60})")
                .find("unknown key \"within\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "group_by": ["group"]})").find("unknown key"),
            std::string::npos);
}

TEST(LiveQuery, BadDimensionsAndTickets) {
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "filter": {"colour": ["red"]}})")
                .find("\"colour\" is not a dimension"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "filter": {"group": []}})").find("non-empty array"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "sla_due", "filter": {"group": [1]}})").find("must hold strings"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "queue", "group_by": ["step"]})").find("is not a dimension"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "queue", "group_by": ["group", "group"]})").find("repeated"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "queue", "group_by": "group"})").find("must be an array"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"kind": "ticket"})").find("needs \"ticket\""), std::string::npos);
  for (std::string_view t : {"\"\"", "0", "-1", "null", "[\"T-1\"]"}) {
    EXPECT_NE(ErrorOf(absl::StrCat(R"({"kind": "ticket", "ticket": )", AsAbsl(t), "}"))
                  .find("ticket must be a non-empty string or a positive integer"),
              std::string::npos)
        << t;
  }
}

TEST(LiveQuery, OneJsonPolicy) {
  // Nesting beyond json_limits.h's bound is refused before parsing.
  const std::string deep =
      R"({"kind": "queue", "x": )" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_NE(ErrorOf(deep).find("live query"), std::string::npos);
  // Errors quote a bounded part of the input.
  const std::string long_kind = R"({"kind": ")" + std::string(5000, 'k') + "\"}";
  EXPECT_LT(ErrorOf(long_kind).size(), 400u);
  const std::string long_key = R"({"kind": "queue", ")" + std::string(5000, 'k') + "\": 1}";
  EXPECT_LT(ErrorOf(long_key).size(), 400u);
}

}  // namespace
}  // namespace csm::live
