#include "csm/accum/moments.h"

#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"

namespace csm {
namespace {

void BM_Moments_Add(benchmark::State& state) {
  const auto& values = bench::Durations();
  Moments m;
  size_t i = 0;
  for (auto _ : state) {
    m.Add(values[i++ & (bench::kSamples - 1)]);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(m.MemoryBytes());
}
BENCHMARK(BM_Moments_Add);

void BM_Moments_Merge(benchmark::State& state) {
  Moments m, other;
  for (double v : bench::Durations()) other.Add(v);
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.Merge(other));
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Moments_Merge);

}  // namespace
}  // namespace csm
