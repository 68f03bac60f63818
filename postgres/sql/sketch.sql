-- csm_sketch: quantiles of 1 M values within the 1 % relative accuracy,
-- rollups merged equal to one aggregate, parallel aggregation, text form.
SET timezone = 'UTC';
CREATE TABLE durations AS
  SELECT i, (i % 7)::int AS agent, exp((i % 9973) / 9973.0 * 12)::float8 AS seconds
  FROM generate_series(1, 1000000) AS i;
ANALYZE durations;

-- Exact quantiles (percentile_disc: one sort) vs the sketch's. Each of the
-- 9973 distinct values repeats ~100 times, so percentile_disc's rank and the
-- sketch's, floor(q * (n - 1)), pick the same value.
WITH qs AS (SELECT ARRAY[0.01, 0.25, 0.5, 0.9, 0.99, 1.0]::float8[] AS qs),
exact AS (SELECT percentile_disc((SELECT qs FROM qs)) WITHIN GROUP (ORDER BY seconds) AS v
          FROM durations),
sketch AS (SELECT csm_quantiles(csm_sketch_agg(seconds), (SELECT qs FROM qs)) AS s FROM durations)
SELECT q, abs(s[k] - v[k]) <= 0.01 * v[k] AS within_1_percent
FROM exact, sketch, qs, unnest(qs) WITH ORDINALITY AS u(q, k) ORDER BY k;
SELECT csm_sketch_count(csm_sketch_agg(seconds)) AS count FROM durations;

-- A rollup by (agent, day bucket), merged by agent and in all, equals one aggregate.
CREATE TABLE rollup AS
  SELECT agent, i % 30 AS day, csm_sketch_agg(seconds) AS sketch, count(*) AS n
  FROM durations GROUP BY agent, i % 30;
SELECT count(*) AS agents_equal
FROM (SELECT agent, csm_sketch_merge(sketch) AS merged FROM rollup GROUP BY agent) r
JOIN (SELECT agent, csm_sketch_agg(seconds) AS direct FROM durations GROUP BY agent) d USING (agent)
WHERE r.merged::bytea = d.direct::bytea;
SELECT (SELECT csm_sketch_merge(sketch) FROM rollup)::bytea
     = (SELECT csm_sketch_agg(seconds) FROM durations)::bytea AS all_equal;

-- Parallel workers (combine / serial / deserial) give the very same sketch.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT csm_sketch_agg(seconds) FROM durations;
CREATE TABLE parallel_result AS SELECT csm_sketch_agg(seconds) AS s FROM durations;
CREATE TABLE parallel_merge AS SELECT csm_sketch_merge(sketch) AS s FROM rollup;
RESET max_parallel_workers_per_gather;
SELECT (SELECT s FROM parallel_result)::bytea = (SELECT csm_sketch_agg(seconds) FROM durations)::bytea
         AS parallel_equal,
       (SELECT s FROM parallel_merge)::bytea = (SELECT csm_sketch_agg(seconds) FROM durations)::bytea
         AS parallel_merge_equal;

-- Several quantiles at once; NULL q and an empty input give NULL.
SELECT csm_quantiles(csm_sketch_agg(v), ARRAY[0, 0.5, 1, NULL]) AS qs
FROM (VALUES (1.0::float8), (2), (3), (4), (5)) t(v);
SELECT csm_sketch_agg(v) IS NULL AS empty_is_null FROM durations t(v) WHERE false;
SELECT csm_sketch_agg(v) IS NULL AS only_nulls FROM (VALUES (NULL::float8)) t(v);
SELECT csm_quantile(csm_sketch_agg(v), 0.5) AS median FROM (VALUES (NULL::float8), (10)) t(v);

-- Text form: COPY out and in gives the same bytes.
CREATE TABLE copied (agent int, sketch csm_sketch);
\getenv abs_builddir PG_ABS_BUILDDIR
\set copy_file :abs_builddir '/rollup.copy'
COPY (SELECT agent, csm_sketch_merge(sketch) FROM rollup GROUP BY agent) TO :'copy_file';
COPY copied FROM :'copy_file';
SELECT count(*) AS copied_equal FROM copied c
JOIN (SELECT agent, csm_sketch_merge(sketch) AS s FROM rollup GROUP BY agent) r USING (agent)
WHERE c.sketch::bytea = r.s::bytea;
SELECT csm_sketch_agg(v)::text AS text_form FROM (VALUES (1.0::float8), (2)) t(v);
SELECT csm_sketch_count(csm_sketch_agg(v)::text::csm_sketch) FROM (VALUES (1.0::float8), (2)) t(v);
