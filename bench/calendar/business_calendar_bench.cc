// BusinessCalendar: elapsed, add and elapsed_many on a Mon-Fri 09:00-17:00
// America/New_York calendar with 44 US federal holidays (2023-2026), over
// spans of 1 day, 30 days, 1 year and 10 years. Each benchmark cycles through
// 4096 random start instants so no single input gets cached or predicted.
// Goal: <= 100 ns per call, flat across spans.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "csm/calendar/business_calendar.h"
#include "csmetrics.h"
#include "date/date.h"

namespace csm {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr int kInputs = 4096;

// US federal holidays of `y` (11 a year), as "YYYY-MM-DD".
std::vector<std::string> FederalHolidays(int y) {
  using namespace date;  // NOLINT: calendar literals read best unqualified
  const auto nth = [&](unsigned m, weekday wd, unsigned n) {
    return local_days{year{y} / month{m} / wd[n]};
  };
  const auto last = [&](unsigned m, weekday wd) {
    return local_days{year{y} / month{m} / wd[date::last]};
  };
  const std::vector<local_days> days = {local_days{year{y} / 1 / 1},
                                        nth(1, Monday, 3),
                                        nth(2, Monday, 3),
                                        last(5, Monday),
                                        local_days{year{y} / 6 / 19},
                                        local_days{year{y} / 7 / 4},
                                        nth(9, Monday, 1),
                                        nth(10, Monday, 2),
                                        local_days{year{y} / 11 / 11},
                                        nth(11, Thursday, 4),
                                        local_days{year{y} / 12 / 25}};
  std::vector<std::string> result;
  for (const local_days day : days) result.push_back(date::format("%F", day));
  return result;
}

// The benchmark calendar's spec.
std::string NewYorkOfficeSpec() {
  nlohmann::json spec = nlohmann::json::parse(R"({"timezone": "America/New_York", "weekly": {
      "mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]],
      "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}})");
  for (int y = 2023; y <= 2026; ++y) {
    for (const std::string& day : FederalHolidays(y)) spec["holidays"].push_back(day);
  }
  return spec.dump();
}

const BusinessCalendar& NewYorkOffice() {
  static const auto* const calendar =
      new BusinessCalendar(BusinessCalendar::FromJson(NewYorkOfficeSpec()).value());
  return *calendar;
}

struct Inputs {
  std::vector<std::int64_t> start;
  std::vector<std::int64_t> end;
  std::vector<std::int64_t> business;  // Elapsed(start, end): what Add must cover
};

// Random starts in 2020-2030 (around the holidays), each with `span_days` to its end.
Inputs MakeInputs(std::int64_t span_days) {
  std::mt19937_64 rng(42);
  const std::int64_t from = 1'577'836'800'000;  // 2020-01-01T00:00Z
  const std::int64_t to = 1'893'456'000'000;    // 2030-01-01T00:00Z
  Inputs inputs;
  for (int i = 0; i < kInputs; ++i) {
    const std::int64_t start = from + static_cast<std::int64_t>(rng() % (to - from));
    const std::int64_t end = start + span_days * kDayMs;
    inputs.start.push_back(start);
    inputs.end.push_back(end);
    inputs.business.push_back(
        NewYorkOffice().Elapsed(FromEpochMs(start), FromEpochMs(end)).value().count());
  }
  return inputs;
}

void SpanArgs(benchmark::internal::Benchmark* b) {
  b->ArgName("span_days");
  for (const std::int64_t days : {1, 30, 365, 3650}) b->Arg(days);
}

void BM_Elapsed(benchmark::State& state) {
  const BusinessCalendar& calendar = NewYorkOffice();
  const Inputs inputs = MakeInputs(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    auto elapsed = calendar.Elapsed(FromEpochMs(inputs.start[i]), FromEpochMs(inputs.end[i]));
    benchmark::DoNotOptimize(elapsed);
    i = (i + 1) % kInputs;
  }
}
BENCHMARK(BM_Elapsed)->Apply(SpanArgs);

void BM_Add(benchmark::State& state) {
  const BusinessCalendar& calendar = NewYorkOffice();
  const Inputs inputs = MakeInputs(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    auto due = calendar.Add(FromEpochMs(inputs.start[i]), Millis{inputs.business[i]});
    benchmark::DoNotOptimize(due);
    i = (i + 1) % kInputs;
  }
}
BENCHMARK(BM_Add)->Apply(SpanArgs);

// Per element (items_per_second): the C++ bulk form.
void BM_ElapsedMany(benchmark::State& state) {
  const BusinessCalendar& calendar = NewYorkOffice();
  const Inputs inputs = MakeInputs(state.range(0));
  std::vector<std::int64_t> out(kInputs);
  for (auto _ : state) {
    auto status = calendar.ElapsedMany(inputs.start, inputs.end, out);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kInputs);
}
BENCHMARK(BM_ElapsedMany)->Apply(SpanArgs);

// Per element through the C ABI, as Python's Calendar.elapsed_many calls it.
void BM_CapiElapsedMany(benchmark::State& state) {
  const std::string spec = NewYorkOfficeSpec();
  csm_calendar* calendar = nullptr;
  if (csm_calendar_create(spec.data(), spec.size(), &calendar) != CSM_OK) {
    state.SkipWithError(csm_last_error());
    return;
  }
  const Inputs inputs = MakeInputs(state.range(0));
  std::vector<std::int64_t> out(kInputs);
  for (auto _ : state) {
    benchmark::DoNotOptimize(csm_calendar_elapsed_many(calendar, inputs.start.data(),
                                                       inputs.end.data(), kInputs, out.data()));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kInputs);
  csm_calendar_free(calendar);
}
BENCHMARK(BM_CapiElapsedMany)->Apply(SpanArgs);

}  // namespace
}  // namespace csm
