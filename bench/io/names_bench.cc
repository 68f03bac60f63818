// Naming events: the reading side's LocalNames (every event's ticket and
// dimension names) and the engine side's InternTable (each new name once),
// with ticket names in the pattern of a `csm report` input: new tickets keep
// coming and each is named again a few times while it is live.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "csm/io/local_names.h"
#include "csm/model/internal/intern_table.h"

namespace csm::io {
namespace {

// `tickets` names "T<i>" in order of creation.
std::vector<std::string> TicketNames(int tickets) {
  std::vector<std::string> names;
  names.reserve(tickets);
  for (int i = 0; i < tickets; ++i) {
    std::string name = "T";  // (not "T" + …: GCC 12 warns wrongly, -Wrestrict)
    name += std::to_string(i);
    names.push_back(std::move(name));
  }
  return names;
}

// The order names are looked up in: each ticket when created, then 7 more
// times at random among the last `live` tickets (8 events per ticket, like
// bench/compare/make_events.py's 10 M events over 1.2 M tickets).
std::vector<std::uint32_t> LookupOrder(int tickets, int live) {
  std::mt19937 rng(3);
  std::vector<std::uint32_t> order;
  order.reserve(static_cast<std::size_t>(tickets) * 8);
  for (int i = 0; i < tickets; ++i) {
    order.push_back(static_cast<std::uint32_t>(i));
    for (int k = 0; k < 7; ++k) {
      const int back = static_cast<int>(rng() % static_cast<std::uint32_t>(std::min(live, i + 1)));
      order.push_back(static_cast<std::uint32_t>(i - back));
    }
  }
  return order;
}

// ns per lookup (items/s): args = tickets, live tickets.
void BM_LocalNamesTickets(benchmark::State& state) {
  const int tickets = static_cast<int>(state.range(0));
  const std::vector<std::string> names = TicketNames(tickets);
  const std::vector<std::uint32_t> order = LookupOrder(tickets, static_cast<int>(state.range(1)));
  for (auto _ : state) {
    LocalNames local;
    std::uint64_t sum = 0;
    for (std::uint32_t i : order) sum += local.Id(names[i], true).id;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(order.size()));
}
BENCHMARK(BM_LocalNamesTickets)
    ->Args({100000, 20000})
    ->Args({1200000, 100000})
    ->Unit(benchmark::kMillisecond);

// ns per new name (items/s): the engine interning each ticket name once.
void BM_InternNewTickets(benchmark::State& state) {
  const int tickets = static_cast<int>(state.range(0));
  const std::vector<std::string> names = TicketNames(tickets);
  for (auto _ : state) {
    InternTable table;
    std::uint64_t sum = 0;
    for (const std::string& name : names) sum += *table.Intern(Field::kTicket, name);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * tickets);
}
BENCHMARK(BM_InternNewTickets)->Arg(100000)->Arg(1200000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csm::io
