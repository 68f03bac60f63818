#!/usr/bin/env bash
# The PostgreSQL extension's tests (docs/postgres.md): builds and installs
# the extension into the local PostgreSQL 15 (make -C postgres install: needs
# root), starts a throwaway server as the `postgres` user (initdb and pg_ctl
# refuse root) in a temporary directory on a Unix socket only, runs the
# pg_regress suites of postgres/sql against postgres/expected, and stops the
# server and removes the directory whatever happens.
#
# Reference answers come from the library itself, made here: the csm CLI's
# report of the incident log (csm import + csm report) and the Python
# package's calendar answers on random instants; the SQL compares its own
# results with them.
#
#   postgres/test.sh            CSM_BUILD (default build/release) must hold
#                               libcsmetrics and bin/csm, or they are built
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CSM_BUILD=${CSM_BUILD:-$root/build/release}
pg_bindir=$(pg_config --bindir)
pg_regress=$(dirname "$(pg_config --pgxs)")/../test/regress/pg_regress
csm=${CSM_CLI:-$CSM_BUILD/bin/csm}

if [[ $(id -u) -ne 0 ]]; then
  echo "postgres/test.sh: run as root (it installs the extension and runs the server as postgres)" >&2
  exit 1
fi
id postgres >/dev/null 2>&1 || { echo "postgres/test.sh: no postgres user" >&2; exit 1; }

echo "=== postgres: build and install the extension"
make -s -C postgres CSM_BUILD="$CSM_BUILD" >/dev/null
make -s -C postgres CSM_BUILD="$CSM_BUILD" install >/dev/null
if [[ ! -x $csm ]]; then
  cmake --build "$CSM_BUILD" --target csm >/dev/null
fi

work=$(mktemp -d /tmp/csm-pg.XXXXXX)
port=${CSM_PG_PORT:-54329}
stop() {
  if [[ -f $work/data/postmaster.pid ]]; then
    runuser -u postgres -- "$pg_bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [[ -n ${CSM_PG_KEEP:-} ]] || rm -rf "$work"
}
trap stop EXIT

echo "=== postgres: reference answers from the library"
mkdir -p "$work/regress/data"
cp -r postgres/sql postgres/expected "$work/regress/"
"$csm" import --preset servicenow examples/data/incident_event_log.csv >"$work/regress/data/incidents.jsonl"
cp postgres/regress_data/incident_config.json postgres/regress_data/incident_query.json "$work/regress/data/"
"$csm" report --events "$work/regress/data/incidents.jsonl" \
  --config postgres/regress_data/incident_config.json \
  --query postgres/regress_data/incident_query.json --format json >"$work/regress/data/incident_report.json"
CSM_LIBRARY="$CSM_BUILD/lib/libcsmetrics.so" PYTHONPATH="$root/python" \
  /usr/bin/python3 postgres/regress_data/calendar_answers.py "$work/regress/data/calendar_answers.csv"
chown -R postgres: "$work"

echo "=== postgres: start a server in $work"
runuser -u postgres -- "$pg_bindir/initdb" -D "$work/data" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pg_bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-k $work -c listen_addresses='' -p $port -c fsync=off" start >/dev/null

echo "=== postgres: pg_regress"
status=0
runuser -u postgres -- "$pg_regress" --inputdir="$work/regress" --outputdir="$work/out" \
  --bindir="$pg_bindir" --host="$work" --port="$port" --user=postgres --dbname=csm_regress \
  calendar sketch report sla errors || status=$?
if [[ $status -ne 0 ]]; then
  cat "$work/out/regression.diffs" 2>/dev/null | head -200
  tail -20 "$work/server.log"
fi
exit $status
