#!/usr/bin/env bash
# The main job: install what is missing, build the release preset and run the
# demo end to end: the C quickstart, then `csm import` over the two public
# exports in examples/data (see examples/data/ATTRIBUTION.md).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
./build/release/bin/example_quickstart

csm=./build/release/bin/csm
out=build/demo
mkdir -p "$out"
echo
echo "== csm import: ServiceNow incident log and NYC 311 requests -> events (JSON Lines)"
"$csm" import -v --preset servicenow examples/data/incident_event_log.csv > "$out/incidents.jsonl"
"$csm" import -v --preset nyc311 examples/data/311_Service_Requests_from_2010_to_Present.csv > "$out/nyc311.jsonl"
head -n 3 "$out/nyc311.jsonl"
echo "events in $out/"
