-- csm_sla_due over each ticket's events: the earliest due instant of its
-- active SLA targets (docs/sla.md), in a view listing the tickets due next.
SET timezone = 'UTC';
CREATE TABLE sla_events (id serial, ticket text, time timestamptz, type text, fields jsonb);
-- Monday 2026-11-02 (UTC). Office hours Mon-Fri 09:00-17:00.
INSERT INTO sla_events (ticket, time, type, fields) VALUES
  -- T-1: created 16:30; first reply due after 1 business hour: 30 min today,
  -- 30 min tomorrow -> Tue 09:30; resolution (24 h calendar) Tue 16:30.
  ('T-1', '2026-11-02T16:30Z', 'created', '{"priority": "normal"}'),
  -- T-2: created 10:00, replied 10:20: only the resolution target, Tue 10:00.
  ('T-2', '2026-11-02T10:00Z', 'created', '{"priority": "normal"}'),
  ('T-2', '2026-11-02T10:20Z', 'agent_reply', '{"agent": "alice"}'),
  -- T-3: created and solved: nothing active.
  ('T-3', '2026-11-02T11:00Z', 'created', '{}'),
  ('T-3', '2026-11-02T11:05Z', 'agent_reply', '{"agent": "bob"}'),
  ('T-3', '2026-11-02T11:10Z', 'status', '{"status": "solved"}'),
  -- T-4: urgent (15 min calendar first reply), created 12:00 -> 12:15.
  ('T-4', '2026-11-02T12:00Z', 'created', '{"priority": "urgent"}');

CREATE TABLE sla_config AS SELECT '{
  "calendars": {"default": {"timezone": "UTC", "weekly": {
    "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
    "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
  "sla_policies": [{"name": "default", "targets": [
    {"priority": "urgent", "metric": "first_reply_time", "seconds": 900},
    {"priority": "*", "metric": "first_reply_time", "seconds": 3600, "business": true},
    {"priority": "*", "metric": "total_resolution_time", "seconds": 86400}]}]}'::jsonb AS config;

CREATE VIEW tickets_due AS
  SELECT ticket, csm_sla_due(time, ticket, type, fields, config ORDER BY time, id) AS due
  FROM sla_events, sla_config GROUP BY ticket, config;
SELECT * FROM tickets_due ORDER BY due NULLS LAST, ticket;
-- Due within a day of Monday 16:00, soonest first.
SELECT ticket, due FROM tickets_due
WHERE due < '2026-11-02T16:00Z'::timestamptz + interval '1 day' ORDER BY due;
