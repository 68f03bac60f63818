// Views: each keeps one MetricCell per (time bucket, group key), where the
// group key is the ticket's values of the view's group-by dimensions. The
// ViewSet is the SampleSink of the ticket lifecycle: every sample goes to
// every view that records its metric (the view's "metrics" and what they are
// computed from, MetricSet::Needed); for the others it only notes the cell
// (View::Note). Reports read the cells and roll them up by merging.
#ifndef CSM_ENGINE_INTERNAL_VIEW_SET_H_
#define CSM_ENGINE_INTERNAL_VIEW_SET_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "csm/accum/grain.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/internal/byte_codec.h"
#include "csm/engine/internal/merge_protocol.h"
#include "csm/engine/internal/sample_sink.h"
#include "csm/engine/internal/sla_tracker.h"
#include "csm/engine/metric_cell.h"
#include "csm/model/field.h"
#include "csm/model/internal/ticket_state.h"
#include "csm/model/time_zone.h"

namespace csm {

// The values of the seven dimensions, 0 for the ones a view does not group by,
// and of the SLA dimensions (sla_policy, sla_metric) of an SLA sample in a
// view grouped by them (SlaKey; 0 for every other sample).
struct GroupKey {
  std::array<uint32_t, kDimCount> ids{};
  uint32_t sla = 0;

  uint32_t id(Field f) const { return ids[FieldIndex(f)]; }
  // Written out: the defaulted one calls memcmp, which shows in profiles.
  // Word by word, with an early exit: a vectorised compare reads a key just
  // written word by word (KeyOf) in 16-byte loads, which stall on store
  // forwarding.
  bool operator==(const GroupKey& o) const {
    for (int i = 0; i < kDimCount; ++i) {
      if (ids[i] != o.ids[i]) return false;
    }
    return sla == o.sla;
  }
  // Four 64-bit words: combine_contiguous would hash the 32 bytes with
  // LowLevelHash, a call and a loop per cell lookup.
  template <typename H>
  friend H AbslHashValue(H h, const GroupKey& k) {
    static_assert(kDimCount == 7);
    const auto pair = [&k](int i) { return uint64_t{k.ids[i]} | (uint64_t{k.ids[i + 1]} << 32); };
    return H::combine(std::move(h), pair(0), pair(2), pair(4),
                      uint64_t{k.ids[6]} | (uint64_t{k.sla} << 32));
  }
};

struct CellKey {
  int64_t bucket_ms = 0;  // bucket start, epoch ms
  GroupKey group;

  bool operator==(const CellKey& o) const { return bucket_ms == o.bucket_ms && group == o.group; }
  template <typename H>
  friend H AbslHashValue(H h, const CellKey& k) {
    return H::combine(std::move(h), k.bucket_ms, k.group);
  }
};

class View {
 public:
  using Cells = absl::flat_hash_map<CellKey, std::unique_ptr<MetricCell>>;

  View(ViewSpec spec, const TimeZone* zone, std::vector<double> histogram_edges);

  const ViewSpec& spec() const { return spec_; }
  const TimeZone* zone() const { return zone_; }
  const std::vector<double>& histogram_edges() const { return edges_; }
  const Cells& cells() const { return cells_; }
  // The metrics whose samples this view records (spec().metrics.Needed()).
  MetricSet recorded() const { return recorded_; }
  bool Records(Metric m) const { return recorded_.Has(m); }
  // A view keeping a subset still notes the cell of every sample it does
  // not record, so its cells (hence a report's rows and buckets) are those of
  // a view keeping all: its reports are theirs, less the other metrics.
  void Note(Instant t, const TicketDims& dims) { CellFor(t, dims); }

  GroupKey KeyOf(const TicketDims& dims) const;
  // The cell of the bucket holding `t` for `key`, created when new.
  MetricCell& CellAt(Instant t, const GroupKey& key);
  // CellAt(t, KeyOf(dims)), answered without building the key when the
  // sample lands in the previous sample's cell (most do).
  MetricCell& CellFor(Instant t, const TicketDims& dims) {
    if (last_cell_ != nullptr && t >= last_bucket_.start && t < last_bucket_.end &&
        last_key_.group.sla == 0 && SameGroupAsLast(dims)) {
      return *last_cell_;
    }
    return CellAt(t, KeyOf(dims));
  }
  // The cell of an SLA sample of `policy` and `metric`: split by them when
  // the view groups by sla_policy / sla_metric, else CellFor(t, dims).
  MetricCell& SlaCellFor(Instant t, const TicketDims& dims, int policy, SlaMetric metric) {
    if (spec_.sla_group_by.empty()) return CellFor(t, dims);
    GroupKey key = KeyOf(dims);
    key.sla = SlaKey(spec_.Has(SlaDim::kPolicy), policy, spec_.Has(SlaDim::kMetric), metric);
    return CellAt(t, key);
  }
  // The cell at `key`, or null.
  const MetricCell* FindCell(const CellKey& key) const;
  // The distinct group keys of the cells (spec().max_groups bounds them).
  size_t group_count() const { return groups_.size(); }
  bool HasGroup(const GroupKey& key) const { return groups_.contains(key); }
  // Sets the cell at `key` (a merged copy: Engine::MergeSerialized merges a
  // state's cells into copies first, so a refused merge changes nothing).
  void PutCell(const CellKey& key, MetricCell cell);
  size_t MemoryBytes() const;

 private:
  // Compares only the grouped fields, in registers: a GroupKey built on the
  // stack and read back at once stalls on store forwarding.
  bool SameGroupAsLast(const TicketDims& dims) const {
    for (Field f : spec_.group_by) {
      if (dims.Get(f) != last_key_.group.id(f)) return false;
    }
    return true;
  }

  ViewSpec spec_;
  MetricSet recorded_;
  const TimeZone* zone_;
  std::vector<double> edges_;
  Cells cells_;
  absl::flat_hash_set<GroupKey> groups_;
  // Most samples of a run land in the bucket and cell of the previous one.
  TimeBucket last_bucket_{kMaxInstant, kMinInstant};
  CellKey last_key_;
  MetricCell* last_cell_ = nullptr;
};

class ViewSet final : public SampleSink, public SlaSink {
 public:
  // Resolves the views' zones (errors name the zone).
  static absl::StatusOr<ViewSet> Create(const EngineConfig& config);

  std::vector<View>& views() { return views_; }
  const std::vector<View>& views() const { return views_; }
  // The metrics some view records: the ingest skips the bookkeeping of the
  // others (ExperienceTracker::Needs).
  MetricSet recorded() const { return recorded_; }

  void Count(Metric m, Instant bucket, const TicketDims& dims, int sign) override;
  void Backlog(Instant at, const TicketDims& dims, int delta) override;
  void MoveBacklog(Instant at, const TicketDims& from, const TicketDims& to) override;
  void Duration(Metric m, Instant bucket, const TicketDims& dims, Millis calendar, Millis business,
                int sign) override;
  void Value(Metric m, Instant bucket, const TicketDims& dims, double value, int sign) override;
  void Rate(Metric m, Instant bucket, const TicketDims& dims, bool hit, int sign) override;
  void AgentTime(Instant from, Instant to, const TicketDims& dims, AgentState state) override;
  void StepAbandon(Instant bucket, const TicketDims& dims, uint32_t step) override;
  void Cost(Instant bucket, const TicketDims& dims, double value) override;
  void Experience(Instant bucket, const TicketDims& dims, const ExperienceSample& sample,
                  int sign) override;

  // SLA outcomes (sla_tracker.h) as samples of sla_achieved, sla_breached,
  // sla_achievement_rate (achieved: a hit, breached: a miss, each in its own
  // bucket) and sla_breach_overrun.
  void Sla(SlaSink::Outcome outcome, Instant at, const TicketDims& dims, int policy,
           SlaMetric metric, Millis calendar, Millis business, int sign) override;

  // max_groups: whether the dimensions an event brings (`candidates`: what
  // its ticket, call or agent will have) add no group beyond a view's
  // max_groups. Checked before the event changes anything; answered without
  // a lookup while every view has room for kMostNewGroupsPerEvent more.
  static constexpr size_t kMostNewGroupsPerEvent = 2;
  bool AdmitsGroups(std::initializer_list<TicketDims> candidates) const;
  // Some view has room for fewer than kMostNewGroupsPerEvent more groups.
  bool NearGroupLimit() const {
    for (const View& v : views_) {
      if (v.group_count() + kMostNewGroupsPerEvent > v.spec().max_groups) return true;
    }
    return false;
  }

  // The metrics an experience sample feeds (docs/metrics.md §4–5).
  static MetricSet Feeds(const ExperienceSample& sample);

  // The merge protocol (merge_protocol.h). CheckDisjoint refuses a state
  // with another number of views or with accumulators whose parameters are
  // not this engine's (DATA_LOSS), and a count that would overflow
  // (OUT_OF_RANGE); it merges each cell into a copy of ours, which Add puts
  // in place.
  struct Saved {
    struct Cell {
      CellKey key;
      MetricCell cell;
    };
    std::vector<std::vector<Cell>> views;
    std::vector<absl::flat_hash_map<CellKey, MetricCell>> merged;  // by CheckDisjoint
  };
  void Encode(codec::ByteWriter& w) const;
  static Saved Decode(codec::ByteReader& r);
  static void Remap(Saved& saved, IdMap& ids);
  absl::Status CheckDisjoint(Saved& saved) const;
  void Add(Saved&& saved);

 private:
  std::vector<View> views_;
  MetricSet recorded_;
  size_t sla_policies_ = 0;  // the config's: a state's SLA keys must name one
};

}  // namespace csm

#endif  // CSM_ENGINE_INTERNAL_VIEW_SET_H_
