// TicketStore: the engine's tickets over time. The live tickets (a
// TicketTable), the state saved at a ticket's latest solve (for retraction),
// the keys of released tickets, the watermark (the latest event time
// accepted), and when each solved ticket is due for release and each
// released key is forgotten. The Engine applies the rules; the store keeps
// the tickets and releases them as the watermark moves.
#ifndef CSM_ENGINE_INTERNAL_TICKET_STORE_H_
#define CSM_ENGINE_INTERNAL_TICKET_STORE_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/merge_protocol.h"
#include "csm/engine/internal/released_keys.h"
#include "csm/engine/internal/ticket_table.h"
#include "csm/model/event.h"
#include "csm/model/huge_page_containers.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/time.h"

namespace csm {

class TicketStore {
 public:
  explicit TicketStore(const EngineOptions& options) : options_(options) {}

  TicketTable& live() { return live_; }
  const TicketTable& live() const { return live_; }
  // The state at a ticket's latest solve, saved when the ticket changes
  // after it, so a re-solve retracts exactly what that solve added.
  HugeFlatHashMap<TicketKey, TicketState>& solve_snapshots() { return solve_snapshots_; }
  bool released(TicketKey key) const { return released_.contains(key); }
  size_t released_count() const { return released_.size(); }
  Instant watermark() const { return watermark_; }
  // The earliest and latest accepted event times (nullopt before any): a
  // report over an open range is headed by them. The watermark is not the
  // latest event: AdvanceClock moves it too.
  void SawEvent(Instant t) {
    first_event_ = std::min(first_event_, t);
    last_event_ = std::max(last_event_, t);
  }
  std::optional<Instant> first_event() const {
    return first_event_ <= last_event_ ? std::optional<Instant>(first_event_) : std::nullopt;
  }
  std::optional<Instant> last_event() const {
    return first_event_ <= last_event_ ? std::optional<Instant>(last_event_) : std::nullopt;
  }

  // A solved, closed or merged ticket is due for release at its status
  // time plus the reopen window.
  void ScheduleRelease(TicketKey key, const TicketState& s);
  // Moves the watermark to `t` when later and releases the tickets whose
  // reopen window ended before it, calling on_release(key) for each (the
  // engine's other parts forget the ticket too).
  template <typename OnRelease>
  void Advance(Instant t, OnRelease&& on_release) {
    if (t <= watermark_) return;
    watermark_ = t;
    Release(std::forward<OnRelease>(on_release));
  }

  // Releases the tickets due at the watermark as it is: Advance acts only
  // when time moves forward, but a merge (Add) can bring tickets that fell
  // due before our watermark.
  template <typename OnRelease>
  void ReleaseDue(OnRelease&& on_release) {
    Release(std::forward<OnRelease>(on_release));
  }

  size_t LiveBytes() const { return live_.MemoryBytes(); }
  size_t SnapshotBytes() const;
  size_t ReleasedBytes() const;

  // The merge protocol (merge_protocol.h). CheckDisjoint refuses a ticket
  // live or released on both sides (it would be counted twice) and a merge
  // beyond max_open_tickets. The state's watermark travels with it; the
  // engine advances to it once every part was added.
  struct Saved {
    int64_t watermark_ms = 0;
    std::optional<std::pair<int64_t, int64_t>> event_span_ms;  // first, last event
    std::vector<std::pair<TicketKey, TicketState>> live, snapshots;
    std::vector<TicketKey> released;
  };
  void Encode(codec::ByteWriter& w) const;
  static Saved Decode(codec::ByteReader& r);
  static void Remap(Saved& saved, IdMap& ids);
  absl::Status CheckDisjoint(Saved& saved) const;
  void Add(Saved&& saved);

 private:
  struct ReleaseAt {
    int64_t at_ms;
    TicketKey key;
    bool operator>(const ReleaseAt& o) const { return at_ms > o.at_ms; }
  };

  // Forgets tickets whose reopen window ended before the watermark. Queue
  // entries of tickets that reopened (or solved again) since are stale and
  // skipped.
  template <typename OnRelease>
  void Release(OnRelease&& on_release);
  // Fetches the state and index entries of the next due tickets, and the
  // slots of the next keys to forget (see Release).
  void PrefetchDue();

  const EngineOptions& options_;
  TicketTable live_;
  HugeFlatHashMap<TicketKey, TicketState> solve_snapshots_;
  ReleasedKeys released_;
  Instant watermark_ = kMinInstant;
  Instant first_event_ = kMaxInstant;  // first_event_ > last_event_: no event yet
  Instant last_event_ = kMinInstant;
  // When solved tickets are due for release. Solves come about in time
  // order, so nearly all go to the back of a queue that stays sorted, and
  // Release prefetches the next few due tickets while their turn comes; the
  // few out of order (late events, merged states) wait in a heap.
  std::deque<ReleaseAt> release_queue_;
  std::priority_queue<ReleaseAt, std::vector<ReleaseAt>, std::greater<ReleaseAt>> late_releases_;
  size_t release_groups_ahead_ = 0;  // front entries whose index entries were prefetched
  size_t release_states_ahead_ = 0;  // front entries whose states were prefetched
  // Released keys by when to forget them (about in time order: release
  // times only go backwards by late events, so a key may stay a bit longer).
  std::deque<ReleaseAt> forget_queue_;
  size_t forgets_ahead_ = 0;  // front entries whose released_ slots were prefetched
};

template <typename OnRelease>
void TicketStore::Release(OnRelease&& on_release) {
  const int64_t now = ToEpochMs(watermark_);
  for (;;) {
    const bool queued = !release_queue_.empty() && release_queue_.front().at_ms < now;
    const bool late = !late_releases_.empty() && late_releases_.top().at_ms < now;
    if (!queued && !late) break;
    ReleaseAt entry;
    if (queued && (!late || release_queue_.front().at_ms <= late_releases_.top().at_ms)) {
      entry = release_queue_.front();
      release_queue_.pop_front();
      if (release_groups_ahead_ > 0) --release_groups_ahead_;
      if (release_states_ahead_ > 0) --release_states_ahead_;
    } else {
      entry = late_releases_.top();
      late_releases_.pop();
    }
    const TicketState* s = live_.Find(entry.key);
    if (s == nullptr || !IsSolvedOrClosed(s->status()) ||
        ToEpochMs(s->status_since.get() + options_.reopen_window) != entry.at_ms) {
      continue;
    }
    live_.Erase(entry.key);
    solve_snapshots_.erase(entry.key);
    on_release(entry.key);
    released_.insert(entry.key);
    forget_queue_.push_back({entry.at_ms + options_.forget_released_after.count(), entry.key});
  }
  while (!forget_queue_.empty() && forget_queue_.front().at_ms < now) {
    released_.erase(forget_queue_.front().key);
    forget_queue_.pop_front();
    if (forgets_ahead_ > 0) --forgets_ahead_;
  }
  PrefetchDue();
}

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_TICKET_STORE_H_
