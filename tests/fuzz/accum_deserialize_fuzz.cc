// Fuzzes every accumulator's Deserialize. The first byte picks the type; the
// rest are the bytes. Accepted input must re-serialize to the same bytes (the
// wire format accepts only canonical encodings), and the decoded value must
// stay usable (merge with itself, query).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "csm/accum/count.h"
#include "csm/accum/distinct.h"
#include "csm/accum/histogram.h"
#include "csm/accum/merge_into.h"
#include "csm/accum/moments.h"
#include "csm/accum/quantile_sketch.h"
#include "csm/accum/quantile_summary.h"
#include "csm/accum/ratio.h"
#include "csm/accum/time_series.h"
#include "csm/accum/top_k.h"

namespace {

template <typename T>
void RoundTrip(std::string_view bytes) {
  auto decoded = T::Deserialize(bytes);
  if (!decoded.ok()) return;
  if (decoded->Serialize() != bytes) std::abort();
  // Merged with itself: either refused (a count would overflow), and then
  // unchanged, or a state its own Deserialize accepts again.
  T twice = *decoded;
  if (csm::MergeInto(twice, *decoded)) {
    if (!T::Deserialize(twice.Serialize()).ok()) std::abort();
  } else if (!(twice == *decoded)) {
    std::abort();
  }
  (void)twice.MemoryBytes();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 10) {
    case 0:
      RoundTrip<csm::Count>(bytes);
      break;
    case 1:
      RoundTrip<csm::Ratio>(bytes);
      break;
    case 2:
      RoundTrip<csm::Moments>(bytes);
      break;
    case 3: {
      RoundTrip<csm::QuantileSketch>(bytes);
      auto s = csm::QuantileSketch::Deserialize(bytes);
      if (s.ok()) (void)s->Quantile(0.5), (void)s->Quantile(0.99);
      break;
    }
    case 4:
      RoundTrip<csm::Histogram>(bytes);
      break;
    case 5: {
      RoundTrip<csm::TopK>(bytes);
      auto t = csm::TopK::Deserialize(bytes);
      if (t.ok()) (void)t->Top(10);
      break;
    }
    case 6: {
      RoundTrip<csm::Distinct>(bytes);
      auto d = csm::Distinct::Deserialize(bytes);
      if (d.ok()) (void)d->Estimate();
      break;
    }
    case 7:
      RoundTrip<csm::TimeSeries<csm::Count>>(bytes);
      break;
    case 8:
      RoundTrip<csm::TimeSeries<csm::QuantileSketch>>(bytes);
      break;
    case 9: {
      // Exact small samples (at most 64 values), then the sketch.
      RoundTrip<csm::QuantileSummary>(bytes);
      auto q = csm::QuantileSummary::Deserialize(bytes);
      if (q.ok()) (void)q->Quantile(0.5), (void)q->Min(), (void)q->Max();
      break;
    }
  }
  return 0;
}
