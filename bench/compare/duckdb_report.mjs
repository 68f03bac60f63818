// The comparison's two answers with DuckDB (@duckdb/node-api; 2 threads):
// per-agent median first reply time and tickets created per channel, from
// the same CSV. Prints JSON. Usage: node duckdb_report.mjs EVENTS.csv
import { DuckDBInstance } from '@duckdb/node-api';

const path = process.argv[2];
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
await conn.run(`CREATE TABLE ev AS SELECT * FROM read_csv('${path}', header = true, columns = {
  'time': 'BIGINT', 'ticket': 'VARCHAR', 'type': 'VARCHAR', 'agent': 'VARCHAR',
  'channel': 'VARCHAR', 'status': 'VARCHAR'})`);
const perAgent = await conn.runAndReadAll(`
  WITH created AS (SELECT ticket, time FROM ev WHERE type = 'created'),
       reply AS (SELECT ticket, min(time) AS t FROM ev WHERE type = 'agent_reply' GROUP BY ticket),
       assigned AS (SELECT ticket, first(agent) AS agent FROM ev WHERE type = 'assigned' GROUP BY ticket)
  SELECT a.agent, median((r.t - c.time) / 1000.0) AS seconds
  FROM created c JOIN reply r USING (ticket) JOIN assigned a USING (ticket)
  GROUP BY a.agent`);
const perChannel = await conn.runAndReadAll(
  `SELECT channel, count(*) AS n FROM ev WHERE type = 'created' GROUP BY channel`);
const out = { median_first_reply_by_agent: {}, tickets_by_channel: {} };
for (const [agent, seconds] of perAgent.getRows()) out.median_first_reply_by_agent[agent] = Number(seconds);
for (const [channel, n] of perChannel.getRows()) out.tickets_by_channel[channel] = Number(n);
process.stdout.write(JSON.stringify(out));
