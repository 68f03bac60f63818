#include "csm/report/volume_patterns.h"

#include <algorithm>

#include <cmath>

#include "csm/accum/grain.h"
#include "csm/report/baseline.h"

namespace csm::report {
namespace {

constexpr int64_t kHoursPerWeek = 168;
constexpr int64_t kMsPerHour = 3'600'000;

// Hours since the local epoch: the same index for the same wall-clock hour.
int64_t LocalHour(Instant t, const TimeZone* zone) {
  return date::floor<std::chrono::hours>(zone->ToLocal(t)).time_since_epoch().count();
}

date::local_days LocalDay(Instant t, const TimeZone* zone) {
  return date::floor<date::days>(zone->ToLocal(t));
}

// The first instant of a local date.
Instant StartOfDay(date::local_days day, const TimeZone* zone) {
  return zone->EarliestInstantOf(TimeZone::LocalTime{day.time_since_epoch()});
}

bool IsBusinessDay(date::local_days day, const BusinessDaySource& b) {
  if (b.calendar == nullptr) return true;
  const absl::StatusOr<Millis> open =
      b.calendar->Elapsed(StartOfDay(day, b.zone), StartOfDay(day + date::days{1}, b.zone));
  return open.ok() && open->count() > 0;
}

void Combine(std::optional<bool>& flag, const std::optional<bool>& occurrence) {
  if (!occurrence) return;
  flag = flag.value_or(false) || *occurrence;
}

}  // namespace

std::optional<bool> IsSpike(double value, const std::vector<double>& baseline, double sigma) {
  const std::optional<BaselineScore> s = ScoreAgainstBaseline(value, baseline);
  if (!s) return std::nullopt;
  return AnomalyOf(*s, sigma) == Anomaly::kHigh;
}

std::optional<VolumePatterns> ComputeVolumePatterns(const std::map<int64_t, uint64_t>& hourly,
                                                    Instant start, Instant end,
                                                    const TimeZone* zone,
                                                    const BusinessDaySource& business,
                                                    const SpikeOptions& spikes) {
  if (hourly.empty()) return std::nullopt;
  // An open side of the range ends at the tickets: the first / last hour
  // with one, not any event's (a late status change of an old ticket would
  // spread the ServiceNow sample's three days of tickets over a year of
  // business days). A given side keeps its quiet days.
  const bool open_start = start <= kMinInstant, open_end = end >= kMaxInstant;
  if (open_start || open_end) {
    const auto has_tickets = [](const auto& hour) { return hour.second > 0; };
    const auto first_ticket = std::find_if(hourly.begin(), hourly.end(), has_tickets);
    if (first_ticket == hourly.end()) return std::nullopt;
    if (open_start) start = FromEpochMs(first_ticket->first);
    if (open_end) {
      end = FromEpochMs(std::find_if(hourly.rbegin(), hourly.rend(), has_tickets)->first +
                        kMsPerHour);
    }
  }
  const auto first = hourly.lower_bound(ToEpochMs(start));
  const auto last = hourly.lower_bound(ToEpochMs(end));
  if (first == last) return std::nullopt;

  // All of the group's data by local hour and by business-calendar day (the
  // repeated hour of a fall-back adds up in one local hour).
  std::map<int64_t, uint64_t> by_local_hour;
  std::map<date::local_days, uint64_t> by_day;
  const TimeZone* day_zone = business.zone != nullptr ? business.zone : zone;
  for (const auto& [ms, n] : hourly) {
    by_local_hour[LocalHour(FromEpochMs(ms), zone)] += n;
    by_day[LocalDay(FromEpochMs(ms), day_zone)] += n;
  }
  const int64_t first_hour = by_local_hour.begin()->first;
  const date::local_days first_day = by_day.begin()->first;

  VolumePatterns out;
  Heatmap& map = out.heatmap;
  // Every local hour of the range, with tickets or not: a quiet hour is 0
  // (and flagged against its baseline), an hour the range does not hold has
  // hours 0, and one the calendar keeps closed throughout is "closed".
  map.has_calendar = business.calendar != nullptr;
  std::map<int64_t, uint64_t> range_hours;  // local hours of the range
  std::array<std::array<bool, 24>, 7> open{};
  for (Instant t = BucketStart(start, Grain::kHour, zone); t < end;) {
    const Instant next = BucketOf(t, Grain::kHour, zone).end;
    if (t >= start) {
      const date::local_days day = LocalDay(t, zone);
      const int weekday = static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
      const int64_t local_hour = LocalHour(t, zone);
      const int hour = static_cast<int>(
          local_hour - date::floor<std::chrono::hours>(day).time_since_epoch().count());
      if (range_hours.emplace(local_hour, weekday * 24 + hour).second) ++map.hours[weekday][hour];
      if (auto it = hourly.find(ToEpochMs(t)); it != hourly.end()) {
        map.tickets[weekday][hour] += it->second;
        map.total += it->second;
      }
      if (map.has_calendar && !open[weekday][hour]) {
        const absl::StatusOr<Millis> elapsed = business.calendar->Elapsed(t, next);
        open[weekday][hour] = elapsed.ok() && elapsed->count() > 0;
      }
    }
    t = next;
  }
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) map.closed[d][h] = map.has_calendar && !open[d][h];
  }
  for (const auto& [local_hour, cell] : range_hours) {
    std::vector<double> baseline;
    for (int k = 1; k <= spikes.weeks; ++k) {
      const int64_t h = local_hour - k * kHoursPerWeek;
      if (h < first_hour) break;
      auto it = by_local_hour.find(h);
      baseline.push_back(it == by_local_hour.end() ? 0.0 : static_cast<double>(it->second));
    }
    Combine(map.spike[cell / 24][cell % 24],
            IsSpike(static_cast<double>(by_local_hour[local_hour]), baseline, spikes.sigma));
  }

  BusinessDays& days = out.business_days;
  days.calendar = business.name;
  const date::local_days from_day = LocalDay(start, day_zone);
  const date::local_days to_day = LocalDay(end - Millis{1}, day_zone);
  for (date::local_days d = from_day; d <= to_day; d += date::days{1}) {
    if (!IsBusinessDay(d, business)) continue;
    // Tickets of the day inside the range (the first and last day may be cut).
    uint64_t n = 0;
    const Instant day_start = std::max(start, StartOfDay(d, day_zone));
    const Instant day_end = std::min(end, StartOfDay(d + date::days{1}, day_zone));
    for (auto it = hourly.lower_bound(ToEpochMs(day_start));
         it != hourly.end() && it->first < ToEpochMs(day_end); ++it) {
      n += it->second;
    }
    std::vector<double> baseline;
    for (int k = 1; k <= spikes.weeks; ++k) {
      const date::local_days past = d - date::days{7 * k};
      if (past < first_day) break;
      if (!IsBusinessDay(past, business)) continue;
      auto it = by_day.find(past);
      baseline.push_back(it == by_day.end() ? 0.0 : static_cast<double>(it->second));
    }
    days.days.push_back(
        {date::year_month_day{d}, n, IsSpike(static_cast<double>(n), baseline, spikes.sigma)});
    days.total += n;
  }
  return out;
}

}  // namespace csm::report
