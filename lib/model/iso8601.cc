#include "csm/model/iso8601.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

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
      absl::StrCat("bad ISO-8601 instant \"", absl::string_view(text.data(), text.size()),
                   "\": ", absl::string_view(why.data(), why.size())));
}

}  // namespace

absl::StatusOr<Instant> ParseIsoInstant(std::string_view text) {
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') {
    return Bad(text, "expected YYYY-MM-DD");
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return Bad(text, "no such date");
  if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return Bad(text, "expected a time after the date");
  }
  const int hour = Digits(text, 11, 2);
  const int minute = Digits(text, 14, 2);
  if (hour < 0 || minute < 0 || text[13] != ':' || hour > 23 || minute > 59) {
    return Bad(text, "expected HH:MM");
  }
  size_t pos = 16;
  int second = 0;
  int64_t millis = 0;
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
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
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
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return Bad(text, "a UTC offset or Z is required");
  }
  if (pos != text.size()) return Bad(text, "unexpected trailing characters");
  const Instant t = Instant{date::sys_days{ymd}.time_since_epoch()} + std::chrono::hours{hour} +
                    std::chrono::minutes{minute - offset_minutes} + std::chrono::seconds{second} +
                    Millis{millis};
  if (!InSupportedRange(t)) {
    return absl::OutOfRangeError(absl::StrCat(
        "instant \"", absl::string_view(text.data(), text.size()), "\" is outside 1970..2200"));
  }
  return t;
}

std::string FormatIsoInstant(Instant t, const TimeZone* zone) {
  date::local_time<Millis> local{t.time_since_epoch()};
  Millis offset{0};
  if (zone != nullptr) {
    offset = zone->OffsetAt(t);
    local = date::local_time<Millis>{t.time_since_epoch() + offset};
  }
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Millis> tod{local - day};
  std::string out = absl::StrFormat("%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                                    static_cast<unsigned>(ymd.month()),
                                    static_cast<unsigned>(ymd.day()), tod.hours().count(),
                                    tod.minutes().count(), static_cast<int>(tod.seconds().count()));
  if (tod.subseconds().count() != 0) {
    absl::StrAppend(&out, absl::StrFormat(".%03d", static_cast<int>(tod.subseconds().count())));
  }
  if (zone == nullptr) {
    out += "Z";
  } else {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    const long long abs_minutes = minutes < 0 ? -minutes : minutes;
    absl::StrAppend(&out, absl::StrFormat("%c%02d:%02d", minutes < 0 ? '-' : '+',
                                          static_cast<int>(abs_minutes / 60),
                                          static_cast<int>(abs_minutes % 60)));
  }
  return out;
}

}  // namespace csm
