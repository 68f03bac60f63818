/* C ABI: every csm_calendar_* function on good and bad input, and one
 * calendar shared by several threads. Expected values are worked out in the
 * comments (New York is UTC-5 in January, so 09:00 EST is 14:00Z). */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

#define HOUR_MS INT64_C(3600000)

/* Mon-Fri 09:00-17:00 New York, Friday 2026-01-16 a holiday. */
static const char kOffice[] =
    "{\"timezone\": \"America/New_York\","
    " \"weekly\": {\"mon\": [[\"09:00\",\"17:00\"]], \"tue\": [[\"09:00\",\"17:00\"]],"
    "  \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]],"
    "  \"fri\": [[\"09:00\",\"17:00\"]]},"
    " \"holidays\": [\"2026-01-16\"]}";

/* Instants used below (UTC epoch ms). */
static const int64_t kFri0109_1600 = INT64_C(1767992400000); /* 2026-01-09T21:00Z, Fri 16:00 */
static const int64_t kFri0109_1700 = INT64_C(1767996000000); /* 2026-01-09T22:00Z, Fri 17:00 */
static const int64_t kSat0110_1200 = INT64_C(1768064400000); /* 2026-01-10T17:00Z, Sat 12:00 */
static const int64_t kMon0112_0900 = INT64_C(1768226400000); /* 2026-01-12T14:00Z, Mon 09:00 */
static const int64_t kMon0112_1000 = INT64_C(1768230000000); /* 2026-01-12T15:00Z, Mon 10:00 */
static const int64_t kThu0115_1600 = INT64_C(1768510800000); /* 2026-01-15T21:00Z, Thu 16:00 */
static const int64_t kTue0120_1000 = INT64_C(1768921200000); /* 2026-01-20T15:00Z, Tue 10:00 */
static const int64_t kMaxMs = INT64_C(7258118400000);        /* 2200-01-01T00:00Z */

static csm_calendar* make_office(void) {
  csm_calendar* cal = NULL;
  CHECK(csm_calendar_create(kOffice, strlen(kOffice), &cal) == CSM_OK);
  CHECK(cal != NULL);
  return cal;
}

static int message_has(const char* needle) { return strstr(csm_last_error(), needle) != NULL; }

static void test_create(void) {
  csm_calendar* cal = (csm_calendar*)1; /* sentinel: must stay as is on failure */
  const char bad_zone[] = "{\"timezone\": \"Mars/Base\"}";
  const char overlap[] =
      "{\"timezone\": \"UTC\", \"weekly\": {\"mon\": "
      "[[\"09:00\",\"12:00\"],[\"11:00\",\"13:00\"]]}}";
  const char bad_time[] = "{\"timezone\": \"UTC\", \"weekly\": {\"mon\": [[\"9:00\",\"12:00\"]]}}";
  const char unknown_key[] = "{\"timezone\": \"UTC\", \"weekdays\": {}}";
  const char not_utf8[] = "{\"timezone\": \"Europe/Z\xfcrich\"}";
  const char with_nul[] = "{\"timezone\": \"UTC\"}\0garbage";

  CHECK(csm_calendar_create(bad_zone, strlen(bad_zone), &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("unknown time zone \"Mars/Base\""));
  CHECK(csm_calendar_create(overlap, strlen(overlap), &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("overlap"));
  CHECK(csm_calendar_create(bad_time, strlen(bad_time), &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("\"9:00\""));
  CHECK(csm_calendar_create(unknown_key, strlen(unknown_key), &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("unknown key \"weekdays\""));
  CHECK(csm_calendar_create(not_utf8, strlen(not_utf8), &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("UTF-8"));
  CHECK(csm_calendar_create(with_nul, sizeof with_nul - 1, &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("NUL byte at offset 19"));
  CHECK(csm_calendar_create(kOffice, 10, &cal) == CSM_INVALID_ARGUMENT); /* len too short */
  CHECK(message_has("not valid JSON"));
  CHECK(csm_calendar_create(kOffice, 0, &cal) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_create(NULL, 10, &cal) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("spec_json is NULL"));
  CHECK(cal == (csm_calendar*)1);
  CHECK(csm_calendar_create(kOffice, strlen(kOffice), NULL) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("out is NULL"));

  /* A spec need not be NUL-terminated: only len bytes are read. */
  {
    char buffer[64];
    const char utc[] = "{\"timezone\": \"UTC\"}";
    memset(buffer, 'x', sizeof buffer);
    memcpy(buffer, utc, strlen(utc));
    cal = NULL;
    CHECK(csm_calendar_create(buffer, strlen(utc), &cal) == CSM_OK);
    CHECK(cal != NULL);
    CHECK(strcmp(csm_last_error(), "") == 0);
    csm_calendar_free(cal);
  }
  csm_calendar_free(NULL);
}

static void test_queries(void) {
  csm_calendar* cal = make_office();
  int64_t out = 42;
  int open = 7;

  /* Fri 16:00 -> Mon 10:00: 1 h + 1 h; the other way round, the negative. */
  CHECK(csm_calendar_elapsed(cal, kFri0109_1600, kMon0112_1000, &out) == CSM_OK);
  CHECK(out == 2 * HOUR_MS);
  CHECK(csm_calendar_elapsed(cal, kMon0112_1000, kFri0109_1600, &out) == CSM_OK);
  CHECK(out == -2 * HOUR_MS);
  /* Thu 15th 16:00 -> Tue 20th 10:00: 1 h Thu, Fri holiday, 8 h Mon, 1 h Tue. */
  CHECK(csm_calendar_elapsed(cal, kThu0115_1600, kTue0120_1000, &out) == CSM_OK);
  CHECK(out == 10 * HOUR_MS);

  CHECK(csm_calendar_add(cal, kFri0109_1600, 2 * HOUR_MS, &out) == CSM_OK);
  CHECK(out == kMon0112_1000);
  CHECK(csm_calendar_add(cal, kFri0109_1600, HOUR_MS, &out) == CSM_OK);
  CHECK(out == kFri0109_1700); /* lands on the closing time */
  CHECK(csm_calendar_add(cal, kMon0112_1000, -2 * HOUR_MS, &out) == CSM_OK);
  CHECK(out == kFri0109_1600);
  CHECK(csm_calendar_add(cal, kSat0110_1200, 0, &out) == CSM_OK);
  CHECK(out == kSat0110_1200);

  CHECK(csm_calendar_is_open(cal, kMon0112_0900, &open) == CSM_OK);
  CHECK(open == 1);
  CHECK(csm_calendar_is_open(cal, kSat0110_1200, &open) == CSM_OK);
  CHECK(open == 0);
  CHECK(csm_calendar_next_open(cal, kSat0110_1200, &out) == CSM_OK);
  CHECK(out == kMon0112_0900);
  CHECK(csm_calendar_next_close(cal, kFri0109_1600, &out) == CSM_OK);
  CHECK(out == kFri0109_1700);
  CHECK(csm_calendar_next_close(cal, kSat0110_1200, &out) == CSM_OK);
  CHECK(out == kSat0110_1200);

  /* Bad input: a status and a message, and the outputs stay as they were. */
  out = 42;
  open = 7;
  CHECK(csm_calendar_elapsed(NULL, 0, 1, &out) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("cal is NULL"));
  CHECK(csm_calendar_elapsed(cal, 0, 1, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed(cal, -1, 1, &out) == CSM_OUT_OF_RANGE);
  CHECK(message_has("outside the supported range"));
  CHECK(csm_calendar_elapsed(cal, 0, kMaxMs + 1, &out) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_elapsed(cal, INT64_MIN, INT64_MAX, &out) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_add(NULL, 0, 1, &out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add(cal, 0, 1, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add(cal, kMaxMs + 1, 1, &out) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_add(cal, kMon0112_1000, INT64_MAX, &out) == CSM_OUT_OF_RANGE);
  CHECK(message_has("past 2200"));
  CHECK(csm_calendar_add(cal, kMon0112_1000, INT64_MIN, &out) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_is_open(NULL, 0, &open) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_is_open(cal, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_is_open(cal, -5, &open) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_next_open(NULL, 0, &out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_open(cal, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_open(cal, kMaxMs + 1, &out) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_next_close(NULL, 0, &out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_close(cal, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_close(cal, -1, &out) == CSM_OUT_OF_RANGE);
  CHECK(out == 42);
  CHECK(open == 7);
  csm_calendar_free(cal);
}

static void test_never_open_and_always_open(void) {
  const char never[] = "{\"timezone\": \"Europe/Paris\"}";
  const char always[] =
      "{\"timezone\": \"Europe/Paris\", \"weekly\": {\"mon\": [[\"00:00\",\"24:00\"]],"
      " \"tue\": [[\"00:00\",\"24:00\"]], \"wed\": [[\"00:00\",\"24:00\"]],"
      " \"thu\": [[\"00:00\",\"24:00\"]], \"fri\": [[\"00:00\",\"24:00\"]],"
      " \"sat\": [[\"00:00\",\"24:00\"]], \"sun\": [[\"00:00\",\"24:00\"]]}}";
  csm_calendar* cal = NULL;
  int64_t out = 42;
  CHECK(csm_calendar_create(never, strlen(never), &cal) == CSM_OK);
  CHECK(csm_calendar_add(cal, kMon0112_1000, HOUR_MS, &out) == CSM_OUT_OF_RANGE);
  CHECK(message_has("never open"));
  CHECK(csm_calendar_next_open(cal, kMon0112_1000, &out) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_elapsed(cal, 0, kMaxMs, &out) == CSM_OK);
  CHECK(out == 0);
  csm_calendar_free(cal);

  /* 24/7 in a zone with DST: business time is real time. */
  CHECK(csm_calendar_create(always, strlen(always), &cal) == CSM_OK);
  CHECK(csm_calendar_elapsed(cal, kFri0109_1600, kTue0120_1000, &out) == CSM_OK);
  CHECK(out == kTue0120_1000 - kFri0109_1600);
  CHECK(csm_calendar_next_close(cal, kMon0112_1000, &out) == CSM_OUT_OF_RANGE);
  CHECK(message_has("never closes"));
  csm_calendar_free(cal);
}

static void test_many(void) {
  csm_calendar* cal = make_office();
  const int64_t start[3] = {kFri0109_1600, kMon0112_1000, kThu0115_1600};
  const int64_t end[3] = {kMon0112_1000, kFri0109_1600, kTue0120_1000};
  const int64_t business[3] = {2 * HOUR_MS, -2 * HOUR_MS, HOUR_MS};
  int64_t out[3] = {42, 42, 42};
  int64_t bad_end[3] = {kMon0112_1000, kFri0109_1600, -1};

  CHECK(csm_calendar_elapsed_many(cal, start, end, 3, out) == CSM_OK);
  CHECK(out[0] == 2 * HOUR_MS && out[1] == -2 * HOUR_MS && out[2] == 10 * HOUR_MS);
  CHECK(csm_calendar_add_many(cal, start, business, 3, out) == CSM_OK);
  CHECK(out[0] == kMon0112_1000 && out[1] == kFri0109_1600);
  CHECK(out[2] == kThu0115_1600 + HOUR_MS); /* Thu 17:00, the closing time */

  out[0] = out[1] = out[2] = 42;
  CHECK(csm_calendar_elapsed_many(cal, start, bad_end, 3, out) == CSM_OUT_OF_RANGE);
  CHECK(message_has("element 2"));
  CHECK(out[0] == 42 && out[1] == 42 && out[2] == 42); /* all or nothing */
  CHECK(csm_calendar_add_many(cal, start, bad_end, 3, out) == CSM_OUT_OF_RANGE);
  CHECK(out[0] == 42 && out[1] == 42 && out[2] == 42);
  CHECK(csm_calendar_elapsed_many(NULL, start, end, 3, out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed_many(cal, NULL, end, 3, out) == CSM_INVALID_ARGUMENT);
  CHECK(message_has("start_ms is NULL"));
  CHECK(csm_calendar_elapsed_many(cal, start, NULL, 3, out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed_many(cal, start, end, 3, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add_many(NULL, start, business, 3, out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add_many(cal, start, NULL, 3, out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add_many(cal, start, business, 3, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(out[0] == 42 && out[1] == 42 && out[2] == 42);
  /* n == 0 does nothing, even with NULL arrays. */
  CHECK(csm_calendar_elapsed_many(cal, NULL, NULL, 0, NULL) == CSM_OK);
  CHECK(csm_calendar_add_many(cal, NULL, NULL, 0, NULL) == CSM_OK);
  csm_calendar_free(cal);
}

/* Several threads query one calendar at once and must all see the same answers. */
#define THREADS 4
#define ROUNDS 20000

struct worker {
  const csm_calendar* cal;
  int64_t seed;
  int mismatches;
};

static void* run_worker(void* arg) {
  struct worker* w = (struct worker*)arg;
  uint64_t x = (uint64_t)w->seed;
  int i;
  for (i = 0; i < ROUNDS; ++i) {
    int64_t a, elapsed = 0, due = 0, back = 0;
    x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    a = kFri0109_1600 + (int64_t)(x >> 33) % (400 * 24 * HOUR_MS);
    if (csm_calendar_add(w->cal, a, 3 * HOUR_MS, &due) != CSM_OK) ++w->mismatches;
    if (csm_calendar_elapsed(w->cal, a, due, &elapsed) != CSM_OK) ++w->mismatches;
    if (csm_calendar_add(w->cal, due, -3 * HOUR_MS, &back) != CSM_OK) ++w->mismatches;
    if (elapsed != 3 * HOUR_MS) ++w->mismatches;
    if (csm_calendar_elapsed(w->cal, back, due, &elapsed) != CSM_OK || elapsed != 3 * HOUR_MS) {
      ++w->mismatches;
    }
    /* Errors are per thread: a failing call here never disturbs the others. */
    if (csm_calendar_elapsed(w->cal, -1, 0, &elapsed) != CSM_OUT_OF_RANGE) ++w->mismatches;
  }
  return NULL;
}

static void test_threads(void) {
  csm_calendar* cal = make_office();
  pthread_t threads[THREADS];
  struct worker workers[THREADS];
  int i;
  for (i = 0; i < THREADS; ++i) {
    workers[i].cal = cal;
    workers[i].seed = i + 1;
    workers[i].mismatches = 0;
    CHECK(pthread_create(&threads[i], NULL, run_worker, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(workers[i].mismatches == 0);
  }
  csm_calendar_free(cal);
}

int main(void) {
  test_create();
  test_queries();
  test_never_open_and_always_open();
  test_many();
  test_threads();
  FINISH();
}
