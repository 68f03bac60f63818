#!/usr/bin/env bash
# csm report --threads N (N >= 3: engine shards, docs/engine.md "Routing")
# answers as one engine: on the incident log, NYC 311, the bank call log and a
# generated file, the JSON reports (by agent; totals, which hold the customers' repeat contacts)
# and the rejection summary on stderr are byte-identical for 1 thread and for
# 1, 2 and 4 shards.
# Usage: sharded_cli_test.sh CSM_BINARY SOURCE_DIR SHARED_DATA_DIR
set -uo pipefail
csm=$1
src=$2
data=$3
source "$(dirname "$0")/cli_testing.sh"

# same_reports NAME EVENTS [report flags...]: --threads 1 vs 3, 4 and 6.
same_reports() {
  local name=$1 events=$2
  shift 2
  for query in "--group-by agent" ""; do
    # shellcheck disable=SC2086
    "$csm" report --events "$events" "$@" --threads 1 $query --grain month --format json \
      -o "$work/one.json" 2>"$work/one.err"
    for threads in 3 4 6; do
      # shellcheck disable=SC2086
      check "$name, ${query:-totals}: $((threads - 2)) shard(s) = one engine" bash -c \
        "'$csm' report --events '$events' $* --threads $threads $query --grain month \
           --format json -o '$work/sharded.json' 2>'$work/sharded.err' &&
         cmp '$work/one.json' '$work/sharded.json' && cmp '$work/one.err' '$work/sharded.err'"
    done
  done
}

if real_data incident_event_log.csv; then
  "$csm" import --preset servicenow "$file" >"$work/sn.jsonl"
  same_reports servicenow "$work/sn.jsonl" --config "$src/examples/data/servicenow_engine.json"
fi
if real_data 311_Service_Requests_from_2010_to_Present.csv; then
  "$csm" import --preset nyc311 "$file" >"$work/nyc.jsonl"
  same_reports nyc311 "$work/nyc.jsonl"
fi
if real_data data_anonymous_bank_february.txt; then
  "$csm" import --preset bank-calls "$file" >"$work/bank.jsonl"
  same_reports bank-calls "$work/bank.jsonl"
fi
# Generated (bench/compare's generator, CSV), with rejected lines added:
# unknown tickets, a duplicate created, a malformed row.
if /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  /usr/bin/python3 "$src/bench/compare/make_events.py" "$work/gen.csv" --events 40000 --seed 3
  {
    cat "$work/gen.csv"
    echo "1767225600000,NOPE,agent_reply,agent001,,"
    echo "1767225600001,T5,created,,email,"
    echo "not a time,T6,note,,,"
  } >"$work/gen_bad.csv"
  same_reports generated "$work/gen_bad.csv"
else
  echo "skipped: the generated file needs numpy"
fi
# --strict keeps one engine whatever --threads says.
if [[ -f "$work/sn.jsonl" ]]; then
  check "--strict with --threads 4" "$csm" report --events "$work/sn.jsonl" --strict --threads 4 \
    --config "$src/examples/data/servicenow_engine.json" --format json -o "$work/strict.json"
fi
finish
