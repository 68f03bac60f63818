// The binary form every accumulator serializes to. A 6-byte preamble
//
//   magic "CSMA" | format version (u8) | type tag (u8)
//
// is followed by the type's parameters and state, built from the primitives
// of byte_io.h (little-endian fixed-width values, LEB128 varints, length-
// prefixed byte strings; a reader that never reads past the end, trusts no
// count the input cannot hold, accepts only canonical encodings and keeps the
// first error).
#ifndef CSM_ACCUM_WIRE_H_
#define CSM_ACCUM_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "csm/accum/byte_io.h"

namespace csm::wire {

inline constexpr char kMagic[4] = {'C', 'S', 'M', 'A'};
inline constexpr uint8_t kFormatVersion = 1;
inline constexpr size_t kPreambleBytes = 6;

// One tag per serializable type; values are pinned forever.
enum class Tag : uint8_t {
  kCount = 1,
  kRatio = 2,
  kMoments = 3,
  kQuantileSketch = 4,
  kHistogram = 5,
  kTopK = 6,
  kDistinct = 7,
  kTimeSeries = 8,
  kQuantileSummary = 9,
};

inline std::string_view TagName(Tag tag) {
  switch (tag) {
    case Tag::kCount:
      return "Count";
    case Tag::kRatio:
      return "Ratio";
    case Tag::kMoments:
      return "Moments";
    case Tag::kQuantileSketch:
      return "QuantileSketch";
    case Tag::kHistogram:
      return "Histogram";
    case Tag::kTopK:
      return "TopK";
    case Tag::kDistinct:
      return "Distinct";
    case Tag::kTimeSeries:
      return "TimeSeries";
    case Tag::kQuantileSummary:
      return "QuantileSummary";
  }
  return "unknown";
}

// Writes the preamble, then whatever the type's Serialize adds.
class Writer : public ByteWriter {
 public:
  explicit Writer(Tag tag) {
    Raw(std::string_view(kMagic, sizeof(kMagic)));
    U8(kFormatVersion);
    U8(static_cast<uint8_t>(tag));
  }
};

// Reads the preamble and checks it announces `expected`; the type's
// Deserialize reads the rest and ends with Finish().
class Reader : public ByteReader {
 public:
  // The reader views `bytes` in place: they must outlive it.
  Reader(std::string_view bytes, Tag expected) : ByteReader(bytes) {
    if (remaining() < kPreambleBytes || Raw(4) != std::string_view(kMagic, 4)) {
      Fail(absl::StrCat("not a csmetrics ", AsAbsl(TagName(expected)), ": bad magic or too short"));
      return;
    }
    const uint8_t version = U8();
    if (version != kFormatVersion) {
      Fail(absl::UnimplementedError(absl::StrCat("csmetrics format version ", int{version},
                                                 " is not supported (this library reads ",
                                                 int{kFormatVersion}, ")")));
      return;
    }
    const uint8_t tag = U8();
    if (tag != static_cast<uint8_t>(expected)) {
      Fail(absl::StrCat("bytes hold type tag ", int{tag}, ", not a ", AsAbsl(TagName(expected))));
    }
  }
};

}  // namespace csm::wire

#endif  // CSM_ACCUM_WIRE_H_
