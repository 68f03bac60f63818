// SlaTracker: SLA target instances per ticket, their due instants in
// calendar and business time, and a due index (issue 20; docs/sla.md).
//
// How to use it (the live queries read it; the Engine drives it):
//
//   const SlaTracker& sla = engine.impl().sla();    // csm/engine/internal/engine_impl.h
//   sla.clock();                                    // latest event time or Engine::AdvanceClock
//   // What is due next: every active instance, in (due, ticket, metric) order,
//   // from the earliest; those with due < clock() are breached already.
//   sla.ForEachDue([&](const SlaTracker::DueKey& k, const SlaInstance& i) {
//     if (k.due_ms > limit_ms) return false;       // stop
//     ... engine.impl().FindTicket(k.ticket) for its dimensions, filter, collect ...
//     return true;                                 // continue
//   });
//   // One ticket: its policy and every instance (active, paused or closed).
//   if (const SlaTicket* t = sla.Find(key)) for (const SlaInstance& i : t->instances) ...
//   sla.policies().name(t->policy); sla.policies().target(i.target).target  // Millis
//   sla.Remaining(key_state, i, now)  -> {calendar, business} (negative once breached)
//
// The index holds only active instances (neither paused nor closed), keyed by
// their due instant, so "due next" reads the front of a B-tree (O(log n + k))
// and moving the clock records each breach it passes in O(log n).
//
// Rules (issue 20's table; Zendesk's semantics):
//  - The policy is chosen at `created` and again at every event that changes
//    a dimension or the priority. A target whose (seconds, business) stays
//    keeps running; a changed or new one starts from its metric's own start
//    instant, and if it is past due at the change its breach instant is the
//    change (never back-dated): breach instant = max(due, applied).
//  - An instance is breached when fulfilled after its due instant, or while
//    still active once the clock passes it (due < clock). A breach recorded by
//    the clock is provisional while the ticket's own events lag behind it
//    (input ordered by ticket, not time): an event of the ticket at or before
//    the due instant that fulfils or pauses it takes the breach back. So the
//    outcomes equal those derived at query time from each ticket's events.
//  - Solving or merging closes open reply-type instances without an outcome
//    (breached ones stay breached); a reopen resumes the cumulative ones
//    (their fulfilment at the solve is taken back).
//  - Outcomes reach the views through an SlaSink, each with the ticket's
//    dimensions, the policy and the metric: achieved at the fulfilment,
//    breached at the breach instant, overrun (fulfilment - due) at the
//    fulfilment, active +1 / -1 when an instance opens / closes.
#ifndef CSM_ENGINE_INTERNAL_SLA_TRACKER_H_
#define CSM_ENGINE_INTERNAL_SLA_TRACKER_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/calendar_set.h"
#include "csm/engine/internal/merge_protocol.h"
#include "csm/engine/internal/ticket_table.h"
#include "csm/engine/sla_policy.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_containers.h"
#include "csm/model/internal/intern_table.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/time.h"

namespace csm {

// The config's policies against the engine's interned ids.
class SlaPolicySet {
 public:
  struct Target {
    int policy = 0;
    SlaMetric metric = SlaMetric::kFirstReplyTime;
    uint32_t priority = 0;  // interned id; 0 for "*"
    Millis target{0};
    bool business = false;
  };

  SlaPolicySet() = default;
  // Interns the names the policies match and their targets' priorities.
  static absl::StatusOr<SlaPolicySet> Create(const std::vector<SlaPolicy>& policies,
                                             InternTable& interned);

  bool empty() const { return names_.empty(); }
  size_t size() const { return names_.size(); }
  const std::string& name(int policy) const { return names_[static_cast<size_t>(policy)]; }
  const Target& target(uint16_t index) const { return targets_[index]; }
  size_t target_count() const { return targets_.size(); }

  // The first policy whose match holds for `dims`; -1 when none.
  int Choose(const TicketDims& dims) const;
  // The target index of `metric` for a ticket of `priority` under `policy`
  // (its own priority's target, else the "*" one); -1 when none.
  int TargetFor(int policy, SlaMetric metric, uint32_t priority) const;

 private:
  struct Match {
    Field field;
    std::vector<uint32_t> ids;  // sorted
  };
  std::vector<std::string> names_;
  std::vector<std::vector<Match>> matches_;  // per policy
  std::vector<Target> targets_;
  std::vector<std::vector<uint16_t>> by_policy_;  // per policy: its target indexes
};

enum class SlaState : uint8_t { kActive, kPaused, kClosed };
std::string_view SlaStateName(SlaState s);

// One target instance of a ticket: one per target metric at a time (a
// recurring metric's next cycle replaces the closed one).
struct SlaInstance {
  enum Flag : uint8_t {
    kBreached = 1,   // the breach is counted (sla_breached)
    kFulfilled = 2,  // closed by its fulfilment (fulfilled_ms); else closed without outcome
    kIndexed = 4,    // in the due index at due_ms
  };
  int64_t due_ms = 0;      // active: the due instant; paused / closed: the last one
  int64_t start_ms = 0;    // this cycle's clock start
  int64_t segment_ms = 0;  // pausable: start of the running segment
  // Pausable: time run before segment_ms; cumulative, once fulfilled late:
  // the overrun (fulfilment - due), so a reopen takes back what was added.
  int64_t elapsed_calendar_ms = 0;
  int64_t elapsed_business_ms = 0;
  int64_t applied_ms = 0;    // when the policy applied the target: no breach before
  int64_t fulfilled_ms = 0;  // kFulfilled: when
  uint16_t target = 0;       // SlaPolicySet::target index
  SlaMetric metric = SlaMetric::kFirstReplyTime;
  SlaState state = SlaState::kActive;
  uint8_t flags = 0;

  bool has(Flag f) const { return (flags & f) != 0; }
  void set(Flag f, bool on = true) {
    flags = static_cast<uint8_t>(on ? (flags | f) : (flags & ~f));
  }
  bool breached() const { return has(kBreached); }
  bool open() const { return state != SlaState::kClosed; }
  // The instant its breach counts at: the due instant, or the change that
  // applied the target when that came later (never back-dated).
  int64_t breach_ms() const { return due_ms > applied_ms ? due_ms : applied_ms; }
  // Closed by a fulfilment at or before its due instant.
  bool achieved() const { return has(kFulfilled) && !breached(); }
  bool operator==(const SlaInstance&) const = default;
};

struct SlaTicket {
  int16_t policy = -1;         // SlaPolicySet index; -1: none applies
  int64_t last_reply_ms = -1;  // the latest public agent reply (periodic / pausable starts)
  absl::InlinedVector<SlaInstance, 3> instances;
  bool operator==(const SlaTicket&) const = default;
};

// Where outcomes go (the views implement it).
class SlaSink {
 public:
  enum class Outcome : uint8_t { kAchieved, kBreached, kOverrun, kActive };
  virtual ~SlaSink() = default;
  // kAchieved / kBreached: a count at `at`; kOverrun: a duration (calendar,
  // business) at `at`; kActive: sign is +1 when an instance opens, -1 when
  // it closes. sign -1 takes back a sample added with the same arguments.
  virtual void Sla(Outcome outcome, Instant at, const TicketDims& dims, int policy,
                   SlaMetric metric, Millis calendar, Millis business, int sign) = 0;
};

class SlaTracker {
 public:
  struct DueKey {
    int64_t due_ms;
    TicketKey ticket;
    SlaMetric metric;
    bool operator<(const DueKey& o) const {
      if (due_ms != o.due_ms) return due_ms < o.due_ms;
      if (ticket != o.ticket) return ticket < o.ticket;
      return metric < o.metric;
    }
    bool operator==(const DueKey&) const = default;
  };
  struct Clocks {
    Millis calendar{0};
    Millis business{0};
  };
  // What Applied compares of the ticket's state before an event: a few
  // fields instead of a copy of the whole state on every event.
  struct Before {
    TicketDims dims;
    PackedInstant status_since;
    PackedInstant first_reply_start;
    TicketStatus status = TicketStatus::kNew;
    bool merged = false;
    bool first_reply_done = false;
    bool waiting = false;
    static Before Of(const TicketState& s) {
      return {s.dims,         s.status_since,         s.first_reply_start, s.status(),
              s.has(kMerged), s.has(kFirstReplyDone), s.has(kWaiting)};
    }
  };

  // `tickets` gives the states of live tickets (their dimensions for
  // outcomes the clock records); `sink` may be null.
  SlaTracker(const EngineOptions& options, const CalendarSet& calendars, const TicketTable& tickets,
             SlaSink* sink)
      : options_(options), calendars_(calendars), tickets_(tickets), sink_(sink) {}

  // Compiles the config's policies (once, at engine creation).
  absl::Status Configure(const std::vector<SlaPolicy>& policies, InternTable& interned);
  // False without policies: the engine skips every call below.
  bool enabled() const { return !policies_.empty(); }
  const SlaPolicySet& policies() const { return policies_; }

  // --- Read side (live queries) ---
  Instant clock() const { return FromEpochMs(clock_ms_); }
  const SlaTicket* Find(TicketKey key) const;
  // Calls f(const DueKey&, const SlaInstance&) for each active instance in
  // (due, ticket, metric) order while f returns true.
  template <typename F>
  void ForEachDue(F&& f) const {
    for (const DueKey& k : due_) {
      if (!f(k, Instance(k))) return;
    }
  }
  // The same from the first instance due at or after `from`.
  template <typename F>
  void ForEachDueFrom(Instant from, F&& f) const {
    for (auto it = due_.lower_bound(DueKey{ToEpochMs(from), 0, SlaMetric{}}); it != due_.end();
         ++it) {
      if (!f(*it, Instance(*it))) return;
    }
  }
  size_t active_count() const { return due_.size(); }
  size_t ticket_count() const { return tickets_sla_.size(); }
  // Time from `now` to an active instance's due instant (negative past it),
  // calendar and business (business on the ticket's calendar; equal to
  // calendar for a calendar-time target).
  Clocks Remaining(const TicketState& s, const SlaInstance& i, Instant now) const;
  // Time the instance's clock has run until `now` (paused time excluded).
  Clocks Elapsed(const TicketState& s, const SlaInstance& i, Instant now) const;

  // --- Engine hooks ---
  // Fetches a ticket's entry ahead of its event (Engine::Ingest looks ahead).
  void Prefetch(TicketKey key) const { tickets_sla_.prefetch(key); }
  // A ticket was created (s: its state after the created event).
  void Created(TicketKey key, const TicketState& s, Instant t);
  // An event of the ticket was applied at effective time t; `before` is the
  // state before it. `solved` / `reopened` / `merged`: what it did.
  // `solved_dims`: the ticket's dimensions at its latest solve (a reopen
  // takes back the outcomes that solve counted there).
  void Applied(TicketKey key, const Before& before, const TicketState& s, EventType type, Instant t,
               bool solved, bool reopened, bool merged, const TicketDims& solved_dims);
  // The ticket was released: forgotten.
  void Forget(TicketKey key);
  // Moves the clock to `now` when later, recording every breach it passes.
  void AdvanceTo(Instant now);
  // The latest Engine::AdvanceClock (kMinInstant before any): events before
  // it (less the allowed lateness) are out_of_order.
  Instant advanced() const { return FromEpochMs(advanced_ms_); }
  void set_advanced(Instant now) { advanced_ms_ = std::max(advanced_ms_, ToEpochMs(now)); }

  // --- Merge protocol (merge_protocol.h) ---
  struct Saved {
    int64_t clock_ms = 0;
    int64_t advanced_ms = 0;
    std::vector<std::pair<TicketKey, SlaTicket>> tickets;
  };
  void Encode(codec::ByteWriter& w) const;
  static Saved Decode(codec::ByteReader& r);
  static void Remap(Saved& saved, IdMap& ids);
  absl::Status CheckDisjoint(Saved& saved) const;
  void Add(Saved&& saved);

  size_t MemoryBytes() const;

 private:
  const SlaInstance& Instance(const DueKey& k) const;
  const SlaPolicySet::Target& TargetOf(const SlaInstance& i) const {
    return policies_.target(i.target);
  }
  Millis Measure(const SlaPolicySet::Target& t, uint32_t group, int64_t a, int64_t b) const;
  // Signed business time from a to b on the group's calendar.
  Millis Business(uint32_t group, int64_t a, int64_t b) const;
  int64_t AddTime(const SlaPolicySet::Target& t, uint32_t group, int64_t from, Millis d) const;

  // Applies the policy for s.dims: keeps unchanged targets, starts new ones.
  void ChoosePolicy(TicketKey key, SlaTicket& tk, const TicketState& s, Instant t);
  // Starts a cycle of `metric` under target `target` if its clock has a start.
  void Start(TicketKey key, SlaTicket& tk, const TicketState& s, SlaMetric metric, int target,
             int64_t start_ms, int64_t t_ms);
  bool StartOf(const SlaTicket& tk, const TicketState& s, SlaMetric metric, int64_t& start) const;
  void Fulfil(TicketKey key, const TicketState& s, SlaInstance& i, int64_t t_ms);
  void CloseWithoutOutcome(TicketKey key, const TicketState& s, SlaInstance& i, int64_t t_ms);
  // A reopen: a cumulative instance's fulfilment is taken back and it runs on.
  void Resume(TicketKey key, const TicketState& s, const TicketDims& solved_dims, SlaInstance& i,
              int64_t t_ms);
  // Brings an open instance's state and due instant up to date with s, and
  // records its breach when the clock has passed it.
  void Refresh(TicketKey key, const TicketState& s, SlaInstance& i, int64_t t_ms,
               uint32_t group_before);
  void RecordBreach(const TicketDims& dims, SlaInstance& i, int sign);
  void Unindex(TicketKey key, SlaInstance& i);
  void Index(TicketKey key, SlaInstance& i);
  void Emit(SlaSink::Outcome o, int64_t at_ms, const TicketDims& dims, const SlaInstance& i,
            Millis calendar, Millis business, int sign) const;
  // The ticket's dimensions changed: its open instances count under `to`.
  void MoveOpen(SlaTicket& tk, const TicketDims& from, const TicketDims& to, int64_t t_ms) const;

  const EngineOptions& options_;
  const CalendarSet& calendars_;
  const TicketTable& tickets_;
  SlaSink* sink_;
  SlaPolicySet policies_;
  // Looked up at a random key per event: huge pages, as the engine's other
  // side tables (docs/engine.md, Memory).
  HugeFlatHashMap<TicketKey, SlaTicket> tickets_sla_;
  absl::btree_set<DueKey> due_;
  int64_t clock_ms_ = 0;
  int64_t advanced_ms_ = 0;
  // No indexed instance is due in [clock_ms_, next_due_ms_): moving the
  // clock short of it passes nothing, without a search of the index (most
  // events move the clock). Lowered by Index, recomputed by AdvanceTo.
  int64_t next_due_ms_ = INT64_MIN;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_SLA_TRACKER_H_
