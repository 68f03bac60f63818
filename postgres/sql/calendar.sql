-- Calendar functions: hand-verified cases of tests/calendar/
-- business_calendar_test.cc, then the library's own answers (the Python
-- package over the same C ABI) on 1000 random instants of four calendars.
CREATE EXTENSION csmetrics;
SET timezone = 'UTC';

-- New York office hours, holiday 12-25, half day 12-24, Saturday 12-26 special.
\set office '{"timezone": "America/New_York", "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}, "holidays": ["2026-12-25"], "special_days": {"2026-12-24": [["09:00","13:00"]], "2026-12-26": [["10:00","12:00"]], "2026-12-30": []}}'

-- Wed 23rd 16:00 -> Mon 28th 10:00 EST: 1 h + 4 h + 0 + 2 h + 1 h = 8 h.
SELECT csm_business_seconds(:'office', '2026-12-23T21:00Z', '2026-12-28T15:00Z') / 3600 AS hours;
SELECT csm_business_seconds(:'office', '2026-12-28T15:00Z', '2026-12-23T21:00Z') / 3600 AS negative;
SELECT csm_business_add(:'office', '2026-12-23T21:00Z', 8 * 3600) AS due;
-- Thu 12:00 + 1 h lands on the half day's end; 1 ms more goes on to Saturday 10:00.001.
SELECT csm_business_add(:'office', '2026-12-24T17:00Z', 3600) AS due,
       csm_business_add(:'office', '2026-12-24T17:00Z', 3600.001) AS due_plus_1ms;
SELECT csm_is_open(:'office', '2026-12-25T15:00Z') AS christmas,
       csm_is_open(:'office', '2026-12-26T15:00Z') AS saturday_special,
       csm_is_open(:'office', '2026-12-30T15:00Z') AS closed_wednesday;
SELECT csm_next_open(:'office', '2026-12-24T18:00Z') AS next_open,
       csm_next_close(:'office', '2026-12-26T15:00Z') AS next_close;
-- Spring forward: Fri 16:00 EST -> Mon 10:00 EDT is 2 h.
SELECT csm_business_seconds(:'office', '2026-03-06T21:00Z', '2026-03-09T14:00Z') / 3600 AS hours;
-- 24/7 in New York counts the 23-hour and 25-hour Sundays as such.
\set always '{"timezone": "America/New_York", "weekly": {"mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]], "thu": [["00:00","24:00"]], "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]], "sun": [["00:00","24:00"]]}}'
SELECT csm_business_seconds(:'always', '2026-03-08T05:00Z', '2026-03-09T04:00Z') / 3600 AS spring,
       csm_business_seconds(:'always', '2026-11-01T04:00Z', '2026-11-02T05:00Z') / 3600 AS fall;
-- Milliseconds survive; sub-millisecond parts are dropped (rounded down).
SELECT csm_business_seconds(:'always', '2026-01-05T14:00:00Z', '2026-01-05T14:00:00.0015Z') AS seconds;
-- NULL in, NULL out (the functions are STRICT).
SELECT csm_business_seconds(NULL, now(), now()) IS NULL AS null_calendar,
       csm_is_open(:'office', NULL) IS NULL AS null_instant;

-- The library's answers on random instants: every one agrees.
\getenv abs_srcdir PG_ABS_SRCDIR
\set answers :abs_srcdir '/data/calendar_answers.csv'
CREATE TABLE answers (spec jsonb, start_ms bigint, end_ms bigint, elapsed_ms bigint,
                      amount_ms bigint, add_ms bigint, is_open int, next_open_ms bigint);
COPY answers FROM :'answers' WITH (FORMAT csv);
CREATE FUNCTION ms(bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE
  AS $$ SELECT to_timestamp($1 / 1000.0) $$;
SELECT count(*) AS cases,
       count(DISTINCT spec) AS calendars,
       count(*) FILTER (WHERE round(csm_business_seconds(spec, ms(start_ms), ms(end_ms)) * 1000) <> elapsed_ms) AS elapsed_wrong,
       count(*) FILTER (WHERE csm_business_add(spec, ms(start_ms), amount_ms / 1000.0) <> ms(add_ms)) AS add_wrong,
       count(*) FILTER (WHERE csm_is_open(spec, ms(start_ms)) <> (is_open = 1)) AS is_open_wrong,
       count(*) FILTER (WHERE csm_next_open(spec, ms(start_ms)) <> ms(next_open_ms)) AS next_open_wrong
FROM answers;
