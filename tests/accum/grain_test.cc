#include "csm/accum/grain.h"

#include <chrono>
#include <random>
#include <set>

#include "gtest/gtest.h"

namespace csm {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const TimeZone* Zone(std::string_view name) { return *TimeZone::Locate(name); }

// A UTC instant from a civil UTC date and time.
Instant Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return Instant{
      (date::sys_days{date::year{y} / m / d} + hours{hh} + minutes{mm}).time_since_epoch()};
}

hours Length(const TimeBucket& b) { return std::chrono::duration_cast<hours>(b.end - b.start); }

constexpr Grain kEveryGrain[] = {Grain::kQuarterHour, Grain::kHalfHour, Grain::kHour, Grain::kDay,
                                 Grain::kWeek,        Grain::kMonth,    Grain::kAll};

TEST(Grain, NamesRoundTrip) {
  for (Grain g : kEveryGrain) EXPECT_EQ(ParseGrain(GrainName(g)), g);
  EXPECT_EQ(GrainName(Grain::kHalfHour), "30min");
  EXPECT_EQ(GrainName(Grain::kQuarterHour), "15min");
  EXPECT_FALSE(ParseGrain("fortnight").has_value());
  EXPECT_FALSE(ParseGrain("20min").has_value());
}

// The values are serialized: a renumbering would misread saved states.
TEST(Grain, ValuesArePinned) {
  EXPECT_EQ(static_cast<int>(Grain::kHour), 0);
  EXPECT_EQ(static_cast<int>(Grain::kAll), 4);
  EXPECT_EQ(static_cast<int>(Grain::kHalfHour), 5);
  EXPECT_EQ(static_cast<int>(Grain::kQuarterHour), 6);
  EXPECT_EQ(kLastGrain, Grain::kQuarterHour);
}

TEST(Grain, NestingRules) {
  EXPECT_TRUE(Nests(Grain::kHour, Grain::kDay));
  EXPECT_TRUE(Nests(Grain::kHour, Grain::kWeek));
  EXPECT_TRUE(Nests(Grain::kDay, Grain::kMonth));
  EXPECT_TRUE(Nests(Grain::kWeek, Grain::kAll));
  EXPECT_TRUE(Nests(Grain::kDay, Grain::kDay));
  EXPECT_FALSE(Nests(Grain::kWeek, Grain::kMonth));
  EXPECT_FALSE(Nests(Grain::kDay, Grain::kHour));
  EXPECT_FALSE(Nests(Grain::kAll, Grain::kMonth));
  EXPECT_TRUE(Nests(Grain::kQuarterHour, Grain::kHalfHour));
  EXPECT_TRUE(Nests(Grain::kQuarterHour, Grain::kHour));
  EXPECT_TRUE(Nests(Grain::kHalfHour, Grain::kHour));
  EXPECT_TRUE(Nests(Grain::kHalfHour, Grain::kMonth));
  EXPECT_TRUE(Nests(Grain::kHalfHour, Grain::kAll));
  EXPECT_FALSE(Nests(Grain::kHour, Grain::kHalfHour));
  EXPECT_FALSE(Nests(Grain::kHalfHour, Grain::kQuarterHour));
  EXPECT_FALSE(Nests(Grain::kAll, Grain::kQuarterHour));
}

TEST(Grain, UtcBuckets) {
  const Instant t = Utc(2024, 2, 29, 13, 45);  // a Thursday
  EXPECT_EQ(BucketOf(t, Grain::kHour, nullptr),
            (TimeBucket{Utc(2024, 2, 29, 13), Utc(2024, 2, 29, 14)}));
  EXPECT_EQ(BucketOf(t, Grain::kDay, nullptr), (TimeBucket{Utc(2024, 2, 29), Utc(2024, 3, 1)}));
  EXPECT_EQ(BucketOf(t, Grain::kWeek, nullptr), (TimeBucket{Utc(2024, 2, 26), Utc(2024, 3, 4)}));
  EXPECT_EQ(BucketOf(t, Grain::kMonth, nullptr), (TimeBucket{Utc(2024, 2, 1), Utc(2024, 3, 1)}));
  EXPECT_EQ(BucketOf(t, Grain::kAll, nullptr), (TimeBucket{Instant::min(), Instant::max()}));
  EXPECT_EQ(BucketOf(kMaxInstant, Grain::kAll, nullptr).start, Instant::min());
  EXPECT_EQ(BucketStart(Utc(2024, 2, 25, 23, 59), Grain::kWeek, nullptr), Utc(2024, 2, 19));
  EXPECT_EQ(BucketStart(Utc(2024, 12, 31, 23, 59), Grain::kMonth, nullptr), Utc(2024, 12, 1));
  EXPECT_EQ(BucketOf(t, Grain::kHalfHour, nullptr),
            (TimeBucket{Utc(2024, 2, 29, 13, 30), Utc(2024, 2, 29, 14)}));
  EXPECT_EQ(BucketOf(t, Grain::kQuarterHour, nullptr),
            (TimeBucket{Utc(2024, 2, 29, 13, 45), Utc(2024, 2, 29, 14)}));
  EXPECT_EQ(BucketStart(Utc(2024, 2, 29, 13, 44), Grain::kQuarterHour, nullptr),
            Utc(2024, 2, 29, 13, 30));
}

// Half and quarter hours follow the local clock, also where the offset is
// not whole hours (Kolkata +05:30, Kathmandu +05:45).
TEST(Grain, SubHourBucketsFollowTheLocalClock) {
  const TimeZone* kathmandu = Zone("Asia/Kathmandu");
  // 09:40 local is 03:55 UTC; its quarter hour is 09:30-09:45 local.
  EXPECT_EQ(BucketOf(Utc(2024, 5, 6, 3, 55), Grain::kQuarterHour, kathmandu),
            (TimeBucket{Utc(2024, 5, 6, 3, 45), Utc(2024, 5, 6, 4, 0)}));
  EXPECT_EQ(BucketOf(Utc(2024, 5, 6, 3, 55), Grain::kHalfHour, kathmandu),
            (TimeBucket{Utc(2024, 5, 6, 3, 45), Utc(2024, 5, 6, 4, 15)}));
  const TimeZone* kolkata = Zone("Asia/Kolkata");
  // 09:40 local is 04:10 UTC; its half hour is 09:30-10:00 local.
  EXPECT_EQ(BucketOf(Utc(2024, 5, 6, 4, 10), Grain::kHalfHour, kolkata),
            (TimeBucket{Utc(2024, 5, 6, 4, 0), Utc(2024, 5, 6, 4, 30)}));
  // New York's fall-back day has 50 half hours, its spring-forward day 46.
  const TimeZone* ny = Zone("America/New_York");
  auto count = [&](Instant noon, Grain g) {
    const TimeBucket day = BucketOf(noon, Grain::kDay, ny);
    int n = 0;
    for (Instant t = day.start; t < day.end; t = BucketOf(t, g, ny).end) ++n;
    return n;
  };
  EXPECT_EQ(count(Utc(2024, 11, 3, 17), Grain::kHalfHour), 50);
  EXPECT_EQ(count(Utc(2024, 3, 10, 17), Grain::kHalfHour), 46);
  EXPECT_EQ(count(Utc(2024, 3, 10, 17), Grain::kQuarterHour), 92);
}

TEST(Grain, NewYorkSpringForwardDayIsOneBucketOfTwentyThreeHours) {
  const TimeZone* ny = Zone("America/New_York");
  const TimeBucket day = BucketOf(Utc(2024, 3, 10, 12), Grain::kDay, ny);
  EXPECT_EQ(day.start, Utc(2024, 3, 10, 5));  // local midnight, EST
  EXPECT_EQ(day.end, Utc(2024, 3, 11, 4));    // next local midnight, EDT
  EXPECT_EQ(Length(day), hours{23});
  // Every instant of that local day falls in the same bucket.
  EXPECT_EQ(BucketOf(day.start, Grain::kDay, ny), day);
  EXPECT_EQ(BucketOf(day.end - Millis{1}, Grain::kDay, ny), day);
}

TEST(Grain, NewYorkFallBackDayIsOneBucketOfTwentyFiveHours) {
  const TimeZone* ny = Zone("America/New_York");
  const TimeBucket day = BucketOf(Utc(2024, 11, 3, 12), Grain::kDay, ny);
  EXPECT_EQ(day.start, Utc(2024, 11, 3, 4));
  EXPECT_EQ(day.end, Utc(2024, 11, 4, 5));
  EXPECT_EQ(Length(day), hours{25});
}

TEST(Grain, BerlinTransitionDays) {
  const TimeZone* berlin = Zone("Europe/Berlin");
  const TimeBucket spring = BucketOf(Utc(2024, 3, 31, 10), Grain::kDay, berlin);
  EXPECT_EQ(spring.start, Utc(2024, 3, 30, 23));
  EXPECT_EQ(Length(spring), hours{23});
  const TimeBucket autumn = BucketOf(Utc(2024, 10, 27, 10), Grain::kDay, berlin);
  EXPECT_EQ(autumn.start, Utc(2024, 10, 26, 22));
  EXPECT_EQ(Length(autumn), hours{25});
  const TimeBucket march = BucketOf(Utc(2024, 3, 15), Grain::kMonth, berlin);
  EXPECT_EQ(march.start, Utc(2024, 2, 29, 23));
  EXPECT_EQ(Length(march), hours{31 * 24 - 1});
  // The ISO week holding the spring change: Monday 25 March, 167 hours.
  const TimeBucket week = BucketOf(Utc(2024, 3, 31, 10), Grain::kWeek, berlin);
  EXPECT_EQ(week.start, Utc(2024, 3, 24, 23));
  EXPECT_EQ(Length(week), hours{167});
}

// The hour buckets of one local day: contiguous, none longer than an hour.
std::vector<TimeBucket> HoursOf(const TimeBucket& day, const TimeZone* tz) {
  std::vector<TimeBucket> out;
  for (Instant t = day.start; t < day.end; t += minutes{10}) {
    const TimeBucket h = BucketOf(t, Grain::kHour, tz);
    if (out.empty() || !(out.back() == h)) {
      if (!out.empty()) {
        EXPECT_EQ(out.back().end, h.start);
      }
      EXPECT_LE(h.end - h.start, hours{1});
      EXPECT_GE(h.start, day.start);
      EXPECT_LE(h.end, day.end);
      out.push_back(h);
    }
  }
  return out;
}

TEST(Grain, HoursOfTransitionDays) {
  const TimeZone* ny = Zone("America/New_York");
  EXPECT_EQ(HoursOf(BucketOf(Utc(2024, 3, 10, 12), Grain::kDay, ny), ny).size(), 23u);
  const auto fall = HoursOf(BucketOf(Utc(2024, 11, 3, 12), Grain::kDay, ny), ny);
  ASSERT_EQ(fall.size(), 25u);
  // Local 01:00 happens twice: once in EDT, once in EST — two buckets.
  EXPECT_EQ(fall[1], (TimeBucket{Utc(2024, 11, 3, 5), Utc(2024, 11, 3, 6)}));
  EXPECT_EQ(fall[2], (TimeBucket{Utc(2024, 11, 3, 6), Utc(2024, 11, 3, 7)}));
  const TimeZone* berlin = Zone("Europe/Berlin");
  EXPECT_EQ(HoursOf(BucketOf(Utc(2024, 3, 31, 10), Grain::kDay, berlin), berlin).size(), 23u);
  EXPECT_EQ(HoursOf(BucketOf(Utc(2024, 10, 27, 10), Grain::kDay, berlin), berlin).size(), 25u);
}

TEST(Grain, HalfHourDaylightSavingSplitsTheHour) {
  // Lord Howe Island moves 30 minutes: 02:00 -> 02:30 on 6 October 2024.
  const TimeZone* lh = Zone("Australia/Lord_Howe");
  const TimeBucket day = BucketOf(Utc(2024, 10, 6, 0), Grain::kDay, lh);
  EXPECT_EQ(day.end - day.start, hours{24} - minutes{30});
  const auto hrs = HoursOf(day, lh);
  EXPECT_EQ(hrs.size(), 24u);  // 00, 01, 02:30-03 (half an hour), 03 … 23
}

TEST(Grain, DaysStartAtTheFirstInstantWhenMidnightIsSkipped) {
  // Sao Paulo began DST at midnight on 4 November 2018: 00:00 -> 01:00.
  const TimeZone* sp = Zone("America/Sao_Paulo");
  const TimeBucket day = BucketOf(Utc(2018, 11, 4, 12), Grain::kDay, sp);
  EXPECT_EQ(day.start, Utc(2018, 11, 4, 3));  // 01:00 local, UTC-2
  EXPECT_EQ(Length(day), hours{23});
  EXPECT_EQ(BucketOf(day.start - Millis{1}, Grain::kDay, sp).end, day.start);
}

TEST(Grain, BucketsPartitionTimeInManyZones) {
  std::mt19937_64 rng(71);
  const char* zones[] = {"UTC",
                         "America/New_York",
                         "Europe/Berlin",
                         "Asia/Kolkata",
                         "Australia/Lord_Howe",
                         "America/Sao_Paulo",
                         "Pacific/Chatham",
                         "Asia/Kathmandu",
                         "America/St_Johns"};
  std::uniform_int_distribution<int64_t> when(0, ToEpochMs(Utc(2199, 1, 1)));
  for (const char* name : zones) {
    const TimeZone* tz = Zone(name);
    for (int i = 0; i < 300; ++i) {
      const Instant t = FromEpochMs(when(rng));
      for (Grain g : kEveryGrain) {
        const TimeBucket b = BucketOf(t, g, tz);
        ASSERT_LE(b.start, t) << name;
        ASSERT_LT(t, b.end) << name;
        ASSERT_EQ(BucketOf(b.start, g, tz), b) << name;
        ASSERT_EQ(BucketOf(b.end - Millis{1}, g, tz), b) << name;
        if (g != Grain::kAll) {
          ASSERT_EQ(BucketOf(b.end, g, tz).start, b.end) << name;
        }
        for (Grain coarser : kEveryGrain) {
          if (!Nests(g, coarser)) continue;
          const TimeBucket c = BucketOf(t, coarser, tz);
          ASSERT_LE(c.start, b.start) << name;
          ASSERT_GE(c.end, b.end) << name;
        }
      }
    }
  }
}

TEST(Grain, InstantsOutsideTheSupportedRangeAreClamped) {
  EXPECT_EQ(BucketStart(FromEpochMs(-5), Grain::kDay, nullptr), kMinInstant);
  EXPECT_EQ(BucketStart(Instant::max(), Grain::kHour, nullptr),
            BucketStart(kMaxInstant, Grain::kHour, nullptr));
  EXPECT_EQ(BucketStart(Instant::min(), Grain::kMonth, Zone("Europe/Berlin")),
            BucketStart(kMinInstant, Grain::kMonth, Zone("Europe/Berlin")));
}

// Zones keep their daylight saving time after 2037 (date/tz alone would not).
TEST(Grain, BucketsAfter2037FollowDaylightSavingTime) {
  const TimeZone* ny = Zone("America/New_York");
  EXPECT_EQ(BucketOf(Utc(2040, 7, 1, 12), Grain::kDay, ny),
            (TimeBucket{Utc(2040, 7, 1, 4), Utc(2040, 7, 2, 4)}));
  EXPECT_EQ(BucketOf(Utc(2040, 7, 1, 12, 30), Grain::kHour, ny),
            (TimeBucket{Utc(2040, 7, 1, 12), Utc(2040, 7, 1, 13)}));
  const TimeBucket spring = BucketOf(Utc(2040, 3, 11, 12), Grain::kDay, ny);
  EXPECT_EQ(spring.start, Utc(2040, 3, 11, 5));
  EXPECT_EQ(Length(spring), hours{23});
  EXPECT_EQ(Length(BucketOf(Utc(2040, 11, 4, 12), Grain::kDay, ny)), hours{25});
  EXPECT_EQ(BucketOf(Utc(2040, 7, 15), Grain::kMonth, ny),
            (TimeBucket{Utc(2040, 7, 1, 4), Utc(2040, 8, 1, 4)}));
}

}  // namespace
}  // namespace csm
