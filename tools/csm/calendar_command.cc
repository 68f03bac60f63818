// csm calendar: business-time questions from the shell, and a check of a
// calendar file (calendar_spec.h has the JSON form).
//   csm calendar check   --calendar cal.json
//   csm calendar elapsed --calendar cal.json FROM TO
//   csm calendar add     --calendar cal.json TIME DURATION
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "csm/calendar/business_calendar.h"
#include "csm/io/cat.h"
#include "csm/io/mapped_file.h"
#include "csm/io/number.h"
#include "csm/io/timestamp.h"
#include "csm/model/internal/json_limits.h"
#include "csm/render/format.h"
#include "tools/csm/commands.h"

namespace csm::cli {
namespace {

struct CalendarArgs {
  std::string calendar;
  std::string from, to;      // elapsed
  std::string time, amount;  // add
  bool seconds = false;
};

struct Loaded {
  BusinessCalendar calendar;
  CalendarSpec spec;
  io::Zone zone;
};

absl::StatusOr<Loaded> Load(const std::string& path) {
  absl::StatusOr<io::MappedFile> file = io::MappedFile::Open(path);
  if (!file.ok()) return file.status();
  std::string text(file->data());
  absl::StatusOr<CalendarSpec> spec = ParseCalendarSpec(text);
  if (!spec.ok()) {
    return absl::InvalidArgumentError(io::Cat(path, ": ", std::string(spec.status().message())));
  }
  absl::StatusOr<BusinessCalendar> calendar = BusinessCalendar::FromSpec(*spec);
  if (!calendar.ok()) {
    return absl::InvalidArgumentError(
        io::Cat(path, ": ", std::string(calendar.status().message())));
  }
  absl::StatusOr<io::Zone> zone = io::Zone::Find(calendar->timezone());
  if (!zone.ok()) return zone.status();
  return Loaded{*calendar, *spec, *zone};
}

// Seconds as Millis, refusing what no instant of 1970..2200 could use: a
// duration beyond that (or not finite) would overflow the conversion.
absl::StatusOr<Millis> FromSeconds(double seconds, std::string_view text) {
  constexpr double kMostSeconds = 250.0 * 366 * 86400;  // more than 1970..2200
  if (!std::isfinite(seconds) || std::fabs(seconds) > kMostSeconds) {
    return absl::OutOfRangeError(
        io::Cat("duration '", QuoteForError(text), "' is longer than 250 years"));
  }
  return Millis{static_cast<std::int64_t>(std::llround(seconds * 1000))};
}

// "90" (seconds), "45s", "90m", "8h", "2d", "1h30m", "1h 30m", "-2h".
absl::StatusOr<Millis> ParseAmount(std::string_view text) {
  std::string_view t = io::TrimSpaces(text);
  if (std::optional<double> plain = io::ParseDouble(t)) return FromSeconds(*plain, text);
  bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  double total = 0;
  bool any = false;
  while (!t.empty()) {
    std::size_t i = 0;
    while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.')) ++i;
    std::optional<double> n = io::ParseDouble(t.substr(0, i));
    if (!n || i == t.size()) {
      return absl::InvalidArgumentError(
          io::Cat("bad duration '", QuoteForError(text),
                  "': expected seconds or units like 8h, 90m, 2d 4h, 1h30m"));
    }
    char unit = t[i];
    double scale = unit == 'd'   ? 86400
                   : unit == 'h' ? 3600
                   : unit == 'm' ? 60
                   : unit == 's' ? 1
                                 : 0;
    if (scale == 0) {
      return absl::InvalidArgumentError(io::Cat("bad duration '", QuoteForError(text),
                                                "': unknown unit '", std::string(1, unit),
                                                "' (d, h, m or s)"));
    }
    total += *n * scale;
    any = true;
    t = io::TrimSpaces(t.substr(i + 1));
  }
  if (!any) return absl::InvalidArgumentError(io::Cat("bad duration '", QuoteForError(text), "'"));
  return FromSeconds(negative ? -total : total, text);
}

absl::StatusOr<Instant> ParseTime(std::string_view text, const io::Zone& zone) {
  return io::ParseTimestamp(text, zone);
}

std::string Seconds(Millis d) { return render::FormatNumber(d.count() / 1000.0); }

int RunCheck(const CalendarArgs& args) {
  absl::StatusOr<Loaded> loaded = Load(args.calendar);
  if (!loaded.ok()) return Fail("calendar check", loaded.status());
  const CalendarSpec& spec = loaded->spec;
  Millis week{0};
  std::string days;
  for (std::size_t d = 0; d < 7; ++d) {
    Millis day{0};
    for (const TimeRange& r : spec.weekly[d]) {
      day += r.end > r.start ? r.end - r.start : r.end + std::chrono::hours{24} - r.start;
    }
    week += day;
    if (day.count() > 0) {
      days += io::Cat(days.empty() ? "" : ", ", kWeekdayKeys[d], " ",
                      render::FormatDuration(day.count() / 1000.0));
    }
  }
  std::printf(
      "ok: %s\n  time zone: %s\n  open %s h a week (%s)\n  %zu holidays, %zu special days\n",
      args.calendar.c_str(), loaded->calendar.timezone().c_str(),
      render::FormatNumber(week.count() / 3600000.0).c_str(),
      days.empty() ? "never open" : days.c_str(), spec.holidays.size(), spec.special_days.size());
  return 0;
}

int RunElapsed(const CalendarArgs& args) {
  absl::StatusOr<Loaded> loaded = Load(args.calendar);
  if (!loaded.ok()) return Fail("calendar elapsed", loaded.status());
  absl::StatusOr<Instant> from = ParseTime(args.from, loaded->zone);
  if (!from.ok()) return Fail("calendar elapsed", from.status());
  absl::StatusOr<Instant> to = ParseTime(args.to, loaded->zone);
  if (!to.ok()) return Fail("calendar elapsed", to.status());
  absl::StatusOr<Millis> business = loaded->calendar.Elapsed(*from, *to);
  if (!business.ok()) return Fail("calendar elapsed", business.status());
  if (args.seconds) {
    std::printf("%s\n", Seconds(*business).c_str());
    return 0;
  }
  Millis calendar = *to - *from;
  std::printf("business %s (%s s), calendar %s (%s s)\n",
              render::FormatDuration(business->count() / 1000.0).c_str(),
              Seconds(*business).c_str(), render::FormatDuration(calendar.count() / 1000.0).c_str(),
              Seconds(calendar).c_str());
  return 0;
}

int RunAdd(const CalendarArgs& args) {
  absl::StatusOr<Loaded> loaded = Load(args.calendar);
  if (!loaded.ok()) return Fail("calendar add", loaded.status());
  absl::StatusOr<Instant> t = ParseTime(args.time, loaded->zone);
  if (!t.ok()) return Fail("calendar add", t.status());
  absl::StatusOr<Millis> amount = ParseAmount(args.amount);
  if (!amount.ok()) return Fail("calendar add", amount.status());
  absl::StatusOr<Instant> due = loaded->calendar.Add(*t, *amount);
  if (!due.ok()) return Fail("calendar add", due.status());
  std::printf("%s\n", io::FormatIso8601(*due, loaded->zone).c_str());
  return 0;
}

}  // namespace

void AddCalendarCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CalendarArgs>();
  CLI::App* cmd = app.add_subcommand(
      "calendar", "Business-time questions (elapsed, add) and calendar file checks.");
  cmd->require_subcommand(1);
  cmd->footer(
      "A calendar file is JSON: {\"timezone\": \"America/New_York\", \"weekly\": {\"mon\": "
      "[[\"09:00\",\"17:00\"]]}, \"holidays\": [\"2026-12-25\"], \"special_days\": "
      "{\"2026-12-24\": [[\"09:00\",\"13:00\"]]}} (docs/calendar.md). Times are ISO-8601 (with "
      "an offset, or without one in the calendar's zone) or epoch milliseconds.\n");
  auto add_calendar = [&](CLI::App* sub) {
    sub->add_option("--calendar", args->calendar, "Calendar JSON file")->required();
  };

  CLI::App* check = cmd->add_subcommand("check", "Validate a calendar file and summarise it");
  add_calendar(check);
  check->callback([args, exit_code] { *exit_code = RunCheck(*args); });

  CLI::App* elapsed = cmd->add_subcommand("elapsed", "Business time between two instants");
  add_calendar(elapsed);
  elapsed->add_option("FROM", args->from, "Start, e.g. 2026-11-02T08:00")->required();
  elapsed->add_option("TO", args->to, "End, e.g. 2026-11-03T10:30:00-05:00")->required();
  elapsed->add_flag("--seconds", args->seconds, "Print business seconds only");
  elapsed->callback([args, exit_code] { *exit_code = RunElapsed(*args); });

  CLI::App* add = cmd->add_subcommand(
      "add", "The instant after a business duration (a due date); negative goes back");
  add_calendar(add);
  add->add_option("TIME", args->time, "Start instant")->required();
  add->add_option("DURATION", args->amount, "Seconds, or 8h, 90m, 2d 4h, 1h30m, -2h")
      ->required()
      ->allow_extra_args(false);
  add->callback([args, exit_code] { *exit_code = RunAdd(*args); });
}

}  // namespace csm::cli
