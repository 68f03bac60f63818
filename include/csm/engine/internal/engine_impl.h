// EngineImpl: the engine behind the csm::Engine façade (csm/engine/engine.h
// has the API and the rules). Internal: used by lib/engine, lib/report, the
// C ABI, the command line's feed and the tests; not installed.
//
// It keeps the state of every live ticket (TicketState, 128 bytes) in a
// TicketStore (a TicketTable: a hash index to slab slots), turns each
// accepted event into metric samples through the TicketLifecycle,
// ContactLifecycle and ExperienceTracker, and adds them to every view of the
// ViewSet. engine_state.cc's EngineStateCodec writes and merges its state.
#ifndef CSM_ENGINE_INTERNAL_ENGINE_IMPL_H_
#define CSM_ENGINE_INTERNAL_ENGINE_IMPL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/internal/calendar_set.h"
#include "csm/engine/internal/contact_lifecycle.h"
#include "csm/engine/internal/experience_metrics.h"
#include "csm/engine/internal/sla_tracker.h"
#include "csm/engine/internal/station_log.h"
#include "csm/engine/internal/ticket_lifecycle.h"
#include "csm/engine/internal/ticket_store.h"
#include "csm/engine/internal/view_set.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_containers.h"
#include "csm/model/internal/event_line.h"
#include "csm/model/internal/intern_table.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/model/reject_reason.h"

namespace csm {

class EngineImpl {
 public:
  static absl::StatusOr<std::unique_ptr<EngineImpl>> Create(const EngineConfig& config);
  EngineImpl(const EngineImpl&) = delete;
  EngineImpl& operator=(const EngineImpl&) = delete;

  const EngineConfig& config() const { return config_; }
  const InternTable& interned() const { return interned_; }
  const ViewSet& views() const { return views_; }
  const ContactLifecycle& contacts() const { return contacts_; }
  // The compiled business calendars of config().calendars.
  const CalendarSet& calendars() const { return calendars_; }
  // SLA target instances and the due index (csm/engine/internal/sla_tracker.h).
  const SlaTracker& sla() const { return sla_; }

  // Engine's API (engine.h documents it; the façade forwards here).
  absl::StatusOr<uint32_t> Intern(Field field, std::string_view name);
  absl::StatusOr<TicketKey> NamedTicket(std::string_view name);
  IngestResult Ingest(std::span<const Event> events);
  std::optional<RejectReason> Ingest(const Event& event);
  // A shard of a ShardedEngine: as Ingest(events), but first moves the
  // watermark to watermarks[i] (the latest time of the events the other
  // shards were sent before events[i]; this shard's own accepted events move
  // it as usual), as the one engine would have it.
  IngestResult IngestAt(std::span<const Event> events, std::span<const Instant> watermarks);
  // Moves the watermark to `t` as an accepted event at `t` would (releases,
  // SLA breaches), without closing the past as AdvanceClock does: a shard
  // catching up with the stream's watermark before its state is merged.
  void AdvanceWatermark(Instant t) { Advance(t); }
  // Counts `n` rejections made outside the engine (a ShardedEngine's router).
  void AddRejected(RejectReason r, uint64_t n) { rejected_[static_cast<int>(r)] += n; }
  IngestResult IngestJsonl(std::string_view text);
  // (Serialize and MergeSerialized: EngineStateCodec, engine_state.cc.)
  uint64_t rejected(RejectReason r) const { return rejected_[static_cast<int>(r)]; }
  uint64_t rejected_total() const;
  size_t live_tickets() const { return tickets_.live().size(); }
  size_t released_tickets() const { return tickets_.released_count(); }
  Instant watermark() const { return tickets_.watermark(); }
  Instant clock() const { return tickets_.watermark(); }
  std::optional<Instant> first_event() const { return tickets_.first_event(); }
  std::optional<Instant> last_event() const { return tickets_.last_event(); }
  absl::Status AdvanceClock(Instant now);
  Engine::MemoryUsage Memory() const;

  // A live ticket's state, or null.
  const TicketState* FindTicket(TicketKey key) const;

 private:
  EngineImpl(EngineConfig config, ViewSet views);

  std::optional<RejectReason> Apply(const Event& e);
  std::optional<RejectReason> ApplyToTicket(const Event& e);
  // max_groups: whether the groups `e` brings to ticket `s` (null: a new
  // ticket, or no ticket) fit every view (ViewSet::AdmitsGroups).
  bool GroupsAdmit(const Event& e, const TicketState* s) const;
  bool IdsKnown(const Event& e) const;
  void Advance(Instant t);
  // After a merge: releases the merged-in tickets that fell due before this
  // engine's (later) watermark.
  void ReleaseDue();
  // A released ticket: the parts other than the ticket store forget it.
  void ForgetReleased(TicketKey key);
  // The engine's ids for a parsed JSON line's names (interning new ones).
  std::optional<RejectReason> InternEventLine(const EventLine& line, Event& out);

  EngineConfig config_;
  InternTable interned_;
  CalendarSet calendars_;
  ViewSet views_;
  StationLog stations_;
  ExperienceTracker experience_;
  TicketLifecycle lifecycle_;
  ContactLifecycle contacts_;
  TicketStore tickets_;
  SlaTracker sla_;
  std::array<uint64_t, kRejectReasonCount + 1> rejected_{};

  friend class EngineStateCodec;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_ENGINE_IMPL_H_
