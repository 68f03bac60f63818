// TicketLifecycle: the rules of docs/metrics.md §1–3. It moves one ticket's state
// through its events and sends the metric samples each event completes to a
// SampleSink. It owns no tickets: the Engine finds the state, decides whether
// the event is accepted, and calls in.
//
// Conventions the rules follow (docs/engine.md has the full list):
//  - A ticket opened by a customer (`created` without `agent`) counts the
//    opening as its first customer message: the first waiting period starts
//    at creation. A ticket opened by an agent is proactive: no waiting period,
//    and its first reply time stops at the second agent reply.
//  - Samples carry the ticket's dimensions after the event is applied
//    (`agent` is the assignee), and the calendar of that group (the calendar
//    in force when a single-span metric completes). Segment metrics
//    (requester / agent wait, on-hold, agent work) add each segment with the
//    calendar in force during it; a group change closes the segment.
//  - Per-solved-ticket samples (full resolution, waits, replies, stations,
//    reopens, one-touch, FCR, bot resolution, longest reply) are computed
//    from the state at the solve; a later solve retracts them (sign -1, from
//    the state saved at that solve) and adds the new ones.
#ifndef CSM_ENGINE_INTERNAL_TICKET_LIFECYCLE_H_
#define CSM_ENGINE_INTERNAL_TICKET_LIFECYCLE_H_

#include <optional>

#include "csm/engine/engine_config.h"
#include "csm/engine/internal/calendar_set.h"
#include "csm/engine/internal/experience_metrics.h"
#include "csm/engine/internal/sample_sink.h"
#include "csm/engine/internal/station_log.h"
#include "csm/model/event.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/model/reject_reason.h"

namespace csm {

class TicketLifecycle {
 public:
  // What an accepted event did to the ticket's status.
  enum class Change : uint8_t { kNone, kSolved, kReopened, kMerged };

  TicketLifecycle(const EngineOptions& options, const CalendarSet& calendars, SampleSink& sink,
                  StationLog& stations, ExperienceTracker& experience)
      : options_(options),
        calendars_(calendars),
        sink_(sink),
        stations_(stations),
        experience_(experience) {}

  // Checks the fields an event of its type needs (time in range, a ticket,
  // a status of the right vocabulary, a rating on its scale …), without
  // looking at any ticket. Interned ids are checked by the Engine.
  static std::optional<RejectReason> CheckFields(const Event& e);

  // A `created` event: initializes `s` and records tickets_created, backlog
  // and the experience metrics of a new ticket.
  void Open(TicketKey key, TicketState& s, const Event& e) const;

  // Applies an accepted event of ticket `key` at the ticket's effective time
  // `t` (the event's time, or the ticket's last event time if that is later:
  // within the allowed lateness a ticket's clock never runs backwards).
  // `previous_solve` is the state saved at the ticket's latest solve, when
  // its per-ticket samples are still in the views (the Engine keeps it).
  Change Apply(TicketKey key, TicketState& s, const Event& e, Instant t,
               const TicketState* previous_solve) const;

  // True when applying `e` to a solved ticket could change what its
  // per-ticket samples are computed from; the Engine then saves the state
  // first, so that a later solve can retract exactly what was added.
  static bool ChangesSolveInputs(const TicketState& s, const Event& e);

  // Adds (sign +1) or retracts (sign -1) the per-solved-ticket samples of a
  // state as it was at its solve (s.status_since is the solve instant).
  void EmitSolveSamples(const TicketState& s, int sign) const;

 private:
  Instant Bucket(const TicketState& s, Instant completed) const {
    return SampleBucket(options_.attribution, s, completed);
  }
  Millis Business(const TicketDims& dims, Instant a, Instant b) const {
    return calendars_.Business(dims.group(), a, b);
  }
  void ChangeAttributes(TicketKey key, TicketState& s, const Event& e, Instant t) const;
  void CountStation(Station which, TicketKey key, TicketState& s, uint32_t current,
                    uint32_t next) const;
  void CustomerMessage(TicketState& s, Instant t) const;
  void AgentReply(TicketKey key, TicketState& s, uint32_t replier, Instant t) const;
  Change ChangeStatus(TicketKey key, TicketState& s, TicketStatus next, Instant t,
                      const TicketState* previous_solve) const;
  void CloseSegment(TicketState& s, Instant t) const;
  void Solve(TicketKey key, TicketState& s, Instant t, const TicketState* previous_solve) const;
  void Reopen(TicketKey key, TicketState& s, Instant t) const;
  void Merge(TicketKey key, TicketState& s, Instant t) const;

  const EngineOptions& options_;
  const CalendarSet& calendars_;
  SampleSink& sink_;
  StationLog& stations_;
  ExperienceTracker& experience_;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_TICKET_LIFECYCLE_H_
