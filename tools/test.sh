#!/usr/bin/env bash
# Runs every test: for each preset (default: dev, then asan) configure, build
# and ctest (GoogleTest suites, the C99 ABI programs, the exports and install
# checks); then pytest against the dev build's libcsmetrics.so.
# CSM_PRESETS="dev" tools/test.sh runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh

presets=${CSM_PRESETS:-"dev asan"}
jobs=${CSM_JOBS:-$(nproc)}
fail=0
for preset in $presets; do
  echo "=== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "=== $preset: ctest"
  ctest --preset "$preset" -j "$jobs" || fail=1
done

echo "=== pytest"
first=$(echo "$presets" | awk '{print $1}')
[[ "$first" == "asan" ]] && { cmake --preset dev >/dev/null && cmake --build --preset dev -j "$jobs"; first=dev; }
CSM_LIBRARY="$PWD/build/$first/lib/libcsmetrics.so" /usr/bin/python3 -m pytest -q python/tests || fail=1

exit $fail
