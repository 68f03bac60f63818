// What the engine's ingest benchmarks share: the thread-CPU clock they time
// Engine::Ingest with, and their two engine configs.
#ifndef CSM_BENCH_ENGINE_INGEST_SETUP_H_
#define CSM_BENCH_ENGINE_INGEST_SETUP_H_

#include <time.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "csm/engine/engine.h"

namespace csm::bench {

// This thread's CPU time: the build machine is shared, so wall time counts
// other people's work too.
inline double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Config 0: the default (one view, no group-by, hourly, UTC; no calendar).
// Config 1: three views and a Mon–Fri 09–17 America/New_York calendar.
// Config 2: config 0's view keeping one metric (first_reply_time), as a user
// who wants one number configures it.
inline const char* const kIngestConfigs[] = {
    "{}",
    R"({"calendars": {"default": {"timezone": "America/New_York", "weekly": {
          "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
          "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
        "views": [{"group_by": [], "grain": "hour"},
                  {"group_by": ["agent"], "grain": "day"},
                  {"group_by": ["group", "channel"], "grain": "day"}]})",
    R"({"views": [{"group_by": [], "grain": "hour", "metrics": ["first_reply_time"]}]})",
};

// Wall and thread-CPU time spent in Engine::Ingest, and what it counted.
struct IngestTotals {
  double seconds = 0;
  double cpu_seconds = 0;
  uint64_t events = 0;
  uint64_t rejected = 0;
};

// Ingests `chunk` (only the call is timed) and empties it.
inline void TimedIngest(Engine& engine, std::vector<Event>& chunk, IngestTotals& totals) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuSeconds();
  const IngestResult r = engine.Ingest(chunk);
  totals.cpu_seconds += ThreadCpuSeconds() - cpu_start;
  totals.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  totals.events += chunk.size();
  totals.rejected += r.rejected;
  chunk.clear();
}

// The run's iteration time (wall time in Ingest) and its rate counters.
inline void ReportIngest(benchmark::State& state, const IngestTotals& t) {
  state.SetIterationTime(t.seconds);
  const auto events = static_cast<double>(t.events);
  state.counters["events"] = events;
  state.counters["events_per_cpu_s"] = events / t.cpu_seconds;
  state.counters["cpu_ns_per_event"] = t.cpu_seconds * 1e9 / events;
  state.counters["events_per_wall_s"] = events / t.seconds;
  state.counters["rejected"] = static_cast<double>(t.rejected);
}

}  // namespace csm::bench

#endif  // CSM_BENCH_ENGINE_INGEST_SETUP_H_
