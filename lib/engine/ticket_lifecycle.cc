#include "csm/engine/internal/ticket_lifecycle.h"

#include <cmath>

namespace csm {
namespace {

bool IsOpenStatus(TicketStatus s) {
  return s == TicketStatus::kNew || s == TicketStatus::kOpen || s == TicketStatus::kPending ||
         s == TicketStatus::kOnHold;
}

uint16_t Increment(uint16_t v) { return v == 0xFFFF ? v : static_cast<uint16_t>(v + 1); }

bool InRange(const std::optional<double>& v, double lo, double hi) {
  return v && *v >= lo && *v <= hi;
}

constexpr Field kAttributes[] = {Field::kCustomer, Field::kGroup,    Field::kChannel,
                                 Field::kCategory, Field::kPriority, Field::kSegment};

}  // namespace

std::optional<RejectReason> TicketLifecycle::CheckFields(const Event& e) {
  if (!IsValidEventType(static_cast<int>(e.type))) return RejectReason::kUnknownType;
  const auto invalid = RejectReason::kInvalidField;
  if (!InSupportedRange(e.time)) return invalid;
  if (e.value && !std::isfinite(*e.value)) return invalid;
  if (!IsTicketless(e.type) && e.ticket == 0) return invalid;
  // A status on any event must be one of its type's (as the JSONL reader
  // requires), so the C ABI cannot slip in a value no reader would accept.
  if (e.status > (e.type == EventType::kAgentState ? kAgentStateCount : kTicketStatusCount)) {
    return invalid;
  }
  switch (e.type) {
    case EventType::kUpdated: {
      bool any = e.agent != 0;
      for (Field f : kAttributes) any = any || e.Id(f) != 0;
      if (!any) return invalid;
      break;
    }
    case EventType::kAssigned:
      if (e.agent == 0 && e.group == 0) return invalid;
      break;
    case EventType::kStatus:
      if (e.status < 1 || e.status > kTicketStatusCount) return invalid;
      break;
    case EventType::kAgentState:
      if (e.agent == 0 || e.status < 1 || e.status > kAgentStateCount) return invalid;
      break;
    case EventType::kCsat:  // the scale is an option: ExperienceTracker::ValidRating
      if (!InRange(e.value, 1, 10)) return invalid;
      break;
    case EventType::kCes:
      if (!InRange(e.value, 1, 7)) return invalid;
      break;
    case EventType::kNps:
      if (!InRange(e.value, 0, 10)) return invalid;
      break;
    case EventType::kCost:
      if (!e.value || *e.value < 0) return invalid;
      break;
    case EventType::kWorkflow:
      if (e.workflow == 0) return invalid;
      break;
    default:
      break;
  }
  return std::nullopt;
}

void TicketLifecycle::Open(TicketKey key, TicketState& s, const Event& e) const {
  s = TicketState{};
  s.created_at.set(e.time);
  s.last_event_at.set(e.time);
  s.status_since.set(e.time);
  s.first_reply_start.set(e.time);
  s.set_status(TicketStatus::kNew);
  for (Field f : kDimensions) s.dims.Set(f, e.Id(f));
  s.created_dims = s.dims;
  if (e.agent != 0) {
    s.set(kProactive);
    s.set_agent_stations(1);
  } else {
    s.customer_messages = 1;  // the opening message
    s.set(kWaiting);
    s.reply_wait_start.set(e.time);
  }
  if (e.group != 0) s.set_group_stations(1);
  sink_.Count(Metric::kTicketsCreated, e.time, s.dims, +1);
  sink_.Backlog(e.time, s.dims, +1);
  experience_.Created(key, s);
}

TicketLifecycle::Change TicketLifecycle::Apply(TicketKey key, TicketState& s, const Event& e,
                                               Instant t, const TicketState* previous_solve) const {
  if (s.has(kMerged)) return Change::kNone;  // a merged ticket is out of every metric
  switch (e.type) {
    case EventType::kUpdated:
      ChangeAttributes(key, s, e, t);
      break;
    case EventType::kAssigned:
      ChangeAttributes(key, s, e, t);
      if (!s.has(kAssignedOnce)) {
        s.set(kAssignedOnce);
        const Instant created = s.created_at.get();
        sink_.Duration(Metric::kTimeToFirstAssignment, Bucket(s, t), s.dims, t - created,
                       Business(s.dims, created, t), +1);
      }
      break;
    case EventType::kCustomerMessage:
      CustomerMessage(s, t);
      break;
    case EventType::kAgentReply:
      AgentReply(key, s, e.agent, t);
      break;
    case EventType::kHandoff:
      s.set(kHandoff);
      s.first_reply_start.set(t);
      break;
    case EventType::kStatus:
      return ChangeStatus(key, s, static_cast<TicketStatus>(e.status), t, previous_solve);
    case EventType::kMerged:
      Merge(key, s, t);
      return Change::kMerged;
    case EventType::kSurveySent:
    case EventType::kCsat:
    case EventType::kCes:
    case EventType::kNps:
    case EventType::kWorkflow:
    case EventType::kAnswered:
      experience_.OnEvent(key, s, e, t);
      break;
    default:
      // bot_reply and note never count; the experience and contact-center
      // event types are consumed by their own metric families.
      break;
  }
  return Change::kNone;
}

bool TicketLifecycle::ChangesSolveInputs(const TicketState& s, const Event& e) {
  if (s.has(kMerged)) return false;
  // The types below change nothing EmitSolveSamples reads, nor the ticket's
  // dimensions, whatever fields they carry (Apply ignores them): no snapshot.
  // One that ever does must return true here (Reopen.EventsThatChangeNo...).
  switch (e.type) {
    case EventType::kNote:
    case EventType::kBotReply:
    case EventType::kSurveySent:
    case EventType::kCsat:
    case EventType::kCes:
    case EventType::kNps:
    case EventType::kWorkflow:
      return false;
    case EventType::kStatus:
      // solved <-> closed changes nothing the samples read; a reopen does.
      return !IsSolvedOrClosed(static_cast<TicketStatus>(e.status));
    default:
      return true;
  }
}

void TicketLifecycle::ChangeAttributes(TicketKey key, TicketState& s, const Event& e,
                                       Instant t) const {
  TicketDims next = s.dims;
  for (Field f : kDimensions) {
    if (const uint32_t id = e.Id(f); id != 0) next.Set(f, id);
  }
  if (next == s.dims) return;
  if (IsOpenStatus(s.status())) {
    if (next.agent() != s.dims.agent()) experience_.AgentChanged(key, s, next, t);
    sink_.MoveBacklog(t, s.dims, next);
    // The calendar in force may change with the group: close the segment.
    if (next.group() != s.dims.group()) CloseSegment(s, t);
  }
  CountStation(Station::kAgent, key, s, s.dims.agent(), next.agent());
  CountStation(Station::kGroup, key, s, s.dims.group(), next.group());
  s.dims = next;
}

// Distinct agents or groups: the current one is in s.dims, the previous
// distinct one inline in s, any earlier ones in the StationLog.
void TicketLifecycle::CountStation(Station which, TicketKey key, TicketState& s, uint32_t current,
                                   uint32_t next) const {
  if (next == current || next == 0) return;
  const uint32_t other = which == Station::kAgent ? s.other_agent_id() : s.other_group;
  const int count = which == Station::kAgent ? s.agent_stations() : s.group_stations();
  const bool seen = next == other || (count >= 3 && stations_.Contains(which, key, next));
  if (!seen) {
    if (which == Station::kAgent) {
      s.set_agent_stations(count + 1);
    } else {
      s.set_group_stations(count + 1);
    }
  }
  // The previous distinct one moves to the log when a third one comes.
  if (other != 0 && other != next) stations_.Add(which, key, other);
  if (current != 0) {
    if (which == Station::kAgent) {
      s.set_other_agent_id(current);
    } else {
      s.other_group = static_cast<uint16_t>(current);
    }
  }
}

void TicketLifecycle::CustomerMessage(TicketState& s, Instant t) const {
  s.customer_messages = Increment(s.customer_messages);
  if (s.agent_replies > 0) s.set(kCustomerAfterReply);
  if (!s.has(kWaiting)) {  // later messages do not move the start of the wait
    s.set(kWaiting);
    s.reply_wait_start.set(t);
  }
}

void TicketLifecycle::AgentReply(TicketKey key, TicketState& s, uint32_t replier, Instant t) const {
  s.agent_replies = Increment(s.agent_replies);
  const Instant bucket = Bucket(s, t);
  std::optional<ClockPair> first_reply, reply;
  if (!s.has(kFirstReplyDone) && s.agent_replies >= (s.has(kProactive) ? 2 : 1)) {
    s.set(kFirstReplyDone);
    const Instant start = options_.first_reply_start == FirstReplyStart::kCreated
                              ? s.created_at.get()
                              : s.first_reply_start.get();
    first_reply = ClockPair{t - start, Business(s.dims, start, t)};
    sink_.Duration(Metric::kFirstReplyTime, bucket, s.dims, first_reply->calendar,
                   first_reply->business, +1);
  }
  if (s.has(kWaiting)) {
    s.set(kWaiting, false);
    const Instant start = s.reply_wait_start.get();
    const Millis calendar = t - start;
    const Millis business = Business(s.dims, start, t);
    sink_.Duration(Metric::kReplyTime, bucket, s.dims, calendar, business, +1);
    const bool first = !s.has(kReplied);
    s.set(kReplied);
    if (first || calendar > s.longest_reply_calendar.get()) s.longest_reply_calendar.set(calendar);
    if (first || business > s.longest_reply_business.get()) s.longest_reply_business.set(business);
    reply = ClockPair{calendar, business};
  }
  experience_.Replied(key, s, replier, t, first_reply, reply);
}

TicketLifecycle::Change TicketLifecycle::ChangeStatus(TicketKey key, TicketState& s,
                                                      TicketStatus next, Instant t,
                                                      const TicketState* previous_solve) const {
  const TicketStatus current = s.status();
  if (next == current) return Change::kNone;
  const bool was_done = IsSolvedOrClosed(current);
  const bool now_done = IsSolvedOrClosed(next);
  if (was_done && now_done) {  // solved -> closed (or back): status_since stays the solve time
    s.set_status(next);
    return Change::kNone;
  }
  CloseSegment(s, t);
  s.set_status(next);
  if (now_done) {
    Solve(key, s, t, previous_solve);
    return Change::kSolved;
  }
  if (was_done) {
    Reopen(key, s, t);
    return Change::kReopened;
  }
  return Change::kNone;
}

void TicketLifecycle::CloseSegment(TicketState& s, Instant t) const {
  const Instant since = s.status_since.get();
  if (t > since) {
    PackedMillis* calendar = nullptr;
    PackedMillis* business = nullptr;
    switch (s.status()) {
      case TicketStatus::kNew:
      case TicketStatus::kOpen:
        calendar = &s.open_calendar;
        business = &s.open_business;
        break;
      case TicketStatus::kOnHold:
        calendar = &s.hold_calendar;
        business = &s.hold_business;
        break;
      case TicketStatus::kPending:
        calendar = &s.pending_calendar;
        business = &s.pending_business;
        break;
      default:
        break;
    }
    if (calendar != nullptr) {
      calendar->add(t - since);
      business->add(Business(s.dims, since, t));
    }
  }
  s.status_since.set(t);
}

void TicketLifecycle::Solve(TicketKey key, TicketState& s, Instant t,
                            const TicketState* previous_solve) const {
  const Instant bucket = Bucket(s, t);
  experience_.Solved(key, s, t);
  sink_.Count(Metric::kTicketsSolved, bucket, s.dims, +1);
  sink_.Backlog(t, s.dims, -1);
  if (!s.has(kResolvedOnce)) {
    s.set(kResolvedOnce);
    const Instant created = s.created_at.get();
    sink_.Duration(Metric::kFirstResolutionTime, bucket, s.dims, t - created,
                   Business(s.dims, created, t), +1);
  }
  // A re-solve replaces the ticket's per-ticket samples: never double-counted.
  if (s.has(kSolveSamplesOut) && previous_solve != nullptr) EmitSolveSamples(*previous_solve, -1);
  EmitSolveSamples(s, +1);
  s.set(kSolveSamplesOut);
  s.set(kSnapshotSaved, false);
}

void TicketLifecycle::Reopen(TicketKey key, TicketState& s, Instant t) const {
  experience_.Reopened(key, s, t);
  if (s.reopens < 0xFF) ++s.reopens;
  sink_.Count(Metric::kTicketsReopened, Bucket(s, t), s.dims, +1);
  sink_.Backlog(t, s.dims, +1);
  s.first_reply_start.set(t);
}

void TicketLifecycle::Merge(TicketKey key, TicketState& s, Instant t) const {
  experience_.Merged(key, s);
  // Out of volume: take back the creation where it was counted.
  sink_.Count(Metric::kTicketsCreated, s.created_at.get(), s.created_dims, -1);
  if (IsOpenStatus(s.status())) sink_.Backlog(t, s.dims, -1);
  s.set(kMerged);
  s.set_status(TicketStatus::kClosed);
  s.status_since.set(t);  // the reopen window runs from the merge
}

void TicketLifecycle::EmitSolveSamples(const TicketState& s, int sign) const {
  const Instant solved = s.status_since.get();
  const Instant created = s.created_at.get();
  const Instant bucket = Bucket(s, solved);
  const TicketDims& d = s.dims;
  sink_.Duration(Metric::kFullResolutionTime, bucket, d, solved - created,
                 Business(d, created, solved), sign);
  sink_.Duration(Metric::kRequesterWaitTime, bucket, d,
                 s.open_calendar.get() + s.hold_calendar.get(),
                 s.open_business.get() + s.hold_business.get(), sign);
  sink_.Duration(Metric::kAgentWaitTime, bucket, d, s.pending_calendar.get(),
                 s.pending_business.get(), sign);
  sink_.Duration(Metric::kOnHoldTime, bucket, d, s.hold_calendar.get(), s.hold_business.get(),
                 sign);
  sink_.Duration(Metric::kAgentWorkTime, bucket, d, s.open_calendar.get(), s.open_business.get(),
                 sign);
  if (s.has(kReplied)) {
    sink_.Duration(Metric::kLongestReplyTime, bucket, d, s.longest_reply_calendar.get(),
                   s.longest_reply_business.get(), sign);
  }
  sink_.Value(Metric::kRepliesPerTicket, bucket, d, s.agent_replies, sign);
  sink_.Value(Metric::kInteractionsPerTicket, bucket, d,
              static_cast<double>(s.agent_replies) + s.customer_messages, sign);
  sink_.Value(Metric::kAssigneeStations, bucket, d, s.agent_stations(), sign);
  sink_.Value(Metric::kGroupStations, bucket, d, s.group_stations(), sign);
  sink_.Value(Metric::kReopens, bucket, d, s.reopens, sign);
  // Zendesk's one-touch: exactly one agent reply (docs/metrics.md §3).
  const bool one_touch = s.agent_replies == 1;
  sink_.Rate(Metric::kOneTouchRate, bucket, d, one_touch, sign);
  // Zendesk's zero-touch: solved with no agent reply (a bot's or the customer's own).
  if (s.agent_replies == 0) sink_.Count(Metric::kZeroTouchTickets, bucket, d, sign);
  bool fcr = one_touch;
  if (options_.fcr == FcrPolicy::kFirstReplySolves) {
    fcr = s.agent_replies == 1 && !s.has(kCustomerAfterReply);
  } else if (options_.fcr == FcrPolicy::kNoFollowup) {
    fcr = s.customer_messages <= 1;
  }
  sink_.Rate(Metric::kFcrRate, bucket, d, fcr, sign);
  sink_.Rate(Metric::kBotResolutionRate, bucket, d, s.agent_replies == 0 && !s.has(kHandoff), sign);
}

}  // namespace csm
