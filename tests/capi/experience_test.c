/* C ABI: the experience metrics and the customer_history query come through
 * the same csm_engine_report_json call as every other report. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csmetrics.h"

static const char kConfig[] =
    "{\"views\": [{\"group_by\": [], \"grain\": \"hour\"},"
    "            {\"group_by\": [\"agent\", \"customer\"], \"grain\": \"day\"}]}";

static const char kEvents[] =
    "{\"time\":\"2026-11-02T10:00:00Z\",\"ticket\":\"T1\",\"type\":\"created\","
    "\"customer\":\"c1\",\"agent\":\"alice\",\"channel\":\"email\"}\n"
    "{\"time\":\"2026-11-02T12:00:00Z\",\"ticket\":\"T1\",\"type\":\"status\",\"status\":"
    "\"solved\"}\n"
    "{\"time\":\"2026-11-02T13:00:00Z\",\"ticket\":\"T1\",\"type\":\"csat\",\"value\":5}\n";

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static char* report(csm_engine* e, const char* query, csm_status* status) {
  char* json = NULL;
  *status = csm_engine_report_json(e, query, strlen(query), &json, NULL);
  return json;
}

int main(void) {
  csm_engine* e = NULL;
  csm_status s;
  char* json;
  csm_ingest_result r = CSM_INGEST_RESULT_INIT;
  CHECK(csm_engine_create(kConfig, strlen(kConfig), &e) == CSM_OK);
  CHECK(csm_engine_ingest_jsonl(e, kEvents, strlen(kEvents), &r) == CSM_OK);
  CHECK(r.accepted == 3 && r.rejected == 0);

  json = report(e, "{\"grain\": \"all\", \"metrics\": [\"csat\", \"channel_mix\"]}", &s);
  CHECK(s == CSM_OK);
  CHECK(contains(json, "\"csat\":{\"responses\":1,\"satisfied\":1"));
  CHECK(contains(json, "\"channel\":\"email\",\"count\":1,\"share\":100.0"));
  csm_free(json);

  json = report(e, "{\"customer_history\": \"c1\"}", &s);
  CHECK(s == CSM_OK);
  CHECK(contains(json, "\"customer\":\"c1\""));
  CHECK(contains(json, "\"agents\":[{\"agent\":\"alice\",\"time\":{\"calendar\":7200.0"));
  csm_free(json);

  json = report(e, "{\"customer_history\": \"c1\", \"metrics\": []}", &s);
  CHECK(s == CSM_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(contains(csm_last_error(), "customer_history"));

  csm_engine_free(e);
  FINISH();
}
