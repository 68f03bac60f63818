/* Live queries through the C ABI: csm_engine_advance and
 * csm_engine_live_json on good and bad queries, now earlier than the clock,
 * NULL arguments and a freed handle.
 * On every failure nothing is written to the out-parameters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

/* 2026-11-02T09:00:00Z (a Monday). */
#define MON_0900 INT64_C(1793610000000)
#define MINUTE INT64_C(60000)

static const char kEvents[] =
    "{\"time\": 1793610000000, \"ticket\": \"T-1\", \"type\": \"created\", \"group\": \"tier1\","
    " \"priority\": \"urgent\"}\n"
    "{\"time\": 1793610000000, \"ticket\": \"T-1\", \"type\": \"queued\"}\n"
    "{\"time\": 1793610060000, \"type\": \"agent_state\", \"agent\": \"alice\","
    " \"status\": \"available\", \"group\": \"tier1\"}\n";

static int message_has(const char* needle) { return strstr(csm_last_error(), needle) != NULL; }

static csm_engine* new_engine(void) {
  static const char config[] = "{\"views\": [{\"group_by\": [\"group\"], \"grain\": \"hour\"}]}";
  csm_engine* e = NULL;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  CHECK(csm_engine_create(config, strlen(config), &e) == CSM_OK);
  CHECK(csm_engine_ingest_jsonl(e, kEvents, strlen(kEvents), &r) == CSM_OK);
  CHECK(r.accepted == 3 && r.rejected == 0);
  return e;
}

/* A failing call writes nothing: json stays NULL and len 77. */
static void expect_error(csm_engine* e, const char* query, int64_t now, csm_status status,
                         const char* why) {
  char* json = NULL;
  size_t len = 77;
  CHECK(csm_engine_live_json(e, query, strlen(query), now, &json, &len) == status);
  CHECK(message_has(why));
  if (!message_has(why)) fprintf(stderr, "  query %s: %s\n", query, csm_last_error());
  CHECK(json == NULL && len == 77);
}

static void test_answers(void) {
  static const char kQueue[] = "{\"kind\": \"queue\", \"group_by\": [\"group\"]}";
  static const char kTicket[] = "{\"kind\": \"ticket\", \"ticket\": \"T-1\"}";
  csm_engine* e = new_engine();
  char* json = NULL;
  size_t len = 0;
  CHECK(csm_engine_live_json(e, kQueue, strlen(kQueue), MON_0900 + 10 * MINUTE, &json, &len) ==
        CSM_OK);
  CHECK(json != NULL && strlen(json) == len);
  /* T-1 waits in tier1 since 09:00: 600 s at 09:10; alice is available. */
  CHECK(json != NULL && strstr(json, "\"group\":\"tier1\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"count\":1,\"longest_wait\":600.0") != NULL);
  CHECK(json != NULL && strstr(json, "\"available\":1") != NULL);
  csm_free(json);
  json = NULL;
  CHECK(csm_engine_live_json(e, kTicket, strlen(kTicket), MON_0900 + 10 * MINUTE, &json, NULL) ==
        CSM_OK);
  CHECK(json != NULL && strstr(json, "\"priority\":\"urgent\"") != NULL);
  csm_free(json);
  json = NULL;
  /* live_json did not move the clock: the latest event (09:01) still works. */
  CHECK(csm_engine_live_json(e, kQueue, strlen(kQueue), MON_0900 + MINUTE, &json, NULL) == CSM_OK);
  csm_free(json);
  csm_engine_free(e);
}

static void test_bad_queries(void) {
  csm_engine* e = new_engine();
  const int64_t now = MON_0900 + 10 * MINUTE;
  expect_error(e, "{\"kind\": \"breaches\"}", now, CSM_INVALID_ARGUMENT, "unknown kind");
  expect_error(e, "{\"within\": 60}", now, CSM_INVALID_ARGUMENT, "\"kind\" is required");
  expect_error(e, "{\"kind\": \"sla_due\", \"within\": -1}", now, CSM_INVALID_ARGUMENT,
               "within must not be negative");
  expect_error(e, "{\"kind\": \"sla_due\", \"limit\": 0}", now, CSM_INVALID_ARGUMENT,
               "limit must be an integer");
  expect_error(e, "{\"kind\": \"queue\", \"colour\": 1}", now, CSM_INVALID_ARGUMENT,
               "unknown key \"colour\"");
  expect_error(e, "{\"kind\": ", now, CSM_INVALID_ARGUMENT, "live query");
  expect_error(e, "", now, CSM_INVALID_ARGUMENT, "live query");
  expect_error(e, "{\"kind\": \"ticket\", \"ticket\": \"T-404\"}", now, CSM_NOT_FOUND,
               "is not a live ticket");
  {
    static const char kNul[] = "{\"kind\": \"queue\"}\0 trailing";
    char* json = NULL;
    CHECK(csm_engine_live_json(e, kNul, sizeof kNul - 1, now, &json, NULL) ==
              CSM_INVALID_ARGUMENT &&
          message_has("NUL"));
    CHECK(json == NULL);
  }
  {
    static const char kBadUtf8[] = "{\"kind\": \"\xff\"}";
    char* json = NULL;
    CHECK(csm_engine_live_json(e, kBadUtf8, strlen(kBadUtf8), now, &json, NULL) ==
          CSM_INVALID_ARGUMENT);
    CHECK(json == NULL);
  }
  csm_engine_free(e);
}

static void test_now_before_clock(void) {
  csm_engine* e = new_engine();
  /* The clock is the latest event, 09:01. */
  expect_error(e, "{\"kind\": \"queue\"}", MON_0900 + MINUTE - 1, CSM_OUT_OF_RANGE,
               "earlier than the engine's clock");
  expect_error(e, "{\"kind\": \"queue\"}", INT64_C(-1), CSM_OUT_OF_RANGE, "outside 1970..2200");
  expect_error(e, "{\"kind\": \"queue\"}", INT64_MAX, CSM_OUT_OF_RANGE, "outside 1970..2200");
  csm_engine_free(e);
}

static void test_null_and_freed(void) {
  static const char kQueue[] = "{\"kind\": \"queue\"}";
  csm_engine* e = new_engine();
  char* json = NULL;
  size_t len = 77;
  const int64_t now = MON_0900 + 10 * MINUTE;
  CHECK(csm_engine_live_json(NULL, kQueue, strlen(kQueue), now, &json, &len) ==
            CSM_INVALID_ARGUMENT &&
        message_has("e is NULL"));
  CHECK(csm_engine_live_json(e, NULL, 3, now, &json, &len) == CSM_INVALID_ARGUMENT &&
        message_has("query_json is NULL"));
  CHECK(csm_engine_live_json(e, kQueue, strlen(kQueue), now, NULL, &len) == CSM_INVALID_ARGUMENT &&
        message_has("out_json is NULL"));
  CHECK(json == NULL && len == 77);
  csm_engine_free(e);
  CHECK(csm_engine_live_json(e, kQueue, strlen(kQueue), now, &json, &len) == CSM_INVALID_ARGUMENT &&
        message_has("not a live csm_engine"));
  CHECK(json == NULL && len == 77);
}

static void test_advance(void) {
  static const char kConfig[] =
      "{\"sla_policies\": [{\"name\": \"p\", \"targets\": [{\"priority\": \"*\","
      " \"metric\": \"first_reply_time\", \"seconds\": 600, \"business\": false}]}]}";
  static const char kCreated[] =
      "{\"time\": 1793610000000, \"ticket\": \"T-1\", \"type\": \"created\"}\n";
  static const char kDue[] = "{\"kind\": \"sla_due\", \"within\": 0}";
  static const char kLate[] =
      "{\"time\": 1793610060000, \"ticket\": \"T-1\", \"type\": \"agent_reply\"}\n";
  csm_engine* e = NULL;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  char* json = NULL;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  CHECK(csm_engine_ingest_jsonl(e, kCreated, strlen(kCreated), &r) == CSM_OK && r.accepted == 1);
  /* Due 09:10. Advanced to 09:11 with no event: the breach is recorded. */
  CHECK(csm_engine_advance(e, MON_0900 + 11 * MINUTE) == CSM_OK);
  CHECK(csm_engine_advance(e, MON_0900 + 11 * MINUTE) == CSM_OK); /* equal: nothing */
  CHECK(csm_engine_live_json(e, kDue, strlen(kDue), MON_0900 + 11 * MINUTE, &json, NULL) == CSM_OK);
  CHECK(json != NULL && strstr(json, "\"breached\":true") != NULL);
  CHECK(json != NULL &&
        strstr(json, "\"remaining\":{\"calendar\":-60.0,\"business\":null}") != NULL);
  csm_free(json);
  /* Earlier than the clock: refused, for advance and for live queries. */
  CHECK(csm_engine_advance(e, MON_0900 + 10 * MINUTE) == CSM_OUT_OF_RANGE &&
        message_has("earlier than the engine's clock"));
  expect_error(e, kDue, MON_0900 + 10 * MINUTE, CSM_OUT_OF_RANGE,
               "earlier than the engine's clock");
  CHECK(csm_engine_advance(e, INT64_C(-1)) == CSM_OUT_OF_RANGE);
  /* An event before the advanced clock is out of order now. */
  CHECK(csm_engine_ingest_jsonl(e, kLate, strlen(kLate), &r) == CSM_OK);
  CHECK(r.rejected == 1 && r.rejection_reason[0] == CSM_REJECT_OUT_OF_ORDER);
  CHECK(csm_engine_advance(NULL, MON_0900) == CSM_INVALID_ARGUMENT && message_has("e is NULL"));
  csm_engine_free(e);
  CHECK(csm_engine_advance(e, MON_0900 + 20 * MINUTE) == CSM_INVALID_ARGUMENT &&
        message_has("not a live csm_engine"));
}

int main(void) {
  test_advance();
  test_answers();
  test_bad_queries();
  test_now_before_clock();
  test_null_and_freed();
  FINISH();
}
