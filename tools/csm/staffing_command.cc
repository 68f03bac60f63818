// csm staffing: events → the engine → a staffing plan (issue 23;
// docs/staffing.md): offered contacts and handle time per interval forecast
// for the coming weeks from the history, agents required per interval for
// the target, and a backtest of the forecast against seasonal-naive. The
// forecast itself is the library's (the report call's "forecast" query);
// this command configures the engine, asks it and renders the answer.
#include <cstdio>
#include <memory>
#include <string>

#include "csm/engine/engine.h"
#include "csm/io/cat.h"
#include "csm/io/engine_feed.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"
#include "csm/render/staffing_renderer.h"
#include "csm/report/report.h"
#include "tools/csm/commands.h"
#include "tools/csm/engine_config_args.h"
#include "tools/csm/output.h"
#include "tools/csm/progress.h"

namespace csm::cli {
namespace {

using Json = nlohmann::json;
using io::Cat;

struct StaffingArgs {
  std::string events;
  std::string config;
  std::string calendar;
  std::string timezone;
  std::string target;  // "80/20"
  std::optional<double> shrinkage;
  std::optional<double> max_occupancy;
  std::string model;
  int weeks = 1;
  int backtest = 1;
  std::string grain = "30min";
  std::string from, to;
  std::string format = "table";
  std::string path;
  std::string title = "Staffing plan";
};

// The engine config: --config, with --tz and --calendar, and a view of the
// planning grain when the config has no "views".
absl::StatusOr<Json> BuildConfig(const StaffingArgs& args) {
  absl::StatusOr<Json> config = EngineConfigFromFlags(args.config, args.timezone, args.calendar);
  if (!config.ok()) return config.status();
  if (!config->contains("views")) {
    (*config)["views"] =
        Json::array({{{"group_by", Json::array()},
                      {"grain", args.grain},
                      {"metrics",
                       {"contacts_queued", "contacts_abandoned", "average_speed_of_answer",
                        "queue_abandon_time", "talk_time", "handle_time"}}}});
  }
  return config;
}

// --target "80/20": 80 % answered within 20 s.
absl::Status ParseTarget(const std::string& text, Json* staffing) {
  const size_t slash = text.find('/');
  double level = 0, threshold = 0;
  char rest = 0;
  if (slash == std::string::npos ||
      std::sscanf(text.c_str(), "%lf/%lf%c", &level, &threshold, &rest) != 2) {
    return absl::InvalidArgumentError(
        Cat("--target '", QuoteForError(text, 40), "': expected PERCENT/SECONDS, e.g. 80/20"));
  }
  (*staffing)["service_level"] = level;
  (*staffing)["threshold"] = threshold;
  return absl::OkStatus();
}

absl::StatusOr<Json> Query(const StaffingArgs& args) {
  Json staffing = Json::object();
  if (!args.target.empty()) {
    if (absl::Status s = ParseTarget(args.target, &staffing); !s.ok()) return s;
  }
  if (args.shrinkage) staffing["shrinkage"] = *args.shrinkage;
  if (args.max_occupancy) staffing["max_occupancy"] = *args.max_occupancy;
  if (!args.model.empty()) staffing["model"] = args.model;
  Json forecast = {{"weeks", args.weeks}, {"grain", args.grain}, {"backtest_weeks", args.backtest}};
  if (!staffing.empty()) forecast["staffing"] = staffing;
  Json q = {{"forecast", forecast}};
  if (!args.timezone.empty()) q["timezone"] = args.timezone;
  if (!args.from.empty()) q["from"] = args.from;
  if (!args.to.empty()) q["to"] = args.to;
  return q;
}

int RunStaffing(const StaffingArgs& args) {
  absl::StatusOr<Json> query = Query(args);
  if (!query.ok()) return Fail("staffing", query.status());
  absl::StatusOr<Json> config = BuildConfig(args);
  if (!config.ok()) return Fail("staffing", config.status());
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(config->dump());
  if (!engine.ok()) return Fail("staffing", engine.status());
  Progress progress("csm staffing: reading events");
  io::FeedOptions feed;
  feed.progress = [&](std::size_t done, std::size_t total) { progress.Update(done, total); };
  absl::StatusOr<io::FeedResult> fed = io::FeedFile(args.events, **engine, feed);
  progress.Done();
  if (!fed.ok()) return Fail("staffing", fed.status());
  PrintRejections("staffing", *fed);
  absl::StatusOr<std::string> text = report::RunJson(**engine, query->dump());
  if (!text.ok()) {
    absl::Status s = text.status();
    if (args.backtest > 0 && s.message().find("whole weeks") != absl::string_view::npos) {
      s = absl::Status(s.code(), Cat(AsStd(s.message()), " (--backtest 0 plans without one)"));
    }
    return Fail("staffing", s);
  }
  const render::Json answer = render::Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) {
    return Fail("staffing", absl::InternalError("the engine wrote invalid JSON"));
  }
  std::string out;
  if (args.format == "json") {
    out = answer.dump(2) + "\n";
  } else if (args.format == "csv") {
    out = render::StaffingCsv(answer);
  } else if (args.format == "html") {
    out = render::StaffingHtml(answer, args.title);
  } else {
    out = render::StaffingTable(answer);
  }
  if (absl::Status s = WriteText(out, args.path); !s.ok()) return Fail("staffing", s);
  return 0;
}

}  // namespace

void AddStaffingCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<StaffingArgs>();
  CLI::App* cmd = app.add_subcommand(
      "staffing",
      "Forecast contacts per interval from the events' history and plan the agents each needs.");
  cmd->footer(
      "Examples:\n"
      "  csm staffing --events calls.jsonl --target 80/20 --shrinkage 30\n"
      "  csm staffing --events calls.jsonl --tz Europe/Berlin --weeks 2 --format csv\n"
      "  csm staffing --events calls.jsonl --format html -o plan.html\n"
      "The history is the events' last whole weeks; --backtest N holds the last N out and "
      "reports the forecast's WAPE beside seasonal-naive. docs/staffing.md has the method.\n");
  cmd->add_option("--events", args->events, "Events file (JSONL or CSV), or - for stdin")
      ->required();
  cmd->add_option("--config", args->config,
                  "Engine config JSON; its options.staffing is the default target");
  cmd->add_option("--calendar", args->calendar,
                  "Business calendar JSON: its holidays are left out of the baseline");
  cmd->add_option("--tz", args->timezone, "Time zone of the intervals (IANA name; default UTC)")
      ->check(NonEmpty());
  cmd->add_option("--target", args->target,
                  "Service level: PERCENT/SECONDS answered within, e.g. 80/20");
  cmd->add_option("--shrinkage", args->shrinkage, "Percent of paid time off contacts (0-99.9)");
  cmd->add_option("--max-occupancy", args->max_occupancy, "Percent busy at most (0-100)");
  cmd->add_option("--model", args->model, "erlang_c (no abandonment) or erlang_a")
      ->check(CLI::IsMember({"erlang_c", "erlang_a"}));
  cmd->add_option("--weeks", args->weeks, "Weeks to plan after the history (1-52)")
      ->check(CLI::Range(1, 52))
      ->capture_default_str();
  cmd->add_option("--backtest", args->backtest, "Weeks held out to test the forecast (0-51)")
      ->check(CLI::Range(0, 51))
      ->capture_default_str();
  cmd->add_option("--grain", args->grain, "Planning interval: 15min, 30min or hour")
      ->check(CLI::IsMember({"15min", "30min", "hour"}))
      ->capture_default_str();
  cmd->add_option("--from", args->from, "History start (inclusive): ISO-8601 or date");
  cmd->add_option("--to", args->to, "History end (exclusive)");
  cmd->add_option("--format", args->format, "table, csv, json or html")
      ->check(CLI::IsMember({"table", "csv", "json", "html"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->path, "Output file (default: stdout)");
  cmd->add_option("--title", args->title, "HTML page title")->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = RunStaffing(*args); });
}

}  // namespace csm::cli
