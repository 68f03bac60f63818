// The JSON form of a Report (docs/metrics.md §8).
#include <cmath>

#include "absl/strings/str_format.h"
#include "csm/model/iso8601.h"
#include "csm/model/json_limits.h"
#include "csm/report/customer_history.h"
#include "csm/report/report.h"
#include "csm/report/staffing_json.h"

namespace csm::report {
namespace {

using json = nlohmann::ordered_json;

constexpr double kQuantiles[] = {0.5, 0.9, 0.95, 0.99};
constexpr const char* kQuantileNames[] = {"p50", "p90", "p95", "p99"};

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// A sum of whole units as an integer when it is one.
json Number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9.0e15) return json(static_cast<int64_t>(v));
  return json(v);
}

// {"count", "mean", "min", "max", "p50", "p90", "p95", "p99"} over values
// `scale` times the recorded unit; `exact` holds count, sum, min, max.
json Statistics(const Moments& exact, const QuantileSketch& sketch, uint64_t retracted,
                double scale) {
  const uint64_t n = exact.count();
  if (n == 0) return nullptr;
  json s;
  s["count"] = n;
  s["mean"] = exact.sum() / static_cast<double>(n) * scale;
  // Moments cannot take back a min / max; after a retraction the sketch's
  // extremes (within its accuracy) are the honest ones.
  if (retracted == 0) {
    s["min"] = *exact.min() * scale;
    s["max"] = *exact.max() * scale;
  } else {
    s["min"] = Optional(sketch.Quantile(0));
    s["max"] = Optional(sketch.Quantile(1));
  }
  for (int i = 0; i < 4; ++i) s[kQuantileNames[i]] = Optional(sketch.Quantile(kQuantiles[i]));
  return s;
}

json ClockJson(const ClockStats& c) {
  json s = Statistics(c.millis, c.seconds, c.retracted, 1.0 / 1000);
  if (s.is_null()) return s;
  s["histogram"] = {{"edges", c.histogram.edges()}, {"counts", c.histogram.counts()}};
  return s;
}

// Contact center: abandons before the queue per IVR step, and the queue
// abandons beside them. Null when there are none of either.
json StepAbandonsJson(const MetricCell& cell, const std::vector<std::string>& step_names) {
  uint64_t in_ivr = 0;
  json steps = json::object();
  if (const StepCounts* counts = cell.step_abandons()) {
    for (const auto& [step, n] : *counts) {
      in_ivr += n;
      if (step != 0 && step < step_names.size()) steps[step_names[step]] = n;
    }
  }
  const uint64_t in_queue = cell.count(Info(Metric::kContactsAbandoned).slot).value();
  if (in_ivr == 0 && in_queue == 0) return nullptr;
  return {{"in_ivr", in_ivr}, {"in_queue", in_queue}, {"steps", std::move(steps)}};
}

// Σ cost ÷ contacts handled (answered contacts + solved tickets).
json CostPerContactJson(const MetricCell& cell) {
  const uint64_t handled = cell.count(Info(Metric::kContactsAnswered).slot).value() +
                           cell.count(Info(Metric::kTicketsSolved).slot).value();
  const Moments& cost = cell.cost();
  if (cost.count() == 0 && handled == 0) return nullptr;
  const bool known = cost.count() > 0;
  return {{"value",
           known && handled > 0 ? json(cost.sum() / static_cast<double>(handled)) : json(nullptr)},
          {"cost", known ? json(cost.sum()) : json(nullptr)},
          {"contacts_handled", handled}};
}

// `bucket_length`: the row's bucket (0 for grain all), for staffing.
json Value(Metric m, const Period& p, const Report& report, Millis bucket_length) {
  const MetricInfo& info = Info(m);
  if (info.kind == MetricKind::kBacklog) return p.backlog ? json(*p.backlog) : json(nullptr);
  if (info.kind == MetricKind::kVolume) return VolumeValue(m, p.volume);
  if (!p.cell) return nullptr;
  const MetricCell& cell = *p.cell;
  switch (info.kind) {
    case MetricKind::kCount:
      return cell.count(info.slot).value();
    case MetricKind::kDuration: {
      const DurationStats* d = cell.duration(info.slot);
      if (d == nullptr || d->calendar().millis.count() == 0) return nullptr;
      return {{"calendar", ClockJson(d->calendar())}, {"business", ClockJson(d->business())}};
    }
    case MetricKind::kDistribution: {
      const DistributionStats* d = cell.distribution(info.slot);
      if (d == nullptr) return nullptr;
      return Statistics(d->values, d->sketch, d->retracted, 1.0);
    }
    case MetricKind::kRate: {
      const Ratio& r = cell.rate(info.slot);
      if (r.denominator() == 0) return nullptr;
      return {{"value", *r.percent()},
              {"numerator", Number(r.numerator())},
              {"denominator", Number(r.denominator())}};
    }
    case MetricKind::kTimeRate: {
      // Agent milliseconds, reported in seconds.
      const Ratio& r = cell.time_rate(info.slot);
      if (r.denominator() == 0) return nullptr;
      return {{"value", *r.percent()},
              {"numerator", r.numerator() / 1000},
              {"denominator", r.denominator() / 1000}};
    }
    case MetricKind::kStepAbandons:
      return StepAbandonsJson(cell, report.step_names);
    case MetricKind::kCostPerContact:
      return CostPerContactJson(cell);
    case MetricKind::kExperience:
      return ExperienceValue(m, cell.experience(), {&report.options, report.hashed_names.get()});
    case MetricKind::kStaffing:
      return StaffingValue(cell, bucket_length, report.options.staffing);
    case MetricKind::kBacklog:
    case MetricKind::kVolume:
      break;
  }
  return nullptr;
}

// {"absolute": now - before, "percent": relative change} (null where undefined).
json Delta(const json& now, const json& before) {
  if (!now.is_number() || !before.is_number()) return nullptr;
  const double a = now.get<double>();
  const double b = before.get<double>();
  return {{"absolute", Number(a - b)},
          {"percent", b != 0 ? json((a - b) / b * 100) : json(nullptr)}};
}

json Change(Metric m, const json& now, const json& before) {
  if (now.is_null() || before.is_null()) return nullptr;
  switch (Info(m).kind) {
    case MetricKind::kCount:
    case MetricKind::kBacklog:
      return Delta(now, before);
    case MetricKind::kDuration: {
      json out;
      for (const char* clock : {"calendar", "business"}) {
        json c;
        for (const char* stat : {"count", "mean", "p50", "p90"}) {
          c[stat] = Delta(now[clock][stat], before[clock][stat]);
        }
        out[clock] = std::move(c);
      }
      return out;
    }
    case MetricKind::kDistribution:
      return {{"mean", Delta(now["mean"], before["mean"])}};
    case MetricKind::kRate:
    case MetricKind::kTimeRate:
    case MetricKind::kCostPerContact:
      return {{"value", Delta(now["value"], before["value"])}};
    case MetricKind::kStepAbandons:
      return {{"in_ivr", Delta(now["in_ivr"], before["in_ivr"])},
              {"in_queue", Delta(now["in_queue"], before["in_queue"])}};
    case MetricKind::kExperience:
    case MetricKind::kVolume:
      return ExperienceChange(m, now, before);
    case MetricKind::kStaffing:
      return {{"scheduled", Delta(now["scheduled"], before["scheduled"])},
              {"staffed", Delta(now["staffed"], before["staffed"])}};
  }
  return nullptr;
}

}  // namespace

std::string BucketLabel(Instant start, Grain grain, const TimeZone* zone) {
  if (grain == Grain::kAll) return "all";
  if (grain == Grain::kHour || grain == Grain::kHalfHour || grain == Grain::kQuarterHour) {
    return FormatIsoInstant(start, zone);
  }
  const auto local = zone->ToLocal(start);
  const date::local_days day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  if (grain == Grain::kMonth) {
    return absl::StrFormat("%04d-%02u", static_cast<int>(ymd.year()),
                           static_cast<unsigned>(ymd.month()));
  }
  if (grain == Grain::kWeek) {
    // ISO week: the week (Monday first) that holds the year's first Thursday is week 1.
    const date::weekday wd{day};
    const date::local_days monday = day - date::days{(wd.c_encoding() + 6) % 7};
    const date::local_days thursday = monday + date::days{3};
    const date::year iso_year = date::year_month_day{thursday}.year();
    const date::local_days jan1{iso_year / date::January / 1};
    const int week = static_cast<int>((thursday - jan1).count() / 7) + 1;
    return absl::StrFormat("%04d-W%02d", static_cast<int>(iso_year), week);
  }
  return absl::StrFormat("%04d-%02u-%02u", static_cast<int>(ymd.year()),
                         static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

json ToJson(const Report& report) {
  const ReportQuery& q = report.query;
  json out;
  out["from"] = q.from ? json(FormatIsoInstant(*q.from, q.zone)) : json(nullptr);
  out["to"] = q.to ? json(FormatIsoInstant(*q.to, q.zone)) : json(nullptr);
  out["timezone"] = q.timezone;
  out["grain"] = std::string(GrainName(q.grain));
  json group_by = json::array();
  for (Field f : q.group_by) group_by.push_back(std::string(FieldName(f)));
  out["group_by"] = group_by;
  if (q.compare_previous) out["compare"] = "previous";
  if (q.has_filter()) {
    json filter = json::object();
    for (const auto& [f, values] : q.filter) filter[std::string(FieldName(f))] = values;
    out["filter"] = filter;
  }
  json rows = json::array();
  for (const Row& row : report.rows) {
    json r;
    r["bucket"] = BucketLabel(row.bucket_start, q.grain, q.zone);
    for (size_t i = 0; i < q.group_by.size(); ++i) {
      r[std::string(FieldName(q.group_by[i]))] = row.dims[i] ? json(*row.dims[i]) : json(nullptr);
    }
    json previous, change;
    const Millis bucket_length =
        q.grain == Grain::kAll ? Millis{0}
                               : BucketOf(row.bucket_start, q.grain, q.zone).end - row.bucket_start;
    for (Metric m : q.metrics) {
      const std::string name(MetricName(m));
      r[name] = Value(m, row.current, report, bucket_length);
      if (row.previous) {
        previous[name] = Value(m, *row.previous, report, bucket_length);
        change[name] = Change(m, r[name], previous[name]);
      }
    }
    if (row.previous) {
      r["previous"] = std::move(previous);
      r["change"] = std::move(change);
    }
    rows.push_back(std::move(r));
  }
  out["rows"] = std::move(rows);
  uint64_t total = 0;
  json reasons = json::object();
  for (int i = 1; i <= kRejectReasonCount; ++i) {
    if (report.rejected[i] == 0) continue;
    total += report.rejected[i];
    reasons[std::string(RejectReasonName(static_cast<RejectReason>(i)))] = report.rejected[i];
  }
  out["rejected"] = {{"count", total}, {"reasons", reasons}};
  return out;
}

absl::StatusOr<std::string> RunJson(const Engine& engine, std::string_view query_json) {
  if (absl::Status s = CheckJsonNesting(query_json, "report query"); !s.ok()) return s;
  if (query_json.find("\"customer_history\"") != std::string_view::npos) {
    const nlohmann::json j =
        nlohmann::json::parse(query_json.begin(), query_json.end(), nullptr, false);
    if (j.is_object() && j.contains("customer_history")) {
      absl::StatusOr<json> history = CustomerHistory(engine, j);
      if (!history.ok()) return history.status();
      return history->dump();
    }
  }
  absl::StatusOr<ReportQuery> q = ReportQuery::FromJson(query_json, engine.config());
  if (!q.ok()) return q.status();
  absl::StatusOr<Report> report = Build(engine, *q);
  if (!report.ok()) return report.status();
  return ToJson(*report).dump();
}

}  // namespace csm::report
