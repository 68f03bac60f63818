#!/usr/bin/env bash
# Runs every test and installs nothing (tools/setup.sh installs; the README's
# command runs it first): checks the C/C++ formatting, then for each preset
# (default: release, then asan) configures, builds and runs ctest (GoogleTest
# suites, the C99 ABI programs, the exports and install checks, the CLI
# tests); then pytest against the first preset's libcsmetrics.so that is not
# sanitized, and again against the asan build's when asan is among the
# presets. The release preset is the optimized build the demo and vendors
# use (its build directory is the demo's); asan runs the same tests under
# ASan + UBSan; then the PostgreSQL extension's pg_regress suites
# (postgres/test.sh, as root). CSM_PRESETS="dev" tools/test.sh runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --check

presets=${CSM_PRESETS:-"release asan"}
jobs=${CSM_JOBS:-$(nproc)}
fail=0

# Every C and C++ file as .clang-format says (clang-format 14, Debian 12's).
echo "=== clang-format"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z '*.h' '*.cc' '*.c' | xargs -0 clang-format --dry-run -Werror || fail=1
else
  echo "not a git checkout: formatting not checked"
fi
for preset in $presets; do
  echo "=== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "=== $preset: ctest"
  ctest --preset "$preset" -j "$jobs" || fail=1
done

echo "=== pytest"
plain=$(printf '%s\n' $presets | grep -v -x asan | head -1 || true)
if [[ -z "$plain" ]]; then  # asan alone: pytest needs an unsanitized library too
  plain=release
  cmake --preset release >/dev/null && cmake --build --preset release -j "$jobs" --target csmetrics
fi
CSM_LIBRARY="$PWD/build/$plain/lib/libcsmetrics.so" /usr/bin/python3 -m pytest -q python/tests || fail=1

# pytest again over the asan library: the sanitizer runtimes are preloaded
# into the interpreter; leak checking is off (CPython keeps objects at exit).
if [[ " $presets " == *" asan "* ]]; then
  echo "=== pytest (asan)"
  LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    CSM_LIBRARY="$PWD/build/asan/lib/libcsmetrics.so" \
    /usr/bin/python3 -m pytest -q python/tests || fail=1
fi

# The PostgreSQL extension (postgres/test.sh): installs it into the local
# PostgreSQL 15 and runs pg_regress against a server it starts itself, over
# the first unsanitized preset's library and csm CLI. It needs root (CI is).
if [[ $(id -u) -eq 0 ]]; then
  echo "=== postgres"
  CSM_BUILD="$PWD/build/$plain" postgres/test.sh || fail=1
else
  echo "=== postgres: skipped (postgres/test.sh installs the extension: run as root)"
fi

exit $fail
