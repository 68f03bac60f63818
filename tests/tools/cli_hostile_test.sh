#!/usr/bin/env bash
# The csm command line against hostile input (issue 18): every case ends
# with a clear message and the documented exit status (1 error, 2 usage),
# never a signal. Messages quote at most ~200 bytes of the input.
# Usage: cli_hostile_test.sh CSM_BINARY
set -uo pipefail
csm=$1
source "$(dirname "$0")/cli_testing.sh"

# expect NAME STATUS PATTERN COMMAND... : exit STATUS, PATTERN on stderr,
# stderr shorter than $max_stderr bytes (no input echoed whole).
max_stderr=1024
expect() {
  local name=$1 status=$2 pattern=$3
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  local size
  size=$(wc -c <"$work/err")
  if [[ $rc -eq $status ]] && grep -q -- "$pattern" "$work/err" && [[ $size -lt $max_stderr ]]; then
    pass=$((pass + 1))
  else
    echo "FAIL: $name (exit $rc, want $status; stderr $size bytes)"
    head -c 600 "$work/err" | sed 's/^/  | /'
    echo
    failures=$((failures + 1))
  fi
}
# ok NAME COMMAND... : exit 0
ok() {
  local name=$1
  shift
  if "$@" >"$work/out" 2>"$work/err"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $name"
    head -c 600 "$work/err" | sed 's/^/  | /'
    failures=$((failures + 1))
  fi
}

deep() {  # deep PREFIX DEPTH SUFFIX: PREFIX [[[...]]] SUFFIX on one line
  /usr/bin/python3 -c "import sys; d=int(sys.argv[2]); print(sys.argv[1] + '['*d + ']'*d + sys.argv[3])" "$1" "$2" "$3"
}

cat >"$work/ev.jsonl" <<'JSON'
{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created","agent":"=1+1"}
{"time":"2026-11-02T10:00:00Z","ticket":"T1","type":"status","status":"solved","agent":"=1+1"}
JSON
echo '{"timezone": "UTC", "weekly": {"mon": [["09:00","17:00"]]}}' >"$work/cal.json"

# A query whose grain is not a string aborted the CLI (SIGABRT).
for grain in 5 null true '["all"]' '{}'; do
  echo "{\"grain\": $grain}" >"$work/q.json"
  expect "query grain $grain" 1 "grain must be" "$csm" report --events "$work/ev.jsonl" --query "$work/q.json"
done

# Other ill-typed query values: the query's own message, not one about the
# views the command derived from it.
for q in '{"filter": 5}' '{"filter": [1]}'; do
  echo "$q" >"$work/q.json"
  expect "query $q" 1 "report query: filter must map" "$csm" report --events "$work/ev.jsonl" --query "$work/q.json"
done

# 100,000-deep JSON in every document the CLI reads.
deep '{"calendars": ' 100000 '}' >"$work/deep_config.json"
deep '{"views": ' 100000 '}' >"$work/deep_views.json"
deep '{"unknown": ' 100000 '}' >"$work/deep_unknown.json"
deep '{"timezone": "UTC", "holidays": ' 100000 '}' >"$work/deep_cal.json"
deep '{"metrics": ' 100000 '}' >"$work/deep_query.json"
deep '' 100000 '' >"$work/deep.json"
for f in deep_config deep_views deep_unknown; do
  expect "config $f" 1 "nest deeper than 64" "$csm" report --events "$work/ev.jsonl" --config "$work/$f.json"
done
expect "calendar deep" 1 "nest deeper than 64" "$csm" report --events "$work/ev.jsonl" --calendar "$work/deep_cal.json"
expect "calendar check deep" 1 "nest deeper than 64" "$csm" calendar check --calendar "$work/deep_cal.json"
expect "query deep" 1 "nest deeper than 64" "$csm" report --events "$work/ev.jsonl" --query "$work/deep_query.json"
expect "render deep" 1 "nest deeper than 64" "$csm" render "$work/deep.json"
# An event line nested deep is one rejected line, not a crash.
{ deep '{"time":"2026-11-02T09:00:00Z","ticket":"T2","type":"created","agent":' 100000 '}'; cat "$work/ev.jsonl"; } >"$work/deep_events.jsonl"
ok "deep event line is rejected" bash -c "'$csm' report --events '$work/deep_events.jsonl' --format json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(not (r[\"rejected\"][\"count\"] == 1 and r[\"rows\"][0][\"tickets_created\"] == 1))'"

# A million-digit number is not echoed whole.
/usr/bin/python3 -c "print('[1' + '0'*1000000 + ']')" >"$work/huge.json"
expect "render huge number" 1 "not valid JSON" "$csm" render "$work/huge.json"
/usr/bin/python3 -c "print('{\"max_rows\": 1' + '0'*1000000 + '}')" >"$work/huge_query.json"
expect "query huge number" 1 "not valid JSON" "$csm" report --events "$work/ev.jsonl" --query "$work/huge_query.json"
/usr/bin/python3 -c "print('{\"' + 'k'*1000000 + '\": 1}')" >"$work/huge_key.json"
expect "query huge key" 1 "unknown key" "$csm" report --events "$work/ev.jsonl" --query "$work/huge_key.json"
expect "config huge key" 1 "unknown key" "$csm" report --events "$work/ev.jsonl" --config "$work/huge_key.json"

# Event lines with megabyte values: counted, and each reason printed short
# (the reader's messages quoted the whole value: 5 MB of stderr).
/usr/bin/python3 - "$work/huge_events.jsonl" <<'PY'
import sys
t = '"time":"2026-11-02T09:01:00Z","ticket":"T1"'
lines = ['{"time":"2026-11-02T09:00:00Z","ticket":"T1","type":"created"}',
         '{' + t + ',"type":"status","status":"' + 'x' * 1000000 + '"}',
         '{' + t + ',"type":"csat","value":1' + '0' * 1000000 + '}',
         '{"time":"' + '9' * 1000000 + '","ticket":"T1","type":"note"}',
         '{' + t + ',"type":"' + 't' * 1000000 + '"}',
         '{' + t + ',"type":"note","' + 'k' * 1000000 + '":1}']
open(sys.argv[1], 'w').write('\n'.join(lines) + '\n')
PY
max_stderr=2048 # five reasons of at most 300 bytes each
expect "huge event values" 0 "5 events rejected" "$csm" report --events "$work/huge_events.jsonl" --format json
max_stderr=1024
expect "huge event values, strict" 1 "line 2" "$csm" report --strict --events "$work/huge_events.jsonl"

# Usage errors exit 2 (docs/cli.md), not CLI11's 105 / 106 / 109.
expect "bad --grain" 2 "grain" "$csm" report --events "$work/ev.jsonl" --grain fortnight
expect "missing --events" 2 "events" "$csm" report
expect "unknown option" 2 "" "$csm" report --events "$work/ev.jsonl" --no-such-flag
expect "no subcommand" 2 "" "$csm"
ok "--help exits 0" "$csm" report --help
# --tz "" is an error, not the default zone.
expect "report --tz empty" 2 "must not be empty" "$csm" report --events "$work/ev.jsonl" --tz ""
expect "import --tz empty" 2 "must not be empty" "$csm" import --preset tickets --tz "" "$work/ev.jsonl"

# --from / --to in epoch milliseconds (documented) work, and agree with ISO-8601.
ok "--from epoch ms" "$csm" report --events "$work/ev.jsonl" --from 1793606400000 --to 1793692800000 --format json
cp "$work/out" "$work/epoch.json"
ok "--from ISO-8601" "$csm" report --events "$work/ev.jsonl" --from 2026-11-02T08:00:00Z --to 2026-11-03T08:00:00Z --format json
cp "$work/out" "$work/iso.json"
ok "epoch ms and ISO-8601 agree" cmp "$work/iso.json" "$work/epoch.json"
ok "the bounds are read" grep -q '"from": "2026-11-02T08:00:00' "$work/epoch.json"

# calendar add with a huge duration: a clear error, no negative number.
expect "calendar add huge duration" 1 "longer than 250 years" "$csm" calendar add --calendar "$work/cal.json" 2026-11-02T09:00 99999999999999h
expect "calendar add 1e308" 1 "longer than 250 years" "$csm" calendar add --calendar "$work/cal.json" 2026-11-02T09:00 1e308
long=$(printf '9%.0s' $(seq 1 5000))
expect "calendar add long duration" 1 "duration '9999" "$csm" calendar add --calendar "$work/cal.json" 2026-11-02T09:00 "${long}s"

# CSV output escapes formula-leading names.
ok "csv escapes formulas" bash -c "'$csm' report --events '$work/ev.jsonl' --group-by agent --metrics tickets_created --format csv | grep -q \"^all,'=1+1,\""

# Streaming (issue 18): stdin and pipes are read in chunks, not whole. A
# pipe of ~88 MB of events gives the file's report, in a peak RSS far below
# the input's size; /dev/zero is refused at once (a header row never ends).
big="$work/big.jsonl"
awk 'BEGIN { for (i = 0; i < 80000; i++) {
  printf "{\"time\":\"2026-11-02T%02d:%02d:%02dZ\",\"ticket\":%d,\"type\":\"created\",\"agent\":\"a%d\",\"channel\":\"email\",\"category\":\"%01000d\"}\n", i / 3600, (i / 60) % 60, i % 60, i + 1, i % 50, 7 }
}' >"$big"
ok "report of the big file" "$csm" report --events "$big" --group-by agent --metrics tickets_created --format csv
cp "$work/out" "$work/big_file.csv"
ok "report of the same events piped" bash -c "cat '$big' | /usr/bin/time -f '%M' -o '$work/rss' '$csm' report --events - --group-by agent --metrics tickets_created --format csv"
cp "$work/out" "$work/big_pipe.csv"
ok "piped and file reports agree" cmp "$work/big_pipe.csv" "$work/big_file.csv"
input_kb=$(( $(wc -c <"$big") / 1024 ))
rss_kb=$(tail -1 "$work/rss")
# A sanitizer's shadow memory and quarantine dwarf the bound: check it only
# in builds without one (the release preset runs it in CI). ldd's output is
# read whole first: under pipefail, `ldd | grep -q` fails when grep quits
# before ldd has written everything (SIGPIPE), which once took the asan
# build for one without a sanitizer and checked the bound there.
sanitized=0
ldd_out=$(ldd "$csm" 2>&1 || true)
if grep -Eq 'lib(asan|tsan|ubsan)' <<<"$ldd_out"; then sanitized=1; fi
if [[ $sanitized -eq 1 ]]; then
  echo "skip: peak RSS bound under a sanitizer (${rss_kb} KB)"
else
  ok "piped peak RSS ${rss_kb} KB is below half the ${input_kb} KB input" test "$rss_kb" -lt $(( input_kb / 2 ))
fi
expect "--events /dev/zero" 1 "longer than 1 MiB" timeout 20 "$csm" report --events /dev/zero

# csm render of a report whose one agent is named with 10 MB (issue 18: 1.2 GB
# once): every format ends in a peak RSS below 12 times the input's size
# (measured in the dev build: html 90 MB, csv 70 MB, table and json 60 MB).
huge_label="$work/huge_label.json"
{ printf '{"from":null,"to":null,"timezone":"UTC","grain":"all","group_by":["agent"],"rows":[{"bucket":"all","agent":"'
  head -c 10485760 /dev/zero | tr '\0' 'a'
  printf '","tickets_created":1,"backlog":1}],"rejected":{"count":0,"reasons":{}}}\n'; } >"$huge_label"
label_kb=$(( $(wc -c <"$huge_label") / 1024 ))
for format in html table csv json; do
  ok "render $format of a 10 MB label" /usr/bin/time -f '%M' -o "$work/rss" "$csm" render "$huge_label" --format "$format" -o "$work/huge_label.$format"
  rss_kb=$(tail -1 "$work/rss")
  if [[ $sanitized -eq 1 ]]; then
    echo "skip: render peak RSS bound under a sanitizer (${rss_kb} KB)"
  else
    ok "render $format peak RSS ${rss_kb} KB is below 12 times the ${label_kb} KB input" test "$rss_kb" -lt $(( label_kb * 12 ))
  fi
done

finish
