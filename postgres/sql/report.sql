-- csm_report over the incident log (examples/data, imported with
-- csm import --preset servicenow) equals `csm report` on the same events
-- (postgres/test.sh made data/incident_report.json with the CLI); engine
-- states of partitions, and a checkpoint continued, give the same report.
SET timezone = 'UTC';
\getenv abs_srcdir PG_ABS_SRCDIR
\set events_file :abs_srcdir '/data/incidents.jsonl'
\set config_file :abs_srcdir '/data/incident_config.json'
\set query_file :abs_srcdir '/data/incident_query.json'
\set report_file :abs_srcdir '/data/incident_report.json'

CREATE TABLE raw_events (n bigserial, line jsonb);
COPY raw_events (line) FROM :'events_file' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');
CREATE TABLE ticket_events AS
  SELECT n, (line->>'time')::timestamptz AS time, line->>'ticket' AS ticket, line->>'type' AS type,
         line - 'time' - 'ticket' - 'type' AS fields
  FROM raw_events;
CREATE TABLE settings AS
  SELECT pg_read_file(:'config_file')::jsonb AS config, pg_read_file(:'query_file')::jsonb AS query,
         pg_read_file(:'report_file')::jsonb AS cli_report;
SELECT count(*) AS events, count(DISTINCT ticket) AS tickets FROM ticket_events;

-- One aggregate over every event, in time order (n breaks ties: file order).
CREATE TABLE sql_report AS
  SELECT csm_report(time, ticket, type, fields, config, query ORDER BY time, n) AS report
  FROM ticket_events, settings GROUP BY config, query;
SELECT jsonb_array_length(report->'rows') AS rows,
       report = (SELECT cli_report FROM settings) AS equals_csm_report
FROM sql_report;
SELECT r->>'category' AS category, r->'tickets_created' AS created,
       r->'first_reply_time'->'business'->'p50' AS business_p50
FROM sql_report, jsonb_array_elements(report->'rows') r
ORDER BY (r->'tickets_created')::int DESC, category LIMIT 3;

-- Partitions split by customer (four: a ticket goes with the customer of its
-- created event, so repeat contacts stay within one), stored as engine
-- states, reported together.
CREATE TABLE ticket_customer AS
  SELECT ticket, fields->>'customer' AS customer FROM ticket_events WHERE type = 'created';
CREATE TABLE partition_states AS
  SELECT abs(hashtext(coalesce(c.customer, e.ticket))) % 4 AS part,
         csm_engine_state(time, e.ticket, type, fields, config ORDER BY time, n) AS state
  FROM ticket_events e LEFT JOIN ticket_customer c USING (ticket), settings GROUP BY 1;
SELECT count(*) AS partitions FROM partition_states;
SELECT csm_report_from_state(array_agg(state), (SELECT query FROM settings))
       = (SELECT cli_report FROM settings) AS partitions_equal
FROM partition_states;

-- A checkpoint of the events before April 2016, continued with the rest.
CREATE TABLE checkpoint AS
  SELECT csm_engine_state(time, ticket, type, fields, config ORDER BY time, n) AS state
  FROM ticket_events, settings WHERE time < '2016-04-01' GROUP BY config;
SELECT csm_report_from_state(ARRAY[csm_engine_state(time, ticket, type, fields, config,
                                                    (SELECT state FROM checkpoint) ORDER BY time, n)],
                             (SELECT query FROM settings))
       = (SELECT cli_report FROM settings) AS continued_equal
FROM ticket_events, settings WHERE time >= '2016-04-01' GROUP BY config;
SELECT csm_report_from_state(ARRAY[NULL]::bytea[], '{}') IS NULL AS no_state_is_null;

-- Rejected events are data: counted in the report, not errors.
SELECT report->'rejected' AS rejected
FROM (SELECT csm_report(t, 'T-1', ty, '{}', '{}', '{"grain": "all"}' ORDER BY t) AS report
      FROM (VALUES ('2026-01-01T10:00Z'::timestamptz, 'agent_reply'),
                   ('2026-01-01T11:00Z', 'created'),
                   ('2026-01-01T12:00Z', 'created')) e(t, ty)) r;
