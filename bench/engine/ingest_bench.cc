// Engine ingest throughput on the seeded synthetic stream of
// tests/engine/synthetic_stream.h, in time order (as a live feed arrives):
// lognormal reply delays, Zipf-skewed agents, a realistic mix (created,
// assigned, agent / bot replies, notes, customer follow-ups, pending /
// on-hold, solves, 6 % reopens, 1 % merges, closes): 8.4 events per ticket.
// Every ticket is created within the first day and stays in the engine
// (nothing reaches the 30-day release), so "live tickets" is the ticket
// count. Only Ingest() is timed (thread CPU time, and wall time); the stream
// is generated in chunks of 2^20 events between. The run starts from an
// empty engine, so it includes growing the ticket table to its final size.
//
// Arguments: tickets, config (0: the default view only, no calendar;
// 1: three views and a business calendar; 2: config 0's view keeping only
// first_reply_time), chunk (events per Ingest call: 2^20, or 4096 as
// `csm report` hands them over; the caller's buffer is reused either way).

#include <chrono>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "bench/engine/ingest_setup.h"
#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"
#include "csm/model/internal/ticket_state.h"
#include "tests/engine/synthetic_stream.h"

namespace csm {
namespace {

using testing::SyntheticOptions;
using testing::SyntheticStream;

// The seeded stream in time order, as a live feed arrives.
SyntheticOptions LiveFeed(uint64_t tickets) {
  SyntheticOptions options;
  options.tickets = tickets;
  options.seed = 2026;
  options.order = SyntheticOptions::Order::kByTime;
  return options;
}

void BM_Ingest(benchmark::State& state) {
  const auto tickets = static_cast<uint64_t>(state.range(0));
  const auto config = static_cast<size_t>(state.range(1));
  const auto chunk_events = static_cast<size_t>(state.range(2));
  for (auto _ : state) {
    std::unique_ptr<Engine> engine = *Engine::Create(bench::kIngestConfigs[config]);
    SyntheticStream stream(*engine, LiveFeed(tickets));
    std::vector<Event> chunk;
    chunk.reserve(chunk_events);
    bench::IngestTotals totals;
    size_t peak_live = 0;
    Engine::MemoryUsage peak_memory;
    while (stream.Next(chunk, chunk_events) > 0) {
      bench::TimedIngest(*engine, chunk, totals);
      if (engine->live_tickets() >= peak_live) {
        peak_live = engine->live_tickets();
        peak_memory = engine->Memory();
      }
    }
    bench::ReportIngest(state, totals);
    const auto live = static_cast<double>(peak_live);
    state.counters["live_tickets"] = live;
    state.counters["state_bytes"] = sizeof(TicketState);
    state.counters["table_bytes_per_ticket"] = static_cast<double>(peak_memory.tickets) / live;
    state.counters["all_ticket_bytes_per_ticket"] =
        static_cast<double>(peak_memory.tickets + peak_memory.snapshots + peak_memory.released) /
        live;
    state.counters["view_bytes"] = static_cast<double>(peak_memory.views);
  }
}
BENCHMARK(BM_Ingest)
    ->ArgNames({"tickets", "config", "chunk"})
    ->Args({1'000'000, 0, 1 << 20})
    ->Args({1'000'000, 0, 4096})
    ->Args({1'000'000, 1, 1 << 20})
    ->Args({1'000'000, 2, 1 << 20})
    ->Args({1'000'000, 2, 4096})
    ->Args({10'000'000, 0, 1 << 20})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// The live feed at a steady state: tickets created evenly over 120 days,
// each released 30 days after it is solved or closed, so about 1.1 M
// tickets are live at any time and the ticket table reuses released slots
// instead of growing. Only the events of days 45 to 120 are timed (warm:
// the live count has levelled off; before the creations stop and the
// tickets drain); the counters give the live tickets at the start and end
// of the timed part.
void BM_IngestSteady(benchmark::State& state) {
  const auto config = static_cast<size_t>(state.range(0));
  for (auto _ : state) {
    std::unique_ptr<Engine> engine = *Engine::Create(bench::kIngestConfigs[config]);
    SyntheticOptions options = LiveFeed(4'000'000);
    options.creation_span_ms = int64_t{120} * 86'400'000;
    const int64_t warm_ms = options.start_ms + int64_t{45} * 86'400'000;
    const int64_t end_ms = options.start_ms + options.creation_span_ms;
    SyntheticStream stream(*engine, options);
    std::vector<Event> chunk;
    constexpr size_t kChunk = size_t{1} << 16;
    chunk.reserve(kChunk);
    bench::IngestTotals totals;
    size_t live_at_start = 0;
    while (stream.Next(chunk, kChunk) > 0 && ToEpochMs(chunk.front().time) < end_ms) {
      if (ToEpochMs(chunk.front().time) < warm_ms) {
        engine->Ingest(chunk);
        chunk.clear();
        continue;
      }
      if (live_at_start == 0) live_at_start = engine->live_tickets();
      bench::TimedIngest(*engine, chunk, totals);
    }
    bench::ReportIngest(state, totals);
    state.counters["live_at_start"] = static_cast<double>(live_at_start);
    state.counters["live_at_end"] = static_cast<double>(engine->live_tickets());
  }
}
BENCHMARK(BM_IngestSteady)
    ->ArgNames({"config"})
    ->Arg(0)
    ->Arg(1)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// The floor the issue quotes: one find-and-update in a flat_hash_map of
// TicketState at random keys, with and without looking 8 keys ahead.
void BM_BareMapUpdate(benchmark::State& state) {
  const auto tickets = static_cast<uint64_t>(state.range(0));
  const bool prefetch = state.range(1) != 0;
  absl::flat_hash_map<TicketKey, TicketState> map;
  for (uint64_t k = 1; k <= tickets; ++k) map[k].agent_replies = 1;
  std::mt19937_64 rng(1);
  std::vector<TicketKey> keys(1 << 20);
  for (TicketKey& k : keys) k = 1 + rng() % tickets;
  size_t i = 0;
  for (auto _ : state) {
    if (prefetch) map.prefetch(keys[(i + 8) & (keys.size() - 1)]);
    TicketState& s = map.find(keys[i & (keys.size() - 1)])->second;
    s.agent_replies = static_cast<uint16_t>(s.agent_replies + 1);
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_BareMapUpdate)
    ->ArgNames({"tickets", "prefetch"})
    ->Args({1'000'000, 0})
    ->Args({1'000'000, 1});

}  // namespace
}  // namespace csm
