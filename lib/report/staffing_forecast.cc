#include "csm/report/staffing_forecast.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "csm/calendar/calendar_spec.h"
#include "csm/engine/metric.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"
#include "csm/report/report.h"
#include "csm/report/staffing_json.h"
#include "csm/staffing/agents_required.h"
#include "csm/staffing/erlang_a.h"
#include "csm/staffing/forecast.h"

namespace csm::report {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr int kMaxWeeks = 52;

absl::Status Invalid(std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("forecast query: ", absl::string_view(what.data(), what.size())));
}

struct ForecastArgs {
  int weeks = 1;
  int backtest_weeks = 0;
  Grain grain = Grain::kHalfHour;
  std::optional<std::string> calendar;
  StaffingOptions staffing;
};

absl::StatusOr<int> WeeksArg(const json& spec, const char* key, int fallback, int lo) {
  if (!spec.contains(key)) return fallback;
  const json& v = spec[key];
  if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > kMaxWeeks) {
    return Invalid(absl::StrCat(key, " must be a whole number of weeks from ", lo, " to ",
                                kMaxWeeks, ", got ", QuoteJsonForError(v)));
  }
  return static_cast<int>(v.get<int64_t>());
}

json StaffingJson(const StaffingOptions& s) {
  return {{"service_level", s.service_level},
          {"threshold", s.threshold_s},
          {"max_occupancy", s.max_occupancy ? json(*s.max_occupancy) : json(nullptr)},
          {"shrinkage", s.shrinkage},
          {"model", s.model == StaffingOptions::Model::kErlangA ? "erlang_a" : "erlang_c"}};
}

absl::StatusOr<ForecastArgs> ParseArgs(const json& spec, const Engine& engine) {
  if (!spec.is_object()) return Invalid("\"forecast\" must be a JSON object");
  for (const auto& [key, value] : spec.items()) {
    if (key != "weeks" && key != "backtest_weeks" && key != "grain" && key != "calendar" &&
        key != "staffing") {
      return Invalid(absl::StrCat("unknown key \"", QuoteForError(key),
                                  "\" in \"forecast\" (weeks, backtest_weeks, grain, calendar, "
                                  "staffing)"));
    }
  }
  ForecastArgs args;
  absl::StatusOr<int> weeks = WeeksArg(spec, "weeks", 1, 1);
  if (!weeks.ok()) return weeks.status();
  args.weeks = *weeks;
  absl::StatusOr<int> backtest = WeeksArg(spec, "backtest_weeks", 0, 0);
  if (!backtest.ok()) return backtest.status();
  args.backtest_weeks = *backtest;
  if (spec.contains("grain")) {
    const json& g = spec["grain"];
    std::optional<Grain> grain = g.is_string() ? ParseGrain(g.get<std::string>()) : std::nullopt;
    if (!grain || GrainRank(*grain) > GrainRank(Grain::kHour)) {
      return Invalid(absl::StrCat("grain must be \"15min\", \"30min\" or \"hour\", got ",
                                  QuoteJsonForError(g)));
    }
    args.grain = *grain;
  }
  const json& calendars = engine.config().calendars;
  if (spec.contains("calendar")) {
    const json& c = spec["calendar"];
    if (!c.is_string() || !calendars.contains(c.get<std::string>())) {
      return Invalid(absl::StrCat("calendar ", QuoteJsonForError(c),
                                  " is not a calendar of the engine config"));
    }
    args.calendar = c.get<std::string>();
  } else if (calendars.contains("default")) {
    args.calendar = "default";
  }
  args.staffing = engine.config().options.staffing;
  if (spec.contains("staffing")) {
    // Parsed as the config's options.staffing is: same keys, same ranges.
    if (!spec["staffing"].is_object()) return Invalid("staffing must be a JSON object");
    json merged = StaffingJson(args.staffing);
    for (const auto& [key, value] : spec["staffing"].items()) merged[key] = value;
    absl::StatusOr<EngineConfig> parsed =
        EngineConfig::FromJson(json{{"options", {{"staffing", merged}}}});
    if (!parsed.ok()) return Invalid(AsStd(parsed.status().message()));
    args.staffing = parsed->options.staffing;
  }
  return args;
}

// A period's figures read through the report's typed values (report_value.h),
// not from the engine's cells: a count, and a duration's calendar-time total
// (seconds) and number of samples; 0 where the report has no value.
double CountOf(const Report& report, const Period& period, Metric m) {
  const MetricValue v = ValueOf(report, period, m);
  const Count* c = std::get_if<Count>(&v);
  return c == nullptr ? 0 : static_cast<double>(c->value);
}
struct DurationTotal {
  double seconds = 0, count = 0;
};
DurationTotal TotalOf(const Report& report, const Period& period, Metric m) {
  const MetricValue v = ValueOf(report, period, m);
  const DurationSummary* d = std::get_if<DurationSummary>(&v);
  if (d == nullptr) return {};
  return {d->calendar.total, static_cast<double>(d->calendar.stats.count)};
}

const char* kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// What one local interval measured.
struct Measured {
  double offered = 0;
  double handle_s = 0, handled = 0;  // handle_time
  double talk_s = 0, talked = 0;     // talk_time
  double wait_s = 0, abandoned = 0;  // for Erlang A's patience
};

std::string TimeOfDay(int minutes) {
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

}  // namespace

absl::StatusOr<ojson> StaffingForecast(const Engine& engine, const json& query) {
  if (!query.is_object() || !query.contains("forecast")) {
    return Invalid("needs \"forecast\": {\"weeks\": …}");
  }
  absl::StatusOr<ForecastArgs> args = ParseArgs(query["forecast"], engine);
  if (!args.ok()) return args.status();
  json base = json::object();
  for (const auto& [key, value] : query.items()) {
    if (key == "forecast") continue;
    if (key != "from" && key != "to" && key != "timezone" && key != "filter") {
      return Invalid(absl::StrCat("\"", QuoteForError(key),
                                  "\" cannot go with forecast (from, to, timezone, filter can)"));
    }
    base[key] = value;
  }
  base["grain"] = std::string(GrainName(args->grain));
  absl::StatusOr<ReportQuery> q = ReportQuery::FromJson(base, engine.config());
  if (!q.ok()) return q.status();
  absl::StatusOr<Report> report = Build(engine, *q);
  if (!report.ok()) return report.status();
  const TimeZone* zone = q->zone;

  const int minutes = GrainRank(args->grain) == 0 ? 15 : GrainRank(args->grain) == 1 ? 30 : 60;
  const int per_day = 24 * 60 / minutes;
  const int per_week = 7 * per_day;
  const double interval_s = minutes * 60.0;
  auto local_day = [&](Instant t) { return date::floor<date::days>(zone->ToLocal(t)); };
  auto day_start = [&](date::local_days d) {
    return zone->EarliestInstantOf(TimeZone::LocalTime{d.time_since_epoch()});
  };

  // The days with data, then whole weeks ending at `to` (or the last such day).
  std::optional<date::local_days> first_day, last_day;
  for (const Row& row : report->rows) {
    if (!row.current.cell) continue;
    const date::local_days d = local_day(row.bucket_start);
    if (!first_day || d < *first_day) first_day = d;
    if (!last_day || d > *last_day) last_day = d;
  }
  if (q->from) first_day = local_day(*q->from);
  if (q->to) last_day = local_day(*q->to - Millis{1});
  if (!first_day || !last_day) return Invalid("no data to forecast from in the range");
  const int days = static_cast<int>((*last_day - *first_day).count()) + 1;
  // With `to`: the whole weeks ending there. Without: whole weeks from the
  // first day, the last one rounded up; its days after the data (a centre
  // closed on Sundays, an export that ends on a Wednesday) are unobserved
  // and left out like holidays, never counted as 0.
  const int weeks = q->to ? days / 7 : (days + 6) / 7;
  if (days < 7 || weeks < 1 + args->backtest_weeks) {
    return Invalid(
        absl::StrCat("needs at least ", 1 + args->backtest_weeks, " whole weeks of history",
                     args->backtest_weeks > 0 ? " (one to train on, plus the backtest weeks)" : "",
                     ", has ", days, " days"));
  }
  const date::local_days start =
      q->to ? *last_day + date::days{1} - date::days{7 * weeks} : *first_day;
  const date::local_days end = start + date::days{7 * weeks};
  const date::local_days observed_end = *last_day + date::days{1};

  // Holidays of the calendar, as local dates.
  std::set<date::local_days> holidays;
  if (args->calendar) {
    absl::StatusOr<CalendarSpec> spec =
        ParseCalendarSpec(engine.config().calendars[*args->calendar]);
    if (!spec.ok()) return spec.status();
    holidays.insert(spec->holidays.begin(), spec->holidays.end());
  }

  // Measured intervals of the history, interval of week i of week w at w·per_week + i.
  std::vector<Measured> measured(static_cast<size_t>(weeks * per_week));
  for (const Row& row : report->rows) {
    if (!row.current.cell) continue;
    const TimeZone::LocalTime local = zone->ToLocal(row.bucket_start);
    const date::local_days d = date::floor<date::days>(local);
    if (d < start || d >= end) continue;
    const int day = static_cast<int>((d - start).count());
    const int minute =
        static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - d).count());
    Measured& m = measured[static_cast<size_t>(day * per_day + minute / minutes)];
    const Period& p = row.current;
    const DurationTotal handle = TotalOf(*report, p, Metric::kHandleTime);
    const DurationTotal talk = TotalOf(*report, p, Metric::kTalkTime);
    m.offered += CountOf(*report, p, Metric::kContactsQueued);
    m.handle_s += handle.seconds;
    m.handled += handle.count;
    m.talk_s += talk.seconds;
    m.talked += talk.count;
    m.wait_s += TotalOf(*report, p, Metric::kAverageSpeedOfAnswer).seconds +
                TotalOf(*report, p, Metric::kQueueAbandonTime).seconds;
    m.abandoned += CountOf(*report, p, Metric::kContactsAbandoned);
  }
  double handled = 0, talked = 0, wait_s = 0, abandoned = 0;
  for (const Measured& m : measured) {
    handled += m.handled;
    talked += m.talked;
    wait_s += m.wait_s;
    abandoned += m.abandoned;
  }
  // Handle time where measured; the bank log, say, has no wrap-up: talk time.
  const bool use_talk = handled == 0 && talked > 0;
  std::vector<staffing::IntervalHistory> history(measured.size());
  std::vector<bool> excluded_day(static_cast<size_t>(weeks * 7));
  json excluded_days = json::array(), unobserved_days = json::array();
  for (int day = 0; day < weeks * 7; ++day) {
    const date::local_days d = start + date::days{day};
    const bool holiday = holidays.count(d) > 0, unobserved = d >= observed_end;
    excluded_day[static_cast<size_t>(day)] = holiday || unobserved;
    if (holiday) excluded_days.push_back(FormatDate(d));
    if (unobserved) unobserved_days.push_back(FormatDate(d));
  }
  for (size_t i = 0; i < measured.size(); ++i) {
    const Measured& m = measured[i];
    history[i] = {m.offered, use_talk ? m.talk_s : m.handle_s, use_talk ? m.talked : m.handled,
                  excluded_day[i / static_cast<size_t>(per_day)]};
  }

  staffing::StaffingTarget target = StaffingTargetOf(args->staffing);
  const bool erlang_a = args->staffing.model == StaffingOptions::Model::kErlangA;
  // Without abandons patience is unbounded: Erlang A is Erlang C. (A plain
  // double, not the optional: GCC 12 at -O3 misreads the optional's value
  // as maybe-uninitialized where it goes into JSON.)
  const std::optional<double> estimate =
      erlang_a ? staffing::EstimatePatience(wait_s, abandoned) : std::nullopt;
  const bool has_patience = estimate.has_value();
  const double patience = estimate.value_or(std::numeric_limits<double>::infinity());
  target.model = has_patience ? staffing::QueueModel::kErlangA : staffing::QueueModel::kErlangC;
  target.patience_s = patience;

  // Interval `i` of the week starting on `week_start`.
  auto slot = [&](date::local_days week_start, int i, ojson& out) {
    const date::local_days d = week_start + date::days{i / per_day};
    const int minute = (i % per_day) * minutes;
    const Instant at = zone->EarliestInstantOf(
        TimeZone::LocalTime{d.time_since_epoch() + std::chrono::minutes{minute}});
    out["start"] = FormatIsoInstant(at, zone);
    out["weekday"] = kWeekdays[date::weekday(d).c_encoding()];
    out["time"] = TimeOfDay(minute);
    return d;
  };

  absl::StatusOr<std::vector<staffing::IntervalForecast>> forecast =
      staffing::ForecastIntervals(history, per_week, args->weeks);
  if (!forecast.ok()) return forecast.status();
  ojson intervals = ojson::array();
  for (size_t k = 0; k < forecast->size(); ++k) {
    const staffing::IntervalForecast& f = (*forecast)[k];
    ojson row;
    const date::local_days d = slot(end + date::days{7 * static_cast<int>(k / per_week)},
                                    static_cast<int>(k % per_week), row);
    row["offered"] = f.offered;
    row["aht"] = f.aht_s ? ojson(*f.aht_s) : ojson(nullptr);
    ojson erlangs = nullptr, agents = nullptr, scheduled = nullptr, level = nullptr,
          occupancy = nullptr;
    if (f.aht_s || f.offered == 0) {
      const staffing::IntervalLoad load{f.offered, interval_s, f.aht_s.value_or(0)};
      absl::StatusOr<staffing::StaffingRequirement> r = staffing::AgentsRequired(load, target);
      if (r.ok()) {
        erlangs = load.Erlangs();
        agents = r->agents;
        scheduled = r->scheduled;
        level = r->result.service_level * 100;
        occupancy = r->result.occupancy * 100;
      }
    }
    row["erlangs"] = erlangs;
    row["agents"] = agents;
    row["scheduled"] = scheduled;
    row["service_level"] = level;
    row["occupancy"] = occupancy;
    row["holiday"] = holidays.count(d) > 0;
    intervals.push_back(std::move(row));
  }

  ojson backtest = nullptr;
  if (args->backtest_weeks > 0) {
    const size_t train = static_cast<size_t>((weeks - args->backtest_weeks) * per_week);
    std::span<const staffing::IntervalHistory> past(history.data(), train);
    absl::StatusOr<std::vector<staffing::IntervalForecast>> f =
        staffing::ForecastIntervals(past, per_week, args->backtest_weeks);
    if (!f.ok()) return f.status();
    absl::StatusOr<std::vector<double>> naive =
        staffing::SeasonalNaive(past, per_week, args->backtest_weeks);
    if (!naive.ok()) return naive.status();
    std::vector<double> actual, predicted, repeated;
    ojson rows = ojson::array();
    const date::local_days test_start = end - date::days{7 * args->backtest_weeks};
    for (size_t k = 0; k < f->size(); ++k) {
      const staffing::IntervalHistory& h = history[train + k];
      ojson row;
      slot(test_start + date::days{7 * static_cast<int>(k / per_week)},
           static_cast<int>(k % per_week), row);
      row["actual"] = h.offered;
      row["forecast"] = (*f)[k].offered;
      row["naive"] = (*naive)[k];
      row["excluded"] = h.excluded;
      rows.push_back(std::move(row));
      if (h.excluded) continue;
      actual.push_back(h.offered);
      predicted.push_back((*f)[k].offered);
      repeated.push_back((*naive)[k]);
    }
    const std::optional<double> wape = staffing::Wape(actual, predicted);
    const std::optional<double> naive_wape = staffing::Wape(actual, repeated);
    backtest = {{"from", FormatIsoInstant(day_start(test_start), zone)},
                {"to", FormatIsoInstant(day_start(end), zone)},
                {"weeks", args->backtest_weeks},
                {"train_weeks", weeks - args->backtest_weeks},
                {"wape", wape ? ojson(*wape * 100) : ojson(nullptr)},
                {"naive_wape", naive_wape ? ojson(*naive_wape * 100) : ojson(nullptr)},
                {"intervals", std::move(rows)}};
  }

  ojson out;
  out["timezone"] = q->timezone;
  out["grain"] = std::string(GrainName(args->grain));
  out["interval_s"] = interval_s;
  out["method"] =
      "trimmed mean of the same interval of the week over the trailing weeks (holidays "
      "excluded) x damped linear trend; AHT pooled per interval, shrunk to the overall AHT";
  out["history"] = {{"from", FormatIsoInstant(day_start(start), zone)},
                    {"to", FormatIsoInstant(day_start(end), zone)},
                    {"weeks", weeks},
                    {"excluded_days", excluded_days},
                    {"unobserved_days", unobserved_days}};
  out["aht_source"] = handled > 0 ? ojson("handle_time")
                      : use_talk  ? ojson("talk_time")
                                  : ojson(nullptr);
  out["patience"] = has_patience ? ojson(patience) : ojson(nullptr);
  out["staffing"] = StaffingJson(args->staffing);
  out["intervals"] = std::move(intervals);
  out["backtest"] = std::move(backtest);
  return out;
}

}  // namespace csm::report
