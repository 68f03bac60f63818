-- Bad input gives SQL errors with the library's message, never a crash;
-- the session goes on afterwards.
SET timezone = 'UTC';
\set office '{"timezone": "UTC", "weekly": {"mon": [["09:00","17:00"]]}}'
-- Invalid calendars.
SELECT csm_business_seconds('{"timezone": "Mars/Base"}', now(), now());
SELECT csm_business_seconds('{"timezone": "UTC", "weekdays": {}}', now(), now());
SELECT csm_is_open('[1, 2]', now());
SELECT csm_business_seconds('{"timezone": "UTC", "weekly": {"mon": [["09:00","12:00"],["11:00","13:00"]]}}', now(), now());
-- Instants and amounts out of range.
SELECT csm_business_seconds(:'office', '1960-01-01Z', now());
SELECT csm_business_seconds(:'office', 'infinity', now());
SELECT csm_business_add(:'office', now(), 'NaN');
SELECT csm_next_close('{"timezone": "UTC", "weekly": {"mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]], "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]], "sun": [["00:00","24:00"]]}}', '2026-01-01Z');
-- Sketch values, quantiles and bytes.
SELECT csm_sketch_agg(v) FROM (VALUES (1.0::float8), (-5)) t(v);
SELECT csm_sketch_agg(v) FROM (VALUES ('NaN'::float8)) t(v);
SELECT csm_quantile(csm_sketch_agg(v), 1.5) FROM (VALUES (1.0::float8)) t(v);
SELECT 'bm90IGEgc2tldGNo'::csm_sketch;
SELECT 'not base64 at all!'::csm_sketch;
SELECT encode(substring(csm_sketch_agg(v)::bytea FROM 1 FOR 10), 'base64')::csm_sketch
FROM (VALUES (1.0::float8)) t(v);
SELECT csm_quantiles(csm_sketch_agg(v), ARRAY[[0.5]]) FROM (VALUES (1.0::float8)) t(v);
-- Engine: bad config, unknown metric, NULL required arguments, bad states.
SELECT csm_report(now(), 'T-1', 'created', '{}', '{"views": "x"}', '{}');
SELECT csm_report(now(), 'T-1', 'created', '{}', '{}', '{"metrics": ["no_such_metric"]}');
SELECT csm_report(now(), 'T-1', 'created', '{}', NULL, '{}');
SELECT csm_report(NULL, 'T-1', 'created', '{}', '{}', '{}');
SELECT csm_report(now(), 'T-1', NULL, '{}', '{}', '{}');
SELECT csm_report(now(), 'T-1', 'created', '[1]', '{}', '{}');
SELECT csm_report_from_state(ARRAY['garbage'::bytea], '{}');
SELECT csm_engine_state(now(), 'T-1', 'created', '{}', '{}', 'garbage'::bytea);
SELECT csm_sla_due(now(), 'T-1', 'created', '{}', '{"sla_policies": [{"name": "x", "targets": []}]}');
-- Still alive.
SELECT csm_business_seconds(:'office', '2026-01-05T09:00Z', '2026-01-05T10:00Z') AS still_working;
