// csm_soak: streams generated events through one engine with a reopen
// window and prints, every so often, the process's RSS and the engine's own
// memory accounting, so a run shows whether memory levels off.
//
//   csm_soak [events (100000000)] [report_every (5000000)] [grain (day)]
//
// The stream: tickets arrive at a steady rate and live a few hours (created,
// assigned, replies and customer messages, sometimes a pending pause, a
// solve, a rating; one in ten reopens within the reopen window and solves
// again). So the number of live tickets is steady, solved tickets are
// released after the reopen window and their keys forgotten after
// forget_released_after: state that must not grow. With `grain` day the
// views' cells grow by a fixed amount per simulated day (printed apart);
// with `all` they are a fixed set and the whole RSS must level off.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "csm/engine/engine.h"

namespace {

std::string Config(const std::string& grain) {
  return absl::StrCat(R"({"views": [{"group_by": [], "grain": ")", grain,
                      R"("}, {"group_by": ["agent"], "grain": ")", grain,
                      R"("}, {"group_by": ["channel", "group"], "grain": ")", grain, R"("}],
  "options": {"reopen_window": 86400, "forget_released_after": 172800}})");
}

constexpr int kAgents = 200;
constexpr int kGroups = 10;
constexpr int kChannels = 4;
constexpr int kCustomers = 100'000;
constexpr int64_t kStartMs = 1'767'225'600'000;  // 2026-01-01T00:00Z
constexpr int64_t kTicketEveryMs = 2'000;        // one new ticket per 2 s of event time

long RssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// One ticket's remaining life: its next event time and step.
struct Ticket {
  uint64_t key;
  int64_t next_ms;
  int step;
  bool reopens;
  uint32_t agent;
};

}  // namespace

int main(int argc, char** argv) {
  const uint64_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000'000;
  const uint64_t every = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5'000'000;
  const std::string grain = argc > 3 ? argv[3] : "day";
  auto created = csm::Engine::Create(Config(grain));
  if (!created.ok()) {
    std::fprintf(stderr, "%s\n", std::string(created.status().message()).c_str());
    return 1;
  }
  csm::Engine& engine = **created;
  auto intern = [&](csm::Field f, const char* prefix, int n) {
    std::vector<uint32_t> ids;
    for (int i = 0; i < n; ++i) ids.push_back(*engine.Intern(f, absl::StrCat(prefix, i)));
    return ids;
  };
  const auto agents = intern(csm::Field::kAgent, "agent-", kAgents);
  const auto groups = intern(csm::Field::kGroup, "group-", kGroups);
  const auto channels = intern(csm::Field::kChannel, "channel-", kChannels);
  const auto customers = intern(csm::Field::kCustomer, "customer-", kCustomers);

  std::mt19937_64 rng(42);
  std::exponential_distribution<double> delay_s(1.0 / 1800);  // steps ~30 min apart
  auto pick = [&](const std::vector<uint32_t>& ids) { return ids[rng() % ids.size()]; };

  // Live tickets in a min-heap on their next event time: the stream is in
  // time order, as a real feed would be.
  auto later = [](const Ticket& a, const Ticket& b) { return a.next_ms > b.next_ms; };
  std::vector<Ticket> heap;
  int64_t next_new_ms = kStartMs;
  uint64_t next_key = 1;
  uint64_t events = 0, accepted = 0, rejected = 0;
  std::vector<csm::Event> batch;
  batch.reserve(4096);
  const auto start = std::chrono::steady_clock::now();

  std::printf("%12s %10s %9s %10s %10s %10s %10s %10s %9s %8s\n", "events", "sim_days", "rss_mb",
              "live", "released", "tickets_mb", "snaps_mb", "released_mb", "views_mb", "secs");
  auto print = [&](int64_t now_ms) {
    const csm::Engine::MemoryUsage m = engine.Memory();
    const double mb = 1 << 20;
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%12" PRIu64 " %10.1f %9.1f %10zu %10zu %10.1f %10.1f %10.1f %10.1f %8.0f\n",
                events, static_cast<double>(now_ms - kStartMs) / 86'400'000, RssKb() / 1024.0,
                engine.live_tickets(), engine.released_tickets(), m.tickets / mb, m.snapshots / mb,
                m.released / mb, m.views / mb, secs);
    std::fflush(stdout);
  };

  int64_t now_ms = kStartMs;
  while (events < total) {
    csm::Event e;
    if (heap.empty() || next_new_ms <= heap.front().next_ms) {
      now_ms = next_new_ms;
      next_new_ms += kTicketEveryMs;
      Ticket t{next_key++, now_ms, 0, rng() % 10 == 0, pick(agents)};
      e.type = csm::EventType::kCreated;
      e.channel = pick(channels);
      e.group = pick(groups);
      e.customer = pick(customers);
      e.ticket = t.key;
      t.next_ms = now_ms + static_cast<int64_t>(delay_s(rng) * 1000) + 1;
      t.step = 1;
      heap.push_back(t);
      std::push_heap(heap.begin(), heap.end(), later);
    } else {
      std::pop_heap(heap.begin(), heap.end(), later);
      Ticket& t = heap.back();
      now_ms = t.next_ms;
      e.ticket = t.key;
      bool done = false;
      switch (t.step) {
        case 1:
          e.type = csm::EventType::kAssigned;
          e.agent = t.agent;
          break;
        case 2:
        case 4:
          e.type = csm::EventType::kAgentReply;
          e.agent = t.agent;
          break;
        case 3:
          e.type = csm::EventType::kCustomerMessage;
          break;
        case 5:
          e.type = csm::EventType::kStatus;
          e.status = static_cast<uint8_t>(csm::TicketStatus::kSolved);
          e.agent = t.agent;
          break;
        case 6:
          e.type = csm::EventType::kCsat;
          e.value = static_cast<double>(1 + rng() % 5);
          done = !t.reopens;
          break;
        case 7:  // a reopen within the window
          e.type = csm::EventType::kCustomerMessage;
          break;
        default:
          e.type = csm::EventType::kStatus;
          e.status = static_cast<uint8_t>(csm::TicketStatus::kSolved);
          done = true;
          break;
      }
      if (done) {
        heap.pop_back();
      } else {
        ++t.step;
        t.next_ms = now_ms + static_cast<int64_t>(delay_s(rng) * 1000) + 1;
        std::push_heap(heap.begin(), heap.end(), later);
      }
    }
    e.time = csm::FromEpochMs(now_ms);
    batch.push_back(e);
    ++events;
    if (batch.size() == batch.capacity() || events == total) {
      const csm::IngestResult r = engine.Ingest(batch);
      accepted += r.accepted;
      rejected += r.rejected;
      batch.clear();
    }
    if (events % every == 0) print(now_ms);
  }
  std::printf("accepted %" PRIu64 ", rejected %" PRIu64 ", tickets %" PRIu64 "\n", accepted,
              rejected, next_key - 1);
  return rejected == 0 ? 0 : 1;
}
