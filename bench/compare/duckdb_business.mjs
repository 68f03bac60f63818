// Per-agent median business first reply time with DuckDB (@duckdb/node-api,
// 2 threads), the way SQL users compute business time (as the dbt packages
// for Zendesk data do): a table of open intervals, one row per business day
// (a date spine without weekends and holidays, 09:00-17:00 local made UTC
// with ICU's time zones), range-joined to the tickets; a ticket's business
// time is the sum of its overlaps. Prints {agent: [p50 ms, p90 ms]}.
// Usage: node duckdb_business.mjs EVENTS.csv CALENDAR.json
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [path, calendarPath] = process.argv.slice(2);
const calendar = JSON.parse(readFileSync(calendarPath, 'utf8'));
const holidays = calendar.holidays.map((d) => `(DATE '${d}')`).join(', ');
const [[open, close]] = calendar.weekly.mon;  // Mon-Fri share their hours
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
await conn.run(`CREATE TABLE ev AS SELECT * FROM read_csv('${path}', header = true, columns = {
  'time': 'BIGINT', 'ticket': 'VARCHAR', 'type': 'VARCHAR', 'agent': 'VARCHAR',
  'channel': 'VARCHAR', 'status': 'VARCHAR'})`);
await conn.run(`CREATE TABLE holidays AS SELECT * FROM (VALUES ${holidays}) t(day)`);
await conn.run(`CREATE TABLE open_intervals AS
  SELECT epoch_ms(timezone('${calendar.timezone}', day + TIME '${open}')) AS open_ms,
         epoch_ms(timezone('${calendar.timezone}', day + TIME '${close}')) AS close_ms
  FROM (SELECT CAST(d AS DATE) AS day
        FROM generate_series(TIMESTAMP '2025-12-01', TIMESTAMP '2028-12-31', INTERVAL 1 DAY) s(d))
  WHERE isodow(day) <= 5 AND day NOT IN (SELECT day FROM holidays)`);
const perAgent = await conn.runAndReadAll(`
  WITH created AS (SELECT ticket, time AS created_ms FROM ev WHERE type = 'created'),
       reply AS (SELECT ticket, min(time) AS reply_ms FROM ev WHERE type = 'agent_reply' GROUP BY ticket),
       assigned AS (SELECT ticket, first(agent) AS agent FROM ev WHERE type = 'assigned' GROUP BY ticket),
       frt AS (SELECT ticket, agent, created_ms, reply_ms
               FROM created JOIN reply USING (ticket) JOIN assigned USING (ticket)),
       overlap AS (  -- tickets with no open interval in between have no row here
         SELECT f.ticket, sum(least(f.reply_ms, o.close_ms) - greatest(f.created_ms, o.open_ms)) AS ms
         FROM frt f JOIN open_intervals o ON o.open_ms < f.reply_ms AND o.close_ms > f.created_ms
         GROUP BY f.ticket),
       business AS (
         SELECT frt.agent, coalesce(overlap.ms, 0) AS ms FROM frt LEFT JOIN overlap USING (ticket))
  SELECT agent, median(ms), quantile_cont(ms, 0.9) FROM business GROUP BY agent`);
const out = {};
for (const [agent, p50, p90] of perAgent.getRows()) out[agent] = [Number(p50), Number(p90)];
process.stdout.write(JSON.stringify(out));
