#include "csm/model/internal/iso8601.h"

#include "gtest/gtest.h"

namespace csm {
namespace {

int64_t Ms(std::string_view s) {
  absl::StatusOr<Instant> t = ParseIsoInstant(s);
  EXPECT_TRUE(t.ok()) << s << ": " << t.status();
  return t.ok() ? ToEpochMs(*t) : -1;
}

TEST(Iso8601Test, ParsesOffsetsAndFractions) {
  EXPECT_EQ(Ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Ms("2026-11-02T00:00:00-05:00"), Ms("2026-11-02T05:00:00Z"));
  EXPECT_EQ(Ms("2026-11-02T05:00Z"), Ms("2026-11-02T05:00:00Z"));
  EXPECT_EQ(Ms("2026-11-02 10:30+0530"), Ms("2026-11-02T05:00:00Z"));
  EXPECT_EQ(Ms("2026-11-02T07:00:00+02"), Ms("2026-11-02T05:00:00Z"));
  EXPECT_EQ(Ms("2026-11-02T05:00:00.25Z") - Ms("2026-11-02T05:00:00Z"), 250);
  EXPECT_EQ(Ms("2026-11-02T05:00:00.123999Z") - Ms("2026-11-02T05:00:00Z"), 123);
  EXPECT_EQ(Ms("2016-02-29T01:16:00Z"), 1456708560000);
}

TEST(Iso8601Test, RejectsWhatIsNotAnInstant) {
  for (std::string_view bad :
       {"", "2026-11-02", "2026-11-02T05:00:00", "2026-02-30T00:00Z", "2026-11-02T24:00Z",
        "2026-11-02T05:00:00Zjunk", "2026-11-02T05:00:00.Z", "02-11-2026T05:00Z",
        "2026-11-02T05:00:00+2:00"}) {
    EXPECT_FALSE(ParseIsoInstant(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseIsoInstant("1969-12-31T23:59:59Z").status().code(), absl::StatusCode::kOutOfRange);
}

TEST(Iso8601Test, FormatsInAZone) {
  const Instant t = *ParseIsoInstant("2026-11-02T05:00:00Z");
  EXPECT_EQ(FormatIsoInstant(t, nullptr), "2026-11-02T05:00:00Z");
  EXPECT_EQ(FormatIsoInstant(t, *TimeZone::Locate("America/New_York")),
            "2026-11-02T00:00:00-05:00");
  EXPECT_EQ(FormatIsoInstant(t + Millis{7}, *TimeZone::Locate("Asia/Kolkata")),
            "2026-11-02T10:30:00.007+05:30");
  EXPECT_EQ(FormatIsoInstant(*ParseIsoInstant("2040-07-01T12:00:00Z"),
                             *TimeZone::Locate("America/New_York")),
            "2040-07-01T08:00:00-04:00");  // summer time after 2037 too
}

}  // namespace
}  // namespace csm
