#include "csm/engine/engine_config.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "csm/model/absl_compat.h"
#include "csm/model/json_limits.h"

namespace csm {
namespace {

using nlohmann::json;

absl::Status Invalid(std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("engine config: ", AsAbsl(where), ": ", AsAbsl(what)));
}

// Checks that `object` is a JSON object whose keys are all in `allowed`.
absl::Status CheckKeys(const json& object, std::string_view where,
                       std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) return Invalid(where, "must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Invalid(where, absl::StrCat("unknown key \"", QuoteForError(key), "\""));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> GetString(const json& value, std::string_view where) {
  if (!value.is_string()) return Invalid(where, "must be a string");
  return value.get<std::string>();
}

// A non-negative number of seconds (at most 100 years), as Millis.
absl::StatusOr<Millis> GetSeconds(const json& value, std::string_view where) {
  if (!value.is_number()) return Invalid(where, "must be a number of seconds");
  const double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 100.0 * 366 * 86400) {
    return Invalid(where, "must be between 0 and 100 years");
  }
  return Millis{std::llround(seconds * 1000)};
}

template <typename Enum>
absl::StatusOr<Enum> GetChoice(const json& value, std::string_view where,
                               std::initializer_list<std::pair<std::string_view, Enum>> choices) {
  if (!value.is_string()) return Invalid(where, "must be a string");
  const std::string s = value.get<std::string>();
  std::string names;
  for (const auto& [name, e] : choices) {
    if (name == s) return e;
    absl::StrAppend(&names, names.empty() ? "" : ", ", AsAbsl(name));
  }
  return Invalid(where, absl::StrCat("\"", QuoteForError(s), "\" is not one of ", names));
}

// The integer options of the experience metrics, each in its range.
absl::Status ParseExperienceInteger(const std::string& key, const json& v, EngineOptions& o) {
  struct Range {
    const char* key;
    int lo, hi;
    int EngineOptions::*field;
  };
  static constexpr Range kRanges[] = {
      {"csat_scale", 2, 10, &EngineOptions::csat_scale},
      {"csat_satisfied_min", 1, 10, &EngineOptions::csat_satisfied_min},
      {"csat_dissatisfied_max", 0, 9, &EngineOptions::csat_dissatisfied_max},
      {"spike_weeks", 2, 520, &EngineOptions::spike_weeks},
      {"top_k", 1, 1000, &EngineOptions::top_k},
  };
  for (const Range& r : kRanges) {
    if (key != r.key) continue;
    if (!v.is_number_integer() || v.get<int64_t>() < r.lo || v.get<int64_t>() > r.hi) {
      return Invalid("options." + key,
                     absl::StrCat("must be an integer from ", r.lo, " to ", r.hi));
    }
    o.*r.field = v.get<int>();
  }
  return absl::OkStatus();
}

absl::Status ParseOptions(const json& j, EngineOptions& o) {
  if (absl::Status s =
          CheckKeys(j, "options",
                    {"first_reply_start", "fcr", "histogram_edges", "attribution",
                     "allowed_lateness", "reopen_window", "csat_satisfied_min", "repeat_window",
                     "service_level_threshold", "service_level_denominator", "short_abandon",
                     "csat_scale", "csat_dissatisfied_max", "spike_sigma", "spike_weeks", "top_k",
                     "max_open_tickets", "max_distinct_values", "forget_released_after"});
      !s.ok()) {
    return s;
  }
#define CSM_ASSIGN(target, expr)      \
  do {                                \
    auto _v = (expr);                 \
    if (!_v.ok()) return _v.status(); \
    target = *std::move(_v);          \
  } while (0)
  for (const auto& [key, v] : j.items()) {
    const std::string where = "options." + key;
    if (key == "first_reply_start") {
      CSM_ASSIGN(o.first_reply_start,
                 GetChoice<FirstReplyStart>(v, where,
                                            {{"created", FirstReplyStart::kCreated},
                                             {"last_handoff", FirstReplyStart::kLastHandoff}}));
    } else if (key == "fcr") {
      CSM_ASSIGN(o.fcr, GetChoice<FcrPolicy>(v, where,
                                             {{"one_touch", FcrPolicy::kOneTouch},
                                              {"first_reply_solves", FcrPolicy::kFirstReplySolves},
                                              {"no_followup", FcrPolicy::kNoFollowup}}));
    } else if (key == "attribution") {
      CSM_ASSIGN(o.attribution, GetChoice<Attribution>(v, where,
                                                       {{"completed", Attribution::kCompleted},
                                                        {"created", Attribution::kCreated}}));
    } else if (key == "service_level_denominator") {
      CSM_ASSIGN(
          o.service_level_denominator,
          GetChoice<ServiceLevelDenominator>(
              v, where,
              {{"answered_plus_late_abandons", ServiceLevelDenominator::kAnsweredPlusLateAbandons},
               {"offered", ServiceLevelDenominator::kOffered}}));
    } else if (key == "histogram_edges") {
      if (!v.is_array() || v.empty() || v.size() > 256) {
        return Invalid(where, "must be an array of 1 to 256 numbers of seconds");
      }
      std::vector<double> edges;
      for (const json& e : v) {
        if (!e.is_number()) return Invalid(where, "must hold numbers");
        const double x = e.get<double>();
        if (!std::isfinite(x) || x <= 0) return Invalid(where, "edges must be finite and > 0");
        if (!edges.empty() && x <= edges.back()) return Invalid(where, "edges must increase");
        edges.push_back(x);
      }
      o.histogram_edges = std::move(edges);
    } else if (key == "csat_satisfied_min" || key == "csat_dissatisfied_max" ||
               key == "csat_scale" || key == "spike_weeks" || key == "top_k") {
      if (absl::Status s = ParseExperienceInteger(key, v, o); !s.ok()) return s;
    } else if (key == "spike_sigma") {
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 ||
          v.get<double>() > 100) {
        return Invalid(where, "must be a number from 0 to 100");
      }
      o.spike_sigma = v.get<double>();
    } else if (key == "max_open_tickets" || key == "max_distinct_values") {
      // Up to 2^31 - 1 (the most ids a field can have); 0 would refuse everything.
      constexpr int64_t kMost = 0x7FFFFFFF;
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > kMost) {
        return Invalid(where, absl::StrCat("must be an integer from 1 to ", kMost));
      }
      if (key == "max_open_tickets") {
        o.max_open_tickets = v.get<uint64_t>();
      } else {
        o.max_distinct_values = v.get<uint32_t>();
      }
    } else if (key == "allowed_lateness") {
      CSM_ASSIGN(o.allowed_lateness, GetSeconds(v, where));
    } else if (key == "forget_released_after") {
      CSM_ASSIGN(o.forget_released_after, GetSeconds(v, where));
    } else if (key == "reopen_window") {
      CSM_ASSIGN(o.reopen_window, GetSeconds(v, where));
    } else if (key == "repeat_window") {
      CSM_ASSIGN(o.repeat_window, GetSeconds(v, where));
    } else if (key == "service_level_threshold") {
      CSM_ASSIGN(o.service_level_threshold, GetSeconds(v, where));
    } else if (key == "short_abandon") {
      CSM_ASSIGN(o.short_abandon, GetSeconds(v, where));
    }
  }
#undef CSM_ASSIGN
  // The csat thresholds must fit the scale and each other.
  if (o.csat_satisfied_min > o.csat_scale) {
    return Invalid("options.csat_satisfied_min", "must not exceed csat_scale");
  }
  if (o.csat_dissatisfied_max >= o.csat_satisfied_min) {
    return Invalid("options.csat_dissatisfied_max", "must be below csat_satisfied_min");
  }
  return absl::OkStatus();
}

// A view's "metrics": a non-empty array of metric ids (METRICS.md §8).
absl::StatusOr<MetricSet> ParseMetrics(const json& j, const std::string& where) {
  if (!j.is_array() || j.empty()) return Invalid(where, "must be a non-empty array of metric ids");
  MetricSet set;
  for (const json& name : j) {
    if (!name.is_string()) return Invalid(where, "must hold strings (metric ids)");
    const std::optional<Metric> m = ParseMetric(name.get<std::string>());
    if (!m) {
      return Invalid(where,
                     absl::StrCat("unknown metric \"", QuoteForError(name.get<std::string>()),
                                  "\" (the ids of METRICS.md §8, e.g. first_reply_time)"));
    }
    if (set.Has(*m)) {
      return Invalid(where,
                     absl::StrCat("\"", QuoteForError(name.get<std::string>()), "\" repeated"));
    }
    set.Add(*m);
  }
  return set;
}

absl::StatusOr<ViewSpec> ParseView(const json& j, const std::string& where,
                                   const std::string& default_zone) {
  if (absl::Status s = CheckKeys(j, where, {"group_by", "grain", "timezone", "metrics"}); !s.ok())
    return s;
  ViewSpec view;
  view.timezone = default_zone;
  if (j.contains("group_by")) {
    const json& g = j["group_by"];
    if (!g.is_array()) return Invalid(where + ".group_by", "must be an array of dimension names");
    for (const json& name : g) {
      if (!name.is_string()) return Invalid(where + ".group_by", "must hold strings");
      const std::optional<Field> f = ParseField(name.get<std::string>());
      if (!f || !IsDimension(*f)) {
        return Invalid(where + ".group_by",
                       absl::StrCat("\"", QuoteForError(name.get<std::string>()),
                                    "\" is not a dimension (agent, customer, group, channel, "
                                    "category, priority, segment)"));
      }
      if (view.Has(*f)) {
        return Invalid(where + ".group_by",
                       absl::StrCat("\"", AsAbsl(FieldName(*f)), "\" repeated"));
      }
      view.group_by.push_back(*f);
    }
    std::sort(view.group_by.begin(), view.group_by.end());
  }
  if (j.contains("grain")) {
    if (!j["grain"].is_string()) return Invalid(where + ".grain", "must be a string");
    std::optional<Grain> g = ParseGrain(j["grain"].get<std::string>());
    if (!g) return Invalid(where + ".grain", "must be hour, day, week, month or all");
    view.grain = *g;
  }
  if (j.contains("timezone")) {
    absl::StatusOr<std::string> tz = GetString(j["timezone"], where + ".timezone");
    if (!tz.ok()) return tz.status();
    if (absl::Status s = CheckTimeZone(*tz); !s.ok())
      return Invalid(where + ".timezone", AsStd(s.message()));
    view.timezone = *tz;
  }
  if (j.contains("metrics")) {
    absl::StatusOr<MetricSet> metrics = ParseMetrics(j["metrics"], where + ".metrics");
    if (!metrics.ok()) return metrics.status();
    view.metrics = *metrics;
  }
  return view;
}

}  // namespace

bool ViewSpec::Has(Field f) const {
  return std::find(group_by.begin(), group_by.end(), f) != group_by.end();
}

absl::Status CheckTimeZone(std::string_view name) {
  if (!TimeZone::Locate(name).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown time zone \"", QuoteForError(name), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<EngineConfig> EngineConfig::FromJson(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return FromJson(json::object());
  absl::StatusOr<json> j = ParseJsonDocument(text, "engine config");
  if (!j.ok()) return j.status();
  return FromJson(*j);
}

absl::StatusOr<EngineConfig> EngineConfig::FromJson(const json& j) {
  if (absl::Status s = CheckJsonTreeNesting(j, "engine config"); !s.ok()) return s;
  if (absl::Status s = CheckKeys(j, "top level",
                                 {"timezone", "calendars", "group_calendars", "views", "options"});
      !s.ok()) {
    return s;
  }
  EngineConfig config;
  if (j.contains("timezone")) {
    absl::StatusOr<std::string> tz = GetString(j["timezone"], "timezone");
    if (!tz.ok()) return tz.status();
    if (absl::Status s = CheckTimeZone(*tz); !s.ok())
      return Invalid("timezone", AsStd(s.message()));
    config.timezone = *tz;
  }
  if (j.contains("calendars")) {
    if (!j["calendars"].is_object())
      return Invalid("calendars", "must map names to calendar specs");
    config.calendars = j["calendars"];
  }
  if (j.contains("group_calendars")) {
    const json& g = j["group_calendars"];
    if (!g.is_object()) return Invalid("group_calendars", "must map group names to calendar names");
    for (const auto& [group, cal] : g.items()) {
      const std::string where = "group_calendars." + QuoteForError(group);
      absl::StatusOr<std::string> name = GetString(cal, where);
      if (!name.ok()) return name.status();
      if (!config.calendars.contains(*name)) {
        return Invalid(where, absl::StrCat("no calendar named \"", QuoteForError(*name), "\""));
      }
      config.group_calendars[group] = *name;
    }
  }
  if (j.contains("views")) {
    const json& v = j["views"];
    if (!v.is_array() || v.empty()) return Invalid("views", "must be a non-empty array");
    for (size_t i = 0; i < v.size(); ++i) {
      absl::StatusOr<ViewSpec> view =
          ParseView(v[i], absl::StrCat("views[", i, "]"), config.timezone);
      if (!view.ok()) return view.status();
      for (const ViewSpec& earlier : config.views) {
        if (earlier.SameShape(*view)) {
          return Invalid(absl::StrCat("views[", i, "]"),
                         "repeats an earlier view (one view keeps the metrics of both)");
        }
      }
      config.views.push_back(*std::move(view));
    }
  } else {
    ViewSpec total;
    total.timezone = config.timezone;
    config.views.push_back(total);
  }
  if (j.contains("options")) {
    if (absl::Status s = ParseOptions(j["options"], config.options); !s.ok()) return s;
  }
  return config;
}

json EngineConfig::ToJson() const {
  auto seconds = [](Millis m) { return static_cast<double>(m.count()) / 1000.0; };
  json views_json = json::array();
  for (const ViewSpec& v : views) {
    json dims = json::array();
    for (Field f : v.group_by) dims.push_back(std::string(FieldName(f)));
    json metrics = json::array();
    for (Metric m : v.metrics.List()) metrics.push_back(std::string(MetricName(m)));
    views_json.push_back({{"group_by", dims},
                          {"grain", std::string(GrainName(v.grain))},
                          {"timezone", v.timezone},
                          {"metrics", metrics}});
  }
  const EngineOptions& o = options;
  json opts = {
      {"first_reply_start",
       o.first_reply_start == FirstReplyStart::kCreated ? "created" : "last_handoff"},
      {"fcr", o.fcr == FcrPolicy::kOneTouch
                  ? "one_touch"
                  : (o.fcr == FcrPolicy::kFirstReplySolves ? "first_reply_solves" : "no_followup")},
      {"histogram_edges", o.histogram_edges},
      {"attribution", o.attribution == Attribution::kCompleted ? "completed" : "created"},
      {"allowed_lateness", seconds(o.allowed_lateness)},
      {"reopen_window", seconds(o.reopen_window)},
      {"csat_satisfied_min", o.csat_satisfied_min},
      {"repeat_window", seconds(o.repeat_window)},
      {"service_level_threshold", seconds(o.service_level_threshold)},
      {"service_level_denominator", o.service_level_denominator == ServiceLevelDenominator::kOffered
                                        ? "offered"
                                        : "answered_plus_late_abandons"},
      {"short_abandon", seconds(o.short_abandon)},
      {"csat_scale", o.csat_scale},
      {"csat_dissatisfied_max", o.csat_dissatisfied_max},
      {"spike_sigma", o.spike_sigma},
      {"spike_weeks", o.spike_weeks},
      {"top_k", o.top_k},
      {"max_open_tickets", o.max_open_tickets},
      {"max_distinct_values", o.max_distinct_values},
      {"forget_released_after", seconds(o.forget_released_after)},
  };
  return {{"timezone", timezone},
          {"calendars", calendars},
          {"group_calendars", group_calendars},
          {"views", views_json},
          {"options", opts}};
}

}  // namespace csm
