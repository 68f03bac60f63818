#include "csm/accum/time_series.h"

#include <chrono>

#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"
#include "csm/accum/quantile_sketch.h"

namespace csm {
namespace {

const TimeZone* NewYork() { return *TimeZone::Locate("America/New_York"); }

// One sample a minute: consecutive samples mostly share an hour bucket.
void BM_TimeSeries_AddInOrder(benchmark::State& state) {
  const auto& values = bench::Durations();
  TimeSeries<QuantileSketch> s(Grain::kHour, NewYork());
  Instant t = FromEpochMs(1704067200000);  // 2024-01-01
  size_t i = 0;
  for (auto _ : state) {
    s.At(t).Add(values[i++ & (bench::kSamples - 1)]);
    t += std::chrono::minutes{1};
  }
  benchmark::DoNotOptimize(s);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimeSeries_AddInOrder);

// Random instants over a year: every sample pays the zone arithmetic.
void BM_TimeSeries_AddRandomDay(benchmark::State& state) {
  const auto& values = bench::Durations();
  std::vector<Instant> when(bench::kSamples);
  std::mt19937_64 rng(3);
  for (Instant& t : when)
    t = FromEpochMs(1704067200000 + static_cast<int64_t>(rng() % 31536000000));
  TimeSeries<QuantileSketch> s(Grain::kDay, NewYork());
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & (bench::kSamples - 1);
    s.At(when[k]).Add(values[k]);
  }
  benchmark::DoNotOptimize(s);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimeSeries_AddRandomDay);

TimeSeries<QuantileSketch> HourlyYear() {
  const auto& values = bench::Durations();
  TimeSeries<QuantileSketch> s(Grain::kHour, NewYork());
  Instant t = FromEpochMs(1704067200000);
  for (int r = 0; r < 8; ++r) {
    for (double v : values) {
      s.At(t).Add(v);
      t += std::chrono::minutes{1};
    }
  }
  return s;
}

// A year of hourly sketches (8760 buckets, 524 288 samples) rolled up.
void BM_TimeSeries_RollUpHourToDay(benchmark::State& state) {
  const auto hourly = HourlyYear();
  for (auto _ : state) {
    benchmark::DoNotOptimize(hourly.RollUp(Grain::kDay));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(hourly.size()));
  state.counters["buckets"] = static_cast<double>(hourly.size());
}
BENCHMARK(BM_TimeSeries_RollUpHourToDay)->Unit(benchmark::kMillisecond);

void BM_TimeSeries_MergeDaily(benchmark::State& state) {
  const auto daily = *HourlyYear().RollUp(Grain::kDay);
  TimeSeries<QuantileSketch> total(Grain::kDay, NewYork());
  for (auto _ : state) {
    benchmark::DoNotOptimize(total.Merge(daily));
  }
  benchmark::DoNotOptimize(total);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(daily.size()));
  state.counters["buckets"] = static_cast<double>(daily.size());
}
BENCHMARK(BM_TimeSeries_MergeDaily)->Unit(benchmark::kMillisecond);

void BM_TimeSeries_Memory(benchmark::State& state) {
  for (auto _ : state) {
    const auto hourly = HourlyYear();
    const auto daily = *hourly.RollUp(Grain::kDay);
    state.counters["hourly_bytes"] = static_cast<double>(hourly.MemoryBytes());
    state.counters["hourly_buckets"] = static_cast<double>(hourly.size());
    state.counters["daily_bytes"] = static_cast<double>(daily.MemoryBytes());
    state.counters["daily_buckets"] = static_cast<double>(daily.size());
    state.counters["daily_serialized"] = static_cast<double>(daily.Serialize().size());
  }
}
BENCHMARK(BM_TimeSeries_Memory)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
