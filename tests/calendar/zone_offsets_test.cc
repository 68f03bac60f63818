// The calendar takes a zone's UTC-offset periods from Abseil's time zone code
// (which continues DST past 2037 from the tz database's rule) and checks zone
// names against date's tz database. Both read the system tzdata: they must
// agree on every offset change where both have data.
#include "lib/calendar/zone_offsets.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "csm/time.h"
#include "date/tz.h"

namespace csm::calendar_internal {
namespace {

// Offset changes (begin ms, offset ms) from date, from 1970 up to `end_ms`.
std::vector<std::pair<std::int64_t, std::int64_t>> DateChanges(const date::time_zone& zone,
                                                               std::int64_t end_ms) {
  std::vector<std::pair<std::int64_t, std::int64_t>> changes;
  date::sys_seconds at{std::chrono::seconds{0}};
  for (;;) {
    const date::sys_info info = zone.get_info(at);
    const std::int64_t offset_ms = info.offset.count() * 1000;
    const std::int64_t begin_ms =
        std::max<std::int64_t>(0, info.begin.time_since_epoch().count() * 1000);
    if (begin_ms >= end_ms) break;
    if (changes.empty() || changes.back().second != offset_ms)
      changes.push_back({begin_ms, offset_ms});
    if (info.end.time_since_epoch().count() * 1000 >= end_ms) break;
    at = info.end;
  }
  return changes;
}

TEST(ZoneOffsetsTest, AgreesWithDateForEveryZoneUntil2037) {
  const std::int64_t end_ms = 2'114'380'800'000;  // 2037-01-01T00:00Z
  int zones = 0;
  for (const date::time_zone& zone : date::get_tzdb().zones) {
    const auto loaded = ZoneOffsets::Load(std::string(zone.name()));
    ASSERT_TRUE(loaded.ok()) << zone.name() << ": " << loaded.status();
    std::vector<std::pair<std::int64_t, std::int64_t>> ours;
    for (std::size_t p = 0; p < loaded->size() && loaded->begin_ms(p) < end_ms; ++p) {
      ours.push_back({loaded->begin_ms(p), loaded->offset_ms(p)});
    }
    ASSERT_EQ(ours, DateChanges(zone, end_ms)) << zone.name();
    ++zones;
  }
  EXPECT_GT(zones, 300);
}

TEST(ZoneOffsetsTest, CoversTheRangeAndFindsPeriods) {
  const auto ny = ZoneOffsets::Load("America/New_York").value();
  EXPECT_EQ(ny.begin_ms(0), ToEpochMs(kMinInstant));
  EXPECT_GT(ny.size(), 400u);  // two changes a year, 1970-2200
  EXPECT_LE(ny.begin_ms(ny.size() - 1), ToEpochMs(kMaxInstant));
  // 2026-03-08T07:00Z: EST (-5 h) becomes EDT (-4 h).
  const std::int64_t change = 1'772'953'200'000;
  EXPECT_EQ(ny.offset_ms(ny.Find(change - 1)), -5 * 3'600'000);
  EXPECT_EQ(ny.offset_ms(ny.Find(change)), -4 * 3'600'000);
  EXPECT_EQ(ny.Find(ToEpochMs(kMaxInstant)), ny.size() - 1);
  EXPECT_EQ(ny.Find(0), 0u);

  const auto kolkata = ZoneOffsets::Load("Asia/Kolkata").value();
  EXPECT_EQ(kolkata.size(), 1u);
  EXPECT_EQ(kolkata.offset_ms(0), 19'800'000);  // +05:30

  EXPECT_EQ(ZoneOffsets::Utc().size(), 1u);
  EXPECT_FALSE(ZoneOffsets::Load("Not/A_Zone").ok());
  EXPECT_FALSE(ZoneOffsets::Load("").ok());
}

}  // namespace
}  // namespace csm::calendar_internal
