// Staffing: agents required for one interval (Erlang C and Erlang A) and a
// year of half-hour intervals planned. Targets (issue 23): one interval
// <= 2 µs at 100 Erlangs and <= 50 µs at 5,000; a year in < 100 ms.
#include <cmath>
#include <vector>

#include "benchmark/benchmark.h"
#include "csm/staffing/agents_required.h"
#include "csm/staffing/erlang_c.h"
#include "csm/staffing/forecast.h"

namespace csm::staffing {
namespace {

StaffingTarget EightyTwenty() {
  StaffingTarget t;
  t.service_level = 0.8;
  t.threshold_s = 20;
  t.max_occupancy = 0.85;
  t.shrinkage = 0.3;
  return t;
}

// range(0) = offered load in Erlangs (AHT 180 s over half an hour).
void BM_AgentsRequiredErlangC(benchmark::State& state) {
  const IntervalLoad load{state.range(0) * 10.0, 1800, 180};
  const StaffingTarget target = EightyTwenty();
  for (auto _ : state) benchmark::DoNotOptimize(AgentsRequired(load, target));
}
BENCHMARK(BM_AgentsRequiredErlangC)->Arg(10)->Arg(100)->Arg(1000)->Arg(5000);

void BM_AgentsRequiredErlangA(benchmark::State& state) {
  const IntervalLoad load{state.range(0) * 10.0, 1800, 180};
  StaffingTarget target = EightyTwenty();
  target.model = QueueModel::kErlangA;
  target.patience_s = 120;
  for (auto _ : state) benchmark::DoNotOptimize(AgentsRequired(load, target));
}
BENCHMARK(BM_AgentsRequiredErlangA)->Arg(10)->Arg(100)->Arg(1000)->Arg(5000);

void BM_ErlangC(benchmark::State& state) {
  const IntervalLoad load{state.range(0) * 10.0, 1800, 180};
  const int64_t agents = state.range(0) + static_cast<int64_t>(std::sqrt(state.range(0))) + 1;
  for (auto _ : state) benchmark::DoNotOptimize(ErlangC(load, agents, 20));
}
BENCHMARK(BM_ErlangC)->Arg(100)->Arg(5000);

// 365 days × 48 half hours with a daily curve peaking at 150 Erlangs.
void BM_PlanYearOfHalfHours(benchmark::State& state) {
  std::vector<IntervalLoad> year;
  for (int day = 0; day < 365; ++day) {
    for (int slot = 0; slot < 48; ++slot) {
      const double curve = std::max(0.0, std::sin((slot - 14) * M_PI / 24));
      const double weekly = day % 7 >= 5 ? 0.4 : 1.0;
      year.push_back({1500 * curve * weekly, 1800, 180});
    }
  }
  const StaffingTarget target = EightyTwenty();
  for (auto _ : state) {
    int64_t total = 0;
    for (const IntervalLoad& load : year) total += AgentsRequired(load, target)->scheduled;
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(year.size()));
}
BENCHMARK(BM_PlanYearOfHalfHours)->Unit(benchmark::kMillisecond);

// The forecast itself (forecast.h): a year of half-hour history (52 weeks ×
// 336 intervals, a holiday a month) forecast for the next 52 weeks.
void BM_ForecastYearOfHalfHours(benchmark::State& state) {
  std::vector<IntervalHistory> history;
  for (int day = 0; day < 364; ++day) {
    for (int slot = 0; slot < 48; ++slot) {
      const double curve = std::max(0.0, std::sin((slot - 14) * M_PI / 24));
      history.push_back({1500 * curve * (day % 7 >= 5 ? 0.4 : 1.0), 180.0 * 10, 10, day % 30 == 0});
    }
  }
  for (auto _ : state) {
    auto forecast = ForecastIntervals(history, 7 * 48, 52);
    benchmark::DoNotOptimize(forecast->data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(history.size()));
}
BENCHMARK(BM_ForecastYearOfHalfHours)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm::staffing
