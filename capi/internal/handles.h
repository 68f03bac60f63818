// Live handles, so that a freed, never-created or wrong-type handle is
// CSM_INVALID_ARGUMENT instead of undefined behaviour. A magic field inside
// the object would have to be read through the (possibly freed) pointer,
// which is itself undefined (and stops AddressSanitizer); the registry only
// compares the pointer's value with those of live handles.
#ifndef CSM_CAPI_INTERNAL_HANDLES_H_
#define CSM_CAPI_INTERNAL_HANDLES_H_

#include "absl/status/status.h"

namespace csm::capi {

enum class HandleKind { kEngine, kCalendar, kSketch };

// Records a handle just created. May throw std::bad_alloc (inside Guard):
// the caller then deletes the object and hands nothing out.
void RegisterHandle(const void* handle, HandleKind kind);

// Forgets a handle about to be deleted. False when `handle` is not a live
// handle of `kind` (freed already, never created, or another kind): the
// caller must then not delete it. Never throws.
bool UnregisterHandle(const void* handle, HandleKind kind) noexcept;

// OK when `handle` is a live handle of `kind`; otherwise InvalidArgument
// "<function>: <argument> is NULL" / "... is not a live csm_engine ...".
absl::Status CheckHandle(const void* handle, HandleKind kind, const char* function,
                         const char* argument);

}  // namespace csm::capi

#endif  // CSM_CAPI_INTERNAL_HANDLES_H_
