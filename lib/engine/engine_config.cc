#include "csm/engine/engine_config.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"
#include "lib/engine/config_errors.h"

namespace csm {
namespace {

using nlohmann::json;

using config::CheckKeys;
using config::Invalid;

absl::StatusOr<std::string> GetString(const json& value, std::string_view where) {
  if (!value.is_string()) return Invalid(where, "must be a string");
  return value.get<std::string>();
}

// The names of an enum option's values, in the order error messages list them.
template <typename Enum>
struct Choice {
  std::string_view name;
  Enum value;
};
constexpr Choice<FirstReplyStart> kFirstReplyStarts[] = {
    {"created", FirstReplyStart::kCreated}, {"last_handoff", FirstReplyStart::kLastHandoff}};
constexpr Choice<FcrPolicy> kFcrPolicies[] = {{"one_touch", FcrPolicy::kOneTouch},
                                              {"first_reply_solves", FcrPolicy::kFirstReplySolves},
                                              {"no_followup", FcrPolicy::kNoFollowup}};
constexpr Choice<Attribution> kAttributions[] = {{"completed", Attribution::kCompleted},
                                                 {"created", Attribution::kCreated}};
constexpr Choice<ServiceLevelDenominator> kServiceLevelDenominators[] = {
    {"answered_plus_late_abandons", ServiceLevelDenominator::kAnsweredPlusLateAbandons},
    {"offered", ServiceLevelDenominator::kOffered}};

// One entry of "options": its key, how its JSON value is checked and stored,
// and how it is printed back (ToJson). The table below is the only place an
// option is named.
struct Option {
  std::string_view key;
  absl::Status (*parse)(const json& value, const std::string& where, EngineOptions& o);
  json (*print)(const EngineOptions& o);
};

// A value of `choices`, printed by its name.
template <auto field, const auto& choices>
constexpr Option ChoiceOption(std::string_view key) {
  return {key,
          [](const json& v, const std::string& where, EngineOptions& o) -> absl::Status {
            if (!v.is_string()) return Invalid(where, "must be a string");
            const std::string s = v.get<std::string>();
            std::string names;
            for (const auto& c : choices) {
              if (c.name == s) {
                o.*field = c.value;
                return absl::OkStatus();
              }
              absl::StrAppend(&names, names.empty() ? "" : ", ", AsAbsl(c.name));
            }
            return Invalid(where, absl::StrCat("\"", QuoteForError(s), "\" is not one of ", names));
          },
          [](const EngineOptions& o) -> json {
            for (const auto& c : choices) {
              if (c.value == o.*field) return std::string(c.name);
            }
            return nullptr;  // every value of the enum is in `choices`
          }};
}

// A non-negative number of seconds (at most 100 years), kept as Millis.
template <Millis EngineOptions::*field>
constexpr Option SecondsOption(std::string_view key) {
  return {key,
          [](const json& v, const std::string& where, EngineOptions& o) -> absl::Status {
            if (!v.is_number()) return Invalid(where, "must be a number of seconds");
            const double seconds = v.get<double>();
            if (!std::isfinite(seconds) || seconds < 0 || seconds > 100.0 * 366 * 86400) {
              return Invalid(where, "must be between 0 and 100 years");
            }
            o.*field = Millis{std::llround(seconds * 1000)};
            return absl::OkStatus();
          },
          [](const EngineOptions& o) -> json {
            return static_cast<double>((o.*field).count()) / 1000.0;
          }};
}

// An integer from lo to hi.
template <auto field, int64_t lo, int64_t hi>
constexpr Option IntegerOption(std::string_view key) {
  return {key,
          [](const json& v, const std::string& where, EngineOptions& o) -> absl::Status {
            if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
              return Invalid(where, absl::StrCat("must be an integer from ", lo, " to ", hi));
            }
            using Value = std::remove_reference_t<decltype(o.*field)>;
            o.*field = static_cast<Value>(v.get<int64_t>());
            return absl::OkStatus();
          },
          [](const EngineOptions& o) -> json { return o.*field; }};
}

absl::Status ParseSpikeSigma(const json& v, const std::string& where, EngineOptions& o) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 ||
      v.get<double>() > 100) {
    return Invalid(where, "must be a number from 0 to 100");
  }
  o.spike_sigma = v.get<double>();
  return absl::OkStatus();
}

absl::Status ParseHistogramEdges(const json& v, const std::string& where, EngineOptions& o) {
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
  return absl::OkStatus();
}

// "staffing": {"service_level": 80, "threshold": 20, "max_occupancy": 85,
// "shrinkage": 30, "model": "erlang_c" | "erlang_a"}, every key optional;
// max_occupancy null (or absent) means no cap.
absl::Status ParseStaffing(const json& v, const std::string& where, EngineOptions& o) {
  if (!v.is_object()) return Invalid(where, "must be a JSON object");
  if (absl::Status s = CheckKeys(
          v, where, {"service_level", "threshold", "max_occupancy", "shrinkage", "model"});
      !s.ok()) {
    return s;
  }
  StaffingOptions staffing;
  auto number = [&](const char* key, double lo, double hi, bool lo_open,
                    double& out) -> absl::Status {
    if (!v.contains(key)) return absl::OkStatus();
    const json& x = v[key];
    if (!x.is_number() || !std::isfinite(x.get<double>()) || x.get<double>() < lo ||
        (lo_open && x.get<double>() == lo) || x.get<double>() > hi) {
      return Invalid(
          absl::StrCat(where, ".", key),
          absl::StrCat("must be a number from ", lo, lo_open ? " (excluded)" : "", " to ", hi));
    }
    out = x.get<double>();
    return absl::OkStatus();
  };
  if (absl::Status s = number("service_level", 0, 100, false, staffing.service_level); !s.ok())
    return s;
  if (absl::Status s = number("threshold", 0, 86400, false, staffing.threshold_s); !s.ok())
    return s;
  if (absl::Status s = number("shrinkage", 0, 99.9, false, staffing.shrinkage); !s.ok()) return s;
  if (v.contains("max_occupancy") && !v["max_occupancy"].is_null()) {
    double cap = 0;
    if (absl::Status s = number("max_occupancy", 0, 100, true, cap); !s.ok()) return s;
    staffing.max_occupancy = cap;
  }
  if (v.contains("model")) {
    const json& m = v["model"];
    if (m == "erlang_c") {
      staffing.model = StaffingOptions::Model::kErlangC;
    } else if (m == "erlang_a") {
      staffing.model = StaffingOptions::Model::kErlangA;
    } else {
      return Invalid(where + ".model", "must be \"erlang_c\" or \"erlang_a\"");
    }
  }
  o.staffing = staffing;
  return absl::OkStatus();
}

json PrintStaffing(const EngineOptions& o) {
  const StaffingOptions& s = o.staffing;
  return {{"service_level", s.service_level},
          {"threshold", s.threshold_s},
          {"max_occupancy", s.max_occupancy ? json(*s.max_occupancy) : json(nullptr)},
          {"shrinkage", s.shrinkage},
          {"model", s.model == StaffingOptions::Model::kErlangA ? "erlang_a" : "erlang_c"}};
}

// Up to 2^31 - 1 (the most ids a field can have); 0 would refuse everything.
constexpr int64_t kMostIds = 0x7FFFFFFF;

const Option kOptions[] = {
    ChoiceOption<&EngineOptions::first_reply_start, kFirstReplyStarts>("first_reply_start"),
    ChoiceOption<&EngineOptions::fcr, kFcrPolicies>("fcr"),
    {"histogram_edges", ParseHistogramEdges,
     [](const EngineOptions& o) -> json { return o.histogram_edges; }},
    ChoiceOption<&EngineOptions::attribution, kAttributions>("attribution"),
    SecondsOption<&EngineOptions::allowed_lateness>("allowed_lateness"),
    SecondsOption<&EngineOptions::reopen_window>("reopen_window"),
    IntegerOption<&EngineOptions::csat_satisfied_min, 1, 10>("csat_satisfied_min"),
    SecondsOption<&EngineOptions::repeat_window>("repeat_window"),
    SecondsOption<&EngineOptions::service_level_threshold>("service_level_threshold"),
    ChoiceOption<&EngineOptions::service_level_denominator, kServiceLevelDenominators>(
        "service_level_denominator"),
    SecondsOption<&EngineOptions::short_abandon>("short_abandon"),
    IntegerOption<&EngineOptions::csat_scale, 2, 10>("csat_scale"),
    IntegerOption<&EngineOptions::csat_dissatisfied_max, 0, 9>("csat_dissatisfied_max"),
    {"spike_sigma", ParseSpikeSigma, [](const EngineOptions& o) -> json { return o.spike_sigma; }},
    IntegerOption<&EngineOptions::spike_weeks, 2, 520>("spike_weeks"),
    IntegerOption<&EngineOptions::top_k, 1, 1000>("top_k"),
    {"staffing", ParseStaffing, PrintStaffing},
    IntegerOption<&EngineOptions::max_open_tickets, 1, kMostIds>("max_open_tickets"),
    IntegerOption<&EngineOptions::max_distinct_values, 1, kMostIds>("max_distinct_values"),
    SecondsOption<&EngineOptions::forget_released_after>("forget_released_after"),
};

const Option* FindOption(std::string_view key) {
  for (const Option& option : kOptions) {
    if (option.key == key) return &option;
  }
  return nullptr;
}

absl::Status ParseOptions(const json& j, EngineOptions& o) {
  if (!j.is_object()) return Invalid("options", "must be a JSON object");
  for (const auto& [key, v] : j.items()) {
    if (FindOption(key) == nullptr)
      return Invalid("options", absl::StrCat("unknown key \"", QuoteForError(key), "\""));
  }
  for (const auto& [key, v] : j.items()) {
    if (absl::Status s = FindOption(key)->parse(v, "options." + key, o); !s.ok()) return s;
  }
  // The csat thresholds must fit the scale and each other.
  if (o.csat_satisfied_min > o.csat_scale) {
    return Invalid("options.csat_satisfied_min", "must not exceed csat_scale");
  }
  if (o.csat_dissatisfied_max >= o.csat_satisfied_min) {
    return Invalid("options.csat_dissatisfied_max", "must be below csat_satisfied_min");
  }
  return absl::OkStatus();
}

// A view's "metrics": a non-empty array of metric ids (docs/metrics.md §9).
absl::StatusOr<MetricSet> ParseMetrics(const json& j, const std::string& where) {
  if (!j.is_array() || j.empty()) return Invalid(where, "must be a non-empty array of metric ids");
  MetricSet set;
  for (const json& name : j) {
    if (!name.is_string()) return Invalid(where, "must hold strings (metric ids)");
    const std::optional<Metric> m = ParseMetric(name.get<std::string>());
    if (!m) {
      return Invalid(where,
                     absl::StrCat("unknown metric \"", QuoteForError(name.get<std::string>()),
                                  "\" (the ids of docs/metrics.md §3–§6, e.g. first_reply_time)"));
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
  if (absl::Status s =
          CheckKeys(j, where, {"group_by", "grain", "timezone", "metrics", "max_groups"});
      !s.ok())
    return s;
  ViewSpec view;
  view.timezone = default_zone;
  if (j.contains("group_by")) {
    const json& g = j["group_by"];
    if (!g.is_array()) return Invalid(where + ".group_by", "must be an array of dimension names");
    for (const json& name : g) {
      if (!name.is_string()) return Invalid(where + ".group_by", "must hold strings");
      if (const std::optional<SlaDim> d = ParseSlaDim(name.get<std::string>())) {
        if (view.Has(*d)) {
          return Invalid(where + ".group_by",
                         absl::StrCat("\"", AsAbsl(SlaDimName(*d)), "\" repeated"));
        }
        view.sla_group_by.push_back(*d);
        continue;
      }
      const std::optional<Field> f = ParseField(name.get<std::string>());
      if (!f || !IsDimension(*f)) {
        return Invalid(where + ".group_by",
                       absl::StrCat("\"", QuoteForError(name.get<std::string>()),
                                    "\" is not a dimension (agent, customer, group, channel, "
                                    "category, priority, segment, sla_policy, sla_metric)"));
      }
      if (view.Has(*f)) {
        return Invalid(where + ".group_by",
                       absl::StrCat("\"", AsAbsl(FieldName(*f)), "\" repeated"));
      }
      view.group_by.push_back(*f);
    }
    std::sort(view.group_by.begin(), view.group_by.end());
    std::sort(view.sla_group_by.begin(), view.sla_group_by.end());
  }
  if (j.contains("grain")) {
    if (!j["grain"].is_string()) return Invalid(where + ".grain", "must be a string");
    std::optional<Grain> g = ParseGrain(j["grain"].get<std::string>());
    if (!g) return Invalid(where + ".grain", "must be 15min, 30min, hour, day, week, month or all");
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
  if (j.contains("max_groups")) {
    const json& m = j["max_groups"];
    if (!m.is_number_integer() || m.get<int64_t>() < 1 ||
        m.get<uint64_t>() > ViewSpec::kMostMaxGroups) {
      return Invalid(where + ".max_groups",
                     absl::StrCat("must be an integer from 1 to ", ViewSpec::kMostMaxGroups));
    }
    view.max_groups = m.get<uint64_t>();
  }
  return view;
}

}  // namespace

bool ViewSpec::Has(Field f) const {
  return std::find(group_by.begin(), group_by.end(), f) != group_by.end();
}

bool ViewSpec::Has(SlaDim d) const {
  return std::find(sla_group_by.begin(), sla_group_by.end(), d) != sla_group_by.end();
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
  if (absl::Status s = CheckKeys(
          j, "top level",
          {"timezone", "calendars", "group_calendars", "views", "options", "sla_policies"});
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
  if (j.contains("sla_policies")) {
    absl::StatusOr<std::vector<SlaPolicy>> policies = ParseSlaPolicies(j["sla_policies"]);
    if (!policies.ok()) return policies.status();
    config.sla_policies = *std::move(policies);
  }
  return config;
}

json EngineConfig::ToJson() const {
  json views_json = json::array();
  for (const ViewSpec& v : views) {
    json dims = json::array();
    for (Field f : v.group_by) dims.push_back(std::string(FieldName(f)));
    for (SlaDim d : v.sla_group_by) dims.push_back(std::string(SlaDimName(d)));
    json metrics = json::array();
    for (Metric m : v.metrics.List()) metrics.push_back(std::string(MetricName(m)));
    views_json.push_back({{"group_by", dims},
                          {"grain", std::string(GrainName(v.grain))},
                          {"timezone", v.timezone},
                          {"metrics", metrics},
                          {"max_groups", v.max_groups}});
  }
  json opts = json::object();
  for (const Option& option : kOptions) opts[std::string(option.key)] = option.print(options);
  return {{"timezone", timezone},
          {"calendars", calendars},
          {"group_calendars", group_calendars},
          {"views", views_json},
          {"options", opts},
          {"sla_policies", SlaPoliciesToJson(sla_policies)}};
}

}  // namespace csm
