/* The csm_sketch type and its aggregates: the library's quantile sketch
 * (csm_sketch_* of the C ABI) as a value, stored as its serialized bytes.
 *
 * A stored csm_sketch is a varlena holding exactly csm_sketch_serialize's
 * bytes; its text form (COPY, casts) is their base64. Aggregates keep a live
 * csm_sketch handle as their transition state (type internal), owned by the
 * aggregate's memory context: a reset callback frees the handle, so an
 * aborted query or a reset group frees it too. Serial / deserial / combine
 * functions let PostgreSQL run both aggregates in parallel workers. */
#include "csm_pg.h"

#include "catalog/pg_type.h"
#include "common/base64.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(pg_csm_sketch_in);
PG_FUNCTION_INFO_V1(pg_csm_sketch_out);
PG_FUNCTION_INFO_V1(pg_csm_sketch_recv);
PG_FUNCTION_INFO_V1(pg_csm_sketch_send);
PG_FUNCTION_INFO_V1(pg_csm_sketch_agg_transfn);
PG_FUNCTION_INFO_V1(pg_csm_sketch_merge_transfn);
PG_FUNCTION_INFO_V1(pg_csm_sketch_combine);
PG_FUNCTION_INFO_V1(pg_csm_sketch_serial);
PG_FUNCTION_INFO_V1(pg_csm_sketch_deserial);
PG_FUNCTION_INFO_V1(pg_csm_sketch_final);
PG_FUNCTION_INFO_V1(pg_csm_quantile);
PG_FUNCTION_INFO_V1(pg_csm_quantiles);
PG_FUNCTION_INFO_V1(pg_csm_sketch_count);

/* ---------------------------------------------------------------- values */

/* A live sketch from stored bytes; the caller frees it (or lets ERROR leak
 * nothing: the bytes are checked before any handle exists). */
static csm_sketch* sketch_from_bytes(const char* data, Size len) {
  csm_sketch* sketch = NULL;
  csm_pg_check(csm_sketch_deserialize((const uint8_t*)data, len, &sketch));
  return sketch;
}

/* The sketch's bytes as a new varlena (bytea or csm_sketch, same layout). */
static struct varlena* sketch_to_varlena(const csm_sketch* sketch) {
  uint8_t* bytes = NULL;
  size_t len = 0;
  struct varlena* out;
  csm_pg_check(csm_sketch_serialize(sketch, &bytes, &len));
  out = (struct varlena*)palloc(VARHDRSZ + len);
  SET_VARSIZE(out, VARHDRSZ + len);
  memcpy(VARDATA(out), bytes, len);
  csm_free(bytes);
  return out;
}

/* Checks that stored bytes are one intact sketch. */
static void check_sketch_bytes(const char* data, Size len) {
  csm_sketch* sketch = sketch_from_bytes(data, len);
  csm_sketch_free(sketch);
}

Datum pg_csm_sketch_in(PG_FUNCTION_ARGS) {
  const char* text = PG_GETARG_CSTRING(0);
  const int text_len = (int)strlen(text);
  const int max_len = pg_b64_dec_len(text_len);
  bytea* out = (bytea*)palloc(VARHDRSZ + max_len);
  const int len = pg_b64_decode(text, text_len, VARDATA(out), max_len);
  if (len < 0)
    ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                    errmsg("invalid input syntax for type csm_sketch: not base64")));
  check_sketch_bytes(VARDATA(out), len);
  SET_VARSIZE(out, VARHDRSZ + len);
  PG_RETURN_BYTEA_P(out);
}

Datum pg_csm_sketch_out(PG_FUNCTION_ARGS) {
  bytea* value = PG_GETARG_BYTEA_PP(0);
  const int len = VARSIZE_ANY_EXHDR(value);
  const int max_len = pg_b64_enc_len(len);
  char* text = palloc(max_len + 1);
  const int text_len = pg_b64_encode(VARDATA_ANY(value), len, text, max_len);
  if (text_len < 0) elog(ERROR, "csm_sketch: base64 encoding failed");
  text[text_len] = '\0';
  PG_RETURN_CSTRING(text);
}

Datum pg_csm_sketch_recv(PG_FUNCTION_ARGS) {
  StringInfo buf = (StringInfo)PG_GETARG_POINTER(0);
  const int len = buf->len - buf->cursor;
  bytea* out = (bytea*)palloc(VARHDRSZ + len);
  SET_VARSIZE(out, VARHDRSZ + len);
  pq_copymsgbytes(buf, VARDATA(out), len);
  check_sketch_bytes(VARDATA(out), len);
  PG_RETURN_BYTEA_P(out);
}

Datum pg_csm_sketch_send(PG_FUNCTION_ARGS) {
  bytea* value = PG_GETARG_BYTEA_PP(0);
  StringInfoData buf;
  pq_begintypsend(&buf);
  pq_sendbytes(&buf, VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
  PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ------------------------------------------------------------ aggregates */

typedef struct SketchState {
  csm_sketch* sketch;
  MemoryContextCallback free_sketch;
} SketchState;

static void free_sketch_state(void* arg) {
  SketchState* state = (SketchState*)arg;
  csm_sketch_free(state->sketch);
  state->sketch = NULL;
}

static MemoryContext aggregate_context(FunctionCallInfo fcinfo, const char* function) {
  MemoryContext context;
  if (!AggCheckCallContext(fcinfo, &context))
    elog(ERROR, "%s called in a non-aggregate context", function);
  return context;
}

/* A state in `context` owning `sketch` (a fresh empty one when NULL). */
static SketchState* new_state(MemoryContext context, csm_sketch* sketch) {
  SketchState* state = MemoryContextAllocZero(context, sizeof(SketchState));
  if (sketch == NULL) csm_pg_check(csm_sketch_create(0, 0, &sketch));
  state->sketch = sketch;
  state->free_sketch.func = free_sketch_state;
  state->free_sketch.arg = state;
  MemoryContextRegisterResetCallback(context, &state->free_sketch);
  return state;
}

/* csm_sketch_agg(float8): NULLs are skipped; negative, NaN and infinite
 * values are errors (the library's message). */
Datum pg_csm_sketch_agg_transfn(PG_FUNCTION_ARGS) {
  MemoryContext context = aggregate_context(fcinfo, "csm_sketch_agg");
  SketchState* state = PG_ARGISNULL(0) ? NULL : (SketchState*)PG_GETARG_POINTER(0);
  if (PG_ARGISNULL(1)) {
    if (state == NULL) PG_RETURN_NULL();
    PG_RETURN_POINTER(state);
  }
  if (state == NULL) state = new_state(context, NULL);
  csm_pg_check(csm_sketch_add(state->sketch, PG_GETARG_FLOAT8(1)));
  PG_RETURN_POINTER(state);
}

/* csm_sketch_merge(csm_sketch): NULLs are skipped. */
Datum pg_csm_sketch_merge_transfn(PG_FUNCTION_ARGS) {
  MemoryContext context = aggregate_context(fcinfo, "csm_sketch_merge");
  SketchState* state = PG_ARGISNULL(0) ? NULL : (SketchState*)PG_GETARG_POINTER(0);
  bytea* value;
  if (PG_ARGISNULL(1)) {
    if (state == NULL) PG_RETURN_NULL();
    PG_RETURN_POINTER(state);
  }
  value = PG_GETARG_BYTEA_PP(1);
  if (state == NULL) state = new_state(context, NULL);
  csm_pg_check(csm_sketch_merge_serialized(state->sketch, (const uint8_t*)VARDATA_ANY(value),
                                           VARSIZE_ANY_EXHDR(value)));
  PG_RETURN_POINTER(state);
}

Datum pg_csm_sketch_combine(PG_FUNCTION_ARGS) {
  SketchState* a = PG_ARGISNULL(0) ? NULL : (SketchState*)PG_GETARG_POINTER(0);
  SketchState* b = PG_ARGISNULL(1) ? NULL : (SketchState*)PG_GETARG_POINTER(1);
  aggregate_context(fcinfo, "csm_sketch_combine");
  if (b == NULL) {
    if (a == NULL) PG_RETURN_NULL();
    PG_RETURN_POINTER(a);
  }
  if (a == NULL) PG_RETURN_POINTER(b); /* both live in the aggregate context */
  csm_pg_check(csm_sketch_merge(a->sketch, b->sketch));
  PG_RETURN_POINTER(a);
}

Datum pg_csm_sketch_serial(PG_FUNCTION_ARGS) {
  SketchState* state = (SketchState*)PG_GETARG_POINTER(0);
  PG_RETURN_BYTEA_P(sketch_to_varlena(state->sketch));
}

Datum pg_csm_sketch_deserial(PG_FUNCTION_ARGS) {
  MemoryContext context = aggregate_context(fcinfo, "csm_sketch_deserial");
  bytea* bytes = PG_GETARG_BYTEA_PP(0);
  csm_sketch* sketch = sketch_from_bytes(VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes));
  PG_RETURN_POINTER(new_state(context, sketch));
}

Datum pg_csm_sketch_final(PG_FUNCTION_ARGS) {
  SketchState* state;
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  state = (SketchState*)PG_GETARG_POINTER(0);
  PG_RETURN_BYTEA_P(sketch_to_varlena(state->sketch));
}

/* --------------------------------------------------------------- answers */

/* The quantile of a sketch freed before any ERROR is raised. NULL (false)
 * for an empty sketch. */
static bool quantile_of(const csm_sketch* sketch, double q, double* out) {
  uint64_t count = 0;
  csm_status status = csm_sketch_count(sketch, &count);
  if (status == CSM_OK && count == 0) return false;
  if (status == CSM_OK) status = csm_sketch_quantile(sketch, q, out);
  if (status != CSM_OK) {
    char* message = pstrdup(csm_last_error());
    csm_sketch_free((csm_sketch*)sketch);
    ereport(ERROR, (errcode(csm_pg_sqlstate(status)), errmsg("%s", message)));
  }
  return true;
}

/* csm_quantile(csm_sketch, q float8): NULL for an empty sketch. */
Datum pg_csm_quantile(PG_FUNCTION_ARGS) {
  bytea* value = PG_GETARG_BYTEA_PP(0);
  csm_sketch* sketch = sketch_from_bytes(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
  double answer = 0;
  const bool found = quantile_of(sketch, PG_GETARG_FLOAT8(1), &answer);
  csm_sketch_free(sketch);
  if (!found) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(answer);
}

/* csm_quantiles(csm_sketch, qs float8[]): one answer per q (NULL for a NULL
 * q or an empty sketch), as a float8[] of the same length. */
Datum pg_csm_quantiles(PG_FUNCTION_ARGS) {
  bytea* value = PG_GETARG_BYTEA_PP(0);
  ArrayType* qs = PG_GETARG_ARRAYTYPE_P(1);
  Datum* q_values;
  bool* q_nulls;
  int n;
  Datum* answers;
  bool* answer_nulls;
  int dims[1];
  int lbs[1] = {1};
  csm_sketch* sketch;
  if (ARR_NDIM(qs) > 1)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("csm_quantiles: qs must be a one-dimensional array")));
  deconstruct_array(qs, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &q_values,
                    &q_nulls, &n);
  answers = palloc(sizeof(Datum) * (n > 0 ? n : 1));
  answer_nulls = palloc(sizeof(bool) * (n > 0 ? n : 1));
  sketch = sketch_from_bytes(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
  for (int i = 0; i < n; ++i) {
    double answer = 0;
    answer_nulls[i] = q_nulls[i] || !quantile_of(sketch, DatumGetFloat8(q_values[i]), &answer);
    answers[i] = Float8GetDatum(answer);
  }
  csm_sketch_free(sketch);
  dims[0] = n;
  PG_RETURN_ARRAYTYPE_P(construct_md_array(answers, answer_nulls, 1, dims, lbs, FLOAT8OID,
                                           sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum pg_csm_sketch_count(PG_FUNCTION_ARGS) {
  bytea* value = PG_GETARG_BYTEA_PP(0);
  csm_sketch* sketch = sketch_from_bytes(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
  uint64_t count = 0;
  csm_status status = csm_sketch_count(sketch, &count);
  csm_sketch_free(sketch);
  csm_pg_check(status);
  if (count > (uint64_t)PG_INT64_MAX)
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("csm_sketch_count: %llu values do not fit a bigint",
                           (unsigned long long)count)));
  PG_RETURN_INT64((int64)count);
}
