// ExperienceTracker: the experience, customer and agent metrics of
// docs/metrics.md §4–5, driven by the TicketLifecycle. It keeps the little state
// they need beyond TicketState and sends ExperienceSamples to the views:
//
//  - per customer, the latest ticket creation seen (repeat contacts);
//  - per open ticket with an assignee, since when it is assigned to them
//    (time assigned per agent). Solved, closed and merged tickets leave the
//    table, so it never holds more than the open tickets.
//
// Rules (docs/metrics-experience.md has the full list):
//  - Ratings (csat, ces, nps) belong to the ticket's assignee when the rating
//    arrives and to the bucket of the rating (or of creation, with the
//    option attribution = created). Every rating event is one response.
//  - Replies belong to the agent who replied (the event's `agent`, else the
//    assignee); a call belongs to the agent who answered it.
//  - A ticket is a repeat contact when its customer had another ticket
//    created at most repeat_window before it.
//  - An assignment span runs from the moment an agent gets an open ticket
//    until the agent changes, or the ticket is solved (or closed); a reopen
//    starts a new span for the assignee. Its business time uses the
//    calendar of the ticket's group when the span ends.
#ifndef CSM_ENGINE_INTERNAL_EXPERIENCE_METRICS_H_
#define CSM_ENGINE_INTERNAL_EXPERIENCE_METRICS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/experience_sample.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/calendar_set.h"
#include "csm/engine/internal/merge_protocol.h"
#include "csm/engine/internal/sample_sink.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_containers.h"
#include "csm/model/internal/intern_table.h"
#include "csm/model/internal/ticket_state.h"

namespace csm {

class ExperienceTracker {
 public:
  ExperienceTracker(const EngineOptions& options, const CalendarSet& calendars,
                    const InternTable& names, SampleSink& sink)
      : options_(options), calendars_(calendars), names_(names), sink_(sink) {}

  // What the views keep decides the bookkeeping done here (default: all):
  // the customers' latest tickets are kept only for repeat_contact_rate, the
  // assignment clocks only for assigned_time. Samples are sent either way
  // (a view keeping none of their metrics still notes their cell, so its
  // rows are those of a view keeping all). Set before the first event.
  struct Needs {
    bool repeat_contacts = true;
    bool assigned_time = true;
    // Some view keeps a metric of the tickets created (distinct customers,
    // mixes, top drivers): else their samples only note cells, and the
    // customer / channel / category name hashes are not looked up.
    bool created_names = true;
  };
  void set_needs(Needs needs) { needs_ = needs; }

  // A rating on its scale: an integer, csat 1..csat_scale, ces 1..7, nps 0..10.
  // Other event types are always valid here.
  static bool ValidRating(const Event& e, const EngineOptions& options);

  // Brings into cache what `e` will look up here (its customer's latest
  // ticket, its assignment clock), for Engine::Ingest to call some events
  // ahead: with a million tickets each lookup would miss otherwise.
  void Prefetch(const Event& e) const;

  // A ticket was opened (after TicketLifecycle::Open).
  void Created(TicketKey key, TicketState& s);
  // The assignee of an open ticket changes from s.dims.agent() to next.agent().
  void AgentChanged(TicketKey key, const TicketState& s, const TicketDims& next, Instant t);
  // An agent reply; first_reply / reply are set when the reply completed them.
  void Replied(TicketKey key, const TicketState& s, uint32_t replier, Instant t,
               const std::optional<ClockPair>& first_reply, const std::optional<ClockPair>& reply);
  // csat, ces, nps, survey_sent, workflow and answered events.
  void OnEvent(TicketKey key, const TicketState& s, const csm::Event& e, Instant t);
  void Solved(TicketKey key, const TicketState& s, Instant t);
  void Reopened(TicketKey key, const TicketState& s, Instant t);
  // Takes the ticket's creation samples back (merged tickets leave volume).
  void Merged(TicketKey key, const TicketState& s);

  size_t MemoryBytes() const;

  // The merge protocol (merge_protocol.h). A customer on both sides keeps
  // the later creation; the assignment clocks are of tickets, which the
  // ticket store's check keeps disjoint.
  struct Saved {
    std::vector<std::pair<uint32_t, int64_t>> last_created;
    std::vector<std::pair<TicketKey, int64_t>> assigned_since;
  };
  void Encode(codec::ByteWriter& w) const;
  static Saved Decode(codec::ByteReader& r);
  static void Remap(Saved& saved, IdMap& ids);
  absl::Status CheckDisjoint(Saved&) const { return absl::OkStatus(); }
  void Add(Saved&& saved);

 private:
  Instant Bucket(const TicketState& s, Instant completed) const {
    return SampleBucket(options_.attribution, s, completed);
  }
  uint64_t NameHash(Field f, uint32_t id) const;
  uint64_t TicketHash(TicketKey key) const;
  void CloseSpan(TicketKey key, const TicketDims& dims, const TicketState& s, Instant t);
  void Emit(Instant bucket, const TicketDims& dims, const ExperienceSample& sample, int sign) {
    sink_.Experience(bucket, dims, sample, sign);
  }

  const EngineOptions& options_;
  const CalendarSet& calendars_;
  const InternTable& names_;
  SampleSink& sink_;
  Needs needs_;
  HugeFlatHashMap<uint32_t, int64_t> last_created_;     // customer id -> ms
  HugeFlatHashMap<TicketKey, int64_t> assigned_since_;  // open assigned ticket -> ms
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_EXPERIENCE_METRICS_H_
