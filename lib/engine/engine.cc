#include "csm/engine/engine.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "csm/engine/internal/engine_impl.h"

namespace csm {
namespace {

// `dims` with the dimensions `e` names (what TicketLifecycle gives a ticket).
TicketDims WithEventDims(TicketDims dims, const Event& e) {
  for (Field f : kDimensions) {
    if (const uint32_t id = e.Id(f); id != 0) dims.Set(f, id);
  }
  return dims;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(std::string_view config_json) {
  absl::StatusOr<EngineConfig> config = EngineConfig::FromJson(config_json);
  if (!config.ok()) return config.status();
  return Create(*config);
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(const EngineConfig& config) {
  absl::StatusOr<std::unique_ptr<EngineImpl>> impl = EngineImpl::Create(config);
  if (!impl.ok()) return impl.status();
  return std::unique_ptr<Engine>(new Engine(*std::move(impl)));
}

Engine::Engine(std::unique_ptr<EngineImpl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

// The façade: each call goes to the implementation.
const EngineConfig& Engine::config() const { return impl_->config(); }
absl::StatusOr<uint32_t> Engine::Intern(Field field, std::string_view name) {
  return impl_->Intern(field, name);
}
absl::StatusOr<TicketKey> Engine::NamedTicket(std::string_view name) {
  return impl_->NamedTicket(name);
}
IngestResult Engine::Ingest(std::span<const Event> events) { return impl_->Ingest(events); }
std::optional<RejectReason> Engine::Ingest(const Event& event) { return impl_->Ingest(event); }
IngestResult Engine::IngestJsonl(std::string_view text) { return impl_->IngestJsonl(text); }
uint64_t Engine::rejected(RejectReason r) const { return impl_->rejected(r); }
uint64_t Engine::rejected_total() const { return impl_->rejected_total(); }
size_t Engine::live_tickets() const { return impl_->live_tickets(); }
size_t Engine::released_tickets() const { return impl_->released_tickets(); }
Instant Engine::watermark() const { return impl_->watermark(); }
Instant Engine::clock() const { return impl_->clock(); }
absl::Status Engine::AdvanceClock(Instant now) { return impl_->AdvanceClock(now); }
Engine::MemoryUsage Engine::Memory() const { return impl_->Memory(); }

absl::StatusOr<std::unique_ptr<EngineImpl>> EngineImpl::Create(const EngineConfig& config) {
  absl::StatusOr<ViewSet> views = ViewSet::Create(config);
  if (!views.ok()) return views.status();
  std::unique_ptr<EngineImpl> engine(new EngineImpl(config, *std::move(views)));
  absl::StatusOr<CalendarSet> calendars = CalendarSet::Create(config, engine->interned_);
  if (!calendars.ok()) return calendars.status();
  engine->calendars_ = *std::move(calendars);
  if (absl::Status s = engine->sla_.Configure(config.sla_policies, engine->interned_); !s.ok()) {
    return s;
  }
  return engine;
}

EngineImpl::EngineImpl(EngineConfig config, ViewSet views)
    : config_(std::move(config)),
      views_(std::move(views)),
      experience_(config_.options, calendars_, interned_, views_),
      lifecycle_(config_.options, calendars_, views_, stations_, experience_),
      contacts_(config_.options, calendars_, views_),
      tickets_(config_.options),
      sla_(config_.options, calendars_, tickets_.live(), &views_) {
  interned_.set_max_ids(config_.options.max_distinct_values);
  // The experience bookkeeping only for what some view keeps.
  const MetricSet kept = views_.recorded();
  ExperienceSample created;
  created.kind = ExperienceSampleKind::kTicketCreated;
  experience_.set_needs({.repeat_contacts = kept.Has(Metric::kRepeatContactRate),
                         .assigned_time = kept.Has(Metric::kAssignedTime),
                         .created_names = kept.HasAny(ViewSet::Feeds(created))});
}

absl::StatusOr<uint32_t> EngineImpl::Intern(Field field, std::string_view name) {
  if (field == Field::kTicket) {
    return absl::InvalidArgumentError("tickets are keys: use NamedTicket()");
  }
  return interned_.Intern(field, name);
}

absl::StatusOr<TicketKey> EngineImpl::NamedTicket(std::string_view name) {
  absl::StatusOr<uint32_t> id = interned_.Intern(Field::kTicket, name);
  if (!id.ok()) return id.status();
  return NamedTicketKey(*id);
}

uint64_t EngineImpl::rejected_total() const {
  uint64_t total = 0;
  for (uint64_t n : rejected_) total += n;
  return total;
}

const TicketState* EngineImpl::FindTicket(TicketKey key) const { return tickets_.live().Find(key); }

IngestResult EngineImpl::Ingest(std::span<const Event> events) { return IngestAt(events, {}); }

IngestResult EngineImpl::IngestAt(std::span<const Event> events,
                                  std::span<const Instant> watermarks) {
  IngestResult result;
  const bool stream_watermark = !watermarks.empty();
  const TicketTable& tickets = tickets_.live();
  // Look ahead so the ticket's state is in cache when we get there: with a
  // million live tickets nearly every lookup would miss otherwise. The map's
  // probe group is fetched 16 events ahead, the state it points to 8 ahead;
  // the experience tracker's lookups (customer, assignment clock) 16 ahead.
  constexpr size_t kGroupAhead = 16;
  constexpr size_t kStateAhead = 8;
  const size_t n = events.size();
  for (size_t i = 0; i < std::min(kGroupAhead, n); ++i) {
    tickets.Prefetch(events[i].ticket);
    experience_.Prefetch(events[i]);
    if (sla_.enabled()) sla_.Prefetch(events[i].ticket);
  }
  for (size_t i = 0; i < std::min(kStateAhead, n); ++i) tickets.PrefetchState(events[i].ticket);
  for (size_t i = 0; i < n; ++i) {
    if (i + kGroupAhead < n) {
      tickets.Prefetch(events[i + kGroupAhead].ticket);
      experience_.Prefetch(events[i + kGroupAhead]);
      if (sla_.enabled()) sla_.Prefetch(events[i + kGroupAhead].ticket);
    }
    if (i + kStateAhead < n) tickets.PrefetchState(events[i + kStateAhead].ticket);
    if (stream_watermark) Advance(watermarks[i]);
    if (std::optional<RejectReason> r = Ingest(events[i])) {
      result.Reject(i, *r);
    } else {
      result.Accept();
    }
  }
  return result;
}

std::optional<RejectReason> EngineImpl::Ingest(const Event& event) {
  std::optional<RejectReason> reason = Apply(event);
  if (reason) ++rejected_[static_cast<int>(*reason)];
  return reason;
}

bool EngineImpl::IdsKnown(const Event& e) const {
  for (int i = 0; i < kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    if (f == Field::kTicket) continue;
    if (e.Id(f) > interned_.size(f)) return false;
  }
  if (IsNamedTicket(e.ticket)) {
    const TicketKey id = e.ticket & ~kNamedTicketBit;
    if (id == 0 || id > interned_.size(Field::kTicket)) return false;
  }
  return true;
}

std::optional<RejectReason> EngineImpl::Apply(const Event& e) {
  if (std::optional<RejectReason> r = TicketLifecycle::CheckFields(e)) return r;
  if (!ExperienceTracker::ValidRating(e, config_.options)) return RejectReason::kInvalidField;
  if (!IdsKnown(e)) return RejectReason::kInvalidField;
  // After AdvanceClock(now) the past before now - allowed_lateness is closed.
  if (e.time + config_.options.allowed_lateness < sla_.advanced()) return RejectReason::kOutOfOrder;
  if (!IsTicketless(e.type)) {
    if (std::optional<RejectReason> r = ApplyToTicket(e)) return r;
  } else if (!GroupsAdmit(e, nullptr)) {
    return RejectReason::kLimitExceeded;
  } else if (e.type == EventType::kAgentState) {
    if (std::optional<RejectReason> r = contacts_.AgentStateChange(e)) return r;
  } else if (e.type == EventType::kCost) {
    contacts_.Cost(e);
  }
  tickets_.SawEvent(e.time);
  Advance(e.time);
  return std::nullopt;
}

std::optional<RejectReason> EngineImpl::ApplyToTicket(const Event& e) {
  TicketTable& tickets = tickets_.live();
  if (e.type == EventType::kCreated) {
    if (tickets_.released(e.ticket)) return RejectReason::kTicketReleased;
    if ((tickets.size() >= config_.options.max_open_tickets || !GroupsAdmit(e, nullptr)) &&
        tickets.Find(e.ticket) == nullptr) {
      return RejectReason::kLimitExceeded;
    }
    auto [state, inserted] = tickets.Insert(e.ticket);
    if (!inserted) return RejectReason::kDuplicateCreated;
    lifecycle_.Open(e.ticket, *state, e);
    if (sla_.enabled()) sla_.Created(e.ticket, *state, e.time);
    return std::nullopt;
  }
  TicketState* state = tickets.Find(e.ticket);
  if (state == nullptr) {
    return tickets_.released(e.ticket) ? RejectReason::kTicketReleased
                                       : RejectReason::kUnknownTicket;
  }
  TicketState& s = *state;
  const Instant last = s.last_event_at.get();
  if (e.time + config_.options.allowed_lateness < last) return RejectReason::kOutOfOrder;
  if (IsSolvedOrClosed(s.status()) &&
      e.time > s.status_since.get() + config_.options.reopen_window) {
    return RejectReason::kTicketReleased;
  }
  const bool contact_event = IsContactEvent(e.type) && !s.has(kMerged);
  if (contact_event) {
    if (std::optional<RejectReason> r = contacts_.Check(e.ticket, e)) return r;
  }
  if (!GroupsAdmit(e, &s)) return RejectReason::kLimitExceeded;
  // Accepted from here on.
  const Instant t = std::max(e.time, last);
  auto& solve_snapshots = tickets_.solve_snapshots();
  const TicketState* previous_solve = nullptr;
  if (s.has(kSolveSamplesOut)) {
    if (s.has(kSnapshotSaved)) {
      previous_solve = &solve_snapshots.at(e.ticket);
    } else if (TicketLifecycle::ChangesSolveInputs(s, e)) {
      TicketState& saved = solve_snapshots[e.ticket];
      saved = s;
      s.set(kSnapshotSaved);
      previous_solve = &saved;
    }
  }
  // The SLA tracker compares the state before and after the event.
  std::optional<SlaTracker::Before> before;
  if (sla_.enabled()) before = SlaTracker::Before::Of(s);
  const TicketLifecycle::Change change = lifecycle_.Apply(e.ticket, s, e, t, previous_solve);
  if (contact_event) contacts_.Apply(e.ticket, s, e, t);
  s.last_event_at.set(t);
  if (sla_.enabled()) {
    // A reopen takes back what the latest solve counted, under its dimensions.
    const TicketDims& solved_dims = previous_solve != nullptr ? previous_solve->dims : before->dims;
    sla_.Applied(e.ticket, *before, s, e.type, t, change == TicketLifecycle::Change::kSolved,
                 change == TicketLifecycle::Change::kReopened,
                 change == TicketLifecycle::Change::kMerged, solved_dims);
  }
  if (change == TicketLifecycle::Change::kSolved || change == TicketLifecycle::Change::kMerged) {
    if (previous_solve != nullptr) solve_snapshots.erase(e.ticket);
    if (change == TicketLifecycle::Change::kMerged) {
      // A merged ticket never solves again: nothing left to retract.
      s.set(kSolveSamplesOut, false);
      s.set(kSnapshotSaved, false);
    }
    tickets_.ScheduleRelease(e.ticket, s);
  }
  return std::nullopt;
}

bool EngineImpl::GroupsAdmit(const Event& e, const TicketState* s) const {
  if (!views_.NearGroupLimit()) return true;
  const TicketDims dims = WithEventDims(s == nullptr ? TicketDims{} : s->dims, e);
  if (s == nullptr || !IsContactEvent(e.type) || s->has(kMerged)) {
    return views_.AdmitsGroups({dims});
  }
  // A call's samples carry its queue's group and the answering agent
  // (ContactLifecycle::DimsOf).
  TicketDims call = dims;
  uint32_t queue = e.group;
  if (queue == 0) {
    const auto it = contacts_.contacts().find(e.ticket);
    if (it != contacts_.contacts().end()) queue = it->second.group;
  }
  if (queue != 0) call.Set(Field::kGroup, queue);
  return views_.AdmitsGroups({dims, call});
}

void EngineImpl::Advance(Instant t) {
  tickets_.Advance(t, [this](TicketKey key) { ForgetReleased(key); });
  if (sla_.enabled()) sla_.AdvanceTo(t);
}

void EngineImpl::ReleaseDue() {
  tickets_.ReleaseDue([this](TicketKey key) { ForgetReleased(key); });
}

void EngineImpl::ForgetReleased(TicketKey key) {
  stations_.Forget(key);
  contacts_.Forget(key);
  if (sla_.enabled()) sla_.Forget(key);
}

absl::Status EngineImpl::AdvanceClock(Instant now) {
  if (!InSupportedRange(now)) {
    return absl::OutOfRangeError("clock: the instant is outside 1970-01-01 .. 2200-01-01");
  }
  if (now < clock()) {
    return absl::OutOfRangeError(absl::StrCat("clock: ", ToEpochMs(now),
                                              " ms is earlier than the engine's clock (",
                                              ToEpochMs(clock()), " ms)"));
  }
  sla_.set_advanced(now);
  Advance(now);
  sla_.AdvanceTo(now);
  return absl::OkStatus();
}

Engine::MemoryUsage EngineImpl::Memory() const {
  Engine::MemoryUsage m;
  m.tickets = tickets_.LiveBytes();
  m.snapshots = tickets_.SnapshotBytes() + stations_.MemoryBytes();
  m.released = tickets_.ReleasedBytes();
  for (const View& v : views_.views()) m.views += v.MemoryBytes();
  m.interned = interned_.MemoryBytes();
  m.contacts = contacts_.MemoryBytes();
  m.experience = experience_.MemoryBytes();
  m.sla = sla_.MemoryBytes();
  return m;
}

}  // namespace csm
