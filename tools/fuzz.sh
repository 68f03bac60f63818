#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`) and runs each for a bounded
# time (CSM_FUZZ_SECONDS, default 60) from its checked-in seed corpus. Any
# crash, leak, sanitizer report or timeout fails the run. Prints one line per
# target with the executions done.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
seconds=${CSM_FUZZ_SECONDS:-60}
# The targets are the sources, tests/fuzz/<name>_fuzz.cc -> fuzz_<name> (as
# tests/fuzz/CMakeLists.txt makes them): only those are built (not the shared
# library nor anything else of the tree) and exactly those run, never a stale
# binary left in build/fuzz/bin.
shopt -s nullglob
names=()
for source in tests/fuzz/*_fuzz.cc; do
  name=${source##*/}
  names+=("${name%_fuzz.cc}")
done
[[ ${#names[@]} -gt 0 ]] || { echo "no fuzz targets in tests/fuzz"; exit 1; }
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target "${names[@]/#/fuzz_}"
fail=0
for name in "${names[@]}"; do
  bin=build/fuzz/bin/fuzz_$name
  seeds=tests/fuzz/corpus/$name
  work=$(mktemp -d)
  [[ -d $seeds ]] && cp -r "$seeds"/. "$work"/
  log=build/fuzz/$name.log
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="build/fuzz/$name-" "$work" >"$log" 2>&1; then
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz $name: ok, ${execs:-?} executions in ${seconds}s"
  else
    echo "fuzz $name: FAILED (see $log)"; tail -40 "$log"; fail=1
  fi
  rm -rf "$work"
done
exit $fail
