// SLA costs (issue 20, docs/sla.md):
//  - BM_IngestSla: the seeded live feed of ingest_bench.cc (1 M tickets, 8.4
//    events each) into an engine without SLA policies and into the same
//    engine with one policy of three targets per ticket (first reply,
//    next reply, total resolution), paired in one run: the ratio of their
//    cpu_ns_per_event is the SLA overhead (goal <= 1.3x). config 0: no
//    calendar, calendar-time targets; config 1: ingest_bench's three views
//    and New York calendar, business-time targets.
//  - BM_SlaDueTop100: the 100 instances due next among 1 M open tickets with
//    three active targets each (3 M in the due index), read from the index
//    front with a group filter that keeps about 1 in 4 (goal <= 1 ms).
//  - BM_AdvanceBreaches: Engine::AdvanceClock over those 3 M instances in
//    half-hour steps until all are breached: time per breach recorded.

#include <chrono>
#include <string>

#include "bench/engine/ingest_setup.h"
#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "tests/engine/synthetic_stream.h"

namespace csm {
namespace {

using testing::SyntheticOptions;
using testing::SyntheticStream;

constexpr const char* kThreeTargets =
    R"({"name": "all", "targets": [
        {"metric": "first_reply_time", "seconds": 14400, "business": %B},
        {"metric": "next_reply_time", "seconds": 3600, "business": %B},
        {"metric": "total_resolution_time", "seconds": 86400, "business": %B}]})";

std::string WithPolicies(std::string config, bool business) {
  std::string policy = kThreeTargets;
  for (size_t at; (at = policy.find("%B")) != std::string::npos;) {
    policy.replace(at, 2, business ? "true" : "false");
  }
  const std::string key = "\"sla_policies\": [" + policy + "]";
  if (config == "{}") return "{" + key + "}";
  config.insert(config.rfind('}'), ", " + key);
  return config;
}

void BM_IngestSla(benchmark::State& state) {
  const auto config = static_cast<size_t>(state.range(0));
  const bool sla = state.range(1) != 0;
  const std::string json = sla ? WithPolicies(bench::kIngestConfigs[config], config == 1)
                               : std::string(bench::kIngestConfigs[config]);
  for (auto _ : state) {
    std::unique_ptr<Engine> engine = *Engine::Create(json);
    SyntheticOptions options;
    options.tickets = 1'000'000;
    options.seed = 2026;
    options.order = SyntheticOptions::Order::kByTime;
    SyntheticStream stream(*engine, options);
    std::vector<Event> chunk;
    chunk.reserve(1 << 20);
    bench::IngestTotals totals;
    while (stream.Next(chunk, 1 << 20) > 0) bench::TimedIngest(*engine, chunk, totals);
    bench::ReportIngest(state, totals);
    state.counters["sla_instances_active"] =
        static_cast<double>(engine->impl().sla().active_count());
    state.counters["sla_bytes"] = static_cast<double>(engine->Memory().sla);
  }
}
BENCHMARK(BM_IngestSla)
    ->ArgNames({"config", "sla"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 0})
    ->Args({1, 1})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// 1 M tickets created 1 s apart (11.6 days), each with three cumulative
// targets running from creation: three active instances per ticket.
constexpr const char* kDeskConfig = R"({"sla_policies": [{"name": "desk", "targets": [
    {"metric": "requester_wait_time", "seconds": 3600},
    {"metric": "agent_work_time", "seconds": 7200},
    {"metric": "total_resolution_time", "seconds": 86400}]}]})";
constexpr int64_t kDeskStartMs = 1'790'000'000'000;  // 2026-09-21

std::unique_ptr<Engine> OpenDesk(uint32_t tickets) {
  std::unique_ptr<Engine> engine = *Engine::Create(kDeskConfig);
  const uint32_t groups[4] = {
      *engine->Intern(Field::kGroup, "tier1"), *engine->Intern(Field::kGroup, "tier2"),
      *engine->Intern(Field::kGroup, "tier3"), *engine->Intern(Field::kGroup, "tier4")};
  std::vector<Event> events;
  events.reserve(tickets);
  for (uint32_t t = 1; t <= tickets; ++t) {
    Event created;
    created.ticket = t;
    created.time = FromEpochMs(kDeskStartMs + int64_t{t} * 1000);
    created.type = EventType::kCreated;
    created.group = groups[t % 4];
    events.push_back(created);
  }
  engine->Ingest(events);
  return engine;
}

void BM_SlaDueTop100(benchmark::State& state) {
  std::unique_ptr<Engine> engine = OpenDesk(1'000'000);
  const uint32_t tier1 = *engine->Intern(Field::kGroup, "tier1");
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    engine->impl().sla().ForEachDue([&](const SlaTracker::DueKey& k, const SlaInstance&) {
      const TicketState* s = engine->impl().FindTicket(k.ticket);
      if (s != nullptr && s->dims.group() == tier1) ++found;
      return found < 100;
    });
    benchmark::DoNotOptimize(found);
  }
  state.counters["active_instances"] = static_cast<double>(engine->impl().sla().active_count());
  state.counters["found"] = static_cast<double>(found);
}
BENCHMARK(BM_SlaDueTop100)->Unit(benchmark::kMicrosecond);

void BM_AdvanceBreaches(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    std::unique_ptr<Engine> engine = OpenDesk(1'000'000);
    const size_t active = engine->impl().sla().active_count();
    Instant clock = engine->clock();
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    // Half an hour at a time until every instance is past due (the last
    // ticket's total resolution: 1 M s + 1 day after the start): about
    // 3,000 breaches per step, and each recorded once.
    const Instant end = FromEpochMs(kDeskStartMs + 1'000'000'000LL + 86'400'000 + 1'800'000);
    while (clock < end) {
      clock += Millis{1'800'000};
      (void)engine->AdvanceClock(clock);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(seconds);
    state.counters["instances"] = static_cast<double>(active);
    state.counters["ns_per_breach"] = seconds * 1e9 / static_cast<double>(active);
  }
}
BENCHMARK(BM_AdvanceBreaches)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
