// ExperienceSample: one sample of the experience, customer and agent metrics
// (docs/metrics.md §4–5), sent through SampleSink::Experience to every view's
// ExperienceCell. The ticket dimensions travel beside it; for replies and
// handled calls their `agent` is the agent who acted, for everything else
// the ticket's assignee at that moment.
//
// Keys of names (customer, channel, category, workflow, named tickets) are
// StableNameHash values of the names, not interned ids, so cells of engines
// that interned names in different orders merge correctly.
#ifndef CSM_ENGINE_EXPERIENCE_SAMPLE_H_
#define CSM_ENGINE_EXPERIENCE_SAMPLE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "csm/model/event_type.h"
#include "csm/model/stable_name_hash.h"
#include "csm/time.h"

namespace csm {

enum class ExperienceSampleKind : uint8_t {
  kTicketCreated,   // customer, channel, category keys; repeat
  kRating,          // rating: kCsat / kCes / kNps, value
  kSurveySent,      //
  kWorkflow,        // key: workflow
  kAgentReply,      // key: ticket; first_reply / reply when the reply completed one
  kHandled,         // key: ticket (a call answered by the agent)
  kAssigned,        // a ticket became assigned to the agent
  kSolvedAssigned,  // a ticket was solved while assigned to the agent
  kAssignedTime,    // calendar / business: one span of a ticket assigned to the agent
};

// A calendar and a business duration.
struct ClockPair {
  Millis calendar{0};
  Millis business{0};
};

struct ExperienceSample {
  ExperienceSampleKind kind = ExperienceSampleKind::kTicketCreated;
  EventType rating = EventType::kCsat;
  int value = 0;
  bool repeat = false;
  uint64_t key = 0;
  uint64_t customer = 0;  // name hashes; 0 = none
  uint64_t channel = 0;
  uint64_t category = 0;
  std::optional<ClockPair> first_reply;
  std::optional<ClockPair> reply;
  ClockPair span;
};

}  // namespace csm

#endif  // CSM_ENGINE_EXPERIENCE_SAMPLE_H_
