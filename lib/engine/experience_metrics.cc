#include "csm/engine/internal/experience_metrics.h"

#include <algorithm>
#include <cmath>

namespace csm {
namespace {

bool IsInteger(double v) { return std::floor(v) == v; }

ExperienceSample Of(ExperienceSampleKind kind) {
  ExperienceSample s;
  s.kind = kind;
  return s;
}

}  // namespace

bool ExperienceTracker::ValidRating(const csm::Event& e, const EngineOptions& options) {
  int lo = 0, hi = 0;
  switch (e.type) {
    case EventType::kCsat:
      lo = 1;
      hi = options.csat_scale;
      break;
    case EventType::kCes:
      lo = 1;
      hi = 7;
      break;
    case EventType::kNps:
      lo = 0;
      hi = 10;
      break;
    default:
      return true;
  }
  return e.value && std::isfinite(*e.value) && IsInteger(*e.value) && *e.value >= lo &&
         *e.value <= hi;
}

uint64_t ExperienceTracker::NameHash(Field f, uint32_t id) const { return names_.NameHash(f, id); }

// Numeric keys are the caller's own, the same in every engine; named
// tickets are known by their name.
uint64_t ExperienceTracker::TicketHash(TicketKey key) const {
  if (!IsNamedTicket(key)) return key;
  return NameHash(Field::kTicket, static_cast<uint32_t>(key & ~kNamedTicketBit)) | kNamedTicketBit;
}

void ExperienceTracker::Prefetch(const Event& e) const {
  switch (e.type) {
    case EventType::kCreated:
      if (e.customer != 0) {
        if (needs_.repeat_contacts) last_created_.prefetch(e.customer);
        if (needs_.created_names) names_.PrefetchNameHash(Field::kCustomer, e.customer);
      }
      if (e.agent != 0 && needs_.assigned_time) assigned_since_.prefetch(e.ticket);
      break;
    case EventType::kAssigned:
    case EventType::kUpdated:
    case EventType::kStatus:  // a solve closes the assignment span
      if (needs_.assigned_time) assigned_since_.prefetch(e.ticket);
      break;
    default:
      break;
  }
}

void ExperienceTracker::Created(TicketKey key, TicketState& s) {
  const Instant created = s.created_at.get();
  const int64_t created_ms = ToEpochMs(created);
  ExperienceSample sample;
  sample.kind = ExperienceSampleKind::kTicketCreated;
  const uint32_t customer = s.dims.Get(Field::kCustomer);
  if (customer != 0 && needs_.repeat_contacts) {
    auto [it, inserted] = last_created_.try_emplace(customer, created_ms);
    if (!inserted) {
      const int64_t last = it->second;
      sample.repeat = last <= created_ms && created_ms - last <= options_.repeat_window.count();
      it->second = std::max(last, created_ms);
    }
    if (sample.repeat) s.set(kRepeatContact);
  }
  if (needs_.created_names) {
    if (customer != 0) sample.customer = NameHash(Field::kCustomer, customer);
    sample.channel = NameHash(Field::kChannel, s.dims.Get(Field::kChannel));
    sample.category = NameHash(Field::kCategory, s.dims.Get(Field::kCategory));
  }
  Emit(created, s.dims, sample, +1);
  if (s.dims.agent() != 0) {
    if (needs_.assigned_time) assigned_since_[key] = created_ms;
    Emit(created, s.dims, Of(ExperienceSampleKind::kAssigned), +1);
  }
}

void ExperienceTracker::CloseSpan(TicketKey key, const TicketDims& dims, const TicketState& s,
                                  Instant t) {
  if (!needs_.assigned_time) return;
  auto it = assigned_since_.find(key);
  if (it == assigned_since_.end()) return;
  const Instant since = FromEpochMs(it->second);
  assigned_since_.erase(it);
  ExperienceSample sample = Of(ExperienceSampleKind::kAssignedTime);
  sample.span = {t - since, calendars_.Business(dims.group(), since, t)};
  Emit(Bucket(s, t), dims, sample, +1);
}

void ExperienceTracker::AgentChanged(TicketKey key, const TicketState& s, const TicketDims& next,
                                     Instant t) {
  CloseSpan(key, s.dims, s, t);
  if (next.agent() == 0) return;
  if (needs_.assigned_time) assigned_since_[key] = ToEpochMs(t);
  Emit(Bucket(s, t), next, Of(ExperienceSampleKind::kAssigned), +1);
}

void ExperienceTracker::Replied(TicketKey key, const TicketState& s, uint32_t replier, Instant t,
                                const std::optional<ClockPair>& first_reply,
                                const std::optional<ClockPair>& reply) {
  TicketDims dims = s.dims;
  if (replier != 0) dims.Set(Field::kAgent, replier);
  ExperienceSample sample = Of(ExperienceSampleKind::kAgentReply);
  sample.key = TicketHash(key);
  sample.first_reply = first_reply;
  sample.reply = reply;
  Emit(Bucket(s, t), dims, sample, +1);
}

void ExperienceTracker::OnEvent(TicketKey key, const TicketState& s, const csm::Event& e,
                                Instant t) {
  ExperienceSample sample;
  TicketDims dims = s.dims;
  switch (e.type) {
    case EventType::kCsat:
    case EventType::kCes:
    case EventType::kNps:
      sample.kind = ExperienceSampleKind::kRating;
      sample.rating = e.type;
      sample.value = static_cast<int>(*e.value);
      break;
    case EventType::kSurveySent:
      sample.kind = ExperienceSampleKind::kSurveySent;
      break;
    case EventType::kWorkflow:
      sample.kind = ExperienceSampleKind::kWorkflow;
      sample.key = NameHash(Field::kWorkflow, e.workflow);
      if (e.agent != 0) dims.Set(Field::kAgent, e.agent);  // who used it
      break;
    case EventType::kAnswered:
      sample.kind = ExperienceSampleKind::kHandled;
      sample.key = TicketHash(key);
      if (e.agent != 0) dims.Set(Field::kAgent, e.agent);
      if (dims.agent() == 0) return;
      break;
    default:
      return;
  }
  Emit(Bucket(s, t), dims, sample, +1);
}

void ExperienceTracker::Solved(TicketKey key, const TicketState& s, Instant t) {
  CloseSpan(key, s.dims, s, t);
  if (s.dims.agent() != 0) {
    Emit(Bucket(s, t), s.dims, Of(ExperienceSampleKind::kSolvedAssigned), +1);
  }
}

void ExperienceTracker::Reopened(TicketKey key, const TicketState& s, Instant t) {
  if (needs_.assigned_time && s.dims.agent() != 0) assigned_since_[key] = ToEpochMs(t);
}

void ExperienceTracker::Merged(TicketKey key, const TicketState& s) {
  assigned_since_.erase(key);  // a merged ticket is out of every metric
  ExperienceSample sample = Of(ExperienceSampleKind::kTicketCreated);
  const TicketDims& d = s.created_dims;
  sample.repeat = s.has(kRepeatContact);
  if (needs_.created_names) {  // the very sample Created emitted
    sample.customer = NameHash(Field::kCustomer, d.Get(Field::kCustomer));
    sample.channel = NameHash(Field::kChannel, d.Get(Field::kChannel));
    sample.category = NameHash(Field::kCategory, d.Get(Field::kCategory));
  }
  Emit(s.created_at.get(), d, sample, -1);
}

size_t ExperienceTracker::MemoryBytes() const {
  size_t bytes = last_created_.capacity() * (sizeof(std::pair<uint32_t, int64_t>) + 1) +
                 assigned_since_.capacity() * (sizeof(std::pair<TicketKey, int64_t>) + 1);
  return bytes;
}

// Customers' latest ticket creation (count, then customer id, signed ms),
// assignment clocks (count, then ticket key, signed ms).
void ExperienceTracker::Encode(codec::ByteWriter& w) const {
  w.Varint(last_created_.size());
  for (const auto& [customer, ms] : last_created_) {
    w.Varint(customer);
    w.SignedVarint(ms);
  }
  w.Varint(assigned_since_.size());
  for (const auto& [key, ms] : assigned_since_) {
    w.Varint(key);
    w.SignedVarint(ms);
  }
}

ExperienceTracker::Saved ExperienceTracker::Decode(codec::ByteReader& r) {
  Saved saved;
  const uint64_t customers = r.Count(2);
  for (uint64_t i = 0; i < customers && r.ok(); ++i) {
    const uint64_t id = r.Varint();
    r.Check(id <= MaxFieldIds(Field::kCustomer), "customer id out of range");
    saved.last_created.emplace_back(static_cast<uint32_t>(id), r.SignedVarint());
  }
  const uint64_t clocks = r.Count(2);
  for (uint64_t i = 0; i < clocks && r.ok(); ++i) {
    const TicketKey key = r.Varint();
    saved.assigned_since.emplace_back(key, r.SignedVarint());
  }
  return saved;
}

void ExperienceTracker::Remap(Saved& saved, IdMap& map) {
  for (auto& [customer, ms] : saved.last_created) customer = map.Id(Field::kCustomer, customer);
  for (auto& [key, ms] : saved.assigned_since) key = map.Key(key);
}

void ExperienceTracker::Add(Saved&& saved) {
  for (const auto& [customer, ms] : saved.last_created) {
    auto [it, inserted] = last_created_.try_emplace(customer, ms);
    if (!inserted) it->second = std::max(it->second, ms);
  }
  for (const auto& [key, ms] : saved.assigned_since) assigned_since_[key] = ms;
}

}  // namespace csm
