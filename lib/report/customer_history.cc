#include "csm/report/customer_history.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "csm/model/json_limits.h"
#include "csm/report/report.h"

namespace csm::report {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr const char* kTicketMetrics[] = {"tickets_created",
                                          "tickets_solved",
                                          "tickets_reopened",
                                          "first_reply_time",
                                          "first_resolution_time",
                                          "full_resolution_time",
                                          "reply_time",
                                          "repeat_contact_rate",
                                          "csat",
                                          "ces",
                                          "nps",
                                          "channel_mix",
                                          "contact_type_mix"};
constexpr const char* kAgentMetrics[] = {"assigned_time", "agent_replies",
                                         "conversations_per_agent"};

absl::Status Invalid(std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("customer_history query: ", absl::string_view(what.data(), what.size())));
}

// Total seconds of a duration value ({"calendar": S, "business": S}).
double TotalSeconds(const ojson& duration, const char* clock) {
  if (!duration.is_object() || !duration[clock].is_object()) return 0;
  const ojson& s = duration[clock];
  if (s.contains("total")) return s["total"].get<double>();
  return s["mean"].get<double>() * s["count"].get<double>();
}

absl::StatusOr<ojson> Run(const Engine& engine, const json& query) {
  absl::StatusOr<ReportQuery> q = ReportQuery::FromJson(query, engine.config());
  if (!q.ok()) return q.status();
  absl::StatusOr<Report> r = Build(engine, *q);
  if (!r.ok()) return r.status();
  return ToJson(*r);
}

}  // namespace

absl::StatusOr<ojson> CustomerHistory(const Engine& engine, const json& query) {
  if (!query.is_object() || !query.contains("customer_history")) {
    return Invalid("needs \"customer_history\": a customer");
  }
  const json& customer = query["customer_history"];
  if (!customer.is_string() || customer.get<std::string>().empty()) {
    return Invalid("customer_history must be a customer name");
  }
  json base = json::object();
  for (const auto& [key, value] : query.items()) {
    if (key == "customer_history") continue;
    if (key != "from" && key != "to" && key != "timezone" && key != "compare") {
      return Invalid(absl::StrCat("\"", QuoteForError(key),
                                  "\" cannot go with customer_history (from, to, timezone, "
                                  "compare can)"));
    }
    base[key] = value;
  }
  base["grain"] = "all";
  base["filter"] = {{"customer", json::array({customer})}};

  json tickets_query = base;
  tickets_query["metrics"] = kTicketMetrics;
  absl::StatusOr<ojson> tickets = Run(engine, tickets_query);
  if (!tickets.ok()) return tickets.status();

  json agents_query = base;
  json agent_metrics = kAgentMetrics;
  const std::optional<Metric> handle_time = ParseMetric("handle_time");
  if (handle_time) agent_metrics.push_back("handle_time");
  agents_query["metrics"] = agent_metrics;
  agents_query["group_by"] = {"agent"};
  absl::StatusOr<ojson> agents = Run(engine, agents_query);
  if (!agents.ok()) return agents.status();

  ojson out;
  out["from"] = (*tickets)["from"];
  out["to"] = (*tickets)["to"];
  out["timezone"] = (*tickets)["timezone"];
  if (tickets->contains("compare")) out["compare"] = (*tickets)["compare"];
  out["customer"] = customer;
  ojson ticket_row = (*tickets)["rows"].empty() ? ojson(nullptr) : (*tickets)["rows"][0];
  if (ticket_row.is_object()) ticket_row.erase("bucket");
  out["tickets"] = std::move(ticket_row);

  std::vector<std::pair<double, ojson>> ranked;
  for (ojson row : (*agents)["rows"]) {
    if (row["agent"].is_null()) continue;  // time nobody was assigned
    row.erase("bucket");
    double calendar = TotalSeconds(row["assigned_time"], "calendar");
    double business = TotalSeconds(row["assigned_time"], "business");
    if (handle_time) {
      calendar += TotalSeconds(row["handle_time"], "calendar");
      business += TotalSeconds(row["handle_time"], "business");
    }
    ojson entry;
    entry["agent"] = row["agent"];
    entry["time"] = {{"calendar", calendar}, {"business", business}};
    for (auto& [key, value] : row.items()) {
      if (key != "agent") entry[key] = value;
    }
    ranked.emplace_back(calendar, std::move(entry));
  }
  // Most time first; ties by name.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  ojson list = ojson::array();
  for (auto& [time, entry] : ranked) list.push_back(std::move(entry));
  out["agents"] = std::move(list);
  out["rejected"] = (*tickets)["rejected"];
  return out;
}

}  // namespace csm::report
