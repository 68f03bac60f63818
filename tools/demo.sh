#!/usr/bin/env bash
# The main job: install what is missing, build the release preset, then turn
# two public exports (examples/data, see ATTRIBUTION.md there) into reports:
#   csm import  ServiceNow incident log / NYC 311 requests -> events (JSONL)
#   csm report  events -> a table on the terminal and report.html
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target csm  # only what the demo runs

csm=./build/release/bin/csm
out=build/demo
mkdir -p "$out"

echo "== csm import: ServiceNow incident log and NYC 311 requests -> events"
# The incident log does not say its zone: read as São Paulo time (ATTRIBUTION.md).
"$csm" import -v --preset servicenow --tz America/Sao_Paulo examples/data/incident_event_log.csv \
  > "$out/incidents.jsonl"
"$csm" import -v --preset nyc311 examples/data/311_Service_Requests_from_2010_to_Present.csv \
  > "$out/nyc311.jsonl"

# ServiceNow closes incidents weeks after they are resolved: a one-year reopen
# window (examples/data/servicenow_engine.json) keeps those late closes. Each
# data set has its business calendar (examples/data/*_calendar.json, sources in
# ATTRIBUTION.md): every duration shows business time beside calendar time.
sn_cal=examples/data/servicenow_calendar.json
echo
echo "== csm report: IT service desk (São Paulo), 2 March 2016 vs the day before"
"$csm" report --events "$out/incidents.jsonl" --config examples/data/servicenow_engine.json \
  --calendar "$sn_cal" --from 2016-03-02 --to 2016-03-03 --compare previous \
  --metrics tickets_created,tickets_solved,tickets_reopened,backlog,time_to_first_assignment,first_resolution_time,full_resolution_time,group_stations
"$csm" report --events "$out/incidents.jsonl" --config examples/data/servicenow_engine.json \
  --calendar "$sn_cal" --from 2016-02-29 --to 2016-03-07 --format html --title "IT service desk (ServiceNow sample)" \
  -o report.html

echo
echo "== csm report: NYC 311, 1 May 2022 (New York time), by channel"
"$csm" report --events "$out/nyc311.jsonl" --tz America/New_York --group-by channel \
  --calendar examples/data/nyc311_calendar.json --metrics tickets_created,tickets_solved,full_resolution_time,backlog
"$csm" report --events "$out/nyc311.jsonl" --tz America/New_York --format html \
  --calendar examples/data/nyc311_calendar.json \
  --title "NYC 311 service requests, 1 May 2022" -o "$out/nyc311.html"

echo
echo "Wrote report.html (IT service desk) and $out/nyc311.html; events are in $out/."
