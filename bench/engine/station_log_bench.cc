// One ticket passed between many distinct agents (issue 18: 200 000
// assignments of one ticket took 10.6 s while StationLog::Add searched the
// ticket's list). Both should now grow linearly with n.
//
//   ./build/release/bin/csm_engine_bench --benchmark_filter=Station
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/station_log.h"

namespace csm {
namespace {

void BM_StationLogDistinctAgents(benchmark::State& state) {
  const auto n = static_cast<uint32_t>(state.range(0));
  for (auto _ : state) {
    StationLog log;
    for (uint32_t id = 1; id <= n; ++id) log.Add(Station::kAgent, 1, id);
    benchmark::DoNotOptimize(log);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * n);
}
BENCHMARK(BM_StationLogDistinctAgents)->Arg(1'000)->Arg(200'000)->Unit(benchmark::kMillisecond);

// The whole engine: created, n assignments to distinct agents, solved.
void BM_OneTicketManyAssignees(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = *Engine::Create(R"({"views": [{"group_by": [], "grain": "day"}]})");
    std::vector<Event> events;
    Event e;
    e.type = EventType::kCreated;
    e.ticket = 1;
    e.time = FromEpochMs(1'793'610'000'000);
    events.push_back(e);
    e.type = EventType::kAssigned;
    for (int i = 0; i < n; ++i) {
      e.agent = *engine->Intern(Field::kAgent, "agent-" + std::to_string(i));
      events.push_back(e);
    }
    e.type = EventType::kStatus;
    e.agent = 0;
    e.status = static_cast<uint8_t>(TicketStatus::kSolved);
    events.push_back(e);
    state.ResumeTiming();
    benchmark::DoNotOptimize(engine->Ingest(events));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * (n + 2));
}
BENCHMARK(BM_OneTicketManyAssignees)->Arg(1'000)->Arg(200'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
