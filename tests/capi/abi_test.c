/* C ABI contract tests that cut across objects: struct versioning (the
 * library accepts every size from a struct's first version up, reads only
 * within it and writes only within it), the *_init twins, text checks
 * (invalid UTF-8 and NUL bytes in every text argument), non-finite values,
 * pinned enum values, and threads: csm_last_error() is per thread, a
 * calendar is shared by many threads, engines on different threads are
 * independent. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

#define MON_0900 INT64_C(1793610000000) /* 2026-11-02T09:00Z */
#define HOUR INT64_C(3600000)

static const char kTotals[] = "{\"grain\": \"all\"}";

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static csm_engine* new_engine(void) {
  csm_engine* e = NULL;
  CHECK(csm_engine_create("", 0, &e) == CSM_OK && e != NULL);
  return e;
}

static char* totals(csm_engine* e) {
  char* json = NULL;
  CHECK(csm_engine_report_json(e, kTotals, strlen(kTotals), &json, NULL) == CSM_OK);
  return json;
}

/* A csm_event as a later version of the header might define it: the same
 * fields, then more. */
typedef struct future_event {
  csm_event v1;
  int64_t added_later;
  double also_added;
} future_event;

typedef struct future_result {
  csm_ingest_result v1;
  uint64_t added_later;
} future_result;

static void test_versions(void) {
  /* The first versions' sizes are part of the ABI. */
  CHECK(CSM_EVENT_SIZE_V1 == sizeof(csm_event));
  CHECK(CSM_INGEST_RESULT_SIZE_V1 == sizeof(csm_ingest_result));
  CHECK(CSM_EVENT_SIZE_V1 == 80 || sizeof(size_t) != 8);
  CHECK(CSM_INGEST_RESULT_SIZE_V1 == 224 || sizeof(size_t) != 8);
  CHECK(CSM_EVENT_CREATED == 1 && CSM_EVENT_COST == 27);
  CHECK(CSM_TICKET_NEW == 1 && CSM_TICKET_CLOSED == 6);
  CHECK(CSM_AGENT_OFFLINE == 1 && CSM_AGENT_AWAY == 5);
  CHECK(CSM_REJECT_UNKNOWN_TICKET == 1 && CSM_REJECT_MALFORMED == 7);
  CHECK(CSM_TICKET_NAMED(5) == ((UINT64_C(1) << 63) | 5));
}

static void test_init_twins(void) {
  future_event fe;
  future_result fr;
  csm_event ev;
  csm_ingest_result r;
  csm_event macro = CSM_EVENT_INIT;
  csm_ingest_result rmacro = CSM_INGEST_RESULT_INIT;

  /* The twins equal the macros. */
  memset(&ev, 0x5A, sizeof ev);
  CHECK(csm_event_init(&ev, sizeof ev) == CSM_OK);
  CHECK(memcmp(&ev, &macro, sizeof ev) == 0);
  memset(&r, 0x5A, sizeof r);
  CHECK(csm_ingest_result_init(&r, sizeof r) == CSM_OK);
  CHECK(memcmp(&r, &rmacro, sizeof r) == 0);

  /* A newer caller's bigger struct: zeroed to its full size, size kept. */
  memset(&fe, 0x5A, sizeof fe);
  CHECK(csm_event_init(&fe.v1, sizeof fe) == CSM_OK);
  CHECK(fe.v1.size == sizeof fe && fe.v1.type == 0 && fe.added_later == 0 && fe.also_added == 0.0);
  memset(&fr, 0x5A, sizeof fr);
  CHECK(csm_ingest_result_init(&fr.v1, sizeof fr) == CSM_OK);
  CHECK(fr.v1.size == sizeof fr && fr.v1.accepted == 0 && fr.added_later == 0);

  /* Too small or NULL: an error, nothing written. */
  memset(&ev, 0x5A, sizeof ev);
  CHECK(csm_event_init(&ev, CSM_EVENT_SIZE_V1 - 1) == CSM_INVALID_ARGUMENT);
  CHECK(((unsigned char*)&ev)[0] == 0x5A && ((unsigned char*)&ev)[sizeof ev - 1] == 0x5A);
  CHECK(contains(csm_last_error(), "csm_event_init"));
  CHECK(csm_event_init(NULL, sizeof ev) == CSM_INVALID_ARGUMENT);
  CHECK(csm_ingest_result_init(&r, 0) == CSM_INVALID_ARGUMENT);
  CHECK(csm_ingest_result_init(NULL, sizeof r) == CSM_INVALID_ARGUMENT);
}

/* Two tickets created and answered, as events of a newer header's layout. */
static void test_newer_layout_ingests(void) {
  future_event events[4];
  future_result out;
  csm_engine* e = new_engine();
  csm_engine* plain = new_engine();
  csm_event same[4];
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  uint32_t alice = 0;
  char* a;
  char* b;
  int i;
  CHECK(csm_engine_intern(e, "agent", "alice", &alice) == CSM_OK);
  CHECK(csm_engine_intern(plain, "agent", "alice", &alice) == CSM_OK);
  for (i = 0; i < 4; ++i) {
    CHECK(csm_event_init(&events[i].v1, sizeof events[i]) == CSM_OK);
    events[i].v1.time_ms = MON_0900 + i * HOUR;
    events[i].v1.ticket = (uint64_t)(1 + i % 2);
    events[i].v1.type = i < 2 ? CSM_EVENT_CREATED : CSM_EVENT_AGENT_REPLY;
    events[i].v1.agent = i < 2 ? 0 : alice;
    events[i].added_later = -1; /* unknown to this library: ignored */
    events[i].also_added = NAN;
    same[i] = events[i].v1;
    same[i].size = sizeof(csm_event);
  }
  CHECK(csm_ingest_result_init(&out.v1, sizeof out) == CSM_OK);
  out.added_later = 0xDEADBEEF;
  CHECK(csm_engine_ingest(e, &events[0].v1, 4, &out.v1) == CSM_OK);
  CHECK(out.v1.accepted == 4 && out.v1.rejected == 0 && out.v1.size == sizeof out);
  CHECK(out.added_later == 0xDEADBEEF); /* written only within what the library knows */
  CHECK(csm_engine_ingest(plain, same, 4, &r) == CSM_OK && r.accepted == 4);
  a = totals(e);
  b = totals(plain);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  CHECK(contains(a, "\"tickets_created\":2"));
  csm_free(a);
  csm_free(b);

  /* A size whose n * size overflows: refused before anything is read. */
  events[0].v1.size = SIZE_MAX / 2;
  CHECK(csm_engine_ingest(e, &events[0].v1, 4, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(contains(csm_last_error(), "overflow"));
  csm_engine_free(plain);
  csm_engine_free(e);
}

/* Non-finite values are rejected events; the engine does not change. */
static void test_non_finite_values(void) {
  csm_engine* e = new_engine();
  csm_event ev[3] = {CSM_EVENT_INIT, CSM_EVENT_INIT, CSM_EVENT_INIT};
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  char* before;
  char* after;
  ev[0].time_ms = MON_0900;
  ev[0].ticket = 1;
  ev[0].type = CSM_EVENT_CREATED;
  CHECK(csm_engine_ingest(e, ev, 1, &r) == CSM_OK && r.accepted == 1);
  before = totals(e);
  ev[0].type = CSM_EVENT_CSAT;
  ev[0].has_value = 1;
  ev[0].value = NAN;
  ev[1] = ev[0];
  ev[1].value = INFINITY;
  ev[2] = ev[0];
  ev[2].value = -INFINITY;
  CHECK(csm_engine_ingest(e, ev, 3, &r) == CSM_OK);
  CHECK(r.accepted == 0 && r.rejected == 3 && r.rejection_count == 3);
  CHECK(r.rejection_reason[0] == CSM_REJECT_INVALID_FIELD &&
        r.rejection_reason[2] == CSM_REJECT_INVALID_FIELD);
  after = totals(e);
  /* Only the rejected section moved. */
  CHECK(contains(after, "\"rejected\":{\"count\":3,\"reasons\":{\"invalid_field\":3}}"));
  CHECK(contains(before, "\"tickets_created\":1") && contains(after, "\"tickets_created\":1"));
  csm_free(before);
  csm_free(after);
  csm_engine_free(e);
}

/* Every text argument: invalid UTF-8 and NUL bytes within len are refused. */
static void test_text_arguments(void) {
  static const char kBadUtf8Spec[] = "{\"timezone\": \"UTC\xC3\x28\"}";
  static const char kBadUtf8Config[] = "{\"timezone\": \"\xFF\"}";
  static const char kBadUtf8Query[] = "{\"timezone\": \"\xE2\x82\"}";
  static const char kBadJsonl[] =
      "{\"time\": 1793610000000, \"ticket\": \"\xC3\x28\", \"type\": \"created\"}\n"
      "{\"time\": 1793610000000, \"ticket\": \"ok\", \"type\": \"created\"}\n";
  csm_calendar* cal = (csm_calendar*)1;
  csm_engine* e = (csm_engine*)1;
  csm_engine* good = new_engine();
  char* json = (char*)1;
  uint32_t id = 77;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;

  CHECK(csm_calendar_create(kBadUtf8Spec, strlen(kBadUtf8Spec), &cal) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_create("{}\0{}", 5, &cal) == CSM_INVALID_ARGUMENT);
  CHECK(cal == (csm_calendar*)1);
  CHECK(csm_engine_create(kBadUtf8Config, strlen(kBadUtf8Config), &e) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_create("{}\0", 3, &e) == CSM_INVALID_ARGUMENT);
  CHECK(e == (csm_engine*)1);
  CHECK(csm_engine_report_json(good, kBadUtf8Query, strlen(kBadUtf8Query), &json, NULL) ==
        CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_report_json(good, "{}\0", 3, &json, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(json == (char*)1);
  CHECK(csm_engine_intern(good, "agent", "\xFF\xFE", &id) == CSM_INVALID_ARGUMENT && id == 77);
  CHECK(csm_engine_intern(good, "agent", "tab\there", &id) == CSM_INVALID_ARGUMENT && id == 77);
  CHECK(csm_engine_intern(good, "ag\xC3\x28nt", "x", &id) == CSM_INVALID_ARGUMENT && id == 77);
  /* In JSON lines a bad line is data: rejected, the next line still counts. */
  CHECK(csm_engine_ingest_jsonl(good, kBadJsonl, strlen(kBadJsonl), &r) == CSM_OK);
  CHECK(r.accepted == 1 && r.rejected == 1 && r.rejection_index[0] == 0);
  CHECK(csm_engine_ingest_jsonl(good, "{\"ti\0me\": 1}", 12, &r) == CSM_OK && r.rejected == 1);
  csm_engine_free(good);
}

/* --------------------------------------------------------------- threads */

#define THREADS 4

struct error_worker {
  int fail;
  int ok;
};

static void* run_error_worker(void* arg) {
  struct error_worker* w = (struct error_worker*)arg;
  int i;
  w->ok = 1;
  for (i = 0; i < 2000; ++i) {
    csm_engine* e = NULL;
    if (w->fail) {
      if (csm_engine_create("{\"colour\": 1}", 13, &e) != CSM_INVALID_ARGUMENT ||
          strstr(csm_last_error(), "colour") == NULL) {
        w->ok = 0;
      }
    } else {
      if (csm_engine_create("{}", 2, &e) != CSM_OK || strcmp(csm_last_error(), "") != 0) {
        w->ok = 0;
      }
      csm_engine_free(e);
    }
  }
  return NULL;
}

/* Each thread reads its own last error while others fail and succeed. */
static void test_last_error_is_per_thread(void) {
  pthread_t threads[THREADS];
  struct error_worker workers[THREADS];
  int i;
  for (i = 0; i < THREADS; ++i) {
    workers[i].fail = i % 2;
    CHECK(pthread_create(&threads[i], NULL, run_error_worker, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(workers[i].ok);
  }
}

struct engine_worker {
  int seed;
  char* report;
};

/* One engine per thread: 200 tickets, each created and answered. */
static char* engine_run(int seed) {
  csm_engine* e = new_engine();
  csm_event ev[400];
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  uint32_t agent = 0;
  char name[32];
  char* json;
  int i;
  sprintf(name, "agent-%d", seed);
  CHECK(csm_engine_intern(e, "agent", name, &agent) == CSM_OK);
  for (i = 0; i < 200; ++i) {
    csm_event c = CSM_EVENT_INIT;
    c.time_ms = MON_0900 + i * 60000;
    c.ticket = (uint64_t)(i + 1);
    c.type = CSM_EVENT_CREATED;
    ev[2 * i] = c;
    c.time_ms += (int64_t)(1 + (i * seed) % 90) * 60000;
    c.type = CSM_EVENT_AGENT_REPLY;
    c.agent = agent;
    ev[2 * i + 1] = c;
  }
  CHECK(csm_engine_ingest(e, ev, 400, &r) == CSM_OK);
  json = totals(e);
  csm_engine_free(e);
  return json;
}

static void* run_engine_worker(void* arg) {
  struct engine_worker* w = (struct engine_worker*)arg;
  w->report = engine_run(w->seed);
  return NULL;
}

/* Engines on different threads are independent: each report equals the
 * same work done alone. */
static void test_engines_on_threads(void) {
  pthread_t threads[THREADS];
  struct engine_worker workers[THREADS];
  int i;
  for (i = 0; i < THREADS; ++i) {
    workers[i].seed = 7 + i;
    workers[i].report = NULL;
    CHECK(pthread_create(&threads[i], NULL, run_engine_worker, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    char* alone;
    CHECK(pthread_join(threads[i], NULL) == 0);
    alone = engine_run(workers[i].seed);
    CHECK(workers[i].report != NULL && alone != NULL && strcmp(workers[i].report, alone) == 0);
    csm_free(alone);
    csm_free(workers[i].report);
  }
}

struct calendar_worker {
  const csm_calendar* cal;
  int64_t expected[64];
  int ok;
};

static void* run_calendar_worker(void* arg) {
  struct calendar_worker* w = (struct calendar_worker*)arg;
  int64_t start[64], end[64], out[64];
  int round, i;
  w->ok = 1;
  for (round = 0; round < 500; ++round) {
    for (i = 0; i < 64; ++i) {
      start[i] = MON_0900 + i * 7 * HOUR;
      end[i] = start[i] + 50 * HOUR;
    }
    if (csm_calendar_elapsed_many(w->cal, start, end, 64, out) != CSM_OK) w->ok = 0;
    for (i = 0; i < 64; ++i) {
      int64_t one = -1;
      if (out[i] != w->expected[i]) w->ok = 0;
      if (i % 16 == 0 && (csm_calendar_elapsed(w->cal, start[i], end[i], &one) != CSM_OK ||
                          one != w->expected[i])) {
        w->ok = 0;
      }
    }
  }
  return NULL;
}

/* One calendar, shared without locks, gives every thread the serial answers. */
static void test_shared_calendar(void) {
  static const char kSpec[] =
      "{\"timezone\": \"Europe/Paris\", \"weekly\": {\"mon\": [[\"09:00\",\"17:00\"]], "
      "\"wed\": [[\"22:00\",\"06:00\"]], \"fri\": [[\"08:00\",\"12:00\"],[\"13:00\",\"18:00\"]]},"
      " \"holidays\": [\"2026-11-11\"]}";
  csm_calendar* cal = NULL;
  pthread_t threads[THREADS];
  struct calendar_worker workers[THREADS];
  int i, j;
  CHECK(csm_calendar_create(kSpec, strlen(kSpec), &cal) == CSM_OK);
  for (i = 0; i < THREADS; ++i) {
    workers[i].cal = cal;
    for (j = 0; j < 64; ++j) {
      const int64_t start = MON_0900 + j * 7 * HOUR;
      CHECK(csm_calendar_elapsed(cal, start, start + 50 * HOUR, &workers[i].expected[j]) == CSM_OK);
    }
    CHECK(pthread_create(&threads[i], NULL, run_calendar_worker, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(workers[i].ok);
  }
  csm_calendar_free(cal);
}

int main(void) {
  test_versions();
  test_init_twins();
  test_newer_layout_ingests();
  test_non_finite_values();
  test_text_arguments();
  test_last_error_is_per_thread();
  test_engines_on_threads();
  test_shared_calendar();
  FINISH();
}
