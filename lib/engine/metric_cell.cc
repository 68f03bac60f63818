#include "csm/engine/metric_cell.h"

#include "csm/engine/byte_codec.h"

namespace csm {
namespace {

constexpr uint8_t kCellVersion = 1;

template <typename Acc>
void Put(codec::ByteWriter& w, const Acc& acc) {
  w.Bytes(acc.Serialize());
}

template <typename Acc>
Acc Get(codec::ByteReader& r) {
  std::string_view bytes = r.Bytes();
  if (!r.ok()) return Acc();
  absl::StatusOr<Acc> acc = Acc::Deserialize(bytes);
  if (!acc.ok()) {
    r.Fail(acc.status());
    return Acc();
  }
  return *std::move(acc);
}

void PutClock(codec::ByteWriter& w, const ClockStats& c) {
  Put(w, c.millis);
  Put(w, c.seconds);
  Put(w, c.histogram);
  w.Varint(c.retracted);
}

void GetClock(codec::ByteReader& r, ClockStats& c) {
  c.millis = Get<Moments>(r);
  c.seconds = Get<QuantileSketch>(r);
  c.histogram = Get<Histogram>(r);
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

void ClockStats::Merge(const ClockStats& other) {
  millis.Merge(other.millis);
  seconds.Merge(other.seconds);
  histogram.Merge(other.histogram);
  retracted += other.retracted;
}

void DistributionStats::Record(double v, int sign) {
  if (sign > 0) {
    values.Add(v);
    sketch.Add(v);
  } else {
    values.Remove(v);
    sketch.Remove(v);
    ++retracted;
  }
}

void DistributionStats::Merge(const DistributionStats& other) {
  values.Merge(other.values);
  sketch.Merge(other.sketch);
  retracted += other.retracted;
}

MetricCell::MetricCell(const MetricCell& other)
    : counts_(other.counts_),
      backlog_in_(other.backlog_in_),
      backlog_out_(other.backlog_out_),
      rates_(other.rates_) {
  for (int i = 0; i < kDurationSlots; ++i) {
    if (other.durations_[i]) durations_[i] = std::make_unique<DurationStats>(*other.durations_[i]);
  }
  for (int i = 0; i < kDistributionSlots; ++i) {
    if (other.distributions_[i]) {
      distributions_[i] = std::make_unique<DistributionStats>(*other.distributions_[i]);
    }
  }
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

void MetricCell::Merge(const MetricCell& other) {
  for (int i = 0; i < kCountSlots; ++i) counts_[i].Merge(other.counts_[i]);
  backlog_in_.Merge(other.backlog_in_);
  backlog_out_.Merge(other.backlog_out_);
  for (int i = 0; i < kRateSlots; ++i) rates_[i].Merge(other.rates_[i]);
  for (int i = 0; i < kDurationSlots; ++i) {
    if (!other.durations_[i]) continue;
    if (durations_[i]) {
      durations_[i]->calendar.Merge(other.durations_[i]->calendar);
      durations_[i]->business.Merge(other.durations_[i]->business);
    } else {
      durations_[i] = std::make_unique<DurationStats>(*other.durations_[i]);
    }
  }
  for (int i = 0; i < kDistributionSlots; ++i) {
    if (!other.distributions_[i]) continue;
    if (distributions_[i]) {
      distributions_[i]->Merge(*other.distributions_[i]);
    } else {
      distributions_[i] = std::make_unique<DistributionStats>(*other.distributions_[i]);
    }
  }
}

// Layout: version (u8); counts, backlog in/out (varints); rates (Ratio
// bytes); then per duration slot a presence byte and, when present, the
// calendar and business ClockStats; then per distribution slot likewise.
bool MetricCell::HasEngineParameters(const std::vector<double>& edges) const {
  const QuantileSketch reference;
  auto same_sketch = [&](const QuantileSketch& q) {
    return q.relative_accuracy() == reference.relative_accuracy() &&
           q.max_buckets() == reference.max_buckets();
  };
  auto same_clock = [&](const ClockStats& c) {
    return c.histogram.edges() == edges && same_sketch(c.seconds);
  };
  for (const auto& d : durations_) {
    if (d && !(same_clock(d->calendar) && same_clock(d->business))) return false;
  }
  for (const auto& d : distributions_) {
    if (d && !same_sketch(d->sketch)) return false;
  }
  return true;
}

std::string MetricCell::Serialize() const {
  codec::ByteWriter w;
  w.U8(kCellVersion);
  for (const Count& c : counts_) w.Varint(c.value());
  w.Varint(backlog_in_.value());
  w.Varint(backlog_out_.value());
  for (const Ratio& r : rates_) Put(w, r);
  for (const auto& d : durations_) {
    w.U8(d ? 1 : 0);
    if (d) {
      PutClock(w, d->calendar);
      PutClock(w, d->business);
    }
  }
  for (const auto& d : distributions_) {
    w.U8(d ? 1 : 0);
    if (d) {
      Put(w, d->values);
      Put(w, d->sketch);
      w.Varint(d->retracted);
    }
  }
  return std::move(w).Finish();
}

absl::StatusOr<MetricCell> MetricCell::Deserialize(std::string_view bytes) {
  codec::ByteReader r(bytes);
  MetricCell cell;
  r.Check(r.U8() == kCellVersion, "unsupported metric cell version");
  for (Count& c : cell.counts_) c.Add(r.Varint());
  cell.backlog_in_.Add(r.Varint());
  cell.backlog_out_.Add(r.Varint());
  for (Ratio& ratio : cell.rates_) ratio = Get<Ratio>(r);
  for (auto& d : cell.durations_) {
    const uint8_t present = r.U8();
    if (!r.Check(present <= 1, "bad presence byte")) break;
    if (present == 1) {
      d = std::make_unique<DurationStats>(std::vector<double>{});
      GetClock(r, d->calendar);
      GetClock(r, d->business);
    }
  }
  for (auto& d : cell.distributions_) {
    const uint8_t present = r.U8();
    if (!r.Check(present <= 1, "bad presence byte")) break;
    if (present == 1) {
      d = std::make_unique<DistributionStats>();
      d->values = Get<Moments>(r);
      d->sketch = Get<QuantileSketch>(r);
      d->retracted = r.Varint();
    }
  }
  r.Check(r.done(), "trailing bytes after a metric cell");
  if (!r.ok()) return r.status();
  return cell;
}

size_t MetricCell::MemoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const auto& d : durations_) {
    if (!d) continue;
    for (const ClockStats* c : {&d->calendar, &d->business}) {
      bytes += c->millis.MemoryBytes() + c->seconds.MemoryBytes() + c->histogram.MemoryBytes() +
               sizeof(uint64_t);
    }
  }
  for (const auto& d : distributions_) {
    if (d) bytes += d->values.MemoryBytes() + d->sketch.MemoryBytes() + sizeof(uint64_t);
  }
  return bytes;
}

}  // namespace csm
