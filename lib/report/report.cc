#include "csm/report/report.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "csm/engine/internal/engine_impl.h"
#include "csm/model/internal/absl_compat.h"

namespace csm::report {
namespace {

constexpr size_t kMaxBuckets = 1'000'000;

// Rolling cells up into a report bucket would overflow a count: only states
// crafted or corrupted before they were merged hold counts near 2^64.
absl::Status CountOverflow() {
  return absl::OutOfRangeError("a count in the report would overflow (corrupt engine state?)");
}

// True when the two zones' UTC offsets differ by a whole multiple of `unit`
// at every instant of the supported range (unit 0: always equal), so buckets
// of one fall on bucket boundaries of the other.
bool OffsetsAlign(const TimeZone* a, const TimeZone* b, std::chrono::seconds unit) {
  if (a == b) return true;
  for (Instant t = kMinInstant; t < kMaxInstant;) {
    const TimeZone::Period pa = a->PeriodAt(t);
    const TimeZone::Period pb = b->PeriodAt(t);
    const Millis diff = pa.offset - pb.offset;
    if (unit.count() == 0 ? diff.count() != 0 : diff % unit != Millis{0}) return false;
    t = std::min(pa.end, pb.end);
  }
  return true;
}

// The step a zone offset may differ by and keep a grain's buckets aligned:
// the bucket's length for clock grains, 0 (offsets must be equal) for days
// and longer.
std::chrono::seconds ClockUnit(Grain grain) {
  switch (grain) {
    case Grain::kQuarterHour:
      return std::chrono::minutes{15};
    case Grain::kHalfHour:
      return std::chrono::minutes{30};
    case Grain::kHour:
      return std::chrono::hours{1};
    default:
      return std::chrono::seconds{0};
  }
}

bool Aligned(Instant t, const View& view) {
  return BucketStart(t, view.spec().grain, view.zone()) == t;
}

// The query's buckets from `start` up to `end` (exclusive).
absl::StatusOr<std::vector<Instant>> BucketsBetween(Instant start, Instant end, Grain grain,
                                                    const TimeZone* zone) {
  std::vector<Instant> out;
  for (Instant t = start; t < end;) {
    if (out.size() >= kMaxBuckets) {
      return absl::InvalidArgumentError(
          "report query: more than 1,000,000 buckets; use a coarser grain");
    }
    const TimeBucket b = BucketOf(t, grain, zone);
    out.push_back(b.start);
    t = b.end;
  }
  return out;
}

// The n buckets just before `start`, oldest first.
std::vector<Instant> BucketsBefore(Instant start, size_t n, Grain grain, const TimeZone* zone) {
  std::vector<Instant> out(n);
  Instant t = start;
  for (size_t i = n; i-- > 0;) {
    t = BucketStart(t - Millis{1}, grain, zone);
    out[i] = t;
  }
  return out;
}

bool WantsVolume(const ReportQuery& q) {
  for (Metric m : q.metrics) {
    if (Info(m).kind == MetricKind::kVolume) return true;
  }
  return false;
}

bool WantsNames(const ReportQuery& q) {
  for (Metric m : q.metrics) {
    if (m == Metric::kWorkflowUsage || m == Metric::kTopDrivers || m == Metric::kChannelMix ||
        m == Metric::kContactTypeMix) {
      return true;
    }
  }
  return false;
}

// Where business_day_volume finds business days: the query's calendar, else
// the engine's "default" calendar, else every day. The calendars are the
// engine's compiled ones.
absl::StatusOr<BusinessDaySource> BusinessDaysOf(const Engine& engine, const ReportQuery& q) {
  BusinessDaySource out;
  // A plain string, not std::optional<std::string>: GCC 12 at -O2 with the
  // sanitizers reports a false maybe-uninitialized on the optional's copy.
  std::string name;
  if (q.calendar) {
    name = *q.calendar;
  } else if (engine.config().calendars.contains("default")) {
    name = "default";
  } else {
    return out;
  }
  const BusinessCalendar* calendar = engine.impl().calendars().Find(name);
  if (calendar == nullptr) {  // ReportQuery checked the name against the same config
    return absl::InvalidArgumentError(
        absl::StrCat("report query: no calendar named \"", name, "\""));
  }
  absl::StatusOr<const TimeZone*> zone = TimeZone::Locate(calendar->timezone());
  if (!zone.ok()) return zone.status();
  out.name = std::move(name);
  out.calendar = calendar;
  out.zone = *zone;
  return out;
}

struct GroupData {
  std::map<int64_t, MetricCell> current;   // query bucket start -> merged cell
  std::map<int64_t, MetricCell> previous;  // previous period, by its own bucket starts
  std::map<int64_t, MetricCell> history;   // anomaly baselines before `from`
  std::map<int64_t, int64_t> backlog;      // view bucket start -> open in - out, all time
  std::map<int64_t, int64_t> sla_active;   // the same for SLA target instances
  std::map<int64_t, uint64_t> hourly;      // hour view bucket start -> tickets created (volume)
};

// A report group: the view's dimension ids and the bucket's local weekday
// and hour (a TimeCode; 0 without time dimensions).
using ReportGroup = std::pair<GroupKey, uint32_t>;

// The bucket's local weekday (0 = Monday) and hour in the query's zone as
// one key: weekday + 1 in bits 8 and up, hour + 1 in bits 0–7, 0 for a
// dimension the query does not group by.
struct TimeCode {
  static uint32_t Of(const ReportQuery& q, int weekday, int hour) {
    uint32_t code = 0;
    for (TimeDim d : q.time_group_by) {
      code |= d == TimeDim::kWeekday ? static_cast<uint32_t>(weekday + 1) << 8
                                     : static_cast<uint32_t>(hour + 1);
    }
    return code;
  }
  static int Weekday(uint32_t code) { return static_cast<int>(code >> 8) - 1; }  // -1: none
  static int Hour(uint32_t code) { return static_cast<int>(code & 0xFF) - 1; }   // -1: none
};

// The local weekday (Monday 0) and hour of `t` in `zone`.
std::pair<int, int> LocalWeekdayAndHour(Instant t, const TimeZone* zone) {
  const TimeZone::LocalTime local = zone->ToLocal(t);
  const date::local_days day = date::floor<date::days>(local);
  const int weekday = static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
  const int hour = static_cast<int>(date::floor<std::chrono::hours>(local - day).count());
  return {weekday, hour};
}

// The finest grain a view needs for the query's time dimensions.
Grain TimeDimGrain(const ReportQuery& q) {
  Grain grain = Grain::kAll;
  for (TimeDim d : q.time_group_by) {
    const Grain need = d == TimeDim::kHourOfDay ? Grain::kHour : Grain::kDay;
    if (grain == Grain::kAll || GrainRank(need) < GrainRank(grain)) grain = need;
  }
  return grain;
}

// The query bucket `k` weeks (months, for grain month) before `bucket`, at
// the same local time.
Instant BucketsAgo(Instant bucket, int k, Grain grain, const TimeZone* zone) {
  TimeZone::LocalTime local = zone->ToLocal(bucket);
  if (grain == Grain::kMonth) {
    const date::local_days day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    local = TimeZone::LocalTime{
        date::local_days{(ymd.year() / ymd.month() / 1) - date::months{k}}.time_since_epoch()};
  } else {
    local -= date::days{7 * k};
  }
  return BucketStart(zone->EarliestInstantOf(local), grain, zone);
}

// The view needed to answer a query, spelled as a config entry.
absl::Status NeedView(const ReportQuery& q) {
  std::set<Field> dims(q.group_by.begin(), q.group_by.end());
  for (const auto& [f, values] : q.filter) dims.insert(f);
  std::vector<std::string> names;
  for (Field f : dims) names.push_back(absl::StrCat("\"", AsAbsl(FieldName(f)), "\""));
  for (SlaDim d : q.sla_group_by) names.push_back(absl::StrCat("\"", AsAbsl(SlaDimName(d)), "\""));
  Grain grain = q.grain == Grain::kAll && (q.from || q.to) ? Grain::kHour : q.grain;
  if (const Grain need = TimeDimGrain(q);
      need != Grain::kAll && (grain == Grain::kAll || GrainRank(need) < GrainRank(grain))) {
    grain = need;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no configured view can answer this report; add the view {\"group_by\": [",
      absl::StrJoin(names, ", "), "], \"grain\": \"", AsAbsl(GrainName(grain)),
      "\", \"timezone\": \"", q.timezone, "\"} (or one with more dimensions or a finer grain ",
      "that nests in it) to the engine config's \"views\""));
}

// The query's metrics the view does not keep.
std::vector<Metric> Unkept(const View& view, const ReportQuery& q) {
  std::vector<Metric> out;
  for (Metric m : q.metrics) {
    if (!view.spec().metrics.Has(m)) out.push_back(m);
  }
  return out;
}

std::string Quoted(const std::vector<Metric>& metrics) {
  std::vector<std::string> names;
  for (Metric m : metrics) names.push_back(absl::StrCat("\"", AsAbsl(MetricName(m)), "\""));
  return absl::StrJoin(names, ", ");
}

// A view fits the query but for metrics it does not keep.
absl::Status NeedMetrics(const Engine& engine, const View& view,
                         const std::vector<Metric>& missing) {
  const auto& views = engine.impl().views().views();
  const size_t index = static_cast<size_t>(&view - views.data());
  std::vector<std::string> dims;
  for (Field f : view.spec().group_by)
    dims.push_back(absl::StrCat("\"", AsAbsl(FieldName(f)), "\""));
  for (SlaDim d : view.spec().sla_group_by)
    dims.push_back(absl::StrCat("\"", AsAbsl(SlaDimName(d)), "\""));
  return absl::FailedPreconditionError(absl::StrCat(
      "no configured view keeps ", missing.size() == 1 ? "metric " : "metrics ", Quoted(missing),
      " for this report; add ", Quoted(missing), " to the \"metrics\" of view ", index,
      " ({\"group_by\": [", absl::StrJoin(dims, ", "), "], \"grain\": \"",
      AsAbsl(GrainName(view.spec().grain)), "\", \"timezone\": \"", view.spec().timezone,
      "\"}) in the engine config, or add a view that keeps ", missing.size() == 1 ? "it" : "them"));
}

// A report is answered in three steps: plan (can this view answer, and
// which buckets), aggregate (the view's cells merged per query group and
// bucket) and materialize (rows with backlog, volume and previous period, in
// order, within max_rows). Plan and aggregate say "this view cannot answer"
// with nullopt, so Build moves on to the next view; an error status is a
// real error and ends the report.

// How one view answers a query, decided before any cell is read.
struct Plan {
  const View* view = nullptr;
  // Grain all with compare: the start of the preceding span of equal length.
  std::optional<Instant> previous_from;
  // The query's buckets when the query fixes them (grain all, or from and
  // to); otherwise they follow the data (Materialize).
  std::optional<std::vector<Instant>> buckets;
  std::vector<Instant> previous;  // with compare: the preceding period's, one per bucket
  // Filter values as ids (a name never interned matches nothing).
  std::vector<std::pair<Field, absl::flat_hash_set<uint32_t>>> filter;
  // Volume patterns from this (hourly) view's tickets created.
  bool collect_hourly = false;
  // Anomalies: cells from here to `from` are the first rows' baselines.
  std::optional<Instant> baseline_from;
  BusinessDaySource business_days;
};

// Whether the view's dimensions, grain and zone can answer the query at all.
bool ShapeFits(const View& view, const ReportQuery& q) {
  const ViewSpec& spec = view.spec();
  for (Field f : q.group_by) {
    if (!spec.Has(f)) return false;
  }
  for (SlaDim d : q.sla_group_by) {
    if (!spec.Has(d)) return false;
  }
  for (const auto& [f, values] : q.filter) {
    if (!spec.Has(f)) return false;
  }
  if (q.grain != Grain::kAll && spec.grain == Grain::kAll) return false;
  // Weekday and hour of day are read from the view's buckets: a day view at
  // least (an hour view for the hour); AggregateCells checks each bucket.
  if (const Grain need = TimeDimGrain(q);
      need != Grain::kAll &&
      (spec.grain == Grain::kAll || GrainRank(spec.grain) > GrainRank(need))) {
    return false;
  }
  if (spec.grain == Grain::kAll && (q.from || q.to)) return false;
  if (spec.grain != Grain::kAll && spec.grain != q.grain && q.grain != Grain::kAll &&
      !Nests(spec.grain, q.grain)) {
    return false;
  }
  // Buckets of another zone nest only if the zones' offsets keep them aligned:
  // hours (half, quarter hours) when the offsets differ by whole hours (half,
  // quarter hours), longer buckets when equal.
  if (q.grain != Grain::kAll && view.zone() != q.zone &&
      !OffsetsAlign(view.zone(), q.zone, ClockUnit(spec.grain))) {
    return false;
  }
  return true;
}

// The plan of `view` for `q`; nullopt when the view cannot answer.
absl::StatusOr<std::optional<Plan>> PlanView(const Engine& engine, const View& view,
                                             const ReportQuery& q) {
  if (!ShapeFits(view, q)) return std::nullopt;
  Plan plan;
  plan.view = &view;
  if (q.compare_previous && q.grain == Grain::kAll) {
    plan.previous_from = *q.from - (*q.to - *q.from);
    if (!InSupportedRange(*plan.previous_from))
      return absl::InvalidArgumentError("report query: previous period before 1970");
  }
  for (std::optional<Instant> t : {q.from, q.to, plan.previous_from}) {
    if (t && !Aligned(*t, view)) return std::nullopt;
  }

  if (q.grain == Grain::kAll) {
    plan.buckets.emplace(1, q.from.value_or(kMinInstant));
    if (q.compare_previous) plan.previous.push_back(*plan.previous_from);
  } else if (q.from && q.to) {
    absl::StatusOr<std::vector<Instant>> b = BucketsBetween(*q.from, *q.to, q.grain, q.zone);
    if (!b.ok()) return b.status();
    plan.buckets = *std::move(b);
    if (q.compare_previous) {
      plan.previous = BucketsBefore(*q.from, plan.buckets->size(), q.grain, q.zone);
      if (!plan.previous.empty() && !Aligned(plan.previous.front(), view)) return std::nullopt;
    }
  }

  for (const auto& [f, names] : q.filter) {
    absl::flat_hash_set<uint32_t> ids;
    for (const std::string& name : names) {
      if (std::optional<uint32_t> id = engine.impl().interned().Find(f, name)) ids.insert(*id);
    }
    plan.filter.emplace_back(f, std::move(ids));
  }

  if (q.anomalies && q.from) {
    plan.baseline_from = BucketsAgo(BucketStart(*q.from, q.grain, q.zone),
                                    engine.config().options.spike_weeks, q.grain, q.zone);
  }
  plan.collect_hourly = WantsVolume(q) && view.spec().grain == Grain::kHour;
  if (plan.collect_hourly) {
    absl::StatusOr<BusinessDaySource> days = BusinessDaysOf(engine, q);
    if (!days.ok()) return days.status();
    plan.business_days = *std::move(days);
  }
  return plan;
}

// The view's cells merged per query group and bucket.
struct Aggregate {
  absl::flat_hash_map<ReportGroup, GroupData> groups;
  std::optional<int64_t> first_bucket, last_bucket;  // query buckets with data in range
};

// Merges the plan's view's cells; nullopt when a view bucket does not fall
// inside one query bucket (the view cannot answer).
absl::StatusOr<std::optional<Aggregate>> AggregateCells(const Plan& plan, const ReportQuery& q) {
  const View& view = *plan.view;
  // Each view bucket maps into one query bucket.
  absl::flat_hash_map<int64_t, int64_t> query_bucket_of;
  auto query_bucket = [&](int64_t view_start_ms) -> std::optional<int64_t> {
    if (auto it = query_bucket_of.find(view_start_ms); it != query_bucket_of.end())
      return it->second;
    if (q.grain == Grain::kAll) return query_bucket_of[view_start_ms] = 0;
    const Instant start = FromEpochMs(view_start_ms);
    const Instant end = BucketOf(start, view.spec().grain, view.zone()).end;
    const Instant qb = BucketStart(start, q.grain, q.zone);
    if (BucketStart(end - Millis{1}, q.grain, q.zone) != qb) return std::nullopt;
    return query_bucket_of[view_start_ms] = ToEpochMs(qb);
  };

  // Each view bucket's local weekday and hour; nullopt when the bucket
  // spans two local days (hours) the query groups by.
  absl::flat_hash_map<int64_t, uint32_t> time_code_of;
  auto time_code = [&](int64_t view_start_ms) -> std::optional<uint32_t> {
    if (q.time_group_by.empty()) return 0;
    if (auto it = time_code_of.find(view_start_ms); it != time_code_of.end()) return it->second;
    const Instant start = FromEpochMs(view_start_ms);
    const Instant last = BucketOf(start, view.spec().grain, view.zone()).end - Millis{1};
    const auto [weekday, hour] = LocalWeekdayAndHour(start, q.zone);
    const auto [last_weekday, last_hour] = LocalWeekdayAndHour(last, q.zone);
    const bool same_day = weekday == last_weekday && last - start < std::chrono::hours{26};
    const bool same_hour = same_day && hour == last_hour && last - start < std::chrono::hours{1};
    for (TimeDim d : q.time_group_by) {
      if (!(d == TimeDim::kWeekday ? same_day : same_hour)) return std::nullopt;
    }
    return time_code_of[view_start_ms] = TimeCode::Of(q, weekday, hour);
  };

  const int64_t from_ms = q.from ? ToEpochMs(*q.from) : INT64_MIN;
  const int64_t to_ms = q.to ? ToEpochMs(*q.to) : INT64_MAX;
  const bool wants_sla_active =
      std::find(q.metrics.begin(), q.metrics.end(), Metric::kSlaActive) != q.metrics.end();
  const bool by_policy = std::find(q.sla_group_by.begin(), q.sla_group_by.end(), SlaDim::kPolicy) !=
                         q.sla_group_by.end();
  const bool by_metric = std::find(q.sla_group_by.begin(), q.sla_group_by.end(), SlaDim::kMetric) !=
                         q.sla_group_by.end();
  Aggregate out;
  for (const auto& [key, cell] : view.cells()) {
    bool pass = true;
    for (const auto& [f, ids] : plan.filter) pass = pass && ids.contains(key.group.id(f));
    if (!pass || key.bucket_ms >= to_ms) continue;
    const std::optional<int64_t> qb = query_bucket(key.bucket_ms);
    if (!qb) return std::nullopt;
    const std::optional<uint32_t> code = time_code(key.bucket_ms);
    if (!code) return std::nullopt;
    ReportGroup group{GroupKey{}, *code};
    for (Field f : q.group_by) group.first.ids[FieldIndex(f)] = key.group.id(f);
    // Split by an SLA dimension, a cell without it holds no SLA outcome.
    group.first.sla = SlaKeyPart(key.group.sla, by_policy, by_metric);
    if ((by_policy && SlaKeyPolicy(group.first.sla) < 0) ||
        (by_metric && SlaKeyMetric(group.first.sla) < 0))
      continue;
    GroupData& g = out.groups[group];
    // A structured binding cannot be captured by a lambda in C++20 as clang
    // 14 reads it (the fuzz preset): the lambda takes the cell as an argument.
    const auto delta = [](const auto& c, Metric m) {
      const int slot = Info(m).slot;
      return static_cast<int64_t>(c->backlog_in(slot).value()) -
             static_cast<int64_t>(c->backlog_out(slot).value());
    };
    g.backlog[key.bucket_ms] += delta(cell, Metric::kBacklog);
    if (wants_sla_active) g.sla_active[key.bucket_ms] += delta(cell, Metric::kSlaActive);
    if (plan.collect_hourly)
      g.hourly[key.bucket_ms] += cell->count(Info(Metric::kTicketsCreated).slot).value();
    if (key.bucket_ms >= from_ms) {
      auto [it, inserted] = g.current.try_emplace(*qb, *cell);
      if (!inserted && !it->second.Merge(*cell)) return CountOverflow();
      out.first_bucket = std::min(out.first_bucket.value_or(*qb), *qb);
      out.last_bucket = std::max(out.last_bucket.value_or(*qb), *qb);
    } else {
      if (q.compare_previous &&
          (!plan.previous_from || key.bucket_ms >= ToEpochMs(*plan.previous_from))) {
        // Grain all: only the preceding period of equal length, not all history.
        auto [it, inserted] = g.previous.try_emplace(*qb, *cell);
        if (!inserted && !it->second.Merge(*cell)) return CountOverflow();
      }
      if (plan.baseline_from && key.bucket_ms >= ToEpochMs(*plan.baseline_from)) {
        auto [it, inserted] = g.history.try_emplace(*qb, *cell);
        if (!inserted && !it->second.Merge(*cell)) return CountOverflow();
      }
    }
  }
  return out;
}

// The report's header: what answered it and what its values need besides cells.
Report ReportHeader(const Engine& engine, const Plan& plan, const ReportQuery& q) {
  Report report;
  report.query = q;
  report.answered_by = plan.view->spec();
  report.histogram_edges = plan.view->histogram_edges();
  report.options = engine.config().options;
  report.first_event = engine.impl().first_event();
  report.last_event = engine.impl().last_event();
  if (WantsNames(q)) {
    report.hashed_names = std::make_shared<HashedNames>(HashedNames::Of(engine.impl().interned()));
  }
  report.rejected = {};
  for (int r = 1; r <= kRejectReasonCount; ++r) {
    report.rejected[r] = engine.rejected(static_cast<RejectReason>(r));
  }
  if (std::find(q.metrics.begin(), q.metrics.end(), Metric::kAbandonmentByStep) !=
      q.metrics.end()) {
    const uint32_t steps = engine.impl().interned().size(Field::kStep);
    report.step_names.assign(1, "");
    for (uint32_t id = 1; id <= steps; ++id) {
      report.step_names.emplace_back(engine.impl().interned().Name(Field::kStep, id));
    }
  }
  return report;
}

// The rows: every bucket of the range for each group, groups in name order,
// then sorted by bucket; at most q.max_rows.
absl::StatusOr<Report> Materialize(const Engine& engine, const Plan& plan, Aggregate agg,
                                   const ReportQuery& q) {
  std::vector<Instant> buckets;
  if (plan.buckets) {
    buckets = *plan.buckets;
  } else if (agg.first_bucket) {
    const Instant start = q.from.value_or(FromEpochMs(*agg.first_bucket));
    const Instant end = q.to.value_or(BucketOf(FromEpochMs(*agg.last_bucket), q.grain, q.zone).end);
    absl::StatusOr<std::vector<Instant>> b = BucketsBetween(start, end, q.grain, q.zone);
    if (!b.ok()) return b.status();
    buckets = *std::move(b);
  }
  const std::vector<Instant>& previous = plan.previous;

  Report report = ReportHeader(engine, plan, q);
  const int64_t from_ms = q.from ? ToEpochMs(*q.from) : INT64_MIN;
  const int64_t to_ms = q.to ? ToEpochMs(*q.to) : INT64_MAX;
  const SpikeOptions spikes{engine.config().options.spike_sigma,
                            engine.config().options.spike_weeks};
  // The patterns of one group over [start, end) (grain all: the query's range).
  auto volume_of = [&](const GroupData& g, Instant start,
                       Instant end) -> std::optional<VolumePatterns> {
    if (!plan.collect_hourly) return std::nullopt;
    return ComputeVolumePatterns(g.hourly, start, end, q.zone, plan.business_days, spikes);
  };
  // Backlog (sla_active) at the end of a bucket: the running sum of in - out
  // before it ends.
  auto open_before = [](const std::map<int64_t, int64_t>& deltas,
                        int64_t end_ms) -> std::optional<int64_t> {
    std::optional<int64_t> sum;
    for (const auto& [start, delta] : deltas) {
      if (start >= end_ms) break;
      sum = sum.value_or(0) + delta;
    }
    return sum;
  };
  // A row's counts against the same bucket of the weeks before (baseline.h).
  std::vector<Metric> counts;
  for (Metric m : q.metrics) {
    if (Info(m).kind == MetricKind::kCount) counts.push_back(m);
  }
  auto anomalies_of = [&](const GroupData& g, Instant bucket) {
    std::vector<CountAnomaly> out;
    // Baseline buckets before the group's first cell are no baseline.
    const int64_t first_data = g.backlog.empty() ? INT64_MAX : g.backlog.begin()->first;
    std::vector<const MetricCell*> baseline;  // null: a quiet bucket
    for (int k = 1; k <= spikes.weeks; ++k) {
      const Instant past = BucketsAgo(bucket, k, q.grain, q.zone);
      if (ToEpochMs(BucketOf(past, q.grain, q.zone).end) <= first_data) break;
      const auto& cells = past >= q.from.value_or(kMinInstant) ? g.current : g.history;
      auto it = cells.find(ToEpochMs(past));
      baseline.push_back(it == cells.end() ? nullptr : &it->second);
    }
    auto it = g.current.find(ToEpochMs(bucket));
    const MetricCell* now = it == g.current.end() ? nullptr : &it->second;
    for (Metric m : counts) {
      const int slot = Info(m).slot;
      std::vector<double> values;
      for (const MetricCell* c : baseline) {
        values.push_back(c == nullptr ? 0.0 : static_cast<double>(c->count(slot).value()));
      }
      const double value = now == nullptr ? 0.0 : static_cast<double>(now->count(slot).value());
      CountAnomaly a{m, ScoreAgainstBaseline(value, std::move(values)), std::nullopt};
      if (a.score) a.flag = AnomalyOf(*a.score, spikes.sigma);
      out.push_back(a);
    }
    return out;
  };
  auto end_of = [&](Instant bucket) -> int64_t {
    if (q.grain == Grain::kAll) return to_ms;
    return ToEpochMs(BucketOf(bucket, q.grain, q.zone).end);
  };

  // Without group-by the one row per bucket is always there, data or not.
  absl::flat_hash_map<ReportGroup, GroupData>& groups = agg.groups;
  if (!q.grouped() && groups.empty()) groups[ReportGroup{}];

  // Groups in name order, then weekday (Monday first) and hour.
  const InternTable& names = engine.impl().interned();
  struct Ordered {
    std::vector<std::optional<std::string>> names;
    uint32_t time_code;
    std::vector<std::optional<std::string>> dims;  // names, then weekday and hour as text
    const ReportGroup* key;
  };
  std::vector<Ordered> ordered;
  for (const auto& [key, data] : groups) {
    Ordered o{{}, key.second, {}, &key};
    for (Field f : q.group_by) {
      const uint32_t id = key.first.id(f);
      o.names.push_back(id == 0 ? std::nullopt : std::optional<std::string>(names.Name(f, id)));
    }
    for (SlaDim d : q.sla_group_by) {
      if (d == SlaDim::kPolicy) {
        o.names.emplace_back(
            engine.config().sla_policies[static_cast<size_t>(SlaKeyPolicy(key.first.sla))].name);
      } else {
        o.names.emplace_back(SlaMetricName(static_cast<SlaMetric>(SlaKeyMetric(key.first.sla))));
      }
    }
    o.dims = o.names;
    for (TimeDim d : q.time_group_by) {
      o.dims.push_back(d == TimeDim::kWeekday
                           ? std::string(kWeekdayNames[TimeCode::Weekday(key.second)])
                           : std::to_string(TimeCode::Hour(key.second)));
    }
    ordered.push_back(std::move(o));
  }
  std::sort(ordered.begin(), ordered.end(), [](const Ordered& a, const Ordered& b) {
    return std::tie(a.names, a.time_code) < std::tie(b.names, b.time_code);
  });
  // Whether a bucket holds the group's weekday and hour: a day holds one
  // weekday and every hour, an hour (or less) one of each, a week or more
  // all of them.
  auto holds = [&](Instant bucket, uint32_t code) {
    if (code == 0 || q.grain == Grain::kAll || GrainRank(q.grain) > GrainRank(Grain::kDay)) {
      return true;
    }
    const auto [weekday, hour] = LocalWeekdayAndHour(bucket, q.zone);
    const int want_weekday = TimeCode::Weekday(code), want_hour = TimeCode::Hour(code);
    if (want_weekday >= 0 && want_weekday != weekday) return false;
    return q.grain == Grain::kDay || want_hour < 0 || want_hour == hour;
  };

  std::vector<Row> rows;
  for (const Ordered& o : ordered) {
    const GroupData& g = groups.at(*o.key);
    std::vector<Row> group_rows;
    bool any = !q.grouped() || !g.current.empty() || !g.previous.empty();
    for (size_t i = 0; i < buckets.size(); ++i) {
      if (!holds(buckets[i], o.time_code)) continue;
      Row row{buckets[i], o.dims, {}, std::nullopt, {}};
      const int64_t b = ToEpochMs(buckets[i]);
      if (auto it = g.current.find(q.grain == Grain::kAll ? 0 : b); it != g.current.end()) {
        row.current.cell = it->second;
      }
      // Open tickets at a bucket's end belong to no weekday or hour.
      if (o.time_code == 0) {
        row.current.backlog = open_before(g.backlog, end_of(buckets[i]));
        row.current.sla_active = open_before(g.sla_active, end_of(buckets[i]));
      }
      row.current.volume = volume_of(
          g, q.grain == Grain::kAll ? q.from.value_or(kMinInstant) : buckets[i],
          q.grain == Grain::kAll ? q.to.value_or(kMaxInstant) : FromEpochMs(end_of(buckets[i])));
      any = any || row.current.backlog.value_or(0) != 0 || row.current.sla_active.value_or(0) != 0;
      if (q.compare_previous) {
        Period p;
        const int64_t pb = ToEpochMs(previous[i]);
        if (auto it = g.previous.find(q.grain == Grain::kAll ? 0 : pb); it != g.previous.end()) {
          p.cell = it->second;
        }
        const int64_t previous_end = q.grain == Grain::kAll ? from_ms : end_of(previous[i]);
        if (o.time_code == 0) {
          p.backlog = open_before(g.backlog, previous_end);
          p.sla_active = open_before(g.sla_active, previous_end);
        }
        p.volume = volume_of(g, previous[i],
                             q.grain == Grain::kAll ? *q.from : FromEpochMs(end_of(previous[i])));
        row.previous = std::move(p);
      }
      if (q.anomalies) row.anomalies = anomalies_of(g, buckets[i]);
      group_rows.push_back(std::move(row));
    }
    if (!any) continue;
    if (rows.size() + group_rows.size() > q.max_rows) {
      return absl::ResourceExhaustedError(
          absl::StrCat("report query: more than max_rows = ", q.max_rows, " rows (", buckets.size(),
                       " buckets per group); narrow from/to, use a coarser grain or fewer group_by "
                       "dimensions, or raise max_rows"));
    }
    for (Row& r : group_rows) rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.bucket_start < b.bucket_start; });
  report.rows = std::move(rows);
  return report;
}

// A view's plan and its aggregated cells; nullopt when it cannot answer.
struct Answer {
  Plan plan;
  Aggregate aggregate;
};
absl::StatusOr<std::optional<Answer>> PlanAndAggregate(const Engine& engine, const View& view,
                                                       const ReportQuery& q) {
  absl::StatusOr<std::optional<Plan>> plan = PlanView(engine, view, q);
  if (!plan.ok()) return plan.status();
  if (!*plan) return std::nullopt;
  absl::StatusOr<std::optional<Aggregate>> aggregate = AggregateCells(**plan, q);
  if (!aggregate.ok()) return aggregate.status();
  if (!*aggregate) return std::nullopt;
  return Answer{**std::move(plan), **std::move(aggregate)};
}

// The report from `view`; nullopt when the view cannot answer.
absl::StatusOr<std::optional<Report>> TryView(const Engine& engine, const View& view,
                                              const ReportQuery& q) {
  absl::StatusOr<std::optional<Answer>> answer = PlanAndAggregate(engine, view, q);
  if (!answer.ok()) return answer.status();
  if (!*answer) return std::nullopt;
  return Materialize(engine, (*answer)->plan, std::move((*answer)->aggregate), q);
}

}  // namespace

absl::StatusOr<Report> Build(const Engine& engine, const ReportQuery& q) {
  // Cheapest first: fewest dimensions, then the coarsest grain.
  std::vector<const View*> views;
  for (const View& v : engine.impl().views().views()) views.push_back(&v);
  std::stable_sort(views.begin(), views.end(), [](const View* a, const View* b) {
    const auto dims = [](const View* v) {
      return v->spec().group_by.size() + v->spec().sla_group_by.size();
    };
    if (dims(a) != dims(b)) return dims(a) < dims(b);
    return GrainRank(a->spec().grain) > GrainRank(b->spec().grain);
  });
  // The volume patterns need hourly cells: hour views first.
  if (WantsVolume(q)) {
    std::stable_partition(views.begin(), views.end(),
                          [](const View* v) { return v->spec().grain == Grain::kHour; });
  }
  // A view answers only the metrics it keeps. A query without "metrics" is
  // answered by a view that keeps all, else by the first that fits, with
  // the metrics it keeps.
  std::vector<const View*> lacking;
  for (const View* v : views) {
    if (!Unkept(*v, q).empty()) {
      lacking.push_back(v);
      continue;
    }
    absl::StatusOr<std::optional<Report>> r = TryView(engine, *v, q);
    if (!r.ok()) return r.status();
    if (*r) return **std::move(r);
  }
  for (const View* v : lacking) {
    ReportQuery kept = q;
    std::erase_if(kept.metrics, [&](Metric m) { return !v->spec().metrics.Has(m); });
    if (kept.metrics.empty()) kept.metrics = {Metric::kTicketsCreated};  // only to see if it fits
    if (q.all_metrics) {
      absl::StatusOr<std::optional<Report>> r = TryView(engine, *v, kept);
      if (!r.ok()) return r.status();
      if (*r) return **std::move(r);
      continue;
    }
    // The view would answer but for the metrics it does not keep (or would
    // fail as any view would): name them.
    absl::StatusOr<std::optional<Answer>> fits = PlanAndAggregate(engine, *v, kept);
    if (!fits.ok() || *fits) return NeedMetrics(engine, *v, Unkept(*v, q));
  }
  return NeedView(q);
}

}  // namespace csm::report
