#include "lib/calendar/local_schedule.h"

#include <utility>

namespace csm::calendar_internal {

SpanTable::SpanTable(const std::vector<Span>& spans, std::int64_t length) : length_(length) {
  for (const Span& span : spans) {
    if (span.start >= span.end) continue;
    if (!end_.empty() && end_.back() == span.start) {
      cum_.back() += span.end - span.start;  // touching: extend the previous span
      end_.back() = span.end;
      continue;
    }
    start_.push_back(span.start);
    end_.push_back(span.end);
    cum_.push_back(cum_.back() + span.end - span.start);
  }
}

std::vector<Span> SpanTable::spans() const {
  std::vector<Span> result;
  for (std::size_t j = 0; j < start_.size(); ++j) result.push_back({start_[j], end_[j]});
  return result;
}

SpanTable SpanTable::Complement() const {
  std::vector<Span> gaps;
  std::int64_t at = 0;
  for (std::size_t j = 0; j < start_.size(); ++j) {
    if (start_[j] > at) gaps.push_back({at, start_[j]});
    at = end_[j];
  }
  if (at < length_) gaps.push_back({at, length_});
  return SpanTable(gaps, length_);
}

LocalSchedule::LocalSchedule(SpanTable week, std::vector<ExceptionalDay> exceptions)
    : week_(std::move(week)), exceptions_(std::move(exceptions)) {
  for (const ExceptionalDay& exception : exceptions_) {
    const std::int64_t midnight = exception.day * kDayMs;
    const std::int64_t weekday_open = Weekly(midnight + kDayMs) - Weekly(midnight);
    days_.push_back(exception.day);
    day_start_.push_back(Weekly(midnight) + shift_.back());
    day_end_.push_back(day_start_.back() + exception.hours.total());
    shift_.push_back(shift_.back() + exception.hours.total() - weekday_open);
  }
}

LocalSchedule LocalSchedule::Complement() const {
  std::vector<ExceptionalDay> closed;
  closed.reserve(exceptions_.size());
  for (const ExceptionalDay& exception : exceptions_) {
    closed.push_back({exception.day, exception.hours.Complement()});
  }
  return LocalSchedule(week_.Complement(), std::move(closed));
}

// The answer lies either inside the first exceptional day whose end reaches
// x, or in the stretch of ordinary days before it, where W is the weekly
// function plus that day's shift.
std::int64_t LocalSchedule::EarliestReaching(std::int64_t x) const {
  const std::size_t i = std::lower_bound(day_end_.begin(), day_end_.end(), x) - day_end_.begin();
  if (i < days_.size() && day_start_[i] < x) {
    return days_[i] * kDayMs + exceptions_[i].hours.EarliestReaching(x - day_start_[i]);
  }
  return WeeklyEarliestReaching(x - shift_[i]);
}

std::int64_t LocalSchedule::LatestAt(std::int64_t x) const {
  const std::size_t i = std::upper_bound(day_end_.begin(), day_end_.end(), x) - day_end_.begin();
  if (i < days_.size() && day_start_[i] <= x) {
    return days_[i] * kDayMs + exceptions_[i].hours.LatestAt(x - day_start_[i]);
  }
  return WeeklyLatestAt(x - shift_[i]);
}

std::int64_t LocalSchedule::WeeklyEarliestReaching(std::int64_t x) const {
  const std::int64_t per_week = week_.total();
  if (per_week == 0) return kNever;
  // The week in which the weekly open time passes x: weeks*T < x <= (weeks+1)*T.
  const std::int64_t weeks = FloorDiv(x - 1, per_week);
  return weeks * kWeekMs + week_.EarliestReaching(x - weeks * per_week) - kEpochAfterMondayMs;
}

std::int64_t LocalSchedule::WeeklyLatestAt(std::int64_t x) const {
  const std::int64_t per_week = week_.total();
  if (per_week == 0) return kNever;
  const std::int64_t weeks = FloorDiv(x, per_week);  // weeks*T <= x < (weeks+1)*T
  return weeks * kWeekMs + week_.LatestAt(x - weeks * per_week) - kEpochAfterMondayMs;
}

}  // namespace csm::calendar_internal
