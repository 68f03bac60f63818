#!/usr/bin/env bash
# csm live end to end: each kind as a table and as JSON, --now defaulting to
# the latest event, and exit codes and messages for bad queries and times.
# Usage: live_cli_test.sh CSM_BINARY
set -uo pipefail
csm=$1
source "$(dirname "$0")/cli_testing.sh"

# Monday 2026-11-02 in New York: C1 answered after 10 s, C2 waiting since
# 09:20, alice available.
cat > "$work/events.jsonl" <<'JSONL'
{"time":"2026-11-02T09:00:00-05:00","ticket":"C1","type":"created","channel":"phone","priority":"urgent"}
{"time":"2026-11-02T09:00:00-05:00","ticket":"C1","type":"queued","group":"tier1"}
{"time":"2026-11-02T09:00:10-05:00","ticket":"C1","type":"answered","agent":"alice"}
{"time":"2026-11-02T09:20:00-05:00","ticket":"C2","type":"created","channel":"phone"}
{"time":"2026-11-02T09:20:00-05:00","ticket":"C2","type":"queued","group":"tier1"}
{"time":"2026-11-02T09:21:00-05:00","type":"agent_state","agent":"alice","status":"available","group":"tier1"}
JSONL
cat > "$work/config.json" <<'JSON'
{"timezone": "America/New_York", "views": [{"group_by": ["group"], "grain": "hour", "timezone": "UTC"}]}
JSON
live() { "$csm" live --events "$work/events.jsonl" --config "$work/config.json" "$@"; }

check "live --help" bash -c "'$csm' live --help | grep -q Usage"
# Queue as JSON: C2 has waited 600 s at 09:30; 2 offered, 1 answered within 20 s.
check "queue json" live --now 2026-11-02T09:30:00-05:00 \
  --query '{"kind": "queue", "group_by": ["group"]}' --format json
cp "$work/out" "$work/q.json"
check "queue json waiting" grep -q '"count":1,"longest_wait":600.0' "$work/q.json"
check "queue json today" grep -q '"offered":2,"answered":1,"abandoned":0,"service_level":100.0' "$work/q.json"
# As a table: a header with the columns and the tier1 row.
check "queue table" live --now 2026-11-02T09:30:00-05:00 --query '{"kind": "queue", "group_by": ["group"]}'
cp "$work/out" "$work/q.txt"
check "queue table header" grep -q '^group  *waiting  *longest wait' "$work/q.txt"
check "queue table row" grep -Eq '^tier1  +1  +00:10:00  +1 ' "$work/q.txt"
# Ticket; --now defaults to the latest event (09:21): C1 is 1260 s old.
check "ticket json" live --query '{"kind": "ticket", "ticket": "C1"}' --format json
cp "$work/out" "$work/t.json"
check "ticket json age" grep -q '"age":{"calendar":1260.0' "$work/t.json"
check "ticket table" live --query '{"kind": "ticket", "ticket": "C1"}'
cp "$work/out" "$work/t.txt"
check "ticket table priority" grep -q 'priority: urgent' "$work/t.txt"
# Events piped on stdin (--events -) are streamed and answer the same.
check "ticket json from stdin" bash -c "'$csm' live --events - --config '$work/config.json' \
  --query '{\"kind\": \"ticket\", \"ticket\": \"C1\"}' --format json < '$work/events.jsonl'"
cp "$work/out" "$work/t_stdin.json"
check "stdin answers as the file" cmp "$work/t_stdin.json" "$work/t.json"

# sla_due: a 15-minute first-reply target on every ticket; at 09:30 C2
# (created 09:20, due 09:35) has 5 minutes left, C1 (due 09:15) is breached.
cat > "$work/sla.json" <<'JSON'
{"timezone": "America/New_York", "views": [{"group_by": ["group"], "grain": "hour", "timezone": "UTC"}],
 "sla_policies": [{"name": "all", "targets": [{"priority": "*", "metric": "first_reply_time", "seconds": 900, "business": false}]}]}
JSON
check "sla_due json" "$csm" live --events "$work/events.jsonl" --config "$work/sla.json" \
  --now 2026-11-02T09:30:00-05:00 --query '{"kind": "sla_due", "within": 3600}' --format json
cp "$work/out" "$work/d.json"
check "sla_due json order" grep -q '"ticket":"C1".*"breached":true.*"ticket":"C2".*"remaining":{"calendar":300.0,"business":null}' "$work/d.json"
check "sla_due table" "$csm" live --events "$work/events.jsonl" --config "$work/sla.json" \
  --now 2026-11-02T09:30:00-05:00 --query '{"kind": "sla_due", "within": 3600}'
cp "$work/out" "$work/d.txt"
check "sla_due table rows" grep -Eq '^2026-11-02T09:35:00-05:00  +C2  +all  +first_reply_time  +urgent|^2026-11-02T09:35:00-05:00  +C2  +all  +first_reply_time  +  +active' "$work/d.txt"
check "sla_due table breached" grep -Eq '^2026-11-02T09:15:00-05:00  +C1 .* yes  +-00:15:00' "$work/d.txt"

# Bad input: exit 1 and a message naming the problem; usage errors exit 2.
fails_with "unknown kind" 1 "unknown kind" live --query '{"kind": "breaches"}'
fails_with "negative within" 1 "within must not be negative" live --query '{"kind": "sla_due", "within": -5}'
fails_with "no kind" 1 '"kind" is required' live --query '{"within": 5}'
fails_with "unknown ticket" 1 "is not a live ticket" live --query '{"kind": "ticket", "ticket": "T-404"}'
fails_with "now before the clock" 1 "earlier than the engine's clock" \
  live --now 2026-11-02T09:00:00-05:00 --query '{"kind": "queue"}'
fails_with "bad now" 1 "--now 'yesterday'" live --now yesterday --query '{"kind": "queue"}'
fails_with "bad format" 2 "format" live --format html --query '{"kind": "queue"}'
fails_with "no query" 2 "query" "$csm" live --events "$work/events.jsonl"

finish
