// A seeded synthetic helpdesk stream: many tickets live at once, each going
// through a realistic life (created, assigned, replies after lognormal
// delays, customer follow-ups, pending / on-hold, notes and bot replies,
// solve, some reopens, some merges, close). Agents are Zipf-skewed.
//
// Two orders: kByTime (events in time order across tickets, as a live feed
// delivers them) and kRoundRobin (one event per ticket per round, so ticket
// times interleave wildly: every ticket is live from the first round on).
// Shared by the engine tests and bench/engine/ingest_bench.cc.
#ifndef CSM_TESTS_ENGINE_SYNTHETIC_STREAM_H_
#define CSM_TESTS_ENGINE_SYNTHETIC_STREAM_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "csm/engine/engine.h"

namespace csm::testing {

struct SyntheticOptions {
  enum class Order { kRoundRobin, kByTime };
  uint64_t tickets = 1000;
  uint64_t seed = 1;
  Order order = Order::kRoundRobin;
  uint32_t agents = 500;
  double agent_zipf = 1.1;  // agent popularity ~ 1 / rank^s
  uint32_t groups = 20;
  uint32_t channels = 5;
  uint32_t categories = 60;
  uint32_t priorities = 4;
  uint32_t segments = 3;
  double customers_per_ticket = 0.4;
  double reply_median_s = 1800;  // lognormal delays: this median, and log-sd below
  double sigma = 1.2;
  int64_t start_ms = 1'790'000'000'000;   // 2026-09
  int64_t creation_span_ms = 86'400'000;  // tickets are created over one day
  // No step takes longer, so a ticket lives well under the 30-day reopen
  // window: the stream is never late enough for a release to reject events.
  double max_delay_ms = 2 * 86'400'000.0;
};

class SyntheticStream {
 public:
  // Interns the stream's names into `engine` (an Engine, or a ShardedEngine's
  // router): engines that interned nothing before get the same ids.
  template <typename Interner>
  SyntheticStream(Interner& engine, SyntheticOptions options)
      : options_(options), tickets_(options.tickets), live_(options.tickets) {
    auto intern = [&](Field f, const std::string& prefix, uint64_t n) {
      std::vector<uint32_t> ids;
      for (uint64_t i = 0; i < n; ++i) ids.push_back(*engine.Intern(f, prefix + std::to_string(i)));
      return ids;
    };
    agents_ = intern(Field::kAgent, "agent-", options.agents);
    groups_ = intern(Field::kGroup, "group-", options.groups);
    channels_ = intern(Field::kChannel, "channel-", options.channels);
    categories_ = intern(Field::kCategory, "category-", options.categories);
    priorities_ = intern(Field::kPriority, "priority-", options.priorities);
    segments_ = intern(Field::kSegment, "segment-", options.segments);
    customers_ =
        intern(Field::kCustomer, "customer-",
               std::max<uint64_t>(1, static_cast<uint64_t>(static_cast<double>(options.tickets) *
                                                           options.customers_per_ticket)));
    double total = 0;
    for (uint32_t i = 0; i < options.agents; ++i)
      total += 1 / std::pow(i + 1.0, options.agent_zipf);
    double acc = 0;
    for (uint32_t i = 0; i < options.agents; ++i) {
      acc += 1 / std::pow(i + 1.0, options.agent_zipf) / total;
      agent_cdf_.push_back(acc);
    }
    for (uint64_t i = 0; i < tickets_.size(); ++i) {
      tickets_[i].t = options.start_ms +
                      static_cast<int64_t>(Mix(options.seed ^ Mix(i)) % options.creation_span_ms);
      if (options.order == SyntheticOptions::Order::kByTime) queue_.push({tickets_[i].t, i});
    }
  }

  // Appends up to `max` events to `out`; returns how many (0 once done).
  size_t Next(std::vector<Event>& out, size_t max) {
    size_t n = 0;
    while (n < max && live_ > 0) {
      uint64_t i;
      if (options_.order == SyntheticOptions::Order::kByTime) {
        i = queue_.top().second;
        queue_.pop();
      } else {
        if (cursor_ == tickets_.size()) cursor_ = 0;
        i = cursor_++;
        if (tickets_[i].phase == kDone) continue;
      }
      Ticket& t = tickets_[i];
      out.push_back(Step(i, t));
      ++n;
      if (t.phase == kDone) {
        --live_;
      } else if (options_.order == SyntheticOptions::Order::kByTime) {
        queue_.push({t.t, i});
      }
    }
    return n;
  }

  // Tickets with events still to come.
  uint64_t live() const { return live_; }

 private:
  enum Phase : uint8_t {
    kCreate,
    kAssign,
    kReply,
    kFollowUp,
    kPending,
    kSolve,
    kReopen,
    kClose,
    kDone
  };
  struct Ticket {
    int64_t t = 0;  // time of the ticket's next event
    uint8_t phase = kCreate;
    uint8_t replies_left = 0;
    uint8_t steps = 0;
    uint8_t reopened = 0;
  };

  // Counter-based randomness: a (ticket, step, salt) always draws the same.
  static uint64_t Mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  }
  uint64_t Draw(uint64_t i, const Ticket& t, uint64_t salt) const {
    return Mix(options_.seed * 0x100000001B3ull ^ Mix(i * 131 + t.steps * 7919 + salt));
  }
  double Uniform(uint64_t i, const Ticket& t, uint64_t salt) const {
    return static_cast<double>(Draw(i, t, salt) >> 11) * 0x1.0p-53;
  }
  int64_t LogNormalMs(uint64_t i, const Ticket& t, uint64_t salt, double median_s) const {
    const double u1 = std::max(Uniform(i, t, salt), 1e-12);  // Box–Muller
    const double u2 = Uniform(i, t, salt + 1);
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    const double ms = median_s * std::exp(options_.sigma * z) * 1000;
    return static_cast<int64_t>(std::min(ms, options_.max_delay_ms)) + 1000;
  }
  uint32_t Agent(uint64_t i, const Ticket& t) const {
    const auto it = std::lower_bound(agent_cdf_.begin(), agent_cdf_.end(), Uniform(i, t, 99));
    return agents_[std::min<size_t>(static_cast<size_t>(it - agent_cdf_.begin()),
                                    agents_.size() - 1)];
  }
  uint32_t Pick(const std::vector<uint32_t>& ids, uint64_t i, const Ticket& t,
                uint64_t salt) const {
    return ids[Draw(i, t, salt) % ids.size()];
  }
  // The delay before a ticket's next event, by what that event will be.
  int64_t DelayBefore(uint64_t i, const Ticket& t) const {
    switch (t.phase) {
      case kAssign:
        return LogNormalMs(i, t, 10, 120);
      case kReply:
        return LogNormalMs(i, t, 12, options_.reply_median_s);
      case kFollowUp:
        return LogNormalMs(i, t, 13, 3 * 3600);
      case kPending:
        return LogNormalMs(i, t, 14, 600);
      case kSolve:
        return LogNormalMs(i, t, 15, 6 * 3600);
      case kReopen:
        return LogNormalMs(i, t, 16, 86400);
      case kClose:
        return LogNormalMs(i, t, 17, 4 * 86400);
      default:
        return 0;
    }
  }

  // The ticket's next event (at t.t); then schedules the one after.
  Event Step(uint64_t i, Ticket& t) {
    Event e;
    e.ticket = i + 1;
    e.time = FromEpochMs(t.t);
    const double u = Uniform(i, t, 1);
    switch (t.phase) {
      case kCreate:
        e.type = EventType::kCreated;
        e.customer = Pick(customers_, i, t, 3);
        e.group = Pick(groups_, i, t, 4);
        e.channel = Pick(channels_, i, t, 5);
        e.category = Pick(categories_, i, t, 6);
        e.priority = Pick(priorities_, i, t, 7);
        e.segment = Pick(segments_, i, t, 8);
        if (u < 0.05) e.agent = Agent(i, t);  // proactive
        t.replies_left = static_cast<uint8_t>(1 + Draw(i, t, 9) % 3);
        t.phase = kAssign;
        break;
      case kAssign:
        e.type = EventType::kAssigned;
        e.agent = Agent(i, t);
        if (u < 0.2) e.group = Pick(groups_, i, t, 11);
        t.phase = kReply;
        break;
      case kReply:
        if (u < 0.08) {
          e.type = EventType::kNote;
        } else if (u < 0.14) {
          e.type = EventType::kBotReply;
        } else {
          e.type = EventType::kAgentReply;
          e.agent = Agent(i, t);
          --t.replies_left;
          t.phase = t.replies_left > 0 ? kFollowUp : (Uniform(i, t, 18) < 0.3 ? kPending : kSolve);
        }
        break;
      case kFollowUp:
        e.type = EventType::kCustomerMessage;
        t.phase = kReply;
        break;
      case kPending:
        e.type = EventType::kStatus;
        e.status = static_cast<uint8_t>(u < 0.7 ? TicketStatus::kPending : TicketStatus::kOnHold);
        t.phase = kSolve;
        break;
      case kSolve:
        if (u < 0.01) {
          e.type = EventType::kMerged;
          t.phase = kDone;
          break;
        }
        e.type = EventType::kStatus;
        e.status = static_cast<uint8_t>(TicketStatus::kSolved);
        t.phase = (u < 0.06 && t.reopened == 0) ? kReopen : kClose;
        break;
      case kReopen:
        e.type = EventType::kStatus;
        e.status = static_cast<uint8_t>(TicketStatus::kOpen);
        t.reopened = 1;
        t.replies_left = 1;
        t.phase = kReply;
        break;
      case kClose:
        e.type = EventType::kStatus;
        e.status = static_cast<uint8_t>(TicketStatus::kClosed);
        t.phase = kDone;
        break;
      default:
        break;
    }
    ++t.steps;
    t.t += DelayBefore(i, t);
    return e;
  }

  SyntheticOptions options_;
  std::vector<Ticket> tickets_;
  uint64_t live_;
  std::vector<uint32_t> agents_, groups_, channels_, categories_, priorities_, segments_,
      customers_;
  std::vector<double> agent_cdf_;
  size_t cursor_ = 0;
  using Entry = std::pair<int64_t, uint64_t>;  // next event time, ticket index
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue_;
};

}  // namespace csm::testing

#endif  // CSM_TESTS_ENGINE_SYNTHETIC_STREAM_H_
