#!/usr/bin/env bash
# ThreadSanitizer over the code that runs threads: the sharded engine
# (router -> shard threads, csm::ShardedEngine; its tests and the handoff
# queue's are csm_engine_threads_test, apart from csm_engine_test so that the
# other engine tests are not compiled here),
# the feed of
# `csm report` (reader threads -> engine thread, lib/io/engine_feed.cc; several
# readers of one file in chunks, its FeedEvents.SeveralReaders* tests), its
# handoff queue, the process-wide time zone cache (csm::TimeZone::Locate,
# in the model tests), and the C ABI programs that call one engine / calendar
# per thread. Builds only those targets of the tsan preset, runs them, then runs
# `csm report` on the bundled ServiceNow sample with 1 and 2 threads and
# checks that the JSON reports are byte-identical (and with 4: 2 shards).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh

jobs=${CSM_JOBS:-$(nproc)}
targets=(csm_engine_threads_test csm_io_test csm_model_test csm_foundation_test csm_c_abi_test csm_c_calendar_test csm)
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target "${targets[@]}"

bin=build/tsan/bin
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
echo "=== tsan: tests"
"$bin/csm_engine_threads_test" --gtest_brief=1
"$bin/csm_io_test" --gtest_brief=1
"$bin/csm_model_test" --gtest_brief=1
"$bin/csm_foundation_test" --gtest_brief=1
"$bin/csm_c_abi_test"
"$bin/csm_c_calendar_test"

echo "=== tsan: csm report, 1 vs 2 threads"
out=build/tsan/report
mkdir -p "$out"
"$bin/csm" import --preset servicenow examples/data/incident_event_log.csv >"$out/incidents.jsonl"
for threads in 1 2 4 6; do
  "$bin/csm" report --events "$out/incidents.jsonl" --config examples/data/servicenow_engine.json \
    --threads "$threads" --group-by group --grain day --format json -o "$out/report_$threads.json"
done
cmp "$out/report_1.json" "$out/report_2.json"
cmp "$out/report_1.json" "$out/report_4.json"
cmp "$out/report_1.json" "$out/report_6.json"
echo "tsan: clean; reports with 1, 2, 4 (2 engine shards) and 6 threads (2 readers, 3 shards) are identical"
