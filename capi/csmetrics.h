/*
 * csmetrics — the C ABI.
 *
 * Pure C99, one header. Read top to bottom: version; status codes and
 * errors; memory; the event and result structs; then the functions grouped
 * by object: calendar, engine, report, live, state, staffing, sketch. docs/c-api.md documents every
 * function with examples.
 *
 * Stable and experimental. Everything above the last section is stable:
 * names, signatures, struct layouts and enum values keep working in every
 * release with the same soname (libcsmetrics.so.MAJOR). The experimental
 * section at the end is declared only when CSM_EXPERIMENTAL is defined
 * before this header is included, and may change in any release.
 *
 * Conventions (they hold for every function below):
 *  - Every function that can fail returns a csm_status. CSM_OK is 0; any other
 *    value is a failure, and csm_last_error() then describes it. On failure
 *    nothing is written to the out-parameters and no object is changed.
 *  - Every argument is checked: NULL pointers, sizes, ranges (instants must
 *    lie in 1970..2200), text that is not valid UTF-8 or holds a NUL byte.
 *    Misuse is CSM_INVALID_ARGUMENT (or CSM_OUT_OF_RANGE for instants), never
 *    a crash. Bad *events* are data, not misuse: they are rejected with a
 *    reason and counted (csm_reject_reason), e.g. a NaN or infinite
 *    csm_event.value.
 *  - Text comes as a pointer and a length in bytes (no NUL needed), except
 *    short names (csm_engine_intern), which are NUL-terminated.
 *  - Out-parameters come last. Memory the library hands out is released with
 *    csm_free(); objects are released with their own csm_<object>_free().
 *  - Handles (csm_engine*, csm_calendar*, csm_sketch*) are checked against a registry of
 *    the live ones, without reading through the pointer: a freed handle, one
 *    never returned by its *_create, or a handle of the other type is
 *    CSM_INVALID_ARGUMENT ("... is not a live csm_engine"), and freeing it
 *    (again) does nothing but set csm_last_error(). What cannot be detected:
 *    a freed handle whose address the library has since given to a new
 *    handle of the same type (the call then acts on the new one), and a
 *    handle freed by another thread while a call on it is running (the
 *    threading rules of each object forbid that race).
 *  - No C++ exception ever crosses this boundary, and no input makes the
 *    library abort: bad input is a status, never a crash.
 *  - Structs that may grow start with a `size` field, set by their *_INIT
 *    macro or their *_init(ptr, size) twin (for callers without macros).
 *    Every size from the struct's first version (CSM_*_SIZE_V1) up is
 *    accepted: the library reads only the fields within the caller's size
 *    (later ones count as absent) and writes only within it, so programs
 *    built against an older or a newer header keep working.
 *  - Instants are UTC milliseconds since the Unix epoch (int64_t).
 *  - Threads: csm_last_error() is per thread. Each object states its rules:
 *    a calendar is immutable and may be shared by any number of threads; an
 *    engine is used by one thread at a time.
 *
 * The numeric values of csm_status and of every enum are pinned: they never
 * change.
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

/* ------------------------------------------------------ events and results */

/* Event types (docs/metrics.md §1). Values are pinned. */
typedef enum csm_event_type {
  CSM_EVENT_CREATED = 1,
  CSM_EVENT_UPDATED = 2,
  CSM_EVENT_ASSIGNED = 3,
  CSM_EVENT_CUSTOMER_MESSAGE = 4,
  CSM_EVENT_AGENT_REPLY = 5,
  CSM_EVENT_BOT_REPLY = 6,
  CSM_EVENT_NOTE = 7,
  CSM_EVENT_HANDOFF = 8,
  CSM_EVENT_STATUS = 9,
  CSM_EVENT_MERGED = 10,
  CSM_EVENT_WORKFLOW = 11,
  CSM_EVENT_SURVEY_SENT = 12,
  CSM_EVENT_CSAT = 13,
  CSM_EVENT_CES = 14,
  CSM_EVENT_NPS = 15,
  CSM_EVENT_QUEUED = 16,
  CSM_EVENT_IVR = 17,
  CSM_EVENT_ANSWERED = 18,
  CSM_EVENT_HOLD_START = 19,
  CSM_EVENT_HOLD_END = 20,
  CSM_EVENT_TRANSFERRED = 21,
  CSM_EVENT_ABANDONED = 22,
  CSM_EVENT_CALLBACK = 23,
  CSM_EVENT_ENDED = 24,
  CSM_EVENT_WRAPUP_END = 25,
  CSM_EVENT_AGENT_STATE = 26,
  CSM_EVENT_COST = 27
} csm_event_type;

/* The `status` of a CSM_EVENT_STATUS event. Values are pinned. */
typedef enum csm_ticket_status {
  CSM_TICKET_NEW = 1,
  CSM_TICKET_OPEN = 2,
  CSM_TICKET_PENDING = 3,
  CSM_TICKET_ON_HOLD = 4,
  CSM_TICKET_SOLVED = 5,
  CSM_TICKET_CLOSED = 6
} csm_ticket_status;

/* The `status` of a CSM_EVENT_AGENT_STATE event. Values are pinned. */
typedef enum csm_agent_state {
  CSM_AGENT_OFFLINE = 1,
  CSM_AGENT_AVAILABLE = 2,
  CSM_AGENT_BUSY = 3,
  CSM_AGENT_AFTER_CALL = 4,
  CSM_AGENT_AWAY = 5
} csm_agent_state;

/* Why an event was rejected. Values are pinned. */
typedef enum csm_reject_reason {
  CSM_REJECT_UNKNOWN_TICKET = 1,    /* no `created` seen for the ticket */
  CSM_REJECT_DUPLICATE_CREATED = 2, /* a second `created` for a live ticket */
  CSM_REJECT_OUT_OF_ORDER = 3,      /* earlier than the ticket's last event beyond the lateness */
  CSM_REJECT_UNKNOWN_TYPE = 4,      /* not a csm_event_type */
  CSM_REJECT_INVALID_FIELD = 5,     /* a field missing, malformed or out of range for the type */
  CSM_REJECT_TICKET_RELEASED = 6,   /* solved longer than the reopen window ago */
  CSM_REJECT_MALFORMED = 7,         /* (JSONL) the line is not a JSON object */
  CSM_REJECT_INVALID_SEQUENCE = 8,  /* impossible in the contact's phase */
  CSM_REJECT_LIMIT_EXCEEDED = 9     /* a limit of the engine config (max_open_tickets,
                                       max_distinct_values) is reached */
} csm_reject_reason;

/* The reason's name as in reports ("out_of_order"); "unknown" for other
 * values. A static string, never NULL. */
CSM_API const char* csm_reject_reason_str(int reason);

/* A ticket named by a string: CSM_TICKET_NAMED(id) with the id from
 * csm_engine_intern(e, "ticket", name, &id). Other ticket keys are the
 * caller's own numbers, 1 .. 2^63 - 1. */
#define CSM_TICKET_NAMED(id) (((uint64_t)1 << 63) | (uint64_t)(id))

/* One event (docs/metrics.md §1) with interned ids instead of strings. Values
 * the engine cannot use (a bad time, type, status, id, or a NaN / infinite
 * value) are not errors: the event is rejected with a reason.
 *
 * Versioning: `size` is sizeof(csm_event) as the caller's header defines it
 * (CSM_EVENT_INIT or csm_event_init set it); at least CSM_EVENT_SIZE_V1. The
 * library steps through an array by the first element's `size` (every
 * element must carry the same); fields added in later versions lie beyond
 * an older caller's size and read as absent. */
typedef struct csm_event {
  size_t size;
  int64_t time_ms; /* UTC epoch milliseconds, 1970..2200 */
  uint64_t ticket; /* the ticket's key (0: none, for agent_state and cost) */
  int32_t type;    /* csm_event_type */
  int32_t status;  /* csm_ticket_status or csm_agent_state; 0 = none */
  /* Interned ids (csm_engine_intern); 0 = none. */
  uint32_t agent;
  uint32_t customer;
  uint32_t group;
  uint32_t channel;
  uint32_t category;
  uint32_t priority;
  uint32_t segment;
  uint32_t step;
  uint32_t workflow;
  int32_t has_value; /* 1 when `value` holds a rating or a cost */
  double value;
} csm_event;

#define CSM_EVENT_INIT \
  { sizeof(csm_event), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0 }

/* The size of csm_event's first version: the smallest `size` accepted. */
#define CSM_EVENT_SIZE_V1 (offsetof(csm_event, value) + sizeof(double))

/* The twin of CSM_EVENT_INIT for callers that cannot use C macros: zeroes
 * the `size` bytes at *event, then sets `size` to `size` and every field
 * this library knows to its default. `size` is sizeof(csm_event) of the
 * caller's header. Errors (nothing written): CSM_INVALID_ARGUMENT for NULL
 * or a size below CSM_EVENT_SIZE_V1. */
CSM_API csm_status csm_event_init(csm_event* event, size_t size);

/* How many rejections an ingest result lists (the first ones). */
#define CSM_INGEST_MAX_REJECTIONS 16

/* What one ingest call did: accepted + rejected == the events given, always.
 * `size` must be set (CSM_INGEST_RESULT_INIT / csm_ingest_result_init), at
 * least CSM_INGEST_RESULT_SIZE_V1; the library writes only within it. */
typedef struct csm_ingest_result {
  size_t size;
  uint64_t accepted;
  uint64_t rejected;
  size_t rejection_count; /* entries used below, at most CSM_INGEST_MAX_REJECTIONS */
  uint64_t rejection_index[CSM_INGEST_MAX_REJECTIONS]; /* event index (JSONL: 0-based line) */
  int32_t rejection_reason[CSM_INGEST_MAX_REJECTIONS]; /* csm_reject_reason */
} csm_ingest_result;

#define CSM_INGEST_RESULT_INIT                     \
  {                                                \
    sizeof(csm_ingest_result), 0, 0, 0, {0}, { 0 } \
  }

/* The size of csm_ingest_result's first version: the smallest accepted. */
#define CSM_INGEST_RESULT_SIZE_V1 \
  (offsetof(csm_ingest_result, rejection_reason) + CSM_INGEST_MAX_REJECTIONS * sizeof(int32_t))

/* The twin of CSM_INGEST_RESULT_INIT, as csm_event_init is CSM_EVENT_INIT's.
 * Errors (nothing written): CSM_INVALID_ARGUMENT for NULL or a size below
 * CSM_INGEST_RESULT_SIZE_V1. */
CSM_API csm_status csm_ingest_result_init(csm_ingest_result* result, size_t size);

/* --------------------------------------------------------------- calendar */

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

/* Releases a calendar. NULL is allowed and does nothing; so does a pointer
 * that is not a live calendar (freed already), which sets csm_last_error().
 * The calendar must not be in use by another thread; calls on it afterwards
 * are CSM_INVALID_ARGUMENT (see the conventions on handles). */
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

/* The event engine: ticket events in, every ticket metric of docs/metrics.md §3
 * out (calendar and business time), grouped by the configured views and
 * reported as JSON (docs/metrics.md §8).
 *
 * Threads: an engine is not thread-safe. Calls on one engine must not
 * overlap (csm_engine_serialize included); different engines are
 * independent. To use several cores in one process, create a sharded
 * engine (csm_engine_create_sharded); across processes or machines, run one
 * engine per partition and combine them with csm_engine_serialize /
 * csm_engine_merge_serialized (docs/scale-out.md). */
typedef struct csm_engine csm_engine;

/* Creates an engine from its JSON config (docs/metrics.md §9): `len` bytes of
 * UTF-8, no NUL needed; "" or "{}" gives the defaults (one view: no
 * group-by, hourly, UTC). On success *out receives a new engine the caller
 * releases with csm_engine_free. Errors: CSM_INVALID_ARGUMENT (NULL
 * pointers, bad JSON, an unknown key, a bad calendar, zone, view or option;
 * the message names it), CSM_RESOURCE_EXHAUSTED. */
CSM_API csm_status csm_engine_create(const char* config_json, size_t len, csm_engine** out);

/* Creates a sharded engine: `shards` engines (1..64), each on a thread of
 * its own, fed by the calling thread, which routes each event to the shard
 * of its partition key (a ticket follows its customer, fixed at `created`;
 * docs/engine.md "Routing"). Once finished it reports exactly what one
 * engine would (docs/scale-out.md). It is a csm_engine like any other, in two
 * phases:
 *   - ingesting: csm_engine_intern, csm_engine_ingest and
 *     csm_engine_ingest_jsonl (their `out` gets zero counts: a shard's
 *     verdict comes later) and csm_engine_free (which drops the events);
 *     every other call returns CSM_FAILED_PRECONDITION naming
 *     csm_engine_finish, the engine unchanged;
 *   - after csm_engine_finish (the shards merged into one engine): every
 *     call, as on an engine from csm_engine_create; later ingests run on the
 *     calling thread.
 * Config as for csm_engine_create. Errors (nothing written):
 * CSM_INVALID_ARGUMENT (NULL pointers, shards outside 1..64, a bad config),
 * CSM_RESOURCE_EXHAUSTED (out of memory), CSM_INTERNAL (a shard's thread
 * could not be started). */
CSM_API csm_status csm_engine_create_sharded(const char* config_json, size_t len, int shards,
                                             csm_engine** out);

/* Waits for a sharded engine's shards and merges them into one engine (see
 * csm_engine_create_sharded). `out` may be NULL; otherwise it receives the
 * counts of every event the engine was given and the first rejections, in
 * index order, each index as the csm_engine_ingest or
 * csm_engine_ingest_jsonl call gave it (the event's index in that call, the
 * line number in that call's text; with several calls, indexes repeat). On
 * an engine that is not sharded, or finished already, it does nothing and
 * writes zero counts. Errors: CSM_INVALID_ARGUMENT (NULL or freed e, out->size
 * below CSM_INGEST_RESULT_SIZE_V1); a shard's failure (e.g.
 * CSM_RESOURCE_EXHAUSTED) is returned as is and leaves e an empty engine. */
CSM_API csm_status csm_engine_finish(csm_engine* e, csm_ingest_result* out);

/* Releases an engine and everything it holds. NULL is allowed and does
 * nothing; so does a pointer that is not a live engine (freed already),
 * which sets csm_last_error(). Calls on the engine afterwards are
 * CSM_INVALID_ARGUMENT (see the conventions on handles). */
CSM_API void csm_engine_free(csm_engine* e);

/* The id of `value` (NUL-terminated UTF-8, 1..1024 bytes, no control
 * characters) in `field`: "agent", "customer", "group", "channel",
 * "category", "priority", "segment", "step", "workflow" or "ticket";
 * interned when new. Ids are dense from 1 and stable for the engine's life.
 * Errors: CSM_INVALID_ARGUMENT (NULL, unknown field, bad value),
 * CSM_RESOURCE_EXHAUSTED (the field holds the most distinct values allowed:
 * the config's options.max_distinct_values, default 10 000 000, and never
 * more than 65 535 groups, channels, categories, priorities or segments). */
CSM_API csm_status csm_engine_intern(csm_engine* e, const char* field, const char* value,
                                     uint32_t* out_id);

/* Ingests n events in order. Each event is accepted or rejected with a
 * reason (counted, and reported in every report's "rejected" section); a
 * rejected event changes nothing. The caller keeps ownership of `events`
 * (read only during the call). `out` may be NULL; otherwise it receives the
 * counts and the first rejections (indexes into `events`). Errors (nothing
 * ingested, *out untouched): CSM_INVALID_ARGUMENT for NULL e, NULL events
 * with n > 0, events[0].size below CSM_EVENT_SIZE_V1, an element whose size
 * differs from the first's, n * size overflowing, or out->size below
 * CSM_INGEST_RESULT_SIZE_V1. */
CSM_API csm_status csm_engine_ingest(csm_engine* e, const csm_event* events, size_t n,
                                     csm_ingest_result* out);

/* Ingests JSON lines: one object per line with docs/metrics.md's field names,
 * e.g. {"time": "2026-11-02T09:30:00-05:00", "ticket": "T-1",
 * "type": "agent_reply", "agent": "alice"}. `time` is ISO-8601 with an
 * offset or epoch milliseconds; `ticket` a string or a positive integer;
 * names are interned as they come. Blank lines are skipped; a line that is
 * not a JSON object is rejected as CSM_REJECT_MALFORMED; indexes in `out`
 * are 0-based line numbers. A line with invalid UTF-8 or a NUL byte is not
 * JSON, so it is rejected as malformed. Errors as for csm_engine_ingest
 * (data may be NULL only when len is 0). */
CSM_API csm_status csm_engine_ingest_jsonl(csm_engine* e, const char* data, size_t len,
                                           csm_ingest_result* out);

/* ----------------------------------------------------------------- report */

/* Reports are JSON text (docs/metrics.md §8), produced from an engine's views:
 * a query never re-reads events. Threads: as for the engine (a report reads
 * the engine, so it must not overlap other calls on the same engine). */

/* Runs a report query (docs/metrics.md §9, `len` bytes of JSON) and returns the
 * report JSON (docs/metrics.md §8): *out_json receives a NUL-terminated UTF-8
 * string the caller frees with csm_free, *out_len (if not NULL) its length
 * without the NUL. "" or "{}" reports everything by the coarsest view.
 * Errors (nothing written): CSM_INVALID_ARGUMENT (NULL e or out_json, NULL
 * query with len > 0, a NUL within len, invalid UTF-8 or JSON, an unknown
 * key, a bad zone, time, grain, metric or filter: the message names it),
 * CSM_FAILED_PRECONDITION (no configured view can answer: the message names
 * the view to add). */
CSM_API csm_status csm_engine_report_json(csm_engine* e, const char* query_json, size_t len,
                                          char** out_json, size_t* out_len);

/* ------------------------------------------------------------------- live */

/* Live queries answer what is true now (docs/sla.md "Live queries"): which
 * SLA targets fall due next, one ticket's targets and age, the contact-center
 * wallboard. They are answered at an instant now_ms (UTC ms) that must not
 * be earlier than the engine's clock (the latest event time ingested, or the
 * latest csm_engine_advance). Threads: as for the engine. */

/* Moves the engine's clock to now_ms without an event: records the SLA
 * breaches due up to now_ms (docs/sla.md) and releases the tickets whose
 * reopen window has ended. From then on an event earlier than now_ms minus
 * the allowed lateness is rejected as CSM_REJECT_OUT_OF_ORDER. now_ms equal
 * to the clock does nothing. Errors (the engine unchanged):
 * CSM_INVALID_ARGUMENT (NULL or freed e), CSM_OUT_OF_RANGE (now_ms earlier
 * than the engine's clock, or outside 1970..2200). */
CSM_API csm_status csm_engine_advance(csm_engine* e, int64_t now_ms);

/* Answers a live query (`len` bytes of JSON, "kind" required):
 *   {"kind": "sla_due", "within": 3600, "limit": 100, "filter": {"group": ["tier1"]}}
 *   {"kind": "ticket", "ticket": "T-1"}
 *   {"kind": "queue", "group_by": ["group"]}
 * at now_ms, without moving the clock or changing the engine. *out_json
 * receives a NUL-terminated UTF-8 JSON answer the caller frees with
 * csm_free, *out_len (if not NULL) its length without the NUL. Errors
 * (nothing written): CSM_INVALID_ARGUMENT (NULL e, query_json or out_json,
 * a freed engine, a NUL within len, invalid UTF-8 or JSON, no or an unknown
 * kind, an unknown key, a negative within, a limit outside 1..1000000, an
 * unknown dimension: the message names it), CSM_OUT_OF_RANGE (now_ms
 * earlier than the engine's clock, or outside 1970..2200), CSM_NOT_FOUND
 * (kind ticket: the engine holds no live ticket of that name),
 * CSM_FAILED_PRECONDITION (kind queue: no view can give today's figures;
 * the message names the view to add). */
CSM_API csm_status csm_engine_live_json(csm_engine* e, const char* query_json, size_t len,
                                        int64_t now_ms, char** out_json, size_t* out_len);

/* ------------------------------------------------------------------ state */

/* An engine's state travels as bytes: a versioned, portable format
 * (little-endian, with a magic and a format version) for checkpoints and for
 * combining shards. Threads: as for the engine; the bytes are the caller's. */

/* The engine's whole state as bytes (*out, freed with csm_free; *out_len
 * bytes), for checkpoints and for merging shards. Errors:
 * CSM_INVALID_ARGUMENT (NULL pointers), CSM_RESOURCE_EXHAUSTED. */
CSM_API csm_status csm_engine_serialize(const csm_engine* e, uint8_t** out, size_t* out_len);

/* Adds a serialized engine's state to e. Both must have the same config and
 * must have seen disjoint tickets: the result then reports exactly what one
 * engine that saw all the events would. Into a fresh engine it restores a
 * checkpoint. On error e is unchanged: CSM_INVALID_ARGUMENT (NULL
 * pointers), CSM_DATA_LOSS (corrupt or truncated bytes: the state ends
 * with a checksum), CSM_UNIMPLEMENTED (another format version: not pinned
 * yet, see docs/reliability.md), CSM_FAILED_PRECONDITION (another config,
 * or a ticket both engines hold, live or released),
 * CSM_RESOURCE_EXHAUSTED (the merged engine would exceed max_open_tickets or
 * max_distinct_values), CSM_OUT_OF_RANGE (a count would overflow 2^64 - 1:
 * only crafted or corrupt states get there). */
CSM_API csm_status csm_engine_merge_serialized(csm_engine* e, const uint8_t* data, size_t len);

/* A new engine holding a serialized state (csm_engine_serialize's bytes),
 * with the config the state was written with: restores a checkpoint without
 * knowing its config. Released with csm_engine_free. Errors (nothing
 * written): CSM_INVALID_ARGUMENT (NULL pointers), CSM_DATA_LOSS,
 * CSM_UNIMPLEMENTED and the others of csm_engine_merge_serialized. */
CSM_API csm_status csm_engine_create_from_state(const uint8_t* data, size_t len, csm_engine** out);

/* --------------------------------------------------------------- staffing */

/* Queueing models for one planning interval (docs/staffing.md): Erlang C
 * (no abandonment) and Erlang A (abandonment with an exponential patience),
 * and the fewest agents meeting a service target. Plain numbers in, plain
 * numbers out: no handle, thread-safe, no allocation. Fractions, not
 * percentages (0.8, not 80). */

typedef enum csm_queue_model { CSM_MODEL_ERLANG_C = 0, CSM_MODEL_ERLANG_A = 1 } csm_queue_model;

/* One interval staffed with a given team. */
typedef struct csm_queue_input {
  size_t size;
  double arrivals;    /* contacts offered in the interval, >= 0 */
  double interval_s;  /* the interval's length in seconds, > 0 */
  double aht_s;       /* average handle time in seconds, >= 0 */
  int64_t agents;     /* agents on contacts, 0 .. 1,000,000 */
  double threshold_s; /* service-level threshold T in seconds, >= 0 */
  double patience_s;  /* csm_erlang_a only: mean patience, > 0 (INFINITY: none) */
} csm_queue_input;

#define CSM_QUEUE_INPUT_INIT \
  { sizeof(csm_queue_input), 0.0, 1800.0, 0.0, 0, 20.0, 0.0 }
#define CSM_QUEUE_INPUT_SIZE_V1 (offsetof(csm_queue_input, patience_s) + sizeof(double))

/* What a model predicts. `stable` is 0 when the queue never settles
 * (Erlang C with agents <= offered load): then wait_probability = 1,
 * service_level = 0, occupancy = 1 and asa_s = +INFINITY; never NaN. */
typedef struct csm_queue_result {
  size_t size;
  int32_t stable;
  double wait_probability;    /* P(a contact waits at all), 0..1 */
  double service_level;       /* share of offered contacts answered within T, 0..1 */
  double asa_s;               /* mean wait (Erlang A: of answered and abandoned) */
  double occupancy;           /* share of agent time busy, 0..1 */
  double abandon_probability; /* Erlang A; 0 for Erlang C */
} csm_queue_result;

#define CSM_QUEUE_RESULT_INIT \
  { sizeof(csm_queue_result), 0, 0.0, 0.0, 0.0, 0.0, 0.0 }
#define CSM_QUEUE_RESULT_SIZE_V1 (offsetof(csm_queue_result, abandon_probability) + sizeof(double))

/* The *_INIT twins. Errors (nothing written): CSM_INVALID_ARGUMENT for NULL
 * or a size below the first version's. */
CSM_API csm_status csm_queue_input_init(csm_queue_input* input, size_t size);
CSM_API csm_status csm_queue_result_init(csm_queue_result* result, size_t size);

/* Erlang C for in->agents agents (patience_s is ignored). The offered load
 * is arrivals × aht_s / interval_s Erlangs. Errors (nothing written):
 * CSM_INVALID_ARGUMENT for NULL pointers, a size below the first version's,
 * or a value out of range (NaN, infinite, negative, agents > 1,000,000). */
CSM_API csm_status csm_erlang_c(const csm_queue_input* in, csm_queue_result* out);

/* Erlang A (Mandelbaum & Zeltyn) with mean patience in->patience_s; an
 * infinite patience gives Erlang C's result. Errors as csm_erlang_c, plus
 * CSM_INVALID_ARGUMENT for a patience that is not > 0, or one so long that
 * arrival rate × patience exceeds 1e7 (use Erlang C). */
CSM_API csm_status csm_erlang_a(const csm_queue_input* in, csm_queue_result* out);

/* A service target for one interval. */
typedef struct csm_staffing_input {
  size_t size;
  double arrivals;      /* contacts offered in the interval, >= 0 */
  double interval_s;    /* > 0 */
  double aht_s;         /* >= 0 */
  double service_level; /* target share answered within threshold_s, 0..1 */
  double threshold_s;   /* >= 0 */
  double max_asa_s;     /* also keep the mean wait at most this; 0 = no cap */
  double max_occupancy; /* also keep occupancy at most this, (0, 1]; 0 = no cap */
  double shrinkage;     /* share of paid time off contacts, 0 .. 0.999 */
  int32_t model;        /* csm_queue_model */
  double patience_s;    /* Erlang A: mean patience, > 0 (INFINITY: none) */
} csm_staffing_input;

#define CSM_STAFFING_INPUT_INIT \
  { sizeof(csm_staffing_input), 0.0, 1800.0, 0.0, 0.8, 20.0, 0.0, 0.0, 0.0, 0, 0.0 }
#define CSM_STAFFING_INPUT_SIZE_V1 (offsetof(csm_staffing_input, patience_s) + sizeof(double))

/* The requirement and the model's prediction with `agents`. */
typedef struct csm_staffing_result {
  size_t size;
  int64_t agents;    /* fewest agents on contacts meeting every target */
  int64_t scheduled; /* agents grossed up for shrinkage: ceil(agents / (1 - shrinkage)) */
  double wait_probability;
  double service_level;
  double asa_s;
  double occupancy;
  double abandon_probability;
} csm_staffing_result;

#define CSM_STAFFING_RESULT_INIT \
  { sizeof(csm_staffing_result), 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0 }
#define CSM_STAFFING_RESULT_SIZE_V1 \
  (offsetof(csm_staffing_result, abandon_probability) + sizeof(double))

CSM_API csm_status csm_staffing_input_init(csm_staffing_input* input, size_t size);
CSM_API csm_status csm_staffing_result_init(csm_staffing_result* result, size_t size);

/* The fewest agents meeting in's targets under in->model; no offered load
 * needs 0. Errors (nothing written): CSM_INVALID_ARGUMENT for NULL
 * pointers, sizes below the first version's, values out of range (a
 * percentage such as 80 where a fraction belongs, an unknown model, Erlang
 * A without a patience); CSM_OUT_OF_RANGE when no team of at most
 * 1,000,000 agents meets the target. */
CSM_API csm_status csm_agents_required(const csm_staffing_input* in, csm_staffing_result* out);

/* ----------------------------------------------------------------- sketch */

/* A quantile sketch (DDSketch): quantiles such as the median or p90 of
 * non-negative values (durations in seconds ...) within a relative accuracy
 * a, in bounded memory, and mergeable exactly: merging sketches gives the
 * very bucket counts of one sketch that saw every value. The same sketch the
 * engine keeps for every duration metric. csm_sketch_quantile(q) answers
 * within a * x of x, the value of rank floor(q * (count - 1)) in sorted
 * order, as long as the values span at most max_buckets buckets (at a = 1 %
 * the 2048 default buckets cover 1 ms .. 100 years); beyond that the lowest
 * buckets are folded together and only the low quantiles lose accuracy.
 *
 * Threads: one thread at a time may change a sketch (add, merge); calls
 * that only read it (quantile, count, serialize, and using it as the
 * `other` of a merge) may run on several threads at once. */
typedef struct csm_sketch csm_sketch;

/* A new empty sketch with relative accuracy `relative_accuracy` in
 * [1e-6, 0.5] and at most `max_buckets` buckets in [8, 65536]; 0 for either
 * takes the default (0.01 and 2048). The caller releases it with
 * csm_sketch_free. Errors (nothing written): CSM_INVALID_ARGUMENT (NULL out,
 * a parameter outside its range or NaN), CSM_RESOURCE_EXHAUSTED. */
CSM_API csm_status csm_sketch_create(double relative_accuracy, size_t max_buckets,
                                     csm_sketch** out);

/* Releases a sketch. NULL is allowed and does nothing; so does a pointer
 * that is not a live sketch (freed already), which sets csm_last_error(). */
CSM_API void csm_sketch_free(csm_sketch* s);

/* Adds one value. Errors (the sketch unchanged): CSM_INVALID_ARGUMENT (NULL
 * or freed s; a value that is negative, NaN or infinite),
 * CSM_OUT_OF_RANGE (the count would pass 2^64 - 1). */
CSM_API csm_status csm_sketch_add(csm_sketch* s, double value);

/* Adds n values; every value is checked first, so on error nothing is added
 * (the message names the first bad element). n == 0 does nothing (values
 * may then be NULL). Errors as csm_sketch_add, plus NULL values. */
CSM_API csm_status csm_sketch_add_many(csm_sketch* s, const double* values, size_t n);

/* Adds other's values to s (other is unchanged; s == other doubles s). With
 * the same relative accuracy this is exact; with another, other's buckets
 * are re-added at their values and the error bound becomes the sum of both
 * accuracies. Errors (s unchanged): CSM_INVALID_ARGUMENT (NULL or freed
 * handles), CSM_OUT_OF_RANGE (the count would pass 2^64 - 1). */
CSM_API csm_status csm_sketch_merge(csm_sketch* s, const csm_sketch* other);

/* Adds the values of a serialized sketch (csm_sketch_serialize's bytes) to
 * s, as csm_sketch_merge does, without a handle for them. Errors (s
 * unchanged): those of csm_sketch_deserialize and of csm_sketch_merge. */
CSM_API csm_status csm_sketch_merge_serialized(csm_sketch* s, const uint8_t* data, size_t len);

/* The sketch as bytes (*out, freed with csm_free; *out_len bytes): a
 * versioned, portable format (little-endian, with a magic and a format
 * version), a few
 * hundred bytes for most duration data. Errors: CSM_INVALID_ARGUMENT (NULL
 * pointers, a freed s), CSM_RESOURCE_EXHAUSTED. */
CSM_API csm_status csm_sketch_serialize(const csm_sketch* s, uint8_t** out, size_t* out_len);

/* A new sketch from csm_sketch_serialize's bytes, released with
 * csm_sketch_free. Errors (nothing written): CSM_INVALID_ARGUMENT (NULL
 * pointers, data NULL with len > 0), CSM_DATA_LOSS (bytes that are not a
 * whole, intact sketch: truncated, corrupt, another type's state),
 * CSM_UNIMPLEMENTED (a format version this library does not read). */
CSM_API csm_status csm_sketch_deserialize(const uint8_t* data, size_t len, csm_sketch** out);

/* The value at quantile q (0 = smallest, 0.5 = median, 1 = largest) into
 * *out, within the relative accuracy. Errors (nothing written):
 * CSM_INVALID_ARGUMENT (NULL pointers, a freed s, q outside [0, 1] or NaN),
 * CSM_FAILED_PRECONDITION (the sketch is empty). */
CSM_API csm_status csm_sketch_quantile(const csm_sketch* s, double q, double* out);

/* How many values the sketch holds. Errors: CSM_INVALID_ARGUMENT (NULL
 * pointers, a freed s). */
CSM_API csm_status csm_sketch_count(const csm_sketch* s, uint64_t* out);

/* ----------------------------------------------------------- experimental */

/* Declarations here are experimental: visible only with CSM_EXPERIMENTAL
 * defined, and free to change in any release until they move up into the
 * stable sections. This release has none. */
#ifdef CSM_EXPERIMENTAL
#endif /* CSM_EXPERIMENTAL */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CSMETRICS_H_ */
