/* Handles that are not live: freed, freed twice, never created, or of the
 * other type. Every call gives CSM_INVALID_ARGUMENT with a message and
 * writes nothing; a second free does nothing. The library checks a
 * registry of live handles and never reads through the pointer, so this
 * program is also clean under AddressSanitizer.
 *
 * (Strictly, C makes even the value of a freed pointer indeterminate; what
 * an embedder has in hand after a use-after-free bug is such a value, and
 * this is what the library does with it.) */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

#define MON_0900 INT64_C(1793610000000) /* 2026-11-02T09:00Z */
#define MON_1000 INT64_C(1793613600000)

static const char kSpec[] =
    "{\"timezone\": \"UTC\", \"weekly\": {\"mon\": [[\"09:00\",\"17:00\"]]}}";
static const char kQuery[] = "{\"grain\": \"all\"}";
static const char kLine[] =
    "{\"time\": 1793610000000, \"ticket\": \"T1\", \"type\": \"created\"}\n";

static const char kLiveQuery[] = "{\"kind\": \"queue\"}";

static int message_has(const char* needle) { return strstr(csm_last_error(), needle) != NULL; }

/* Every engine function on `e`, which is not a live engine. */
static void check_engine_calls_refused(csm_engine* e, const char* why) {
  csm_event ev = CSM_EVENT_INIT;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  uint32_t id = 77;
  char* json = NULL;
  size_t len = 77;
  uint8_t* bytes = NULL;
  static const uint8_t kState[4] = {1, 2, 3, 4};
  ev.type = CSM_EVENT_CREATED;
  ev.ticket = 1;
  ev.time_ms = MON_0900;
  CHECK(csm_engine_intern(e, "agent", "al", &id) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(id == 77);
  CHECK(csm_engine_ingest(e, &ev, 1, &r) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(r.accepted == 0 && r.rejected == 0);
  CHECK(csm_engine_ingest_jsonl(e, kLine, strlen(kLine), &r) == CSM_INVALID_ARGUMENT &&
        message_has(why));
  CHECK(csm_engine_report_json(e, kQuery, strlen(kQuery), &json, &len) == CSM_INVALID_ARGUMENT &&
        message_has(why));
  CHECK(json == NULL && len == 77);
  CHECK(csm_engine_advance(e, MON_0900) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(csm_engine_live_json(e, kLiveQuery, strlen(kLiveQuery), MON_0900, &json, &len) ==
            CSM_INVALID_ARGUMENT &&
        message_has(why));
  CHECK(json == NULL && len == 77);
  CHECK(csm_engine_serialize(e, &bytes, &len) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(bytes == NULL && len == 77);
  CHECK(csm_engine_merge_serialized(e, kState, sizeof kState) == CSM_INVALID_ARGUMENT &&
        message_has(why));
  r.accepted = 77;
  CHECK(csm_engine_finish(e, &r) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(r.accepted == 77);
}

/* Every calendar function on `cal`, which is not a live calendar. */
static void check_calendar_calls_refused(const csm_calendar* cal, const char* why) {
  int64_t ms = 77;
  int open = 77;
  int64_t starts[1] = {MON_0900}, ends[1] = {MON_1000}, outs[1] = {77};
  CHECK(csm_calendar_elapsed(cal, MON_0900, MON_1000, &ms) == CSM_INVALID_ARGUMENT &&
        message_has(why));
  CHECK(csm_calendar_add(cal, MON_0900, 1000, &ms) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(csm_calendar_is_open(cal, MON_0900, &open) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(csm_calendar_next_open(cal, MON_0900, &ms) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(csm_calendar_next_close(cal, MON_0900, &ms) == CSM_INVALID_ARGUMENT && message_has(why));
  CHECK(csm_calendar_elapsed_many(cal, starts, ends, 1, outs) == CSM_INVALID_ARGUMENT &&
        message_has(why));
  CHECK(csm_calendar_add_many(cal, starts, ends, 1, outs) == CSM_INVALID_ARGUMENT &&
        message_has(why));
  CHECK(ms == 77 && open == 77 && outs[0] == 77);
}

static void test_freed_engine(void) {
  csm_engine* e = NULL;
  CHECK(csm_engine_create("{}", 2, &e) == CSM_OK && e != NULL);
  csm_engine_free(e);
  check_engine_calls_refused(e, "not a live csm_engine");
  csm_engine_free(e); /* a double free does nothing */
  CHECK(message_has("csm_engine_free: e is not a live csm_engine"));
  check_engine_calls_refused(e, "not a live csm_engine");
  /* A sharded engine freed before csm_engine_finish. */
  CHECK(csm_engine_create_sharded("{}", 2, 2, &e) == CSM_OK && e != NULL);
  csm_engine_free(e);
  check_engine_calls_refused(e, "not a live csm_engine");
}

static void test_freed_calendar(void) {
  csm_calendar* cal = NULL;
  CHECK(csm_calendar_create(kSpec, strlen(kSpec), &cal) == CSM_OK && cal != NULL);
  csm_calendar_free(cal);
  check_calendar_calls_refused(cal, "not a live csm_calendar");
  csm_calendar_free(cal);
  CHECK(message_has("csm_calendar_free: cal is not a live csm_calendar"));
  check_calendar_calls_refused(cal, "not a live csm_calendar");
}

static void test_wrong_type(void) {
  csm_engine* e = NULL;
  csm_calendar* cal = NULL;
  int64_t ms = 0;
  CHECK(csm_engine_create("{}", 2, &e) == CSM_OK);
  CHECK(csm_calendar_create(kSpec, strlen(kSpec), &cal) == CSM_OK);
  check_engine_calls_refused((csm_engine*)(void*)cal, "is a csm_calendar, not a csm_engine");
  check_calendar_calls_refused((csm_calendar*)(void*)e, "is a csm_engine, not a csm_calendar");
  /* Freeing through the wrong function frees nothing: both still work. */
  csm_engine_free((csm_engine*)(void*)cal);
  csm_calendar_free((csm_calendar*)(void*)e);
  CHECK(csm_calendar_elapsed(cal, MON_0900, MON_1000, &ms) == CSM_OK && ms == 3600000);
  {
    char* json = NULL;
    CHECK(csm_engine_report_json(e, kQuery, strlen(kQuery), &json, NULL) == CSM_OK);
    csm_free(json);
  }
  csm_engine_free(e);
  csm_calendar_free(cal);
}

static void test_never_created(void) {
  /* Pointers to memory that never was a handle: a local, a string. */
  int64_t local[16] = {0};
  char text[] = "not a handle";
  check_engine_calls_refused((csm_engine*)(void*)local, "not a live csm_engine");
  check_calendar_calls_refused((const csm_calendar*)(void*)text, "not a live csm_calendar");
  csm_engine_free((csm_engine*)(void*)local);
  csm_calendar_free((csm_calendar*)(void*)text);
  CHECK(local[0] == 0 && strcmp(text, "not a handle") == 0);
  /* NULL is still "is NULL", and freeing NULL still does nothing. */
  {
    char* json = NULL;
    CHECK(csm_engine_report_json(NULL, kQuery, strlen(kQuery), &json, NULL) ==
              CSM_INVALID_ARGUMENT &&
          message_has("e is NULL"));
  }
  csm_engine_free(NULL);
  csm_calendar_free(NULL);
}

static void test_live_handles_still_work(void) {
  /* Many handles created and freed in any order: each live one answers. */
  csm_engine* engines[32];
  int i;
  for (i = 0; i < 32; ++i) CHECK(csm_engine_create("{}", 2, &engines[i]) == CSM_OK);
  for (i = 0; i < 32; i += 2) csm_engine_free(engines[i]);
  for (i = 1; i < 32; i += 2) {
    csm_ingest_result r = CSM_INGEST_RESULT_INIT;
    CHECK(csm_engine_ingest_jsonl(engines[i], kLine, strlen(kLine), &r) == CSM_OK &&
          r.accepted == 1);
    csm_engine_free(engines[i]);
  }
}

int main(void) {
  test_freed_engine();
  test_freed_calendar();
  test_wrong_type();
  test_never_created();
  test_live_handles_still_work();
  FINISH();
}
