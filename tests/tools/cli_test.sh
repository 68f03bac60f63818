#!/usr/bin/env bash
# The csm command line end to end: help everywhere, import of every preset
# (line counts checked against the same one-liners as tests/io), render in
# every format, exit codes and messages for bad input.
# Usage: cli_test.sh CSM_BINARY SOURCE_DIR SHARED_DATA_DIR
set -uo pipefail
csm=$1
src=$2
data=$3
source "$(dirname "$0")/cli_testing.sh"

# --help on every command and subcommand.
for args in "" "import" "report" "render" "calendar" "calendar elapsed" "calendar add" "calendar check"; do
  # shellcheck disable=SC2086
  check "csm $args --help" bash -c "'$csm' $args --help | grep -q Usage"
done
check "csm --version" bash -c "'$csm' --version | grep -q '^csm [0-9]'"
check "no command is a usage error" bash -c "! '$csm' >/dev/null 2>&1"

# Import: lines out = events; counts from the awk/python one-liners in tests/io/import_test.cc.
if real_data incident_event_log.csv; then
  check "import servicenow" bash -c "'$csm' import --preset servicenow '$file' > '$work/sn.jsonl'"
  # 890 created + 1689 assigned + 112 updated + 2784 status
  check "servicenow events" test "$(wc -l < "$work/sn.jsonl")" -eq $((890 + 1689 + 112 + 2784))
  check "import from stdin" bash -c "'$csm' import --preset servicenow - < '$file' | cmp -s - '$work/sn.jsonl'"
  check "import -v summary" bash -c "'$csm' import -v --preset servicenow '$file' 2>&1 >/dev/null | grep -q 'created 890'"
fi
if real_data 311_Service_Requests_from_2010_to_Present.csv; then
  check "import nyc311" bash -c "'$csm' import --preset nyc311 '$file' > '$work/nyc.jsonl'"
  check "nyc311 events" test "$(wc -l < "$work/nyc.jsonl")" -eq $((924 + 480))
  check "nyc311 --map" bash -c "'$csm' import --preset nyc311 --map Borough=segment '$file' | head -1 | grep -q '\"segment\":\"BRONX\"'"
fi
if real_data data_anonymous_bank_february.txt; then
  check "import bank-calls" bash -c "'$csm' import --preset bank-calls '$file' > '$work/bank.jsonl'"
  # created + ivr 33066 each, queued 18058, abandoned 3963, answered + ended 27162 each
  check "bank-calls events" test "$(wc -l < "$work/bank.jsonl")" -eq $((2 * 33066 + 18058 + 3963 + 2 * 27162))
  # Only what the data has (issue 21) on a call-only file: contact rows, no
  # ticket rows (calls are never solved nor replied to), no empty mix.
  check "call log table without ticket rows" bash -c "'$csm' report --events '$work/bank.jsonl' 2>/dev/null > '$work/bank.txt' && grep -q '^Contacts queued  *18,058' '$work/bank.txt' && ! grep -qE '^(Tickets solved|Backlog|First reply time|One-touch rate|CSAT|Contact type mix) ' '$work/bank.txt'"
fi

# Bad input: exit 1 and a message that names the problem.
printf 'id,created\n1,2026-11-02T09:00Z\n2,nope\n' > "$work/t.csv"
check "lenient import reports rejected rows" bash -c "'$csm' import --preset tickets '$work/t.csv' 2>&1 >/dev/null | grep -q 'line 3'"
fails_with "strict import fails" 1 "line 3" "$csm" import --strict --preset tickets "$work/t.csv"
fails_with "unknown preset" 1 "unknown preset 'zendesk'" "$csm" import --preset zendesk "$work/t.csv"
fails_with "bad --map" 1 "COLUMN=FIELD" "$csm" import --preset tickets --map nocolon "$work/t.csv"
fails_with "missing file" 1 "none.csv" "$csm" import --preset tickets "$work/none.csv"

# Render: json passes the report through, csv and table read it, html writes a page.
f="$src/tests/render/fixtures"
check "render json" bash -c "'$csm' render --format json '$f/totals.json' > '$work/r.json'"
check "render json is the report" /usr/bin/python3 -c "import json,sys; a=json.load(open('$f/totals.json')); b=json.load(open('$work/r.json')); sys.exit(a!=b)"
check "render csv" bash -c "'$csm' render --format csv '$f/agents.json' | head -1 | grep -q '^bucket,agent,'"
check "render table" bash -c "'$csm' render '$f/totals.json' | grep -q 'First reply time'"
check "render html" bash -c "'$csm' render --format html -o '$work/r.html' '$f/totals.json' && grep -q '<section id=\"kpis\"' '$work/r.html'"
echo '{"rows": 3}' > "$work/bad.json"
fails_with "render rejects a non-§8 document" 1 "§8" "$csm" render "$work/bad.json"
fails_with "render rejects broken JSON" 1 "not valid JSON" "$csm" render "$work/t.csv"

# A 9–17 Monday–Friday calendar in New York with Thanksgiving off (also
# used by the calendar commands below).
cat > "$work/cal.json" <<'JSON'
{"timezone": "America/New_York",
 "weekly": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
            "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]},
 "holidays": ["2026-11-26"]}
JSON

# Calendar commands over $work/cal.json.
check "calendar check" bash -c "'$csm' calendar check --calendar '$work/cal.json' | grep -q 'open 40 h a week'"
# Mon 08:00 → Tue 10:30: 8 h Monday + 1.5 h Tuesday = 34200 s.
check "calendar elapsed" test "$("$csm" calendar elapsed --seconds --calendar "$work/cal.json" 2026-11-02T08:00 2026-11-03T10:30)" = 34200
# Fri 16:00 + 2 h: 1 h Friday, 1 h Monday → Mon 10:00.
check "calendar add" test "$("$csm" calendar add --calendar "$work/cal.json" 2026-11-06T16:00 2h)" = 2026-11-09T10:00:00-05:00
# Wed 16:00 + 8 h skips Thanksgiving: 1 h Wed, 7 h Fri → Fri 16:00.
check "calendar add over a holiday" test "$("$csm" calendar add --calendar "$work/cal.json" 2026-11-25T16:00 8h)" = 2026-11-27T16:00:00-05:00
echo '{"timezone": "Mars/Base"}' > "$work/badcal.json"
fails_with "calendar check names the problem" 1 "Mars/Base" "$csm" calendar check --calendar "$work/badcal.json"
fails_with "calendar add bad duration" 1 "bad duration" "$csm" calendar add --calendar "$work/cal.json" 2026-11-06T16:00 2x


# Report: the engine over imported events. Expected figures come from the
# raw files (SOURCES.md counts, and the Python one-liner quoted in
# tests/io/engine_feed_test.cc for the 8 incidents closed > 30 days after
# their resolution, which the default reopen window rejects).
if [[ -f "$work/sn.jsonl" ]]; then
  check "report json" bash -c "'$csm' report --events '$work/sn.jsonl' --format json > '$work/rep.json' 2>'$work/rep.err'"
  check "report json has the §8 shape" "$csm" render "$work/rep.json"
  check "report counts" /usr/bin/python3 -c "
import json,sys; r=json.load(open('$work/rep.json')); row=r['rows'][0]
sys.exit(not (row['tickets_created']==890 and r['rejected']=={'count':8,'reasons':{'ticket_released':8}}))"
  check "report rejections on stderr" grep -q "8 events rejected (ticket_released 8)" "$work/rep.err"
  echo '{"options": {"reopen_window": 31536000}}' > "$work/engine.json"
  check "report --config" bash -c "'$csm' report --events '$work/sn.jsonl' --config '$work/engine.json' --format json | /usr/bin/python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"rejected\"][\"count\"] != 0)'"
  # Incidents opened per day (python: first opened_at[:10] per number):
  # 29-02-2016 207, 01-03-2016 315, 02-03-2016 368. 2 March vs the day before:
  check "report --compare previous" bash -c "'$csm' report --events '$work/sn.jsonl' --from 2016-03-02 --to 2016-03-03 --compare previous --metrics tickets_created --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; row=json.load(sys.stdin)[\"rows\"][0]
sys.exit(not (row[\"tickets_created\"]==368 and row[\"previous\"][\"tickets_created\"]==315))'"
  # --query: several reports from one reading of the events.
  echo '[{"group_by": ["agent"], "metrics": ["tickets_solved"]}, {"grain": "day", "metrics": ["tickets_created"]}]' > "$work/q.json"
  check "report --query" bash -c "'$csm' report --events '$work/sn.jsonl' --query '$work/q.json' --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; a,b=json.load(sys.stdin)
sys.exit(not (a[\"group_by\"]==[\"agent\"] and b[\"grain\"]==\"day\" and sum(r[\"tickets_created\"] or 0 for r in b[\"rows\"])==890))'"
  fails_with "report --query with --grain" 1 "replaces" "$csm" report --events "$work/sn.jsonl" --query "$work/q.json" --grain day
  # --calendar: business time counts only the 40 open hours of a week, so it
  # is shorter than calendar time but not zero.
  check "report --calendar" bash -c "'$csm' report --events '$work/sn.jsonl' --calendar '$work/cal.json' --metrics full_resolution_time --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; d=json.load(sys.stdin)[\"rows\"][0][\"full_resolution_time\"]
sys.exit(not (0 < d[\"business\"][\"p50\"] < d[\"calendar\"][\"p50\"]))'"
  fails_with "report --strict" 1 "ticket_released" "$csm" report --strict --events "$work/sn.jsonl"
  fails_with "report --strict --threads 1" 1 "ticket_released" "$csm" report --strict --threads 1 --events "$work/sn.jsonl"
  # One thread or two (reading beside the engine): the same report, byte for byte.
  check "report --threads 1 and 2 agree" bash -c "cmp <('$csm' report --events '$work/sn.jsonl' --group-by agent --format json --threads 1 2>&1) <('$csm' report --events '$work/sn.jsonl' --group-by agent --format json --threads 2 2>&1)"
  # Three threads and more shard the engine (tests/tools/sharded_cli_test.sh
  # holds the data sets); here: the same report as one thread.
  check "report --threads 1 and 3 agree" bash -c "cmp <('$csm' report --events '$work/sn.jsonl' --group-by agent --format json --threads 1 2>&1) <('$csm' report --events '$work/sn.jsonl' --group-by agent --format json --threads 3 2>&1)"
  # A bad option value is a usage error (CLI11's exit status), not a run.
  check "report --threads 0 refused" bash -c "! '$csm' report --events '$work/sn.jsonl' --threads 0 >/dev/null 2>'$work/t0' && grep -q 'not in range 1 to 66' '$work/t0'"
  check "report --threads 67 refused" bash -c "! '$csm' report --events '$work/sn.jsonl' --threads 67 >/dev/null 2>'$work/t67' && grep -q 'not in range 1 to 66' '$work/t67'"
  check "report by agent as csv" bash -c "'$csm' report --events '$work/sn.jsonl' --group-by agent --format csv 2>/dev/null | head -1 | grep -q '^bucket,agent,tickets_created,'"
  check "report table by day" bash -c "'$csm' report --events '$work/sn.jsonl' --grain day --from 2016-02-29 --to 2016-03-03 --metrics tickets_created 2>/dev/null | grep -q '2016-03-02'"
  fails_with "report unknown metric" 1 "speed_of_light" "$csm" report --events "$work/sn.jsonl" --metrics speed_of_light
  # With a closed range the tiles show the change against the previous period.
  check "report html with change" bash -c "'$csm' report --events '$work/sn.jsonl' --from 2016-03-02 --to 2016-03-03 --format html -o '$work/sn2.html' 2>/dev/null && grep -q 'vs previous' '$work/sn2.html'"
  check "report html" bash -c "'$csm' report --events '$work/sn.jsonl' --format html -o '$work/sn.html' 2>/dev/null && grep -q '<section id=\"agents\"' '$work/sn.html'"
  # Only what the data has (issue 21): a ticket log prints no contact-center
  # rows, HTML no contact tiles or columns; --metrics all prints them.
  check "report table without contact rows" bash -c "'$csm' report --events '$work/sn.jsonl' 2>/dev/null > '$work/sn.txt' && grep -q 'Tickets reopened' '$work/sn.txt' && ! grep -q 'Contacts queued' '$work/sn.txt'"
  check "report html without contact tiles" bash -c "! grep -q 'Contacts answered' '$work/sn.html'"
  # Naming metrics does not fill the page's other sections with what the data
  # lacks (no CSAT section, no contact tiles); --metrics all does.
  check "report html with named metrics" bash -c "'$csm' report --events '$work/sn.jsonl' --metrics tickets_created --format html 2>/dev/null > '$work/sn3.html' && ! grep -q 'id=\"csat\"' '$work/sn3.html' && ! grep -q 'Contacts answered' '$work/sn3.html'"
  check "report html --metrics all" bash -c "'$csm' report --events '$work/sn.jsonl' --metrics all --format html 2>/dev/null | grep -q 'No CSAT responses in this report'"
  check "report --metrics all" bash -c "'$csm' report --events '$work/sn.jsonl' --metrics all 2>/dev/null | grep -q 'Contacts queued'"
  # The volume metrics need no hand-written hour view.
  check "report volume_heatmap" bash -c "'$csm' report --events '$work/sn.jsonl' --metrics volume_heatmap,business_day_volume --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; row=json.load(sys.stdin)[\"rows\"][0]
sys.exit(not (row[\"volume_heatmap\"][\"total\"]==890 and row[\"business_day_volume\"][\"total\"]==890))'"
  # A customer's history in every format (Caller 2403 opened 4 incidents).
  check "report --customer" bash -c "'$csm' report --events '$work/sn.jsonl' --customer 'Caller 2403' 2>/dev/null | grep -q 'Time with the customer'"
  check "report --customer csv" bash -c "'$csm' report --events '$work/sn.jsonl' --customer 'Caller 2403' --format csv 2>/dev/null | grep -q '^all,4,'"
  check "report --customer html" bash -c "'$csm' report --events '$work/sn.jsonl' --customer 'Caller 2403' --format html 2>/dev/null | grep -q 'Customer history: Caller 2403'"
  fails_with "report --customer with --group-by" 1 "--customer" "$csm" report --events "$work/sn.jsonl" --customer x --group-by agent
  # Flag mistakes are named by their flag, not as an engine config.
  fails_with "report --group-by typo" 1 "^csm report: --group-by: \"agnet\" is not a dimension" "$csm" report --events "$work/sn.jsonl" --group-by agnet
  fails_with "report --filter typo" 1 "^csm report: --filter: \"chanel\"" "$csm" report --events "$work/sn.jsonl" --filter chanel=x
  fails_with "report --tz unknown" 1 "^csm report: --tz: unknown time zone" "$csm" report --events "$work/sn.jsonl" --tz Mars/Base
  # Weekday and hour of day (issue 21): 29 Feb 2016 was a Monday (207
  # incidents opened), 1 March a Tuesday (315), 2 March a Wednesday (368).
  check "report --group-by weekday" bash -c "'$csm' report --events '$work/sn.jsonl' --grain day --from 2016-02-29 --to 2016-03-03 --group-by weekday --metrics tickets_created --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin); got=[(x[\"weekday\"], x[\"tickets_created\"]) for x in r[\"rows\"]]
sys.exit(got != [(\"mon\", 207), (\"tue\", 315), (\"wed\", 368)])'"
  check "report weekday x hour sums to all" bash -c "'$csm' report --events '$work/sn.jsonl' --group-by weekday,hour_of_day --metrics tickets_created --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin); sys.exit(sum(x[\"tickets_created\"] for x in r[\"rows\"]) != 890 or r[\"group_by\"] != [\"weekday\", \"hour_of_day\"])'"
  check "report weekday table" bash -c "'$csm' report --events '$work/sn.jsonl' --group-by weekday --metrics tickets_created 2>/dev/null | grep -q 'Mon'"
  check "report weekday html" bash -c "'$csm' report --events '$work/sn.jsonl' --group-by weekday,hour_of_day --metrics tickets_created --format html 2>/dev/null | grep -q '<section id=\"by-time\"'"
  fails_with "report --group-by weekday typo" 1 "weekday, hour_of_day" "$csm" report --events "$work/sn.jsonl" --group-by weekdays
  # Anomalies: every count of each row scored against its baseline.
  check "report --anomalies" bash -c "'$csm' report --events '$work/sn.jsonl' --grain day --from 2016-03-02 --to 2016-03-03 --metrics tickets_created --anomalies --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; a=json.load(sys.stdin)[\"rows\"][0][\"anomalies\"][\"tickets_created\"]; sys.exit(set(a) != {\"expected\", \"score\", \"flag\"})'"
  fails_with "report --anomalies needs a grain" 1 "anomalies need a grain" "$csm" report --events "$work/sn.jsonl" --anomalies
  # An open range is headed by the first and last event.
  check "report open range heading" bash -c "'$csm' report --events '$work/sn.jsonl' --metrics tickets_created 2>/dev/null | head -1 | grep -q '^Report first event 20.* last event 20.*(open range)'"
  # Nothing to show is an error (the table is still printed); JSON is not.
  fails_with "report showing nothing" 1 "shows nothing: it has no rows" "$csm" report --events "$work/sn.jsonl" --group-by agent --filter agent=nobody
  # (check writes the command's output to $work/out: read a copy.)
  cp "$work/out" "$work/nothing.txt"
  check "report showing nothing prints the table" grep -q "no data in this period" "$work/nothing.txt"
  fails_with "report showing no metric" 1 "no metric has data" "$csm" report --events "$work/sn.jsonl" --from 2030-01-01 --to 2030-01-02 --format csv
  check "report json showing nothing exits 0" "$csm" report --events "$work/sn.jsonl" --group-by agent --filter agent=nobody --format json
fi
if [[ -f "$work/nyc.jsonl" ]]; then
  # SOURCES.md: ONLINE 501, MOBILE 280, PHONE 139, UNKNOWN 4.
  check "report by channel" bash -c "'$csm' report --events '$work/nyc.jsonl' --tz America/New_York --group-by channel --metrics tickets_created --format json | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin); got={x[\"channel\"]: x[\"tickets_created\"] for x in r[\"rows\"]}
sys.exit(got != {\"ONLINE\": 501, \"MOBILE\": 280, \"PHONE\": 139, \"UNKNOWN\": 4})'"
  check "report filter" bash -c "'$csm' report --events '$work/nyc.jsonl' --filter channel=PHONE --metrics tickets_created --format csv | tail -1 | grep -q ',139$'"
fi
# CSV events with a bad line: counted, the rest reported.
printf 'time,ticket,type,agent\n2026-11-02T09:00:00Z,T1,created,\n2026-11-02T09:30:00Z,T1,agent_reply,al\nnot-a-time,T1,note,\n' > "$work/ev.csv"
check "report from csv events" bash -c "'$csm' report --events '$work/ev.csv' --format json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin); row=r[\"rows\"][0]
sys.exit(not (row[\"tickets_created\"]==1 and r[\"rejected\"][\"reasons\"]=={\"invalid_field\": 1}))'"
fails_with "report missing events file" 1 "nope.jsonl" "$csm" report --events "$work/nope.jsonl"

finish
