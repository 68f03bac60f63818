// sla_due over a large open backlog (issue 20: top 100 over 1 M open tickets
// with 3 targets each in at most 1 ms): the answer reads the front of the
// SLA due index, so its cost should not grow with the backlog. Each run is
// the whole C++ path of csm_engine_live_json: parse the query, walk the
// index, build and write the JSON answer.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/live/live_query.h"

namespace csm {
namespace {

constexpr std::string_view kConfig = R"({"sla_policies": [{"name": "all", "targets": [
  {"priority": "*", "metric": "first_reply_time", "seconds": 14400, "business": false},
  {"priority": "*", "metric": "requester_wait_time", "seconds": 86400, "business": false},
  {"priority": "*", "metric": "total_resolution_time", "seconds": 172800, "business": false}]}],
  "views": [{"group_by": [], "grain": "all", "metrics": ["tickets_created"]}]})";

constexpr int64_t kStartMs = 1793610000000;  // 2026-11-02T09:00Z

// An engine holding `tickets` open tickets created 50 ms apart (3 active
// target instances each), built once per size.
const Engine& Backlog(int64_t tickets) {
  static std::vector<std::pair<int64_t, std::unique_ptr<Engine>>> built;
  for (const auto& [n, engine] : built) {
    if (n == tickets) return *engine;
  }
  auto engine = Engine::Create(kConfig);
  if (!engine.ok()) std::abort();
  std::vector<Event> batch;
  batch.reserve(4096);
  for (int64_t i = 0; i < tickets; ++i) {
    Event e;
    e.type = EventType::kCreated;
    e.ticket = static_cast<TicketKey>(i + 1);
    e.time = FromEpochMs(kStartMs + i * 50);
    batch.push_back(e);
    if (batch.size() == 4096 || i + 1 == tickets) {
      if ((*engine)->Ingest(batch).rejected != 0) std::abort();
      batch.clear();
    }
  }
  if ((*engine)->impl().sla().active_count() != static_cast<size_t>(3 * tickets)) std::abort();
  built.emplace_back(tickets, *std::move(engine));
  return *built.back().second;
}

void Run(benchmark::State& state, std::string_view query) {
  const Engine& engine = Backlog(state.range(0));
  const Instant now = engine.clock();
  for (auto _ : state) {
    absl::StatusOr<std::string> answer = live::RunLiveJson(engine, query, now);
    if (!answer.ok()) std::abort();
    benchmark::DoNotOptimize(answer->data());
  }
  state.counters["open_tickets"] = static_cast<double>(state.range(0));
  state.counters["active_instances"] = static_cast<double>(engine.impl().sla().active_count());
}

// The 100 instances due next (the first ones are long breached: the clock is
// at the last ticket's creation).
void BM_SlaDueTop100(benchmark::State& state) {
  Run(state, R"({"kind": "sla_due", "limit": 100})");
}
BENCHMARK(BM_SlaDueTop100)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

// Due within the next hour of the clock, top 100: the walk starts at the
// front (breached ones) and stops at the limit.
void BM_SlaDueWithinHourTop100(benchmark::State& state) {
  Run(state, R"({"kind": "sla_due", "within": 3600, "limit": 100})");
}
BENCHMARK(BM_SlaDueWithinHourTop100)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

// One ticket's answer (a hash lookup and its three instances).
void BM_TicketAnswer(benchmark::State& state) {
  Run(state, R"({"kind": "ticket", "ticket": 500000})");
}
BENCHMARK(BM_TicketAnswer)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace csm
