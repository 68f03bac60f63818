/* C ABI under hostile input: every csm_* function with NULL pointers, wrong
 * struct sizes, NaN / infinities / huge values, instants far outside
 * 1970..2200, invalid UTF-8 and over-long names, out-of-order and duplicate
 * events, and engine states that are corrupt, truncated, of another version
 * or of another config.
 *
 * Two kinds of failure, two checks:
 *  - misuse (a bad argument): a specific status, a message, nothing written
 *    to outputs, and the engine's observable state -- its report JSON and
 *    its serialization -- byte-identical before and after;
 *  - bad data (an event the rules refuse): CSM_OK, the event rejected with
 *    a specific reason, and the report identical except for its "rejected"
 *    section, whose count grows by exactly the events rejected. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

#define MON_0900 INT64_C(1793610000000) /* 2026-11-02T09:00Z */
#define MON_1000 INT64_C(1793613600000)
#define TUE_1000 INT64_C(1793700000000)
#define MAX_MS INT64_C(7258118400000) /* 2200-01-01T00:00Z */

static const char kConfig[] =
    "{\"calendars\": {\"office\": {\"timezone\": \"UTC\", \"weekly\": {"
    "  \"mon\": [[\"09:00\",\"17:00\"]], \"tue\": [[\"09:00\",\"17:00\"]]}}},"
    " \"group_calendars\": {\"support\": \"office\"},"
    " \"views\": [{\"group_by\": [], \"grain\": \"hour\"},"
    "            {\"group_by\": [\"agent\", \"channel\"], \"grain\": \"day\"}]}";

static const char kQueryTotal[] = "{\"grain\": \"all\"}";
static const char kQueryAgents[] = "{\"group_by\": [\"agent\", \"channel\"], \"grain\": \"day\"}";

static int message_has(const char* needle) { return strstr(csm_last_error(), needle) != NULL; }

/* ------------------------------------------------------------ snapshots */

typedef struct snapshot {
  char* total;
  char* agents;
  uint8_t* state;
  size_t state_len;
} snapshot;

static char* report(csm_engine* e, const char* query) {
  char* json = NULL;
  size_t len = 0;
  CHECK(csm_engine_report_json(e, query, strlen(query), &json, &len) == CSM_OK);
  return json;
}

static snapshot take(csm_engine* e) {
  snapshot s = {NULL, NULL, NULL, 0};
  s.total = report(e, kQueryTotal);
  s.agents = report(e, kQueryAgents);
  CHECK(csm_engine_serialize(e, &s.state, &s.state_len) == CSM_OK);
  return s;
}

static void release(snapshot* s) {
  csm_free(s->total);
  csm_free(s->agents);
  csm_free(s->state);
}

static int same_text(const char* a, const char* b) {
  return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Misuse: byte-identical report and serialization. */
static int unchanged(csm_engine* e, const snapshot* before) {
  snapshot now = take(e);
  const int same = same_text(now.total, before->total) && same_text(now.agents, before->agents) &&
                   now.state_len == before->state_len &&
                   memcmp(now.state, before->state, now.state_len) == 0;
  release(&now);
  return same;
}

/* The report with its "rejected": {...} object cut out (a malloc'ed copy),
 * and that section's count in *count. */
static char* without_rejected(const char* json, unsigned long* count) {
  const char* start;
  const char* end;
  char* out;
  int depth = 0;
  if (json == NULL || (start = strstr(json, "\"rejected\":{")) == NULL) return NULL;
  *count = strtoul(strstr(start, "\"count\":") + 8, NULL, 10);
  for (end = strchr(start, '{'); *end != '\0'; ++end) {
    if (*end == '{') ++depth;
    if (*end == '}' && --depth == 0) break;
  }
  out = malloc(strlen(json) + 1);
  memcpy(out, json, (size_t)(start - json));
  strcpy(out + (start - json), end + 1);
  return out;
}

/* Bad data: the same report but for `extra` more rejections. */
static int same_but_rejected(csm_engine* e, const snapshot* before, unsigned long extra) {
  char* now[2];
  const char* then[2];
  int same = 1;
  int i;
  now[0] = report(e, kQueryTotal);
  now[1] = report(e, kQueryAgents);
  then[0] = before->total;
  then[1] = before->agents;
  for (i = 0; i < 2; ++i) {
    unsigned long n_now = 0, n_then = 0;
    char* a = without_rejected(now[i], &n_now);
    char* b = without_rejected(then[i], &n_then);
    same = same && same_text(a, b) && n_now == n_then + extra;
    free(a);
    free(b);
    csm_free(now[i]);
  }
  return same;
}

/* ------------------------------------------------------------- fixtures */

static uint32_t intern(csm_engine* e, const char* field, const char* value) {
  uint32_t id = 0;
  CHECK(csm_engine_intern(e, field, value, &id) == CSM_OK);
  return id;
}

static csm_event event(int64_t t, uint64_t ticket, int type) {
  csm_event ev = CSM_EVENT_INIT;
  ev.time_ms = t;
  ev.ticket = ticket;
  ev.type = type;
  return ev;
}

/* Ticket 1: created Monday 09:00 by alice over email, answered at 10:00,
 * solved Tuesday 10:00 and rated 4. Ticket 2: created, still open. */
static csm_engine* new_engine(void) {
  csm_engine* e = NULL;
  csm_event evs[5];
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  uint32_t alice, email, support;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  alice = intern(e, "agent", "alice");
  email = intern(e, "channel", "email");
  support = intern(e, "group", "support");
  evs[0] = event(MON_0900, 1, CSM_EVENT_CREATED);
  evs[0].channel = email;
  evs[0].group = support;
  evs[1] = event(MON_1000, 1, CSM_EVENT_AGENT_REPLY);
  evs[1].agent = alice;
  evs[2] = event(TUE_1000, 1, CSM_EVENT_STATUS);
  evs[2].status = CSM_TICKET_SOLVED;
  evs[3] = event(TUE_1000 + 1000, 1, CSM_EVENT_CSAT);
  evs[3].has_value = 1;
  evs[3].value = 4;
  evs[4] = event(MON_1000, 2, CSM_EVENT_CREATED);
  CHECK(csm_engine_ingest(e, evs, 5, &r) == CSM_OK && r.accepted == 5 && r.rejected == 0);
  return e;
}

/* Ingests one event that must be rejected for `reason`; the engine must be
 * the same but for that one rejection. */
static void expect_rejected(csm_engine* e, csm_event ev, int reason) {
  snapshot before = take(e);
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  CHECK(csm_engine_ingest(e, &ev, 1, &r) == CSM_OK);
  CHECK(r.accepted == 0 && r.rejected == 1 && r.rejection_count == 1);
  CHECK(r.rejection_index[0] == 0 && r.rejection_reason[0] == reason);
  CHECK(same_but_rejected(e, &before, 1));
  release(&before);
}

static void expect_jsonl_rejected(csm_engine* e, const char* line, int reason) {
  const size_t len = strlen(line);
  snapshot before = take(e);
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  CHECK(csm_engine_ingest_jsonl(e, line, len, &r) == CSM_OK);
  CHECK(r.accepted == 0 && r.rejected == 1 && r.rejection_reason[0] == reason);
  CHECK(same_but_rejected(e, &before, 1));
  release(&before);
}

/* ------------------------------------------------------------ the tests */

static void test_static_functions(void) {
  CHECK(csm_version() != NULL && csm_version_number() == CSM_VERSION_NUMBER);
  CHECK(strcmp(csm_status_str((csm_status)-1), "CSM_UNKNOWN_STATUS") == 0);
  CHECK(strcmp(csm_status_str((csm_status)100000), "CSM_UNKNOWN_STATUS") == 0);
  CHECK(strcmp(csm_reject_reason_str(-7), "unknown") == 0);
  CHECK(strcmp(csm_reject_reason_str(CSM_REJECT_LIMIT_EXCEEDED), "limit_exceeded") == 0);
  CHECK(csm_last_error() != NULL);
  csm_free(NULL);
  csm_engine_free(NULL);
  csm_calendar_free(NULL);
}

static void test_engine_null_pointers(void) {
  csm_engine* e = new_engine();
  snapshot before = take(e);
  csm_engine* out = (csm_engine*)&before; /* a sentinel that must survive */
  uint32_t id = 77;
  char* json = (char*)&before;
  size_t len = 77;
  uint8_t* bytes = (uint8_t*)&before;
  csm_event ev = event(MON_1000, 1, CSM_EVENT_NOTE);
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;

  CHECK(csm_engine_create(NULL, 5, &out) == CSM_INVALID_ARGUMENT && message_has("config_json"));
  CHECK(out == (csm_engine*)&before);
  CHECK(csm_engine_create("{}", 2, NULL) == CSM_INVALID_ARGUMENT && message_has("out"));
  CHECK(csm_event_init(NULL, sizeof(csm_event)) == CSM_INVALID_ARGUMENT);
  CHECK(csm_ingest_result_init(NULL, sizeof(csm_ingest_result)) == CSM_INVALID_ARGUMENT);

  CHECK(csm_engine_intern(NULL, "agent", "x", &id) == CSM_INVALID_ARGUMENT && message_has("e "));
  CHECK(csm_engine_intern(e, NULL, "x", &id) == CSM_INVALID_ARGUMENT && message_has("field"));
  CHECK(csm_engine_intern(e, "agent", NULL, &id) == CSM_INVALID_ARGUMENT && message_has("value"));
  CHECK(csm_engine_intern(e, "agent", "x", NULL) == CSM_INVALID_ARGUMENT && message_has("out_id"));
  CHECK(id == 77);

  CHECK(csm_engine_ingest(NULL, &ev, 1, &r) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_ingest(e, NULL, 1, &r) == CSM_INVALID_ARGUMENT && message_has("events"));
  CHECK(csm_engine_ingest_jsonl(NULL, "{}", 2, &r) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_ingest_jsonl(e, NULL, 2, &r) == CSM_INVALID_ARGUMENT && message_has("data"));
  CHECK(r.accepted == 0 && r.rejected == 0); /* untouched */

  CHECK(csm_engine_report_json(NULL, "{}", 2, &json, &len) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_report_json(e, NULL, 2, &json, &len) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_report_json(e, "{}", 2, NULL, &len) == CSM_INVALID_ARGUMENT &&
        message_has("out_json"));
  CHECK(json == (char*)&before && len == 77);

  CHECK(csm_engine_serialize(NULL, &bytes, &len) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_serialize(e, NULL, &len) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_serialize(e, &bytes, NULL) == CSM_INVALID_ARGUMENT && message_has("out_len"));
  CHECK(bytes == (uint8_t*)&before && len == 77);
  CHECK(csm_engine_merge_serialized(NULL, before.state, before.state_len) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_merge_serialized(e, NULL, 10) == CSM_INVALID_ARGUMENT && message_has("data"));

  /* Empty input is not misuse: nothing to do. */
  CHECK(csm_engine_ingest(e, NULL, 0, &r) == CSM_OK && r.accepted == 0 && r.rejected == 0);
  CHECK(csm_engine_ingest_jsonl(e, NULL, 0, NULL) == CSM_OK);
  CHECK(unchanged(e, &before));
  release(&before);
  csm_engine_free(e);
}

static void test_wrong_struct_sizes(void) {
  csm_engine* e = new_engine();
  snapshot before = take(e);
  csm_event evs[3];
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  csm_ingest_result small = CSM_INGEST_RESULT_INIT;
  evs[0] = event(MON_1000, 2, CSM_EVENT_NOTE);
  evs[1] = event(MON_1000, 2, CSM_EVENT_NOTE);
  evs[2] = event(MON_1000, 2, CSM_EVENT_NOTE);

  CHECK(csm_event_init(&evs[0], 0) == CSM_INVALID_ARGUMENT && message_has("size"));
  CHECK(csm_event_init(&evs[0], sizeof(csm_event) - 1) == CSM_INVALID_ARGUMENT);
  CHECK(evs[0].size == sizeof(csm_event) && evs[0].type == CSM_EVENT_NOTE); /* untouched */
  CHECK(csm_ingest_result_init(&r, 0) == CSM_INVALID_ARGUMENT);

  evs[0].size = 0;
  CHECK(csm_engine_ingest(e, evs, 3, &r) == CSM_INVALID_ARGUMENT && message_has("events[0].size"));
  evs[0].size = sizeof(csm_event) - 8;
  CHECK(csm_engine_ingest(e, evs, 3, &r) == CSM_INVALID_ARGUMENT);
  /* A size no version will ever have: the library must not step through
   * the caller's memory by it (the last element would be far away). */
  evs[0].size = SIZE_MAX;
  CHECK(csm_engine_ingest(e, evs, 3, &r) == CSM_INVALID_ARGUMENT && message_has("events[0].size"));
  evs[0].size = (size_t)1 << 40;
  CHECK(csm_engine_ingest(e, evs, 2, &r) == CSM_INVALID_ARGUMENT);
  evs[0].size = sizeof(csm_event);
  evs[2].size = sizeof(csm_event) + 8; /* elements must agree */
  CHECK(csm_engine_ingest(e, evs, 3, &r) == CSM_INVALID_ARGUMENT && message_has("events[2].size"));
  evs[2].size = sizeof(csm_event);
  small.size = sizeof(csm_ingest_result) - 1;
  CHECK(csm_engine_ingest(e, evs, 3, &small) == CSM_INVALID_ARGUMENT && message_has("out->size"));
  CHECK(csm_engine_ingest_jsonl(e, "", 0, &small) == CSM_INVALID_ARGUMENT);
  CHECK(r.accepted == 0 && r.rejected == 0 && small.accepted == 0);
  CHECK(unchanged(e, &before));
  release(&before);
  csm_engine_free(e);
}

static void test_bad_numbers_and_times(void) {
  csm_engine* e = new_engine();
  csm_event ev;
  const int64_t bad_times[] = {INT64_MIN, -1, MAX_MS + 1, INT64_MAX};
  const double bad_values[] = {NAN, INFINITY, -INFINITY, 1e308, -1e308, 0.0, 6.0};
  size_t i;
  for (i = 0; i < sizeof bad_times / sizeof bad_times[0]; ++i) {
    expect_rejected(e, event(bad_times[i], 2, CSM_EVENT_NOTE), CSM_REJECT_INVALID_FIELD);
    expect_rejected(e, event(bad_times[i], 99, CSM_EVENT_CREATED), CSM_REJECT_INVALID_FIELD);
  }
  for (i = 0; i < sizeof bad_values / sizeof bad_values[0]; ++i) {
    ev = event(TUE_1000 + 5000, 1, CSM_EVENT_CSAT);
    ev.has_value = 1;
    ev.value = bad_values[i];
    expect_rejected(e, ev, CSM_REJECT_INVALID_FIELD);
  }
  ev = event(MON_1000, 0, CSM_EVENT_COST);
  ev.has_value = 1;
  ev.value = -INFINITY;
  expect_rejected(e, ev, CSM_REJECT_INVALID_FIELD);
  ev.value = NAN;
  expect_rejected(e, ev, CSM_REJECT_INVALID_FIELD);
  /* Codes and ids outside their ranges. */
  expect_rejected(e, event(MON_1000, 2, 0), CSM_REJECT_UNKNOWN_TYPE);
  expect_rejected(e, event(MON_1000, 2, -5), CSM_REJECT_UNKNOWN_TYPE);
  expect_rejected(e, event(MON_1000, 2, 100000), CSM_REJECT_UNKNOWN_TYPE);
  ev = event(MON_1000, 2, CSM_EVENT_STATUS);
  ev.status = 99;
  expect_rejected(e, ev, CSM_REJECT_INVALID_FIELD);
  ev.status = -1;
  expect_rejected(e, ev, CSM_REJECT_INVALID_FIELD);
  ev = event(MON_1000, 2, CSM_EVENT_AGENT_REPLY);
  ev.agent = 0xFFFFFFFFu; /* never interned */
  expect_rejected(e, ev, CSM_REJECT_INVALID_FIELD);
  expect_rejected(e, event(MON_1000, UINT64_MAX, CSM_EVENT_NOTE), CSM_REJECT_INVALID_FIELD);
  expect_rejected(e, event(MON_1000, CSM_TICKET_NAMED(0), CSM_EVENT_CREATED),
                  CSM_REJECT_INVALID_FIELD);
  expect_rejected(e, event(MON_1000, 0, CSM_EVENT_NOTE), CSM_REJECT_INVALID_FIELD);
  /* The same through JSON Lines (1e400 is JSON; it is no time). */
  expect_jsonl_rejected(e, "{\"time\": 1e400, \"ticket\": 2, \"type\": \"note\"}",
                        CSM_REJECT_INVALID_FIELD);
  expect_jsonl_rejected(e, "{\"time\": -1, \"ticket\": 2, \"type\": \"note\"}",
                        CSM_REJECT_INVALID_FIELD);
  expect_jsonl_rejected(e,
                        "{\"time\": \"9999-01-01T00:00:00Z\", \"ticket\": 2, \"type\": \"note\"}",
                        CSM_REJECT_INVALID_FIELD);
  expect_jsonl_rejected(
      e, "{\"time\": 1793613600000, \"ticket\": 1, \"type\": \"csat\", \"value\": 1e999}",
      CSM_REJECT_INVALID_FIELD);
  expect_jsonl_rejected(e, "{\"time\": 1793613600000, \"ticket\": -3, \"type\": \"note\"}",
                        CSM_REJECT_INVALID_FIELD);
  csm_engine_free(e);
}

static void test_bad_config(void) {
  csm_engine* e = (csm_engine*)&e;
  static const char* const kBad[] = {
      "{\"options\": {\"reopen_window\": 1e999}}",
      "{\"options\": {\"reopen_window\": -1}}",
      "{\"options\": {\"allowed_lateness\": 1e300}}",
      "{\"options\": {\"max_open_tickets\": 0}}",
      "{\"options\": {\"max_distinct_values\": 1e20}}",
      "{\"options\": {\"histogram_edges\": [1, 1e999]}}",
      "{\"timezone\": \"Mars/Olympus_Mons\"}",
      "{\"views\": [{\"group_by\": [\"agent\", \"agent\"]}]}",
      "{\"timezone\": \"\xff\xfe\"}",
  };
  size_t i;
  for (i = 0; i < sizeof kBad / sizeof kBad[0]; ++i) {
    CHECK(csm_engine_create(kBad[i], strlen(kBad[i]), &e) == CSM_INVALID_ARGUMENT);
    CHECK(strlen(csm_last_error()) > 0);
    CHECK(e == (csm_engine*)&e);
  }
}

static void test_bad_names(void) {
  csm_engine* e = new_engine();
  snapshot before = take(e);
  char long_name[2048];
  uint32_t id = 77;
  char line[2300];
  static const char* const kInvalid[] = {
      "\xff",
      "\xc0\xaf",         /* overlong '/' */
      "\xed\xa0\x80",     /* a surrogate */
      "\xf4\x90\x80\x80", /* above U+10FFFF */
      "abc\xe2\x82",      /* truncated sequence */
      "tab\there",
      "",
  };
  size_t i;
  for (i = 0; i < sizeof kInvalid / sizeof kInvalid[0]; ++i) {
    CHECK(csm_engine_intern(e, "agent", kInvalid[i], &id) == CSM_INVALID_ARGUMENT);
    CHECK(message_has("agent"));
    CHECK(csm_engine_intern(e, "ticket", kInvalid[i], &id) == CSM_INVALID_ARGUMENT);
  }
  memset(long_name, 'x', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  CHECK(csm_engine_intern(e, "customer", long_name, &id) == CSM_INVALID_ARGUMENT &&
        message_has("longer than 1024"));
  long_name[1025] = '\0';
  CHECK(csm_engine_intern(e, "customer", long_name, &id) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_intern(e, "colour", "red", &id) == CSM_INVALID_ARGUMENT &&
        message_has("colour"));
  CHECK(csm_engine_intern(e, "\xff", "red", &id) == CSM_INVALID_ARGUMENT);
  CHECK(id == 77);
  CHECK(unchanged(e, &before));
  release(&before);

  /* Through JSON Lines: the line is rejected and interns nothing. */
  expect_jsonl_rejected(e,
                        "{\"time\": 1793613600000, \"ticket\": 2, \"type\": \"agent_reply\", "
                        "\"agent\": \"\xff\xfe\"}",
                        CSM_REJECT_MALFORMED);
  expect_jsonl_rejected(e,
                        "{\"time\": 1793613600000, \"ticket\": 2, \"type\": \"agent_reply\", "
                        "\"agent\": \"\\u0007bell\"}",
                        CSM_REJECT_INVALID_FIELD);
  long_name[1500] = '\0';
  memset(long_name, 'y', 1500);
  strcpy(line, "{\"time\": 1793613600000, \"ticket\": \"");
  strcat(line, long_name);
  strcat(line, "\", \"type\": \"created\"}");
  expect_jsonl_rejected(e, line, CSM_REJECT_INVALID_FIELD);
  strcpy(line, "{\"time\": 1793613600000, \"ticket\": 2, \"type\": \"agent_reply\", \"agent\": \"");
  strcat(line, long_name);
  strcat(line, "\"}");
  expect_jsonl_rejected(e, line, CSM_REJECT_INVALID_FIELD);
  /* A NUL inside the line. */
  expect_jsonl_rejected(e, "{\"time\": 1793613600000, \"ticket\": 2, \"type\": \"note\"\0}",
                        CSM_REJECT_MALFORMED);
  csm_engine_free(e);
}

static void test_order_and_duplicates(void) {
  csm_engine* e = new_engine();
  expect_rejected(e, event(MON_0900, 1, CSM_EVENT_CREATED), CSM_REJECT_DUPLICATE_CREATED);
  expect_rejected(e, event(MON_1000 + 5, 2, CSM_EVENT_CREATED), CSM_REJECT_DUPLICATE_CREATED);
  /* Ticket 1's last event is Tuesday 10:00:01: Monday is too late. */
  expect_rejected(e, event(MON_0900, 1, CSM_EVENT_CUSTOMER_MESSAGE), CSM_REJECT_OUT_OF_ORDER);
  expect_rejected(e, event(MON_1000, 3, CSM_EVENT_NOTE), CSM_REJECT_UNKNOWN_TICKET);
  /* A batch: accepted + rejected == n, the rejections named by index. */
  {
    csm_event evs[4];
    csm_ingest_result r = CSM_INGEST_RESULT_INIT;
    evs[0] = event(TUE_1000, 2, CSM_EVENT_NOTE);
    evs[1] = event(MON_0900, 2, CSM_EVENT_NOTE); /* out of order */
    evs[2] = event(TUE_1000, 2, CSM_EVENT_NOTE); /* the same again: fine */
    evs[3] = event(TUE_1000, 2, CSM_EVENT_CREATED);
    CHECK(csm_engine_ingest(e, evs, 4, &r) == CSM_OK);
    CHECK(r.accepted == 2 && r.rejected == 2 && r.rejection_count == 2);
    CHECK(r.rejection_index[0] == 1 && r.rejection_reason[0] == CSM_REJECT_OUT_OF_ORDER);
    CHECK(r.rejection_index[1] == 3 && r.rejection_reason[1] == CSM_REJECT_DUPLICATE_CREATED);
  }
  csm_engine_free(e);
}

static void test_hostile_states(void) {
  csm_engine* e = new_engine();
  csm_engine* other = NULL;
  csm_engine* fresh = NULL;
  uint8_t* state = NULL;
  uint8_t* copy;
  size_t len = 0, i;
  csm_event ev = event(MON_0900, 500, CSM_EVENT_CREATED);
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  snapshot before;

  /* Another engine, same config, other tickets: its state merges. */
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &other) == CSM_OK);
  CHECK(csm_engine_ingest(other, &ev, 1, &r) == CSM_OK && r.accepted == 1);
  CHECK(csm_engine_serialize(other, &state, &len) == CSM_OK && len > 16);
  before = take(e);
  copy = malloc(len);

  /* Every truncation is refused. */
  for (i = 0; i < len; ++i) {
    const csm_status s = csm_engine_merge_serialized(e, state, i);
    CHECK(s == CSM_DATA_LOSS);
    if (s != CSM_DATA_LOSS) fprintf(stderr, "  truncated at %zu: %s\n", i, csm_status_str(s));
  }
  CHECK(unchanged(e, &before));
  /* Another version. */
  memcpy(copy, state, len);
  copy[4] = 2;
  CHECK(csm_engine_merge_serialized(e, copy, len) == CSM_UNIMPLEMENTED && message_has("version"));
  copy[4] = 0;
  CHECK(csm_engine_merge_serialized(e, copy, len) == CSM_UNIMPLEMENTED);
  /* Not an engine state at all. */
  memcpy(copy, state, len);
  copy[0] = 'X';
  CHECK(csm_engine_merge_serialized(e, copy, len) == CSM_DATA_LOSS);
  CHECK(csm_engine_merge_serialized(e, (const uint8_t*)"", 0) == CSM_DATA_LOSS);
  /* Every single byte flipped: refused by the checksum, CSM_DATA_LOSS (byte
   * 4, the format version: CSM_UNIMPLEMENTED), into a fresh engine too. */
  for (i = 0; i < len; ++i) {
    csm_status s;
    memcpy(copy, state, len);
    copy[i] ^= 0xFF;
    CHECK(csm_engine_create(kConfig, strlen(kConfig), &fresh) == CSM_OK);
    s = csm_engine_merge_serialized(fresh, copy, len);
    CHECK(s == (i == 4 ? CSM_UNIMPLEMENTED : CSM_DATA_LOSS) && strlen(csm_last_error()) > 0);
    csm_engine_free(fresh);
    fresh = NULL;
  }
  /* Trailing garbage. */
  {
    uint8_t* longer = malloc(len + 3);
    memcpy(longer, state, len);
    memcpy(longer + len, "abc", 3);
    CHECK(csm_engine_merge_serialized(e, longer, len + 3) == CSM_DATA_LOSS &&
          message_has("checksum"));
    free(longer);
  }
  /* Its own state: every ticket is shared. */
  CHECK(csm_engine_merge_serialized(e, before.state, before.state_len) == CSM_FAILED_PRECONDITION);
  CHECK(unchanged(e, &before));
  release(&before);

  /* A state of another config. */
  csm_free(state);
  csm_engine_free(other);
  CHECK(csm_engine_create("{}", 2, &other) == CSM_OK);
  CHECK(csm_engine_serialize(other, &state, &len) == CSM_OK);
  before = take(e);
  CHECK(csm_engine_merge_serialized(e, state, len) == CSM_FAILED_PRECONDITION &&
        message_has("config"));
  CHECK(unchanged(e, &before));
  release(&before);
  free(copy);
  csm_free(state);
  csm_engine_free(other);
  csm_engine_free(e);
}

static void test_limits(void) {
  static const char kSmall[] =
      "{\"views\": [{\"group_by\": [], \"grain\": \"hour\"},"
      "            {\"group_by\": [\"agent\", \"channel\"], \"grain\": \"day\"}],"
      " \"options\": {\"max_open_tickets\": 2, \"max_distinct_values\": 3}}";
  csm_engine* e = NULL;
  csm_engine* other = NULL;
  uint8_t* state = NULL;
  size_t len = 0;
  uint32_t id = 0;
  csm_event evs[3];
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  snapshot before;
  CHECK(csm_engine_create(kSmall, strlen(kSmall), &e) == CSM_OK);
  evs[0] = event(MON_0900, 1, CSM_EVENT_CREATED);
  evs[1] = event(MON_0900, 2, CSM_EVENT_CREATED);
  evs[2] = event(MON_0900, 3, CSM_EVENT_CREATED);
  CHECK(csm_engine_ingest(e, evs, 3, &r) == CSM_OK && r.accepted == 2 && r.rejected == 1);
  CHECK(r.rejection_index[0] == 2 && r.rejection_reason[0] == CSM_REJECT_LIMIT_EXCEEDED);
  /* A duplicate is still a duplicate at the limit. */
  expect_rejected(e, event(MON_0900, 1, CSM_EVENT_CREATED), CSM_REJECT_DUPLICATE_CREATED);

  CHECK(intern(e, "agent", "a") == 1 && intern(e, "agent", "b") == 2 &&
        intern(e, "agent", "c") == 3);
  before = take(e);
  CHECK(csm_engine_intern(e, "agent", "d", &id) == CSM_RESOURCE_EXHAUSTED &&
        message_has("limit 3"));
  CHECK(csm_engine_intern(e, "agent", "a", &id) == CSM_OK && id == 1); /* known names still work */
  CHECK(unchanged(e, &before));
  release(&before);
  expect_jsonl_rejected(
      e, "{\"time\": 1793613600000, \"ticket\": 1, \"type\": \"agent_reply\", \"agent\": \"d\"}",
      CSM_REJECT_LIMIT_EXCEEDED);

  /* Merging beyond the limit is refused too. */
  CHECK(csm_engine_create(kSmall, strlen(kSmall), &other) == CSM_OK);
  evs[2].ticket = 9;
  CHECK(csm_engine_ingest(other, &evs[2], 1, &r) == CSM_OK && r.accepted == 1);
  CHECK(csm_engine_serialize(other, &state, &len) == CSM_OK);
  before = take(e);
  CHECK(csm_engine_merge_serialized(e, state, len) == CSM_RESOURCE_EXHAUSTED &&
        message_has("max_open_tickets"));
  CHECK(unchanged(e, &before));
  release(&before);
  csm_free(state);
  csm_engine_free(other);
  csm_engine_free(e);
}

/* max_groups: a view's groups (here agent x channel) are capped; an event
 * bringing one more is a counted limit_exceeded rejection, nothing else
 * changes; merging beyond it is CSM_RESOURCE_EXHAUSTED. */
static void test_max_groups(void) {
  static const char kConfig[] =
      "{\"views\": [{\"group_by\": [], \"grain\": \"hour\"},"
      "            {\"group_by\": [\"agent\", \"channel\"], \"grain\": \"day\","
      "             \"max_groups\": 2}]}";
  csm_engine* e = NULL;
  csm_engine* other = NULL;
  uint8_t* state = NULL;
  size_t len = 0;
  csm_event ev;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  snapshot before;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  ev = event(MON_0900, 1, CSM_EVENT_CREATED);
  ev.agent = intern(e, "agent", "a");
  CHECK(csm_engine_ingest(e, &ev, 1, &r) == CSM_OK && r.accepted == 1);
  ev = event(MON_0900, 2, CSM_EVENT_CREATED);
  ev.agent = intern(e, "agent", "b");
  CHECK(csm_engine_ingest(e, &ev, 1, &r) == CSM_OK && r.accepted == 1);
  ev = event(MON_0900, 3, CSM_EVENT_CREATED);
  ev.agent = intern(e, "agent", "c");
  expect_rejected(e, ev, CSM_REJECT_LIMIT_EXCEEDED);
  expect_jsonl_rejected(
      e, "{\"time\": 1793613600000, \"ticket\": 1, \"type\": \"assigned\", \"agent\": \"d\"}",
      CSM_REJECT_LIMIT_EXCEEDED);
  /* A known group goes on. */
  ev = event(MON_0900 + 1000, 4, CSM_EVENT_CREATED);
  ev.agent = 1;
  CHECK(csm_engine_ingest(e, &ev, 1, &r) == CSM_OK && r.accepted == 1);

  CHECK(csm_engine_create(kConfig, strlen(kConfig), &other) == CSM_OK);
  ev = event(MON_0900, 9, CSM_EVENT_CREATED);
  ev.agent = intern(other, "agent", "x");
  CHECK(csm_engine_ingest(other, &ev, 1, &r) == CSM_OK && r.accepted == 1);
  CHECK(csm_engine_serialize(other, &state, &len) == CSM_OK);
  before = take(e);
  CHECK(csm_engine_merge_serialized(e, state, len) == CSM_RESOURCE_EXHAUSTED &&
        message_has("max_groups"));
  CHECK(unchanged(e, &before));
  release(&before);
  csm_free(state);
  csm_engine_free(other);
  csm_engine_free(e);
}

static void test_calendar(void) {
  static const char kSpec[] =
      "{\"timezone\": \"UTC\", \"weekly\": {\"mon\": [[\"09:00\",\"17:00\"]]}}";
  csm_calendar* cal = NULL;
  csm_calendar* out = (csm_calendar*)&cal;
  int64_t ms = 77;
  int open = 77;
  int64_t starts[2] = {MON_0900, INT64_MAX};
  int64_t ends[2] = {MON_1000, MON_1000};
  int64_t outs[2] = {77, 77};
  const int64_t bad[] = {INT64_MIN, -1, MAX_MS + 1, INT64_MAX};
  size_t i;
  CHECK(csm_calendar_create(kSpec, strlen(kSpec), &cal) == CSM_OK);

  CHECK(csm_calendar_create(NULL, 3, &out) == CSM_INVALID_ARGUMENT && out == (csm_calendar*)&cal);
  CHECK(csm_calendar_create(kSpec, strlen(kSpec), NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_create("{\"timezone\": \"\xff\"}", 16, &out) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed(NULL, 0, 1, &ms) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed(cal, 0, 1, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add(NULL, 0, 1, &ms) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add(cal, 0, 1, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_is_open(NULL, 0, &open) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_is_open(cal, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_open(NULL, 0, &ms) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_open(cal, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_close(NULL, 0, &ms) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_next_close(cal, 0, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed_many(cal, NULL, ends, 2, outs) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed_many(cal, starts, NULL, 2, outs) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_elapsed_many(cal, starts, ends, 2, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_calendar_add_many(NULL, starts, ends, 2, outs) == CSM_INVALID_ARGUMENT);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    CHECK(csm_calendar_elapsed(cal, bad[i], MON_1000, &ms) == CSM_OUT_OF_RANGE);
    CHECK(csm_calendar_elapsed(cal, MON_1000, bad[i], &ms) == CSM_OUT_OF_RANGE);
    CHECK(csm_calendar_add(cal, bad[i], 1000, &ms) == CSM_OUT_OF_RANGE);
    CHECK(csm_calendar_is_open(cal, bad[i], &open) == CSM_OUT_OF_RANGE);
    CHECK(csm_calendar_next_open(cal, bad[i], &ms) == CSM_OUT_OF_RANGE);
    CHECK(csm_calendar_next_close(cal, bad[i], &ms) == CSM_OUT_OF_RANGE);
    CHECK(strlen(csm_last_error()) > 0);
  }
  /* Huge business durations: out of range, never a hang or an overflow. */
  CHECK(csm_calendar_add(cal, MON_0900, INT64_MAX, &ms) == CSM_OUT_OF_RANGE);
  CHECK(csm_calendar_add(cal, MON_0900, INT64_MIN, &ms) == CSM_OUT_OF_RANGE);
  CHECK(ms == 77 && open == 77);
  /* All or nothing: one bad element, nothing written. */
  CHECK(csm_calendar_elapsed_many(cal, starts, ends, 2, outs) == CSM_OUT_OF_RANGE &&
        message_has("1"));
  CHECK(csm_calendar_add_many(cal, starts, ends, 2, outs) == CSM_OUT_OF_RANGE);
  CHECK(outs[0] == 77 && outs[1] == 77);
  /* The calendar answers as before. */
  CHECK(csm_calendar_elapsed(cal, MON_0900, MON_1000, &ms) == CSM_OK && ms == 3600000);
  csm_calendar_free(cal);
}

/* ----------------------------------------------- deeply nested JSON */

/* Issue 18: 100,000-deep JSON in a config, a calendar spec, a query or an
 * event line overflowed the stack of a thread with 256 KiB (depth ~1,000
 * was enough). Every entry point now refuses nesting beyond 64 before it
 * parses; this runs them all on such a thread. */
#define DEEP 100000

/* prefix + DEEP '[' + DEEP ']' + suffix, malloc'ed. */
static char* deep_json(const char* prefix, const char* suffix) {
  size_t p = strlen(prefix), s = strlen(suffix);
  char* out = (char*)malloc(p + 2 * DEEP + s + 1);
  if (out == NULL) return NULL;
  memcpy(out, prefix, p);
  memset(out + p, '[', DEEP);
  memset(out + p + DEEP, ']', DEEP);
  memcpy(out + p + 2 * DEEP, suffix, s + 1);
  return out;
}

static int message_is_short(void) { return strlen(csm_last_error()) < 1024; }

static void* run_deep_json(void* unused) {
  static const char* const kConfigs[][2] = {
      {"{\"calendars\": ", "}"}, {"{\"calendars\": {\"c\": ", "}}"},
      {"{\"views\": ", "}"},     {"{\"views\": [{\"group_by\": ", "}]}"},
      {"{\"unknown\": ", "}"},   {"", ""}};
  static const char* const kSpecs[][2] = {{"{\"timezone\": \"UTC\", \"holidays\": ", "}"},
                                          {"{\"timezone\": \"UTC\", \"weekly\": {\"mon\": ", "}}"},
                                          {"{\"timezone\": \"UTC\", \"special_days\": ", "}"}};
  static const char* const kQueries[][2] = {
      {"{\"metrics\": ", "}"}, {"{\"group_by\": ", "}"}, {"{\"grain\": ", "}"}, {"", ""}};
  static const char kGood[] =
      "{\"time\": 1793610000000, \"ticket\": \"T1\", \"type\": \"created\"}\n";
  size_t i;
  csm_engine* e = NULL;
  csm_calendar* cal = NULL;
  char* text;
  char* json = NULL;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  (void)unused;
  for (i = 0; i < sizeof kConfigs / sizeof kConfigs[0]; ++i) {
    text = deep_json(kConfigs[i][0], kConfigs[i][1]);
    CHECK(text != NULL);
    if (text == NULL) return NULL;
    CHECK(csm_engine_create(text, strlen(text), &e) == CSM_INVALID_ARGUMENT);
    CHECK(e == NULL && message_has("nest deeper than 64") && message_is_short());
    free(text);
  }
  for (i = 0; i < sizeof kSpecs / sizeof kSpecs[0]; ++i) {
    text = deep_json(kSpecs[i][0], kSpecs[i][1]);
    if (text == NULL) return NULL;
    CHECK(csm_calendar_create(text, strlen(text), &cal) == CSM_INVALID_ARGUMENT);
    CHECK(cal == NULL && message_has("nest deeper than 64") && message_is_short());
    free(text);
  }
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  if (e == NULL) return NULL;
  for (i = 0; i < sizeof kQueries / sizeof kQueries[0]; ++i) {
    text = deep_json(kQueries[i][0], kQueries[i][1]);
    if (text == NULL) return NULL;
    CHECK(csm_engine_report_json(e, text, strlen(text), &json, NULL) == CSM_INVALID_ARGUMENT);
    CHECK(json == NULL && message_has("nest deeper than 64") && message_is_short());
    CHECK(csm_engine_live_json(e, text, strlen(text), INT64_C(1793610000000), &json, NULL) ==
          CSM_INVALID_ARGUMENT);
    CHECK(json == NULL && message_has("nest deeper than 64") && message_is_short());
    free(text);
  }
  /* A deep event line is one malformed line; the next line is accepted. */
  text = deep_json(
      "{\"time\": 1793610000000, \"ticket\": \"T0\", \"type\": \"created\", \"agent\": ", "}\n");
  if (text != NULL) {
    size_t n = strlen(text);
    char* lines = (char*)malloc(n + sizeof kGood);
    if (lines != NULL) {
      memcpy(lines, text, n);
      memcpy(lines + n, kGood, sizeof kGood);
      CHECK(csm_engine_ingest_jsonl(e, lines, strlen(lines), &r) == CSM_OK);
      CHECK(r.accepted == 1 && r.rejected == 1);
      CHECK(r.rejection_index[0] == 0 && r.rejection_reason[0] == CSM_REJECT_MALFORMED);
      free(lines);
    }
    free(text);
  }
  csm_engine_free(e);
  return NULL;
}

static void test_deep_json(void) {
  pthread_attr_t attr;
  pthread_t thread;
  CHECK(pthread_attr_init(&attr) == 0);
  CHECK(pthread_attr_setstacksize(&attr, 256 * 1024) == 0);
  CHECK(pthread_create(&thread, &attr, run_deep_json, NULL) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  pthread_attr_destroy(&attr);
}

/* A million-digit number, or a million-byte key, is not echoed whole into
 * an error message. */
static void test_huge_values_in_messages(void) {
  const size_t n = 1000000;
  char* text = (char*)malloc(n + 64);
  csm_engine* e = NULL;
  csm_calendar* cal = NULL;
  char* json = NULL;
  size_t prefix;
  if (text == NULL) return;
  strcpy(text, "{\"options\": {\"max_open_tickets\": 1");
  prefix = strlen(text);
  memset(text + prefix, '0', n);
  strcpy(text + prefix + n, "}}");
  CHECK(csm_engine_create(text, strlen(text), &e) == CSM_INVALID_ARGUMENT && message_is_short());
  strcpy(text, "{\"");
  memset(text + 2, 'k', n);
  strcpy(text + 2 + n, "\": 1}");
  CHECK(csm_engine_create(text, strlen(text), &e) == CSM_INVALID_ARGUMENT && message_is_short());
  CHECK(csm_calendar_create(text, strlen(text), &cal) == CSM_INVALID_ARGUMENT &&
        message_is_short());
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  CHECK(csm_engine_report_json(e, text, strlen(text), &json, NULL) == CSM_INVALID_ARGUMENT &&
        message_is_short());
  CHECK(csm_engine_live_json(e, text, strlen(text), INT64_C(1793610000000), &json, NULL) ==
            CSM_INVALID_ARGUMENT &&
        message_is_short());
  csm_engine_free(e);
  free(text);
}

int main(void) {
  test_static_functions();
  test_engine_null_pointers();
  test_wrong_struct_sizes();
  test_bad_numbers_and_times();
  test_bad_config();
  test_bad_names();
  test_order_and_duplicates();
  test_hostile_states();
  test_limits();
  test_max_groups();
  test_calendar();
  test_deep_json();
  test_huge_values_in_messages();
  FINISH();
}
