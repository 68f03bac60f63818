/* Shared helpers of the csmetrics extension: library statuses to SQL errors,
 * timestamptz <-> the C ABI's epoch milliseconds. Only the C ABI
 * (csmetrics.h) is used, so no C++ exception or abort can reach the backend:
 * every csm_* call returns a status. */
#ifndef CSM_PG_H_
#define CSM_PG_H_

#include "postgres.h"

#include "csmetrics.h"
#include "utils/timestamp.h"

/* Raises ERROR with csm_last_error() when status is not CSM_OK. */
void csm_pg_check(csm_status status);

/* The SQLSTATE for a library status. */
int csm_pg_sqlstate(csm_status status);

/* timestamptz (microseconds since 2000-01-01 UTC) to epoch ms, rounded down;
 * ERROR for -infinity / infinity. `what` names the argument. */
int64 csm_pg_to_ms(TimestampTz t, const char* what);

/* Epoch ms to timestamptz. */
TimestampTz csm_pg_from_ms(int64 ms);

#endif /* CSM_PG_H_ */
