#include "csm/accum/count.h"

#include "benchmark/benchmark.h"
#include "csm/accum/ratio.h"

namespace csm {
namespace {

void BM_Count_Add(benchmark::State& state) {
  Count c;
  for (auto _ : state) {
    c.Add();
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(c.MemoryBytes());
}
BENCHMARK(BM_Count_Add);

void BM_Count_Merge(benchmark::State& state) {
  Count c, other;
  other.Add(7);
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.Merge(other));
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Count_Merge);

void BM_Ratio_Add(benchmark::State& state) {
  Ratio r;
  uint64_t i = 0;
  for (auto _ : state) {
    r.Add(static_cast<double>(i++ & 1), 1);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(r.MemoryBytes());
}
BENCHMARK(BM_Ratio_Add);

void BM_Ratio_Merge(benchmark::State& state) {
  Ratio r, other;
  other.Add(3, 4);
  for (auto _ : state) {
    benchmark::DoNotOptimize(r.Merge(other));
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ratio_Merge);

}  // namespace
}  // namespace csm
