// The C ABI of QuantileSketch (csmetrics.h, section "sketch"). A handle owns
// one sketch; every function checks its arguments, runs inside Guard and
// changes nothing on failure.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "capi/internal/guard.h"
#include "capi/internal/handles.h"
#include "capi/internal/versioned_struct.h"
#include "csm/accum/quantile_sketch.h"
#include "csmetrics.h"

struct csm_sketch {
  csm::QuantileSketch sketch;
};

namespace {

using csm::QuantileSketch;
using csm::capi::CheckHandle;
using csm::capi::Guard;
using csm::capi::HandleKind;
using csm::capi::InvalidArgument;
using csm::capi::NullArgument;

absl::Status CheckValue(const char* function, double value, size_t index, bool many) {
  if (value >= 0 && value <= std::numeric_limits<double>::max()) return absl::OkStatus();
  return InvalidArgument(absl::StrCat(function, ": ",
                                      many ? absl::StrCat("values[", index, "] ") : "value ", value,
                                      " is not a finite value >= 0"));
}

absl::Status CountOverflow(const char* function) {
  return absl::OutOfRangeError(absl::StrCat(function, ": the count would pass 2^64 - 1"));
}

absl::Status Deserialize(const char* function, const uint8_t* data, size_t len,
                         std::unique_ptr<csm_sketch>* out) {
  if (data == nullptr && len > 0) return NullArgument(function, "data");
  const std::string_view bytes(reinterpret_cast<const char*>(data), data == nullptr ? 0 : len);
  auto sketch = QuantileSketch::Deserialize(bytes);
  if (!sketch.ok()) {
    return absl::Status(sketch.status().code(),
                        absl::StrCat(function, ": ", sketch.status().message()));
  }
  *out = std::make_unique<csm_sketch>(csm_sketch{*std::move(sketch)});
  return absl::OkStatus();
}

absl::Status HandOut(std::unique_ptr<csm_sketch> sketch, csm_sketch** out) {
  csm::capi::RegisterHandle(sketch.get(), HandleKind::kSketch);
  *out = sketch.release();
  return absl::OkStatus();
}

}  // namespace

extern "C" {

csm_status csm_sketch_create(double relative_accuracy, size_t max_buckets, csm_sketch** out) {
  return Guard([&]() -> absl::Status {
    if (out == nullptr) return NullArgument("csm_sketch_create", "out");
    auto sketch = QuantileSketch::Create(
        relative_accuracy == 0 ? QuantileSketch::kDefaultRelativeAccuracy : relative_accuracy,
        max_buckets == 0 ? QuantileSketch::kDefaultMaxBuckets : max_buckets);
    if (!sketch.ok())
      return InvalidArgument(absl::StrCat("csm_sketch_create: ", sketch.status().message()));
    return HandOut(std::make_unique<csm_sketch>(csm_sketch{*std::move(sketch)}), out);
  });
}

void csm_sketch_free(csm_sketch* s) {
  if (s == nullptr) return;
  if (!csm::capi::UnregisterHandle(s, HandleKind::kSketch)) {
    csm::capi::SetLastError("csm_sketch_free: s is not a live csm_sketch (already freed?)");
    return;
  }
  delete s;
}

csm_status csm_sketch_add(csm_sketch* s, double value) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_add";
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, kName, "s"); !st.ok()) return st;
    if (absl::Status st = CheckValue(kName, value, 0, false); !st.ok()) return st;
    if (s->sketch.count() == std::numeric_limits<uint64_t>::max()) return CountOverflow(kName);
    s->sketch.Add(value);
    return absl::OkStatus();
  });
}

csm_status csm_sketch_add_many(csm_sketch* s, const double* values, size_t n) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_add_many";
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, kName, "s"); !st.ok()) return st;
    if (n == 0) return absl::OkStatus();
    if (values == nullptr) return NullArgument(kName, "values");
    for (size_t i = 0; i < n; ++i) {
      if (absl::Status st = CheckValue(kName, values[i], i, true); !st.ok()) return st;
    }
    if (n > std::numeric_limits<uint64_t>::max() - s->sketch.count()) return CountOverflow(kName);
    for (size_t i = 0; i < n; ++i) s->sketch.Add(values[i]);
    return absl::OkStatus();
  });
}

csm_status csm_sketch_merge(csm_sketch* s, const csm_sketch* other) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_merge";
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, kName, "s"); !st.ok()) return st;
    if (absl::Status st = CheckHandle(other, HandleKind::kSketch, kName, "other"); !st.ok())
      return st;
    if (!s->sketch.Merge(other->sketch)) return CountOverflow(kName);
    return absl::OkStatus();
  });
}

csm_status csm_sketch_merge_serialized(csm_sketch* s, const uint8_t* data, size_t len) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_merge_serialized";
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, kName, "s"); !st.ok()) return st;
    std::unique_ptr<csm_sketch> other;
    if (absl::Status st = Deserialize(kName, data, len, &other); !st.ok()) return st;
    if (!s->sketch.Merge(other->sketch)) return CountOverflow(kName);
    return absl::OkStatus();
  });
}

csm_status csm_sketch_serialize(const csm_sketch* s, uint8_t** out, size_t* out_len) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_serialize";
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, kName, "s"); !st.ok()) return st;
    if (out == nullptr) return NullArgument(kName, "out");
    if (out_len == nullptr) return NullArgument(kName, "out_len");
    const std::string bytes = s->sketch.Serialize();
    void* buffer = std::malloc(bytes.size() + 1);
    if (buffer == nullptr) return absl::ResourceExhaustedError("out of memory");
    std::memcpy(buffer, bytes.data(), bytes.size());
    *out = static_cast<uint8_t*>(buffer);
    *out_len = bytes.size();
    return absl::OkStatus();
  });
}

csm_status csm_sketch_deserialize(const uint8_t* data, size_t len, csm_sketch** out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_deserialize";
    if (out == nullptr) return NullArgument(kName, "out");
    std::unique_ptr<csm_sketch> sketch;
    if (absl::Status st = Deserialize(kName, data, len, &sketch); !st.ok()) return st;
    return HandOut(std::move(sketch), out);
  });
}

csm_status csm_sketch_quantile(const csm_sketch* s, double q, double* out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_sketch_quantile";
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, kName, "s"); !st.ok()) return st;
    if (out == nullptr) return NullArgument(kName, "out");
    if (!(q >= 0 && q <= 1))
      return InvalidArgument(absl::StrCat(kName, ": q ", q, " is outside [0, 1]"));
    if (s->sketch.empty())
      return absl::FailedPreconditionError(absl::StrCat(kName, ": the sketch is empty"));
    *out = *s->sketch.Quantile(q);
    return absl::OkStatus();
  });
}

csm_status csm_sketch_count(const csm_sketch* s, uint64_t* out) {
  return Guard([&]() -> absl::Status {
    if (absl::Status st = CheckHandle(s, HandleKind::kSketch, "csm_sketch_count", "s"); !st.ok())
      return st;
    if (out == nullptr) return NullArgument("csm_sketch_count", "out");
    *out = s->sketch.count();
    return absl::OkStatus();
  });
}

}  // extern "C"
