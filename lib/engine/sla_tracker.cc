#include "csm/engine/internal/sla_tracker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace csm {
namespace {

bool IsOpenStatus(TicketStatus s) {
  return s == TicketStatus::kNew || s == TicketStatus::kOpen || s == TicketStatus::kPending ||
         s == TicketStatus::kOnHold;
}

bool Cumulative(SlaMetric m) { return !IsReplyType(m); }

// Whether a cumulative or pausable target's clock runs in status `s`
// (issue 20's "paused while" column).
bool Runs(SlaMetric m, TicketStatus s) {
  if (!IsOpenStatus(s)) return false;
  switch (m) {
    case SlaMetric::kPausableUpdateTime:
    case SlaMetric::kRequesterWaitTime:
      return s != TicketStatus::kPending;
    case SlaMetric::kAgentWorkTime:
      return s != TicketStatus::kPending && s != TicketStatus::kOnHold;
    default:
      return true;
  }
}

// A cumulative target's time before the running segment (the ticket
// state's status segments, each on the calendar in force during it).
SlaTracker::Clocks Accumulated(SlaMetric m, const TicketState& s) {
  SlaTracker::Clocks c;
  c.calendar = s.open_calendar.get();
  c.business = s.open_business.get();
  if (m == SlaMetric::kRequesterWaitTime || m == SlaMetric::kTotalResolutionTime) {
    c.calendar += s.hold_calendar.get();
    c.business += s.hold_business.get();
  }
  if (m == SlaMetric::kTotalResolutionTime) {
    c.calendar += s.pending_calendar.get();
    c.business += s.pending_business.get();
  }
  return c;
}

}  // namespace

std::string_view SlaStateName(SlaState s) {
  switch (s) {
    case SlaState::kActive:
      return "active";
    case SlaState::kPaused:
      return "paused";
    case SlaState::kClosed:
      return "closed";
  }
  return "closed";
}

// ---------------------------------------------------------------- policies

absl::StatusOr<SlaPolicySet> SlaPolicySet::Create(const std::vector<SlaPolicy>& policies,
                                                  InternTable& interned) {
  SlaPolicySet set;
  for (size_t p = 0; p < policies.size(); ++p) {
    const SlaPolicy& policy = policies[p];
    set.names_.push_back(policy.name);
    std::vector<Match>& matches = set.matches_.emplace_back();
    for (const auto& [field, names] : policy.match) {
      Match m{field, {}};
      for (const std::string& name : names) {
        absl::StatusOr<uint32_t> id = interned.Intern(field, name);
        if (!id.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("engine config: sla_policies[", p, "].match: ", id.status().message()));
        }
        m.ids.push_back(*id);
      }
      std::sort(m.ids.begin(), m.ids.end());
      matches.push_back(std::move(m));
    }
    std::vector<uint16_t>& own = set.by_policy_.emplace_back();
    for (const SlaTarget& t : policy.targets) {
      Target target{static_cast<int>(p), t.metric, 0, t.target, t.business};
      if (t.priority != "*") {
        absl::StatusOr<uint32_t> id = interned.Intern(Field::kPriority, t.priority);
        if (!id.ok()) {
          return absl::InvalidArgumentError(absl::StrCat("engine config: sla_policies[", p,
                                                         "].targets: ", id.status().message()));
        }
        target.priority = *id;
      }
      if (set.targets_.size() >= 0xFFFF) {
        return absl::InvalidArgumentError("engine config: sla_policies: more than 65535 targets");
      }
      own.push_back(static_cast<uint16_t>(set.targets_.size()));
      set.targets_.push_back(target);
    }
  }
  return set;
}

int SlaPolicySet::Choose(const TicketDims& dims) const {
  for (size_t p = 0; p < matches_.size(); ++p) {
    bool holds = true;
    for (const Match& m : matches_[p]) {
      if (!std::binary_search(m.ids.begin(), m.ids.end(), dims.Get(m.field))) {
        holds = false;
        break;
      }
    }
    if (holds) return static_cast<int>(p);
  }
  return -1;
}

int SlaPolicySet::TargetFor(int policy, SlaMetric metric, uint32_t priority) const {
  if (policy < 0) return -1;
  int any = -1;
  for (uint16_t index : by_policy_[static_cast<size_t>(policy)]) {
    const Target& t = targets_[index];
    if (t.metric != metric) continue;
    if (t.priority == 0) {
      any = index;
    } else if (t.priority == priority && priority != 0) {
      return index;
    }
  }
  return any;
}

// ---------------------------------------------------------------- clocks

absl::Status SlaTracker::Configure(const std::vector<SlaPolicy>& policies, InternTable& interned) {
  absl::StatusOr<SlaPolicySet> set = SlaPolicySet::Create(policies, interned);
  if (!set.ok()) return set.status();
  policies_ = *std::move(set);
  return absl::OkStatus();
}

Millis SlaTracker::Business(uint32_t group, int64_t a, int64_t b) const {
  if (a <= b) return calendars_.Business(group, FromEpochMs(a), FromEpochMs(b));
  return -calendars_.Business(group, FromEpochMs(b), FromEpochMs(a));
}

Millis SlaTracker::Measure(const SlaPolicySet::Target& t, uint32_t group, int64_t a,
                           int64_t b) const {
  return t.business ? Business(group, a, b) : Millis{b - a};
}

int64_t SlaTracker::AddTime(const SlaPolicySet::Target& t, uint32_t group, int64_t from,
                            Millis d) const {
  if (!t.business) return from + d.count();
  return ToEpochMs(calendars_.AddBusiness(group, FromEpochMs(from), d));
}

const SlaTicket* SlaTracker::Find(TicketKey key) const {
  const auto it = tickets_sla_.find(key);
  return it == tickets_sla_.end() ? nullptr : &it->second;
}

const SlaInstance& SlaTracker::Instance(const DueKey& k) const {
  const SlaTicket& tk = tickets_sla_.find(k.ticket)->second;
  for (const SlaInstance& i : tk.instances) {
    if (i.metric == k.metric) return i;
  }
  return tk.instances.front();  // the index holds only instances that exist
}

SlaTracker::Clocks SlaTracker::Elapsed(const TicketState& s, const SlaInstance& i,
                                       Instant now) const {
  const uint32_t group = s.dims.group();
  const int64_t end = i.has(SlaInstance::kFulfilled) ? i.fulfilled_ms : ToEpochMs(now);
  Clocks c;
  if (Cumulative(i.metric)) {
    c = Accumulated(i.metric, s);
    if (i.open() && Runs(i.metric, s.status())) {
      const int64_t since = ToEpochMs(s.status_since.get());
      c.calendar += Millis{end - since};
      c.business += Business(group, since, end);
    }
  } else if (i.metric == SlaMetric::kPausableUpdateTime) {
    c.calendar = Millis{i.elapsed_calendar_ms};
    c.business = Millis{i.elapsed_business_ms};
    if (i.state == SlaState::kActive) {
      c.calendar += Millis{end - i.segment_ms};
      c.business += Business(group, i.segment_ms, end);
    }
  } else {
    c.calendar = Millis{end - i.start_ms};
    c.business = Business(group, i.start_ms, end);
  }
  return c;
}

SlaTracker::Clocks SlaTracker::Remaining(const TicketState& s, const SlaInstance& i,
                                         Instant now) const {
  const int64_t t = ToEpochMs(now);
  Clocks c;
  c.calendar = Millis{i.due_ms - t};
  c.business = TargetOf(i).business ? Business(s.dims.group(), t, i.due_ms) : c.calendar;
  return c;
}

// ---------------------------------------------------------------- index, sink

void SlaTracker::Unindex(TicketKey key, SlaInstance& i) {
  if (!i.has(SlaInstance::kIndexed)) return;
  due_.erase(DueKey{i.due_ms, key, i.metric});
  i.set(SlaInstance::kIndexed, false);
}

void SlaTracker::Index(TicketKey key, SlaInstance& i) {
  due_.insert(DueKey{i.due_ms, key, i.metric});
  i.set(SlaInstance::kIndexed);
  next_due_ms_ = std::min(next_due_ms_, i.due_ms);
}

void SlaTracker::Emit(SlaSink::Outcome o, int64_t at_ms, const TicketDims& dims,
                      const SlaInstance& i, Millis calendar, Millis business, int sign) const {
  if (sink_ == nullptr) return;
  sink_->Sla(o, FromEpochMs(at_ms), dims, TargetOf(i).policy, i.metric, calendar, business, sign);
}

void SlaTracker::MoveOpen(SlaTicket& tk, const TicketDims& from, const TicketDims& to,
                          int64_t t_ms) const {
  for (const SlaInstance& i : tk.instances) {
    if (!i.open()) continue;
    Emit(SlaSink::Outcome::kActive, t_ms, from, i, Millis{0}, Millis{0}, -1);
    Emit(SlaSink::Outcome::kActive, t_ms, to, i, Millis{0}, Millis{0}, +1);
  }
}

void SlaTracker::RecordBreach(const TicketDims& dims, SlaInstance& i, int sign) {
  i.set(SlaInstance::kBreached, sign > 0);
  Emit(SlaSink::Outcome::kBreached, i.breach_ms(), dims, i, Millis{0}, Millis{0}, sign);
}

// ---------------------------------------------------------------- lifecycle

bool SlaTracker::StartOf(const SlaTicket& tk, const TicketState& s, SlaMetric metric,
                         int64_t& start) const {
  if (s.has(kMerged)) return false;
  switch (metric) {
    case SlaMetric::kFirstReplyTime:
      if (s.has(kFirstReplyDone)) return false;
      start = ToEpochMs(options_.first_reply_start == FirstReplyStart::kCreated
                            ? s.created_at.get()
                            : s.first_reply_start.get());
      return true;
    case SlaMetric::kNextReplyTime:
      if (!s.has(kWaiting) || s.agent_replies == 0) return false;
      start = ToEpochMs(s.reply_wait_start.get());
      return true;
    case SlaMetric::kPeriodicUpdateTime:
    case SlaMetric::kPausableUpdateTime:
      if (tk.last_reply_ms < 0 || !IsOpenStatus(s.status())) return false;
      start = tk.last_reply_ms;
      return true;
    default:
      if (!IsOpenStatus(s.status())) return false;
      start = ToEpochMs(s.created_at.get());
      return true;
  }
}

void SlaTracker::Start(TicketKey key, SlaTicket& tk, const TicketState& s, SlaMetric metric,
                       int target, int64_t start_ms, int64_t t_ms) {
  // A recurring metric's next cycle replaces its closed instance.
  for (size_t n = 0; n < tk.instances.size(); ++n) {
    if (tk.instances[n].metric == metric) {
      CloseWithoutOutcome(key, s, tk.instances[n], t_ms);
      tk.instances.erase(tk.instances.begin() + static_cast<std::ptrdiff_t>(n));
      break;
    }
  }
  SlaInstance& i = tk.instances.emplace_back();
  i.metric = metric;
  i.target = static_cast<uint16_t>(target);
  i.start_ms = start_ms;
  i.segment_ms = start_ms;
  i.applied_ms = t_ms;
  i.due_ms = start_ms;
  i.state = SlaState::kActive;
  Emit(SlaSink::Outcome::kActive, t_ms, s.dims, i, Millis{0}, Millis{0}, +1);
  Refresh(key, s, i, t_ms, s.dims.group());
}

void SlaTracker::ChoosePolicy(TicketKey key, SlaTicket& tk, const TicketState& s, Instant t) {
  const int64_t t_ms = ToEpochMs(t);
  const int policy = policies_.Choose(s.dims);
  tk.policy = static_cast<int16_t>(policy);
  const uint32_t priority = s.dims.Get(Field::kPriority);
  for (int m = 0; m < kSlaMetricCount; ++m) {
    const auto metric = static_cast<SlaMetric>(m);
    const int target = policies_.TargetFor(policy, metric, priority);
    SlaInstance* current = nullptr;
    for (SlaInstance& i : tk.instances) {
      if (i.metric == metric) current = &i;
    }
    if (current != nullptr) {
      // Closed instances keep their outcome and target; a recurring metric's
      // next cycle takes the target in force then.
      if (!current->open()) continue;
      if (target >= 0) {
        const SlaPolicySet::Target& now = policies_.target(static_cast<uint16_t>(target));
        const SlaPolicySet::Target& was = TargetOf(*current);
        if (now.target == was.target && now.business == was.business) {
          // The same target keeps running, counted under the new policy.
          if (now.policy != was.policy) {
            Emit(SlaSink::Outcome::kActive, t_ms, s.dims, *current, Millis{0}, Millis{0}, -1);
            current->target = static_cast<uint16_t>(target);
            Emit(SlaSink::Outcome::kActive, t_ms, s.dims, *current, Millis{0}, Millis{0}, +1);
          }
          current->target = static_cast<uint16_t>(target);
          continue;
        }
      }
      // Dropped or changed: the old instance ends without an outcome (a
      // breach already counted stays counted).
      CloseWithoutOutcome(key, s, *current, t_ms);
      tk.instances.erase(tk.instances.begin() + (current - tk.instances.data()));
    }
    int64_t start = 0;
    if (target >= 0 && StartOf(tk, s, metric, start))
      Start(key, tk, s, metric, target, start, t_ms);
  }
}

void SlaTracker::Fulfil(TicketKey key, const TicketState& s, SlaInstance& i, int64_t t_ms) {
  if (!i.open()) return;
  const bool achieved = !i.breached() && (i.state == SlaState::kPaused || t_ms <= i.due_ms);
  if (!achieved && !i.breached()) RecordBreach(s.dims, i, +1);
  Unindex(key, i);
  if (achieved) {
    Emit(SlaSink::Outcome::kAchieved, t_ms, s.dims, i, Millis{0}, Millis{0}, +1);
  } else {
    const Millis calendar{t_ms - i.due_ms};
    const Millis business = Business(s.dims.group(), i.due_ms, t_ms);
    if (Cumulative(i.metric)) {  // kept so that a reopen takes back exactly this
      i.elapsed_calendar_ms = calendar.count();
      i.elapsed_business_ms = business.count();
    }
    Emit(SlaSink::Outcome::kOverrun, t_ms, s.dims, i, calendar, business, +1);
  }
  i.state = SlaState::kClosed;
  i.set(SlaInstance::kFulfilled);
  i.fulfilled_ms = t_ms;
  Emit(SlaSink::Outcome::kActive, t_ms, s.dims, i, Millis{0}, Millis{0}, -1);
}

void SlaTracker::CloseWithoutOutcome(TicketKey key, const TicketState& s, SlaInstance& i,
                                     int64_t t_ms) {
  if (!i.open()) return;
  Unindex(key, i);
  i.state = SlaState::kClosed;
  Emit(SlaSink::Outcome::kActive, t_ms, s.dims, i, Millis{0}, Millis{0}, -1);
}

void SlaTracker::Resume(TicketKey key, const TicketState& s, const TicketDims& solved_dims,
                        SlaInstance& i, int64_t t_ms) {
  if (i.open() || !i.has(SlaInstance::kFulfilled)) return;
  // The outcome is taken back where the solve counted it; the instance runs
  // on (and counts as open) under the ticket's dimensions now.
  if (i.breached()) {
    Emit(SlaSink::Outcome::kOverrun, i.fulfilled_ms, solved_dims, i, Millis{i.elapsed_calendar_ms},
         Millis{i.elapsed_business_ms}, -1);
  } else {
    Emit(SlaSink::Outcome::kAchieved, i.fulfilled_ms, solved_dims, i, Millis{0}, Millis{0}, -1);
  }
  i.set(SlaInstance::kFulfilled, false);
  i.fulfilled_ms = 0;
  i.state = SlaState::kActive;
  Emit(SlaSink::Outcome::kActive, t_ms, s.dims, i, Millis{0}, Millis{0}, +1);
  Refresh(key, s, i, t_ms, s.dims.group());
}

void SlaTracker::Refresh(TicketKey key, const TicketState& s, SlaInstance& i, int64_t t_ms,
                         uint32_t group_before) {
  if (!i.open()) return;
  const SlaPolicySet::Target& target = TargetOf(i);
  const uint32_t group = s.dims.group();
  const bool runs = Runs(i.metric, s.status());
  int64_t due = i.due_ms;
  switch (i.metric) {
    case SlaMetric::kFirstReplyTime:
      // Under first_reply_start = last_handoff the start moves with handoffs.
      i.start_ms = ToEpochMs(options_.first_reply_start == FirstReplyStart::kCreated
                                 ? s.created_at.get()
                                 : s.first_reply_start.get());
      due = AddTime(target, group, i.start_ms, target.target);
      break;
    case SlaMetric::kNextReplyTime:
    case SlaMetric::kPeriodicUpdateTime:
      // Single spans: measured on the calendar in force (as the metrics).
      due = AddTime(target, group, i.start_ms, target.target);
      break;
    case SlaMetric::kPausableUpdateTime: {
      // Segments: a pause or a group change (another calendar) closes one.
      if (i.state == SlaState::kActive && (!runs || group != group_before) && t_ms > i.segment_ms) {
        i.elapsed_calendar_ms += t_ms - i.segment_ms;
        i.elapsed_business_ms += Business(group_before, i.segment_ms, t_ms).count();
      }
      if (i.state != SlaState::kActive || !runs || group != group_before) {
        i.segment_ms = std::max(t_ms, i.segment_ms);
      }
      const int64_t done = target.business ? i.elapsed_business_ms : i.elapsed_calendar_ms;
      due = AddTime(target, group, i.segment_ms, target.target - Millis{done});
      break;
    }
    default: {
      const Clocks before = Accumulated(i.metric, s);
      const Millis done = target.business ? before.business : before.calendar;
      due = AddTime(target, group, ToEpochMs(s.status_since.get()), target.target - done);
      break;
    }
  }
  if (!runs && i.metric != SlaMetric::kFirstReplyTime && i.metric != SlaMetric::kNextReplyTime &&
      i.metric != SlaMetric::kPeriodicUpdateTime) {
    Unindex(key, i);
    i.state = SlaState::kPaused;
    return;
  }
  i.state = SlaState::kActive;
  if (!i.has(SlaInstance::kIndexed) || due != i.due_ms) {
    Unindex(key, i);
    i.due_ms = due;
    Index(key, i);
  }
  if (!i.breached() && i.due_ms < clock_ms_) RecordBreach(s.dims, i, +1);
}

void SlaTracker::Created(TicketKey key, const TicketState& s, Instant t) {
  // Assigned field by field: GCC 12 -O3 warns (maybe-uninitialized) on
  // assigning a temporary InlinedVector.
  SlaTicket& tk = tickets_sla_[key];
  tk.policy = -1;
  tk.last_reply_ms = -1;
  tk.instances.clear();
  ChoosePolicy(key, tk, s, t);
}

void SlaTracker::Applied(TicketKey key, const Before& before, const TicketState& s, EventType type,
                         Instant t, bool solved, bool reopened, bool merged,
                         const TicketDims& solved_dims) {
  const auto it = tickets_sla_.find(key);
  if (it == tickets_sla_.end() || before.merged) return;
  SlaTicket& tk = it->second;
  const int64_t t_ms = ToEpochMs(t);
  // The ticket's own time decides first: an active target it has run past is
  // breached before anything this event does (a solve or pause after the
  // due instant does not save it); a breach the clock recorded ahead of the
  // ticket's own events is taken back when the ticket is still within it.
  // Both count under the dimensions the ticket had until this event.
  for (SlaInstance& i : tk.instances) {
    if (i.state != SlaState::kActive) continue;
    if (i.breached() && t_ms <= i.due_ms) {
      RecordBreach(before.dims, i, -1);
    } else if (!i.breached() && i.due_ms < t_ms) {
      RecordBreach(before.dims, i, +1);
    }
  }
  // The open instances count under the ticket's dimensions from now on.
  const bool dims_changed = !(before.dims == s.dims);
  if (dims_changed) MoveOpen(tk, before.dims, s.dims, t_ms);
  if (merged) {
    for (SlaInstance& i : tk.instances) CloseWithoutOutcome(key, s, i, t_ms);
    return;
  }
  auto find = [&tk](SlaMetric m) -> SlaInstance* {
    for (SlaInstance& i : tk.instances) {
      if (i.metric == m) return &i;
    }
    return nullptr;
  };
  if (type == EventType::kAgentReply) {
    if (!before.first_reply_done && s.has(kFirstReplyDone)) {
      if (SlaInstance* i = find(SlaMetric::kFirstReplyTime)) Fulfil(key, s, *i, t_ms);
    }
    if (before.waiting && !s.has(kWaiting)) {
      if (SlaInstance* i = find(SlaMetric::kNextReplyTime)) Fulfil(key, s, *i, t_ms);
    }
    tk.last_reply_ms = t_ms;
    const uint32_t priority = s.dims.Get(Field::kPriority);
    for (SlaMetric m : {SlaMetric::kPeriodicUpdateTime, SlaMetric::kPausableUpdateTime}) {
      if (SlaInstance* i = find(m)) Fulfil(key, s, *i, t_ms);
      const int target = policies_.TargetFor(tk.policy, m, priority);
      if (target >= 0 && IsOpenStatus(s.status())) Start(key, tk, s, m, target, t_ms, t_ms);
    }
  } else if (type == EventType::kCustomerMessage && !before.waiting && s.has(kWaiting) &&
             s.agent_replies > 0) {
    const int target =
        policies_.TargetFor(tk.policy, SlaMetric::kNextReplyTime, s.dims.Get(Field::kPriority));
    if (target >= 0) {
      Start(key, tk, s, SlaMetric::kNextReplyTime, target, ToEpochMs(s.reply_wait_start.get()),
            t_ms);
    }
  }
  if (solved) {
    for (SlaInstance& i : tk.instances) {
      if (IsReplyType(i.metric)) {
        CloseWithoutOutcome(key, s, i, t_ms);
      } else {
        Fulfil(key, s, i, t_ms);
      }
    }
  }
  if (reopened) {
    for (SlaInstance& i : tk.instances) {
      if (Cumulative(i.metric)) Resume(key, s, solved_dims, i, t_ms);
    }
  }
  if (dims_changed || reopened) ChoosePolicy(key, tk, s, t);
  // Due instants move only with what they are computed from: the status
  // (pauses, accumulated time), the calendar (group) and the first-reply
  // start. Most events change none, and skip the calendar arithmetic.
  const uint32_t group_before = before.dims.group();
  const bool clocks_moved =
      before.status != s.status() || before.status_since.get() != s.status_since.get() ||
      group_before != s.dims.group() || before.first_reply_start.get() != s.first_reply_start.get();
  for (SlaInstance& i : tk.instances) {
    if (clocks_moved) {
      Refresh(key, s, i, t_ms, group_before);
    } else if (i.state == SlaState::kActive && !i.breached() && i.due_ms < clock_ms_) {
      RecordBreach(s.dims, i, +1);  // a breach taken back above that the clock has passed
    }
  }
}

void SlaTracker::Forget(TicketKey key) {
  const auto it = tickets_sla_.find(key);
  if (it == tickets_sla_.end()) return;
  for (SlaInstance& i : it->second.instances) Unindex(key, i);
  tickets_sla_.erase(it);
}

void SlaTracker::AdvanceTo(Instant now) {
  const int64_t now_ms = ToEpochMs(now);
  if (now_ms <= clock_ms_) return;
  if (now_ms <= next_due_ms_) {  // nothing due in [clock, now)
    clock_ms_ = now_ms;
    return;
  }
  // Every active instance due before the old clock is breached already: only
  // the range [old clock, now) is new.
  auto it = due_.lower_bound(DueKey{clock_ms_, 0, SlaMetric{}});
  for (; it != due_.end() && it->due_ms < now_ms; ++it) {
    SlaTicket& tk = tickets_sla_.find(it->ticket)->second;
    for (SlaInstance& i : tk.instances) {
      if (i.metric != it->metric || i.breached()) continue;
      const TicketState* s = tickets_.Find(it->ticket);
      i.set(SlaInstance::kBreached);
      if (s != nullptr) Emit(SlaSink::Outcome::kBreached, i.breach_ms(), s->dims, i, {}, {}, +1);
    }
  }
  clock_ms_ = now_ms;
  next_due_ms_ = it == due_.end() ? INT64_MAX : it->due_ms;
}

// ---------------------------------------------------------------- state

// clock, ticket count, then per ticket: key, policy + 1, last reply + 1,
// instance count, each instance's fields.
void SlaTracker::Encode(codec::ByteWriter& w) const {
  w.SignedVarint(clock_ms_);
  w.SignedVarint(advanced_ms_);
  w.Varint(tickets_sla_.size());
  for (const auto& [key, tk] : tickets_sla_) {
    w.Varint(key);
    w.Varint(static_cast<uint64_t>(tk.policy + 1));
    w.SignedVarint(tk.last_reply_ms);
    w.Varint(tk.instances.size());
    for (const SlaInstance& i : tk.instances) {
      for (int64_t v : {i.due_ms, i.start_ms, i.segment_ms, i.elapsed_calendar_ms,
                        i.elapsed_business_ms, i.applied_ms, i.fulfilled_ms}) {
        w.SignedVarint(v);
      }
      w.Varint(i.target);
      w.U8(static_cast<uint8_t>(i.metric));
      w.U8(static_cast<uint8_t>(i.state));
      w.U8(i.flags);
    }
  }
}

SlaTracker::Saved SlaTracker::Decode(codec::ByteReader& r) {
  Saved saved;
  saved.clock_ms = r.SignedVarint();
  saved.advanced_ms = r.SignedVarint();
  const uint64_t n = r.Count(4);
  for (uint64_t t = 0; t < n && r.ok(); ++t) {
    auto& [key, tk] = saved.tickets.emplace_back();
    key = r.Varint();
    const uint64_t policy = r.Varint();
    r.Check(policy <= 0x7FFF, "SLA policy index out of range");
    tk.policy = static_cast<int16_t>(static_cast<int64_t>(policy) - 1);
    tk.last_reply_ms = r.SignedVarint();
    const uint64_t instances = r.Count(10);
    r.Check(instances <= kSlaMetricCount, "too many SLA instances for a ticket");
    for (uint64_t k = 0; k < instances && r.ok(); ++k) {
      SlaInstance& i = tk.instances.emplace_back();
      for (int64_t* v : {&i.due_ms, &i.start_ms, &i.segment_ms, &i.elapsed_calendar_ms,
                         &i.elapsed_business_ms, &i.applied_ms, &i.fulfilled_ms}) {
        *v = r.SignedVarint();
      }
      const uint64_t target = r.Varint();
      r.Check(target <= 0xFFFF, "SLA target index out of range");
      i.target = static_cast<uint16_t>(target);
      const uint8_t metric = r.U8();
      const uint8_t state = r.U8();
      i.flags = r.U8();
      r.Check(metric < kSlaMetricCount && state <= 2 && i.flags < 8, "bad SLA instance");
      i.metric = static_cast<SlaMetric>(metric);
      i.state = static_cast<SlaState>(state);
    }
  }
  return saved;
}

void SlaTracker::Remap(Saved& saved, IdMap& ids) {
  for (auto& [key, tk] : saved.tickets) key = ids.Key(key);
}

absl::Status SlaTracker::CheckDisjoint(Saved& saved) const {
  for (const auto& [key, tk] : saved.tickets) {
    if (tickets_sla_.contains(key)) {
      return absl::FailedPreconditionError(
          "engine states share a ticket's SLA targets: cannot merge");
    }
    if (tk.policy >= static_cast<int>(policies_.size())) {
      return absl::DataLossError("engine state names an SLA policy its config does not have");
    }
    for (const SlaInstance& i : tk.instances) {
      if (i.target >= policies_.target_count() || TargetOf(i).metric != i.metric) {
        return absl::DataLossError("engine state names an SLA target its config does not have");
      }
    }
  }
  return absl::OkStatus();
}

void SlaTracker::Add(Saved&& saved) {
  // Our clock moves to theirs first (breaching ours it passes), then their
  // active instances meet the merged clock.
  AdvanceTo(FromEpochMs(saved.clock_ms));
  advanced_ms_ = std::max(advanced_ms_, saved.advanced_ms);
  for (auto& [key, tk] : saved.tickets) {
    SlaTicket& mine = tickets_sla_[key];
    mine = std::move(tk);
    const TicketState* s = tickets_.Find(key);
    for (SlaInstance& i : mine.instances) {
      i.set(SlaInstance::kIndexed, false);
      if (i.state != SlaState::kActive) continue;
      Index(key, i);
      if (!i.breached() && i.due_ms < clock_ms_) {
        i.set(SlaInstance::kBreached);
        if (s != nullptr) Emit(SlaSink::Outcome::kBreached, i.breach_ms(), s->dims, i, {}, {}, +1);
      }
    }
  }
}

size_t SlaTracker::MemoryBytes() const {
  size_t bytes = tickets_sla_.capacity() * (sizeof(TicketKey) + sizeof(SlaTicket) + 1);
  for (const auto& [key, tk] : tickets_sla_) {
    if (tk.instances.size() > 3) bytes += tk.instances.capacity() * sizeof(SlaInstance);
  }
  // A B-tree node holds about 2/3 of its capacity.
  bytes += due_.size() * sizeof(DueKey) * 3 / 2;
  return bytes;
}

}  // namespace csm
