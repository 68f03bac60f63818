// The C ABI's common part: version, status names, errors and memory.
// Each object's functions live in their own file (capi/<object>.cc).
#include "csmetrics.h"

#include <cstdlib>
#include <string>

#include "capi/internal/guard.h"

// csmetrics.h stands alone, so it repeats the CSM_VERSION_* macros of
// csm/version.h. Keep the C header's number, drop its macros, then compare
// it with version.h's: the two headers cannot drift apart.
namespace {
constexpr unsigned kCHeaderVersion = CSM_VERSION_NUMBER;
}  // namespace
#undef CSM_VERSION_MAJOR
#undef CSM_VERSION_MINOR
#undef CSM_VERSION_PATCH
#undef CSM_VERSION_NUMBER
#include "csm/version.h"
static_assert(kCHeaderVersion == CSM_VERSION_NUMBER,
              "capi/csmetrics.h and include/csm/version.h disagree");

namespace csm::capi {
namespace {
// Thread-local so that concurrent callers never read each other's messages.
thread_local std::string last_error;
}  // namespace

void SetLastError(absl::string_view message) noexcept {
  try {
    last_error.assign(message.data(), message.size());
  } catch (...) {
    last_error.clear();  // Out of memory: an empty message beats none at all.
  }
}

void ClearLastError() noexcept { last_error.clear(); }

csm_status ToCStatus(absl::StatusCode code) noexcept {
  const int value = static_cast<int>(code);
  if (value < 0 || value > CSM_DATA_LOSS) return CSM_UNKNOWN;
  return static_cast<csm_status>(value);
}

csm_status Report(const absl::Status& status) noexcept {
  if (status.ok()) {
    ClearLastError();
    return CSM_OK;
  }
  SetLastError(status.message());
  return ToCStatus(status.code());
}

}  // namespace csm::capi

extern "C" {

const char* csm_version(void) { return CSM_VERSION_STRING; }

unsigned csm_version_number(void) { return CSM_VERSION_NUMBER; }

const char* csm_status_str(csm_status status) {
  switch (status) {
    case CSM_OK:
      return "CSM_OK";
    case CSM_CANCELLED:
      return "CSM_CANCELLED";
    case CSM_UNKNOWN:
      return "CSM_UNKNOWN";
    case CSM_INVALID_ARGUMENT:
      return "CSM_INVALID_ARGUMENT";
    case CSM_DEADLINE_EXCEEDED:
      return "CSM_DEADLINE_EXCEEDED";
    case CSM_NOT_FOUND:
      return "CSM_NOT_FOUND";
    case CSM_ALREADY_EXISTS:
      return "CSM_ALREADY_EXISTS";
    case CSM_PERMISSION_DENIED:
      return "CSM_PERMISSION_DENIED";
    case CSM_RESOURCE_EXHAUSTED:
      return "CSM_RESOURCE_EXHAUSTED";
    case CSM_FAILED_PRECONDITION:
      return "CSM_FAILED_PRECONDITION";
    case CSM_ABORTED:
      return "CSM_ABORTED";
    case CSM_OUT_OF_RANGE:
      return "CSM_OUT_OF_RANGE";
    case CSM_UNIMPLEMENTED:
      return "CSM_UNIMPLEMENTED";
    case CSM_INTERNAL:
      return "CSM_INTERNAL";
    case CSM_UNAVAILABLE:
      return "CSM_UNAVAILABLE";
    case CSM_DATA_LOSS:
      return "CSM_DATA_LOSS";
  }
  return "CSM_UNKNOWN_STATUS";
}

const char* csm_last_error(void) { return csm::capi::last_error.c_str(); }

void csm_free(void* ptr) { std::free(ptr); }

}  // extern "C"
