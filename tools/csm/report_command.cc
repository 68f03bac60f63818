// csm report: events (JSONL or CSV) → the engine → a report (docs/metrics.md §8)
// as a table, JSON, CSV or an HTML page.
//
// Without --config (or a config without "views") the command configures the
// views its queries need and no more (ViewsFor). --calendar becomes the
// engine's default calendar, so every duration also has its business-time
// value.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csm/engine/engine.h"
#include "csm/engine/sharded_engine.h"
#include "csm/io/cat.h"
#include "csm/io/engine_feed.h"
#include "csm/io/mapped_file.h"
#include "csm/model/field.h"
#include "csm/model/internal/json_limits.h"
#include "csm/model/time_zone.h"
#include "csm/report/report.h"
#include "tools/csm/commands.h"
#include "tools/csm/engine_config_args.h"
#include "tools/csm/output.h"
#include "tools/csm/progress.h"

namespace csm::cli {
namespace {

using Json = nlohmann::json;
using io::Cat;

struct ReportArgs {
  std::string events;
  std::string customer;  // --customer: that customer's history instead of a report
  std::string config;
  std::string calendar;
  std::vector<std::string> group_by;
  std::string grain = "all";
  std::string timezone;
  std::string from, to;
  std::vector<std::string> metrics;
  std::string compare;
  bool anomalies = false;
  std::vector<std::string> filters;
  std::string query_file;
  bool strict = false;
  int threads = 2;
  OutputOptions output;
};

Json View(const std::vector<std::string>& group_by, std::string_view grain) {
  return Json{{"group_by", group_by}, {"grain", std::string(grain)}};
}

// volume_heatmap and business_day_volume are computed from hourly cells: a
// query naming one, or an ungrouped one asking every metric, needs an hour
// view. (A grouped query asking every metric stays coarse: hours × agents
// would cost more than a heatmap per agent is worth; naming it asks for it.)
bool WantsVolume(const Json& q) {
  if (q.contains("customer_history")) return false;
  const bool grouped = q.contains("group_by") && q["group_by"].is_array() && !q["group_by"].empty();
  if (!q.contains("metrics") || !q["metrics"].is_array()) return !grouped;
  for (const Json& m : q["metrics"]) {
    if (m == "volume_heatmap" || m == "business_day_volume") return true;
  }
  return false;
}

// Weekday and hour of day are read from the bucket's local time, not kept
// as view dimensions: they need views of day and hour grain.
bool IsTimeDimension(std::string_view name) { return name == "weekday" || name == "hour_of_day"; }

// The view grains, finest first (ViewsFor's ranks).
constexpr const char* kViewGrains[] = {"15min", "30min", "hour", "day", "all"};

// The coarsest view grain that answers `q` (an index of kViewGrains): its
// own grain for sub-day grains, "hour" for the volume metrics, "all" for a
// grain-all query over all time, "day" for day-aligned bounds (dates) and
// coarser grains, "hour" otherwise. Fewer, coarser views make ingest cheaper.
int GrainRank(const Json& q) {
  // A grain that is no string is left to the query's own error.
  const std::string grain =
      q.contains("grain") && q["grain"].is_string() ? q["grain"].get<std::string>() : "all";
  for (int rank = 0; rank < 3; ++rank) {
    if (grain == kViewGrains[rank]) return rank;
  }
  if (WantsVolume(q)) return 2;
  int time_rank = 4;
  for (const Json& d : q.value("group_by", Json::array())) {
    if (d == "hour_of_day") time_rank = std::min(time_rank, 2);
    if (d == "weekday") time_rank = std::min(time_rank, 3);
  }
  if (time_rank == 2) return 2;
  const bool bounded = q.contains("from") || q.contains("to");
  for (const char* key : {"from", "to"}) {
    if (q.contains(key) && !(q[key].is_string() && q[key].get<std::string>().size() == 10)) {
      return 2;  // not a plain date: may fall inside a day
    }
  }
  return grain == "all" && !bounded ? time_rank : 3;
}

// The metrics a query asks: its "metrics", all when it names none (or is a
// customer_history query, which asks its own). Names that are no metric are
// left to the query's own error.
MetricSet MetricsOf(const Json& q) {
  if (q.contains("customer_history") || !q.contains("metrics") || !q["metrics"].is_array()) {
    return MetricSet::All();
  }
  MetricSet set;
  for (const Json& name : q["metrics"]) {
    if (!name.is_string()) continue;
    if (std::optional<Metric> m = ParseMetric(name.get<std::string>())) set.Add(*m);
  }
  return set.empty() ? MetricSet::All() : set;
}

// One view per distinct set of dimensions (group-by and filter) the queries
// use, at the finest grain any of them needs, keeping the metrics they ask.
Json ViewsFor(const std::vector<Json>& queries) {
  struct Needed {
    std::vector<std::string> dims;
    int rank;
    MetricSet metrics;
  };
  std::vector<Needed> needed;
  // A customer history reads a view by customer and one by customer and agent
  // (customer_history.h).
  std::vector<Json> expanded;
  for (const Json& q : queries) {
    if (!q.contains("customer_history")) {
      expanded.push_back(q);
      continue;
    }
    for (const Json& group_by : {Json::array(), Json::array({"agent"})}) {
      Json part = q;
      part.erase("customer_history");
      part["group_by"] = group_by;
      part["filter"] = {{"customer", Json::array()}};
      expanded.push_back(std::move(part));
    }
  }
  for (const Json& q : expanded) {
    std::vector<std::string> dims;
    const Json group_by = q.value("group_by", Json::array());
    Json filter = q.value("filter", Json::object());
    if (!filter.is_object()) filter = Json::object();  // left to the query's own error
    for (const Json& d : group_by) {
      if (d.is_string() && !IsTimeDimension(d.get<std::string>())) {
        dims.push_back(d.get<std::string>());
      }
    }
    for (const auto& [dim, values] : filter.items()) {
      if (std::find(dims.begin(), dims.end(), dim) == dims.end()) dims.push_back(dim);
    }
    std::sort(dims.begin(), dims.end());
    const int rank = GrainRank(q);
    auto same =
        std::find_if(needed.begin(), needed.end(), [&](const Needed& n) { return n.dims == dims; });
    if (same == needed.end()) {
      needed.push_back({dims, rank, MetricsOf(q)});
    } else {
      same->rank = std::min(same->rank, rank);
      same->metrics = same->metrics.Union(MetricsOf(q));
    }
  }
  Json views = Json::array();
  for (const Needed& n : needed) {
    Json view = View(n.dims, kViewGrains[n.rank]);
    if (!n.metrics.all()) {
      Json names = Json::array();
      for (Metric m : n.metrics.List()) names.push_back(std::string(MetricName(m)));
      view["metrics"] = std::move(names);
    }
    views.push_back(std::move(view));
  }
  return views;
}

// The engine config: --config, with --tz, --calendar and (when the config
// has no "views") the views the queries need filled in.
absl::StatusOr<Json> BuildConfig(const ReportArgs& args, const std::vector<Json>& queries) {
  absl::StatusOr<Json> config = EngineConfigFromFlags(args.config, args.timezone, args.calendar);
  if (!config.ok()) return config.status();
  if (!config->contains("views")) (*config)["views"] = ViewsFor(queries);
  return config;
}

// The dimensions, comma-separated, for messages; with weekday and
// hour_of_day (and the SLA ones) for --group-by.
std::string DimensionList(bool time) {
  std::string out;
  for (Field f : kDimensions) out += Cat(out.empty() ? "" : ", ", FieldName(f));
  return time ? out + ", weekday, hour_of_day, sla_policy, sla_metric" : out;
}

absl::Status CheckDimension(std::string_view flag, const std::string& name) {
  const bool group_by = flag == "--group-by";
  const std::optional<Field> f = ParseField(name);
  if ((f && IsDimension(*f)) || (group_by && IsTimeDimension(name))) return absl::OkStatus();
  // sla_policy / sla_metric group the SLA metrics (they are no filter keys).
  if (group_by && ParseSlaDim(name)) return absl::OkStatus();
  return absl::InvalidArgumentError(Cat(flag, ": \"", QuoteForError(name),
                                        "\" is not a dimension (", DimensionList(group_by), ")"));
}

// Flag mistakes named by their flag, before they become a query or an
// engine config the user never wrote.
absl::Status CheckFlags(const ReportArgs& args) {
  for (const std::string& d : args.group_by) {
    if (absl::Status s = CheckDimension("--group-by", d); !s.ok()) return s;
  }
  for (const std::string& f : args.filters) {
    const std::size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.size()) {
      return absl::InvalidArgumentError(
          Cat("--filter '", QuoteForError(f), "': expected DIMENSION=VALUE[,VALUE…]"));
    }
    if (absl::Status s = CheckDimension("--filter", f.substr(0, eq)); !s.ok()) return s;
  }
  for (const std::string& m : args.metrics) {
    if (m == "all" && args.metrics.size() == 1) continue;
    if (!ParseMetric(m)) {
      return absl::InvalidArgumentError(
          Cat("--metrics: \"", QuoteForError(m),
              "\" is not a metric id (docs/metrics.md §3–§6; or --metrics all)"));
    }
  }
  if (!args.timezone.empty() && !TimeZone::Locate(args.timezone).ok()) {
    return absl::InvalidArgumentError(
        Cat("--tz: unknown time zone \"", QuoteForError(args.timezone), "\" (an IANA name)"));
  }
  if (!args.customer.empty() && (!args.group_by.empty() || args.grain != "all" ||
                                 !args.metrics.empty() || !args.filters.empty())) {
    return absl::InvalidArgumentError(
        "--customer gives one customer's history: it takes --from, --to, --tz and --compare, "
        "not --group-by, --grain, --metrics or --filter");
  }
  return absl::OkStatus();
}

// Prefixes a query's own error with the flags that wrote the query.
absl::Status FromFlags(const absl::Status& s) {
  if (s.ok() || s.message().find("report query") == absl::string_view::npos) return s;
  return absl::Status(s.code(), Cat("in the query of --from/--to/--grain/--tz/--compare: ",
                                    std::string_view(s.message().data(), s.message().size())));
}

// --from / --to as the query takes them: digits are epoch milliseconds (a
// JSON integer), anything else an ISO-8601 instant or a date (a string).
Json Bound(const std::string& arg) {
  const bool digits =
      !arg.empty() && arg.size() <= 18 && arg.find_first_not_of("0123456789") == std::string::npos;
  if (digits) return std::stoll(arg);
  return arg;
}

absl::StatusOr<Json> BaseQuery(const ReportArgs& args) {
  Json q = Json::object();
  if (!args.from.empty()) q["from"] = Bound(args.from);
  if (!args.to.empty()) q["to"] = Bound(args.to);
  if (!args.timezone.empty()) q["timezone"] = args.timezone;
  if (!args.filters.empty()) {
    Json filter = Json::object();
    for (const std::string& f : args.filters) {
      std::size_t eq = f.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == f.size()) {
        return absl::InvalidArgumentError(
            Cat("--filter '", f, "': expected DIMENSION=VALUE[,VALUE…]"));
      }
      Json values = Json::array();
      std::string rest = f.substr(eq + 1);
      for (std::size_t start = 0; start <= rest.size();) {
        std::size_t comma = rest.find(',', start);
        if (comma == std::string::npos) comma = rest.size();
        values.push_back(rest.substr(start, comma - start));
        start = comma + 1;
      }
      filter[f.substr(0, eq)] = values;
    }
    q["filter"] = filter;
  }
  return q;
}

// Runs `query` and adds the reader's rejections to the report's "rejected".
absl::StatusOr<render::Json> Run(const Engine& engine, const Json& query,
                                 const io::FeedResult& fed) {
  absl::StatusOr<std::string> text = report::RunJson(engine, query.dump());
  if (!text.ok()) return text.status();
  render::Json report = render::Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) return absl::InternalError("the engine wrote invalid report JSON");
  if (!fed.input_rejected.empty()) {
    render::Json& rejected = report["rejected"];
    std::int64_t count = rejected.value("count", std::int64_t{0});
    render::Json& reasons = rejected["reasons"];
    for (const auto& [reason, n] : fed.input_rejected) {
      reasons[reason] = reasons.value(reason, std::int64_t{0}) + n;
      count += n;
    }
    rejected["count"] = count;
  }
  return report;
}

// --metrics all: every metric, shown whether it has data or not.
bool AllMetrics(const ReportArgs& args) {
  return args.metrics.size() == 1 && args.metrics[0] == "all";
}

// The queries to answer: --query's, or the one the flags describe; for the
// HTML page also the totals (with the previous period when the range is
// closed), the trend, hours for the heatmap, categories and agents.
absl::StatusOr<std::vector<Json>> Queries(const ReportArgs& args) {
  std::vector<Json> queries;
  if (!args.query_file.empty()) {
    absl::StatusOr<io::MappedFile> file = io::MappedFile::Open(args.query_file);
    if (!file.ok()) return file.status();
    absl::StatusOr<Json> parsed =
        ParseJsonDocument(file->data(), Cat("--query '", args.query_file, "'"));
    if (!parsed.ok()) return parsed.status();
    Json doc = *std::move(parsed);
    if (doc.is_object()) doc = Json::array({doc});
    if (!doc.is_array() || doc.empty()) {
      return absl::InvalidArgumentError(
          Cat("--query '", args.query_file, "': expected a report query object or a list of them"));
    }
    for (Json& q : doc) {
      if (!q.is_object()) {
        return absl::InvalidArgumentError(
            Cat("--query '", args.query_file, "': every query must be an object"));
      }
      if (!args.timezone.empty() && !q.contains("timezone")) q["timezone"] = args.timezone;
      queries.push_back(std::move(q));
    }
    return queries;
  }
  absl::StatusOr<Json> base = BaseQuery(args);
  if (!base.ok()) return base.status();
  if (!args.customer.empty()) {
    Json history = *base;
    history["customer_history"] = args.customer;
    if (!args.compare.empty()) history["compare"] = args.compare;
    queries.push_back(std::move(history));
    return queries;
  }
  Json main = *base;
  main["grain"] = args.grain;
  main["group_by"] = args.group_by;
  if (!args.metrics.empty() && !AllMetrics(args)) main["metrics"] = args.metrics;
  if (!args.compare.empty()) main["compare"] = args.compare;
  if (args.anomalies) main["anomalies"] = true;
  queries.push_back(main);
  if (args.output.format == "html") {
    Json totals = *base;
    totals["grain"] = "all";
    if (!args.from.empty() && !args.to.empty()) totals["compare"] = "previous";
    // The page takes the first report of each role: these totals, with the
    // previous period, before the main query's.
    queries.insert(queries.begin(), totals);
    // Sub-day grains trend by day: a chart of every half hour is unreadable.
    const bool sub_day = args.grain == "hour" || args.grain == "30min" || args.grain == "15min";
    const std::string trend = args.grain == "all" || sub_day ? "day" : args.grain;
    for (const std::string& grain : {trend, std::string("hour")}) {
      Json q = *base;
      q["grain"] = grain;
      // The trend marks its anomalies too.
      if (args.anomalies && grain == trend) q["anomalies"] = true;
      queries.push_back(q);
    }
    for (const char* dim : {"category", "agent"}) {
      Json q = *base;
      q["grain"] = "all";
      q["group_by"] = {dim};
      queries.push_back(q);
    }
  }
  return queries;
}

// How --threads N is spent (docs/cli.md, "Threads"): 1 reads and ingests;
// 2 reads on one thread and ingests on this one; from 3 this thread routes
// to engine shards, and the rest are split about 1 reader for 2 shards: on
// the compare file (bench/RESULTS.md) parsing is about a quarter of the CPU
// and the engine most of the rest. Several readers read a file in chunks
// split at line boundaries; stdin is read by one. --strict needs one engine
// (its verdict on each event in turn): N - 1 read, this thread ingests.
struct ThreadPlan {
  int readers = 0;  // reading threads besides this one
  int shards = 0;   // 0: one engine, fed on this thread
};

ThreadPlan PlanThreads(int threads, bool strict) {
  if (threads <= 1) return {};
  if (threads == 2 || strict) return {.readers = threads - 1, .shards = 0};
  const int readers = std::max(1, threads / 3);
  return {.readers = readers, .shards = threads - 1 - readers};
}

int RunReport(const ReportArgs& args) {
  if (!args.query_file.empty() &&
      (!args.group_by.empty() || args.grain != "all" || !args.from.empty() || !args.to.empty() ||
       !args.metrics.empty() || !args.compare.empty() || !args.filters.empty() || args.anomalies)) {
    return Fail("report", absl::InvalidArgumentError(
                              "--query replaces --group-by, --grain, --from, --to, --metrics, "
                              "--compare, --anomalies and --filter: give one or the other"));
  }
  if (absl::Status s = CheckFlags(args); !s.ok()) return Fail("report", s);
  absl::StatusOr<std::vector<Json>> queries = Queries(args);
  if (!queries.ok()) return Fail("report", queries.status());
  absl::StatusOr<Json> config = BuildConfig(args, *queries);
  if (!config.ok()) return Fail("report", config.status());
  Progress progress("csm report: reading events");
  io::FeedOptions feed;
  feed.strict = args.strict;
  feed.progress = [&](std::size_t done, std::size_t total) { progress.Update(done, total); };
  const ThreadPlan plan = PlanThreads(args.threads, args.strict);
  const int shards = plan.shards;
  feed.threads = std::min(args.threads, 2);
  feed.readers = std::max(plan.readers, 1);
  std::unique_ptr<Engine> engine;
  absl::StatusOr<io::FeedResult> fed;
  if (shards >= 1) {
    absl::StatusOr<std::unique_ptr<ShardedEngine>> sharded =
        ShardedEngine::Create(config->dump(), shards);
    if (!sharded.ok()) return Fail("report", sharded.status());
    fed = io::FeedFile(args.events, **sharded, feed, &engine);
  } else {
    absl::StatusOr<std::unique_ptr<Engine>> one = Engine::Create(config->dump());
    if (!one.ok()) return Fail("report", one.status());
    engine = *std::move(one);
    fed = io::FeedFile(args.events, *engine, feed);
  }
  progress.Done();
  if (!fed.ok()) return Fail("report", fed.status());

  std::vector<render::Json> reports;
  for (const Json& q : *queries) {
    absl::StatusOr<render::Json> r = Run(*engine, q, *fed);
    if (!r.ok())
      return Fail("report", args.query_file.empty() ? FromFlags(r.status()) : r.status());
    reports.push_back(std::move(*r));
  }
  PrintRejections("report", *fed);
  // --query answers every query; otherwise the first report is the one asked
  // for and the others feed the HTML page.
  OutputOptions output = args.output;
  output.all_reports = !args.query_file.empty();
  // Metrics named by --metrics (or a query's "metrics") are shown even
  // without data; by default only those with data (docs/cli.md). The HTML
  // page is drawn mostly from the reports it adds (totals, trend, agents),
  // which name no metric: there only --metrics all shows what has no data.
  output.all_metrics = output.format == "html"
                           ? AllMetrics(args)
                           : !args.metrics.empty() ||
                                 std::any_of(queries->begin(), queries->end(),
                                             [](const Json& q) { return q.contains("metrics"); });
  if (absl::Status s = WriteReports(reports, output); !s.ok()) return Fail("report", s);
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Compute a report from events (JSONL or CSV with §1 field names) and print it.");
  cmd->footer(
      "Examples:\n"
      "  csm report --events events.jsonl\n"
      "  csm report --events events.jsonl --grain day --group-by agent --format csv\n"
      "  csm report --events events.jsonl --from 2026-11-02 --to 2026-11-09 --compare previous\n"
      "  csm report --events events.jsonl --calendar hours.json --format html -o report.html\n"
      "Rejected events are counted in the report and summed up on stderr (--strict stops at "
      "the first). docs/cli.md describes the formats.\n");
  cmd->add_option("--events", args->events, "Events file (JSONL or CSV), or - for stdin")
      ->required();
  cmd->add_option("--config", args->config, "Engine config JSON (docs/metrics.md §9)");
  cmd->add_option("--customer", args->customer,
                  "One customer's history (tickets, and the agents who spent most time on "
                  "them) instead of a report; with --from, --to, --compare");
  cmd->add_option("--calendar", args->calendar,
                  "Business calendar JSON: the default calendar for business time");
  cmd->add_option("--group-by", args->group_by,
                  "Dimensions: agent, group, channel, category, priority, segment, customer; "
                  "weekday, hour_of_day (local, in --tz)")
      ->delimiter(',');
  cmd->add_option("--grain", args->grain, "15min, 30min, hour, day, week, month or all")
      ->check(CLI::IsMember({"15min", "30min", "hour", "day", "week", "month", "all"}))
      ->capture_default_str();
  cmd->add_option("--tz", args->timezone, "Report time zone (IANA name; default UTC)")
      ->check(NonEmpty());
  cmd->add_option("--from", args->from, "Start (inclusive): ISO-8601, date or epoch ms");
  cmd->add_option("--to", args->to, "End (exclusive)");
  cmd->add_option("--metrics", args->metrics,
                  "Metric ids, or all (default: every metric, shown when it has data)")
      ->delimiter(',');
  cmd->add_option("--compare", args->compare, "previous: add the preceding period and change")
      ->check(CLI::IsMember({"previous"}));
  cmd->add_flag("--anomalies", args->anomalies,
                "Flag counts far above or below the same bucket of the weeks before (needs "
                "--grain other than all)");
  cmd->add_option("--filter", args->filters,
                  "DIMENSION=VALUE[,VALUE…]: only tickets with these values (repeatable)");
  cmd->add_option("--query", args->query_file,
                  "Report query JSON (docs/metrics.md §9), or a list of them, answered from one "
                  "reading of the events (instead of --group-by, --grain, --from, --to, "
                  "--metrics, --compare, --filter)");
  cmd->add_flag("--strict", args->strict, "Fail on the first rejected event");
  cmd->add_option("--threads", args->threads,
                  "Threads in all: 1; 2 reads on a second thread; N >= 3 reads (a file on "
                  "about N / 3 threads, in chunks), routes and ingests on the other engine "
                  "shards, merged at the end (same result)")
      ->check(CLI::Range(1, 2 + csm::ShardedEngine::kMaxShards))
      ->capture_default_str();
  AddRenderOutputOptions(cmd, &args->output);
  cmd->callback([args, exit_code] { *exit_code = RunReport(*args); });
}

}  // namespace csm::cli
