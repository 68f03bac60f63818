#!/usr/bin/env bash
# Regenerates docs/report.png: the demo's IT service desk page
# (tools/demo.sh's `csm report --format html` over examples/data) as headless
# Chromium draws it. Usage: tools/screenshot.sh [CSM_BINARY]
# (default build/release/bin/csm, which tools/demo.sh builds).
set -euo pipefail
cd "$(dirname "$0")/.."
csm=${1:-./build/release/bin/csm}
chromium_bin=$(command -v chromium || command -v chromium-browser)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$csm" import --preset servicenow --tz America/Sao_Paulo examples/data/incident_event_log.csv \
  > "$work/incidents.jsonl" 2>/dev/null
"$csm" report --events "$work/incidents.jsonl" --config examples/data/servicenow_engine.json \
  --calendar examples/data/servicenow_calendar.json --from 2016-02-29 --to 2016-03-07 \
  --format html --title "IT service desk (ServiceNow sample)" -o "$work/report.html" 2>/dev/null
# The page's top (tiles, charts) and the first agents: 1280 × 1500 CSS pixels.
"$chromium_bin" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --hide-scrollbars --user-data-dir="$work/profile" \
  --screenshot="$work/report.png" --window-size=1280,1500 "file://$work/report.html" \
  >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; exit 1; }
cp "$work/report.png" docs/report.png
echo "wrote docs/report.png"
