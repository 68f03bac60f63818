// ShardedEngine ingest throughput against one shard, on the events of
// BM_Ingest (ingest_bench.cc): the seeded synthetic live feed, config 0.
// Issue 22's goal: 2 shards on 2 threads ingest >= 1.7x the events per
// second of one shard (paired runs, best of 3; bench/RESULTS.md).
//
// The events are generated once, before any timing, so the stream's
// generator does not compete with the shards for the cores. Timed (wall
// clock): routing every event (chunks of 2^20, as BM_Ingest hands them
// over) and Finish, which waits for the shards and merges them into one
// engine, so the figure is events to a reportable engine.
//
// Arguments: tickets, config (bench::kIngestConfigs), shards (1: one engine
// on a thread of its own behind the router; 2: two).
//
// Paired runs, best of 3 (each repetition alternates the shard counts):
//   csm_engine_bench --benchmark_filter=BM_IngestSharded
//     --benchmark_repetitions=3 --benchmark_enable_random_interleaving=true

#include <chrono>
#include <memory>
#include <span>
#include <vector>

#include "bench/engine/ingest_setup.h"
#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"
#include "csm/engine/sharded_engine.h"
#include "tests/engine/synthetic_stream.h"

namespace csm {
namespace {

using testing::SyntheticOptions;
using testing::SyntheticStream;

SyntheticOptions LiveFeed(uint64_t tickets) {
  SyntheticOptions options;
  options.tickets = tickets;
  options.seed = 2026;
  options.order = SyntheticOptions::Order::kByTime;
  return options;
}

// The whole stream of `tickets`, generated once per ticket count (ids as
// any engine interning the stream's names first gives them).
const std::vector<Event>& StreamEvents(uint64_t tickets) {
  static uint64_t cached_tickets = 0;
  static std::vector<Event> events;
  if (cached_tickets != tickets) {
    events.clear();
    std::unique_ptr<Engine> scratch = *Engine::Create("{}");
    SyntheticStream stream(*scratch, LiveFeed(tickets));
    while (stream.Next(events, size_t{1} << 20) > 0) {
    }
    cached_tickets = tickets;
  }
  return events;
}

void BM_IngestSharded(benchmark::State& state) {
  const auto tickets = static_cast<uint64_t>(state.range(0));
  const auto config = static_cast<size_t>(state.range(1));
  const auto shards = static_cast<int>(state.range(2));
  const std::vector<Event>& events = StreamEvents(tickets);
  constexpr size_t kChunk = size_t{1} << 20;
  for (auto _ : state) {
    std::unique_ptr<ShardedEngine> sharded =
        *ShardedEngine::Create(bench::kIngestConfigs[config], shards);
    // Interns the stream's names in the router, in the scratch engine's order.
    SyntheticStream names(*sharded, LiveFeed(tickets));
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = bench::ThreadCpuSeconds();
    for (size_t at = 0; at < events.size(); at += kChunk) {
      sharded->Ingest(std::span(events).subspan(at, std::min(kChunk, events.size() - at)));
    }
    const double router_cpu = bench::ThreadCpuSeconds() - cpu_start;
    const auto routed = std::chrono::steady_clock::now();
    absl::StatusOr<ShardedEngine::Finished> done = sharded->Finish();
    const auto end = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(end - start).count();
    if (!done.ok()) {
      state.SkipWithError(done.status().ToString().c_str());
      return;
    }
    state.SetIterationTime(seconds);
    const auto n = static_cast<double>(events.size());
    state.counters["events"] = n;
    state.counters["events_per_wall_s"] = n / seconds;
    // The calling thread's CPU while routing (naming, checks, batching),
    // and the wall time of Finish (the shards' backlog, then the merge).
    state.counters["router_cpu_ns_per_event"] = router_cpu * 1e9 / n;
    state.counters["finish_s"] = std::chrono::duration<double>(end - routed).count();
    state.counters["accepted"] = static_cast<double>(done->accepted);
    state.counters["rejected"] = static_cast<double>(done->rejected);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}
BENCHMARK(BM_IngestSharded)
    ->ArgNames({"tickets", "config", "shards"})
    ->Args({1'000'000, 0, 1})
    ->Args({1'000'000, 0, 2})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
