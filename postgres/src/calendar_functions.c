/* csm_business_seconds, csm_business_add, csm_is_open, csm_next_open,
 * csm_next_close: the library's business calendars in SQL.
 *
 * Compiling a calendar (zone rules, a table of open intervals) costs far more
 * than one question to it, so each backend keeps the compiled calendars in a
 * cache keyed by the calendar's JSON text, and each call site remembers in
 * fn_extra the jsonb bytes it saw last and their calendar: a query over 10 M
 * rows with one calendar compiles it once and then only compares bytes. */
#include "csm_pg.h"

#include <math.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(pg_csm_business_seconds);
PG_FUNCTION_INFO_V1(pg_csm_business_add);
PG_FUNCTION_INFO_V1(pg_csm_is_open);
PG_FUNCTION_INFO_V1(pg_csm_next_open);
PG_FUNCTION_INFO_V1(pg_csm_next_close);

/* The backend's compiled calendars. When full it is emptied at once (and its
 * generation bumped, so call sites drop their pointers): a workload with more
 * distinct calendars than this recompiles, it does not grow without bound. */
#define CSM_CALENDAR_CACHE_SIZE 64

typedef struct CachedCalendar {
  char* text; /* the calendar's JSON text (TopMemoryContext) */
  csm_calendar* calendar;
} CachedCalendar;

static CachedCalendar calendar_cache[CSM_CALENDAR_CACHE_SIZE];
static int calendar_cache_used = 0;
static uint64 calendar_cache_generation = 1;

/* What one call site saw last (in fn_mcxt). */
typedef struct CallSiteCalendar {
  uint64 generation;
  Size jsonb_size;
  char* jsonb_bytes;
  csm_calendar* calendar;
} CallSiteCalendar;

static void clear_calendar_cache(void) {
  for (int i = 0; i < calendar_cache_used; ++i) {
    csm_calendar_free(calendar_cache[i].calendar);
    pfree(calendar_cache[i].text);
  }
  calendar_cache_used = 0;
  ++calendar_cache_generation;
}

/* The compiled calendar of `text`, from the cache or compiled now. */
static csm_calendar* cached_calendar(const char* text) {
  csm_calendar* calendar = NULL;
  csm_status status;
  for (int i = 0; i < calendar_cache_used; ++i) {
    if (strcmp(calendar_cache[i].text, text) == 0) return calendar_cache[i].calendar;
  }
  status = csm_calendar_create(text, strlen(text), &calendar);
  if (status != CSM_OK)
    ereport(ERROR, (errcode(csm_pg_sqlstate(status)),
                    errmsg("csmetrics: invalid calendar: %s", csm_last_error())));
  if (calendar_cache_used == CSM_CALENDAR_CACHE_SIZE) clear_calendar_cache();
  calendar_cache[calendar_cache_used].text = MemoryContextStrdup(TopMemoryContext, text);
  calendar_cache[calendar_cache_used].calendar = calendar;
  ++calendar_cache_used;
  return calendar;
}

/* The calendar of argument 0 (a jsonb spec) for this call site. */
static const csm_calendar* calendar_arg(FunctionCallInfo fcinfo) {
  Jsonb* spec = PG_GETARG_JSONB_P(0);
  const Size size = VARSIZE(spec);
  CallSiteCalendar* site = (CallSiteCalendar*)fcinfo->flinfo->fn_extra;
  char* text;
  if (site != NULL && site->generation == calendar_cache_generation && site->jsonb_size == size &&
      memcmp(site->jsonb_bytes, spec, size) == 0)
    return site->calendar;
  if (site == NULL) {
    site = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallSiteCalendar));
    fcinfo->flinfo->fn_extra = site;
  }
  text = JsonbToCString(NULL, &spec->root, size);
  site->calendar = cached_calendar(text);
  pfree(text);
  if (site->jsonb_bytes != NULL) pfree(site->jsonb_bytes);
  site->jsonb_bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, size);
  memcpy(site->jsonb_bytes, spec, size);
  site->jsonb_size = size;
  site->generation = calendar_cache_generation;
  return site->calendar;
}

Datum pg_csm_business_seconds(PG_FUNCTION_ARGS) {
  const csm_calendar* calendar = calendar_arg(fcinfo);
  const int64 start = csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(1), "start");
  const int64 finish = csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(2), "finish");
  int64_t elapsed = 0;
  csm_pg_check(csm_calendar_elapsed(calendar, start, finish, &elapsed));
  PG_RETURN_FLOAT8((double)elapsed / 1000.0);
}

Datum pg_csm_business_add(PG_FUNCTION_ARGS) {
  const csm_calendar* calendar = calendar_arg(fcinfo);
  const int64 start = csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(1), "start");
  const double seconds = PG_GETARG_FLOAT8(2);
  const double ms = rint(seconds * 1000.0);
  int64_t due = 0;
  /* 100 years of business time is far beyond the supported range anyway. */
  if (isnan(ms) || fabs(ms) > 3.2e12)
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("csm_business_add: seconds %g is not a finite amount within 100 years",
                           seconds)));
  csm_pg_check(csm_calendar_add(calendar, start, (int64_t)ms, &due));
  PG_RETURN_TIMESTAMPTZ(csm_pg_from_ms(due));
}

Datum pg_csm_is_open(PG_FUNCTION_ARGS) {
  const csm_calendar* calendar = calendar_arg(fcinfo);
  int open = 0;
  csm_pg_check(csm_calendar_is_open(calendar, csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(1), "at"), &open));
  PG_RETURN_BOOL(open != 0);
}

Datum pg_csm_next_open(PG_FUNCTION_ARGS) {
  const csm_calendar* calendar = calendar_arg(fcinfo);
  int64_t next = 0;
  csm_pg_check(
      csm_calendar_next_open(calendar, csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(1), "at"), &next));
  PG_RETURN_TIMESTAMPTZ(csm_pg_from_ms(next));
}

Datum pg_csm_next_close(PG_FUNCTION_ARGS) {
  const csm_calendar* calendar = calendar_arg(fcinfo);
  int64_t next = 0;
  csm_pg_check(
      csm_calendar_next_close(calendar, csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(1), "at"), &next));
  PG_RETURN_TIMESTAMPTZ(csm_pg_from_ms(next));
}
