/* The extension's module: its magic block and the helpers of csm_pg.h. */
#include "csm_pg.h"

#include "fmgr.h"
#include "utils/elog.h"

PG_MODULE_MAGIC;

/* Microseconds from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch). */
#define CSM_PG_EPOCH_SHIFT_MS INT64CONST(946684800000)

int csm_pg_sqlstate(csm_status status) {
  switch (status) {
    case CSM_INVALID_ARGUMENT:
    case CSM_FAILED_PRECONDITION:
      return ERRCODE_INVALID_PARAMETER_VALUE;
    case CSM_OUT_OF_RANGE:
      return ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
    case CSM_NOT_FOUND:
      return ERRCODE_NO_DATA_FOUND;
    case CSM_RESOURCE_EXHAUSTED:
      return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
    case CSM_DATA_LOSS:
      return ERRCODE_DATA_CORRUPTED;
    case CSM_UNIMPLEMENTED:
      return ERRCODE_FEATURE_NOT_SUPPORTED;
    default:
      return ERRCODE_INTERNAL_ERROR;
  }
}

void csm_pg_check(csm_status status) {
  if (status == CSM_OK) return;
  ereport(ERROR, (errcode(csm_pg_sqlstate(status)), errmsg("%s", csm_last_error())));
}

int64 csm_pg_to_ms(TimestampTz t, const char* what) {
  int64 ms;
  if (TIMESTAMP_NOT_FINITE(t))
    ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                    errmsg("csmetrics: %s is infinite", what)));
  ms = t / 1000;
  if (t % 1000 < 0) ms -= 1; /* round down, also before 2000 */
  return ms + CSM_PG_EPOCH_SHIFT_MS;
}

TimestampTz csm_pg_from_ms(int64 ms) { return (ms - CSM_PG_EPOCH_SHIFT_MS) * 1000; }
