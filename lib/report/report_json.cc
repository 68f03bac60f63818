// The JSON form of a Report (docs/metrics.md §8).
#include <cmath>
#include <variant>

#include "absl/strings/str_format.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"
#include "csm/report/customer_history.h"
#include "csm/report/report.h"
#include "csm/report/staffing_forecast.h"
#include "csm/report/staffing_json.h"

namespace csm::report {
namespace {

using json = nlohmann::ordered_json;

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// A sum of whole units as an integer when it is one.
json Number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9.0e15) return json(static_cast<int64_t>(v));
  return json(v);
}

// {"count", "mean", "min", "max", "p50", "p90", "p95", "p99", "exact"}; null
// without samples.
json SummaryJson(const Summary& s) {
  if (s.count == 0) return nullptr;
  json out;
  out["count"] = s.count;
  out["mean"] = s.mean;
  out["min"] = Optional(s.min);
  out["max"] = Optional(s.max);
  out["p50"] = Optional(s.p50);
  out["p90"] = Optional(s.p90);
  out["p95"] = Optional(s.p95);
  out["p99"] = Optional(s.p99);
  out["exact"] = s.exact;
  return out;
}

json ClockJson(const ClockSummary& c) {
  json s = SummaryJson(c.stats);
  if (s.is_null()) return s;
  s["histogram"] = {{"edges", c.edges}, {"counts", c.counts}};
  return s;
}

// {"count", "mean", "max", "total"} in seconds; only "total" without spans.
json TimeTotalJson(const TimeTotal& t) {
  json out;
  if (t.count > 0) {
    out["count"] = t.count;
    out["mean"] = t.mean;
    out["max"] = Optional(t.max);
  }
  out["total"] = t.total;
  return out;
}

// The JSON of one typed value (METRICS.md §8 value shapes).
struct ValueJson {
  json operator()(std::monostate) const { return nullptr; }
  json operator()(const Count& c) const { return c.value; }
  json operator()(const Backlog& b) const { return b.open; }
  json operator()(const DurationSummary& d) const {
    return {{"calendar", ClockJson(d.calendar)}, {"business", ClockJson(d.business)}};
  }
  json operator()(const Summary& s) const { return SummaryJson(s); }
  json operator()(const Rate& r) const {
    return {{"value", r.percent},
            {"numerator", Number(r.numerator)},
            {"denominator", Number(r.denominator)}};
  }
  json operator()(const TimeRate& r) const {
    return {{"value", r.percent},
            {"numerator", r.numerator_seconds},
            {"denominator", r.denominator_seconds}};
  }
  json operator()(const StepAbandons& a) const {
    json steps = json::object();
    for (const auto& [name, n] : a.steps) steps[name] = n;
    return {{"in_ivr", a.in_ivr}, {"in_queue", a.in_queue}, {"steps", std::move(steps)}};
  }
  json operator()(const CostPerContact& c) const {
    return {{"value", Optional(c.value)},
            {"cost", Optional(c.cost)},
            {"contacts_handled", c.contacts_handled}};
  }
  json operator()(const AssignedTime& a) const {
    return {{"calendar", TimeTotalJson(a.calendar)}, {"business", TimeTotalJson(a.business)}};
  }
  json operator()(Structured&& s) const { return std::move(s.json); }
};

// `bucket_length`: the row's bucket (0 for grain all), for staffing.
json Value(Metric m, const Period& p, const Report& report, Millis bucket_length) {
  return std::visit(ValueJson{}, ValueOf(report, p, m, bucket_length));
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
  // An open range: where the data starts and ends, for the heading.
  if (!q.from || !q.to) {
    for (const auto& [key, t] : {std::pair{"first_event", report.first_event},
                                 std::pair{"last_event", report.last_event}}) {
      out[key] = t ? json(FormatIsoInstant(*t, q.zone)) : json(nullptr);
    }
  }
  out["timezone"] = q.timezone;
  out["grain"] = std::string(GrainName(q.grain));
  json group_by = json::array();
  for (Field f : q.group_by) group_by.push_back(std::string(FieldName(f)));
  for (SlaDim d : q.sla_group_by) group_by.push_back(std::string(SlaDimName(d)));
  for (TimeDim d : q.time_group_by) group_by.push_back(std::string(TimeDimName(d)));
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
    for (size_t i = 0; i < q.sla_group_by.size(); ++i) {
      const std::optional<std::string>& name = row.dims[q.group_by.size() + i];
      r[std::string(SlaDimName(q.sla_group_by[i]))] = name ? json(*name) : json(nullptr);
    }
    const size_t time_at = q.group_by.size() + q.sla_group_by.size();
    for (size_t i = 0; i < q.time_group_by.size(); ++i) {
      const std::string& value = *row.dims[time_at + i];
      // The hour of day is a number; the weekday its name.
      r[std::string(TimeDimName(q.time_group_by[i]))] =
          q.time_group_by[i] == TimeDim::kHourOfDay ? json(std::stoi(value)) : json(value);
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
    if (q.anomalies) {
      json anomalies = json::object();
      for (const CountAnomaly& a : row.anomalies) {
        anomalies[std::string(MetricName(a.metric))] = {
            {"expected", a.score ? json(a.score->expected) : json(nullptr)},
            {"score", a.score ? Number(a.score->score) : json(nullptr)},
            {"flag", a.flag ? json(std::string(AnomalyName(*a.flag))) : json(nullptr)}};
      }
      r["anomalies"] = std::move(anomalies);
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
  if (query_json.find("\"forecast\"") != std::string_view::npos) {
    const nlohmann::json j =
        nlohmann::json::parse(query_json.begin(), query_json.end(), nullptr, false);
    if (j.is_object() && j.contains("forecast")) {
      absl::StatusOr<json> forecast = StaffingForecast(engine, j);
      if (!forecast.ok()) return forecast.status();
      return forecast->dump();
    }
  }
  absl::StatusOr<ReportQuery> q = ReportQuery::FromJson(query_json, engine.config());
  if (!q.ok()) return q.status();
  absl::StatusOr<Report> report = Build(engine, *q);
  if (!report.ok()) return report.status();
  return ToJson(*report).dump();
}

}  // namespace csm::report
