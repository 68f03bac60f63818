#!/usr/bin/env bash
# csm staffing end to end on the synthetic call stream of the worked example
# (tools/staffing/synthetic_calls.py, docs/staffing.md): table, CSV, JSON and
# HTML; the backtest beats seasonal-naive; the holiday is left out; usage
# errors; and csm report --grain 30min / 15min.
# Usage: staffing_cli_test.sh CSM_BINARY SOURCE_DIR
set -uo pipefail
csm=$1
src=$2
source "$(dirname "$0")/cli_testing.sh"
expect() {  # expect NAME PYTHON-EXPRESSION over j (the JSON in $work/plan.json)
  local name=$1 expr=$2
  if python3 -c "import json,sys; j=json.load(open('$work/plan.json')); sys.exit(0 if ($expr) else 1)"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $name: $expr"
    failures=$((failures + 1))
  fi
}

check "synthetic stream" python3 "$src/tools/staffing/synthetic_calls.py" --weeks 4 \
  --calendar "$work/hours.json"
mv "$work/out" "$work/calls.jsonl"
events=(--events "$work/calls.jsonl" --calendar "$work/hours.json")

check "json" "$csm" staffing "${events[@]}" --target 80/20 --shrinkage 30 --format json \
  -o "$work/plan.json"
expect "four weeks of history from the first call" \
  'j["history"]["weeks"] == 4 and j["history"]["from"].startswith("2026-01-05")'
expect "the holiday is left out" 'j["history"]["excluded_days"] == ["2026-01-14"]'
expect "Sunday 1 February is after the data" 'j["history"]["unobserved_days"] == ["2026-02-01"]'
expect "a week of half hours" 'len(j["intervals"]) == 336'
expect "the target from the flags" \
  'j["staffing"]["service_level"] == 80 and j["staffing"]["threshold"] == 20 and j["staffing"]["shrinkage"] == 30'
expect "scheduled grossed up for shrinkage" \
  'all(i["scheduled"] >= i["agents"] for i in j["intervals"]) and max(i["scheduled"] for i in j["intervals"]) > max(i["agents"] for i in j["intervals"])'
expect "closed Sunday needs nobody" \
  'all(i["scheduled"] == 0 for i in j["intervals"] if i["weekday"] == "sun")'
expect "AHT near the stream's 300 s" \
  '280 < sum(i["aht"] * i["offered"] for i in j["intervals"]) / sum(i["offered"] for i in j["intervals"]) < 320'
expect "the backtest beats seasonal-naive" \
  'j["backtest"]["wape"] < j["backtest"]["naive_wape"]'
expect "the backtest leaves the day after the data out" \
  'all(i["excluded"] == i["start"].startswith("2026-02-01") for i in j["backtest"]["intervals"])'

check "table" "$csm" staffing "${events[@]}" --target 80/20 --shrinkage 30
grep -q "Backtest 2026-01-26 to 2026-02-02" "$work/out" && grep -q "^10:00 " "$work/out" &&
  pass=$((pass + 1)) || { echo "FAIL: table content"; failures=$((failures + 1)); }

check "csv" "$csm" staffing "${events[@]}" --format csv --weeks 2
[[ $(wc -l <"$work/out") -eq $((2 * 336 + 1)) ]] && head -1 "$work/out" | grep -q "^start,weekday,time,offered" &&
  pass=$((pass + 1)) || { echo "FAIL: csv rows"; failures=$((failures + 1)); }

check "html" "$csm" staffing "${events[@]}" --format html -o "$work/plan.html" --title "Plan <&>"
grep -q '<table class="heat">' "$work/plan.html" && grep -q '<svg class="chart backtest"' "$work/plan.html" &&
  grep -q 'Plan &lt;&amp;&gt;' "$work/plan.html" &&
  pass=$((pass + 1)) || { echo "FAIL: html content"; failures=$((failures + 1)); }

check "15-minute plan, Erlang A" "$csm" staffing "${events[@]}" --grain 15min --model erlang_a \
  --backtest 0 --format json -o "$work/plan.json"
expect "672 quarter hours, patience estimated" \
  'len(j["intervals"]) == 672 and j["patience"] > 0 and j["backtest"] is None'

fails_with "bad target" 1 "expected PERCENT/SECONDS" "$csm" staffing "${events[@]}" --target 80
fails_with "target out of range" 1 "service_level" "$csm" staffing "${events[@]}" --target 180/20
fails_with "grain too coarse" 2 "grain" "$csm" staffing "${events[@]}" --grain day
fails_with "backtest longer than history" 1 "backtest 0" "$csm" staffing "${events[@]}" --backtest 4
fails_with "missing events" 1 "" "$csm" staffing --events "$work/nope.jsonl"

check "report --grain 30min" "$csm" report --events "$work/calls.jsonl" --grain 30min \
  --from 2026-01-05 --to 2026-01-06 --metrics contacts_queued --format csv
[[ $(wc -l <"$work/out") -eq 49 ]] && grep -q "^2026-01-05T10:30:00+00:00," "$work/out" &&
  pass=$((pass + 1)) || { echo "FAIL: 30min rows"; failures=$((failures + 1)); }
check "report --grain 15min" "$csm" report --events "$work/calls.jsonl" --grain 15min \
  --from 2026-01-05 --to 2026-01-06 --metrics contacts_queued --format csv
[[ $(wc -l <"$work/out") -eq 97 ]] && pass=$((pass + 1)) || {
  echo "FAIL: 15min rows"
  failures=$((failures + 1))
}

finish
