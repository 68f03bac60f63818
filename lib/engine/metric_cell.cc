#include "csm/engine/metric_cell.h"

#include "csm/engine/internal/byte_codec.h"
#include "csm/model/field.h"

namespace csm {
namespace {

// 4: quantile summaries (exact samples while few) instead of sketches.
constexpr uint8_t kCellVersion = 5;  // 5: a backlog in/out pair per slot (sla_active)

void PutClock(codec::ByteWriter& w, const ClockStats& c) {
  codec::PutAccumulator(w, c.millis);
  codec::PutAccumulator(w, c.seconds);
  codec::PutAccumulator(w, c.histogram);
  w.Varint(c.retracted);
}

void GetClock(codec::ByteReader& r, ClockStats& c) {
  c.millis = codec::GetAccumulator<Moments>(r);
  c.seconds = codec::GetAccumulator<QuantileSummary>(r);
  c.histogram = codec::GetAccumulator<Histogram>(r);
  c.retracted = r.Varint();
}

}  // namespace

void ClockStats::Record(Millis d, int sign) {
  const auto ms = static_cast<double>(d.count());
  const double s = ms / 1000.0;
  if (sign > 0) {
    millis.Add(ms);
    seconds.Add(s);
    histogram.Add(s);
  } else {
    millis.Remove(ms);
    seconds.Remove(s);
    histogram.Remove(s);
    ++retracted;
  }
}

bool ClockStats::Merge(const ClockStats& other) {
  return millis.Merge(other.millis) && seconds.Merge(other.seconds) &&
         histogram.Merge(other.histogram) &&
         !__builtin_add_overflow(retracted, other.retracted, &retracted);
}

DurationStats::DurationStats(const DurationStats& other) : calendar_(other.calendar_) {
  if (other.business_) business_ = std::make_unique<ClockStats>(*other.business_);
}

DurationStats& DurationStats::operator=(const DurationStats& other) {
  if (this != &other) {
    calendar_ = other.calendar_;
    business_ = other.business_ ? std::make_unique<ClockStats>(*other.business_) : nullptr;
  }
  return *this;
}

void DurationStats::Record(Millis calendar, Millis business, int sign) {
  // A retracted sample went in while the sides were (or were not yet)
  // shared; either way taking it from the side(s) that hold it is exact.
  if (!business_ && calendar != business) business_ = std::make_unique<ClockStats>(calendar_);
  calendar_.Record(calendar, sign);
  if (business_) business_->Record(business, sign);
}

bool DurationStats::Merge(const DurationStats& other) {
  if (!business_ && other.business_) business_ = std::make_unique<ClockStats>(calendar_);
  if (business_ && !business_->Merge(other.business())) return false;
  return calendar_.Merge(other.calendar_);
}

size_t DurationStats::MemoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const ClockStats* c : {&calendar_, static_cast<const ClockStats*>(business_.get())}) {
    if (c == nullptr) continue;
    bytes += c->millis.MemoryBytes() + c->seconds.MemoryBytes() + c->histogram.MemoryBytes() +
             sizeof(uint64_t);
  }
  return bytes + (business_ ? sizeof(ClockStats) : 0);
}

void DistributionStats::Record(double v, int sign) {
  if (sign > 0) {
    values.Add(v);
    quantiles.Add(v);
  } else {
    values.Remove(v);
    quantiles.Remove(v);
    ++retracted;
  }
}

bool DistributionStats::Merge(const DistributionStats& other) {
  return values.Merge(other.values) && quantiles.Merge(other.quantiles) &&
         !__builtin_add_overflow(retracted, other.retracted, &retracted);
}

MetricCell::MetricCell(const MetricCell& other)
    : counts_(other.counts_),
      backlog_in_(other.backlog_in_),
      backlog_out_(other.backlog_out_),
      rates_(other.rates_),
      time_rates_(other.time_rates_),
      cost_(other.cost_) {
  if (other.step_abandons_) step_abandons_ = std::make_unique<StepCounts>(*other.step_abandons_);
  for (int i = 0; i < kDurationSlots; ++i) {
    if (other.durations_[i]) durations_[i] = std::make_unique<DurationStats>(*other.durations_[i]);
  }
  for (int i = 0; i < kDistributionSlots; ++i) {
    if (other.distributions_[i]) {
      distributions_[i] = std::make_unique<DistributionStats>(*other.distributions_[i]);
    }
  }
  if (other.experience_) experience_ = std::make_unique<ExperienceCell>(*other.experience_);
}

MetricCell& MetricCell::operator=(const MetricCell& other) {
  if (this != &other) *this = MetricCell(other);
  return *this;
}

DurationStats& MetricCell::MutableDuration(int slot, const std::vector<double>& histogram_edges) {
  std::unique_ptr<DurationStats>& d = durations_[slot];
  if (!d) d = std::make_unique<DurationStats>(histogram_edges);
  return *d;
}

DistributionStats& MetricCell::MutableDistribution(int slot) {
  std::unique_ptr<DistributionStats>& d = distributions_[slot];
  if (!d) d = std::make_unique<DistributionStats>();
  return *d;
}

StepCounts& MetricCell::MutableStepAbandons() {
  if (!step_abandons_) step_abandons_ = std::make_unique<StepCounts>();
  return *step_abandons_;
}

void MetricCell::RemapSteps(const std::function<uint32_t(uint32_t)>& map) {
  if (!step_abandons_) return;
  StepCounts mapped;
  for (const auto& [step, n] : *step_abandons_) mapped[map(step)] += n;
  *step_abandons_ = std::move(mapped);
}

ExperienceCell& MetricCell::MutableExperience() {
  if (!experience_) experience_ = std::make_unique<ExperienceCell>();
  return *experience_;
}

bool MetricCell::Merge(const MetricCell& other) {
  for (int i = 0; i < kCountSlots; ++i) {
    if (!counts_[i].Merge(other.counts_[i])) return false;
  }
  for (int i = 0; i < kBacklogSlots; ++i) {
    if (!backlog_in_[i].Merge(other.backlog_in_[i]) ||
        !backlog_out_[i].Merge(other.backlog_out_[i])) {
      return false;
    }
  }
  for (int i = 0; i < kRateSlots; ++i) {
    if (!rates_[i].Merge(other.rates_[i])) return false;
  }
  for (int i = 0; i < kDurationSlots; ++i) {
    if (!other.durations_[i]) continue;
    if (durations_[i]) {
      if (!durations_[i]->Merge(*other.durations_[i])) return false;
    } else {
      durations_[i] = std::make_unique<DurationStats>(*other.durations_[i]);
    }
  }
  for (int i = 0; i < kDistributionSlots; ++i) {
    if (!other.distributions_[i]) continue;
    if (distributions_[i]) {
      if (!distributions_[i]->Merge(*other.distributions_[i])) return false;
    } else {
      distributions_[i] = std::make_unique<DistributionStats>(*other.distributions_[i]);
    }
  }
  for (int i = 0; i < kTimeRateSlots; ++i) {
    if (!time_rates_[i].Merge(other.time_rates_[i])) return false;
  }
  if (other.step_abandons_) {
    StepCounts& mine = MutableStepAbandons();
    for (const auto& [step, n] : *other.step_abandons_) {
      if (__builtin_add_overflow(mine[step], n, &mine[step])) return false;
    }
  }
  if (!cost_.Merge(other.cost_)) return false;
  return !other.experience_ || MutableExperience().Merge(*other.experience_);
}

bool MetricCell::HasEngineParameters(const std::vector<double>& edges) const {
  const QuantileSketch reference;
  auto same_sketch = [&](const QuantileSketch& q) {
    return q.relative_accuracy() == reference.relative_accuracy() &&
           q.max_buckets() == reference.max_buckets();
  };
  auto same_clock = [&](const ClockStats& c) {
    return c.histogram.edges() == edges && same_sketch(c.seconds.sketch());
  };
  for (const auto& d : durations_) {
    if (d && !(same_clock(d->calendar()) && same_clock(d->business()))) return false;
  }
  for (const auto& d : distributions_) {
    if (d && !same_sketch(d->quantiles.sketch())) return false;
  }
  return true;
}

// Layout: version (u8); counts, then backlog in/out per backlog slot (varints); rates (Ratio
// bytes); then per duration slot a presence byte and, when present, the
// calendar and business ClockStats; then per distribution slot likewise;
// then the time rates (Ratio bytes), the step abandons (count, then step id
// and count varints) and the costs (Moments bytes); then a presence byte and
// the ExperienceCell bytes.
std::string MetricCell::Serialize() const {
  codec::ByteWriter w;
  w.U8(kCellVersion);
  for (const Count& c : counts_) w.Varint(c.value());
  for (int i = 0; i < kBacklogSlots; ++i) {
    w.Varint(backlog_in_[i].value());
    w.Varint(backlog_out_[i].value());
  }
  for (const Ratio& r : rates_) codec::PutAccumulator(w, r);
  for (const auto& d : durations_) {
    // 0: absent; 1: business time equals calendar time; 2: both clocks.
    w.U8(d ? (d->business_is_calendar() ? 1 : 2) : 0);
    if (d) {
      PutClock(w, d->calendar());
      if (!d->business_is_calendar()) PutClock(w, d->business());
    }
  }
  for (const auto& d : distributions_) {
    w.U8(d ? 1 : 0);
    if (d) {
      codec::PutAccumulator(w, d->values);
      codec::PutAccumulator(w, d->quantiles);
      w.Varint(d->retracted);
    }
  }
  for (const Ratio& r : time_rates_) codec::PutAccumulator(w, r);
  w.Varint(step_abandons_ ? step_abandons_->size() : 0);
  if (step_abandons_) {
    for (const auto& [step, n] : *step_abandons_) {
      w.Varint(step);
      w.Varint(n);
    }
  }
  codec::PutAccumulator(w, cost_);
  w.U8(experience_ ? 1 : 0);
  if (experience_) w.Bytes(experience_->Serialize());
  return std::move(w).Finish();
}

absl::StatusOr<MetricCell> MetricCell::Deserialize(std::string_view bytes) {
  codec::ByteReader r(bytes);
  MetricCell cell;
  r.Check(r.U8() == kCellVersion, "unsupported metric cell version");
  for (Count& c : cell.counts_) c.Add(r.Varint());
  for (int i = 0; i < kBacklogSlots; ++i) {
    cell.backlog_in_[i].Add(r.Varint());
    cell.backlog_out_[i].Add(r.Varint());
  }
  for (Ratio& ratio : cell.rates_) ratio = codec::GetAccumulator<Ratio>(r);
  for (auto& d : cell.durations_) {
    const uint8_t present = r.U8();
    if (!r.Check(present <= 2, "bad presence byte")) break;
    if (present >= 1) {
      d = std::make_unique<DurationStats>(std::vector<double>{});
      GetClock(r, d->MutableCalendar());
      if (present == 2) {
        ClockStats business{std::vector<double>{}};
        GetClock(r, business);
        d->SetBusiness(std::move(business));
      }
    }
  }
  for (auto& d : cell.distributions_) {
    const uint8_t present = r.U8();
    if (!r.Check(present <= 1, "bad presence byte")) break;
    if (present == 1) {
      d = std::make_unique<DistributionStats>();
      d->values = codec::GetAccumulator<Moments>(r);
      d->quantiles = codec::GetAccumulator<QuantileSummary>(r);
      d->retracted = r.Varint();
    }
  }
  for (Ratio& ratio : cell.time_rates_) ratio = codec::GetAccumulator<Ratio>(r);
  const uint64_t steps = r.Count(2);
  for (uint64_t i = 0; i < steps && r.ok(); ++i) {
    const uint64_t step = r.Varint();
    const uint64_t n = r.Varint();
    if (!r.Check(step <= MaxFieldIds(Field::kStep), "step id out of range")) break;
    cell.MutableStepAbandons()[static_cast<uint32_t>(step)] += n;
  }
  cell.cost_ = codec::GetAccumulator<Moments>(r);
  const uint8_t has_experience = r.U8();
  if (r.Check(has_experience <= 1, "bad presence byte") && has_experience == 1) {
    std::string_view bytes = r.Bytes();
    if (r.ok()) {
      absl::StatusOr<ExperienceCell> e = ExperienceCell::Deserialize(bytes);
      if (e.ok()) {
        cell.experience_ = std::make_unique<ExperienceCell>(*std::move(e));
      } else {
        r.Fail(e.status());
      }
    }
  }
  r.Check(r.done(), "trailing bytes after a metric cell");
  if (!r.ok()) return r.status();
  return cell;
}

size_t MetricCell::MemoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const auto& d : durations_) {
    if (d) bytes += d->MemoryBytes();
  }
  for (const auto& d : distributions_) {
    if (d) bytes += d->values.MemoryBytes() + d->quantiles.MemoryBytes() + sizeof(uint64_t);
  }
  // std::map: one node (key, count, three pointers, colour) per step.
  if (step_abandons_) bytes += sizeof(StepCounts) + step_abandons_->size() * 48;
  if (experience_) bytes += experience_->MemoryBytes();
  return bytes;
}

}  // namespace csm
