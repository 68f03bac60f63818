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

/* A business calendar: an IANA time zone, weekly opening hours, holidays and
 * special days, compiled for exact business-time arithmetic in O(log n)
 * whatever the span (docs/calendar.md has the spec and the rule).
 *
 * The one rule: an instant is open iff its local wall-clock time in the
 * calendar's zone lies in a half-open interval [start, end) of that date's
 * hours. So wall time skipped by DST is never open, and wall time repeated by
 * DST is open both times.
 *
 * Instants are UTC epoch milliseconds and must lie in [0, 7258118400000]
 * (1970-01-01T00:00Z to 2200-01-01T00:00Z); others give CSM_OUT_OF_RANGE.
 *
 * Threads: a calendar is immutable once created. Any number of threads may
 * call every function below on the same calendar at the same time, without
 * locking; only csm_calendar_free must not race with other calls on it. */
typedef struct csm_calendar csm_calendar;

/* Compiles a calendar from its JSON spec: `len` bytes of UTF-8 at
 * `spec_json` (no terminating NUL needed; a NUL inside the `len` bytes is an
 * error). Example:
 *   {"timezone": "America/New_York",
 *    "weekly": {"mon": [["09:00","17:00"]], "sun": [["22:00","06:00"]]},
 *    "holidays": ["2026-12-25"],
 *    "special_days": {"2026-12-24": [["09:00","13:00"]]}}
 * On success *out receives a new calendar that the caller owns and releases
 * with csm_calendar_free. Errors (nothing written to *out):
 * CSM_INVALID_ARGUMENT for NULL pointers, text that is not UTF-8 or not
 * JSON, unknown keys, a bad "HH:MM" or date, "24:00" as a start, overlapping
 * intervals, an unknown zone -- the message names the offending element;
 * CSM_RESOURCE_EXHAUSTED when out of memory. */
CSM_API csm_status csm_calendar_create(const char* spec_json, size_t len, csm_calendar** out);

/* Releases a calendar. NULL is allowed and does nothing. The calendar must
 * not be used afterwards, nor be in use by another thread. */
CSM_API void csm_calendar_free(csm_calendar* cal);

/* Business milliseconds between two instants into *out_ms; negative when
 * start_ms > end_ms. Errors: CSM_INVALID_ARGUMENT (NULL cal or out_ms),
 * CSM_OUT_OF_RANGE (an instant outside the supported range). */
CSM_API csm_status csm_calendar_elapsed(const csm_calendar* cal, int64_t start_ms, int64_t end_ms,
                                        int64_t* out_ms);

/* The due date: for business_ms > 0 the earliest instant u >= start_ms with
 * elapsed(start_ms, u) == business_ms (landing exactly on a closing time
 * gives the closing time); for business_ms < 0 the latest u <= start_ms with
 * elapsed(u, start_ms) == -business_ms; for 0, start_ms itself. Errors:
 * CSM_INVALID_ARGUMENT (NULL cal or out_ms), CSM_OUT_OF_RANGE (start_ms
 * outside the range, or the answer would be: this includes a calendar that
 * is never open again -- the call never hangs). */
CSM_API csm_status csm_calendar_add(const csm_calendar* cal, int64_t start_ms, int64_t business_ms,
                                    int64_t* out_ms);

/* Whether the calendar is open at t_ms: *out_open is 1 or 0. Errors:
 * CSM_INVALID_ARGUMENT (NULL cal or out_open), CSM_OUT_OF_RANGE. */
CSM_API csm_status csm_calendar_is_open(const csm_calendar* cal, int64_t t_ms, int* out_open);

/* The first open instant >= t_ms (t_ms itself when open). Errors:
 * CSM_INVALID_ARGUMENT (NULL cal or out_ms), CSM_OUT_OF_RANGE (t_ms outside
 * the range, or the calendar never opens again before 2200). */
CSM_API csm_status csm_calendar_next_open(const csm_calendar* cal, int64_t t_ms, int64_t* out_ms);

/* The first closed instant >= t_ms (t_ms itself when closed). Errors:
 * CSM_INVALID_ARGUMENT (NULL cal or out_ms), CSM_OUT_OF_RANGE (t_ms outside
 * the range, or the calendar never closes again before 2200, e.g. 24/7). */
CSM_API csm_status csm_calendar_next_close(const csm_calendar* cal, int64_t t_ms, int64_t* out_ms);

/* out_ms[i] = elapsed(start_ms[i], end_ms[i]) for i < n: n arrays of n
 * elements each (the caller owns all three). Every instant is checked before
 * anything is written, so on error out_ms is untouched. n == 0 does nothing
 * (then the pointers may be NULL). Errors: CSM_INVALID_ARGUMENT (NULL cal or
 * array), CSM_OUT_OF_RANGE (the message names the first bad element). */
CSM_API csm_status csm_calendar_elapsed_many(const csm_calendar* cal, const int64_t* start_ms,
                                             const int64_t* end_ms, size_t n, int64_t* out_ms);

/* out_ms[i] = add(start_ms[i], business_ms[i]) for i < n, with the same
 * rules as csm_calendar_elapsed_many: all or nothing is written. */
CSM_API csm_status csm_calendar_add_many(const csm_calendar* cal, const int64_t* start_ms,
                                         const int64_t* business_ms, size_t n, int64_t* out_ms);

/* ----------------------------------------------------------------- engine */

/* (section: engine — see issue 5) */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CSMETRICS_H_ */
