// csm live: events (JSONL or CSV) → the engine → a live query's answer at an
// instant (docs/sla.md "Live queries"): which SLA targets fall due next, one
// ticket now, the contact-center wallboard. Printed as a table, or as the
// answer's JSON with --format json.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csm/engine/engine.h"
#include "csm/io/cat.h"
#include "csm/io/engine_feed.h"
#include "csm/io/mapped_file.h"
#include "csm/live/live_query.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/event_line.h"
#include "csm/model/internal/json_limits.h"
#include "tools/csm/commands.h"
#include "tools/csm/output.h"

namespace csm::cli {
namespace {

using Json = nlohmann::ordered_json;
using io::Cat;

struct LiveArgs {
  std::string events;
  std::string config;
  std::string now;
  std::string query;
  std::string format = "table";
  std::string output;
};

// Seconds as [-][Nd ]HH:MM:SS (rounded to the second); "" for null.
std::string Duration(const Json& seconds) {
  if (!seconds.is_number()) return "";
  const double s = seconds.get<double>();
  int64_t left = static_cast<int64_t>(std::llround(std::fabs(s)));
  const int64_t days = left / 86400;
  left %= 86400;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s%s%02lld:%02lld:%02lld", s < 0 ? "-" : "",
                days > 0 ? Cat(days, "d ").c_str() : "", static_cast<long long>(left / 3600),
                static_cast<long long>(left / 60 % 60), static_cast<long long>(left % 60));
  return buffer;
}

std::string Text(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_float()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v.get<double>());
    return buffer;
  }
  return v.dump();
}

// Display width: UTF-8 code points (names may be non-ASCII).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Aligned columns under a header; a row of dashes between.
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = Width(header[i]);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], Width(row[i]));
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      if (i + 1 < cells.size()) text += std::string(width[i] - Width(cells[i]) + 2, ' ');
    }
    text.erase(text.find_last_not_of(' ') + 1);  // no padding after the last filled cell
    out += text + "\n";
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string SlaDueTable(const Json& a) {
  std::vector<std::vector<std::string>> rows;
  for (const Json& item : a["items"]) {
    const Json& remaining = item["remaining"];
    rows.push_back({Text(item["due"]), Text(item["ticket"]), Text(item["policy"]),
                    Text(item["metric"]), Text(item["priority"]), Text(item["state"]),
                    Text(item["breached"]), Duration(remaining["calendar"]),
                    Duration(remaining["business"])});
  }
  return Cat("now ", Text(a["now"]), ": ", rows.size(), " due\n",
             Table({"due", "ticket", "policy", "metric", "priority", "state", "breached",
                    "remaining", "remaining (business)"},
                   rows));
}

std::string TicketTable(const Json& a) {
  std::string out = Cat("ticket ", Text(a["ticket"]), " at ", Text(a["now"]), "\n");
  for (const char* key : {"status", "policy", "priority", "group", "created"}) {
    out += Cat("  ", key, ": ", Text(a[key]), "\n");
  }
  out += Cat("  age: ", Duration(a["age"]["calendar"]), " (business ",
             Duration(a["age"]["business"]), ")\n");
  if (a["targets"].empty()) return out;
  std::vector<std::vector<std::string>> rows;
  for (const Json& t : a["targets"]) {
    rows.push_back({Text(t.value("metric", Json())), Text(t.value("state", Json())),
                    Text(t.value("breached", Json())), Text(t.value("due", Json())),
                    Duration(t["elapsed"]["calendar"]), Duration(t["remaining"]["calendar"]),
                    Duration(t["remaining"]["business"])});
  }
  return out + "\n" +
         Table(
             {"metric", "state", "breached", "due", "elapsed", "remaining", "remaining (business)"},
             rows);
}

std::string QueueTable(const Json& a) {
  std::vector<std::string> header;
  for (const Json& d : a["group_by"]) header.push_back(d.get<std::string>());
  for (const char* h : {"waiting", "longest wait", "available", "busy", "after_call", "away",
                        "offered", "answered", "abandoned", "service level %", "ASA"}) {
    header.push_back(h);
  }
  std::vector<std::vector<std::string>> rows;
  for (const Json& r : a["rows"]) {
    std::vector<std::string> row;
    for (const Json& d : a["group_by"]) row.push_back(Text(r[d.get<std::string>()]));
    const Json &w = r["waiting"], &ag = r["agents"], &t = r["today"];
    for (const std::string& cell :
         {Text(w["count"]), Duration(w["longest_wait"]), Text(ag["available"]), Text(ag["busy"]),
          Text(ag["after_call"]), Text(ag["away"]), Text(t["offered"]), Text(t["answered"]),
          Text(t["abandoned"]), Text(t["service_level"]), Duration(t["average_speed_of_answer"])}) {
      row.push_back(cell);
    }
    rows.push_back(std::move(row));
  }
  return Cat("queue at ", Text(a["now"]), " (today since ", Text(a["since"]), ")\n",
             Table(header, rows));
}

int RunLive(const LiveArgs& args) {
  absl::StatusOr<live::LiveQuery> query = live::LiveQuery::FromJson(args.query);
  if (!query.ok()) return Fail("live", query.status());
  std::string config = "{}";
  if (!args.config.empty()) {
    absl::StatusOr<io::MappedFile> file = io::MappedFile::Open(args.config);
    if (!file.ok()) return Fail("live", file.status());
    config = std::string(file->data());
  }
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(config);
  if (!engine.ok()) return Fail("live", engine.status());
  // Streams stdin, pipes and devices (io::FeedFile), as csm report does.
  absl::StatusOr<io::FeedResult> fed = io::FeedFile(args.events, **engine);
  if (!fed.ok()) return Fail("live", fed.status());
  PrintRejections("live", *fed);
  // Without --now: the engine's clock (the latest event time).
  Instant now = (*engine)->clock();
  if (!args.now.empty()) {
    absl::StatusOr<Instant> parsed = ParseEventTime(args.now);
    if (!parsed.ok()) {
      return Fail("live", absl::InvalidArgumentError(Cat("--now '", QuoteForError(args.now),
                                                         "': ", AsStd(parsed.status().message()))));
    }
    now = *parsed;
  }
  absl::StatusOr<std::string> answer = live::RunLiveJson(**engine, args.query, now);
  if (!answer.ok()) return Fail("live", answer.status());
  std::string text;
  if (args.format == "json") {
    text = *answer + "\n";
  } else {
    const Json a = Json::parse(*answer);
    switch (query->kind) {
      case live::LiveKind::kSlaDue:
        text = SlaDueTable(a);
        break;
      case live::LiveKind::kTicket:
        text = TicketTable(a);
        break;
      case live::LiveKind::kQueue:
        text = QueueTable(a);
        break;
    }
  }
  if (absl::Status s = WriteText(text, args.output); !s.ok()) return Fail("live", s);
  return 0;
}

}  // namespace

void AddLiveCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<LiveArgs>();
  CLI::App* cmd = app.add_subcommand(
      "live", "Answer a live query (SLA targets due, a ticket, the queue) at an instant.");
  cmd->footer(
      "Examples:\n"
      "  csm live --events events.jsonl --config config.json --now 2026-11-02T10:00:00-05:00 \\\n"
      "      --query '{\"kind\": \"sla_due\", \"within\": 3600}'\n"
      "  csm live --events events.jsonl --query '{\"kind\": \"queue\", \"group_by\": "
      "[\"group\"]}'\n"
      "  csm live --events events.jsonl --query '{\"kind\": \"ticket\", \"ticket\": \"T-1\"}' "
      "--format json\n"
      "docs/sla.md describes the queries and their answers.\n");
  cmd->add_option("--events", args->events, "Events file (JSONL or CSV), or - for stdin")
      ->required();
  cmd->add_option("--config", args->config,
                  "Engine config JSON (docs/metrics.md §9; sla_policies: docs/sla.md)");
  cmd->add_option("--now", args->now,
                  "The instant to answer at: ISO-8601 with offset or epoch ms (default: the "
                  "latest event time); not earlier than the latest event")
      ->check(NonEmpty());
  cmd->add_option("--query", args->query,
                  "Live query JSON, e.g. '{\"kind\": \"sla_due\", \"within\": 3600}'")
      ->required();
  cmd->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Output file (default: stdout)");
  cmd->callback([args, exit_code] { *exit_code = RunLive(*args); });
}

}  // namespace csm::cli
