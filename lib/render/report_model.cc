#include "csm/render/report_model.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "csm/io/cat.h"
#include "csm/model/internal/json_limits.h"
#include "csm/render/format.h"

namespace csm::render {
namespace {

using io::Cat;

constexpr std::array<MetricInfo, 63> kMetrics = {{
    {"tickets_created", "Tickets created", 0, false, ""},
    {"tickets_solved", "Tickets solved", 1, false, "tickets"},
    {"tickets_reopened", "Tickets reopened", -1, false, "tickets"},
    {"backlog", "Backlog", -1, false, "tickets"},
    {"first_reply_time", "First reply time", -1, false, "tickets"},
    {"reply_time", "Reply time", -1, false, "tickets"},
    {"longest_reply_time", "Longest reply time", -1, false, "tickets"},
    {"requester_wait_time", "Requester wait time", -1, false, "tickets"},
    {"agent_wait_time", "Agent wait time", 0, false, "tickets"},
    {"on_hold_time", "On-hold time", -1, false, "tickets"},
    {"agent_work_time", "Agent work time", 0, false, "tickets"},
    {"first_resolution_time", "First resolution time", -1, false, "tickets"},
    {"full_resolution_time", "Full resolution time", -1, false, "tickets"},
    {"time_to_first_assignment", "Time to first assignment", -1, false, "tickets"},
    {"replies_per_ticket", "Replies per ticket", -1, true, "tickets"},
    {"interactions_per_ticket", "Interactions per ticket", -1, true, "tickets"},
    {"assignee_stations", "Assignee stations", -1, true, "tickets"},
    {"group_stations", "Group stations", -1, true, "tickets"},
    {"reopens", "Reopens per ticket", -1, true, "tickets"},
    {"one_touch_rate", "One-touch rate", 1, false, "tickets"},
    {"zero_touch_tickets", "Zero-touch tickets", 0, false, "tickets"},
    {"fcr_rate", "First contact resolution", 1, false, "tickets"},
    {"bot_resolution_rate", "Bot resolution rate", 1, false, "tickets"},
    {"csat", "CSAT", 1, false, "experience"},
    {"ces", "Customer effort", 0, false, "experience"},
    {"nps", "NPS", 1, false, "experience"},
    {"distinct_customers", "Distinct customers", 0, false, ""},
    {"tickets_per_customer", "Tickets per customer", 0, true, ""},
    {"repeat_contact_rate", "Repeat contact rate", -1, false, ""},
    {"conversations_per_agent", "Conversations per agent", 0, false, ""},
    {"agent_replies", "Agent replies", 0, false, ""},
    {"assigned_vs_solved", "Assigned vs solved", 1, false, ""},
    {"assigned_time", "Assigned time", 0, false, ""},
    // customer_history's agents: assigned time plus handle time (not a metric id).
    {"time_with_customer", "Time with the customer", 0, false, ""},
    {"workflow_usage", "Workflow usage", 0, false, ""},
    {"top_drivers", "Top drivers", 0, false, ""},
    {"channel_mix", "Channel mix", 0, false, ""},
    {"contact_type_mix", "Contact type mix", 0, false, ""},
    {"volume_heatmap", "Volume by weekday and hour", 0, false, ""},
    {"business_day_volume", "Tickets per business day", 0, true, ""},
    {"contacts_queued", "Contacts queued", 0, false, "contacts"},
    {"contacts_answered", "Contacts answered", 1, false, "contacts"},
    {"contacts_abandoned", "Contacts abandoned", -1, false, "contacts"},
    {"callbacks", "Callbacks", 0, false, "contacts"},
    {"transfers", "Transfers", -1, false, "contacts"},
    {"abandonment_rate", "Abandonment rate", -1, false, "contacts"},
    {"abandonment_by_step", "Abandonment by step", 0, false, "contacts"},
    {"service_level", "Service level", 1, false, "contacts"},
    {"average_speed_of_answer", "Average speed of answer", -1, true, "contacts"},
    {"queue_abandon_time", "Queue abandon time", 0, true, "contacts"},
    {"talk_time", "Talk time", 0, true, "contacts"},
    {"hold_time", "Hold time", -1, true, "contacts"},
    {"after_contact_work_time", "After-contact work time", -1, true, "contacts"},
    {"handle_time", "Handle time (AHT)", -1, true, "contacts"},
    {"occupancy", "Occupancy", 0, false, "agent_states"},
    {"utilization", "Utilization", 0, false, "agent_states"},
    {"cost_per_contact", "Cost per contact", -1, false, ""},
    {"staffing", "Agents required", 0, false, "contacts"},
    {"sla_achieved", "SLA achieved", 1, false, "tickets"},
    {"sla_breached", "SLA breached", -1, false, "tickets"},
    {"sla_achievement_rate", "SLA achievement rate", 1, false, "tickets"},
    {"sla_breach_overrun", "SLA breach overrun", -1, false, "tickets"},
    {"sla_active", "SLA targets open", 0, false, "tickets"},
}};

// Ticket dimensions, the SLA ones, then the bucket's local weekday and hour
// of day.
constexpr std::array<std::string_view, 11> kDimensions = {
    "agent",    "group",      "channel",    "category", "priority",   "segment",
    "customer", "sla_policy", "sla_metric", "weekday",  "hour_of_day"};

bool IsDimension(std::string_view key) {
  return std::find(kDimensions.begin(), kDimensions.end(), key) != kDimensions.end();
}

std::optional<double> Number(const Json& v) {
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

std::optional<double> Field(const Json& v, const char* key) {
  if (!v.is_object()) return std::nullopt;
  auto it = v.find(key);
  if (it == v.end()) return std::nullopt;
  return Number(*it);
}

const Json& Member(const Json& object, const char* key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}
const Json& Member(const Json& object, const std::string& key) {
  return Member(object, key.c_str());
}

bool IsDurationStats(const Json& s) {
  return s.is_null() || (s.is_object() && s.contains("count"));
}

}  // namespace

ValueKind KindOf(const Json& value) {
  if (value.is_null()) return ValueKind::kNull;
  if (value.is_number()) return ValueKind::kCount;
  if (value.is_object()) {
    if (value.contains("calendar") && value.contains("business")) return ValueKind::kDuration;
    if (value.contains("value") && value.contains("numerator") && value.contains("denominator")) {
      return ValueKind::kRate;
    }
  }
  return ValueKind::kComposite;
}

MetricInfo InfoFor(std::string_view id) {
  for (const MetricInfo& m : kMetrics) {
    if (m.id == id) return m;
  }
  return {id, id, 0, false, ""};
}

bool HasData(std::string_view id, const Json& value) {
  if (value.is_null()) return false;
  if (value.is_number()) return value.get<double>() != 0;
  if (!value.is_object()) return true;
  // cost_per_contact counts contacts handled even without any cost.
  if (id == "cost_per_contact") return !Member(value, "cost").is_null();
  // Ranked lists (top_drivers, workflow_usage …): an empty list is no data.
  // A mix whose only entry is the null name ("(none) 100 %": calls without
  // a category) says nothing either.
  for (const char* key : {"top", "shares", "items"}) {
    const Json& list = Member(value, key);
    if (!list.is_array()) continue;
    if (key == std::string_view("shares")) {
      return std::any_of(list.begin(), list.end(), [](const Json& item) {
        if (!item.is_object()) return true;
        for (auto it = item.begin(); it != item.end(); ++it) {
          if (it.key() != "count" && it.key() != "share") return !it.value().is_null();
        }
        return true;
      });
    }
    return !list.empty();
  }
  // Composites with a total or a number of responses: none is no data.
  for (const char* key : {"total", "responses"}) {
    if (const Json& n = Member(value, key); n.is_number()) return n.get<double>() != 0;
  }
  return true;
}

bool IsDuration(const Json& report, std::string_view id) {
  const std::string key(id);
  for (const Json& row : Member(report, "rows")) {
    if (KindOf(Member(row, key)) == ValueKind::kDuration) return true;
  }
  return false;
}

bool HasBusinessTime(const Json& report) {
  for (const Json& row : Member(report, "rows")) {
    if (!row.is_object()) continue;
    for (auto it = row.begin(); it != row.end(); ++it) {
      const Json& v = it.value();
      if (KindOf(v) != ValueKind::kDuration) continue;
      const Json& calendar = Member(v, "calendar");
      const Json& business = Member(v, "business");
      for (const char* stat : {"mean", "total", "max"}) {
        if (Member(calendar, stat) != Member(business, stat)) return true;
      }
    }
  }
  return false;
}

std::vector<std::string> MetricIdsWithData(const Json& report) {
  const std::vector<std::string> ids = MetricIds(report);
  const Json& rows = Member(report, "rows");
  auto any_data = [&](const std::string& id) {
    if (!rows.is_array()) return false;
    return std::any_of(rows.begin(), rows.end(),
                       [&](const Json& row) { return HasData(id, Member(row, id)); });
  };
  // A count with no data is shown when its family has data: "Tickets reopened
  // 0" says something about a ticket log, "Contacts queued 0" nothing.
  auto only_counts = [&](const std::string& id) {
    if (!rows.is_array()) return false;
    bool any = false;
    for (const Json& row : rows) {
      const Json& v = Member(row, id);
      if (!v.is_null() && !v.is_number()) return false;
      any = any || v.is_number();
    }
    return any;
  };
  std::vector<std::string> families_with_data;
  std::vector<bool> data(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // The backlog follows tickets created, and calls are never solved: it
    // is shown only beside other ticket metrics, never on its own.
    data[i] = ids[i] != "backlog" && any_data(ids[i]);
    const std::string_view family = InfoFor(ids[i]).family;
    if (data[i] && !family.empty()) families_with_data.emplace_back(family);
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string_view family = InfoFor(ids[i]).family;
    const bool family_data =
        !family.empty() && std::find(families_with_data.begin(), families_with_data.end(),
                                     family) != families_with_data.end();
    if (data[i] || (family_data && only_counts(ids[i]))) out.push_back(ids[i]);
  }
  return out;
}

std::optional<double> Headline(std::string_view id, const Json& value, bool business) {
  switch (KindOf(value)) {
    case ValueKind::kNull:
      return std::nullopt;
    case ValueKind::kCount:
      return value.get<double>();
    case ValueKind::kDuration: {
      const Json& s = value.at(business ? "business" : "calendar");
      // assigned_time has no quantiles: its total says most.
      if (!Member(s, "p50").is_number() && Member(s, "total").is_number()) {
        return Field(s, "total");
      }
      return Field(s, InfoFor(id).average ? "mean" : "p50");
    }
    case ValueKind::kRate:
      return Field(value, "value");
    case ValueKind::kComposite:
      // staffing's headline is the agents to schedule.
      for (const char* key : {"score", "value", "mean", "scheduled"}) {
        if (auto v = Field(value, key)) return v;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::string FormatHeadline(std::string_view id, const Json& value, bool business) {
  std::optional<double> h = Headline(id, value, business);
  switch (KindOf(value)) {
    case ValueKind::kCount:
      return FormatCount(h);
    case ValueKind::kDuration:
      return FormatDuration(h);
    case ValueKind::kRate:
      return FormatRate(h);
    case ValueKind::kComposite:
      if (id == "csat" && h) return FormatRate(h);
      return FormatNumber(h);
    case ValueKind::kNull:
      break;
  }
  return kMissing;
}

namespace {

// A change entry as a percentage: a number, or the engine's delta object
// {"absolute": a, "percent": p}.
std::optional<double> PercentOf(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_object()) return Field(v, "percent");
  return std::nullopt;
}

}  // namespace

std::optional<double> ChangeOf(const Json& row, std::string_view id, bool business) {
  const std::string key(id);
  if (auto c = row.find("change"); c != row.end() && c->is_object()) {
    auto v = c->find(key);
    if (v == c->end() || v->is_null()) return std::nullopt;
    if (std::optional<double> p = PercentOf(*v)) return p;
    if (!v->is_object()) return std::nullopt;
    // Durations: {"calendar": {"p50": delta, "mean": delta, …} or a number, "business": …}.
    if (auto clock = v->find(business ? "business" : "calendar"); clock != v->end()) {
      if (clock->is_object()) {
        auto stat = clock->find(InfoFor(id).average ? "mean" : "p50");
        return stat == clock->end() ? std::nullopt : PercentOf(*stat);
      }
      return PercentOf(*clock);
    }
    // Rates {"value": delta}, distributions {"mean": delta}, composites {"score": delta}.
    for (const char* k : {"value", "score", "mean"}) {
      if (auto it = v->find(k); it != v->end()) return PercentOf(*it);
    }
    return std::nullopt;
  }
  auto p = row.find("previous");
  auto cur = row.find(key);
  if (p == row.end() || !p->is_object() || cur == row.end()) return std::nullopt;
  auto prev = p->find(key);
  if (prev == p->end()) return std::nullopt;
  std::optional<double> a = Headline(id, *prev, business);
  std::optional<double> b = Headline(id, *cur, business);
  if (!a || !b || *a == 0) return std::nullopt;
  return (*b - *a) / std::fabs(*a) * 100.0;
}

std::vector<std::string> MetricIds(const Json& report) {
  std::vector<std::string> ids;
  auto rows = report.find("rows");
  if (rows == report.end() || !rows->is_array()) return ids;
  for (const Json& row : *rows) {
    if (!row.is_object()) continue;
    for (auto it = row.begin(); it != row.end(); ++it) {
      const std::string& k = it.key();
      if (k == "bucket" || k == "previous" || k == "change" || k == "anomalies" || IsDimension(k)) {
        continue;
      }
      if (std::find(ids.begin(), ids.end(), k) == ids.end()) ids.push_back(k);
    }
  }
  return ids;
}

bool IsCustomerHistory(const Json& doc) {
  return doc.is_object() && doc.contains("customer") && doc.contains("tickets") &&
         doc.contains("agents") && !doc.contains("rows");
}

std::vector<Json> CustomerHistoryReports(const Json& history) {
  auto header = [&](Json group_by) {
    Json r = Json::object();
    for (const char* key : {"from", "to", "timezone"}) r[key] = Member(history, key);
    r["grain"] = "all";
    r["group_by"] = std::move(group_by);
    if (history.contains("compare")) r["compare"] = history["compare"];
    return r;
  };
  Json tickets = header(Json::array());
  Json row = {{"bucket", "all"}};
  for (auto it = Member(history, "tickets").begin(); it != Member(history, "tickets").end(); ++it) {
    row[it.key()] = it.value();
  }
  tickets["rows"] = Json::array({row});
  tickets["rejected"] = Member(history, "rejected");

  Json agents = header(Json::array({"agent"}));
  agents["rows"] = Json::array();
  for (const Json& a : Member(history, "agents")) {
    Json r = {{"bucket", "all"}, {"agent", Member(a, "agent")}};
    // "time": seconds per clock, as a duration with only a total.
    const Json& time = Member(a, "time");
    r["time_with_customer"] = {{"calendar", {{"count", 1}, {"total", Member(time, "calendar")}}},
                               {"business", {{"count", 1}, {"total", Member(time, "business")}}}};
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (it.key() != "agent" && it.key() != "time") r[it.key()] = it.value();
    }
    agents["rows"].push_back(std::move(r));
  }
  agents["rejected"] = Member(history, "rejected");
  return {std::move(tickets), std::move(agents)};
}

std::string RowLabel(const Json& report, const Json& row) {
  std::string out;
  auto add = [&](const Json& v) {
    if (!out.empty()) out += " \u00B7 ";
    out += v.is_string() ? v.get<std::string>() : (v.is_null() ? std::string(kNone) : v.dump());
  };
  // Weekday "Mon", hour of day "09:00".
  auto add_dim = [&](const std::string& dim, const Json& v) {
    if (dim == "weekday" && v.is_string() && !v.get<std::string>().empty()) {
      std::string day = v.get<std::string>();
      day[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(day[0])));
      return add(Json(day));
    }
    if (dim == "hour_of_day" && v.is_number_integer() && v.get<int>() >= 0 && v.get<int>() < 24) {
      return add(Json(Cat(v.get<int>() < 10 ? "0" : "", v.get<int>(), ":00")));
    }
    add(v);
  };
  if (auto b = row.find("bucket"); b != row.end() && !b->is_null() && *b != "all") add(*b);
  if (auto g = report.find("group_by"); g != report.end() && g->is_array()) {
    for (const Json& dim : *g) {
      if (!dim.is_string()) continue;
      auto v = row.find(dim.get<std::string>());
      add_dim(dim.get<std::string>(), v == row.end() ? Json() : *v);
    }
  }
  return out.empty() ? "all" : out;
}

std::optional<std::string> AnomalyOf(const Json& row, std::string_view id) {
  const Json& flag = Member(Member(Member(row, "anomalies"), std::string(id)), "flag");
  if (!flag.is_string()) return std::nullopt;
  return flag.get<std::string>();
}

bool RendersNothing(const Json& report, bool all_metrics) {
  const Json& rows = Member(report, "rows");
  if (!rows.is_array() || rows.empty()) return true;
  return (all_metrics ? MetricIds(report) : MetricIdsWithData(report)).empty();
}

std::string RangeText(const Json& report) {
  auto text = [&](const char* key) {
    const Json& v = Member(report, key);
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  const std::string from = text("from"), to = text("to");
  if (!from.empty() && !to.empty()) return Cat(from, " \u2192 ", to);
  // Open on a side: the data's own first / last event stands in for it.
  auto side = [&](const std::string& bound, const char* event_key, const char* what) {
    if (!bound.empty()) return bound;
    const std::string event = text(event_key);
    return event.empty() ? Cat("no ", what) : Cat(what, " ", event);
  };
  return Cat(side(from, "first_event", "first event"), " \u2192 ",
             side(to, "last_event", "last event"), " (open range)");
}

absl::Status ValidateReport(const Json& report) {
  auto bad = [](std::string_view path, std::string_view what) {
    return absl::InvalidArgumentError(
        Cat("report JSON: ", path, ": ", what, " (docs/metrics.md §8)"));
  };
  if (!report.is_object()) return bad("$", "expected an object");
  for (const char* key : {"from", "to"}) {
    auto it = report.find(key);
    if (it == report.end()) return bad(key, "missing");
    if (!it->is_string() && !it->is_null()) return bad(key, "expected a timestamp or null");
  }
  for (const char* key : {"first_event", "last_event"}) {
    auto it = report.find(key);
    if (it != report.end() && !it->is_string() && !it->is_null()) {
      return bad(key, "expected a timestamp or null");
    }
  }
  if (auto tz = report.find("timezone"); tz == report.end() || !tz->is_string()) {
    return bad("timezone", "expected a zone name");
  }
  static const std::array<std::string_view, 7> kGrains = {"15min", "30min", "hour", "day",
                                                          "week",  "month", "all"};
  auto grain = report.find("grain");
  if (grain == report.end() || !grain->is_string() ||
      std::find(kGrains.begin(), kGrains.end(), grain->get<std::string>()) == kGrains.end()) {
    return bad("grain", "expected 15min, 30min, hour, day, week, month or all");
  }
  auto group_by = report.find("group_by");
  if (group_by == report.end() || !group_by->is_array()) return bad("group_by", "expected a list");
  for (const Json& d : *group_by) {
    if (!d.is_string() || !IsDimension(d.get<std::string>())) {
      return bad("group_by", Cat(QuoteJsonForError(d), " is not a dimension"));
    }
  }
  auto rows = report.find("rows");
  if (rows == report.end() || !rows->is_array()) return bad("rows", "expected a list");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Json& row = (*rows)[i];
    const std::string at = Cat("rows[", i, "]");
    if (!row.is_object()) return bad(at, "expected an object");
    if (auto b = row.find("bucket"); b != row.end() && !b->is_string() && !b->is_null()) {
      return bad(at + ".bucket", "expected a string");
    }
    for (const Json& d : *group_by) {
      if (!row.contains(d.get<std::string>())) {
        return bad(at, Cat("missing the group-by dimension '", d.get<std::string>(), "'"));
      }
    }
    for (auto it = row.begin(); it != row.end(); ++it) {
      const std::string& k = it.key();
      if (k == "bucket" || k == "previous" || k == "change" || k == "anomalies" || IsDimension(k)) {
        continue;
      }
      const Json& v = it.value();
      const std::string path = at + "." + QuoteForError(k);
      if (v.is_number() && (!v.is_number_integer() && !v.is_number_unsigned())) {
        if (std::fabs(v.get<double>() - std::round(v.get<double>())) > 0) {
          return bad(path, "a count must be an integer");
        }
      }
      // A duration has clocks; business_day_volume's "calendar" is a name.
      if (v.is_object() &&
          (v.contains("business") || (v.contains("calendar") && v.at("calendar").is_object()))) {
        for (const char* side : {"calendar", "business"}) {
          if (!v.contains(side) || !IsDurationStats(v.at(side))) {
            return bad(path, Cat("a duration needs '", side, "' stats with a count"));
          }
          const Json& s = v.at(side);
          if (s.is_null()) continue;
          if (auto h = s.find("histogram"); h != s.end() && !h->is_null()) {
            if (!h->is_object() || !h->contains("edges") || !h->contains("counts") ||
                !h->at("edges").is_array() || !h->at("counts").is_array() ||
                h->at("counts").size() != h->at("edges").size() + 1) {
              return bad(path + "." + side + ".histogram",
                         "expected {edges, counts} with one more count than edges");
            }
          }
        }
      }
      if (v.is_object() && v.contains("numerator") != v.contains("denominator")) {
        return bad(path, "a rate needs value, numerator and denominator");
      }
      if (v.is_string() || v.is_boolean()) return bad(path, "expected a number, object or null");
    }
  }
  auto rejected = report.find("rejected");
  if (rejected == report.end() || !rejected->is_object() || !rejected->contains("count") ||
      !rejected->at("count").is_number_integer() || !rejected->contains("reasons") ||
      !rejected->at("reasons").is_object()) {
    return bad("rejected", "expected {count, reasons}");
  }
  return absl::OkStatus();
}

absl::StatusOr<Json> ParseReport(std::string_view text, std::string_view source) {
  absl::StatusOr<Json> doc = ParseOrderedJsonDocument(text, Cat("'", QuoteForError(source), "'"));
  if (!doc.ok()) return doc.status();
  if (absl::Status s = ValidateReport(*doc); !s.ok()) {
    return absl::InvalidArgumentError(
        Cat("'", QuoteForError(source),
            "': ", std::string_view(s.message().data(), s.message().size())));
  }
  return doc;
}

}  // namespace csm::render
