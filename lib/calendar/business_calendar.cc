// BusinessCalendar: validating a spec, compiling it into tables, answering
// queries from them. The tables are described in lib/calendar/*.h.
#include "csm/calendar/business_calendar.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/calendar/local_schedule.h"
#include "lib/calendar/timeline.h"
#include "lib/calendar/zone_offsets.h"

namespace csm {
namespace calendar_internal {

// What a calendar compiles to: the zone's periods and two timelines over
// them, one counting open time (G) and one counting closed time, which
// answers NextClose the way G answers NextOpen.
struct CompiledCalendar {
  std::string timezone;
  ZoneOffsets zone;
  Timeline open;
  Timeline closed;
};

}  // namespace calendar_internal

namespace {

using calendar_internal::CompiledCalendar;
using calendar_internal::ExceptionalDay;
using calendar_internal::kDayMs;
using calendar_internal::LocalSchedule;
using calendar_internal::Span;
using calendar_internal::SpanTable;
using calendar_internal::Timeline;
using calendar_internal::ZoneOffsets;

absl::Status Invalid(const std::string& message) { return absl::InvalidArgumentError(message); }

std::string Describe(const TimeRange& range) {
  return FormatTimeOfDay(range.start) + "-" + FormatTimeOfDay(range.end);
}

// A piece of one date's hours and where it came from, for error messages.
struct LabeledSpan {
  Span span;
  std::string label;
};

// Sorts one date's pieces and reports the first two that overlap.
absl::Status SortAndCheckOverlaps(std::vector<LabeledSpan>& pieces, const std::string& where) {
  std::sort(pieces.begin(), pieces.end(),
            [](const LabeledSpan& a, const LabeledSpan& b) { return a.span.start < b.span.start; });
  for (std::size_t k = 1; k < pieces.size(); ++k) {
    if (pieces[k].span.start < pieces[k - 1].span.end) {
      return Invalid(absl::StrCat(where, ": intervals overlap: ", pieces[k - 1].label, " and ",
                                  pieces[k].label));
    }
  }
  return absl::OkStatus();
}

std::vector<Span> Spans(const std::vector<LabeledSpan>& pieces) {
  std::vector<Span> spans;
  for (const LabeledSpan& piece : pieces) spans.push_back(piece.span);
  return spans;
}

absl::Status CheckTimes(const TimeRange& range, const std::string& path) {
  const auto in_day = [](Millis t) { return t.count() >= 0 && t.count() <= kDayMs; };
  if (!in_day(range.start) || !in_day(range.end)) {
    return Invalid(path + ": times must lie between 00:00 and 24:00");
  }
  if (range.start.count() == kDayMs) return Invalid(path + ": \"24:00\" is valid only as an end");
  return absl::OkStatus();
}

// The weekly hours as spans of the week (Monday 00:00 = 0). A weekly interval
// with end <= start is split at midnight; its after-midnight part belongs to
// the next weekday, whatever happens to the previous date.
absl::StatusOr<SpanTable> CompileWeek(const CalendarSpec& spec) {
  std::array<std::vector<LabeledSpan>, 7> days;
  for (std::size_t d = 0; d < 7; ++d) {
    const std::string key(kWeekdayKeys[d]);
    for (std::size_t k = 0; k < spec.weekly[d].size(); ++k) {
      const TimeRange& range = spec.weekly[d][k];
      if (auto status = CheckTimes(range, absl::StrCat("weekly.", key, "[", k, "]"));
          !status.ok()) {
        return status;
      }
      const std::int64_t start = range.start.count();
      const std::int64_t end = range.end.count();
      const std::string label = key + " " + Describe(range);
      if (end > start) {
        days[d].push_back({{start, end}, label});
        continue;
      }
      days[d].push_back({{start, kDayMs}, label});
      if (end > 0) {
        days[(d + 1) % 7].push_back({{0, end}, "the after-midnight part of " + label});
      }
    }
  }
  std::vector<Span> week;
  for (std::size_t d = 0; d < 7; ++d) {
    auto status = SortAndCheckOverlaps(days[d], "weekly." + std::string(kWeekdayKeys[d]));
    if (!status.ok()) return status;
    for (const Span& span : Spans(days[d])) {
      week.push_back({span.start + static_cast<std::int64_t>(d) * kDayMs,
                      span.end + static_cast<std::int64_t>(d) * kDayMs});
    }
  }
  return SpanTable(week, calendar_internal::kWeekMs);
}

std::int64_t DayNumber(date::local_days day) { return day.time_since_epoch().count(); }

absl::StatusOr<std::vector<ExceptionalDay>> CompileExceptions(const CalendarSpec& spec) {
  std::set<date::local_days> holidays(spec.holidays.begin(), spec.holidays.end());
  std::vector<ExceptionalDay> days;
  for (const auto& [day, ranges] : spec.special_days) {
    const std::string where = "special_days." + FormatDate(day);
    if (holidays.count(day) != 0) {
      return Invalid(where + ": the date is also listed in holidays; keep one");
    }
    std::vector<LabeledSpan> pieces;
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      const std::string path = absl::StrCat(where, "[", k, "]");
      if (auto status = CheckTimes(ranges[k], path); !status.ok()) return status;
      if (ranges[k].end <= ranges[k].start) {
        return Invalid(
            path + ": " + Describe(ranges[k]) +
            " does not end after it starts (special-day intervals stay within their date)");
      }
      pieces.push_back({{ranges[k].start.count(), ranges[k].end.count()}, Describe(ranges[k])});
    }
    if (auto status = SortAndCheckOverlaps(pieces, where); !status.ok()) return status;
    days.push_back({DayNumber(day), SpanTable(Spans(pieces), kDayMs)});
  }
  for (const date::local_days day : holidays)
    days.push_back({DayNumber(day), SpanTable({}, kDayMs)});
  std::sort(days.begin(), days.end(),
            [](const ExceptionalDay& a, const ExceptionalDay& b) { return a.day < b.day; });
  return days;
}

std::shared_ptr<const CompiledCalendar> Compile(std::string timezone, ZoneOffsets zone,
                                                LocalSchedule schedule) {
  LocalSchedule closed = schedule.Complement();
  Timeline open_timeline(std::move(schedule), zone);
  Timeline closed_timeline(std::move(closed), zone);
  return std::make_shared<const CompiledCalendar>(CompiledCalendar{
      std::move(timezone), std::move(zone), std::move(open_timeline), std::move(closed_timeline)});
}

// |x| without overflow, also for INT64_MIN.
std::uint64_t Magnitude(std::int64_t x) {
  return x < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
}

std::string DescribeInstant(Instant t) {
  if (!InSupportedRange(t)) return absl::StrCat(ToEpochMs(t), " ms");
  return date::format("%FT%TZ", t);
}

absl::Status CheckRange(Instant t) {
  if (InSupportedRange(t)) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat("instant ", ToEpochMs(t),
                                            " ms since the epoch is outside the supported range "
                                            "1970-01-01T00:00Z to 2200-01-01T00:00Z (0 to ",
                                            ToEpochMs(kMaxInstant), " ms)"));
}

}  // namespace

absl::StatusOr<BusinessCalendar> BusinessCalendar::FromSpec(const CalendarSpec& spec) {
  auto zone = ZoneOffsets::Load(spec.timezone);
  if (!zone.ok()) return zone.status();
  auto week = CompileWeek(spec);
  if (!week.ok()) return week.status();
  auto exceptions = CompileExceptions(spec);
  if (!exceptions.ok()) return exceptions.status();
  return BusinessCalendar(Compile(spec.timezone, *std::move(zone),
                                  LocalSchedule(*std::move(week), *std::move(exceptions))));
}

absl::StatusOr<BusinessCalendar> BusinessCalendar::FromJson(std::string_view spec_json) {
  auto spec = ParseCalendarSpec(spec_json);
  if (!spec.ok()) return spec.status();
  return FromSpec(*spec);
}

absl::StatusOr<BusinessCalendar> BusinessCalendar::FromJson(const nlohmann::json& spec_json) {
  auto spec = ParseCalendarSpec(spec_json);
  if (!spec.ok()) return spec.status();
  return FromSpec(*spec);
}

BusinessCalendar BusinessCalendar::AlwaysOpen() {
  // Compiled once; every copy shares it.
  static const auto* const compiled = new std::shared_ptr<const CompiledCalendar>(Compile(
      "UTC", ZoneOffsets::Utc(),
      LocalSchedule(SpanTable({{0, calendar_internal::kWeekMs}}, calendar_internal::kWeekMs), {})));
  return BusinessCalendar(*compiled);
}

const std::string& BusinessCalendar::timezone() const { return compiled_->timezone; }

absl::StatusOr<Millis> BusinessCalendar::Elapsed(Instant a, Instant b) const {
  if (auto status = CheckRange(a); !status.ok()) return status;
  if (auto status = CheckRange(b); !status.ok()) return status;
  const CompiledCalendar& c = *compiled_;
  const std::int64_t a_ms = ToEpochMs(a);
  const std::int64_t b_ms = ToEpochMs(b);
  return Millis{c.open.At(c.zone, c.zone.Find(b_ms), b_ms) -
                c.open.At(c.zone, c.zone.Find(a_ms), a_ms)};
}

absl::StatusOr<Instant> BusinessCalendar::Add(Instant t, Millis d) const {
  if (auto status = CheckRange(t); !status.ok()) return status;
  if (d.count() == 0) return t;
  const CompiledCalendar& c = *compiled_;
  const std::int64_t t_ms = ToEpochMs(t);
  const std::int64_t before = c.open.At(c.zone, c.zone.Find(t_ms), t_ms);  // G(t)
  const std::int64_t after = c.open.total() - before;  // business ms from t to kMaxInstant
  std::int64_t u;
  if (d.count() > 0) {
    if (d.count() > after) {
      if (after == 0) {
        return absl::OutOfRangeError("the calendar is never open after " + DescribeInstant(t) +
                                     " (up to 2200-01-01)");
      }
      return absl::OutOfRangeError(absl::StrCat("adding ", d.count(), " ms of business time to ",
                                                DescribeInstant(t), " goes past 2200-01-01: only ",
                                                after, " ms of business time remain"));
    }
    u = c.open.EarliestReaching(c.zone, before + d.count());
  } else {
    if (d.count() < -before) {
      return absl::OutOfRangeError(absl::StrCat(
          "subtracting ", Magnitude(d.count()), " ms of business time from ", DescribeInstant(t),
          " goes before 1970-01-01: only ", before, " ms of business time precede it"));
    }
    u = c.open.LatestAt(c.zone, before + d.count());
  }
  if (!InSupportedRange(FromEpochMs(u))) {  // unreachable if the tables are right
    return absl::InternalError("calendar inverse left the supported range");
  }
  return FromEpochMs(u);
}

absl::StatusOr<bool> BusinessCalendar::IsOpen(Instant t) const {
  if (auto status = CheckRange(t); !status.ok()) return status;
  const CompiledCalendar& c = *compiled_;
  const std::int64_t t_ms = ToEpochMs(t);
  return c.open.IsOpen(c.zone, c.zone.Find(t_ms), t_ms);
}

// When closed at t, G stays flat until the next opening and rises right
// after it: that opening is the latest instant whose G is still G(t).
// NextClose is the same question asked of the closed time.
absl::StatusOr<Instant> BusinessCalendar::NextOpen(Instant t) const {
  if (auto status = CheckRange(t); !status.ok()) return status;
  const CompiledCalendar& c = *compiled_;
  const std::int64_t t_ms = ToEpochMs(t);
  const std::size_t p = c.zone.Find(t_ms);
  if (c.open.IsOpen(c.zone, p, t_ms)) return t;
  const std::int64_t g = c.open.At(c.zone, p, t_ms);
  if (g == c.open.total()) {
    return absl::OutOfRangeError("the calendar is never open after " + DescribeInstant(t) +
                                 " (up to 2200-01-01)");
  }
  return FromEpochMs(c.open.LatestAt(c.zone, g));
}

absl::StatusOr<Instant> BusinessCalendar::NextClose(Instant t) const {
  if (auto status = CheckRange(t); !status.ok()) return status;
  const CompiledCalendar& c = *compiled_;
  const std::int64_t t_ms = ToEpochMs(t);
  const std::size_t p = c.zone.Find(t_ms);
  if (!c.open.IsOpen(c.zone, p, t_ms)) return t;
  const std::int64_t closed = c.closed.At(c.zone, p, t_ms);
  if (closed == c.closed.total()) {
    return absl::OutOfRangeError("the calendar never closes after " + DescribeInstant(t) +
                                 " (up to 2200-01-01)");
  }
  return FromEpochMs(c.closed.LatestAt(c.zone, closed));
}

absl::Status BusinessCalendar::ElapsedMany(std::span<const std::int64_t> start_ms,
                                           std::span<const std::int64_t> end_ms,
                                           std::span<std::int64_t> out_ms) const {
  if (start_ms.size() != end_ms.size() || start_ms.size() != out_ms.size()) {
    return absl::InvalidArgumentError(absl::StrCat("ElapsedMany: sizes differ (", start_ms.size(),
                                                   ", ", end_ms.size(), ", ", out_ms.size(), ")"));
  }
  for (std::size_t i = 0; i < start_ms.size(); ++i) {
    for (const std::int64_t t : {start_ms[i], end_ms[i]}) {
      if (auto status = CheckRange(FromEpochMs(t)); !status.ok()) {
        return absl::OutOfRangeError(
            absl::StrCat("element ", i, ": ", std::string(status.message())));
      }
    }
  }
  const CompiledCalendar& c = *compiled_;
  for (std::size_t i = 0; i < start_ms.size(); ++i) {
    const std::int64_t a = start_ms[i];
    const std::int64_t b = end_ms[i];
    out_ms[i] = c.open.At(c.zone, c.zone.Find(b), b) - c.open.At(c.zone, c.zone.Find(a), a);
  }
  return absl::OkStatus();
}

absl::Status BusinessCalendar::AddMany(std::span<const std::int64_t> start_ms,
                                       std::span<const std::int64_t> business_ms,
                                       std::span<std::int64_t> out_ms) const {
  if (start_ms.size() != business_ms.size() || start_ms.size() != out_ms.size()) {
    return absl::InvalidArgumentError(absl::StrCat("AddMany: sizes differ (", start_ms.size(), ", ",
                                                   business_ms.size(), ", ", out_ms.size(), ")"));
  }
  std::vector<std::int64_t> results(start_ms.size());  // out stays untouched until all succeed
  for (std::size_t i = 0; i < start_ms.size(); ++i) {
    auto u = Add(FromEpochMs(start_ms[i]), Millis{business_ms[i]});
    if (!u.ok()) {
      return absl::Status(u.status().code(),
                          absl::StrCat("element ", i, ": ", std::string(u.status().message())));
    }
    results[i] = ToEpochMs(*u);
  }
  std::copy(results.begin(), results.end(), out_ms.begin());
  return absl::OkStatus();
}

}  // namespace csm
