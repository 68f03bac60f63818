#include "csm/accum/histogram.h"

#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"

namespace csm {
namespace {

void BM_Histogram_Add(benchmark::State& state) {
  const auto& values = bench::Durations();
  Histogram h;  // the default 6 edges
  size_t i = 0;
  for (auto _ : state) {
    h.Add(values[i++ & (bench::kSamples - 1)]);
  }
  benchmark::DoNotOptimize(h);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(h.MemoryBytes());
}
BENCHMARK(BM_Histogram_Add);

void BM_Histogram_Merge(benchmark::State& state) {
  Histogram h, other;
  for (double v : bench::Durations()) other.Add(v);
  for (auto _ : state) {
    benchmark::DoNotOptimize(h.Merge(other));
  }
  benchmark::DoNotOptimize(h);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Histogram_Merge);

}  // namespace
}  // namespace csm
