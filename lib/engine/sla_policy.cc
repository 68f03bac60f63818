#include "csm/engine/sla_policy.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"
#include "lib/engine/config_errors.h"

namespace csm {
namespace {

using nlohmann::json;

using config::CheckKeys;
using config::Invalid;

absl::StatusOr<std::string> NonEmptyString(const json& v, const std::string& where) {
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
    return Invalid(where, "must be a non-empty string");
  }
  return v.get<std::string>();
}

// "match": {"segment": ["vip"], "channel": "email", ...}
absl::StatusOr<std::vector<std::pair<Field, std::vector<std::string>>>> ParseMatch(
    const json& j, const std::string& where) {
  if (!j.is_object()) return Invalid(where, "must map dimension names to lists of names");
  std::vector<std::pair<Field, std::vector<std::string>>> match;
  for (const auto& [key, value] : j.items()) {
    const std::optional<Field> f = ParseField(key);
    if (!f || !IsDimension(*f)) {
      return Invalid(where, absl::StrCat("\"", QuoteForError(key),
                                         "\" is not a dimension (agent, customer, group, "
                                         "channel, category, priority, segment)"));
    }
    const std::string at = absl::StrCat(where, ".", key);
    std::vector<std::string> names;
    if (value.is_string()) {
      absl::StatusOr<std::string> name = NonEmptyString(value, at);
      if (!name.ok()) return name.status();
      names.push_back(*name);
    } else if (value.is_array() && !value.empty()) {
      for (size_t i = 0; i < value.size(); ++i) {
        absl::StatusOr<std::string> name = NonEmptyString(value[i], absl::StrCat(at, "[", i, "]"));
        if (!name.ok()) return name.status();
        names.push_back(*name);
      }
    } else {
      return Invalid(at, "must be a name or a non-empty array of names");
    }
    match.emplace_back(*f, std::move(names));
  }
  std::sort(match.begin(), match.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return match;
}

absl::StatusOr<SlaTarget> ParseTarget(const json& j, const std::string& where) {
  if (absl::Status s = CheckKeys(j, where, {"priority", "metric", "seconds", "business"});
      !s.ok()) {
    return s;
  }
  SlaTarget t;
  if (j.contains("priority")) {
    absl::StatusOr<std::string> p = NonEmptyString(j["priority"], where + ".priority");
    if (!p.ok()) return p.status();
    t.priority = *p;
  }
  if (!j.contains("metric")) return Invalid(where + ".metric", "is required");
  if (!j["metric"].is_string()) return Invalid(where + ".metric", "must be a string");
  const std::string metric = j["metric"].get<std::string>();
  const std::optional<SlaMetric> m = ParseSlaMetric(metric);
  if (!m) {
    std::string names;
    for (std::string_view n : kSlaMetricNames)
      absl::StrAppend(&names, names.empty() ? "" : ", ", AsAbsl(n));
    return Invalid(where + ".metric", absl::StrCat("unknown metric \"", QuoteForError(metric),
                                                   "\" (one of ", names, ")"));
  }
  t.metric = *m;
  if (!j.contains("seconds")) return Invalid(where + ".seconds", "is required");
  const json& s = j["seconds"];
  if (!s.is_number()) return Invalid(where + ".seconds", "must be a number of seconds");
  const double seconds = s.get<double>();
  if (!std::isfinite(seconds) || seconds > 100.0 * 366 * 86400) {
    return Invalid(where + ".seconds", "must be a number of seconds up to 100 years");
  }
  t.target = Millis{std::llround(seconds * 1000)};
  if (t.target <= Millis{0}) return Invalid(where + ".seconds", "must be positive");
  if (j.contains("business")) {
    if (!j["business"].is_boolean()) return Invalid(where + ".business", "must be true or false");
    t.business = j["business"].get<bool>();
  }
  return t;
}

absl::StatusOr<SlaPolicy> ParsePolicy(const json& j, const std::string& where) {
  if (absl::Status s = CheckKeys(j, where, {"name", "match", "targets"}); !s.ok()) return s;
  SlaPolicy policy;
  if (!j.contains("name")) return Invalid(where + ".name", "is required");
  absl::StatusOr<std::string> name = NonEmptyString(j["name"], where + ".name");
  if (!name.ok()) return name.status();
  policy.name = *name;
  if (j.contains("match")) {
    auto match = ParseMatch(j["match"], where + ".match");
    if (!match.ok()) return match.status();
    policy.match = *std::move(match);
  }
  if (!j.contains("targets")) return Invalid(where + ".targets", "is required");
  const json& targets = j["targets"];
  if (!targets.is_array() || targets.empty()) {
    return Invalid(where + ".targets", "must be a non-empty array of targets");
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string at = absl::StrCat(where, ".targets[", i, "]");
    absl::StatusOr<SlaTarget> t = ParseTarget(targets[i], at);
    if (!t.ok()) return t.status();
    for (const SlaTarget& earlier : policy.targets) {
      if (earlier.metric == t->metric && earlier.priority == t->priority) {
        return Invalid(at,
                       absl::StrCat("repeats the ", AsAbsl(SlaMetricName(t->metric)),
                                    " target of priority \"", QuoteForError(t->priority), "\""));
      }
    }
    policy.targets.push_back(*std::move(t));
  }
  return policy;
}

}  // namespace

std::optional<SlaMetric> ParseSlaMetric(std::string_view name) {
  for (int i = 0; i < kSlaMetricCount; ++i) {
    if (kSlaMetricNames[i] == name) return static_cast<SlaMetric>(i);
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<SlaPolicy>> ParseSlaPolicies(const json& j) {
  if (!j.is_array()) return Invalid("sla_policies", "must be an array of policies");
  std::vector<SlaPolicy> policies;
  std::set<std::string> names;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = absl::StrCat("sla_policies[", i, "]");
    absl::StatusOr<SlaPolicy> p = ParsePolicy(j[i], where);
    if (!p.ok()) return p.status();
    if (!names.insert(p->name).second) {
      return Invalid(where + ".name",
                     absl::StrCat("\"", QuoteForError(p->name), "\" names an earlier policy"));
    }
    policies.push_back(*std::move(p));
  }
  return policies;
}

json SlaPoliciesToJson(const std::vector<SlaPolicy>& policies) {
  json out = json::array();
  for (const SlaPolicy& p : policies) {
    json match = json::object();
    for (const auto& [field, names] : p.match) match[std::string(FieldName(field))] = names;
    json targets = json::array();
    for (const SlaTarget& t : p.targets) {
      targets.push_back({{"priority", t.priority},
                         {"metric", std::string(SlaMetricName(t.metric))},
                         {"seconds", static_cast<double>(t.target.count()) / 1000.0},
                         {"business", t.business}});
    }
    out.push_back({{"name", p.name}, {"match", match}, {"targets", targets}});
  }
  return out;
}

}  // namespace csm
