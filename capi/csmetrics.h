/*
 * csmetrics — the C ABI.
 *
 * Pure C99. Read top to bottom: version, status codes, memory, then the
 * functions grouped by object (calendar, engine, ...).
 *
 * Conventions (they hold for every function below):
 *  - Every function that can fail returns a csm_status. CSM_OK is 0; any other
 *    value is a failure, and csm_last_error() then describes it. On failure
 *    nothing is written to the out-parameters and no object is changed.
 *  - Out-parameters come last. Memory the library hands out is released with
 *    csm_free(); objects are released with their own csm_<object>_free().
 *  - No C++ exception ever crosses this boundary, and no input makes the
 *    library abort: bad input is a status, never a crash.
 *  - Instants are UTC milliseconds since the Unix epoch (int64_t).
 *  - Threads: csm_last_error() is per thread. Each object states its rules.
 *
 * The numeric values of csm_status are pinned: they never change.
 */
#ifndef CSMETRICS_H_
#define CSMETRICS_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define CSM_API __declspec(dllexport)
#elif defined(__GNUC__)
#define CSM_API __attribute__((visibility("default")))
#else
#define CSM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

#define CSM_VERSION_MAJOR 0
#define CSM_VERSION_MINOR 1
#define CSM_VERSION_PATCH 0
#define CSM_VERSION_NUMBER (CSM_VERSION_MAJOR * 10000 + CSM_VERSION_MINOR * 100 + CSM_VERSION_PATCH)

/* The library's version as "MAJOR.MINOR.PATCH"; a static string, never NULL. */
CSM_API const char* csm_version(void);

/* The library's version as MAJOR*10000 + MINOR*100 + PATCH. Compare it with
 * CSM_VERSION_NUMBER to check that the header matches the loaded library. */
CSM_API unsigned csm_version_number(void);

/* ----------------------------------------------------------- status codes */

/* Mirrors Abseil's canonical codes one to one, so the core's statuses map
 * without loss. Values are pinned. */
typedef enum csm_status {
  CSM_OK = 0,
  CSM_CANCELLED = 1,
  CSM_UNKNOWN = 2,
  CSM_INVALID_ARGUMENT = 3,
  CSM_DEADLINE_EXCEEDED = 4,
  CSM_NOT_FOUND = 5,
  CSM_ALREADY_EXISTS = 6,
  CSM_PERMISSION_DENIED = 7,
  CSM_RESOURCE_EXHAUSTED = 8,
  CSM_FAILED_PRECONDITION = 9,
  CSM_ABORTED = 10,
  CSM_OUT_OF_RANGE = 11,
  CSM_UNIMPLEMENTED = 12,
  CSM_INTERNAL = 13,
  CSM_UNAVAILABLE = 14,
  CSM_DATA_LOSS = 15
} csm_status;

/* A static name for a status ("CSM_INVALID_ARGUMENT"); never NULL, also for
 * values outside the enum ("CSM_UNKNOWN_STATUS"). */
CSM_API const char* csm_status_str(csm_status status);

/* The message of the calling thread's most recent failed call; a call that
 * returns CSM_OK clears it to "". Never NULL. Valid until the next csm_* call
 * on the same thread. */
CSM_API const char* csm_last_error(void);

/* ----------------------------------------------------------------- memory */

/* Frees memory the library returned (serialized bytes, JSON strings).
 * NULL is allowed and does nothing. */
CSM_API void csm_free(void* ptr);

/* --------------------------------------------------------------- calendar */

/* (section: calendar — see issue 3) */

/* ----------------------------------------------------------------- engine */

/* (section: engine — see issue 5) */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CSMETRICS_H_ */
