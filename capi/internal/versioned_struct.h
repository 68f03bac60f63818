// The checks every versioned struct of the C ABI goes through (csm_event,
// csm_ingest_result, the staffing structs ...): a struct starts with its
// `size`, which must cover at least the first version's fields; the *_init
// twins zero the caller's bytes and set the fields this build knows.
#ifndef CSM_CAPI_INTERNAL_VERSIONED_STRUCT_H_
#define CSM_CAPI_INTERNAL_VERSIONED_STRUCT_H_

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "capi/internal/guard.h"

namespace csm::capi {

inline absl::Status NullArgument(const char* function, const char* argument) {
  return InvalidArgument(absl::StrCat(function, ": ", argument, " is NULL"));
}

// A caller's struct must be at least its first version; fields of later
// versions that it lacks read as absent.
template <typename T>
absl::Status CheckStruct(const char* function, const char* argument, const T* s, size_t min_size) {
  if (s == nullptr) return NullArgument(function, argument);
  if (s->size < min_size) {
    return InvalidArgument(absl::StrCat(function, ": ", argument, "->size ", s->size,
                                        " is below the first version's ", min_size));
  }
  return absl::OkStatus();
}

// Zeroes the caller's `size` bytes, then sets the fields this library knows
// (those within `size`) to `defaults` (the INIT macro's values).
template <typename T>
absl::Status InitStruct(const char* function, T* object, size_t size, size_t min_size,
                        const T& defaults) {
  if (object == nullptr) return NullArgument(function, "the struct pointer");
  if (size < min_size) {
    return InvalidArgument(
        absl::StrCat(function, ": size ", size, " is below the first version's ", min_size));
  }
  std::memset(object, 0, size);
  std::memcpy(object, &defaults, std::min(size, sizeof(T)));
  object->size = size;
  return absl::OkStatus();
}

}  // namespace csm::capi

#endif  // CSM_CAPI_INTERNAL_VERSIONED_STRUCT_H_
