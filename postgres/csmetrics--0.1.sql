-- csmetrics 0.1: the library's calendars, quantile sketches, event engine
-- and SLA due times in SQL (docs/postgres.md). Every function calls the C
-- ABI (capi/csmetrics.h); its errors become SQL errors with its message.
\echo Use "CREATE EXTENSION csmetrics" to load this file. \quit

-- ------------------------------------------------------------- calendars
-- The calendar is the JSON spec of docs/calendar.md; each backend compiles
-- a calendar once and caches it by its text. NULL arguments give NULL.

CREATE FUNCTION csm_business_seconds(calendar jsonb, start timestamptz, finish timestamptz)
RETURNS float8 AS 'MODULE_PATHNAME', 'pg_csm_business_seconds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csm_business_seconds(jsonb, timestamptz, timestamptz) IS
  'Open (business) seconds between two instants on the calendar; negative when start > finish';

CREATE FUNCTION csm_business_add(calendar jsonb, start timestamptz, seconds float8)
RETURNS timestamptz AS 'MODULE_PATHNAME', 'pg_csm_business_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csm_business_add(jsonb, timestamptz, float8) IS
  'The due instant: the earliest instant at which `seconds` of business time have passed since start';

CREATE FUNCTION csm_is_open(calendar jsonb, at timestamptz)
RETURNS bool AS 'MODULE_PATHNAME', 'pg_csm_is_open'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION csm_next_open(calendar jsonb, at timestamptz)
RETURNS timestamptz AS 'MODULE_PATHNAME', 'pg_csm_next_open'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION csm_next_close(calendar jsonb, at timestamptz)
RETURNS timestamptz AS 'MODULE_PATHNAME', 'pg_csm_next_close'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- ------------------------------------------------------------ csm_sketch
-- A quantile sketch (DDSketch, 1 % relative accuracy): its bytes are the
-- library's csm_sketch_serialize format; its text form is their base64.

CREATE TYPE csm_sketch;

CREATE FUNCTION csm_sketch_in(cstring) RETURNS csm_sketch
AS 'MODULE_PATHNAME', 'pg_csm_sketch_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csm_sketch_out(csm_sketch) RETURNS cstring
AS 'MODULE_PATHNAME', 'pg_csm_sketch_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csm_sketch_recv(internal) RETURNS csm_sketch
AS 'MODULE_PATHNAME', 'pg_csm_sketch_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csm_sketch_send(csm_sketch) RETURNS bytea
AS 'MODULE_PATHNAME', 'pg_csm_sketch_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE csm_sketch (
  INPUT = csm_sketch_in, OUTPUT = csm_sketch_out,
  RECEIVE = csm_sketch_recv, SEND = csm_sketch_send,
  INTERNALLENGTH = VARIABLE, STORAGE = extended
);

-- The library's bytes, e.g. for csmetrics.Sketch.from_bytes in Python.
CREATE CAST (csm_sketch AS bytea) WITHOUT FUNCTION;

CREATE FUNCTION csm_sketch_agg_transfn(internal, float8) RETURNS internal
AS 'MODULE_PATHNAME', 'pg_csm_sketch_agg_transfn' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_sketch_merge_transfn(internal, csm_sketch) RETURNS internal
AS 'MODULE_PATHNAME', 'pg_csm_sketch_merge_transfn' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_sketch_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'pg_csm_sketch_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_sketch_serial(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'pg_csm_sketch_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION csm_sketch_deserial(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'pg_csm_sketch_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION csm_sketch_final(internal) RETURNS csm_sketch
AS 'MODULE_PATHNAME', 'pg_csm_sketch_final' LANGUAGE C PARALLEL SAFE;

-- The sketch of the non-NULL values (finite, >= 0; others are errors).
CREATE AGGREGATE csm_sketch_agg(float8) (
  SFUNC = csm_sketch_agg_transfn, STYPE = internal, FINALFUNC = csm_sketch_final,
  COMBINEFUNC = csm_sketch_combine, SERIALFUNC = csm_sketch_serial,
  DESERIALFUNC = csm_sketch_deserial, PARALLEL = SAFE
);

-- The sketch of every value of the sketches merged (rollups).
CREATE AGGREGATE csm_sketch_merge(csm_sketch) (
  SFUNC = csm_sketch_merge_transfn, STYPE = internal, FINALFUNC = csm_sketch_final,
  COMBINEFUNC = csm_sketch_combine, SERIALFUNC = csm_sketch_serial,
  DESERIALFUNC = csm_sketch_deserial, PARALLEL = SAFE
);

CREATE FUNCTION csm_quantile(sketch csm_sketch, q float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pg_csm_quantile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csm_quantiles(sketch csm_sketch, qs float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pg_csm_quantiles' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csm_sketch_count(sketch csm_sketch) RETURNS bigint
AS 'MODULE_PATHNAME', 'pg_csm_sketch_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- ---------------------------------------------------------------- engine
-- Rows are events (docs/metrics.md §1): time, ticket, type, and a jsonb
-- object of the other fields ({"agent": "alice", "group": "tier1", ...}).
-- They are ingested in the order the aggregate receives them: write
-- ORDER BY time, <a unique tie-breaker> inside the call (PostgreSQL's sort
-- is not stable, so equal times need the tie-breaker to keep one order).

CREATE FUNCTION csm_report_transfn(internal, timestamptz, text, text, jsonb, jsonb, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'pg_csm_report_transfn' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_report_final(internal) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pg_csm_report_final' LANGUAGE C PARALLEL SAFE;

-- The report JSON (docs/metrics.md §8) of the events under `config` (the
-- engine config, docs/metrics.md §9) answering `query`.
CREATE AGGREGATE csm_report("time" timestamptz, ticket text, type text, fields jsonb,
                            config jsonb, query jsonb) (
  SFUNC = csm_report_transfn, STYPE = internal, FINALFUNC = csm_report_final,
  FINALFUNC_MODIFY = READ_WRITE
);

CREATE FUNCTION csm_engine_state_transfn(internal, timestamptz, text, text, jsonb, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'pg_csm_engine_state_transfn' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_engine_state_transfn(internal, timestamptz, text, text, jsonb, jsonb, bytea)
RETURNS internal AS 'MODULE_PATHNAME', 'pg_csm_engine_state_transfn' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_engine_state_final(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'pg_csm_engine_state_final' LANGUAGE C PARALLEL SAFE;

-- The engine's serialized state after the events (csm_engine_serialize).
CREATE AGGREGATE csm_engine_state("time" timestamptz, ticket text, type text, fields jsonb,
                                  config jsonb) (
  SFUNC = csm_engine_state_transfn, STYPE = internal, FINALFUNC = csm_engine_state_final,
  FINALFUNC_MODIFY = READ_WRITE
);

-- The same, continuing a stored checkpoint (a state of the same config).
CREATE AGGREGATE csm_engine_state("time" timestamptz, ticket text, type text, fields jsonb,
                                  config jsonb, checkpoint bytea) (
  SFUNC = csm_engine_state_transfn, STYPE = internal, FINALFUNC = csm_engine_state_final,
  FINALFUNC_MODIFY = READ_WRITE
);

-- The report of one engine holding every state (same config, disjoint
-- tickets: partitions split by customer, or checkpoints).
CREATE FUNCTION csm_report_from_state(states bytea[], query jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pg_csm_report_from_state' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION csm_sla_due_transfn(internal, timestamptz, text, text, jsonb, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'pg_csm_sla_due_transfn' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION csm_sla_due_final(internal) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'pg_csm_sla_due_final' LANGUAGE C PARALLEL SAFE;

-- The earliest due instant of the active SLA targets (docs/sla.md) after a
-- ticket's events (GROUP BY ticket); NULL when none is active.
CREATE AGGREGATE csm_sla_due("time" timestamptz, ticket text, type text, fields jsonb,
                             config jsonb) (
  SFUNC = csm_sla_due_transfn, STYPE = internal, FINALFUNC = csm_sla_due_final,
  FINALFUNC_MODIFY = READ_WRITE
);
