#include "capi/internal/handles.h"

#include <mutex>
#include <shared_mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace csm::capi {
namespace {

const char* TypeName(HandleKind kind) {
  switch (kind) {
    case HandleKind::kEngine:
      return "csm_engine";
    case HandleKind::kCalendar:
      return "csm_calendar";
    case HandleKind::kSketch:
      return "csm_sketch";
  }
  return "handle";
}

// Every live handle's address and kind. Calls on handles take the lock
// shared (calendars are used by many threads at once); create and free take
// it exclusively.
struct Registry {
  std::shared_mutex mutex;
  absl::flat_hash_map<const void*, HandleKind> live;
};

Registry& Handles() {
  static Registry* registry = new Registry;  // never destroyed: frees may come at exit
  return *registry;
}

}  // namespace

void RegisterHandle(const void* handle, HandleKind kind) {
  Registry& r = Handles();
  std::unique_lock lock(r.mutex);
  r.live[handle] = kind;
}

bool UnregisterHandle(const void* handle, HandleKind kind) noexcept {
  try {
    Registry& r = Handles();
    std::unique_lock lock(r.mutex);
    auto it = r.live.find(handle);
    if (it == r.live.end() || it->second != kind) return false;
    r.live.erase(it);
    return true;
  } catch (...) {  // locking failed: keep the object rather than risk a bad delete
    return false;
  }
}

absl::Status CheckHandle(const void* handle, HandleKind kind, const char* function,
                         const char* argument) {
  if (handle == nullptr)
    return absl::InvalidArgumentError(absl::StrCat(function, ": ", argument, " is NULL"));
  Registry& r = Handles();
  std::shared_lock lock(r.mutex);
  auto it = r.live.find(handle);
  if (it == r.live.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(function, ": ", argument, " is not a live ", TypeName(kind),
                     " (already freed, or not made by ", TypeName(kind), "_create)"));
  }
  if (it->second != kind) {
    return absl::InvalidArgumentError(absl::StrCat(
        function, ": ", argument, " is a ", TypeName(it->second), ", not a ", TypeName(kind)));
  }
  return absl::OkStatus();
}

}  // namespace csm::capi
