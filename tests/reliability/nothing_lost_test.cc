// Nothing lost: random event streams with injected faults, fed through every
// ingest path (batches, single events, JSON Lines). For every call accepted +
// rejected == input; each injected fault is rejected for its own reason and
// every clean event is accepted; the engine's and the report's rejection
// counts equal the rejections handed back; and the report's tickets_created
// (total, and summed over channels) equals the `created` events accepted.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "csm/engine/engine.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/report/report.h"

namespace csm {
namespace {

using nlohmann::json;

constexpr int kAgents = 5;
constexpr int kChannels = 3;
constexpr int64_t kStart = 1'793'610'000'000;  // 2026-11-02T09:00Z

// One event to ingest, with the outcome the rules give it.
struct Planned {
  Event event;
  std::optional<RejectReason> expected;  // nullopt: must be accepted
  bool malformed_line = false;           // (JSONL) replace the line by garbage
};

class StreamGenerator {
 public:
  StreamGenerator(uint64_t seed, const std::vector<uint32_t>& agents,
                  const std::vector<uint32_t>& channels)
      : rng_(seed), agents_(agents), channels_(channels) {}

  // The next event: a step of a live ticket's life or a new ticket, or
  // (with probability `fault_rate`) a fault.
  Planned Next(double fault_rate) {
    now_ += Uniform(0, 120'000);
    if (Chance(fault_rate)) return Fault();
    if (live_.empty() || Chance(0.2)) return Create();
    const uint64_t key = live_[Uniform(0, static_cast<int64_t>(live_.size()) - 1)];
    Planned p;
    p.event.time = FromEpochMs(now_);
    p.event.ticket = key;
    switch (Uniform(0, 4)) {
      case 0:
        p.event.type = EventType::kAgentReply;
        p.event.agent = Pick(agents_);
        break;
      case 1:
        p.event.type = EventType::kCustomerMessage;
        break;
      case 2:
        p.event.type = EventType::kNote;
        p.event.agent = Pick(agents_);
        break;
      case 3:
        p.event.type = EventType::kStatus;
        p.event.status =
            static_cast<uint8_t>(Chance(0.5) ? TicketStatus::kSolved : TicketStatus::kPending);
        break;
      default:
        p.event.type = EventType::kCsat;
        p.event.value = static_cast<double>(Uniform(1, 5));
        break;
    }
    return p;
  }

  uint64_t created() const { return created_; }

 private:
  Planned Create() {
    Planned p;
    p.event.time = FromEpochMs(now_);
    p.event.ticket = next_key_++;
    p.event.type = EventType::kCreated;
    p.event.channel = Pick(channels_);
    live_.push_back(p.event.ticket);
    ++created_;
    return p;
  }

  Planned Fault() {
    Planned p;
    Event& e = p.event;
    e.time = FromEpochMs(now_);
    e.type = EventType::kNote;
    e.ticket = live_.empty() ? 1 : live_.back();
    const bool have_live = !live_.empty();
    switch (Uniform(0, 8)) {
      case 0:  // a second `created`
        if (!have_live) return Create();
        e.type = EventType::kCreated;
        p.expected = RejectReason::kDuplicateCreated;
        break;
      case 1:  // a ticket never created
        e.ticket = 1'000'000'000 + next_key_;
        p.expected = RejectReason::kUnknownTicket;
        break;
      case 2:  // back in time beyond the (zero) allowed lateness
        if (!have_live) return Create();
        e.time = FromEpochMs(kStart - 1);
        p.expected = RejectReason::kOutOfOrder;
        break;
      case 3:  // a rating that is not a number
        if (!have_live) return Create();
        e.type = EventType::kCsat;
        e.value = Chance(0.5) ? std::numeric_limits<double>::quiet_NaN()
                              : std::numeric_limits<double>::infinity();
        p.expected = RejectReason::kInvalidField;
        break;
      case 4:  // no such type
        e.type = static_cast<EventType>(0);
        p.expected = RejectReason::kUnknownType;
        break;
      case 5:  // far outside 1970..2200
        e.time = FromEpochMs(Chance(0.5) ? -86'400'000 : ToEpochMs(kMaxInstant) + 1);
        p.expected = RejectReason::kInvalidField;
        break;
      case 6:  // an id never interned
        if (!have_live) return Create();
        e.type = EventType::kAgentReply;
        e.agent = 999'999;
        p.expected = RejectReason::kInvalidField;
        break;
      case 7:  // a status event without its status
        if (!have_live) return Create();
        e.type = EventType::kStatus;
        p.expected = RejectReason::kInvalidField;
        break;
      default:  // (JSONL) a line that is not JSON; other paths get a bad type
        p.malformed_line = true;
        e.type = static_cast<EventType>(0);
        p.expected = RejectReason::kUnknownType;
        break;
    }
    return p;
  }

  int64_t Uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  uint32_t Pick(const std::vector<uint32_t>& ids) {
    return ids[Uniform(0, static_cast<int64_t>(ids.size()) - 1)];
  }

  std::mt19937_64 rng_;
  std::vector<uint32_t> agents_, channels_;
  std::vector<uint64_t> live_;
  uint64_t next_key_ = 1;
  uint64_t created_ = 0;
  int64_t now_ = kStart;
};

// The event as a JSON line, names instead of ids.
std::string ToJsonLine(const Planned& p, const Engine& engine) {
  if (p.malformed_line) return "{\"time\": 1793610000000, \"ticket\": ";
  const Event& e = p.event;
  json j;
  j["time"] = ToEpochMs(e.time);
  if (e.ticket != 0) j["ticket"] = e.ticket;
  j["type"] = IsValidEventType(static_cast<int>(e.type)) ? std::string(EventTypeName(e.type))
                                                         : std::string("no_such_type");
  if (e.agent != 0) {
    // An id never interned has no name: give one the table refuses.
    const std::string_view name = engine.impl().interned().Name(Field::kAgent, e.agent);
    j["agent"] = name.empty() ? std::string("bad\x01name") : std::string(name);
  }
  if (e.channel != 0)
    j["channel"] = std::string(engine.impl().interned().Name(Field::kChannel, e.channel));
  if (e.status != 0) j["status"] = e.type == EventType::kStatus ? "solved" : "available";
  if (e.value) {
    if (std::isfinite(*e.value)) {
      j["value"] = *e.value;
    } else {
      j["value"] = "NaN";  // JSON has no NaN: a string is the closest fault
    }
  }
  return j.dump();
}

struct Tally {
  uint64_t accepted = 0;
  std::map<RejectReason, uint64_t> rejected;
  uint64_t created_accepted = 0;
};

class NothingLost : public ::testing::TestWithParam<uint64_t> {};

TEST_P(NothingLost, AcceptedPlusRejectedIsInputAndReportsAddUp) {
  const uint64_t seed = GetParam();
  auto engine = *Engine::Create(
      R"({"views": [{"group_by": [], "grain": "hour"}, {"group_by": ["channel"], "grain": "day"}]})");
  std::vector<uint32_t> agents, channels;
  for (int i = 0; i < kAgents; ++i)
    agents.push_back(*engine->Intern(Field::kAgent, absl::StrCat("agent-", i)));
  for (int i = 0; i < kChannels; ++i) {
    channels.push_back(*engine->Intern(Field::kChannel, absl::StrCat("channel-", i)));
  }
  StreamGenerator gen(seed, agents, channels);
  std::mt19937_64 rng(seed * 7919 + 1);
  Tally tally;

  auto account = [&](const Planned& p, std::optional<RejectReason> got, const std::string& where) {
    if (!got) {
      ++tally.accepted;
      if (p.event.type == EventType::kCreated) ++tally.created_accepted;
    } else {
      ++tally.rejected[*got];
    }
    if (p.expected) {
      // JSON Lines name the reasons their own way for two faults.
      std::optional<RejectReason> want = p.expected;
      if (where == "jsonl" && p.malformed_line) want = RejectReason::kMalformed;
      if (where == "jsonl" && p.event.value && !std::isfinite(*p.event.value)) {
        want = RejectReason::kInvalidField;
      }
      EXPECT_EQ(got, want) << where << " seed " << seed;
    } else {
      EXPECT_EQ(got, std::nullopt)
          << where << " seed " << seed << " type " << EventTypeName(p.event.type) << " reason "
          << (got ? RejectReasonName(*got) : "");
    }
  };

  for (int round = 0; round < 300; ++round) {
    const double fault_rate = std::uniform_real_distribution<double>(0, 0.4)(rng);
    const int n = std::uniform_int_distribution<int>(1, IngestResult::kMaxRejections)(rng);
    std::vector<Planned> batch;
    for (int i = 0; i < n; ++i) batch.push_back(gen.Next(fault_rate));
    switch (round % 3) {
      case 0: {  // a batch
        std::vector<Event> events;
        for (const Planned& p : batch) events.push_back(p.event);
        const IngestResult r = engine->Ingest(events);
        ASSERT_EQ(r.accepted + r.rejected, events.size());
        ASSERT_EQ(r.first_rejections.size(), r.rejected);  // n <= kMaxRejections: all listed
        size_t next = 0;
        for (size_t i = 0; i < batch.size(); ++i) {
          std::optional<RejectReason> got;
          if (next < r.first_rejections.size() && r.first_rejections[next].index == i) {
            got = r.first_rejections[next++].reason;
          }
          account(batch[i], got, "batch");
        }
        break;
      }
      case 1:  // one at a time
        for (const Planned& p : batch) account(p, engine->Ingest(p.event), "single");
        break;
      default: {  // JSON Lines, with a blank line that counts as nothing
        std::string text;
        for (const Planned& p : batch) text += ToJsonLine(p, *engine) + "\n";
        text += "   \n";
        const IngestResult r = engine->IngestJsonl(text);
        ASSERT_EQ(r.accepted + r.rejected, batch.size());
        size_t next = 0;
        for (size_t i = 0; i < batch.size(); ++i) {
          std::optional<RejectReason> got;
          if (next < r.first_rejections.size() && r.first_rejections[next].index == i) {
            got = r.first_rejections[next++].reason;
          }
          account(batch[i], got, "jsonl");
        }
        break;
      }
    }
  }

  // The engine counted exactly the rejections it handed back.
  uint64_t rejected_total = 0;
  for (int r = 1; r <= kRejectReasonCount; ++r) {
    const auto reason = static_cast<RejectReason>(r);
    const uint64_t want = tally.rejected.count(reason) ? tally.rejected.at(reason) : 0;
    EXPECT_EQ(engine->rejected(reason), want) << RejectReasonName(reason);
    rejected_total += want;
  }
  EXPECT_EQ(engine->rejected_total(), rejected_total);

  // The reports: the total, and the sum over channels.
  const json total = json::parse(*report::RunJson(*engine, R"({"grain": "all"})"));
  ASSERT_EQ(total["rows"].size(), 1u);
  EXPECT_EQ(total["rows"][0]["tickets_created"].get<uint64_t>(), tally.created_accepted);
  EXPECT_EQ(total["rejected"]["count"].get<uint64_t>(), rejected_total);
  for (const auto& [reason, n] : tally.rejected) {
    EXPECT_EQ(total["rejected"]["reasons"][std::string(RejectReasonName(reason))].get<uint64_t>(),
              n);
  }
  const json by_channel =
      json::parse(*report::RunJson(*engine, R"({"grain": "all", "group_by": ["channel"]})"));
  uint64_t created = 0;
  for (const json& row : by_channel["rows"]) {
    if (!row["tickets_created"].is_null()) created += row["tickets_created"].get<uint64_t>();
  }
  EXPECT_EQ(created, tally.created_accepted);
  // Sanity of the generator itself: faults and clean events both happened.
  EXPECT_GT(rejected_total, 100u);
  EXPECT_GT(tally.created_accepted, 100u);
  EXPECT_LE(tally.created_accepted, gen.created());
}

INSTANTIATE_TEST_SUITE_P(Seeds, NothingLost, ::testing::Range<uint64_t>(1, 21));

}  // namespace
}  // namespace csm
