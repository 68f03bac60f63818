// A synthetic contact-center day through the engine: Poisson arrivals over
// 24 h, an IVR step (some callers hang up there), an M/M/c queue with
// exponential patience (callers who wait longer than their patience
// abandon), exponential talk, some holds and transfers, exponential
// after-contact work, and each agent's busy / after_call / available states
// following its calls. Events are sorted by time, as a live feed would
// deliver them; the benchmark ingests all of them into a fresh engine per
// iteration and reports events per second.
//
//   ./build/release/bin/csm_engine_bench --benchmark_filter=ContactCenter
#include <algorithm>
#include <queue>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"

namespace csm {
namespace {

struct Day {
  std::vector<Event> events;
  uint32_t agents = 0, groups = 0, steps = 0;
};

constexpr int64_t kStartMs = 1'793'000'000'000;  // 2026-10-26
constexpr uint32_t kGroups = 8;
constexpr uint32_t kSteps = 4;

Day MakeDay(uint64_t calls, uint32_t agents, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(static_cast<double>(calls) / 86'400'000.0);
  std::exponential_distribution<double> talk(1 / 180'000.0), acw(1 / 30'000.0),
      patience(1 / 120'000.0), ivr(1 / 20'000.0), hold(1 / 40'000.0);
  std::uniform_real_distribution<double> u(0, 1);
  Day day;
  day.agents = agents;
  day.groups = kGroups;
  day.steps = kSteps;
  // Free agents by the instant they become free (earliest first).
  using Free = std::pair<int64_t, uint32_t>;
  std::priority_queue<Free, std::vector<Free>, std::greater<Free>> free;
  for (uint32_t a = 1; a <= agents; ++a) free.push({kStartMs, a});
  auto add = [&](int64_t t, uint64_t ticket, EventType type) -> Event& {
    Event& e = day.events.emplace_back();
    e.time = FromEpochMs(t);
    e.ticket = ticket;
    e.type = type;
    return e;
  };
  double t = static_cast<double>(kStartMs);
  for (uint64_t ticket = 1; ticket <= calls; ++ticket) {
    t += gap(rng);
    auto now = static_cast<int64_t>(t);
    const auto group = static_cast<uint32_t>(1 + rng() % kGroups);
    Event& created = add(now, ticket, EventType::kCreated);
    created.group = group;
    created.channel = 1;
    add(now, ticket, EventType::kIvr).step = static_cast<uint32_t>(1 + rng() % kSteps);
    now += static_cast<int64_t>(ivr(rng));
    if (u(rng) < 0.05) {  // hung up in the IVR
      add(now, ticket, EventType::kAbandoned);
      continue;
    }
    add(now, ticket, EventType::kQueued).group = group;
    const auto [free_at, agent] = free.top();
    const int64_t answer = std::max(now, free_at);
    const auto patience_ms = static_cast<int64_t>(patience(rng));
    if (answer - now > patience_ms) {
      add(now + patience_ms, ticket, EventType::kAbandoned);
      continue;
    }
    free.pop();
    add(answer, ticket, EventType::kAnswered).agent = agent;
    Event& busy = add(answer, 0, EventType::kAgentState);
    busy.agent = agent;
    busy.status = static_cast<uint8_t>(AgentState::kBusy);
    int64_t end = answer + static_cast<int64_t>(talk(rng));
    if (u(rng) < 0.2) {  // one hold in the middle of the call
      const int64_t h = answer + (end - answer) / 2;
      const int64_t held_until = h + static_cast<int64_t>(hold(rng));
      add(h, ticket, EventType::kHoldStart);
      add(held_until, ticket, EventType::kHoldEnd);
      end = std::max(end, held_until);
    }
    uint32_t last_agent = agent;
    if (u(rng) < 0.05) {  // a transfer to a named agent (no state events for them)
      last_agent = 1 + static_cast<uint32_t>((agent + rng() % (agents - 1)) % agents);
      const int64_t x = end;
      end += static_cast<int64_t>(talk(rng));
      add(x, ticket, EventType::kTransferred).agent = last_agent;
    }
    add(end, ticket, EventType::kEnded);
    Event& after = add(end, 0, EventType::kAgentState);
    after.agent = agent;
    after.status = static_cast<uint8_t>(AgentState::kAfterCall);
    const int64_t done = end + static_cast<int64_t>(acw(rng));
    if (last_agent != agent) {
      add(done, ticket, EventType::kWrapupEnd).agent = last_agent;
    }
    add(done, ticket, EventType::kWrapupEnd).agent = agent;
    Event& available = add(done, 0, EventType::kAgentState);
    available.agent = agent;
    available.status = static_cast<uint8_t>(AgentState::kAvailable);
    free.push({done, agent});
  }
  // A live feed: all events in time order (stable: each ticket's and each
  // agent's own order is kept).
  std::stable_sort(day.events.begin(), day.events.end(),
                   [](const Event& a, const Event& b) { return a.time < b.time; });
  return day;
}

const Day& TheDay() {
  static const Day* day = new Day(MakeDay(200'000, 500, 7));
  return *day;
}

// Arg 0: one view (totals by hour); 1: three views (totals by hour, agent by
// hour, group by day).
void BM_ContactCenter_IngestDay(benchmark::State& state) {
  const Day& day = TheDay();
  const char* config =
      state.range(0) == 0
          ? R"({"views": [{"group_by": [], "grain": "hour"}]})"
          : R"({"views": [{"group_by": [], "grain": "hour"}, {"group_by": ["agent"], "grain": "hour"},
                          {"group_by": ["group"], "grain": "day"}]})";
  uint64_t rejected = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::unique_ptr<Engine> engine = *Engine::Create(config);
    // Intern names in a fixed order so the day's ids are this engine's ids.
    for (uint32_t a = 1; a <= day.agents; ++a)
      (void)engine->Intern(Field::kAgent, absl::StrCat("a", a));
    for (uint32_t g = 1; g <= day.groups; ++g)
      (void)engine->Intern(Field::kGroup, absl::StrCat("g", g));
    for (uint32_t s = 1; s <= day.steps; ++s)
      (void)engine->Intern(Field::kStep, absl::StrCat("s", s));
    (void)engine->Intern(Field::kChannel, "phone");
    state.ResumeTiming();
    const IngestResult r = engine->Ingest(day.events);
    rejected += r.rejected;
    benchmark::DoNotOptimize(r);
    state.PauseTiming();
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * day.events.size()));
  state.counters["events"] = static_cast<double>(day.events.size());
  state.counters["rejected"] = static_cast<double>(rejected / state.iterations());
}
BENCHMARK(BM_ContactCenter_IngestDay)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm
