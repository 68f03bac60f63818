#!/usr/bin/env bash
# csm report --threads N (N >= 3: engine shards, docs/engine.md "Routing";
# N >= 6: several threads read the file in chunks, docs/cli.md) answers as
# one engine: on the incident log, NYC 311, the bank call log and a generated
# file, the JSON reports (by agent; totals, which hold the customers' repeat
# contacts) and the rejection summary on stderr (its line numbers too) are
# byte-identical for 1 thread and for 2, 3, 4, 6 and 9 (1 to 5 shards, 1 to 3
# readers); so are small and odd inputs (quoted line breaks, no line break at
# the end, empty, a few lines).
# Usage: sharded_cli_test.sh CSM_BINARY SOURCE_DIR SHARED_DATA_DIR
set -uo pipefail
csm=$1
src=$2
data=$3
source "$(dirname "$0")/cli_testing.sh"

# same_reports NAME EVENTS [report flags...]: --threads 1 vs 2, 3, 4, 6 and 9.
same_reports() {
  local name=$1 events=$2
  shift 2
  for query in "--group-by agent" ""; do
    # shellcheck disable=SC2086
    "$csm" report --events "$events" "$@" --threads 1 $query --grain month --format json \
      -o "$work/one.json" 2>"$work/one.err"
    for threads in 2 3 4 6 9; do
      # shellcheck disable=SC2086
      check "$name, ${query:-totals}: $threads threads = one" bash -c \
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
# same_output NAME EVENTS: --threads 1 vs 2, 3, 4, 6 and 9 give the same
# stdout, stderr and exit status (an input may be refused).
same_output() {
  local name=$1 events=$2 status
  "$csm" report --events "$events" --threads 1 --format json >"$work/one.out" 2>"$work/one.err"
  status=$?
  for threads in 2 3 4 6 9; do
    check "$name: $threads threads = one" bash -c \
      "'$csm' report --events '$events' --threads $threads --format json \
         >'$work/many.out' 2>'$work/many.err'; [[ \$? == $status ]] &&
       cmp '$work/one.out' '$work/many.out' && cmp '$work/one.err' '$work/many.err'"
  done
}
printf 'time,ticket,type,channel,agent\n1767225600000,T1,created,"e\nmail",\n%s\nbad,T1,note,,\n%s\n' \
  '1767225601000,T1,assigned,,"al""x"""' '1767225602000,T2,created,"web' >"$work/quoted.csv"
same_output "quoted line breaks and a stray quote" "$work/quoted.csv"
printf 'time,ticket,type\n1767225600000,T1,created\n1767225601000,T9,note' >"$work/no_break.csv"
same_output "no line break at the end" "$work/no_break.csv"
: >"$work/empty.csv"
same_output "empty file" "$work/empty.csv"
printf 'time,ticket,type\n' >"$work/header.csv"
same_output "a header only" "$work/header.csv"
printf '{"time":1767225600000,"ticket":"T1","type":"created"}\n{"time":1,"type":"x"}\n' \
  >"$work/two.jsonl"
same_output "two lines (fewer than the chunks)" "$work/two.jsonl"
if [[ -f "$work/gen_bad.csv" ]]; then
  # A quoted line break early (CSV chunks start clear of quotes), rejected
  # lines at the end, in the last chunk.
  {
    head -1 "$work/gen_bad.csv"
    printf '1767225600000,Q1,created,,"e\nmail",\n'
    tail -n +2 "$work/gen_bad.csv"
  } >"$work/gen_quoted.csv"
  same_output "generated, a quoted line break" "$work/gen_quoted.csv"
fi
# --strict keeps one engine whatever --threads says.
if [[ -f "$work/sn.jsonl" ]]; then
  check "--strict with --threads 4" "$csm" report --events "$work/sn.jsonl" --strict --threads 4 \
    --config "$src/examples/data/servicenow_engine.json" --format json -o "$work/strict.json"
fi
finish
