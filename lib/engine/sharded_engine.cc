// ShardedEngine: the router (the calling thread) and the shards (an Engine
// and a thread each). docs/engine.md, "Routing", has the rule.
#include "csm/engine/sharded_engine.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/engine/internal/experience_metrics.h"
#include "csm/engine/internal/handoff_queue.h"
#include "csm/engine/internal/ticket_lifecycle.h"
#include "csm/model/event_type.h"
#include "csm/model/internal/event_line.h"
#include "csm/model/internal/intern_table.h"
#include "csm/model/stable_name_hash.h"

namespace csm {
namespace {

// Events per batch, and batches circulating per shard: the router waits for
// an empty batch when a shard falls this far behind, so memory stays
// bounded whatever the input's size.
constexpr size_t kBatchEvents = 4096;
constexpr int kBatchesInFlight = 4;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A shard's next events with what it needs to take them: names to intern
// first (the router's strings, which never move), and per event the
// watermark to advance to before it (RoutedTimes) and the caller's tag.
struct ShardBatch {
  std::vector<std::pair<Field, std::string_view>> names;
  std::vector<Event> events;
  std::vector<Instant> watermarks;
  std::vector<int64_t> tags;

  void Clear() {
    names.clear();
    events.clear();
    watermarks.clear();
    tags.clear();
  }
};

// One engine on its own thread, fed batches through a pair of queues (full
// ones in, empty ones back).
class Shard {
 public:
  explicit Shard(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {
    for (int i = 0; i < kBatchesInFlight; ++i) {
      batches_.push_back(std::make_unique<ShardBatch>());
      empty_.Push(batches_.back().get());
    }
    thread_ = std::thread([this] { Run(); });
  }
  ~Shard() { Stop(); }
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  // An empty batch, waiting for the shard to hand one back.
  ShardBatch* TakeEmpty() {
    ShardBatch* batch = *empty_.Pop();  // never closed: Pop always answers
    batch->Clear();
    return batch;
  }
  void Submit(ShardBatch* batch) { full_.Push(batch); }
  // Takes the batches already submitted, then ends the thread.
  void Stop() {
    full_.Close();
    if (thread_.joinable()) thread_.join();
  }

  // After Stop.
  Engine& engine() { return *engine_; }
  std::unique_ptr<Engine> TakeEngine() { return std::move(engine_); }
  const absl::Status& status() const { return status_; }
  std::vector<ShardedEngine::Rejected>& first_rejections() { return first_rejections_; }

 private:
  void Run() {
    while (std::optional<ShardBatch*> batch = full_.Pop()) {
      if (status_.ok()) Process(**batch);
      empty_.Push(*batch);
    }
  }

  void Process(const ShardBatch& batch) {
    for (const auto& [field, name] : batch.names) {
      // The router interned these names already: they fit the same limits.
      const absl::Status s = field == Field::kTicket ? engine_->NamedTicket(name).status()
                                                     : engine_->Intern(field, name).status();
      if (!s.ok()) {
        status_ = s;
        return;
      }
    }
    const IngestResult r = engine_->impl().IngestAt(batch.events, batch.watermarks);
    for (const Rejection& x : r.first_rejections) {
      if (first_rejections_.size() >= IngestResult::kMaxRejections) break;
      const Event& e = batch.events[x.index];
      std::string ticket;
      if (IsNamedTicket(e.ticket)) {
        ticket = engine_->impl().interned().Name(
            Field::kTicket, static_cast<uint32_t>(e.ticket & ~kNamedTicketBit));
      } else if (e.ticket != 0) {
        ticket = std::to_string(e.ticket);
      }
      first_rejections_.push_back({batch.tags[x.index], x.reason, e.type, std::move(ticket)});
    }
  }

  std::unique_ptr<Engine> engine_;
  std::vector<std::unique_ptr<ShardBatch>> batches_;
  HandoffQueue<ShardBatch*> full_, empty_;
  absl::Status status_;
  std::vector<ShardedEngine::Rejected> first_rejections_;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace

class ShardRouter {
 public:
  ShardRouter(EngineConfig config, std::vector<std::unique_ptr<Engine>> engines)
      : config_(std::move(config)) {
    names_.set_max_ids(config_.options.max_distinct_values);
    for (std::unique_ptr<Engine>& engine : engines) {
      shards_.push_back(std::make_unique<Shard>(std::move(engine)));
      open_.push_back(shards_.back()->TakeEmpty());
    }
    names_sent_.resize(shards_.size());
    routed_.latest.assign(shards_.size(), kMinInstant);
    tickets_sent_.resize(shards_.size());
  }

  const EngineConfig& config() const { return config_; }
  int shards() const { return static_cast<int>(shards_.size()); }
  InternTable& names() { return names_; }

  absl::StatusOr<TicketKey> NamedTicket(std::string_view name) {
    absl::StatusOr<uint32_t> id = names_.Intern(Field::kTicket, name);
    if (!id.ok()) return id.status();
    return NamedTicketKey(*id);
  }

  // Routes one event (router ids); false when the router rejected it.
  bool Route(const Event& e, int64_t tag) {
    ++events_;
    std::optional<RejectReason> why = TicketLifecycle::CheckFields(e);
    if (!why && !ExperienceTracker::ValidRating(e, config_.options)) {
      why = RejectReason::kInvalidField;
    }
    if (!why && !IdsKnown(e)) why = RejectReason::kInvalidField;
    int shard = -1;
    if (!why) {
      if (e.type == EventType::kAgentState) {
        shard = ShardOf(names_.NameHash(Field::kAgent, e.agent));
      } else if (e.type == EventType::kCost) {
        shard = static_cast<int>(next_cost_shard_++ % shards_.size());
      } else if ((shard = TicketShard(e)) < 0) {
        // No `created` yet: one engine would say so too.
        why = RejectReason::kUnknownTicket;
      }
    }
    if (why) {
      Reject(tag, *why, e);
      return false;
    }
    ShardBatch& batch = *open_[shard];
    Event routed = e;
    if (IsNamedTicket(e.ticket)) routed.ticket = NamedTicketKey(named_local_[RouterId(e.ticket)]);
    batch.events.push_back(routed);
    batch.watermarks.push_back(routed_.OthersThan(shard));
    batch.tags.push_back(tag);
    routed_.Saw(shard, e.time);
    if (batch.events.size() >= kBatchEvents) Flush(shard, /*last=*/false);
    return true;
  }

  void Reject(int64_t tag, RejectReason why, const Event& e) {
    ++rejected_[static_cast<int>(why)];
    if (first_rejections_.size() >= IngestResult::kMaxRejections) return;
    std::string ticket;
    if (IsNamedTicket(e.ticket)) {
      ticket = names_.Name(Field::kTicket, RouterId(e.ticket));
    } else if (e.ticket != 0) {
      ticket = std::to_string(e.ticket);
    }
    first_rejections_.push_back({tag, why, e.type, std::move(ticket)});
  }

  absl::StatusOr<ShardedEngine::Finished> Finish() {
    if (finished_) return absl::FailedPreconditionError("sharded engine: Finish ran already");
    finished_ = true;
    for (size_t s = 0; s < shards_.size(); ++s) Flush(s, /*last=*/true);
    for (auto& shard : shards_) shard->Stop();
    ShardedEngine::Finished out;
    // One engine ends at its latest accepted event, which the router's
    // watermark overshoots when the stream's latest events were rejected by
    // a shard (a ticket rule only the shard knows).
    Instant end = kMinInstant;
    for (auto& shard : shards_) {
      if (!shard->status().ok()) return shard->status();
      end = std::max(end, shard->engine().impl().last_event().value_or(kMinInstant));
    }
    // Every shard at the stream's end before the merge: its tickets due by
    // then are released and its SLA breaches recorded, as in one engine.
    for (auto& shard : shards_) shard->engine().impl().AdvanceWatermark(end);
    out.engine = shards_[0]->TakeEngine();
    for (size_t s = 1; s < shards_.size(); ++s) {
      std::string state = shards_[s]->TakeEngine()->Serialize();
      if (absl::Status merged = out.engine->MergeSerialized(state); !merged.ok()) {
        return absl::Status(merged.code(), absl::StrCat("sharded engine: merging shard ", s, ": ",
                                                        merged.message()));
      }
    }
    for (int r = 0; r <= kRejectReasonCount; ++r) {
      out.engine->impl().AddRejected(static_cast<RejectReason>(r), rejected_[r]);
    }
    out.rejected = out.engine->rejected_total();
    out.accepted = events_ - std::min(events_, out.rejected);
    out.first_rejections = std::move(first_rejections_);
    for (auto& shard : shards_) {
      for (auto& r : shard->first_rejections()) out.first_rejections.push_back(std::move(r));
    }
    std::stable_sort(out.first_rejections.begin(), out.first_rejections.end(),
                     [](const auto& a, const auto& b) { return a.tag < b.tag; });
    if (out.first_rejections.size() > IngestResult::kMaxRejections) {
      out.first_rejections.resize(IngestResult::kMaxRejections);
    }
    return out;
  }

  bool finished() const { return finished_; }
  // Lines IngestJsonl rejected before routing (the parser, a refused name).
  void CountLine() { ++events_; }

 private:
  uint32_t RouterId(TicketKey key) const { return static_cast<uint32_t>(key & ~kNamedTicketBit); }

  int ShardOf(uint64_t name_hash) const {
    return static_cast<int>(SplitMix64(name_hash) % shards_.size());
  }

  bool IdsKnown(const Event& e) const {
    for (int i = 0; i < kFieldCount; ++i) {
      const auto f = static_cast<Field>(i);
      if (f != Field::kTicket && e.Id(f) > names_.size(f)) return false;
    }
    if (IsNamedTicket(e.ticket)) {
      const uint32_t id = RouterId(e.ticket);
      if (id == 0 || id > names_.size(Field::kTicket)) return false;
    }
    return true;
  }

  // The ticket's shard: remembered, or fixed now by its `created` (the
  // customer's shard, else the ticket's); -1 for a ticket never created.
  int TicketShard(const Event& e) {
    const bool named = IsNamedTicket(e.ticket);
    if (named) {
      const uint32_t id = RouterId(e.ticket);
      if (id < named_local_.size() && named_local_[id] != 0) return named_shard_[id];
    } else if (const auto it = numeric_shard_.find(e.ticket); it != numeric_shard_.end()) {
      return it->second;
    }
    if (e.type != EventType::kCreated) return -1;
    int shard = 0;
    if (e.customer != 0) {
      shard = ShardOf(names_.NameHash(Field::kCustomer, e.customer));
    } else if (named) {
      shard = ShardOf(names_.NameHash(Field::kTicket, RouterId(e.ticket)));
    } else {
      shard = ShardOf(StableNameHash(std::to_string(e.ticket)));
    }
    if (named) {
      const uint32_t id = RouterId(e.ticket);
      if (named_local_.size() <= id) {
        const size_t size = std::max<size_t>(id + 1, names_.size(Field::kTicket) + 1);
        named_local_.resize(size, 0);
        named_shard_.resize(size, 0);
      }
      // The shard interns its tickets' names in this order: ids 1, 2, ...
      named_local_[id] = ++tickets_sent_[shard];
      named_shard_[id] = static_cast<uint8_t>(shard);
      open_[shard]->names.emplace_back(Field::kTicket, names_.Name(Field::kTicket, id));
    } else {
      numeric_shard_.emplace(e.ticket, static_cast<uint8_t>(shard));
    }
    return shard;
  }

  // Sends a shard its batch, with every name (but tickets) it has not had
  // yet, so all shards share the router's ids.
  void Flush(size_t s, bool last) {
    ShardBatch* batch = open_[s];
    for (int i = 0; i < kFieldCount; ++i) {
      const auto f = static_cast<Field>(i);
      if (f == Field::kTicket) continue;
      uint32_t& sent = names_sent_[s][i];
      for (const uint32_t size = names_.size(f); sent < size;) {
        batch->names.emplace_back(f, names_.Name(f, ++sent));
      }
    }
    shards_[s]->Submit(batch);
    open_[s] = last ? nullptr : shards_[s]->TakeEmpty();
  }

  EngineConfig config_;
  InternTable names_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<ShardBatch*> open_;                              // per shard: being filled
  std::vector<std::array<uint32_t, kFieldCount>> names_sent_;  // per shard and field
  std::vector<uint32_t> tickets_sent_;                         // per shard: its named tickets
  // Named tickets by router id: the id in their shard (0: not created yet)
  // and the shard; numeric tickets' shards.
  std::vector<uint32_t> named_local_;
  std::vector<uint8_t> named_shard_;
  absl::flat_hash_map<TicketKey, uint8_t> numeric_shard_;
  // The latest event time routed to each shard, and the two largest of them
  // (from different shards). An event goes with the latest time the other
  // shards were sent before it: its own shard moves its watermark with the
  // events it accepts, so its own rejections never move it; only another
  // shard's rejected event later than every accepted one can (docs/engine.md,
  // "One watermark"). O(1) per event.
  struct RoutedTimes {
    std::vector<Instant> latest;
    Instant first = kMinInstant, second = kMinInstant;  // second: of a shard other than first's
    size_t first_shard = 0;

    Instant OthersThan(size_t shard) const { return shard == first_shard ? second : first; }
    void Saw(size_t shard, Instant t) {
      if (t <= latest[shard]) return;
      latest[shard] = t;
      if (shard == first_shard) {
        first = std::max(first, t);
      } else if (t > first) {
        second = first;
        first = t;
        first_shard = shard;
      } else {
        second = std::max(second, t);
      }
    }
  } routed_;
  size_t next_cost_shard_ = 0;
  uint64_t events_ = 0;
  std::array<uint64_t, kRejectReasonCount + 1> rejected_{};
  std::vector<ShardedEngine::Rejected> first_rejections_;
  bool finished_ = false;
};

absl::StatusOr<std::unique_ptr<ShardedEngine>> ShardedEngine::Create(const EngineConfig& config,
                                                                     int shards) {
  if (shards < 1 || shards > kMaxShards) {
    return absl::InvalidArgumentError(
        absl::StrCat("sharded engine: shards must be 1 .. ", kMaxShards, ", not ", shards));
  }
  std::vector<std::unique_ptr<Engine>> engines;
  for (int i = 0; i < shards; ++i) {
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(config);
    if (!engine.ok()) return engine.status();
    engines.push_back(*std::move(engine));
  }
  return std::unique_ptr<ShardedEngine>(
      new ShardedEngine(std::make_unique<ShardRouter>(config, std::move(engines))));
}

absl::StatusOr<std::unique_ptr<ShardedEngine>> ShardedEngine::Create(std::string_view config_json,
                                                                     int shards) {
  absl::StatusOr<EngineConfig> config = EngineConfig::FromJson(config_json);
  if (!config.ok()) return config.status();
  return Create(*config, shards);
}

ShardedEngine::ShardedEngine(std::unique_ptr<ShardRouter> router) : router_(std::move(router)) {}
ShardedEngine::~ShardedEngine() = default;

const EngineConfig& ShardedEngine::config() const { return router_->config(); }
int ShardedEngine::shards() const { return router_->shards(); }
const InternTable& ShardedEngine::interned() const { return router_->names(); }

absl::StatusOr<uint32_t> ShardedEngine::Intern(Field field, std::string_view name) {
  if (field == Field::kTicket) {
    return absl::InvalidArgumentError("tickets are keys: use NamedTicket()");
  }
  return router_->names().Intern(field, name);
}

absl::StatusOr<TicketKey> ShardedEngine::NamedTicket(std::string_view name) {
  return router_->NamedTicket(name);
}

void ShardedEngine::Ingest(std::span<const Event> events, std::span<const int64_t> tags) {
  if (router_->finished()) return;
  for (size_t i = 0; i < events.size(); ++i) {
    router_->Route(events[i], tags.empty() ? static_cast<int64_t>(i) : tags[i]);
  }
}

namespace {

// A name the intern table refused: a bad name, or a full table.
RejectReason ReasonFor(const absl::Status& intern_error) {
  return intern_error.code() == absl::StatusCode::kResourceExhausted ? RejectReason::kLimitExceeded
                                                                     : RejectReason::kInvalidField;
}

}  // namespace

void ShardedEngine::IngestJsonl(std::string_view text) {
  if (router_->finished()) return;
  InternTable& names = router_->names();
  // As EngineImpl::IngestJsonl (engine_jsonl.cc); a line the router rejects
  // interns nothing (one a shard rejects keeps its names: harmless, as
  // reports order by name).
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LineSplitter lines(text);
  EventLineParser parser;
  std::string_view line;
  int64_t index = -1;
  while (lines.Next(&line)) {
    ++index;
    if (IsBlankLine(line)) continue;
    const InternTable::Mark mark = names.mark();
    EventLine parsed;
    if (std::optional<EventLineError> bad = parser.Parse(line, &parsed)) {
      router_->CountLine();
      router_->Reject(index, bad->reason, Event{});
      continue;
    }
    Event event;
    event.type = parsed.type;
    event.time = parsed.time;
    event.status = parsed.status;
    event.value = parsed.value;
    std::optional<RejectReason> why;
    if (parsed.ticket_number != 0) {
      event.ticket = parsed.ticket_number;
    } else if (!parsed.ticket.empty()) {
      absl::StatusOr<TicketKey> key = router_->NamedTicket(parsed.ticket);
      if (key.ok()) {
        event.ticket = *key;
      } else {
        why = ReasonFor(key.status());
      }
    }
    for (int f = 0; f < kFieldCount && !why; ++f) {
      const std::string_view name = parsed.names[f];
      if (name.empty() || static_cast<Field>(f) == Field::kTicket) continue;
      absl::StatusOr<uint32_t> id = names.Intern(static_cast<Field>(f), name);
      if (id.ok()) {
        event.SetId(static_cast<Field>(f), *id);
      } else {
        why = ReasonFor(id.status());
      }
    }
    if (why) {
      names.Rollback(mark);
      router_->CountLine();
      router_->Reject(index, *why, Event{});
      continue;
    }
    if (!router_->Route(event, index)) names.Rollback(mark);
  }
}

absl::StatusOr<ShardedEngine::Finished> ShardedEngine::Finish() { return router_->Finish(); }

}  // namespace csm
