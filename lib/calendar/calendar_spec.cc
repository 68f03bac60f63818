// Reading a calendar spec from JSON. Every error names the element at fault
// by its JSON path, e.g. `weekly.mon[1][0]: "9:00" is not a time "HH:MM"`.
#include "csm/calendar/calendar_spec.h"

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "csm/model/internal/json_limits.h"

namespace csm {
namespace {

using nlohmann::json;

constexpr std::int64_t kMinuteMs = 60'000;

absl::Status Invalid(const std::string& message) { return absl::InvalidArgumentError(message); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int TwoDigits(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// Quotes a string for an error message, shortened so a huge value stays readable.
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string quoted = "\"";
  quoted.append(s.substr(0, kMax));
  quoted.append(s.size() > kMax ? "...\"" : "\"");
  return quoted;
}

// A JSON value for an error message: never throws (invalid UTF-8 is replaced)
// and stays short.
std::string Dump(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  constexpr size_t kMax = 60;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

// The byte offset of the first invalid UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000;
    } else {
      return i;
    }
    if (i + extra >= s.size()) return i;  // truncated sequence
    std::uint32_t code = c & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      code = (code << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return i;
    i += extra + 1;
  }
  return std::string_view::npos;
}

absl::StatusOr<TimeRange> ParseRange(const json& value, const std::string& path) {
  if (!value.is_array() || value.size() != 2 || !value[0].is_string() || !value[1].is_string()) {
    return Invalid(path + ": an interval must be a pair of times [\"HH:MM\", \"HH:MM\"], got " +
                   Dump(value));
  }
  TimeRange range;
  for (int k = 0; k < 2; ++k) {
    const auto& text = value[k].get_ref<const std::string&>();
    auto parsed = ParseTimeOfDay(text);
    if (!parsed.ok()) {
      return Invalid(absl::StrCat(path, "[", k, "]: ", std::string(parsed.status().message())));
    }
    (k == 0 ? range.start : range.end) = *parsed;
  }
  return range;
}

absl::StatusOr<std::vector<TimeRange>> ParseRanges(const json& value, const std::string& path) {
  if (!value.is_array()) {
    return Invalid(path + ": expected a list of intervals like [[\"09:00\", \"17:00\"]], got " +
                   Dump(value));
  }
  std::vector<TimeRange> ranges;
  for (size_t i = 0; i < value.size(); ++i) {
    auto range = ParseRange(value[i], absl::StrCat(path, "[", i, "]"));
    if (!range.ok()) return range.status();
    ranges.push_back(*range);
  }
  return ranges;
}

absl::Status ParseWeekly(const json& weekly, CalendarSpec& spec) {
  if (!weekly.is_object())
    return Invalid("weekly: expected an object keyed by weekday (mon ... sun)");
  for (const auto& [key, value] : weekly.items()) {
    size_t day = 0;
    while (day < kWeekdayKeys.size() && kWeekdayKeys[day] != key) ++day;
    if (day == kWeekdayKeys.size()) {
      return Invalid("weekly: unknown weekday " + Quote(key) +
                     " (expected mon, tue, wed, thu, fri, sat, sun)");
    }
    auto ranges = ParseRanges(value, "weekly." + key);
    if (!ranges.ok()) return ranges.status();
    spec.weekly[day] = *std::move(ranges);
  }
  return absl::OkStatus();
}

absl::Status ParseHolidays(const json& holidays, CalendarSpec& spec) {
  if (!holidays.is_array()) return Invalid("holidays: expected a list of dates \"YYYY-MM-DD\"");
  for (size_t i = 0; i < holidays.size(); ++i) {
    const std::string path = absl::StrCat("holidays[", i, "]");
    if (!holidays[i].is_string()) {
      return Invalid(path + ": expected a date \"YYYY-MM-DD\", got " + Dump(holidays[i]));
    }
    auto day = ParseDate(holidays[i].get_ref<const std::string&>());
    if (!day.ok()) return Invalid(path + ": " + std::string(day.status().message()));
    spec.holidays.push_back(*day);
  }
  return absl::OkStatus();
}

absl::Status ParseSpecialDays(const json& special, CalendarSpec& spec) {
  if (!special.is_object()) {
    return Invalid(
        "special_days: expected an object {\"YYYY-MM-DD\": [[\"HH:MM\", \"HH:MM\"], ...]}");
  }
  for (const auto& [key, value] : special.items()) {
    auto day = ParseDate(key);
    if (!day.ok()) return Invalid("special_days: " + std::string(day.status().message()));
    auto ranges = ParseRanges(value, "special_days." + key);
    if (!ranges.ok()) return ranges.status();
    spec.special_days[*day] = *std::move(ranges);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Millis> ParseTimeOfDay(std::string_view text) {
  const bool shaped = text.size() == 5 && IsDigit(text[0]) && IsDigit(text[1]) && text[2] == ':' &&
                      IsDigit(text[3]) && IsDigit(text[4]);
  if (!shaped) return Invalid(Quote(text) + " is not a time \"HH:MM\"");
  const int hours = TwoDigits(text, 0);
  const int minutes = TwoDigits(text, 3);
  if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
    return Invalid(Quote(text) + " is not a time of day (00:00 to 23:59, or 24:00 as an end)");
  }
  return Millis{(hours * 60 + minutes) * kMinuteMs};
}

std::string FormatTimeOfDay(Millis offset) {
  const std::int64_t ms = offset.count();
  char buffer[48];
  if (ms % kMinuteMs == 0) {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / kMinuteMs % 60));
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld.%03lld",
                  static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / kMinuteMs % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
  }
  return buffer;
}

absl::StatusOr<date::local_days> ParseDate(std::string_view text) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && IsDigit(text[0]) &&
                      IsDigit(text[1]) && IsDigit(text[2]) && IsDigit(text[3]) &&
                      IsDigit(text[5]) && IsDigit(text[6]) && IsDigit(text[8]) && IsDigit(text[9]);
  if (!shaped) return Invalid(Quote(text) + " is not a date \"YYYY-MM-DD\"");
  const date::year_month_day ymd{date::year{TwoDigits(text, 0) * 100 + TwoDigits(text, 2)},
                                 date::month(static_cast<unsigned>(TwoDigits(text, 5))),
                                 date::day(static_cast<unsigned>(TwoDigits(text, 8)))};
  if (!ymd.ok()) return Invalid(Quote(text) + " is not a real date");
  return date::local_days{ymd};
}

std::string FormatDate(date::local_days day) { return date::format("%F", day); }

absl::StatusOr<CalendarSpec> ParseCalendarSpec(const json& spec) {
  // A tree built in code was not scanned as text: Dump() below recurses.
  if (absl::Status s = CheckJsonTreeNesting(spec, "calendar spec"); !s.ok()) return s;
  if (!spec.is_object()) return Invalid("calendar spec: expected a JSON object");
  CalendarSpec result;
  bool has_timezone = false;
  for (const auto& [key, value] : spec.items()) {
    absl::Status status;
    if (key == "timezone") {
      if (!value.is_string())
        return Invalid("timezone: expected an IANA zone name like \"Europe/Berlin\"");
      result.timezone = value.get<std::string>();
      has_timezone = true;
    } else if (key == "weekly") {
      status = ParseWeekly(value, result);
    } else if (key == "holidays") {
      status = ParseHolidays(value, result);
    } else if (key == "special_days") {
      status = ParseSpecialDays(value, result);
    } else {
      return Invalid("calendar spec: unknown key " + Quote(key) +
                     " (expected timezone, weekly, holidays, special_days)");
    }
    if (!status.ok()) return status;
  }
  if (!has_timezone) return Invalid("calendar spec: \"timezone\" is required");
  return result;
}

absl::StatusOr<CalendarSpec> ParseCalendarSpec(std::string_view spec_json) {
  if (const size_t bad = FirstInvalidUtf8(spec_json); bad != std::string_view::npos) {
    return Invalid(absl::StrCat("calendar spec is not valid UTF-8 (byte ", bad, ")"));
  }
  absl::StatusOr<json> parsed = ParseJsonDocument(spec_json, "calendar spec");
  if (!parsed.ok()) return parsed.status();
  return ParseCalendarSpec(*parsed);
}

}  // namespace csm
