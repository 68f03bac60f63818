#include "csm/io/timestamp.h"

#include <cstdio>

#include "csm/io/cat.h"
#include "csm/io/number.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"

namespace csm::io {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// A cursor over one field; every Read* consumes on success only.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  // Exactly `count` digits.
  bool ReadDigits(int count, int* value) {
    if (pos_ + static_cast<std::size_t>(count) > text_.size()) return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
      char c = text_[pos_ + static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    *value = v;
    pos_ += static_cast<std::size_t>(count);
    return true;
  }
  // One to `max` digits.
  bool ReadNumber(int max, int* value) {
    int v = 0;
    int n = 0;
    while (n < max && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      v = v * 10 + (text_[pos_++] - '0');
      ++n;
    }
    *value = v;
    return n > 0;
  }
  bool Read(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool AtEnd() const { return pos_ == text_.size(); }
  std::string_view rest() const { return text_.substr(pos_); }
  void Advance(std::size_t n) { pos_ += n; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

absl::Status BadTimestamp(std::string_view text, std::string_view expected) {
  return absl::InvalidArgumentError(
      Cat("bad timestamp '", QuoteForError(text), "': expected ", expected));
}

// Civil date + time of day → local time, with range checks.
bool MakeLocal(int y, int mo, int d, int h, int mi, int s, int ms, date::local_time<Millis>* out) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60 || ms > 999) return false;
  if (s == 60) s = 59;  // a leap second reads as the second before it
  *out = date::local_days{ymd} + hours{h} + minutes{mi} + seconds{s} + Millis{ms};
  return true;
}

absl::StatusOr<Instant> CheckRange(Instant t, std::string_view text) {
  if (!InSupportedRange(t)) {
    return absl::OutOfRangeError(
        Cat("timestamp '", QuoteForError(text), "' is outside the supported range 1970..2200"));
  }
  return t;
}

// ":SS" and ".fff" (any number of fraction digits, kept to milliseconds).
bool ReadSecondsAndFraction(Scanner& in, int* s, int* ms) {
  *s = 0;
  *ms = 0;
  if (!in.Read(':')) return true;
  if (!in.ReadDigits(2, s)) return false;
  if (in.Read('.') || in.Read(',')) {
    int digits = 0;
    int value = 0;
    std::string_view rest = in.rest();
    std::size_t i = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
      if (digits < 3) {
        value = value * 10 + (rest[i] - '0');
        ++digits;
      }
      ++i;
    }
    if (i == 0) return false;
    in.Advance(i);
    while (digits < 3) {
      value *= 10;
      ++digits;
    }
    *ms = value;
  }
  return true;
}

}  // namespace

absl::StatusOr<Zone> Zone::Find(std::string_view name) {
  if (name == "UTC" || name == "Z" || name == "Etc/UTC" || name == "GMT" || name == "utc") {
    return Zone();
  }
  Zone zone;
  absl::StatusOr<const TimeZone*> tz = TimeZone::Locate(name);
  if (!tz.ok()) {
    return absl::InvalidArgumentError(
        Cat("unknown time zone '", name, "' (expected an IANA name like Europe/Paris)"));
  }
  zone.tz_ = *tz;
  zone.name_ = std::string(name);
  return zone;
}

void Zone::Load(Instant t) const {
  const TimeZone::Period period = tz_->PeriodAt(t);
  offset_ = period.offset;
  safe_begin_ = period.begin + date::days{1};
  safe_end_ = period.end - date::days{1};
}

Instant Zone::FromLocal(date::local_time<Millis> local) const {
  const Instant naive{local.time_since_epoch()};
  if (tz_ == nullptr) return naive;
  Instant guess = naive - offset_;
  if (guess >= safe_begin_ && guess < safe_end_) return guess;
  const TimeZone::LocalInfo info = tz_->InfoOf(local);
  // unique and ambiguous: `first` is the (earliest) match; nonexistent:
  // `first` is the period before the gap, whose offset carries past it.
  Instant result = naive - info.first.offset;
  Load(result);
  return result;
}

seconds Zone::OffsetAt(Instant t) const {
  if (tz_ == nullptr) return seconds{0};
  if (!(t >= safe_begin_ && t < safe_end_)) Load(t);
  if (t >= safe_begin_ && t < safe_end_) return std::chrono::duration_cast<seconds>(offset_);
  return std::chrono::duration_cast<seconds>(tz_->OffsetAt(t));  // within a day of a shift
}

absl::StatusOr<Instant> ParseIso8601(std::string_view text, const Zone* local_zone) {
  // The one ISO-8601 grammar (csm/model/internal/iso8601.h); exports pad cells, so
  // the spaces around one are not part of it.
  absl::StatusOr<IsoDateTime> parsed = ParseIsoDateTime(TrimSpaces(text));
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(Cat("bad timestamp '", QuoteForError(text),
                                          "': expected ISO-8601 like 2016-02-29T01:16:00+02:00 (",
                                          std::string(parsed.status().message()), ")"));
  }
  if (parsed->offset) {
    return CheckRange(Instant{parsed->local.time_since_epoch()} - *parsed->offset, text);
  }
  if (local_zone == nullptr) {
    return absl::InvalidArgumentError(
        Cat("timestamp '", QuoteForError(text),
            "' has no UTC offset (write Z or +HH:MM, or give a zone)"));
  }
  return CheckRange(local_zone->FromLocal(parsed->local), text);
}

absl::StatusOr<Instant> ParseEpochMillis(std::string_view text) {
  std::optional<std::int64_t> ms = ParseInt64(text);
  if (!ms) return BadTimestamp(text, "epoch milliseconds (an integer)");
  return CheckRange(FromEpochMs(*ms), text);
}

absl::StatusOr<Instant> ParseDayMonthYear(std::string_view text, const Zone& zone) {
  constexpr std::string_view kShape = "DD-MM-YYYY HH:MM";
  Scanner in(TrimSpaces(text));
  int d, mo, y, h, mi, s, ms;
  if (!in.ReadNumber(2, &d) || !(in.Read('-') || in.Read('/') || in.Read('.')) ||
      !in.ReadNumber(2, &mo) || !(in.Read('-') || in.Read('/') || in.Read('.')) ||
      !in.ReadDigits(4, &y) || !in.Read(' ') || !in.ReadNumber(2, &h) || !in.Read(':') ||
      !in.ReadDigits(2, &mi) || !ReadSecondsAndFraction(in, &s, &ms) || !in.AtEnd()) {
    return BadTimestamp(text, kShape);
  }
  date::local_time<Millis> local;
  if (!MakeLocal(y, mo, d, h, mi, s, ms, &local)) return BadTimestamp(text, kShape);
  return CheckRange(zone.FromLocal(local), text);
}

absl::StatusOr<Instant> ParseUsDateTime(std::string_view text, const Zone& zone) {
  constexpr std::string_view kShape = "MM/DD/YYYY hh:mm:ss AM";
  Scanner in(TrimSpaces(text));
  int mo, d, y, h, mi, s, ms;
  if (!in.ReadNumber(2, &mo) || !in.Read('/') || !in.ReadNumber(2, &d) || !in.Read('/') ||
      !in.ReadDigits(4, &y) || !in.Read(' ') || !in.ReadNumber(2, &h) || !in.Read(':') ||
      !in.ReadDigits(2, &mi) || !ReadSecondsAndFraction(in, &s, &ms)) {
    return BadTimestamp(text, kShape);
  }
  in.SkipSpaces();
  if (!in.AtEnd()) {
    bool pm = in.Read('P') || in.Read('p');
    bool am = !pm && (in.Read('A') || in.Read('a'));
    if ((!am && !pm) || !(in.Read('M') || in.Read('m')) || !in.AtEnd() || h < 1 || h > 12) {
      return BadTimestamp(text, kShape);
    }
    h = (h % 12) + (pm ? 12 : 0);  // 12 AM is midnight, 12 PM is noon
  }
  date::local_time<Millis> local;
  if (!MakeLocal(y, mo, d, h, mi, s, ms, &local)) return BadTimestamp(text, kShape);
  return CheckRange(zone.FromLocal(local), text);
}

absl::StatusOr<date::local_days> ParseYymmdd(std::string_view text) {
  Scanner in(TrimSpaces(text));
  int yy, mo, d;
  if (!in.ReadDigits(2, &yy) || !in.ReadDigits(2, &mo) || !in.ReadDigits(2, &d) || !in.AtEnd()) {
    return BadTimestamp(text, "YYMMDD like 990201");
  }
  date::year_month_day ymd{date::year{yy >= 70 ? 1900 + yy : 2000 + yy},
                           date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return BadTimestamp(text, "YYMMDD like 990201");
  return date::local_days{ymd};
}

absl::StatusOr<seconds> ParseClock(std::string_view text) {
  Scanner in(TrimSpaces(text));
  int h, mi, s;
  if (!in.ReadNumber(2, &h) || !in.Read(':') || !in.ReadDigits(2, &mi) || !in.Read(':') ||
      !in.ReadDigits(2, &s) || !in.AtEnd() || h > 23 || mi > 59 || s > 59) {
    return BadTimestamp(text, "H:MM:SS like 7:02:47");
  }
  return seconds{h * 3600 + mi * 60 + s};
}

absl::StatusOr<Instant> ParseTimestamp(std::string_view text, const Zone& zone) {
  std::string_view t = TrimSpaces(text);
  bool all_digits = !t.empty();
  for (char c : t) all_digits = all_digits && ((c >= '0' && c <= '9') || c == '-');
  if (all_digits && t.find('-', 1) == std::string_view::npos) return ParseEpochMillis(t);
  if (t.size() >= 5 && t[4] == '-') return ParseIso8601(t, &zone);
  if (t.find('/') != std::string_view::npos) return ParseUsDateTime(t, zone);
  if (t.size() >= 3 && (t[2] == '-' || t[1] == '-' || t[2] == '.')) {
    return ParseDayMonthYear(t, zone);
  }
  return BadTimestamp(text,
                      "ISO-8601, epoch milliseconds, DD-MM-YYYY HH:MM or MM/DD/YYYY hh:mm:ss AM");
}

std::size_t FormatIso8601(Instant t, seconds offset, char* out) {
  // Exports write UTC as "Z" whatever the zone.
  const std::optional<Millis> written =
      offset.count() == 0 ? std::nullopt : std::optional<Millis>(offset);
  const std::size_t n = FormatIsoInstant(t, written, out);
  out[n] = '\0';
  return n;
}

std::string FormatIso8601(Instant t, const Zone& zone) {
  char buf[kIsoInstantBytes];
  std::size_t n = FormatIso8601(t, zone.OffsetAt(t), buf);
  return std::string(buf, n);
}

}  // namespace csm::io
