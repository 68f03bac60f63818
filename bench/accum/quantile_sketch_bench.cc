#include "csm/accum/quantile_sketch.h"

#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"

namespace csm {
namespace {

void BM_QuantileSketch_Add(benchmark::State& state) {
  const auto& values = bench::Durations();
  QuantileSketch s;
  size_t i = 0;
  for (auto _ : state) {
    s.Add(values[i++ & (bench::kSamples - 1)]);
  }
  benchmark::DoNotOptimize(s);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(s.MemoryBytes());
}
BENCHMARK(BM_QuantileSketch_Add);

void BM_QuantileSketch_Remove(benchmark::State& state) {
  const auto& values = bench::Durations();
  QuantileSketch s;
  for (double v : values) s.Add(v, 1u << 20);
  size_t i = 0;
  for (auto _ : state) {
    s.Remove(values[i++ & (bench::kSamples - 1)]);
  }
  benchmark::DoNotOptimize(s);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuantileSketch_Remove);

// Merging a day's sketch (65 536 durations) into a running one, as a roll-up does.
void BM_QuantileSketch_Merge(benchmark::State& state) {
  QuantileSketch s, other;
  for (double v : bench::Durations()) other.Add(v);
  benchmark::DoNotOptimize(s.Merge(other));
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.Merge(other));
  }
  benchmark::DoNotOptimize(s);
  state.SetItemsProcessed(state.iterations());
  int buckets = 0;
  other.ForEachBucket([&](int64_t, uint64_t) { ++buckets; });
  state.counters["buckets"] = buckets;
}
BENCHMARK(BM_QuantileSketch_Merge);

void BM_QuantileSketch_Quantile(benchmark::State& state) {
  QuantileSketch s;
  for (double v : bench::Durations()) s.Add(v);
  double q = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.Quantile(q));
    q = q >= 1 ? 0 : q + 0.01;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuantileSketch_Quantile);

void BM_QuantileSketch_SerializeDeserialize(benchmark::State& state) {
  QuantileSketch s;
  for (double v : bench::Durations()) s.Add(v);
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string wire = s.Serialize();
    bytes = wire.size();
    benchmark::DoNotOptimize(QuantileSketch::Deserialize(wire));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["serialized_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_QuantileSketch_SerializeDeserialize);

// Memory: every bucket from 1 ms to 1 year filled (the design bound; 25 000
// values, then each a thousand times), and a million lognormal durations.
void BM_QuantileSketch_Memory(benchmark::State& state) {
  for (auto _ : state) {
    QuantileSketch full, full_32bit, typical;
    for (double v = 0.001; v <= 31.5e6; v *= 1.001) {
      full.Add(v);
      full_32bit.Add(v, 1000);  // a total past 2^16: 32-bit counters
    }
    for (int r = 0; r < 16; ++r) {
      for (double v : bench::Durations()) typical.Add(v);
    }
    state.counters["bytes_1ms_to_1y"] = static_cast<double>(full.MemoryBytes());
    state.counters["serialized_1ms_to_1y"] = static_cast<double>(full.Serialize().size());
    state.counters["bytes_1ms_to_1y_32bit"] = static_cast<double>(full_32bit.MemoryBytes());
    state.counters["sizeof"] = sizeof(QuantileSketch);
    state.counters["bytes_1M_lognormal"] = static_cast<double>(typical.MemoryBytes());
    state.counters["serialized_1M_lognormal"] = static_cast<double>(typical.Serialize().size());
  }
}
BENCHMARK(BM_QuantileSketch_Memory)->Iterations(1);

}  // namespace
}  // namespace csm
