#include "csm/model/internal/iso8601.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/json_limits.h"

namespace csm {
namespace {

// Reads exactly `n` digits at text[pos]; -1 if they are not all digits.
int Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

absl::Status Bad(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad ISO-8601 time \"", QuoteForError(text),
                   "\": ", absl::string_view(why.data(), why.size())));
}

}  // namespace

absl::StatusOr<IsoDateTime> ParseIsoDateTime(std::string_view text) {
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') {
    return Bad(text, "expected YYYY-MM-DD");
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return Bad(text, "no such date");
  IsoDateTime out;
  size_t pos = 10;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t millis = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    hour = Digits(text, 11, 2);
    minute = Digits(text, 14, 2);
    if (hour < 0 || minute < 0 || text[13] != ':' || hour > 23 || minute > 59) {
      return Bad(text, "expected HH:MM after the date");
    }
    out.has_time = true;
    pos = 16;
    if (pos < text.size() && text[pos] == ':') {
      second = Digits(text, pos + 1, 2);
      if (second < 0 || second > 59) return Bad(text, "expected seconds 00..59");
      pos += 3;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        const size_t start = pos;
        int64_t scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          millis += (text[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start || pos - start > 9) return Bad(text, "expected 1 to 9 fraction digits");
      }
    }
  }
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
    out.offset = Millis{0};
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    const int oh = Digits(text, pos + 1, 2);
    if (oh < 0 || oh > 23) return Bad(text, "bad UTC offset");
    pos += 3;
    int om = 0;
    if (pos < text.size()) {
      if (text[pos] == ':') ++pos;
      om = Digits(text, pos, 2);
      if (om < 0 || om > 59) return Bad(text, "bad UTC offset");
      pos += 2;
    }
    out.offset = std::chrono::minutes{sign * (oh * 60 + om)};
  }
  if (pos != text.size()) return Bad(text, "unexpected characters after the time");
  out.local = date::local_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
              std::chrono::seconds{second} + Millis{millis};
  return out;
}

absl::StatusOr<Instant> ParseIsoInstant(std::string_view text) {
  absl::StatusOr<IsoDateTime> parsed = ParseIsoDateTime(text);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->has_time) return Bad(text, "expected a time after the date");
  if (!parsed->offset) return Bad(text, "a UTC offset or Z is required");
  const Instant t = Instant{parsed->local.time_since_epoch()} - *parsed->offset;
  if (!InSupportedRange(t)) {
    return absl::OutOfRangeError(
        absl::StrCat("instant \"", QuoteForError(text), "\" is outside 1970..2200"));
  }
  return t;
}

std::size_t FormatIsoInstant(Instant t, std::optional<Millis> offset, char* out) {
  const date::local_time<Millis> local{t.time_since_epoch() + offset.value_or(Millis{0})};
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Millis> tod{local - day};
  int n = std::snprintf(out, kIsoInstantBytes, "%04d-%02u-%02uT%02d:%02d:%02d",
                        static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                        static_cast<int>(tod.minutes().count()),
                        static_cast<int>(tod.seconds().count()));
  const auto room = [&] { return kIsoInstantBytes - static_cast<std::size_t>(n); };
  if (tod.subseconds().count() != 0) {
    n += std::snprintf(out + n, room(), ".%03d", static_cast<int>(tod.subseconds().count()));
  }
  const long long minutes =
      std::chrono::duration_cast<std::chrono::minutes>(offset.value_or(Millis{0})).count();
  if (!offset) {
    n += std::snprintf(out + n, room(), "Z");
  } else {
    const long long abs_minutes = minutes < 0 ? -minutes : minutes;
    n += std::snprintf(out + n, room(), "%c%02lld:%02lld", minutes < 0 ? '-' : '+',
                       abs_minutes / 60, abs_minutes % 60);
  }
  return static_cast<std::size_t>(n);
}

std::string FormatIsoInstant(Instant t, const TimeZone* zone) {
  char buf[kIsoInstantBytes];
  const std::optional<Millis> offset =
      zone != nullptr ? std::optional<Millis>(zone->OffsetAt(t)) : std::nullopt;
  return std::string(buf, FormatIsoInstant(t, offset, buf));
}

}  // namespace csm
