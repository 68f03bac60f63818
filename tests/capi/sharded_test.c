/* C ABI: a sharded engine (csm_engine_create_sharded) behind the csm_engine
 * handle. It reports exactly as one engine given the same calls, for 1, 2
 * and 4 shards; until csm_engine_finish it takes only intern and ingest
 * calls and every other call is CSM_FAILED_PRECONDITION; hostile arguments
 * are statuses. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

static const char kConfig[] =
    "{\"views\": [{\"group_by\": [], \"grain\": \"day\"},"
    " {\"group_by\": [\"customer\"], \"grain\": \"all\"},"
    " {\"group_by\": [\"agent\"], \"grain\": \"all\"}],"
    " \"options\": {\"repeat_window\": 259200}}";

static const char* const kQueries[] = {
    "{\"grain\": \"day\"}",
    "{\"grain\": \"all\", \"group_by\": [\"customer\"]}",
    "{\"grain\": \"all\", \"group_by\": [\"agent\"]}",
    "{\"grain\": \"all\", \"metrics\": [\"repeat_contact_rate\", \"top_drivers\"]}",
};

#define START INT64_C(1790000000000)

/* 60 tickets of 20 customers (repeat contacts across tickets), replies by
 * 5 agents, solves, a csat; then a line of bad JSON, an event for a ticket
 * never created and an out-of-range rating: rejections of the router and
 * of the shards. */
static char* stream(void) {
  size_t cap = 64 * 1024, len = 0;
  char* text = malloc(cap);
  int t;
  if (text == NULL) return NULL;
  for (t = 0; t < 60; ++t) {
    const int64_t ms = START + (int64_t)t * 600000;
    len += (size_t)snprintf(text + len, cap - len,
                            "{\"time\": %lld, \"type\": \"created\", \"ticket\": \"T%d\", "
                            "\"customer\": \"c%d\", \"category\": \"cat%d\"}\n",
                            (long long)ms, t, t % 20, t % 4);
    len += (size_t)snprintf(text + len, cap - len,
                            "{\"time\": %lld, \"type\": \"agent_reply\", \"ticket\": \"T%d\", "
                            "\"agent\": \"a%d\"}\n",
                            (long long)(ms + 60000), t, t % 5);
    if (t % 3 != 0) {
      len += (size_t)snprintf(text + len, cap - len,
                              "{\"time\": %lld, \"type\": \"status\", \"status\": \"solved\", "
                              "\"ticket\": \"T%d\"}\n",
                              (long long)(ms + 120000), t);
    }
  }
  len +=
      (size_t)snprintf(text + len, cap - len,
                       "{\"type\": \n"
                       "{\"time\": %lld, \"type\": \"note\", \"ticket\": \"never\"}\n"
                       "{\"time\": %lld, \"type\": \"csat\", \"ticket\": \"T1\", \"value\": 99}\n",
                       (long long)(START + 60 * 600000), (long long)(START + 60 * 600000));
  return text;
}

static char* report(csm_engine* e, const char* query, csm_status* status) {
  char* json = NULL;
  *status = csm_engine_report_json(e, query, strlen(query), &json, NULL);
  return json;
}

static void test_hostile_arguments(void) {
  csm_engine* e = NULL;
  const int bad_counts[] = {0, -1, 65, INT32_MIN};
  size_t i;
  for (i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; ++i) {
    CHECK(csm_engine_create_sharded("{}", 2, bad_counts[i], &e) == CSM_INVALID_ARGUMENT &&
          e == NULL);
    CHECK(strstr(csm_last_error(), "shards") != NULL);
  }
  CHECK(csm_engine_create_sharded("{\"colour\": 1}", 13, 2, &e) == CSM_INVALID_ARGUMENT &&
        e == NULL);
  CHECK(strstr(csm_last_error(), "colour") != NULL);
  CHECK(csm_engine_create_sharded("{}\0", 3, 2, &e) == CSM_INVALID_ARGUMENT && e == NULL);
  CHECK(csm_engine_create_sharded(NULL, 2, 2, &e) == CSM_INVALID_ARGUMENT && e == NULL);
  CHECK(csm_engine_create_sharded("{}", 2, 2, NULL) == CSM_INVALID_ARGUMENT);
  CHECK(csm_engine_finish(NULL, NULL) == CSM_INVALID_ARGUMENT);
  /* The most shards, created and dropped unfinished: the threads stop. */
  CHECK(csm_engine_create_sharded("", 0, 64, &e) == CSM_OK && e != NULL);
  csm_engine_free(e);
  CHECK(csm_engine_finish(e, NULL) == CSM_INVALID_ARGUMENT); /* freed */
}

/* Until csm_engine_finish only intern and ingest calls are valid. */
static void test_calls_before_finish(void) {
  csm_engine* e = NULL;
  csm_engine* plain = NULL;
  char* json = NULL;
  uint8_t* bytes = NULL;
  size_t len = 0;
  uint32_t id = 0;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  const char line[] = "{\"time\": 1790000000000, \"type\": \"created\", \"ticket\": \"A\"}\n";
  CHECK(csm_engine_create_sharded(kConfig, strlen(kConfig), 2, &e) == CSM_OK);
  CHECK(csm_engine_intern(e, "agent", "alice", &id) == CSM_OK && id == 1);
  CHECK(csm_engine_ingest_jsonl(e, line, strlen(line), &r) == CSM_OK);
  CHECK(r.accepted == 0 && r.rejected == 0 && r.rejection_count == 0); /* verdicts come later */
  CHECK(csm_engine_report_json(e, "{}", 2, &json, &len) == CSM_FAILED_PRECONDITION && json == NULL);
  CHECK(strstr(csm_last_error(), "csm_engine_finish") != NULL);
  CHECK(csm_engine_live_json(e, "{\"kind\": \"queue\"}", 17, START, &json, &len) ==
            CSM_FAILED_PRECONDITION &&
        json == NULL);
  CHECK(csm_engine_advance(e, START + 1000) == CSM_FAILED_PRECONDITION);
  CHECK(csm_engine_serialize(e, &bytes, &len) == CSM_FAILED_PRECONDITION && bytes == NULL);
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &plain) == CSM_OK);
  CHECK(csm_engine_serialize(plain, &bytes, &len) == CSM_OK);
  CHECK(csm_engine_merge_serialized(e, bytes, len) == CSM_FAILED_PRECONDITION);
  /* On one engine finish has nothing to do. */
  r.accepted = 7;
  CHECK(csm_engine_finish(plain, &r) == CSM_OK && r.accepted == 0);
  r.size = 4;
  CHECK(csm_engine_finish(e, &r) == CSM_INVALID_ARGUMENT); /* still unfinished */
  r.size = sizeof r;
  CHECK(csm_engine_finish(e, &r) == CSM_OK && r.accepted == 1 && r.rejected == 0);
  CHECK(csm_engine_finish(e, &r) == CSM_OK && r.accepted == 0); /* once */
  /* Afterwards it is an engine like any other. */
  CHECK(csm_engine_merge_serialized(e, bytes, len) == CSM_OK);
  CHECK(csm_engine_advance(e, START + 1000) == CSM_OK);
  CHECK(csm_engine_ingest_jsonl(e, line, strlen(line), &r) == CSM_OK && r.rejected == 1);
  csm_free(bytes);
  csm_engine_free(plain);
  csm_engine_free(e);
}

/* The same JSON lines into one engine and into 1, 2 and 4 shards. */
static void test_jsonl_reports_as_one_engine(void) {
  char* events = stream();
  csm_engine* one = NULL;
  csm_ingest_result single = CSM_INGEST_RESULT_INIT;
  int shard_counts[] = {1, 2, 4};
  size_t s, q;
  CHECK(events != NULL);
  if (events == NULL) return;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &one) == CSM_OK);
  CHECK(csm_engine_ingest_jsonl(one, events, strlen(events), &single) == CSM_OK);
  CHECK(single.rejected == 3);
  for (s = 0; s < 3; ++s) {
    csm_engine* e = NULL;
    csm_ingest_result r = CSM_INGEST_RESULT_INIT;
    uint8_t* bytes = NULL;
    size_t len = 0, i;
    csm_engine* restored = NULL;
    CHECK(csm_engine_create_sharded(kConfig, strlen(kConfig), shard_counts[s], &e) == CSM_OK);
    CHECK(csm_engine_ingest_jsonl(e, events, strlen(events), NULL) == CSM_OK);
    CHECK(csm_engine_finish(e, &r) == CSM_OK);
    CHECK(r.accepted == single.accepted && r.rejected == single.rejected);
    CHECK(r.rejection_count == single.rejection_count);
    for (i = 0; i < r.rejection_count && i < single.rejection_count; ++i) {
      CHECK(r.rejection_index[i] == single.rejection_index[i]);
      CHECK(r.rejection_reason[i] == single.rejection_reason[i]);
    }
    CHECK(csm_engine_serialize(e, &bytes, &len) == CSM_OK);
    CHECK(csm_engine_create_from_state(bytes, len, &restored) == CSM_OK);
    for (q = 0; q < sizeof kQueries / sizeof kQueries[0]; ++q) {
      csm_status a, b, c;
      char* want = report(one, kQueries[q], &a);
      char* got = report(e, kQueries[q], &b);
      char* again = report(restored, kQueries[q], &c);
      CHECK(a == CSM_OK && b == CSM_OK && c == CSM_OK);
      CHECK(want != NULL && got != NULL && strcmp(want, got) == 0);
      CHECK(got != NULL && again != NULL && strcmp(got, again) == 0);
      if (want != NULL && got != NULL && strcmp(want, got) != 0) {
        fprintf(stderr, "%d shards, %s:\n got %s\nwant %s\n", shard_counts[s], kQueries[q], got,
                want);
      }
      csm_free(want);
      csm_free(got);
      csm_free(again);
    }
    csm_free(bytes);
    csm_engine_free(restored);
    csm_engine_free(e);
  }
  csm_engine_free(one);
  free(events);
}

/* csm_event arrays with interned ids: the sharded engine's ids are the
 * router's, the ones one engine interning in the same order gives. */
static void ingest_events(csm_engine* e, csm_ingest_result* r) {
  csm_event ev[40];
  int t;
  uint32_t customer = 0, ticket = 0, agent = 0;
  char name[16];
  for (t = 0; t < 20; ++t) {
    csm_event created = CSM_EVENT_INIT;
    csm_event reply = CSM_EVENT_INIT;
    snprintf(name, sizeof name, "T%d", t);
    CHECK(csm_engine_intern(e, "ticket", name, &ticket) == CSM_OK);
    snprintf(name, sizeof name, "c%d", t % 7);
    CHECK(csm_engine_intern(e, "customer", name, &customer) == CSM_OK);
    snprintf(name, sizeof name, "a%d", t % 3);
    CHECK(csm_engine_intern(e, "agent", name, &agent) == CSM_OK);
    created.time_ms = START + t * 60000;
    created.type = CSM_EVENT_CREATED;
    created.ticket = CSM_TICKET_NAMED(ticket);
    created.customer = customer;
    reply.time_ms = START + t * 60000 + 30000;
    reply.type = CSM_EVENT_AGENT_REPLY;
    reply.ticket = CSM_TICKET_NAMED(ticket);
    reply.agent = t == 19 ? 999 : agent; /* an id never interned: rejected */
    ev[2 * t] = created;
    ev[2 * t + 1] = reply;
  }
  CHECK(csm_engine_ingest(e, ev, 40, r) == CSM_OK);
}

static void test_events_report_as_one_engine(void) {
  csm_engine* one = NULL;
  csm_ingest_result single = CSM_INGEST_RESULT_INIT;
  int shards;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &one) == CSM_OK);
  ingest_events(one, &single);
  CHECK(single.accepted == 39 && single.rejected == 1 && single.rejection_index[0] == 39);
  for (shards = 1; shards <= 4; shards *= 2) {
    csm_engine* e = NULL;
    csm_ingest_result r = CSM_INGEST_RESULT_INIT;
    size_t q;
    CHECK(csm_engine_create_sharded(kConfig, strlen(kConfig), shards, &e) == CSM_OK);
    ingest_events(e, &r);
    CHECK(r.accepted == 0 && r.rejected == 0);
    CHECK(csm_engine_finish(e, &r) == CSM_OK);
    CHECK(r.accepted == 39 && r.rejected == 1 && r.rejection_count == 1);
    CHECK(r.rejection_index[0] == 39 && r.rejection_reason[0] == single.rejection_reason[0]);
    for (q = 0; q < sizeof kQueries / sizeof kQueries[0]; ++q) {
      csm_status a, b;
      char* want = report(one, kQueries[q], &a);
      char* got = report(e, kQueries[q], &b);
      CHECK(a == CSM_OK && b == CSM_OK && want != NULL && got != NULL && strcmp(want, got) == 0);
      csm_free(want);
      csm_free(got);
    }
    csm_engine_free(e);
  }
  csm_engine_free(one);
}

int main(void) {
  test_hostile_arguments();
  test_calls_before_finish();
  test_jsonl_reports_as_one_engine();
  test_events_report_as_one_engine();
  FINISH();
}
