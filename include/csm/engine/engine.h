// Engine: events in; every ticket metric out, grouped and over time.
//
//   absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(R"({"views": [...]})");
//   IngestResult r = (*engine)->Ingest(events);        // or IngestJsonl(text)
//   report::RunJson(**engine, query_json) -> JSON text // csm/report/report.h
//
// The engine keeps the state of every live ticket (128 bytes), turns each
// accepted event into metric samples and adds them to every view (the
// config's "views"). Events that break the rules are rejected with a reason
// and change nothing. The implementation is EngineImpl
// (csm/engine/internal/engine_impl.h, not installed); docs/engine.md.
//
// Rules beyond docs/metrics.md §1:
//  - Events of one ticket must not go back in time by more than the allowed
//    lateness; a late event inside it is applied at the ticket's last event
//    time (a ticket's clock never runs backwards).
//  - A solved / closed / merged ticket is released (forgotten) once event
//    time passes its solve (merge) plus the reopen window: an event later
//    than that for it is rejected as ticket_released, and so is any event
//    after the release. Released ticket keys are remembered (a bit per
//    named ticket, 8 bytes per numbered one), so a released ticket is
//    never mistaken for an unknown one -- for
//    options.forget_released_after (90 days); then the key is forgotten
//    (a later event for it is unknown_ticket), so memory stays bounded.
//  - `agent_state` and `cost` need no ticket; the other types need a live
//    ticket, which only `created` makes.
//  - Contact-center events (queued, ivr, answered, holds, transfers,
//    abandoned, callback, ended, wrapup_end) must fit the contact's phase
//    (docs/contact-center.md), else they are rejected as invalid_sequence.
//  - Limits (options max_open_tickets, max_distinct_values): a `created`
//    beyond the open-ticket limit, or a JSONL line naming a new value beyond
//    a field's limit, is rejected as limit_exceeded.
//
// Not thread-safe: one thread at a time per engine. To scale out, shard the
// events by ticket, run one engine per shard and MergeSerialized the states.
#ifndef CSM_ENGINE_ENGINE_H_
#define CSM_ENGINE_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "csm/engine/engine_config.h"
#include "csm/model/event.h"
#include "csm/model/field.h"
#include "csm/model/reject_reason.h"
#include "csm/time.h"

namespace csm {

// The implementation (csm/engine/internal/engine_impl.h, not installed).
class EngineImpl;

class Engine {
 public:
  static absl::StatusOr<std::unique_ptr<Engine>> Create(std::string_view config_json);
  static absl::StatusOr<std::unique_ptr<Engine>> Create(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineConfig& config() const;

  // The id of a dimension (or step / workflow) value, interned when new.
  absl::StatusOr<uint32_t> Intern(Field field, std::string_view name);
  // The key of a ticket known by name (kNamedTicketBit | interned id).
  absl::StatusOr<TicketKey> NamedTicket(std::string_view name);

  // Ingests events in order. accepted + rejected == events.size().
  IngestResult Ingest(std::span<const Event> events);
  // One event; the reason when it is rejected.
  std::optional<RejectReason> Ingest(const Event& event);
  // One JSON object per line with docs/metrics.md's field names, read as
  // csm/model/internal/event_line.h says (the reading the csm CLI shares): lines end
  // at "\n", "\r\n" or "\r"; `time` is an ISO-8601 instant with offset or
  // integral epoch milliseconds; `ticket` a string or a positive integer (5
  // and "5" are one ticket). Blank lines are skipped; rejection indexes are
  // 0-based line numbers. A rejected line interns nothing.
  IngestResult IngestJsonl(std::string_view text);

  // The whole state (config, names, tickets, views, rejections) as bytes.
  std::string Serialize() const;
  // Adds a serialized engine's state to this one. Both must have the same
  // config and have seen disjoint tickets; the result then reports exactly
  // what one engine that saw all events would. On error nothing changes.
  absl::Status MergeSerialized(std::string_view bytes);

  uint64_t rejected(RejectReason r) const;
  uint64_t rejected_total() const;
  size_t live_tickets() const;
  size_t released_tickets() const;
  // The latest event time accepted (kMinInstant before any).
  Instant watermark() const;
  // The engine's clock (docs/sla.md): the latest event time accepted, or the
  // latest AdvanceClock, whichever is later.
  Instant clock() const;
  // Moves the clock to `now` without an event: records the SLA breaches due
  // up to now (and releases the tickets whose reopen window ended, as an
  // event at `now` would). `now` earlier than clock() is OUT_OF_RANGE. From
  // then on an event earlier than now - allowed_lateness is out_of_order.
  absl::Status AdvanceClock(Instant now);

  struct MemoryUsage {
    size_t tickets = 0;    // the live-ticket map
    size_t snapshots = 0;  // states saved at solves for retraction, station logs
    size_t released = 0;   // released ticket keys and the release queue
    size_t views = 0;
    size_t interned = 0;
    size_t contacts = 0;    // contacts in progress and agent states
    size_t experience = 0;  // customers' latest tickets, assignment clocks
    size_t sla = 0;         // SLA target instances and the due index
  };
  MemoryUsage Memory() const;

  // The implementation, for the library's own layers (report, C ABI) and
  // its tests; not part of the API (its header is not installed).
  const EngineImpl& impl() const { return *impl_; }
  EngineImpl& impl() { return *impl_; }

 private:
  explicit Engine(std::unique_ptr<EngineImpl> impl);

  std::unique_ptr<EngineImpl> impl_;
};

}  // namespace csm

#endif  // CSM_ENGINE_ENGINE_H_
