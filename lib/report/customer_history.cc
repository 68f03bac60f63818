#include "csm/report/customer_history.h"

#include <algorithm>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/json_limits.h"
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

// Total seconds on one clock of assigned_time or handle_time (0 without
// data). handle_time's is mean × count, as customer_history has always
// computed it.
double TotalSeconds(const MetricValue& value, bool business) {
  if (const AssignedTime* a = std::get_if<AssignedTime>(&value)) {
    return business ? a->business.total : a->calendar.total;
  }
  if (const DurationSummary* d = std::get_if<DurationSummary>(&value)) {
    const Summary& s = business ? d->business.stats : d->calendar.stats;
    return s.count == 0 ? 0 : s.mean * static_cast<double>(s.count);
  }
  return 0;
}

absl::StatusOr<Report> Run(const Engine& engine, const json& query) {
  absl::StatusOr<ReportQuery> q = ReportQuery::FromJson(query, engine.config());
  if (!q.ok()) return q.status();
  return Build(engine, *q);
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
  absl::StatusOr<Report> tickets_report = Run(engine, tickets_query);
  if (!tickets_report.ok()) return tickets_report.status();
  const ojson tickets = ToJson(*tickets_report);

  json agents_query = base;
  json agent_metrics = kAgentMetrics;
  const std::optional<Metric> handle_time = ParseMetric("handle_time");
  if (handle_time) agent_metrics.push_back("handle_time");
  agents_query["metrics"] = agent_metrics;
  agents_query["group_by"] = {"agent"};
  absl::StatusOr<Report> agents = Run(engine, agents_query);
  if (!agents.ok()) return agents.status();
  const ojson agent_rows = ToJson(*agents)["rows"];

  ojson out;
  out["from"] = tickets["from"];
  out["to"] = tickets["to"];
  out["timezone"] = tickets["timezone"];
  if (tickets.contains("compare")) out["compare"] = tickets["compare"];
  out["customer"] = customer;
  ojson ticket_row = tickets["rows"].empty() ? ojson(nullptr) : tickets["rows"][0];
  if (ticket_row.is_object()) ticket_row.erase("bucket");
  out["tickets"] = std::move(ticket_row);

  std::vector<std::pair<double, ojson>> ranked;
  for (size_t i = 0; i < agents->rows.size(); ++i) {
    const Row& typed = agents->rows[i];
    if (!typed.dims[0]) continue;  // time nobody was assigned
    double calendar = 0, business = 0;
    for (Metric m : agents->query.metrics) {
      if (m != Metric::kAssignedTime && m != handle_time) continue;
      const MetricValue value = ValueOf(*agents, typed.current, m);
      calendar += TotalSeconds(value, /*business=*/false);
      business += TotalSeconds(value, /*business=*/true);
    }
    ojson entry;
    entry["agent"] = *typed.dims[0];
    entry["time"] = {{"calendar", calendar}, {"business", business}};
    for (const auto& [key, value] : agent_rows[i].items()) {
      if (key != "agent" && key != "bucket") entry[key] = value;
    }
    ranked.emplace_back(calendar, std::move(entry));
  }
  // Most time first; ties by name.
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second["agent"].template get<std::string>() <
           b.second["agent"].template get<std::string>();
  });
  ojson list = ojson::array();
  for (auto& [time, entry] : ranked) list.push_back(std::move(entry));
  out["agents"] = std::move(list);
  out["rejected"] = tickets["rejected"];
  return out;
}

}  // namespace csm::report
