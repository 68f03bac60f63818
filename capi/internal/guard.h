// The one door every extern "C" function goes through: it turns absl::Status
// and any C++ exception into a csm_status plus a thread-local message, so
// nothing ever unwinds into a C caller.
#ifndef CSM_CAPI_INTERNAL_GUARD_H_
#define CSM_CAPI_INTERNAL_GUARD_H_

#include <exception>
#include <new>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "csmetrics.h"

namespace csm::capi {

// Records `message` as the calling thread's last error.
void SetLastError(absl::string_view message) noexcept;
void ClearLastError() noexcept;

// Maps a core status to its pinned C value (they mirror Abseil's codes).
csm_status ToCStatus(absl::StatusCode code) noexcept;

// Records the status's message and returns its C code (CSM_OK clears).
csm_status Report(const absl::Status& status) noexcept;

// Runs `body` (returning absl::Status) and converts whatever comes out.
template <typename Body>
csm_status Guard(Body&& body) noexcept {
  try {
    return Report(body());
  } catch (const std::bad_alloc&) {
    SetLastError("out of memory");
    return CSM_RESOURCE_EXHAUSTED;
  } catch (const std::exception& e) {
    SetLastError(std::string("internal error: ") + e.what());
    return CSM_INTERNAL;
  } catch (...) {
    SetLastError("internal error: unknown exception");
    return CSM_INTERNAL;
  }
}

// Shorthand for argument checks inside a Guard body.
inline absl::Status InvalidArgument(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

}  // namespace csm::capi

#endif  // CSM_CAPI_INTERNAL_GUARD_H_
