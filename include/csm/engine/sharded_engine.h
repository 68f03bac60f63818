// ShardedEngine: one engine's work spread over N engines ("shards"), each on
// its own thread, merged into one Engine at the end.
//
//   absl::StatusOr<std::unique_ptr<ShardedEngine>> sharded = ShardedEngine::Create(config, 4);
//   (*sharded)->IngestJsonl(text);           // or Intern / NamedTicket + Ingest(events)
//   absl::StatusOr<ShardedEngine::Finished> done = (*sharded)->Finish();
//   report::RunJson(*done->engine, query_json);
//
// The calling thread is the router: it names events (its own intern table,
// so ids are those one engine would give), checks what needs no ticket state,
// and hands each event to the shard of its partition key in batches through
// bounded queues; nothing is locked per event. The routing rule and what it
// keeps identical to one engine are in docs/engine.md, "Routing": a ticket
// follows its customer (fixed at `created`), `agent_state` goes by agent,
// `cost` anywhere, and the stream's watermark drives every shard's
// releases and SLA breaches (a shard's own rejections do not move it; what
// another shard's can still do is in docs/engine.md, "One watermark"). Finish merges the shards
// (Serialize / MergeSerialized) and adds the router's own rejections, so the merged engine counts
// every rejection.
//
// One thread at a time calls a ShardedEngine (as an Engine).
#ifndef CSM_ENGINE_SHARDED_ENGINE_H_
#define CSM_ENGINE_SHARDED_ENGINE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/engine/engine_config.h"
#include "csm/model/event.h"
#include "csm/model/field.h"
#include "csm/model/reject_reason.h"

namespace csm {

class ShardRouter;  // lib/engine/sharded_engine.cc
class InternTable;  // csm/model/internal/intern_table.h (not installed)

class ShardedEngine {
 public:
  static constexpr int kMaxShards = 64;

  // 1 .. kMaxShards shards (1 still runs its engine on a thread of its own).
  static absl::StatusOr<std::unique_ptr<ShardedEngine>> Create(const EngineConfig& config,
                                                               int shards);
  static absl::StatusOr<std::unique_ptr<ShardedEngine>> Create(std::string_view config_json,
                                                               int shards);
  // Stops the shards' threads (the events are dropped unless Finish ran).
  ~ShardedEngine();
  ShardedEngine(const ShardedEngine&) = delete;
  ShardedEngine& operator=(const ShardedEngine&) = delete;

  const EngineConfig& config() const;
  int shards() const;

  // As Engine's: ids in the router's table, which events given to Ingest
  // carry. They are the ids one engine interning in the same order gives.
  absl::StatusOr<uint32_t> Intern(Field field, std::string_view name);
  absl::StatusOr<TicketKey> NamedTicket(std::string_view name);
  const InternTable& interned() const;

  // Routes events in order. A shard's verdict comes later, so nothing is
  // returned; `tags` (empty, or one per event: a line number, an index)
  // identify the events of Finished::first_rejections.
  void Ingest(std::span<const Event> events, std::span<const int64_t> tags = {});
  // One JSON object per line, as Engine::IngestJsonl reads them; rejections
  // are tagged with 0-based line numbers.
  void IngestJsonl(std::string_view text);

  struct Rejected {
    int64_t tag = 0;
    RejectReason reason = RejectReason::kMalformed;
    EventType type = EventType::kCreated;
    std::string ticket;  // the ticket's name or number; empty when none
  };
  struct Finished {
    std::unique_ptr<Engine> engine;  // the merged state of every shard
    uint64_t accepted = 0;
    uint64_t rejected = 0;
    // The first IngestResult::kMaxRejections rejections by tag (router's
    // and shards' together).
    std::vector<Rejected> first_rejections;
  };
  // Waits for every shard and merges them into one engine. Once only: the
  // ShardedEngine takes no more events afterwards.
  absl::StatusOr<Finished> Finish();

 private:
  explicit ShardedEngine(std::unique_ptr<ShardRouter> router);

  std::unique_ptr<ShardRouter> router_;
};

}  // namespace csm

#endif  // CSM_ENGINE_SHARDED_ENGINE_H_
