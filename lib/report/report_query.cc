#include "csm/report/report_query.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"
#include "csm/report/internal/query_fields.h"

namespace csm::report {
namespace {

using nlohmann::json;

absl::Status Invalid(std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("report query: ", AsAbsl(what)));
}

// "YYYY-MM-DD" as a local date.
std::optional<date::local_days> ParseDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const date::year_month_day ymd{date::year{std::stoi(s.substr(0, 4))},
                                 date::month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                                 date::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days{ymd};
}

// An instant from an ISO-8601 string with offset, a date (local midnight in
// `zone`), or epoch milliseconds.
absl::StatusOr<Instant> ParseBound(const json& v, std::string_view key, const TimeZone* zone) {
  if (v.is_number_integer()) {
    const Instant t = FromEpochMs(v.get<int64_t>());
    if (!InSupportedRange(t)) return Invalid(absl::StrCat(AsAbsl(key), " is outside 1970..2200"));
    return t;
  }
  if (!v.is_string()) return Invalid(absl::StrCat(AsAbsl(key), " must be a string or epoch ms"));
  const std::string& s = v.get_ref<const std::string&>();
  if (std::optional<date::local_days> day = ParseDate(s)) {
    const Instant t = zone->EarliestInstantOf(TimeZone::LocalTime{day->time_since_epoch()});
    if (InSupportedRange(t)) return t;
    return Invalid(absl::StrCat(AsAbsl(key), ": no such local midnight: ", s));
  }
  absl::StatusOr<Instant> t = ParseIsoInstant(s);
  if (!t.ok())
    return Invalid(absl::StrCat(AsAbsl(key), ": ", QuoteForError(AsStd(t.status().message()))));
  return *t;
}

// Sets q.group_by, q.sla_group_by and q.time_group_by.
absl::Status ParseDims(const json& v, ReportQuery& q) {
  if (!v.is_array()) return Invalid("group_by must be an array of dimension names");
  std::vector<Field> dims;
  std::vector<SlaDim> sla_dims;
  std::vector<TimeDim> time_dims;
  for (const json& name : v) {
    if (name.is_string()) {
      if (const std::optional<SlaDim> d = ParseSlaDim(name.get<std::string>())) {
        if (std::find(sla_dims.begin(), sla_dims.end(), *d) != sla_dims.end()) {
          return Invalid(absl::StrCat("group_by: \"", AsAbsl(SlaDimName(*d)), "\" repeated"));
        }
        sla_dims.push_back(*d);
        continue;
      }
    }
    std::optional<Field> f;
    std::optional<TimeDim> t;
    if (name.is_string()) {
      const std::string& n = name.get_ref<const std::string&>();
      f = ParseField(n);
      if (n == TimeDimName(TimeDim::kWeekday)) t = TimeDim::kWeekday;
      if (n == TimeDimName(TimeDim::kHourOfDay)) t = TimeDim::kHourOfDay;
    }
    if (t) {
      if (std::find(time_dims.begin(), time_dims.end(), *t) != time_dims.end()) {
        return Invalid(absl::StrCat("group_by: \"", AsAbsl(TimeDimName(*t)), "\" repeated"));
      }
      time_dims.push_back(*t);
      continue;
    }
    if (!f || !IsDimension(*f)) {
      return Invalid(absl::StrCat("group_by: ", QuoteJsonForError(name),
                                  " is not a dimension (agent, customer, group, channel, category, "
                                  "priority, segment, weekday, hour_of_day, sla_policy, "
                                  "sla_metric)"));
    }
    if (std::find(dims.begin(), dims.end(), *f) != dims.end()) {
      return Invalid(absl::StrCat("group_by: \"", AsAbsl(FieldName(*f)), "\" repeated"));
    }
    dims.push_back(*f);
  }
  std::sort(dims.begin(), dims.end());
  std::sort(sla_dims.begin(), sla_dims.end());
  std::sort(time_dims.begin(), time_dims.end());
  q.group_by = std::move(dims);
  q.sla_group_by = std::move(sla_dims);
  q.time_group_by = std::move(time_dims);
  return absl::OkStatus();
}

// The metrics the SLA dimensions are defined for (docs/metrics.md §7).
bool IsSlaMetric(Metric m) {
  return m == Metric::kSlaAchieved || m == Metric::kSlaBreached ||
         m == Metric::kSlaAchievementRate || m == Metric::kSlaBreachOverrun ||
         m == Metric::kSlaActive;
}

// The calendar of business_day_volume: a name in the config's calendars.
absl::StatusOr<std::string> ParseCalendarName(const json& v, const EngineConfig& config) {
  if (!v.is_string() || !config.calendars.contains(v.get<std::string>())) {
    return Invalid("calendar must name a calendar of the engine config");
  }
  return v.get<std::string>();
}

}  // namespace

std::string_view TimeDimName(TimeDim d) {
  return d == TimeDim::kWeekday ? "weekday" : "hour_of_day";
}

absl::StatusOr<ReportQuery> ReportQuery::FromJson(std::string_view text,
                                                  const EngineConfig& config) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return FromJson(json::object(), config);
  }
  absl::StatusOr<json> j = ParseJsonDocument(text, "report query");
  if (!j.ok()) return j.status();
  return FromJson(*j, config);
}

absl::StatusOr<ReportQuery> ReportQuery::FromJson(const json& j, const EngineConfig& config) {
  if (absl::Status s = CheckJsonTreeNesting(j, "report query"); !s.ok()) return s;
  if (!j.is_object()) return Invalid("must be a JSON object");
  static const std::set<std::string> kKeys = {"from",     "to",       "timezone", "grain",
                                              "group_by", "metrics",  "compare",  "filter",
                                              "view",     "calendar", "max_rows", "anomalies"};
  for (const auto& [key, value] : j.items()) {
    if (!kKeys.contains(key))
      return Invalid(absl::StrCat("unknown key \"", QuoteForError(key), "\""));
  }
  ReportQuery q;
  q.timezone = config.timezone;
  if (j.contains("view")) {
    if (j.contains("group_by") || j.contains("grain") || j.contains("timezone")) {
      return Invalid("\"view\" sets group_by, grain and timezone: give one or the others");
    }
    const json& v = j["view"];
    if (!v.is_number_unsigned() || v.get<uint64_t>() >= config.views.size()) {
      return Invalid(absl::StrCat("view must be an index below ", config.views.size()));
    }
    const ViewSpec& view = config.views[v.get<size_t>()];
    q.group_by = view.group_by;
    q.sla_group_by = view.sla_group_by;
    q.grain = view.grain;
    q.timezone = view.timezone;
  }
  if (j.contains("timezone")) {
    if (!j["timezone"].is_string()) return Invalid("timezone must be a string");
    q.timezone = j["timezone"].get<std::string>();
  }
  absl::StatusOr<const TimeZone*> zone = TimeZone::Locate(q.timezone);
  if (!zone.ok())
    return Invalid(absl::StrCat("unknown time zone \"", QuoteForError(q.timezone), "\""));
  q.zone = *zone;
  if (j.contains("grain")) {
    std::optional<Grain> g;
    if (j["grain"].is_string()) g = ParseGrain(j["grain"].get<std::string>());
    if (!g) return Invalid("grain must be 15min, 30min, hour, day, week, month or all");
    q.grain = *g;
  }
  if (j.contains("group_by")) {
    if (absl::Status s = ParseDims(j["group_by"], q); !s.ok()) return s;
  }
  for (const char* key : {"from", "to"}) {
    if (!j.contains(key) || j[key].is_null()) continue;
    absl::StatusOr<Instant> t = ParseBound(j[key], key, q.zone);
    if (!t.ok()) return t.status();
    (std::string_view(key) == "from" ? q.from : q.to) = *t;
  }
  if (q.from && q.to && *q.from >= *q.to) return Invalid("from must be before to");
  if (j.contains("metrics")) {
    const json& m = j["metrics"];
    if (!m.is_array()) return Invalid("metrics must be an array of metric ids");
    std::vector<bool> wanted(kMetricCount, false);
    for (const json& name : m) {
      std::optional<Metric> metric;
      if (name.is_string()) metric = ParseMetric(name.get<std::string>());
      if (!metric) return Invalid(absl::StrCat("unknown metric ", QuoteJsonForError(name)));
      wanted[static_cast<int>(*metric)] = true;
    }
    for (const MetricInfo& info : kMetrics) {
      if (wanted[static_cast<int>(info.id)]) q.metrics.push_back(info.id);
    }
    if (q.metrics.empty()) return Invalid("metrics is empty");
  } else if (!q.sla_group_by.empty()) {
    for (const MetricInfo& info : kMetrics) {
      if (IsSlaMetric(info.id)) q.metrics.push_back(info.id);
    }
  } else {
    for (const MetricInfo& info : kMetrics) q.metrics.push_back(info.id);
    q.all_metrics = true;
  }
  // An SLA dimension splits SLA outcomes only: a ticket or a call has no
  // policy or target metric of its own.
  if (!q.sla_group_by.empty()) {
    for (Metric m : q.metrics) {
      if (IsSlaMetric(m)) continue;
      return Invalid(absl::StrCat(
          "group_by \"", AsAbsl(SlaDimName(q.sla_group_by.front())),
          "\" splits only the SLA metrics (sla_achieved, sla_breached, sla_achievement_rate, "
          "sla_breach_overrun, sla_active); \"",
          AsAbsl(MetricName(m)), "\" is not one: ask for it in another report"));
    }
  }
  if (j.contains("compare") && !j["compare"].is_null()) {
    if (j["compare"] != "previous") return Invalid("compare must be \"previous\"");
    if (!q.from || !q.to) return Invalid("compare: \"previous\" needs from and to");
    q.compare_previous = true;
  }
  if (j.contains("anomalies") && !j["anomalies"].is_null()) {
    if (!j["anomalies"].is_boolean()) return Invalid("anomalies must be true or false");
    q.anomalies = j["anomalies"].get<bool>();
    if (q.anomalies && q.grain == Grain::kAll) {
      return Invalid("anomalies need a grain (15min … month): rows of grain all have no baseline");
    }
  }
  if (j.contains("max_rows") && !j["max_rows"].is_null()) {
    const json& m = j["max_rows"];
    if (!m.is_number_integer() || m.get<int64_t>() < 1 ||
        m.get<uint64_t>() > ReportQuery::kMostMaxRows) {
      return Invalid(
          absl::StrCat("max_rows must be an integer from 1 to ", ReportQuery::kMostMaxRows));
    }
    q.max_rows = m.get<uint64_t>();
  }
  if (j.contains("calendar") && !j["calendar"].is_null()) {
    absl::StatusOr<std::string> calendar = ParseCalendarName(j["calendar"], config);
    if (!calendar.ok()) return calendar.status();
    q.calendar = *std::move(calendar);
  }
  if (j.contains("filter")) {
    absl::StatusOr<DimensionFilter> filter = ParseDimensionFilter(j["filter"], "report query");
    if (!filter.ok()) return filter.status();
    q.filter = *std::move(filter);
    std::sort(q.filter.begin(), q.filter.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  return q;
}

}  // namespace csm::report
