#include "csm/model/time_zone.h"

#include <chrono>
#include <thread>
#include <vector>

#include "date/tz.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Instant Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return Instant{
      (date::sys_days{date::year{y} / m / d} + hours{hh} + minutes{mm}).time_since_epoch()};
}

TimeZone::LocalTime Local(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return TimeZone::LocalTime{
      (date::local_days{date::year{y} / m / d} + hours{hh} + minutes{mm}).time_since_epoch()};
}

const TimeZone& Zone(std::string_view name) { return **TimeZone::Locate(name); }

TEST(TimeZone, LocatesEachZoneOnceAndKnowsLinks) {
  const TimeZone* ny = *TimeZone::Locate("America/New_York");
  EXPECT_EQ(ny->name(), "America/New_York");
  EXPECT_EQ(*TimeZone::Locate("America/New_York"), ny);  // the same object every time
  EXPECT_EQ(Zone("US/Eastern").OffsetAt(Utc(2026, 7, 1)), hours{-4});
  EXPECT_EQ(TimeZone::Locate("Mars/Olympus_Mons").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(TimeZone::Locate("").ok());
  // Abseil's own spellings are not tz database names.
  EXPECT_FALSE(TimeZone::Locate("Fixed/UTC+03:00").ok());
  EXPECT_EQ(TimeZone::Utc()->OffsetAt(Utc(2026, 7, 1)), Millis{0});
  EXPECT_EQ(TimeZone::Utc()->period_count(), 1u);
  EXPECT_EQ(TimeZone::Utc(), *TimeZone::Locate("UTC"));
}

// The reason the class exists: date/tz (Debian, USE_OS_TZDB) stops at the
// last transition written in the tzdata file, 2037; the zone's rule goes on.
TEST(TimeZone, DaylightSavingTimeContinuesAfter2037) {
  const TimeZone& ny = Zone("America/New_York");
  EXPECT_EQ(ny.OffsetAt(Utc(2040, 1, 15)), hours{-5});
  EXPECT_EQ(ny.OffsetAt(Utc(2040, 7, 1)), hours{-4});
  EXPECT_EQ(ny.OffsetAt(Utc(2199, 7, 1)), hours{-4});
  // 2040: second Sunday of March at 02:00 EST, first Sunday of November at 02:00 EDT.
  const TimeZone::Period summer = ny.PeriodAt(Utc(2040, 7, 1));
  EXPECT_EQ(summer.begin, Utc(2040, 3, 11, 7));
  EXPECT_EQ(summer.end, Utc(2040, 11, 4, 6));
  EXPECT_EQ(Zone("Europe/Berlin").OffsetAt(Utc(2050, 8, 1)), hours{2});
  EXPECT_EQ(Zone("Australia/Sydney").OffsetAt(Utc(2050, 1, 1)), hours{11});
}

// Before 2037 both read the same files: every offset date/tz gives between
// two of its transitions, TimeZone gives too.
TEST(TimeZone, AgreesWithDateBefore2037) {
  for (const char* name : {"America/New_York", "Europe/London", "Australia/Lord_Howe",
                           "Asia/Kolkata", "America/Sao_Paulo", "Africa/Casablanca",
                           "Pacific/Chatham", "America/St_Johns", "Asia/Jerusalem"}) {
    const date::time_zone* reference = date::locate_zone(name);
    const TimeZone& zone = Zone(name);
    for (date::sys_seconds t = date::floor<std::chrono::seconds>(Utc(1970, 1, 1));
         t < date::floor<std::chrono::seconds>(Utc(2037, 1, 1));) {
      const date::sys_info info = reference->get_info(t);
      const Instant at{t};
      ASSERT_EQ(zone.OffsetAt(at), info.offset) << name << " at " << date::format("%F %T", t);
      t = info.end;
    }
  }
}

TEST(TimeZone, NeighbouringPeriodsDifferInOffset) {
  const TimeZone& zone = Zone("Europe/Moscow");  // renamed and re-offset several times
  ASSERT_GT(zone.period_count(), 2u);
  EXPECT_EQ(zone.period(0).begin, Instant::min());
  EXPECT_EQ(zone.period(zone.period_count() - 1).end, Instant::max());
  for (size_t p = 1; p < zone.period_count(); ++p) {
    EXPECT_EQ(zone.period(p - 1).end, zone.period(p).begin);
    EXPECT_NE(zone.period(p - 1).offset, zone.period(p).offset);
  }
}

TEST(TimeZone, WallTimesInGapsAndFolds) {
  const TimeZone& ny = Zone("America/New_York");
  // An ordinary wall time: one instant.
  TimeZone::LocalInfo info = ny.InfoOf(Local(2040, 7, 1, 8));
  EXPECT_EQ(info.kind, TimeZone::LocalInfo::kUnique);
  EXPECT_EQ(ny.EarliestInstantOf(Local(2040, 7, 1, 8)), Utc(2040, 7, 1, 12));
  // 01:30 on the fall-back day happens twice, EDT then EST.
  info = ny.InfoOf(Local(2040, 11, 4, 1, 30));
  EXPECT_EQ(info.kind, TimeZone::LocalInfo::kAmbiguous);
  EXPECT_EQ(info.first.offset, hours{-4});
  EXPECT_EQ(info.second.offset, hours{-5});
  EXPECT_EQ(ny.EarliestInstantOf(Local(2040, 11, 4, 1, 30)), Utc(2040, 11, 4, 5, 30));
  // 02:30 on the spring-forward day never happens: the earliest instant at
  // or after it is the jump itself.
  info = ny.InfoOf(Local(2040, 3, 11, 2, 30));
  EXPECT_EQ(info.kind, TimeZone::LocalInfo::kNonexistent);
  EXPECT_EQ(info.first.offset, hours{-5});
  EXPECT_EQ(info.second.offset, hours{-4});
  EXPECT_EQ(info.first.end, Utc(2040, 3, 11, 7));
  EXPECT_EQ(ny.EarliestInstantOf(Local(2040, 3, 11, 2, 30)), Utc(2040, 3, 11, 7));
  // Lord Howe moves by half an hour.
  const TimeZone& lh = Zone("Australia/Lord_Howe");
  EXPECT_EQ(lh.InfoOf(Local(2024, 4, 7, 1, 45)).kind, TimeZone::LocalInfo::kAmbiguous);
  EXPECT_EQ(lh.InfoOf(Local(2024, 10, 6, 2, 15)).kind, TimeZone::LocalInfo::kNonexistent);
  EXPECT_EQ(lh.InfoOf(Local(2024, 10, 6, 2, 45)).kind, TimeZone::LocalInfo::kUnique);
}

TEST(TimeZone, LocateFromManyThreadsGivesOneZone) {
  std::vector<const TimeZone*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = *TimeZone::Locate("Asia/Kathmandu"); });
  }
  for (std::thread& t : threads) t.join();
  for (const TimeZone* z : seen) EXPECT_EQ(z, seen[0]);
}

}  // namespace
}  // namespace csm
