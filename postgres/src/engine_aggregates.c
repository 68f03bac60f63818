/* csm_report, csm_engine_state, csm_sla_due (aggregates over event rows) and
 * csm_report_from_state: the library's event engine in SQL.
 *
 * Each row becomes one JSON line of docs/metrics.md §1 ({"time": epoch ms,
 * "ticket": ..., "type": ..., plus the fields object's keys}); lines are
 * buffered in the aggregate's memory context and ingested a few MB at a
 * time with csm_engine_ingest_jsonl, in the order the aggregate receives the
 * rows (hence ORDER BY inside the call). Bad events are data, as everywhere:
 * rejected with a reason and counted in the report's "rejected" section.
 * The engine itself lives in the library's heap; a reset callback on the
 * aggregate context frees it, on success and on ERROR alike. */
#include "csm_pg.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(pg_csm_report_transfn);
PG_FUNCTION_INFO_V1(pg_csm_report_final);
PG_FUNCTION_INFO_V1(pg_csm_engine_state_transfn);
PG_FUNCTION_INFO_V1(pg_csm_engine_state_final);
PG_FUNCTION_INFO_V1(pg_csm_sla_due_transfn);
PG_FUNCTION_INFO_V1(pg_csm_sla_due_final);
PG_FUNCTION_INFO_V1(pg_csm_report_from_state);

/* Pending JSON lines are ingested once they pass this size. */
#define CSM_PG_INGEST_BATCH_BYTES (4 * 1024 * 1024)

typedef struct EngineState {
  csm_engine* engine;
  StringInfoData pending; /* JSON lines not ingested yet */
  char* query;            /* csm_report: the first row's query (JSON text) */
  bool has_time;
  int64 latest_ms; /* the latest event time seen: "now" for live queries */
  MemoryContextCallback free_engine;
} EngineState;

static void free_engine_state(void* arg) {
  EngineState* state = (EngineState*)arg;
  csm_engine_free(state->engine);
  state->engine = NULL;
}

static char* jsonb_text(Jsonb* value) { return JsonbToCString(NULL, &value->root, VARSIZE(value)); }

/* Raises ERROR "<function>: <what> is NULL" for a NULL argument. */
static void require(FunctionCallInfo fcinfo, int arg, const char* function, const char* what) {
  if (PG_ARGISNULL(arg))
    ereport(ERROR,
            (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s: %s is NULL", function, what)));
}

/* The state, created on the first row from its config (argument 5) and, for
 * csm_engine_state, the checkpoint it continues (argument `checkpoint_arg`,
 * or -1). */
static EngineState* engine_state(FunctionCallInfo fcinfo, const char* function,
                                 int checkpoint_arg) {
  MemoryContext context;
  EngineState* state;
  char* config;
  if (!AggCheckCallContext(fcinfo, &context))
    elog(ERROR, "%s called in a non-aggregate context", function);
  if (!PG_ARGISNULL(0)) return (EngineState*)PG_GETARG_POINTER(0);
  require(fcinfo, 5, function, "config");
  config = jsonb_text(PG_GETARG_JSONB_P(5));
  state = MemoryContextAllocZero(context, sizeof(EngineState));
  csm_pg_check(csm_engine_create(config, strlen(config), &state->engine));
  state->free_engine.func = free_engine_state;
  state->free_engine.arg = state;
  MemoryContextRegisterResetCallback(context, &state->free_engine);
  if (checkpoint_arg >= 0 && !PG_ARGISNULL(checkpoint_arg)) {
    bytea* checkpoint = PG_GETARG_BYTEA_PP(checkpoint_arg);
    csm_pg_check(csm_engine_merge_serialized(state->engine, (const uint8_t*)VARDATA_ANY(checkpoint),
                                             VARSIZE_ANY_EXHDR(checkpoint)));
  }
  {
    MemoryContext old = MemoryContextSwitchTo(context);
    initStringInfo(&state->pending);
    MemoryContextSwitchTo(old);
  }
  return state;
}

static void ingest_pending(EngineState* state) {
  if (state->pending.len == 0) return;
  csm_pg_check(csm_engine_ingest_jsonl(state->engine, state->pending.data,
                                       (size_t)state->pending.len, NULL));
  resetStringInfo(&state->pending);
}

/* Appends the row (time, ticket, type, fields) as one JSON line. */
static void append_event(FunctionCallInfo fcinfo, EngineState* state, const char* function) {
  int64 ms;
  char* fields = NULL;
  require(fcinfo, 1, function, "time");
  require(fcinfo, 3, function, "type");
  ms = csm_pg_to_ms(PG_GETARG_TIMESTAMPTZ(1), "time");
  if (!PG_ARGISNULL(4)) {
    Jsonb* value = PG_GETARG_JSONB_P(4);
    if (!JB_ROOT_IS_OBJECT(value) || JB_ROOT_IS_SCALAR(value))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("%s: fields must be a JSON object", function)));
    if (JB_ROOT_COUNT(value) > 0) fields = jsonb_text(value);
  }
  if (!state->has_time || ms > state->latest_ms) state->latest_ms = ms;
  state->has_time = true;
  /* The buffer lives in the aggregate context: repalloc keeps it there. */
  appendStringInfo(&state->pending, "{\"time\":" INT64_FORMAT, ms);
  if (!PG_ARGISNULL(2)) {
    appendStringInfoString(&state->pending, ",\"ticket\":");
    escape_json(&state->pending, text_to_cstring(PG_GETARG_TEXT_PP(2)));
  }
  appendStringInfoString(&state->pending, ",\"type\":");
  escape_json(&state->pending, text_to_cstring(PG_GETARG_TEXT_PP(3)));
  if (fields != NULL) {
    appendStringInfoChar(&state->pending, ',');
    appendStringInfoString(&state->pending, fields + 1); /* "{...}" without its "{" */
  } else {
    appendStringInfoChar(&state->pending, '}');
  }
  appendStringInfoChar(&state->pending, '\n');
  if (state->pending.len >= CSM_PG_INGEST_BATCH_BYTES) ingest_pending(state);
}

/* Library-owned text as jsonb, csm_free'd before anything can raise. */
static Datum library_json_to_jsonb(char* json) {
  char* copy = pstrdup(json);
  csm_free(json);
  return DirectFunctionCall1(jsonb_in, CStringGetDatum(copy));
}

/* ------------------------------------------------------------- csm_report */

/* csm_report(time, ticket, type, fields, config, query ORDER BY time). */
Datum pg_csm_report_transfn(PG_FUNCTION_ARGS) {
  EngineState* state = engine_state(fcinfo, "csm_report", -1);
  if (state->query == NULL) {
    MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(state));
    state->query = PG_ARGISNULL(6) ? pstrdup("{}") : jsonb_text(PG_GETARG_JSONB_P(6));
    MemoryContextSwitchTo(old);
  }
  append_event(fcinfo, state, "csm_report");
  PG_RETURN_POINTER(state);
}

static Datum report_json(csm_engine* engine, const char* query) {
  char* json = NULL;
  csm_pg_check(csm_engine_report_json(engine, query, strlen(query), &json, NULL));
  return library_json_to_jsonb(json);
}

Datum pg_csm_report_final(PG_FUNCTION_ARGS) {
  EngineState* state;
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  state = (EngineState*)PG_GETARG_POINTER(0);
  ingest_pending(state);
  PG_RETURN_DATUM(report_json(state->engine, state->query));
}

/* ------------------------------------------------------- csm_engine_state */

/* csm_engine_state(time, ticket, type, fields, config [, checkpoint bytea]
 * ORDER BY time): the engine's serialized state (csm_engine_serialize). */
Datum pg_csm_engine_state_transfn(PG_FUNCTION_ARGS) {
  EngineState* state = engine_state(fcinfo, "csm_engine_state", PG_NARGS() > 6 ? 6 : -1);
  append_event(fcinfo, state, "csm_engine_state");
  PG_RETURN_POINTER(state);
}

Datum pg_csm_engine_state_final(PG_FUNCTION_ARGS) {
  EngineState* state;
  uint8_t* bytes = NULL;
  size_t len = 0;
  bytea* out;
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  state = (EngineState*)PG_GETARG_POINTER(0);
  ingest_pending(state);
  csm_pg_check(csm_engine_serialize(state->engine, &bytes, &len));
  out = (bytea*)palloc(VARHDRSZ + len);
  SET_VARSIZE(out, VARHDRSZ + len);
  memcpy(VARDATA(out), bytes, len);
  csm_free(bytes);
  PG_RETURN_BYTEA_P(out);
}

/* ----------------------------------------------------- csm_report_from_state */

typedef struct TemporaryEngine {
  csm_engine* engine;
  MemoryContextCallback free_engine;
} TemporaryEngine;

static void free_temporary_engine(void* arg) {
  TemporaryEngine* t = (TemporaryEngine*)arg;
  csm_engine_free(t->engine);
  t->engine = NULL;
}

/* csm_report_from_state(states bytea[], query jsonb): the report of one
 * engine holding every state (their configs must agree, their tickets be
 * disjoint: partitions split by customer, or a checkpoint). NULL elements
 * are skipped; NULL when there is none. */
Datum pg_csm_report_from_state(PG_FUNCTION_ARGS) {
  ArrayType* states = PG_GETARG_ARRAYTYPE_P(0);
  const char* query = PG_ARGISNULL(1) ? "{}" : jsonb_text(PG_GETARG_JSONB_P(1));
  Datum* values;
  bool* nulls;
  int n;
  MemoryContext context =
      AllocSetContextCreate(CurrentMemoryContext, "csm_report_from_state", ALLOCSET_SMALL_SIZES);
  TemporaryEngine* t = MemoryContextAllocZero(context, sizeof(TemporaryEngine));
  Datum report;
  t->free_engine.func = free_temporary_engine;
  t->free_engine.arg = t;
  MemoryContextRegisterResetCallback(context, &t->free_engine);
  deconstruct_array(states, BYTEAOID, -1, false, TYPALIGN_INT, &values, &nulls, &n);
  for (int i = 0; i < n; ++i) {
    bytea* state;
    if (nulls[i]) continue;
    state = DatumGetByteaPP(values[i]);
    if (t->engine == NULL) {
      csm_pg_check(csm_engine_create_from_state((const uint8_t*)VARDATA_ANY(state),
                                                VARSIZE_ANY_EXHDR(state), &t->engine));
    } else {
      csm_pg_check(csm_engine_merge_serialized(t->engine, (const uint8_t*)VARDATA_ANY(state),
                                               VARSIZE_ANY_EXHDR(state)));
    }
  }
  if (t->engine == NULL) {
    MemoryContextDelete(context);
    PG_RETURN_NULL();
  }
  report = report_json(t->engine, query);
  MemoryContextDelete(context); /* frees the engine */
  PG_RETURN_DATUM(report);
}

/* ------------------------------------------------------------ csm_sla_due */

/* csm_sla_due(time, ticket, type, fields, config ORDER BY time): the
 * earliest due instant of the active SLA targets (docs/sla.md) of the
 * tickets fed — usually one ticket's events, GROUP BY ticket — as the engine
 * knows them after the last event; NULL when none is active (no policy
 * applies, every target fulfilled or paused). */
Datum pg_csm_sla_due_transfn(PG_FUNCTION_ARGS) {
  EngineState* state = engine_state(fcinfo, "csm_sla_due", -1);
  append_event(fcinfo, state, "csm_sla_due");
  PG_RETURN_POINTER(state);
}

Datum pg_csm_sla_due_final(PG_FUNCTION_ARGS) {
  static const char kQuery[] = "{\"kind\": \"sla_due\", \"limit\": 1}";
  EngineState* state;
  char* json = NULL;
  Jsonb* answer;
  JsonbValue* items;
  JsonbValue* due;
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  state = (EngineState*)PG_GETARG_POINTER(0);
  ingest_pending(state);
  if (!state->has_time) PG_RETURN_NULL();
  csm_pg_check(
      csm_engine_live_json(state->engine, kQuery, strlen(kQuery), state->latest_ms, &json, NULL));
  answer = DatumGetJsonbP(library_json_to_jsonb(json));
  items = getKeyJsonValueFromContainer(&answer->root, "items", 5, NULL);
  if (items == NULL || items->type != jbvBinary) PG_RETURN_NULL();
  {
    JsonbValue* first = getIthJsonbValueFromContainer(items->val.binary.data, 0);
    if (first == NULL || first->type != jbvBinary) PG_RETURN_NULL();
    due = getKeyJsonValueFromContainer(first->val.binary.data, "due_ms", 6, NULL);
  }
  if (due == NULL || due->type != jbvNumeric) PG_RETURN_NULL();
  PG_RETURN_TIMESTAMPTZ(csm_pg_from_ms(
      DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(due->val.numeric)))));
}
