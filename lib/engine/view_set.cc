#include "csm/engine/internal/view_set.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace csm {

View::View(ViewSpec spec, const TimeZone* zone, std::vector<double> histogram_edges)
    : spec_(std::move(spec)),
      recorded_(spec_.metrics.Needed()),
      zone_(zone),
      edges_(std::move(histogram_edges)) {}

GroupKey View::KeyOf(const TicketDims& dims) const {
  GroupKey key;
  for (Field f : spec_.group_by) key.ids[FieldIndex(f)] = dims.Get(f);
  return key;
}

MetricCell& View::CellAt(Instant t, const GroupKey& key) {
  // Fast path: the bucket and group of the previous sample.
  if (last_cell_ != nullptr && t >= last_bucket_.start && t < last_bucket_.end &&
      key == last_key_.group) {
    return *last_cell_;
  }
  if (!(t >= last_bucket_.start && t < last_bucket_.end)) {
    last_bucket_ = BucketOf(t, spec_.grain, zone_);
  }
  // The key is set in place, not built on the stack and copied: reading a
  // fresh copy back in wider loads stalls on store forwarding. No cached
  // cell until the lookup below succeeds, and a new cell is made before it
  // is inserted: an allocation that throws leaves no null cell behind.
  last_cell_ = nullptr;
  last_key_.bucket_ms = ToEpochMs(last_bucket_.start);
  last_key_.group = key;
  auto it = cells_.find(last_key_);
  if (it == cells_.end()) {
    groups_.insert(key);
    it = cells_.emplace(last_key_, std::make_unique<MetricCell>()).first;
  }
  last_cell_ = it->second.get();
  return *last_cell_;
}

const MetricCell* View::FindCell(const CellKey& key) const {
  const auto it = cells_.find(key);
  return it == cells_.end() ? nullptr : it->second.get();
}

void View::PutCell(const CellKey& key, MetricCell cell) {
  if (auto it = cells_.find(key); it != cells_.end()) {
    *it->second = std::move(cell);  // the same object: CellAt's cached pointer stays valid
  } else {
    groups_.insert(key.group);
    cells_.emplace(key, std::make_unique<MetricCell>(std::move(cell)));
  }
}

size_t View::MemoryBytes() const {
  size_t bytes = sizeof(*this) + cells_.capacity() * (sizeof(CellKey) + sizeof(void*) + 1) +
                 groups_.capacity() * (sizeof(GroupKey) + 1);
  for (const auto& [key, cell] : cells_) bytes += cell->MemoryBytes();
  return bytes;
}

absl::StatusOr<ViewSet> ViewSet::Create(const EngineConfig& config) {
  ViewSet set;
  for (const ViewSpec& spec : config.views) {
    absl::StatusOr<const TimeZone*> zone = TimeZone::Locate(spec.timezone);
    if (!zone.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown time zone \"", spec.timezone, "\""));
    }
    set.views_.emplace_back(spec, *zone, config.options.histogram_edges);
    set.recorded_ = set.recorded_.Union(set.views_.back().recorded());
  }
  set.sla_policies_ = config.sla_policies.size();
  return set;
}

bool ViewSet::AdmitsGroups(std::initializer_list<TicketDims> candidates) const {
  for (const View& v : views_) {
    const uint64_t room =
        v.spec().max_groups - std::min<uint64_t>(v.group_count(), v.spec().max_groups);
    if (room >= kMostNewGroupsPerEvent) continue;
    GroupKey added[kMostNewGroupsPerEvent];
    size_t n = 0;
    for (const TicketDims& dims : candidates) {
      const GroupKey key = v.KeyOf(dims);
      if (v.HasGroup(key) || std::find(added, added + n, key) != added + n) continue;
      if (n == room) return false;
      added[n++] = key;
    }
  }
  return true;
}

void ViewSet::Count(Metric m, Instant bucket, const TicketDims& dims, int sign) {
  const int slot = Info(m).slot;
  for (View& v : views_) {
    if (!v.Records(m)) {
      v.Note(bucket, dims);
      continue;
    }
    csm::Count& c = v.CellFor(bucket, dims).count(slot);
    if (sign > 0) {
      c.Add();
    } else {
      c.Remove();
    }
  }
}

void ViewSet::Backlog(Instant at, const TicketDims& dims, int delta) {
  for (View& v : views_) {
    if (!v.Records(Metric::kBacklog)) {
      v.Note(at, dims);
      continue;
    }
    MetricCell& cell = v.CellFor(at, dims);
    (delta > 0 ? cell.backlog_in() : cell.backlog_out()).Add();
  }
}

void ViewSet::MoveBacklog(Instant at, const TicketDims& from, const TicketDims& to) {
  for (View& v : views_) {
    const GroupKey before = v.KeyOf(from);
    const GroupKey after = v.KeyOf(to);
    if (before == after) continue;  // the view does not see the change
    if (!v.Records(Metric::kBacklog)) {
      v.CellAt(at, before);
      v.CellAt(at, after);
      continue;
    }
    v.CellAt(at, before).backlog_out().Add();
    v.CellAt(at, after).backlog_in().Add();
  }
}

void ViewSet::Duration(Metric m, Instant bucket, const TicketDims& dims, Millis calendar,
                       Millis business, int sign) {
  const int slot = Info(m).slot;
  for (View& v : views_) {
    if (!v.Records(m)) {
      v.Note(bucket, dims);
      continue;
    }
    DurationStats& d = v.CellFor(bucket, dims).MutableDuration(slot, v.histogram_edges());
    d.Record(calendar, business, sign);
  }
}

void ViewSet::Value(Metric m, Instant bucket, const TicketDims& dims, double value, int sign) {
  const int slot = Info(m).slot;
  for (View& v : views_) {
    if (!v.Records(m)) {
      v.Note(bucket, dims);
      continue;
    }
    v.CellFor(bucket, dims).MutableDistribution(slot).Record(value, sign);
  }
}

void ViewSet::Rate(Metric m, Instant bucket, const TicketDims& dims, bool hit, int sign) {
  const int slot = Info(m).slot;
  for (View& v : views_) {
    if (!v.Records(m)) {
      v.Note(bucket, dims);
      continue;
    }
    Ratio& r = v.CellFor(bucket, dims).rate(slot);
    if (sign > 0) {
      r.Add(hit ? 1 : 0, 1);
    } else {
      r.Remove(hit ? 1 : 0, 1);
    }
  }
}

void ViewSet::AgentTime(Instant from, Instant to, const TicketDims& dims, AgentState state) {
  // Occupancy: busy + after_call over busy + after_call + available.
  // Utilization: busy + after_call over all time not offline.
  const bool working = state == AgentState::kBusy || state == AgentState::kAfterCall;
  const bool staffed = working || state == AgentState::kAvailable;
  const bool logged_in = staffed || state == AgentState::kAway;
  if (!logged_in || to <= from) return;
  const int occupancy = Info(Metric::kOccupancy).slot;
  const int utilization = Info(Metric::kUtilization).slot;
  for (View& v : views_) {
    const bool keeps_occupancy = v.Records(Metric::kOccupancy);
    const bool keeps_utilization = v.Records(Metric::kUtilization);
    const GroupKey key = v.KeyOf(dims);
    // Each bucket gets only its own share of the interval.
    for (Instant t = from; t < to;) {
      const Instant end = std::min(to, BucketOf(t, v.spec().grain, v.zone()).end);
      const auto ms = static_cast<double>((end - t).count());
      MetricCell& cell = v.CellAt(t, key);
      if (staffed && keeps_occupancy) cell.time_rate(occupancy).Add(working ? ms : 0, ms);
      if (keeps_utilization) cell.time_rate(utilization).Add(working ? ms : 0, ms);
      t = end;
    }
  }
}

void ViewSet::StepAbandon(Instant bucket, const TicketDims& dims, uint32_t step) {
  for (View& v : views_) {
    if (v.Records(Metric::kAbandonmentByStep)) {
      ++v.CellFor(bucket, dims).MutableStepAbandons()[step];
    } else {
      v.Note(bucket, dims);
    }
  }
}

void ViewSet::Cost(Instant bucket, const TicketDims& dims, double value) {
  for (View& v : views_) {
    if (v.Records(Metric::kCostPerContact)) {
      v.CellFor(bucket, dims).cost().Add(value);
    } else {
      v.Note(bucket, dims);
    }
  }
}

void ViewSet::Experience(Instant bucket, const TicketDims& dims, const ExperienceSample& sample,
                         int sign) {
  const MetricSet feeds = Feeds(sample);
  for (View& v : views_) {
    if (v.recorded().HasAny(feeds)) {
      v.CellFor(bucket, dims).MutableExperience().Record(sample, sign);
    } else {
      v.Note(bucket, dims);
    }
  }
}

void ViewSet::Sla(SlaSink::Outcome outcome, Instant at, const TicketDims& dims, int policy,
                  SlaMetric metric, Millis calendar, Millis business, int sign) {
  const bool achieved = outcome == SlaSink::Outcome::kAchieved;
  for (View& v : views_) {
    // The cell of the outcome's policy and metric in a view split by them.
    MetricCell& cell = v.SlaCellFor(at, dims, policy, metric);
    switch (outcome) {
      case SlaSink::Outcome::kAchieved:
      case SlaSink::Outcome::kBreached: {
        const Metric m = achieved ? Metric::kSlaAchieved : Metric::kSlaBreached;
        if (v.Records(m)) {
          csm::Count& c = cell.count(Info(m).slot);
          if (sign > 0) {
            c.Add();
          } else {
            c.Remove();
          }
        }
        if (v.Records(Metric::kSlaAchievementRate)) {
          Ratio& r = cell.rate(Info(Metric::kSlaAchievementRate).slot);
          if (sign > 0) {
            r.Add(achieved ? 1 : 0, 1);
          } else {
            r.Remove(achieved ? 1 : 0, 1);
          }
        }
        break;
      }
      case SlaSink::Outcome::kOverrun:
        if (v.Records(Metric::kSlaBreachOverrun)) {
          cell.MutableDuration(Info(Metric::kSlaBreachOverrun).slot, v.histogram_edges())
              .Record(calendar, business, sign);
        }
        break;
      case SlaSink::Outcome::kActive:
        // A running sum, as the backlog: +1 when an instance opens, -1 when it closes.
        if (v.Records(Metric::kSlaActive)) {
          const int slot = Info(Metric::kSlaActive).slot;
          (sign > 0 ? cell.backlog_in(slot) : cell.backlog_out(slot)).Add();
        }
        break;
    }
  }
}

MetricSet ViewSet::Feeds(const ExperienceSample& sample) {
  switch (sample.kind) {
    case ExperienceSampleKind::kTicketCreated:
      // distinct_customers reads its denominator from the repeat ratio.
      return {Metric::kDistinctCustomers, Metric::kTicketsPerCustomer, Metric::kRepeatContactRate,
              Metric::kChannelMix,        Metric::kTopDrivers,         Metric::kContactTypeMix};
    case ExperienceSampleKind::kRating:
      return {sample.rating == EventType::kCsat  ? Metric::kCsat
              : sample.rating == EventType::kCes ? Metric::kCes
                                                 : Metric::kNps};
    case ExperienceSampleKind::kSurveySent:  // csat's response rate
      return {Metric::kCsat};
    case ExperienceSampleKind::kWorkflow:
      return {Metric::kWorkflowUsage};
    case ExperienceSampleKind::kAgentReply:
      return {Metric::kAgentReplies, Metric::kConversationsPerAgent};
    case ExperienceSampleKind::kHandled:
      return {Metric::kConversationsPerAgent};
    case ExperienceSampleKind::kAssigned:
    case ExperienceSampleKind::kSolvedAssigned:
      return {Metric::kAssignedVsSolved};
    case ExperienceSampleKind::kAssignedTime:
      return {Metric::kAssignedTime};
  }
  return MetricSet::All();
}

// Per view: cell count, then (bucket signed varint, 7 group ids, the SLA
// key part, MetricCell bytes).
void ViewSet::Encode(codec::ByteWriter& w) const {
  w.Varint(views_.size());
  for (const View& v : views_) {
    w.Varint(v.cells().size());
    for (const auto& [key, cell] : v.cells()) {
      w.SignedVarint(key.bucket_ms);
      for (uint32_t id : key.group.ids) w.Varint(id);
      w.Varint(key.group.sla);
      w.Bytes(cell->Serialize());
    }
  }
}

ViewSet::Saved ViewSet::Decode(codec::ByteReader& r) {
  Saved saved;
  const uint64_t views = r.Count(1);
  for (uint64_t v = 0; v < views && r.ok(); ++v) {
    std::vector<Saved::Cell>& cells = saved.views.emplace_back();
    const uint64_t n = r.Count(9);
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      Saved::Cell c{{r.SignedVarint(), {}}, {}};
      for (uint32_t& id : c.key.group.ids) id = static_cast<uint32_t>(r.Varint());
      const uint64_t sla = r.Varint();
      if (!r.Check(sla <= 0xFFFFFFFF, "SLA key out of range")) break;
      c.key.group.sla = static_cast<uint32_t>(sla);
      absl::StatusOr<MetricCell> cell = MetricCell::Deserialize(r.Bytes());
      if (!cell.ok()) {
        r.Fail(cell.status());
        break;
      }
      c.cell = *std::move(cell);
      cells.push_back(std::move(c));
    }
  }
  return saved;
}

void ViewSet::Remap(Saved& saved, IdMap& map) {
  for (std::vector<Saved::Cell>& cells : saved.views) {
    for (Saved::Cell& c : cells) {
      for (Field f : kDimensions) {
        uint32_t& id = c.key.group.ids[FieldIndex(f)];
        id = map.Id(f, id);
      }
      c.cell.RemapSteps([&](uint32_t step) { return map.Id(Field::kStep, step); });
    }
  }
}

absl::Status ViewSet::CheckDisjoint(Saved& saved) const {
  if (saved.views.size() != views_.size()) {
    return absl::DataLossError("engine state has a different number of views than its config");
  }
  for (size_t v = 0; v < views_.size(); ++v) {
    const ViewSpec& spec = views_[v].spec();
    const uint32_t no_sla =
        ~SlaKeyPart(0xFFFFFFFF, spec.Has(SlaDim::kPolicy), spec.Has(SlaDim::kMetric));
    for (const Saved::Cell& c : saved.views[v]) {
      // An SLA key only in a view split by it, naming a policy and metric there are.
      const uint32_t sla = c.key.group.sla;
      if ((sla & no_sla) != 0 || SlaKeyPolicy(sla) >= static_cast<int>(sla_policies_) ||
          SlaKeyMetric(sla) >= kSlaMetricCount) {
        return absl::DataLossError(
            "engine state has a view cell of an SLA policy or metric "
            "its config does not have");
      }
      if (!c.cell.HasEngineParameters(views_[v].histogram_edges())) {
        return absl::DataLossError(
            "engine state has a histogram or sketch whose parameters differ from its config");
      }
    }
  }
  // max_groups: the groups the state would add to each view.
  for (size_t v = 0; v < views_.size(); ++v) {
    absl::flat_hash_set<GroupKey> added;
    for (const Saved::Cell& c : saved.views[v]) {
      if (!views_[v].HasGroup(c.key.group)) added.insert(c.key.group);
    }
    if (views_[v].group_count() + added.size() > views_[v].spec().max_groups) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "merging would give view ", v, " ", views_[v].group_count() + added.size(),
          " groups, more than its max_groups (", views_[v].spec().max_groups, "): cannot merge"));
    }
  }
  // Counts that would overflow (only crafted or corrupt states get there)
  // refuse the merge: every cell is merged into a copy of ours (or taken
  // alone when we have none) that Add puts in place of ours.
  saved.merged.assign(views_.size(), {});
  for (size_t v = 0; v < views_.size(); ++v) {
    for (Saved::Cell& c : saved.views[v]) {
      auto [it, fresh] = saved.merged[v].try_emplace(c.key);
      if (fresh) {
        const MetricCell* mine = views_[v].FindCell(c.key);
        if (mine == nullptr) {
          it->second = std::move(c.cell);
          continue;
        }
        it->second = *mine;
      }
      if (!it->second.Merge(c.cell)) {
        return absl::OutOfRangeError("merging would overflow a count in a view: cannot merge");
      }
    }
  }
  return absl::OkStatus();
}

void ViewSet::Add(Saved&& saved) {
  for (size_t v = 0; v < saved.merged.size(); ++v) {
    for (auto& [key, cell] : saved.merged[v]) views_[v].PutCell(key, std::move(cell));
  }
}

}  // namespace csm
