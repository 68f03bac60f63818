// Memory per accumulator in fixed, realistic states: MemoryBytes() (the
// object plus what it owns) and the serialized size, as counters.
#include "bench/accum/bench_data.h"
#include "benchmark/benchmark.h"
#include "csm/accum/count.h"
#include "csm/accum/distinct.h"
#include "csm/accum/histogram.h"
#include "csm/accum/moments.h"
#include "csm/accum/ratio.h"
#include "csm/accum/top_k.h"

namespace csm {
namespace {

template <typename T>
void Report(benchmark::State& state, const T& acc) {
  state.counters["bytes"] = static_cast<double>(acc.MemoryBytes());
  state.counters["serialized"] = static_cast<double>(acc.Serialize().size());
}

void BM_Memory_Count(benchmark::State& state) {
  for (auto _ : state) {
    Count c;
    c.Add(1000000);
    Report(state, c);
  }
}
BENCHMARK(BM_Memory_Count)->Iterations(1);

void BM_Memory_Ratio(benchmark::State& state) {
  for (auto _ : state) {
    Ratio r;
    r.Add(812, 1000);
    Report(state, r);
  }
}
BENCHMARK(BM_Memory_Ratio)->Iterations(1);

void BM_Memory_Moments(benchmark::State& state) {
  for (auto _ : state) {
    Moments m;
    for (double v : bench::Durations()) m.Add(v);
    Report(state, m);
  }
}
BENCHMARK(BM_Memory_Moments)->Iterations(1);

void BM_Memory_Histogram(benchmark::State& state) {
  for (auto _ : state) {
    Histogram h;
    for (double v : bench::Durations()) h.Add(v);
    Report(state, h);
  }
}
BENCHMARK(BM_Memory_Histogram)->Iterations(1);

// Arg: distinct keys in a Zipf stream of 65 536, capacity 1024.
void BM_Memory_TopK(benchmark::State& state) {
  for (auto _ : state) {
    TopK t;
    for (uint64_t k : bench::ZipfKeys(static_cast<uint64_t>(state.range(0)), 1.0)) t.Add(k);
    Report(state, t);
    state.counters["items"] = static_cast<double>(t.size());
  }
}
BENCHMARK(BM_Memory_TopK)->Arg(200)->Arg(100000)->Iterations(1);

// Arg: distinct keys (300: exact mode; 100 000: HyperLogLog).
void BM_Memory_Distinct(benchmark::State& state) {
  for (auto _ : state) {
    Distinct d;
    for (int64_t k = 0; k < state.range(0); ++k) d.Add(static_cast<uint64_t>(k));
    Report(state, d);
  }
}
BENCHMARK(BM_Memory_Distinct)->Arg(300)->Arg(100000)->Iterations(1);

}  // namespace
}  // namespace csm
