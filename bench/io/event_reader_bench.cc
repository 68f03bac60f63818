// Reading events: the CSV and JSONL readers alone (ns per event line), and
// the CSV reader feeding an engine (the `csm report` input path).
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"
#include "csm/io/engine_feed.h"
#include "csm/io/event_reader.h"
#include "csm/io/event_writer.h"

namespace csm::io {
namespace {

// `tickets` tickets of four events (created, assigned, agent_reply, status),
// in the shape of bench/compare/make_events.py, as CSV or JSONL.
std::string MakeEvents(int tickets, bool jsonl) {
  std::mt19937_64 rng(7);
  const char* channels[] = {"email", "chat", "phone", "web", "social"};
  std::string out = jsonl ? "" : "time,ticket,type,agent,channel,status\n";
  std::int64_t t = 1767225600000;
  for (int i = 0; i < tickets; ++i) {
    t += 1000 + static_cast<std::int64_t>(rng() % 10000);
    std::string ticket = "T";
    ticket += std::to_string(i);
    std::string agent = "agent";
    agent += std::to_string(rng() % 200);
    const char* channel = channels[rng() % 5];
    const std::int64_t times[] = {t, t + 1000, t + 60000, t + 3600000};
    const char* types[] = {"created", "assigned", "agent_reply", "status"};
    for (int k = 0; k < 4; ++k) {
      if (jsonl) {
        EventRecord e;
        e.time = FromEpochMs(times[k]);
        e.set(EventField::kTicket, ticket);
        e.set(EventField::kType, types[k]);
        if (k == 0) e.set(EventField::kChannel, channel);
        if (k == 1 || k == 2) e.set(EventField::kAgent, agent);
        if (k == 3) e.set(EventField::kStatus, "solved");
        EventJsonlWriter::Format(e, Zone::Utc(), &out);
        out += '\n';
      } else {
        out += std::to_string(times[k]);
        out += ',';
        out += ticket;
        out += ',';
        out += types[k];
        out += ',';
        if (k == 1 || k == 2) out += agent;
        out += ',';
        if (k == 0) out += channel;
        out += ',';
        if (k == 3) out += "solved";
        out += '\n';
      }
    }
  }
  return out;
}

void ReadAll(benchmark::State& state, bool jsonl) {
  const int tickets = static_cast<int>(state.range(0));
  const std::string data = MakeEvents(tickets, jsonl);
  for (auto _ : state) {
    auto reader = EventReader::Create(data, EventFormat::kAuto);
    EventRecord e;
    std::int64_t n = 0;
    while (reader->Next(&e) == EventReader::Result::kEvent) ++n;
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * tickets * 4);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}

void BM_ReadCsvEvents(benchmark::State& state) { ReadAll(state, false); }
void BM_ReadJsonlEvents(benchmark::State& state) { ReadAll(state, true); }
BENCHMARK(BM_ReadCsvEvents)->Arg(250000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadJsonlEvents)->Arg(250000)->Unit(benchmark::kMillisecond);

// The whole input path of `csm report`: CSV → records → interned events → engine,
// on one thread (arg 1) or with a reading thread (arg 2; CPU time is then the
// engine thread's, wall time the figure to read).
void BM_FeedCsvIntoEngine(benchmark::State& state) {
  const int tickets = static_cast<int>(state.range(0));
  FeedOptions options;
  options.threads = static_cast<int>(state.range(1));
  const std::string data = MakeEvents(tickets, false);
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = Engine::Create(
        R"({"views": [{"group_by": [], "grain": "hour"}, {"group_by": ["agent"], "grain": "day"}]})");
    state.ResumeTiming();
    auto fed = FeedEvents(data, **engine, options);
    benchmark::DoNotOptimize(fed->accepted);
  }
  state.SetItemsProcessed(state.iterations() * tickets * 4);
}
BENCHMARK(BM_FeedCsvIntoEngine)
    ->Args({250000, 1})
    ->Args({250000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm::io
