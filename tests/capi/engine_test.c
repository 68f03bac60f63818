/* C ABI: every csm_engine_* function on good and bad input. One ticket
 * created Monday 2026-11-02 09:00Z, answered at 10:00Z and solved Tuesday
 * 10:00Z; the engine's calendar is Mon-Fri 09:00-17:00 UTC, so the first
 * reply takes 1 h (business 1 h) and the resolution 25 h (business 9 h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

#define MON_0900 INT64_C(1793610000000)
#define MON_1000 INT64_C(1793613600000)
#define TUE_1000 INT64_C(1793700000000)

static const char kConfig[] =
    "{\"calendars\": {\"default\": {\"timezone\": \"UTC\", \"weekly\": {"
    "  \"mon\": [[\"09:00\",\"17:00\"]], \"tue\": [[\"09:00\",\"17:00\"]],"
    "  \"wed\": [[\"09:00\",\"17:00\"]], \"thu\": [[\"09:00\",\"17:00\"]],"
    "  \"fri\": [[\"09:00\",\"17:00\"]]}}},"
    " \"views\": [{\"group_by\": [], \"grain\": \"hour\"}, {\"group_by\": [\"agent\"], \"grain\": "
    "\"day\"}]}";

static const char kTotals[] =
    "{\"grain\": \"all\", \"metrics\": [\"tickets_created\", "
    "\"tickets_solved\", \"first_reply_time\", \"full_resolution_time\"]}";

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static char* report(csm_engine* e, const char* query, csm_status* status) {
  char* json = NULL;
  size_t len = 0;
  *status = csm_engine_report_json(e, query, strlen(query), &json, &len);
  if (*status == CSM_OK) CHECK(len == strlen(json));
  return json;
}

static csm_engine* new_engine(void) {
  csm_engine* e = NULL;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  return e;
}

static void test_create(void) {
  csm_engine* e = NULL;
  CHECK(csm_engine_create("", 0, &e) == CSM_OK && e != NULL);
  csm_engine_free(e);
  e = NULL;
  CHECK(csm_engine_create("{\"views\": 3}", 12, &e) == CSM_INVALID_ARGUMENT && e == NULL);
  CHECK(contains(csm_last_error(), "views"));
  CHECK(csm_engine_create("{\"colour\": 1}", 13, &e) == CSM_INVALID_ARGUMENT && e == NULL);
  CHECK(csm_engine_create("{}\0", 3, &e) == CSM_INVALID_ARGUMENT && e == NULL);
  CHECK(csm_engine_create(NULL, 2, &e) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_create("{}", 2, NULL) == CSM_INVALID_ARGUMENT);
  csm_engine_free(NULL);
}

static void test_structs_and_names(void) {
  csm_event ev;
  csm_ingest_result r;
  memset(&ev, 0xAB, sizeof ev);
  CHECK(csm_event_init(&ev, sizeof ev) == CSM_OK && ev.size == sizeof ev && ev.type == 0 &&
        ev.has_value == 0);
  CHECK(csm_event_init(&ev, sizeof ev - 1) == CSM_INVALID_ARGUMENT);
  CHECK(csm_event_init(NULL, sizeof ev) == CSM_INVALID_ARGUMENT);
  CHECK(csm_ingest_result_init(&r, sizeof r) == CSM_OK && r.size == sizeof r && r.accepted == 0);
  CHECK(csm_ingest_result_init(&r, 8) == CSM_INVALID_ARGUMENT);
  CHECK(strcmp(csm_reject_reason_str(CSM_REJECT_OUT_OF_ORDER), "out_of_order") == 0);
  CHECK(strcmp(csm_reject_reason_str(CSM_REJECT_TICKET_RELEASED), "ticket_released") == 0);
  CHECK(strcmp(csm_reject_reason_str(0), "unknown") == 0);
  CHECK(strcmp(csm_reject_reason_str(99), "unknown") == 0);
}

static void test_intern(void) {
  csm_engine* e = new_engine();
  uint32_t a = 0, b = 0, t = 0;
  CHECK(csm_engine_intern(e, "agent", "alice", &a) == CSM_OK && a == 1);
  CHECK(csm_engine_intern(e, "agent", "bob", &b) == CSM_OK && b == 2);
  CHECK(csm_engine_intern(e, "agent", "alice", &a) == CSM_OK && a == 1);
  CHECK(csm_engine_intern(e, "ticket", "T-1", &t) == CSM_OK && t == 1);
  a = 77;
  CHECK(csm_engine_intern(e, "colour", "red", &a) == CSM_INVALID_ARGUMENT && a == 77);
  CHECK(csm_engine_intern(e, "agent", "", &a) == CSM_INVALID_ARGUMENT && a == 77);
  CHECK(csm_engine_intern(e, "agent", "\xC3\x28", &a) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_intern(NULL, "agent", "x", &a) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_intern(e, NULL, "x", &a) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_intern(e, "agent", NULL, &a) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_intern(e, "agent", "x", NULL) == CSM_INVALID_ARGUMENT);
  csm_engine_free(e);
}

/* The ticket of the header comment, as structs, plus one event for a
 * ticket never created. */
static csm_engine* engine_with_ticket(csm_ingest_result* r) {
  csm_engine* e = new_engine();
  csm_event events[5] = {CSM_EVENT_INIT, CSM_EVENT_INIT, CSM_EVENT_INIT, CSM_EVENT_INIT,
                         CSM_EVENT_INIT};
  uint32_t alice = 0, ticket = 0;
  CHECK(csm_engine_intern(e, "agent", "alice", &alice) == CSM_OK);
  CHECK(csm_engine_intern(e, "ticket", "T-1", &ticket) == CSM_OK);
  events[0].time_ms = MON_0900;
  events[0].ticket = CSM_TICKET_NAMED(ticket);
  events[0].type = CSM_EVENT_CREATED;
  events[1] = events[0];
  events[1].time_ms = MON_1000;
  events[1].type = CSM_EVENT_AGENT_REPLY;
  events[1].agent = alice;
  events[2] = events[1];
  events[2].ticket = 42; /* never created */
  events[3] = events[0];
  events[3].time_ms = TUE_1000;
  events[3].type = CSM_EVENT_STATUS;
  events[3].status = CSM_TICKET_SOLVED;
  events[4] = events[3];
  events[4].type = 99; /* no such type */
  CHECK(csm_engine_ingest(e, events, 5, r) == CSM_OK);
  return e;
}

static const char kByGroup[] = "{\"group_by\": [\"group\"]}";

static void test_ingest_and_report(void) {
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  csm_engine* e = engine_with_ticket(&r);
  csm_status status;
  char* json;
  CHECK(r.accepted == 3 && r.rejected == 2 && r.rejection_count == 2);
  CHECK(r.rejection_index[0] == 2 && r.rejection_reason[0] == CSM_REJECT_UNKNOWN_TICKET);
  CHECK(r.rejection_index[1] == 4 && r.rejection_reason[1] == CSM_REJECT_UNKNOWN_TYPE);

  json = report(e, kTotals, &status);
  CHECK(status == CSM_OK);
  CHECK(contains(json, "\"tickets_created\":1"));
  CHECK(contains(json, "\"tickets_solved\":1"));
  CHECK(contains(json, "\"first_reply_time\":{\"calendar\":{\"count\":1,\"mean\":3600.0"));
  CHECK(contains(json, "\"business\":{\"count\":1,\"mean\":3600.0"));
  CHECK(contains(json, "\"full_resolution_time\":{\"calendar\":{\"count\":1,\"mean\":90000.0"));
  CHECK(contains(json, "\"business\":{\"count\":1,\"mean\":32400.0"));
  CHECK(contains(
      json, "\"rejected\":{\"count\":2,\"reasons\":{\"unknown_ticket\":1,\"unknown_type\":1}}"));
  csm_free(json);

  json = report(e, "{\"group_by\": [\"agent\"], \"metrics\": [\"first_reply_time\"]}", &status);
  CHECK(status == CSM_OK && contains(json, "\"agent\":null"));
  csm_free(json);

  /* Errors: nothing written. */
  json = (char*)1;
  CHECK(csm_engine_report_json(e, kByGroup, strlen(kByGroup), &json, NULL) ==
            CSM_FAILED_PRECONDITION &&
        json == (char*)1);
  CHECK(contains(csm_last_error(), "\"group_by\": [\"group\"]"));
  CHECK(csm_engine_report_json(e, "{\"grain\": 5}", 12, &json, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_report_json(e, "{}", 2, NULL, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_report_json(NULL, "{}", 2, &json, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(json == (char*)1);
  csm_engine_free(e);
}

static void test_bad_ingest_arguments_change_nothing(void) {
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  csm_engine* e = new_engine();
  csm_event events[2] = {CSM_EVENT_INIT, CSM_EVENT_INIT};
  csm_status status;
  char* before;
  char* after;
  events[0].time_ms = MON_0900;
  events[0].ticket = 7;
  events[0].type = CSM_EVENT_CREATED;
  events[1] = events[0];
  events[1].ticket = 8;
  before = report(e, kTotals, &status);

  events[1].size = sizeof(csm_event) + 8; /* sizes must agree */
  CHECK(csm_engine_ingest(e, events, 2, &r) == CSM_INVALID_ARGUMENT && r.accepted == 0);
  events[1].size = sizeof(csm_event);
  events[0].size = 16; /* older than any version */
  CHECK(csm_engine_ingest(e, events, 2, &r) == CSM_INVALID_ARGUMENT);
  events[0].size = sizeof(csm_event);
  r.size = 8;
  CHECK(csm_engine_ingest(e, events, 2, &r) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_ingest(e, NULL, 2, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_ingest(NULL, events, 2, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_ingest_jsonl(e, NULL, 5, NULL) == CSM_INVALID_ARGUMENT);
  after = report(e, kTotals, &status);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  csm_free(after);

  /* A NaN rating is a rejected event, not an API error. */
  r.size = sizeof r;
  events[1].type = CSM_EVENT_CSAT;
  events[1].ticket = 7;
  events[1].has_value = 1;
  events[1].value = 0.0 / 0.0;
  CHECK(csm_engine_ingest(e, events, 2, &r) == CSM_OK);
  CHECK(r.accepted == 1 && r.rejected == 1 && r.rejection_reason[0] == CSM_REJECT_INVALID_FIELD);
  CHECK(csm_engine_ingest(e, events, 0, NULL) == CSM_OK);
  CHECK(csm_engine_ingest(e, NULL, 0, NULL) == CSM_OK);
  csm_free(before);
  csm_engine_free(e);
}

static void test_jsonl(void) {
  static const char kLines[] =
      "{\"time\": \"2026-11-02T04:00:00-05:00\", \"ticket\": \"A\", \"type\": \"created\"}\n"
      "\n"
      "{\"time\": 1793613600000, \"ticket\": \"A\", \"type\": \"agent_reply\", \"agent\": "
      "\"alice\"}\n"
      "not json\n"
      "{\"time\": \"2026-11-02T10:00:00Z\", \"ticket\": \"A\", \"type\": \"agent_reply\", "
      "\"agnet\": \"typo\"}\n";
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  csm_engine* e = new_engine();
  csm_status status;
  char* json;
  CHECK(csm_engine_ingest_jsonl(e, kLines, strlen(kLines), &r) == CSM_OK);
  CHECK(r.accepted == 2 && r.rejected == 2 && r.rejection_count == 2);
  CHECK(r.rejection_index[0] == 3 && r.rejection_reason[0] == CSM_REJECT_MALFORMED);
  CHECK(r.rejection_index[1] == 4 && r.rejection_reason[1] == CSM_REJECT_INVALID_FIELD);
  CHECK(csm_engine_ingest_jsonl(e, kLines, 0, NULL) == CSM_OK);
  json = report(e, kTotals, &status);
  CHECK(contains(json, "\"first_reply_time\":{\"calendar\":{\"count\":1,\"mean\":3600.0"));
  csm_free(json);
  csm_engine_free(e);
}

static void test_serialize_and_merge(void) {
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  csm_engine* e = engine_with_ticket(&r);
  csm_engine* copy = new_engine();
  uint8_t* bytes = NULL;
  size_t len = 0;
  csm_status status;
  char* a;
  char* b;
  CHECK(csm_engine_serialize(e, &bytes, &len) == CSM_OK && bytes != NULL && len > 6);
  CHECK(memcmp(bytes, "CSME", 4) == 0);
  CHECK(csm_engine_merge_serialized(copy, bytes, len) == CSM_OK);
  a = report(e, kTotals, &status);
  b = report(copy, kTotals, &status);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  csm_free(b);
  /* The same tickets twice: refused, nothing changes. */
  CHECK(csm_engine_merge_serialized(copy, bytes, len) == CSM_FAILED_PRECONDITION);
  CHECK(csm_engine_merge_serialized(copy, bytes, len / 2) == CSM_DATA_LOSS);
  CHECK(csm_engine_merge_serialized(copy, (const uint8_t*)"nope", 4) == CSM_DATA_LOSS);
  CHECK(csm_engine_merge_serialized(copy, NULL, 0) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_merge_serialized(NULL, bytes, len) == CSM_INVALID_ARGUMENT);
  b = report(copy, kTotals, &status);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  CHECK(csm_engine_serialize(e, NULL, &len) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_serialize(NULL, &bytes, &len) == CSM_INVALID_ARGUMENT);
  csm_free(a);
  csm_free(b);
  csm_free(bytes);
  csm_engine_free(copy);
  csm_engine_free(e);
}

/* A state reopened without its config: the config comes from the bytes. */
static void test_create_from_state(void) {
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  csm_engine* e = engine_with_ticket(&r);
  csm_engine* restored = NULL;
  csm_engine* none = (csm_engine*)1; /* sentinel: must stay as is on failure */
  uint8_t* bytes = NULL;
  uint8_t* again = NULL;
  size_t len = 0, again_len = 0;
  csm_status status;
  char* a;
  char* b;
  CHECK(csm_engine_serialize(e, &bytes, &len) == CSM_OK);
  CHECK(csm_engine_create_from_state(bytes, len, &restored) == CSM_OK && restored != NULL);
  a = report(e, kTotals, &status);
  b = report(restored, kTotals, &status);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  /* Its state merges back only where the config agrees. */
  CHECK(csm_engine_serialize(restored, &again, &again_len) == CSM_OK);
  CHECK(csm_engine_merge_serialized(e, again, again_len) == CSM_FAILED_PRECONDITION);
  CHECK(csm_engine_create_from_state(bytes, len / 2, &none) == CSM_DATA_LOSS);
  CHECK(csm_engine_create_from_state((const uint8_t*)"nope", 4, &none) == CSM_DATA_LOSS);
  CHECK(csm_engine_create_from_state(NULL, 0, &none) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_create_from_state(bytes, len, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(none == (csm_engine*)1);
  csm_free(a);
  csm_free(b);
  csm_free(bytes);
  csm_free(again);
  csm_engine_free(restored);
  csm_engine_free(e);
}

int main(void) {
  test_create();
  test_structs_and_names();
  test_intern();
  test_ingest_and_report();
  test_bad_ingest_arguments_change_nothing();
  test_jsonl();
  test_serialize_and_merge();
  test_create_from_state();
  FINISH();
}
