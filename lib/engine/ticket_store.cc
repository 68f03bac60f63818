#include "csm/engine/internal/ticket_store.h"

#include "absl/strings/str_cat.h"

namespace csm {

void TicketStore::ScheduleRelease(TicketKey key, const TicketState& s) {
  const ReleaseAt entry{ToEpochMs(s.status_since.get() + options_.reopen_window), key};
  if (release_queue_.empty() || release_queue_.back().at_ms <= entry.at_ms) {
    release_queue_.push_back(entry);
  } else {
    late_releases_.push(entry);
  }
}

void TicketStore::PrefetchDue() {
  // The next due tickets were last touched at their solve, long ago: fetch
  // their index entries, then their states, a few releases ahead (like
  // Engine::Ingest does for events), so releasing them does not wait on
  // memory.
  constexpr size_t kGroupAhead = 4;
  constexpr size_t kStateAhead = 2;
  const size_t queued = release_queue_.size();
  for (; release_states_ahead_ < std::min(kStateAhead, queued); ++release_states_ahead_) {
    live_.PrefetchState(release_queue_[release_states_ahead_].key);
  }
  for (; release_groups_ahead_ < std::min(kGroupAhead, queued); ++release_groups_ahead_) {
    const TicketKey key = release_queue_[release_groups_ahead_].key;
    live_.Prefetch(key);
    released_.prefetch(key);
  }
  // Forgetting is as random: prefetch the next keys' slots too.
  constexpr size_t kForgetAhead = 4;
  for (const size_t n = std::min(kForgetAhead, forget_queue_.size()); forgets_ahead_ < n;
       ++forgets_ahead_) {
    released_.prefetch(forget_queue_[forgets_ahead_].key);
  }
}

size_t TicketStore::SnapshotBytes() const {
  // flat_hash_map: one slot plus one control byte per capacity entry.
  constexpr size_t kSlot = sizeof(std::pair<const TicketKey, TicketState>);
  return solve_snapshots_.capacity() * (kSlot + 1);
}

size_t TicketStore::ReleasedBytes() const {
  return released_.MemoryBytes() +
         (release_queue_.size() + late_releases_.size() + forget_queue_.size()) * sizeof(ReleaseAt);
}

namespace {

void PutState(codec::ByteWriter& w, const TicketState& s) {
  for (const PackedInstant* t : {&s.created_at, &s.last_event_at, &s.status_since,
                                 &s.reply_wait_start, &s.first_reply_start}) {
    w.SignedVarint(t->ms.get());
  }
  for (const PackedMillis* d :
       {&s.longest_reply_calendar, &s.longest_reply_business, &s.open_calendar, &s.open_business,
        &s.hold_calendar, &s.hold_business, &s.pending_calendar, &s.pending_business}) {
    w.SignedVarint(d->ms.get());
  }
  codec::PutDims(w, s.dims);
  codec::PutDims(w, s.created_dims);
  w.Varint(s.other_agent_id());
  w.Varint(s.other_group);
  w.Varint(s.agent_replies);
  w.Varint(s.customer_messages);
  w.Varint(s.status_flags);
  w.Varint(s.reopens);
  w.Varint(s.stations);
}

TicketState GetState(codec::ByteReader& r) {
  TicketState s;
  for (PackedInstant* t : {&s.created_at, &s.last_event_at, &s.status_since, &s.reply_wait_start,
                           &s.first_reply_start}) {
    t->ms.set(r.SignedVarint());
  }
  for (PackedMillis* d :
       {&s.longest_reply_calendar, &s.longest_reply_business, &s.open_calendar, &s.open_business,
        &s.hold_calendar, &s.hold_business, &s.pending_calendar, &s.pending_business}) {
    d->ms.set(r.SignedVarint());
  }
  s.dims = codec::GetDims(r);
  s.created_dims = codec::GetDims(r);
  const uint64_t other_agent = r.Varint();
  const uint64_t other_group = r.Varint();
  const uint64_t replies = r.Varint();
  const uint64_t messages = r.Varint();
  const uint64_t flags = r.Varint();
  const uint64_t reopens = r.Varint();
  const uint64_t stations = r.Varint();
  r.Check(other_agent <= MaxFieldIds(Field::kAgent) && other_group <= 0xFFFF && replies <= 0xFFFF &&
              messages <= 0xFFFF && flags <= 0xFFFF && reopens <= 0xFF && stations <= 0xFF,
          "ticket state field out of range");
  r.Check((flags & 7) >= 1 && (flags & 7) <= kTicketStatusCount, "bad ticket status");
  s.set_other_agent_id(static_cast<uint32_t>(other_agent));
  s.other_group = static_cast<uint16_t>(other_group);
  s.agent_replies = static_cast<uint16_t>(replies);
  s.customer_messages = static_cast<uint16_t>(messages);
  s.status_flags = static_cast<uint16_t>(flags);
  s.reopens = static_cast<uint8_t>(reopens);
  s.stations = static_cast<uint8_t>(stations);
  return s;
}

}  // namespace

// Watermark (signed varint ms); the first and last event times (varint 0, or
// 1 then two signed varints ms); live tickets, then snapshots: count, then
// (key varint, TicketState fields); released keys: count, keys (named ones
// by id, then numbered ones).
void TicketStore::Encode(codec::ByteWriter& w) const {
  w.SignedVarint(ToEpochMs(watermark_));
  const std::optional<Instant> first = first_event(), last = last_event();
  w.Varint(first ? 1 : 0);
  if (first) {
    w.SignedVarint(ToEpochMs(*first));
    w.SignedVarint(ToEpochMs(*last));
  }
  w.Varint(live_.size());
  live_.ForEach([&](TicketKey key, const TicketState& state) {
    w.Varint(key);
    PutState(w, state);
  });
  w.Varint(solve_snapshots_.size());
  for (const auto& [key, state] : solve_snapshots_) {
    w.Varint(key);
    PutState(w, state);
  }
  w.Varint(released_.size());
  released_.ForEach([&](TicketKey key) { w.Varint(key); });
}

TicketStore::Saved TicketStore::Decode(codec::ByteReader& r) {
  Saved saved;
  saved.watermark_ms = r.SignedVarint();
  r.Check(InSupportedRange(FromEpochMs(saved.watermark_ms)), "watermark outside 1970..2200");
  const uint64_t has_events = r.Varint();
  r.Check(has_events <= 1, "bad event span flag");
  if (has_events == 1) {
    const int64_t first = r.SignedVarint();
    const int64_t last = r.SignedVarint();
    r.Check(InSupportedRange(FromEpochMs(first)) && InSupportedRange(FromEpochMs(last)) &&
                first <= last,
            "event span outside 1970..2200");
    saved.event_span_ms.emplace(first, last);
  }
  for (auto* list : {&saved.live, &saved.snapshots}) {
    const uint64_t n = r.Count(20);
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      const TicketKey key = r.Varint();
      list->emplace_back(key, GetState(r));
    }
  }
  const uint64_t released = r.Count(1);
  for (uint64_t i = 0; i < released && r.ok(); ++i) saved.released.push_back(r.Varint());
  return saved;
}

void TicketStore::Remap(Saved& saved, IdMap& map) {
  for (auto* list : {&saved.live, &saved.snapshots}) {
    for (auto& [key, s] : *list) {
      key = map.Key(key);
      s.dims = map.Dims(s.dims);
      s.created_dims = map.Dims(s.created_dims);
      s.set_other_agent_id(map.Id(Field::kAgent, s.other_agent_id()));
      s.other_group = static_cast<uint16_t>(map.Id(Field::kGroup, s.other_group));
    }
  }
  for (TicketKey& key : saved.released) key = map.Key(key);
}

absl::Status TicketStore::CheckDisjoint(Saved& saved) const {
  // A ticket live or released on both sides would be counted twice
  // (merging one state twice gets here).
  for (const auto& [key, s] : saved.live) {
    if (live_.contains(key) || released_.contains(key)) {
      return absl::FailedPreconditionError("engine states share a ticket: cannot merge");
    }
  }
  if (live_.size() + saved.live.size() > options_.max_open_tickets) {
    return absl::ResourceExhaustedError(
        absl::StrCat("merging would exceed max_open_tickets (", options_.max_open_tickets, ")"));
  }
  for (TicketKey key : saved.released) {
    if (live_.contains(key) || released_.contains(key)) {
      return absl::FailedPreconditionError("engine states share a ticket: cannot merge");
    }
  }
  return absl::OkStatus();
}

void TicketStore::Add(Saved&& saved) {
  if (saved.event_span_ms) {
    SawEvent(FromEpochMs(saved.event_span_ms->first));
    SawEvent(FromEpochMs(saved.event_span_ms->second));
  }
  for (auto& [key, s] : saved.live) {
    *live_.Insert(key).first = s;
    if (IsSolvedOrClosed(s.status())) ScheduleRelease(key, s);
  }
  for (auto& [key, s] : saved.snapshots) solve_snapshots_.emplace(key, s);
  // Release times are not in the state: merged keys are remembered from the
  // merged watermark on (a little longer than the original would).
  const int64_t forget_at =
      std::max(ToEpochMs(watermark_), saved.watermark_ms) + options_.forget_released_after.count();
  for (TicketKey key : saved.released) {
    if (released_.insert(key)) forget_queue_.push_back({forget_at, key});
  }
}

}  // namespace csm
