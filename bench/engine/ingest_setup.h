// What the engine's ingest benchmarks share: the thread-CPU clock they time
// Engine::Ingest with, and their two engine configs.
#ifndef CSM_BENCH_ENGINE_INGEST_SETUP_H_
#define CSM_BENCH_ENGINE_INGEST_SETUP_H_

#include <time.h>

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
inline const char* const kIngestConfigs[] = {
    "{}",
    R"({"calendars": {"default": {"timezone": "America/New_York", "weekly": {
          "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
          "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
        "views": [{"group_by": [], "grain": "hour"},
                  {"group_by": ["agent"], "grain": "day"},
                  {"group_by": ["group", "channel"], "grain": "day"}]})",
};

}  // namespace csm::bench

#endif  // CSM_BENCH_ENGINE_INGEST_SETUP_H_
