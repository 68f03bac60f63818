#include "csm/model/time_zone.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "date/tz.h"

namespace csm {
namespace {

absl::Status UnknownZone(std::string_view name) {
  return absl::NotFoundError(absl::StrCat("unknown time zone '",
                                          absl::string_view(name.data(), name.size()),
                                          "' (expected an IANA name like America/New_York)"));
}

// The tz database's names are date's (links included): Abseil would also
// accept its own spellings ("Fixed/UTC+03:00") and any file under zoneinfo.
bool InTzDatabase(const std::string& name) {
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {  // date reports an unknown name by throwing
    return false;
  }
}

}  // namespace

absl::StatusOr<const TimeZone*> TimeZone::Locate(std::string_view name) {
  static std::mutex mu;
  static auto* loaded =  // guarded by mu
      new absl::flat_hash_map<std::string, std::unique_ptr<const TimeZone>>();
  const std::string key(name);
  const std::lock_guard<std::mutex> lock(mu);
  if (auto it = loaded->find(key); it != loaded->end()) return it->second.get();

  absl::TimeZone zone;
  if (key.empty() || !InTzDatabase(key) || !absl::LoadTimeZone(key, &zone)) {
    return UnknownZone(name);
  }
  // Every change of offset from the start to the end of the supported range
  // (transitions that only rename the zone or flip is_dst are not periods).
  const absl::Time first = absl::FromUnixMillis(ToEpochMs(kMinInstant));
  const absl::Time last = absl::FromUnixMillis(ToEpochMs(kMaxInstant));
  std::vector<Instant> begin{Instant::min()};
  std::vector<Millis> offset{std::chrono::seconds{zone.At(first).offset}};
  absl::Time at = first;
  absl::TimeZone::CivilTransition transition;
  while (zone.NextTransition(at, &transition)) {
    const absl::Time when = zone.At(transition.to).trans;
    if (when <= at || when > last) break;
    const Millis when_offset = std::chrono::seconds{zone.At(when).offset};
    if (when_offset != offset.back()) {
      begin.push_back(FromEpochMs(absl::ToUnixMillis(when)));
      offset.push_back(when_offset);
    }
    at = when;
  }
  auto [it, inserted] = loaded->emplace(
      key, std::unique_ptr<const TimeZone>(new TimeZone(key, std::move(begin), std::move(offset))));
  return it->second.get();
}

const TimeZone* TimeZone::Utc() {
  // The same object as Locate("UTC"), so zones compare equal by pointer; a
  // system without that tzdata file still gets a UTC.
  static const TimeZone* const utc = [] {
    absl::StatusOr<const TimeZone*> located = Locate("UTC");
    return located.ok() ? *located : new TimeZone("UTC", {Instant::min()}, {Millis{0}});
  }();
  return utc;
}

TimeZone::Period TimeZone::period(size_t p) const {
  const Instant end = p + 1 < begin_.size() ? begin_[p + 1] : Instant::max();
  return {begin_[p], end, offset_[p]};
}

TimeZone::Period TimeZone::PeriodAt(Instant t) const {
  const size_t p =
      static_cast<size_t>(std::upper_bound(begin_.begin(), begin_.end(), t) - begin_.begin()) - 1;
  return period(p);
}

TimeZone::LocalInfo TimeZone::InfoOf(LocalTime local) const {
  // Offsets are under a day, so the instant lies within a day of the naive
  // reading; the candidate periods are the ones around it.
  const Instant naive{local.time_since_epoch()};
  const Millis day{86'400'000};
  const Instant from = naive > Instant::min() + day ? naive - day : Instant::min();
  const size_t p0 =
      static_cast<size_t>(std::upper_bound(begin_.begin(), begin_.end(), from) - begin_.begin()) -
      1;
  const auto matches = [&](const Period& p) {
    const Instant t = naive - p.offset;
    return t >= p.begin && t < p.end;
  };
  LocalInfo info{LocalInfo::kNonexistent, period(p0), period(p0)};
  int found = 0;
  for (size_t p = p0; p < begin_.size(); ++p) {
    const Period candidate = period(p);
    if (candidate.begin > naive && candidate.begin - naive > day) break;
    if (matches(candidate)) {
      if (found == 0) {
        info.first = candidate;
        info.second = candidate;
      } else {
        info.second = candidate;
      }
      ++found;
    } else if (found == 0 && candidate.end <= naive - candidate.offset) {
      info.first = candidate;  // the latest period entirely before the wall time
      if (p + 1 < begin_.size()) info.second = period(p + 1);
    }
  }
  info.kind = found == 0 ? LocalInfo::kNonexistent
                         : (found == 1 ? LocalInfo::kUnique : LocalInfo::kAmbiguous);
  return info;
}

Instant TimeZone::EarliestInstantOf(LocalTime local) const {
  const LocalInfo info = InfoOf(local);
  if (info.kind == LocalInfo::kNonexistent) return info.first.end;
  return Instant{local.time_since_epoch() - info.first.offset};
}

}  // namespace csm
