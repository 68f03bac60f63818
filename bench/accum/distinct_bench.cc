#include "csm/accum/distinct.h"

#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"

namespace csm {
namespace {

// Exact mode: a stream over 300 keys (under the 384 exact limit).
void BM_Distinct_AddExact(benchmark::State& state) {
  Distinct d;
  uint64_t i = 0;
  for (auto _ : state) {
    d.Add(i++ % 300);
  }
  benchmark::DoNotOptimize(d);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(d.MemoryBytes());
}
BENCHMARK(BM_Distinct_AddExact);

// Sketch mode: every key new.
void BM_Distinct_AddSketch(benchmark::State& state) {
  Distinct d;
  uint64_t i = 0;
  for (auto _ : state) {
    d.Add(i++);
  }
  benchmark::DoNotOptimize(d);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(d.MemoryBytes());
}
BENCHMARK(BM_Distinct_AddSketch);

void BM_Distinct_MergeSketches(benchmark::State& state) {
  Distinct d, other;
  for (uint64_t k = 0; k < 100000; ++k) other.Add(k);
  for (auto _ : state) {
    d.Merge(other);
  }
  benchmark::DoNotOptimize(d);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Distinct_MergeSketches);

void BM_Distinct_MergeExact(benchmark::State& state) {
  Distinct other;
  for (uint64_t k = 0; k < 300; ++k) other.Add(k);
  Distinct d = other;
  for (auto _ : state) {
    d.Merge(other);  // the same keys: the set stays exact
  }
  benchmark::DoNotOptimize(d);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Distinct_MergeExact);

void BM_Distinct_Estimate(benchmark::State& state) {
  Distinct d;
  for (uint64_t k = 0; k < 1000000; ++k) d.Add(k);
  for (auto _ : state) {
    benchmark::DoNotOptimize(d.Estimate());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Distinct_Estimate);

}  // namespace
}  // namespace csm
