#include "csm/engine/internal/contact_lifecycle.h"

#include <algorithm>

#include "csm/engine/internal/byte_codec.h"

namespace csm {
namespace {

using Phase = ContactState::Phase;
using SegPhase = ContactSegment::Phase;

// The segment still on the call (talking or on hold), or null.
template <typename State, typename Segment = std::conditional_t<
                              std::is_const_v<State>, const ContactSegment, ContactSegment>>
Segment* Talking(State* c) {
  if (c == nullptr || c->segments.empty()) return nullptr;
  Segment& last = c->segments.back();
  return last.phase == SegPhase::kWrapUp ? nullptr : &last;
}

// The latest segment in after-contact work (of `agent` when not 0), or -1.
int WrapUpIndex(const ContactState* c, uint32_t agent) {
  if (c == nullptr) return -1;
  for (int i = static_cast<int>(c->segments.size()) - 1; i >= 0; --i) {
    const ContactSegment& seg = c->segments[static_cast<size_t>(i)];
    if (seg.phase == SegPhase::kWrapUp && (agent == 0 || seg.dims.agent() == agent)) return i;
  }
  return -1;
}

TicketDims EventDims(const Event& e) {
  TicketDims d;
  for (Field f : kDimensions) d.Set(f, e.Id(f));
  return d;
}

Millis AtLeastZero(Millis d) { return d < Millis{0} ? Millis{0} : d; }

}  // namespace

std::optional<RejectReason> ContactLifecycle::Check(TicketKey key, const Event& e) const {
  auto it = contacts_.find(key);
  const ContactState* c = it == contacts_.end() ? nullptr : &it->second;
  const Phase phase = c == nullptr ? Phase::kNone : c->phase;
  const ContactSegment* talking = Talking(c);
  bool ok = true;
  switch (e.type) {
    case EventType::kIvr:
      ok = phase == Phase::kNone || phase == Phase::kIvr;
      break;
    case EventType::kQueued:
    case EventType::kAnswered:
      // After a transfer to a group the contact waits again (no one talking).
      ok = talking == nullptr;
      break;
    case EventType::kHoldStart:
      ok = talking != nullptr && talking->phase == SegPhase::kTalking;
      break;
    case EventType::kHoldEnd:
      ok = talking != nullptr && talking->phase == SegPhase::kOnHold;
      break;
    case EventType::kTransferred:
      ok = talking != nullptr;
      break;
    case EventType::kAbandoned:
      ok = talking == nullptr;
      break;
    case EventType::kCallback:
      ok = phase != Phase::kConnected;
      break;
    case EventType::kEnded:
      ok = phase == Phase::kConnected;
      break;
    case EventType::kWrapupEnd:
      ok = WrapUpIndex(c, e.agent) >= 0;
      break;
    default:
      break;
  }
  return ok ? std::nullopt : std::optional<RejectReason>(RejectReason::kInvalidSequence);
}

TicketDims ContactLifecycle::DimsOf(const TicketState& s, const ContactState& c, uint32_t agent) {
  TicketDims d = s.dims;
  if (c.group != 0) d.Set(Field::kGroup, c.group);
  d.Set(Field::kAgent, agent);
  return d;
}

void ContactLifecycle::Apply(TicketKey key, const TicketState& s, const Event& e, Instant t) {
  ContactState& c = contacts_[key];
  const Instant bucket = Bucket(s, t);
  const uint32_t ticket_agent = s.dims.agent();
  switch (e.type) {
    case EventType::kIvr:
      if (e.step != 0) c.ivr_step = e.step;
      c.phase = Phase::kIvr;
      break;
    case EventType::kQueued:
      if (e.group != 0) c.group = e.group;
      if (c.phase == Phase::kNone || c.phase == Phase::kIvr) {
        sink_.Count(Metric::kContactsQueued, bucket, DimsOf(s, c, ticket_agent), +1);
        c.queued_at = t;
        c.phase = Phase::kWaiting;
      }
      // Waiting: moved to another queue. Connected: back in queue after a
      // transfer; the contact was offered and answered once already.
      break;
    case EventType::kAnswered: {
      if (e.group != 0) c.group = e.group;
      const TicketDims dims = DimsOf(s, c, e.agent != 0 ? e.agent : ticket_agent);
      if (c.phase != Phase::kConnected) {
        sink_.Count(Metric::kContactsAnswered, bucket, dims, +1);
      }
      if (c.phase == Phase::kWaiting) {
        sink_.Duration(Metric::kAverageSpeedOfAnswer, bucket, dims, t - c.queued_at,
                       Business(dims, c.queued_at, t), +1);
        QueueOutcome(s, c, dims, t, EventType::kAnswered);
      }
      Connect(c, dims, t);
      break;
    }
    case EventType::kHoldStart: {
      ContactSegment& seg = *Talking(&c);
      seg.phase = SegPhase::kOnHold;
      seg.hold_since = t;
      seg.held = true;
      break;
    }
    case EventType::kHoldEnd: {
      ContactSegment& seg = *Talking(&c);
      seg.hold_calendar += t - seg.hold_since;
      seg.hold_business += Business(seg.dims, seg.hold_since, t);
      seg.phase = SegPhase::kTalking;
      break;
    }
    case EventType::kTransferred: {
      ContactSegment& seg = *Talking(&c);
      sink_.Count(Metric::kTransfers, bucket, seg.dims, +1);
      EndTalk(s, seg, t);
      if (e.group != 0) c.group = e.group;
      // A named agent takes the call at once; a group puts it back in queue.
      if (e.agent != 0) Connect(c, DimsOf(s, c, e.agent), t);
      break;
    }
    case EventType::kAbandoned:
      if (c.phase == Phase::kWaiting) {
        const TicketDims dims = DimsOf(s, c, ticket_agent);
        sink_.Count(Metric::kContactsAbandoned, bucket, dims, +1);
        sink_.Duration(Metric::kQueueAbandonTime, bucket, dims, t - c.queued_at,
                       Business(dims, c.queued_at, t), +1);
        QueueOutcome(s, c, dims, t, EventType::kAbandoned);
      } else if (c.phase != Phase::kConnected) {
        // Before the queue: an IVR abandon, at the step it names or the
        // latest step reached. (Connected: the customer hung up waiting for
        // the next agent after a transfer; the contact was answered.)
        sink_.StepAbandon(bucket, DimsOf(s, c, ticket_agent), e.step != 0 ? e.step : c.ivr_step);
      }
      c.phase = Phase::kNone;
      c.ivr_step = 0;
      break;
    case EventType::kCallback: {
      const TicketDims dims = DimsOf(s, c, ticket_agent);
      sink_.Count(Metric::kCallbacks, bucket, dims, +1);
      if (c.phase == Phase::kWaiting) QueueOutcome(s, c, dims, t, EventType::kCallback);
      c.phase = Phase::kNone;
      c.ivr_step = 0;
      break;
    }
    case EventType::kEnded:
      if (ContactSegment* seg = Talking(&c)) EndTalk(s, *seg, t);
      c.phase = Phase::kNone;
      c.ivr_step = 0;
      break;
    case EventType::kWrapupEnd: {
      const auto i = static_cast<size_t>(WrapUpIndex(&c, e.agent));
      const ContactSegment& seg = c.segments[i];
      const Instant b = Bucket(s, t);
      sink_.Duration(Metric::kAfterContactWorkTime, b, seg.dims, t - seg.talk_end,
                     Business(seg.dims, seg.talk_end, t), +1);
      // talk + hold + after-contact work = the whole segment.
      sink_.Duration(Metric::kHandleTime, b, seg.dims, t - seg.start,
                     Business(seg.dims, seg.start, t), +1);
      c.segments.erase(c.segments.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
    default:
      break;
  }
  if (c.phase == Phase::kNone && c.segments.empty()) contacts_.erase(key);
}

void ContactLifecycle::Connect(ContactState& c, const TicketDims& dims, Instant t) {
  ContactSegment& seg = c.segments.emplace_back();
  seg.dims = dims;
  seg.start = t;
  c.phase = Phase::kConnected;
}

void ContactLifecycle::EndTalk(const TicketState& s, ContactSegment& seg, Instant t) {
  if (seg.phase == SegPhase::kOnHold) {
    seg.hold_calendar += t - seg.hold_since;
    seg.hold_business += Business(seg.dims, seg.hold_since, t);
  }
  const Instant bucket = Bucket(s, t);
  sink_.Duration(Metric::kTalkTime, bucket, seg.dims,
                 AtLeastZero(t - seg.start - seg.hold_calendar),
                 AtLeastZero(Business(seg.dims, seg.start, t) - seg.hold_business), +1);
  if (seg.held) {
    sink_.Duration(Metric::kHoldTime, bucket, seg.dims, seg.hold_calendar, seg.hold_business, +1);
  }
  seg.phase = SegPhase::kWrapUp;
  seg.talk_end = t;
}

// The queue wait ended (answered, abandoned or callback): abandonment rate
// and service level. Short abandons are not offered contacts: in neither.
void ContactLifecycle::QueueOutcome(const TicketState& s, const ContactState& c,
                                    const TicketDims& dims, Instant t, EventType outcome) {
  const Millis wait = t - c.queued_at;
  const bool abandoned = outcome == EventType::kAbandoned;
  if (abandoned && wait < options_.short_abandon) return;
  const Instant bucket = Bucket(s, t);
  sink_.Rate(Metric::kAbandonmentRate, bucket, dims, abandoned, +1);
  const bool within = wait <= options_.service_level_threshold;
  const bool offered = options_.service_level_denominator == ServiceLevelDenominator::kOffered;
  if (outcome == EventType::kAnswered) {
    sink_.Rate(Metric::kServiceLevel, bucket, dims, within, +1);
  } else if (offered || (abandoned && !within)) {
    sink_.Rate(Metric::kServiceLevel, bucket, dims, false, +1);
  }
}

std::optional<RejectReason> ContactLifecycle::AgentStateChange(const Event& e) {
  Instant t = e.time;
  AgentStatus& a = agents_[e.agent];
  if (a.state != AgentState::kNone) {
    if (t + options_.allowed_lateness < a.since) return RejectReason::kOutOfOrder;
    t = std::max(t, a.since);
    sink_.AgentTime(a.since, t, a.dims, a.state);
  }
  a.state = static_cast<AgentState>(e.status);
  a.since = t;
  a.dims = EventDims(e);
  return std::nullopt;
}

void ContactLifecycle::Cost(const Event& e) { sink_.Cost(e.time, EventDims(e), *e.value); }

size_t ContactLifecycle::MemoryBytes() const {
  size_t bytes = contacts_.capacity() * (sizeof(std::pair<TicketKey, ContactState>) + 1) +
                 agents_.capacity() * (sizeof(std::pair<uint32_t, AgentStatus>) + 1);
  for (const auto& [key, c] : contacts_) bytes += c.segments.capacity() * sizeof(ContactSegment);
  return bytes;
}

// Serialized layout (byte_codec varints): contact count, then per contact
// key, phase, group, ivr_step, queued_at, segment count, then per segment
// 7 dimension ids, phase, held, start, talk_end, hold_since, hold calendar
// and business ms; then agent count, then per agent id, state, since and
// 7 dimension ids.
namespace {

void PutInstant(codec::ByteWriter& w, Instant t) { w.SignedVarint(ToEpochMs(t)); }
Instant GetInstant(codec::ByteReader& r) { return FromEpochMs(r.SignedVarint()); }

}  // namespace

void ContactLifecycle::Encode(codec::ByteWriter& w) const {
  w.Varint(contacts_.size());
  for (const auto& [key, c] : contacts_) {
    w.Varint(key);
    w.U8(static_cast<uint8_t>(c.phase));
    w.Varint(c.group);
    w.Varint(c.ivr_step);
    PutInstant(w, c.queued_at);
    w.Varint(c.segments.size());
    for (const ContactSegment& seg : c.segments) {
      codec::PutDims(w, seg.dims);
      w.U8(static_cast<uint8_t>(seg.phase));
      w.U8(seg.held ? 1 : 0);
      PutInstant(w, seg.start);
      PutInstant(w, seg.talk_end);
      PutInstant(w, seg.hold_since);
      w.SignedVarint(seg.hold_calendar.count());
      w.SignedVarint(seg.hold_business.count());
    }
  }
  w.Varint(agents_.size());
  for (const auto& [agent, a] : agents_) {
    w.Varint(agent);
    w.U8(static_cast<uint8_t>(a.state));
    PutInstant(w, a.since);
    codec::PutDims(w, a.dims);
  }
}

ContactLifecycle::Saved ContactLifecycle::Decode(codec::ByteReader& r) {
  Saved saved;
  const uint64_t contacts = r.Count(6);
  for (uint64_t i = 0; i < contacts && r.ok(); ++i) {
    const TicketKey key = r.Varint();
    ContactState c;
    const uint8_t phase = r.U8();
    r.Check(phase <= static_cast<uint8_t>(Phase::kConnected), "bad contact phase");
    c.phase = static_cast<Phase>(phase);
    const uint64_t group = r.Varint();
    const uint64_t step = r.Varint();
    r.Check(group <= MaxFieldIds(Field::kGroup) && step <= MaxFieldIds(Field::kStep),
            "contact id out of range");
    c.group = static_cast<uint32_t>(group);
    c.ivr_step = static_cast<uint32_t>(step);
    c.queued_at = GetInstant(r);
    const uint64_t segments = r.Count(14);
    for (uint64_t j = 0; j < segments && r.ok(); ++j) {
      ContactSegment seg;
      seg.dims = codec::GetDims(r);
      const uint8_t seg_phase = r.U8();
      const uint8_t held = r.U8();
      r.Check(seg_phase <= static_cast<uint8_t>(SegPhase::kWrapUp) && held <= 1,
              "bad contact segment");
      seg.phase = static_cast<SegPhase>(seg_phase);
      seg.held = held == 1;
      seg.start = GetInstant(r);
      seg.talk_end = GetInstant(r);
      seg.hold_since = GetInstant(r);
      seg.hold_calendar = Millis{r.SignedVarint()};
      seg.hold_business = Millis{r.SignedVarint()};
      c.segments.push_back(seg);
    }
    saved.contacts.emplace_back(key, std::move(c));
  }
  const uint64_t agents = r.Count(10);
  for (uint64_t i = 0; i < agents && r.ok(); ++i) {
    const uint64_t agent = r.Varint();
    AgentStatus a;
    const uint8_t state = r.U8();
    r.Check(agent >= 1 && agent <= MaxFieldIds(Field::kAgent) && state >= 1 &&
                state <= kAgentStateCount,
            "bad agent state");
    a.state = static_cast<AgentState>(state);
    a.since = GetInstant(r);
    a.dims = codec::GetDims(r);
    saved.agents.emplace_back(static_cast<uint32_t>(agent), a);
  }
  return saved;
}

void ContactLifecycle::Remap(Saved& saved, IdMap& map) {
  for (auto& [key, c] : saved.contacts) {
    key = map.Key(key);
    c.group = map.Id(Field::kGroup, c.group);
    c.ivr_step = map.Id(Field::kStep, c.ivr_step);
    for (ContactSegment& seg : c.segments) seg.dims = map.Dims(seg.dims);
  }
  for (auto& [agent, a] : saved.agents) {
    agent = map.Id(Field::kAgent, agent);
    a.dims = map.Dims(a.dims);
  }
}

absl::Status ContactLifecycle::CheckDisjoint(Saved& saved) const {
  for (const auto& [key, c] : saved.contacts) {
    if (contacts_.contains(key)) {
      return absl::FailedPreconditionError("engine states share a contact: cannot merge");
    }
  }
  for (const auto& [agent, a] : saved.agents) {
    if (agents_.contains(agent)) {
      return absl::FailedPreconditionError(
          "engine states share an agent's state (shard agent_state events by agent): cannot "
          "merge");
    }
  }
  return absl::OkStatus();
}

void ContactLifecycle::Add(Saved&& saved) {
  for (auto& [key, c] : saved.contacts) contacts_.emplace(key, std::move(c));
  for (auto& [agent, a] : saved.agents) agents_.emplace(agent, a);
}

}  // namespace csm
