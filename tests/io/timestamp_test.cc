// Timestamp parsers and the ISO-8601 writer, including DST edges.
#include "csm/io/timestamp.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace csm::io {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// 2016-02-29T01:16:00Z in epoch ms: date -u -d 2016-02-29T01:16:00Z +%s → 1456708560.
constexpr std::int64_t kLeapDay = 1456708560000;

Instant Ms(std::int64_t ms) { return FromEpochMs(ms); }

Zone MustFind(std::string_view name) {
  absl::StatusOr<Zone> z = Zone::Find(name);
  EXPECT_TRUE(z.ok()) << z.status();
  return *z;
}

TEST(ParseIso8601, OffsetsFractionsAndSeparators) {
  EXPECT_EQ(*ParseIso8601("2016-02-29T01:16:00Z"), Ms(kLeapDay));
  EXPECT_EQ(*ParseIso8601("2016-02-29T03:16:00+02:00"), Ms(kLeapDay));
  EXPECT_EQ(*ParseIso8601("2016-02-28T20:16:00-0500"), Ms(kLeapDay));
  EXPECT_EQ(*ParseIso8601("2016-02-29 01:16Z"), Ms(kLeapDay));
  EXPECT_EQ(*ParseIso8601("2016-02-29T01:16:00.25Z"), Ms(kLeapDay + 250));
  EXPECT_EQ(*ParseIso8601("2016-02-29T01:16:00.123456Z"), Ms(kLeapDay + 123));
}

TEST(ParseIso8601, WithoutOffsetNeedsAZone) {
  EXPECT_FALSE(ParseIso8601("2016-02-29T01:16:00").ok());
  Zone jerusalem = MustFind("Asia/Jerusalem");  // UTC+2 in February
  EXPECT_EQ(*ParseIso8601("2016-02-29T03:16:00", &jerusalem), Ms(kLeapDay));
}

TEST(ParseIso8601, RejectsMalformedAndImpossible) {
  for (const char* bad : {"2016-02-30T01:16:00Z", "2016-2-29T01:16Z", "2016-02-29T25:00Z",
                          "2016-02-29T01:16:00Q", "", "yesterday", "1969-12-31T23:59:59Z"}) {
    EXPECT_FALSE(ParseIso8601(bad).ok()) << bad;
  }
  EXPECT_THAT(std::string(ParseIso8601("2016-13-01T00:00Z").status().message()),
              ::testing::HasSubstr("'2016-13-01T00:00Z'"));
}

TEST(ParseEpochMillis, Integers) {
  EXPECT_EQ(*ParseEpochMillis("1456708560000"), Ms(kLeapDay));
  EXPECT_FALSE(ParseEpochMillis("1456708560.5").ok());
  EXPECT_FALSE(ParseEpochMillis("-1").ok());  // before the supported range
}

TEST(ParseDayMonthYear, ServiceNowShape) {
  EXPECT_EQ(*ParseDayMonthYear("29-02-2016 01:16", Zone::Utc()), Ms(kLeapDay));
  EXPECT_EQ(*ParseDayMonthYear("29-02-2016 01:16:30", Zone::Utc()), Ms(kLeapDay + 30000));
  EXPECT_FALSE(ParseDayMonthYear("30-02-2016 01:16", Zone::Utc()).ok());
  EXPECT_FALSE(ParseDayMonthYear("2016-02-29 01:16", Zone::Utc()).ok());
}

TEST(ParseUsDateTime, TwelveHourClock) {
  Zone ny = MustFind("America/New_York");
  // 2022-05-01 00:00:03 EDT (UTC-4) = 04:00:03Z; date -u -d 2022-05-01T04:00:03Z +%s → 1651377603.
  EXPECT_EQ(*ParseUsDateTime("05/01/2022 12:00:03 AM", ny), Ms(1651377603000));
  EXPECT_EQ(*ParseUsDateTime("05/01/2022 12:00:03 PM", ny), Ms(1651377603000 + 12 * 3600000));
  EXPECT_EQ(*ParseUsDateTime("05/01/2022 01:00:03 PM", ny), Ms(1651377603000 + 13 * 3600000));
  EXPECT_EQ(*ParseUsDateTime("05/01/2022 13:00:03", ny), Ms(1651377603000 + 13 * 3600000));
  EXPECT_FALSE(ParseUsDateTime("05/01/2022 13:00:03 PM", ny).ok());
  EXPECT_FALSE(ParseUsDateTime("05/01/2022 00:00:03 AM", ny).ok());
}

TEST(Zone, DaylightSavingGapsAndFolds) {
  Zone ny = MustFind("America/New_York");
  // 2022-03-13 02:30 does not exist in New York: read with the pre-shift
  // offset (-5), i.e. 07:30Z (= 03:30 EDT).
  EXPECT_EQ(*ParseIso8601("2022-03-13T02:30:00", &ny), *ParseIso8601("2022-03-13T07:30:00Z"));
  // 2022-11-06 01:30 happens twice: the first (EDT, -4) is 05:30Z.
  EXPECT_EQ(*ParseIso8601("2022-11-06T01:30:00", &ny), *ParseIso8601("2022-11-06T05:30:00Z"));
  // Just after the fold the cache must not keep the summer offset.
  EXPECT_EQ(*ParseIso8601("2022-11-06T03:00:00", &ny), *ParseIso8601("2022-11-06T08:00:00Z"));
  EXPECT_EQ(*ParseIso8601("2022-11-05T03:00:00", &ny), *ParseIso8601("2022-11-05T07:00:00Z"));
  EXPECT_EQ(ny.OffsetAt(*ParseIso8601("2022-07-01T00:00:00Z")), hours{-4});
  EXPECT_EQ(ny.OffsetAt(*ParseIso8601("2022-12-01T00:00:00Z")), hours{-5});
  // Local times after 2037 keep summer time (date/tz alone stops at 2037).
  EXPECT_EQ(*ParseIso8601("2040-07-01T08:00:00", &ny), *ParseIso8601("2040-07-01T12:00:00Z"));
  EXPECT_EQ(*ParseIso8601("2040-03-11T02:30:00", &ny), *ParseIso8601("2040-03-11T07:30:00Z"));
}

TEST(Zone, UnknownNameIsAnError) {
  absl::StatusOr<Zone> z = Zone::Find("Mars/Base");
  ASSERT_FALSE(z.ok());
  EXPECT_THAT(std::string(z.status().message()), ::testing::HasSubstr("Mars/Base"));
  EXPECT_TRUE(Zone::Find("UTC")->is_utc());
}

TEST(ParseYymmddAndClock, BankLogShapes) {
  EXPECT_EQ(*ParseYymmdd("990201"), date::local_days{date::year{1999} / 2 / 1});
  EXPECT_EQ(*ParseYymmdd("160229"), date::local_days{date::year{2016} / 2 / 29});
  EXPECT_FALSE(ParseYymmdd("990229").ok());
  EXPECT_EQ(*ParseClock("7:02:47"), seconds{7 * 3600 + 2 * 60 + 47});
  EXPECT_EQ(*ParseClock("23:59:59"), seconds{86399});
  EXPECT_FALSE(ParseClock("7:2:47").ok());
  EXPECT_FALSE(ParseClock("24:00:00").ok());
}

TEST(ParseTimestamp, DetectsTheShape) {
  Zone utc = Zone::Utc();
  EXPECT_EQ(*ParseTimestamp("1456708560000", utc), Ms(kLeapDay));
  EXPECT_EQ(*ParseTimestamp("2016-02-29T01:16:00Z", utc), Ms(kLeapDay));
  EXPECT_EQ(*ParseTimestamp("2016-02-29 01:16", utc), Ms(kLeapDay));
  EXPECT_EQ(*ParseTimestamp("29-02-2016 01:16", utc), Ms(kLeapDay));
  EXPECT_EQ(*ParseTimestamp("02/29/2016 01:16:00 AM", utc), Ms(kLeapDay));
  EXPECT_FALSE(ParseTimestamp("last tuesday", utc).ok());
}

TEST(FormatIso8601, OffsetsAndMilliseconds) {
  char buf[32];
  EXPECT_EQ(std::string(buf, FormatIso8601(Ms(kLeapDay), seconds{0}, buf)), "2016-02-29T01:16:00Z");
  EXPECT_EQ(std::string(buf, FormatIso8601(Ms(kLeapDay + 5), hours{2}, buf)),
            "2016-02-29T03:16:00.005+02:00");
  EXPECT_EQ(std::string(buf, FormatIso8601(Ms(kLeapDay), -(hours{5} + minutes{30}), buf)),
            "2016-02-28T19:46:00-05:30");
  Zone ny = MustFind("America/New_York");
  EXPECT_EQ(FormatIso8601(Ms(1651377603000), ny), "2022-05-01T00:00:03-04:00");
}

TEST(FormatIso8601, RoundTripsThroughTheParser) {
  Zone paris = MustFind("Europe/Paris");
  for (std::int64_t ms = 0; ms < 7258118400000; ms += 7777777777) {
    EXPECT_EQ(*ParseIso8601(FormatIso8601(Ms(ms), paris)), Ms(ms)) << ms;
  }
}

}  // namespace
}  // namespace csm::io
