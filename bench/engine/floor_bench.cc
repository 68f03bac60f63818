// The floor under Engine::Ingest on the machine at hand: what one random
// update of a live ticket costs with no metric work at all, at 1 M live
// tickets. Issue 5 states its ingest goal against "this machine's bare
// flat_hash_map update (~35-40 ns)"; these benchmarks measure that reference
// and the engine's own ticket table (index entry + 128-byte state), both
// with the look-ahead Engine::Ingest uses, so the engine's figures in
// bench/RESULTS.md can be read against the memory system they ran on.
#include <cstdint>
#include <random>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "benchmark/benchmark.h"
#include "csm/engine/internal/ticket_table.h"

namespace csm {
namespace {

constexpr uint64_t kLiveTickets = 1'000'000;
constexpr size_t kUpdates = size_t{1} << 23;

// Ticket keys spread like the synthetic feed's (odd multiples, not dense).
uint64_t KeyOf(uint64_t i) { return (i + 1) * 7919; }

std::vector<uint64_t> RandomKeys() {
  std::mt19937_64 rng(42);
  std::vector<uint64_t> keys(kUpdates);
  for (uint64_t& k : keys) k = KeyOf(rng() % kLiveTickets);
  return keys;
}

// absl::flat_hash_map<uint64_t, uint64_t>: the reference update
// (range(0) = 1: prefetch 16 updates ahead, as the engine would).
void BM_FlatHashMapUpdate(benchmark::State& state) {
  const bool prefetch = state.range(0) != 0;
  absl::flat_hash_map<uint64_t, uint64_t> map;
  for (uint64_t i = 0; i < kLiveTickets; ++i) map[KeyOf(i)] = i;
  const std::vector<uint64_t> keys = RandomKeys();
  constexpr size_t kAhead = 16;
  for (auto _ : state) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (prefetch && i + kAhead < keys.size()) map.prefetch(keys[i + kAhead]);
      ++map[keys[i]];
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys.size()));
}
BENCHMARK(BM_FlatHashMapUpdate)->ArgName("prefetch")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// TicketTable: find a live ticket and change two fields of its state, with
// the index entry fetched range(0) updates ahead and the state range(1)
// ahead (0, 0: no look-ahead).
void BM_TicketTableUpdate(benchmark::State& state) {
  const auto group_ahead = static_cast<size_t>(state.range(0));
  const auto state_ahead = static_cast<size_t>(state.range(1));
  TicketTable table;
  for (uint64_t i = 0; i < kLiveTickets; ++i) table.Insert(KeyOf(i));
  const std::vector<uint64_t> keys = RandomKeys();
  for (auto _ : state) {
    const size_t n = keys.size();
    for (size_t i = 0; i < n; ++i) {
      if (group_ahead > 0 && i + group_ahead < n) table.Prefetch(keys[i + group_ahead]);
      if (state_ahead > 0 && i + state_ahead < n) table.PrefetchState(keys[i + state_ahead]);
      TicketState* s = table.Find(keys[i]);
      ++s->agent_replies;
      s->open_calendar.add(Millis{1});
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys.size()));
}
BENCHMARK(BM_TicketTableUpdate)
    ->ArgNames({"group_ahead", "state_ahead"})
    ->Args({0, 0})
    ->Args({16, 8})
    ->Args({32, 16})
    ->Args({64, 32})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
