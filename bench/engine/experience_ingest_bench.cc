// Engine ingest throughput with the experience, customer and agent metrics
// fed: the seeded synthetic stream of tests/engine/synthetic_stream.h in time order
// (customers_per_ticket 0.3: a customer has 3.3 tickets on average, so
// repeat contacts and per-customer counts are exercised), plus, for each
// solve, survey_sent + csat + nps, and a workflow (one of 50 macros) with
// every other agent reply. Only Ingest() is timed (this thread's CPU time,
// and wall time); events are generated in chunks of 2^20 between.
//
// Arguments: tickets, config (0: the default hour view, no calendar; 1:
// three views and a business calendar, as the engine's ingest benchmark).

#include <chrono>

#include "bench/engine/ingest_setup.h"
#include "benchmark/benchmark.h"
#include "csm/accum/distinct.h"
#include "csm/engine/engine.h"
#include "tests/engine/synthetic_stream.h"

namespace csm {
namespace {

using testing::SyntheticOptions;
using testing::SyntheticStream;

// Appends `e` and the experience events that follow it in the same instant.
void WithExperience(const Event& e, const std::vector<uint32_t>& workflows,
                    std::vector<Event>& out) {
  out.push_back(e);
  const uint64_t h = Distinct::Mix(e.ticket ^ static_cast<uint64_t>(ToEpochMs(e.time)));
  if (e.type == EventType::kStatus && e.status == static_cast<uint8_t>(TicketStatus::kSolved)) {
    Event x = e;
    x.status = 0;
    x.type = EventType::kSurveySent;
    out.push_back(x);
    x.type = EventType::kCsat;
    x.value = 1 + static_cast<double>(h % 5);
    out.push_back(x);
    x.type = EventType::kNps;
    x.value = static_cast<double>((h >> 8) % 11);
    out.push_back(x);
  } else if (e.type == EventType::kAgentReply && h % 2 == 0) {
    Event x = e;
    x.type = EventType::kWorkflow;
    x.workflow = workflows[(h >> 16) % workflows.size()];
    out.push_back(x);
  }
}

void BM_IngestExperience(benchmark::State& state) {
  const auto tickets = static_cast<uint64_t>(state.range(0));
  const auto config = static_cast<size_t>(state.range(1));
  for (auto _ : state) {
    std::unique_ptr<Engine> engine = *Engine::Create(bench::kIngestConfigs[config]);
    std::vector<uint32_t> workflows;
    for (int i = 0; i < 50; ++i) {
      workflows.push_back(*engine->Intern(Field::kWorkflow, "macro-" + std::to_string(i)));
    }
    SyntheticOptions options;
    options.tickets = tickets;
    options.seed = 2026;
    options.customers_per_ticket = 0.3;
    options.order = SyntheticOptions::Order::kByTime;
    SyntheticStream stream(*engine, options);
    std::vector<Event> raw, chunk;
    constexpr size_t kChunk = size_t{1} << 20;
    chunk.reserve(kChunk * 2);
    bench::IngestTotals totals;
    uint64_t ratings = 0;
    while (stream.Next(raw, kChunk) > 0) {
      for (const Event& e : raw) WithExperience(e, workflows, chunk);
      raw.clear();
      for (const Event& e : chunk) ratings += e.type == EventType::kCsat ? 1 : 0;
      bench::TimedIngest(*engine, chunk, totals);
    }
    bench::ReportIngest(state, totals);
    const Engine::MemoryUsage m = engine->Memory();
    state.counters["csat_events"] = static_cast<double>(ratings);
    state.counters["live_tickets"] = static_cast<double>(engine->live_tickets());
    state.counters["experience_bytes"] = static_cast<double>(m.experience);
    state.counters["view_bytes"] = static_cast<double>(m.views);
  }
}
BENCHMARK(BM_IngestExperience)
    ->ArgNames({"tickets", "config"})
    ->Args({1'000'000, 0})
    ->Args({1'000'000, 1})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
