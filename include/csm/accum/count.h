// Count: how many times something happened (tickets created, calls
// abandoned …). Exact, mergeable, retractable.
#ifndef CSM_ACCUM_COUNT_H_
#define CSM_ACCUM_COUNT_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "csm/accum/wire.h"

namespace csm {

class Count {
 public:
  Count() = default;

  void Add(uint64_t n = 1) { value_ += n; }
  // Takes back `n` earlier additions. Returns false (and stops at zero) when
  // fewer than `n` were recorded.
  bool Remove(uint64_t n = 1) {
    if (n > value_) {
      value_ = 0;
      return false;
    }
    value_ -= n;
    return true;
  }
  // Adds other's count; false (and nothing changes) when the sum would
  // overflow, which only crafted or corrupt states can bring about.
  [[nodiscard]] bool Merge(const Count& other) {
    if (other.value_ > std::numeric_limits<uint64_t>::max() - value_) return false;
    value_ += other.value_;
    return true;
  }

  uint64_t value() const { return value_; }

  // Layout after the preamble: value (varint).
  std::string Serialize() const {
    wire::Writer w(wire::Tag::kCount);
    w.Varint(value_);
    return std::move(w).Finish();
  }
  static absl::StatusOr<Count> Deserialize(std::string_view bytes) {
    wire::Reader r(bytes, wire::Tag::kCount);
    Count c;
    c.value_ = r.Varint();
    if (absl::Status s = r.Finish(); !s.ok()) return s;
    return c;
  }

  bool operator==(const Count&) const = default;
  size_t MemoryBytes() const { return sizeof(*this); }

 private:
  uint64_t value_ = 0;
};

}  // namespace csm

#endif  // CSM_ACCUM_COUNT_H_
