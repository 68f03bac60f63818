// SampleSink: where the ticket lifecycle sends metric samples. The views
// (ViewSet) implement it; every sample names its metric, the instant whose
// time bucket it belongs to, and the ticket dimensions it is attributed to.
//
// `sign` is +1 to add a sample and -1 to retract one added earlier with the
// very same arguments (a re-solve replaces the ticket's previous per-ticket
// samples; a merge takes the ticket out of tickets_created).
#ifndef CSM_ENGINE_INTERNAL_SAMPLE_SINK_H_
#define CSM_ENGINE_INTERNAL_SAMPLE_SINK_H_

#include "csm/engine/engine_config.h"
#include "csm/engine/experience_sample.h"
#include "csm/engine/metric.h"
#include "csm/model/event_type.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/time.h"

namespace csm {

// The instant whose bucket a ticket's sample goes to: when it completed, or
// (option attribution = created) when the ticket was created.
inline Instant SampleBucket(Attribution attribution, const TicketState& s, Instant completed) {
  return attribution == Attribution::kCreated ? s.created_at.get() : completed;
}

class SampleSink {
 public:
  virtual ~SampleSink() = default;
  // kCount metrics.
  virtual void Count(Metric m, Instant bucket, const TicketDims& dims, int sign) = 0;
  // Backlog: +1 when a ticket becomes open (created, reopened), -1 when it
  // stops being open (solved, closed, merged).
  virtual void Backlog(Instant at, const TicketDims& dims, int delta) = 0;
  // An open ticket's dimensions changed: its backlog moves from one group key
  // to the other at `at`.
  virtual void MoveBacklog(Instant at, const TicketDims& from, const TicketDims& to) = 0;
  // kDuration metrics, in milliseconds.
  virtual void Duration(Metric m, Instant bucket, const TicketDims& dims, Millis calendar,
                        Millis business, int sign) = 0;
  // kDistribution metrics.
  virtual void Value(Metric m, Instant bucket, const TicketDims& dims, double value, int sign) = 0;
  // kRate metrics.
  virtual void Rate(Metric m, Instant bucket, const TicketDims& dims, bool hit, int sign) = 0;

  // Contact center (contact_lifecycle.h).
  // An agent spent [from, to) in `state`: occupancy and utilization time,
  // split at the bucket boundaries of each view's grain.
  virtual void AgentTime(Instant from, Instant to, const TicketDims& dims, AgentState state) = 0;
  // A contact abandoned before the queue, at IVR `step` (0: none known).
  virtual void StepAbandon(Instant bucket, const TicketDims& dims, uint32_t step) = 0;
  // Money spent (cost_per_contact's numerator).
  virtual void Cost(Instant bucket, const TicketDims& dims, double value) = 0;
  // Experience, customer and agent metrics (experience_sample.h).
  virtual void Experience(Instant bucket, const TicketDims& dims, const ExperienceSample& sample,
                          int sign) = 0;
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_SAMPLE_SINK_H_
