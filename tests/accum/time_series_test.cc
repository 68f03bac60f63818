#include "csm/accum/time_series.h"

#include <chrono>
#include <limits>
#include <random>

#include "accum/accum_testing.h"
#include "csm/accum/count.h"
#include "csm/accum/histogram.h"
#include "csm/accum/moments.h"
#include "csm/accum/quantile_sketch.h"
#include "gtest/gtest.h"

namespace csm {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const TimeZone* Zone(std::string_view name) { return *TimeZone::Locate(name); }

Instant Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return Instant{
      (date::sys_days{date::year{y} / m / d} + hours{hh} + minutes{mm}).time_since_epoch()};
}

TEST(TimeSeries, BucketsInTimeOrder) {
  TimeSeries<Count> s(Grain::kDay, nullptr);
  s.At(Utc(2024, 5, 3, 10)).Add();
  s.At(Utc(2024, 5, 1, 23, 59)).Add();
  s.At(Utc(2024, 5, 3, 0)).Add(2);
  s.At(Utc(2024, 5, 1, 0)).Add();
  std::vector<std::pair<Instant, uint64_t>> got;
  for (const auto& [start, count] : s) got.emplace_back(start, count.value());
  EXPECT_EQ(
      got, (std::vector<std::pair<Instant, uint64_t>>{{Utc(2024, 5, 1), 2}, {Utc(2024, 5, 3), 3}}));
  ASSERT_NE(s.Find(Utc(2024, 5, 3, 23)), nullptr);
  EXPECT_EQ(s.Find(Utc(2024, 5, 3, 23))->value(), 3u);
  EXPECT_EQ(s.Find(Utc(2024, 5, 2, 12)), nullptr);
}

TEST(TimeSeries, DstDaysAreOneBucketEach) {
  // One sample per real hour over the New York fall-back and spring-forward
  // days: the daily roll-up has 25 and 23.
  const TimeZone* ny = Zone("America/New_York");
  TimeSeries<Count> hourly(Grain::kHour, ny);
  for (Instant t = Utc(2024, 11, 3, 4); t < Utc(2024, 11, 4, 5); t += hours{1}) hourly.At(t).Add();
  for (Instant t = Utc(2024, 3, 10, 5); t < Utc(2024, 3, 11, 4); t += hours{1}) hourly.At(t).Add();
  EXPECT_EQ(hourly.size(), 48u);
  const TimeSeries<Count> daily = *hourly.RollUp(Grain::kDay);
  ASSERT_EQ(daily.size(), 2u);
  EXPECT_EQ(daily.begin()->second.value(), 23u);
  EXPECT_EQ(std::next(daily.begin())->second.value(), 25u);
  EXPECT_EQ(daily.grain(), Grain::kDay);
  EXPECT_EQ(daily.zone(), ny);
}

TEST(TimeSeries, BerlinDaysAcrossTransitions) {
  const TimeZone* berlin = Zone("Europe/Berlin");
  TimeSeries<Count> daily(Grain::kDay, berlin);
  for (Instant t = Utc(2024, 3, 30, 0); t < Utc(2024, 4, 2, 0); t += minutes{15}) daily.At(t).Add();
  std::vector<uint64_t> per_day;
  for (const auto& [start, count] : daily) per_day.push_back(count.value());
  // 30 Mar from 01:00 local (23 h), 31 Mar (23 h: the clocks skip 02:00),
  // 1 Apr (24 h), 2 Apr until 02:00 local (2 h); four samples an hour.
  EXPECT_EQ(per_day, (std::vector<uint64_t>{23 * 4, 23 * 4, 24 * 4, 2 * 4}));
}

TEST(TimeSeries, RollUpsNestExactly) {
  std::mt19937_64 rng(81);
  const TimeZone* tz = Zone("America/New_York");
  TimeSeries<QuantileSketch> hourly(Grain::kHour, tz);
  std::uniform_int_distribution<int64_t> when(ToEpochMs(Utc(2024, 1, 1, 12)),
                                              ToEpochMs(Utc(2024, 12, 31)));
  std::lognormal_distribution<double> duration(7, 2);
  TimeSeries<QuantileSketch> daily_direct(Grain::kDay, tz);
  TimeSeries<QuantileSketch> all(Grain::kAll, tz);
  for (int i = 0; i < 20000; ++i) {
    const Instant t = FromEpochMs(when(rng));
    const double d = duration(rng);
    hourly.At(t).Add(d);
    daily_direct.At(t).Add(d);
    all.At(t).Add(d);
  }
  const auto daily = *hourly.RollUp(Grain::kDay);
  EXPECT_EQ(daily, daily_direct);
  EXPECT_EQ(*daily.RollUp(Grain::kWeek), *hourly.RollUp(Grain::kWeek));
  EXPECT_EQ(*daily.RollUp(Grain::kMonth), *hourly.RollUp(Grain::kMonth));
  EXPECT_EQ(*daily.RollUp(Grain::kMonth)->RollUp(Grain::kAll), all);
  EXPECT_EQ(daily.RollUp(Grain::kMonth)->size(), 12u);
}

TEST(TimeSeries, MergeLaws) {
  std::mt19937_64 rng(82);
  const TimeZone* tz = Zone("Europe/Berlin");
  for (int round = 0; round < 20; ++round) {
    std::vector<std::pair<Instant, double>> samples(rng() % 500);
    std::uniform_int_distribution<int64_t> when(ToEpochMs(Utc(2024, 3, 1)),
                                                ToEpochMs(Utc(2024, 4, 30)));
    for (auto& [t, v] : samples) {
      t = FromEpochMs(when(rng));
      v = std::exp(std::uniform_real_distribution<double>(0, 12)(rng));
    }
    testing::CheckMergeLaws(
        TimeSeries<QuantileSketch>(Grain::kDay, tz), samples, rng,
        [](TimeSeries<QuantileSketch>& s, const auto& tv) { s.At(tv.first).Add(tv.second); },
        [](const auto& x, const auto& y) { return x == y; });
    testing::CheckMergeLaws(
        TimeSeries<Count>(Grain::kWeek, tz), samples, rng,
        [](TimeSeries<Count>& s, const auto& tv) { s.At(tv.first).Add(); },
        [](const auto& x, const auto& y) { return x == y; });
  }
}

TEST(TimeSeries, MergeOfAFinerSeriesRollsItUp) {
  TimeSeries<Count> hourly(Grain::kHour, nullptr), daily(Grain::kDay, nullptr);
  hourly.At(Utc(2024, 1, 1, 3)).Add(2);
  hourly.At(Utc(2024, 1, 1, 9)).Add(3);
  EXPECT_TRUE(daily.Merge(hourly));
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_EQ(daily.begin()->second.value(), 5u);
}

TEST(TimeSeries, MergeOrRollUpThatWouldOverflowChangesNothing) {
  TimeSeries<Count> hourly(Grain::kHour, nullptr), daily(Grain::kDay, nullptr);
  hourly.At(Utc(2024, 1, 1, 3)).Add(std::numeric_limits<uint64_t>::max() - 1);
  hourly.At(Utc(2024, 1, 1, 9)).Add(2);
  EXPECT_FALSE(hourly.RollUp(Grain::kDay).has_value());
  daily.At(Utc(2024, 1, 2)).Add(5);  // another day: merged before the refusal
  const TimeSeries<Count> before = daily;
  EXPECT_FALSE(daily.Merge(hourly));
  EXPECT_EQ(daily, before);
}

TEST(TimeSeries, NewBucketsCopyThePrototype) {
  TimeSeries<Histogram> s(Grain::kMonth, nullptr, Histogram({60, 300}));
  s.At(Utc(2024, 7, 4)).Add(100);
  EXPECT_EQ(s.begin()->second.edges(), (std::vector<double>{60, 300}));
  EXPECT_EQ(s.begin()->second.counts(), (std::vector<uint64_t>{0, 1, 0}));
  testing::CheckRoundTrip(s);
  // The prototype survives the round trip, so new buckets still get it.
  auto back = *TimeSeries<Histogram>::Deserialize(s.Serialize());
  back.At(Utc(2025, 1, 1)).Add(1000);
  EXPECT_EQ(std::prev(back.end())->second.counts(), (std::vector<uint64_t>{0, 0, 1}));
}

TEST(TimeSeries, CopiesDoNotShareTheLastBucket) {
  TimeSeries<Count> a(Grain::kDay, nullptr);
  a.At(Utc(2024, 1, 1)).Add();
  TimeSeries<Count> b = a;
  b.At(Utc(2024, 1, 1)).Add();
  TimeSeries<Count> c(Grain::kDay, nullptr);
  c = b;
  c.At(Utc(2024, 1, 1)).Add();
  TimeSeries<Count> d = std::move(c);
  d.At(Utc(2024, 1, 1)).Add();
  EXPECT_EQ(a.begin()->second.value(), 1u);
  EXPECT_EQ(b.begin()->second.value(), 2u);
  EXPECT_EQ(d.begin()->second.value(), 4u);
}

std::vector<std::string> SampleSeries() {
  TimeSeries<Count> utc(Grain::kDay, nullptr);
  utc.At(Utc(2024, 2, 29, 5)).Add(3);
  utc.At(Utc(2023, 12, 31, 23)).Add();
  TimeSeries<Count> ny(Grain::kHour, Zone("America/New_York"));
  for (Instant t = Utc(2024, 11, 3, 4); t < Utc(2024, 11, 3, 9); t += minutes{20}) ny.At(t).Add();
  TimeSeries<Count> all(Grain::kAll, Zone("Asia/Kolkata"));
  all.At(Utc(2024, 1, 1)).Add(9);
  TimeSeries<Count> early(Grain::kWeek, Zone("Pacific/Chatham"));
  early.At(kMinInstant).Add();
  return {TimeSeries<Count>(Grain::kMonth, nullptr).Serialize(), utc.Serialize(), ny.Serialize(),
          all.Serialize(), early.Serialize()};
}

TEST(TimeSeries, RoundTripKeepsZoneAndGrain) {
  for (const std::string& bytes : SampleSeries()) {
    const auto s = TimeSeries<Count>::Deserialize(bytes);
    ASSERT_TRUE(s.ok()) << s.status();
    testing::CheckRoundTrip(*s);
  }
  const auto ny = *TimeSeries<Count>::Deserialize(SampleSeries()[2]);
  EXPECT_EQ(ny.zone()->name(), "America/New_York");
  EXPECT_EQ(ny.grain(), Grain::kHour);
  EXPECT_EQ(ny.size(), 5u);  // 00, 01 EDT, 01 EST, 02, 03 local
}

TEST(TimeSeries, RejectsHostileBytes) {
  testing::CheckHostileBytes<TimeSeries<Count>>(SampleSeries(), 83, 1500);
  // Unknown zone, and a start that is not a bucket start.
  TimeSeries<Count> s(Grain::kDay, Zone("Europe/Berlin"));
  s.At(Utc(2024, 6, 1, 12)).Add();
  std::string bytes = s.Serialize();
  const size_t at = bytes.find("Berlin");
  bytes.replace(at, 6, "Bxrlin");
  EXPECT_EQ(TimeSeries<Count>::Deserialize(bytes).status().code(), absl::StatusCode::kDataLoss);
  wire::Writer w(wire::Tag::kTimeSeries);
  w.U8(static_cast<uint8_t>(Grain::kDay));
  w.Bytes("");
  w.Bytes(Count().Serialize());
  w.Varint(1);
  w.SignedVarint(ToEpochMs(Utc(2024, 6, 1, 12)));  // noon is no day start
  w.Bytes(Count().Serialize());
  EXPECT_FALSE(TimeSeries<Count>::Deserialize(std::move(w).Finish()).ok());
  // The all-time bucket starts at the smallest instant; a gap past the
  // supported range after it is refused without overflowing.
  for (uint64_t gap : {uint64_t{1} << 63, (uint64_t{1} << 63) + 5, ~uint64_t{0}}) {
    wire::Writer all(wire::Tag::kTimeSeries);
    all.U8(static_cast<uint8_t>(Grain::kAll));
    all.Bytes("");
    all.Bytes(Count().Serialize());
    all.Varint(2);
    all.SignedVarint(ToEpochMs(Instant::min()));
    all.Bytes(Count().Serialize());
    all.Varint(gap);
    all.Bytes(Count().Serialize());
    EXPECT_FALSE(TimeSeries<Count>::Deserialize(std::move(all).Finish()).ok()) << gap;
  }
}

TEST(TimeSeries, MemoryGrowsWithBuckets) {
  TimeSeries<Moments> s(Grain::kDay, nullptr);
  const size_t empty = s.MemoryBytes();
  for (int d = 0; d < 365; ++d) s.At(Utc(2024, 1, 1) + date::days{d}).Add(d);
  EXPECT_GE(s.MemoryBytes(), empty + 365 * sizeof(Moments));
  EXPECT_LE(s.MemoryBytes(), empty + 365 * (sizeof(Moments) + 64));
}

}  // namespace
}  // namespace csm
