#include "csm/accum/top_k.h"

#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"

namespace csm {
namespace {

// Arg: number of distinct keys. 200 fits the default capacity (exact);
// 100 000 does not (Space-Saving evictions).
void BM_TopK_Add(benchmark::State& state) {
  const auto keys = bench::ZipfKeys(static_cast<uint64_t>(state.range(0)), 1.0);
  TopK t;
  size_t i = 0;
  for (auto _ : state) {
    t.Add(keys[i++ & (bench::kSamples - 1)]);
  }
  benchmark::DoNotOptimize(t);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(t.MemoryBytes());
  state.counters["exact"] = t.exact();
}
BENCHMARK(BM_TopK_Add)->Arg(200)->Arg(100000);

void BM_TopK_Merge(benchmark::State& state) {
  const auto keys = bench::ZipfKeys(static_cast<uint64_t>(state.range(0)), 1.0);
  TopK t, other;
  for (uint64_t k : keys) other.Add(k);
  for (auto _ : state) {
    benchmark::DoNotOptimize(t.Merge(other));
  }
  benchmark::DoNotOptimize(t);
  state.SetItemsProcessed(state.iterations());
  state.counters["items"] = static_cast<double>(other.size());
}
BENCHMARK(BM_TopK_Merge)->Arg(200)->Arg(100000);

void BM_TopK_Top10(benchmark::State& state) {
  TopK t;
  for (uint64_t k : bench::ZipfKeys(100000, 1.0)) t.Add(k);
  for (auto _ : state) {
    benchmark::DoNotOptimize(t.Top(10));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TopK_Top10);

}  // namespace
}  // namespace csm
