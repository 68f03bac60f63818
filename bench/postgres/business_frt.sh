#!/usr/bin/env bash
# Benchmark (issue 24, bench/RESULTS.md "PostgreSQL"): the per-agent median
# business first reply time over N tickets (default 1,000,000) in SQL, two
# ways on the same throwaway server in the same run:
#   csmetrics  csm_business_seconds + csm_sketch_agg + csm_quantile
#   plain SQL  an interval table of business hours (tstzrange, GiST) joined
#              by range overlap, summed per ticket, percentile_cont(0.5)
# and checks that every agent's two medians agree within the sketch's 1 %.
# As root, like postgres/test.sh (which installs the extension: run it, or
# make -C postgres install, first).  usage: bench/postgres/business_frt.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
tickets=${1:-1000000}
runs=${2:-3}
pg_bindir=$(pg_config --bindir)
work=$(mktemp -d /tmp/csm-pg-bench.XXXXXX)
port=${CSM_PG_PORT:-54331}
stop() {
  runuser -u postgres -- "$pg_bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
chown postgres: "$work"
runuser -u postgres -- "$pg_bindir/initdb" -D "$work/data" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pg_bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-k $work -c listen_addresses='' -p $port -c fsync=off -c shared_buffers=256MB -c work_mem=64MB" \
  start >/dev/null
sql() { runuser -u postgres -- psql -X -q -h "$work" -p "$port" -d postgres -v ON_ERROR_STOP=1 "$@"; }

# Mon-Fri 09:00-17:00 New York, US holidays of 2026.
calendar='{"timezone": "America/New_York", "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]], "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}, "holidays": ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"]}'

sql -v tickets="$tickets" -v calendar="$calendar" <<'SQL'
CREATE EXTENSION csmetrics;
CREATE TABLE settings AS SELECT :'calendar'::jsonb AS calendar;
-- Tickets over 2026, 50 agents, first replies 1 minute to 3 days later.
SELECT setseed(0.24);
CREATE TABLE tickets AS
  SELECT i AS id, (random() * 49)::int + 1 AS agent, created_at,
         created_at + (60 + random() * random() * 259200) * interval '1 second' AS first_reply_at
  FROM (SELECT i, timestamptz '2026-01-01 00:00Z' + random() * interval '360 days' AS created_at
        FROM generate_series(1, :tickets) AS i) t;
-- The plain-SQL side's business hours: one row per open day of 2026-2027,
-- built from the same rules (09:00-17:00 New York wall time, weekdays, not a holiday).
CREATE TABLE business_hours AS
  SELECT tstzrange((d + time '09:00') AT TIME ZONE 'America/New_York',
                   (d + time '17:00') AT TIME ZONE 'America/New_York') AS open
  FROM generate_series(date '2026-01-01', date '2027-12-31', interval '1 day') AS g(d0),
       LATERAL (SELECT d0::date AS d) dd
  WHERE extract(isodow FROM d) < 6
    AND d NOT IN (SELECT jsonb_array_elements_text(calendar->'holidays')::date FROM settings);
CREATE INDEX ON business_hours USING gist (open);
VACUUM ANALYZE tickets; VACUUM ANALYZE business_hours;
SQL

# The calendar comes from its table through a scalar subquery (one InitPlan
# value for every row); a join with that table instead costs a join per row.
csm_query="SELECT agent, csm_quantile(csm_sketch_agg(
             csm_business_seconds((SELECT calendar FROM settings), created_at, first_reply_at)), 0.5) AS median
  FROM tickets GROUP BY agent"
plain_query="SELECT agent, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median
  FROM (SELECT t.id, t.agent,
               coalesce(sum(extract(epoch FROM upper(h.open * tstzrange(t.created_at, t.first_reply_at))
                                              - lower(h.open * tstzrange(t.created_at, t.first_reply_at)))), 0) AS seconds
        FROM tickets t LEFT JOIN business_hours h ON h.open && tstzrange(t.created_at, t.first_reply_at)
        GROUP BY t.id, t.agent) per_ticket
  GROUP BY agent"

# Seconds of one query (its answer stored in a table for the comparison).
timed() {
  local table=$1 query=$2
  sql -c "DROP TABLE IF EXISTS $table" >/dev/null
  local start end
  start=$(date +%s.%N)
  sql -c "CREATE TABLE $table AS $query" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "tickets: $tickets, runs: $runs (median of runs), server: $(sql -tA -c 'SHOW server_version')"
csm_times=(); plain_times=()
for ((r = 0; r < runs; r++)); do
  csm_times+=("$(timed csm_answer "$csm_query")")
  plain_times+=("$(timed plain_answer "$plain_query")")
done
csm_s=$(printf '%s\n' "${csm_times[@]}" | median)
plain_s=$(printf '%s\n' "${plain_times[@]}" | median)
echo "csmetrics:  ${csm_times[*]} s -> median $csm_s s"
echo "plain SQL:  ${plain_times[*]} s -> median $plain_s s"
echo "speed-up:   $(awk -v a="$plain_s" -v b="$csm_s" 'BEGIN {printf "%.1f", a / b}')x"
sql -c "SELECT count(*) AS agents,
               max(abs(c.median - p.median) / p.median) AS max_relative_difference,
               bool_and(abs(c.median - p.median) <= 0.01 * p.median) AS all_within_1_percent
        FROM csm_answer c JOIN plain_answer p USING (agent)"
