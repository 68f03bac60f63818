// A report's typed values: the merged cells of a period read out per metric.
#include <algorithm>

#include "csm/report/report.h"
#include "csm/report/staffing_json.h"

namespace csm::report {
namespace {

constexpr double kMillisToSeconds = 1.0 / 1000;

// Statistics over values `scale` times the recorded unit; `moments` holds
// count, sum, min, max, `quantiles` the quantiles (exact while few).
Summary Summarize(const Moments& moments, const QuantileSummary& quantiles, uint64_t retracted,
                  double scale) {
  Summary s;
  s.count = moments.count();
  if (s.count == 0) return s;
  s.mean = moments.sum() / static_cast<double>(s.count) * scale;
  // Moments cannot take back a min / max; after a retraction the summary's
  // extremes (exact while it holds its samples, else within the sketch's
  // accuracy) are the honest ones.
  if (retracted == 0) {
    s.min = *moments.min() * scale;
    s.max = *moments.max() * scale;
  } else {
    s.min = quantiles.Min();
    s.max = quantiles.Max();
  }
  s.p50 = quantiles.Quantile(0.5);
  s.p90 = quantiles.Quantile(0.9);
  s.p95 = quantiles.Quantile(0.95);
  s.p99 = quantiles.Quantile(0.99);
  s.exact = quantiles.exact();
  return s;
}

ClockSummary SummarizeClock(const ClockStats& c) {
  return {Summarize(c.millis, c.seconds, c.retracted, kMillisToSeconds), c.millis.sum() / 1000,
          c.histogram.edges(), c.histogram.counts()};
}

StepAbandons StepAbandonsOf(const MetricCell& cell, const std::vector<std::string>& step_names) {
  StepAbandons out;
  if (const StepCounts* counts = cell.step_abandons()) {
    for (const auto& [step, n] : *counts) {
      out.in_ivr += n;
      if (step != 0 && step < step_names.size()) out.steps.emplace_back(step_names[step], n);
    }
  }
  // By name: step ids follow interning order, which differs between one
  // engine, shards and merged states.
  std::sort(out.steps.begin(), out.steps.end());
  out.in_queue = cell.count(Info(Metric::kContactsAbandoned).slot).value();
  return out;
}

// Contacts handled = answered contacts + solved tickets.
CostPerContact CostPerContactOf(const MetricCell& cell) {
  CostPerContact out;
  out.contacts_handled = cell.count(Info(Metric::kContactsAnswered).slot).value() +
                         cell.count(Info(Metric::kTicketsSolved).slot).value();
  const Moments& cost = cell.cost();
  if (cost.count() > 0) {
    out.cost = cost.sum();
    if (out.contacts_handled > 0) {
      out.value = cost.sum() / static_cast<double>(out.contacts_handled);
    }
  }
  return out;
}

TimeTotal TimeTotalOf(const Moments& ms) {
  TimeTotal t;
  t.count = ms.count();
  t.total = ms.sum() / 1000;
  if (t.count > 0) {
    t.mean = ms.sum() / static_cast<double>(t.count) / 1000;
    t.max = *ms.max() / 1000;
  }
  return t;
}

}  // namespace

MetricValue ValueOf(const Report& report, const Period& p, Metric m, Millis bucket_length) {
  const MetricInfo& info = Info(m);
  if (info.kind == MetricKind::kBacklog) {
    const std::optional<int64_t>& open = m == Metric::kSlaActive ? p.sla_active : p.backlog;
    if (!open) return std::monostate{};
    return Backlog{*open};
  }
  if (info.kind == MetricKind::kVolume) return Structured{VolumeValue(m, p.volume)};
  // A quiet bucket of the range counts 0 of everything (docs/metrics.md §8).
  if (!p.cell) return info.kind == MetricKind::kCount ? MetricValue{Count{0}} : std::monostate{};
  const MetricCell& cell = *p.cell;
  switch (info.kind) {
    case MetricKind::kCount:
      return Count{cell.count(info.slot).value()};
    case MetricKind::kDuration: {
      const DurationStats* d = cell.duration(info.slot);
      if (d == nullptr || d->calendar().millis.count() == 0) return std::monostate{};
      return DurationSummary{SummarizeClock(d->calendar()), SummarizeClock(d->business())};
    }
    case MetricKind::kDistribution: {
      const DistributionStats* d = cell.distribution(info.slot);
      if (d == nullptr || d->values.count() == 0) return std::monostate{};
      return Summarize(d->values, d->quantiles, d->retracted, 1.0);
    }
    case MetricKind::kRate: {
      const Ratio& r = cell.rate(info.slot);
      if (r.denominator() == 0) return std::monostate{};
      return Rate{*r.percent(), r.numerator(), r.denominator()};
    }
    case MetricKind::kTimeRate: {
      // Agent milliseconds, reported in seconds.
      const Ratio& r = cell.time_rate(info.slot);
      if (r.denominator() == 0) return std::monostate{};
      return TimeRate{*r.percent(), r.numerator() / 1000, r.denominator() / 1000};
    }
    case MetricKind::kStepAbandons: {
      StepAbandons s = StepAbandonsOf(cell, report.step_names);
      if (s.in_ivr == 0 && s.in_queue == 0) return std::monostate{};
      return s;
    }
    case MetricKind::kCostPerContact: {
      CostPerContact c = CostPerContactOf(cell);
      if (!c.cost && c.contacts_handled == 0) return std::monostate{};
      return c;
    }
    case MetricKind::kExperience:
      if (m == Metric::kAssignedTime) {
        const ExperienceCell* e = cell.experience();
        if (e == nullptr || e->assigned_calendar.count() == 0) return std::monostate{};
        return AssignedTime{TimeTotalOf(e->assigned_calendar), TimeTotalOf(e->assigned_business)};
      }
      return Structured{
          ExperienceValue(m, cell.experience(), {&report.options, report.hashed_names.get()})};
    case MetricKind::kStaffing:
      return Structured{StaffingValue(cell, bucket_length, report.options.staffing)};
    case MetricKind::kBacklog:
    case MetricKind::kVolume:
      break;
  }
  return std::monostate{};
}

}  // namespace csm::report
