#!/usr/bin/env bash
# A project that adds csmetrics with add_subdirectory (as FetchContent does)
# gets the libraries only: tests, tools and examples off, and no -Werror on
# the library (the consumer's compiler may warn where ours does not).
# Configures such a consumer; builds nothing.
set -euo pipefail
src="$1"; cmake="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(consumer CXX)
add_subdirectory("$src" csmetrics)
add_executable(app app.cc)
target_link_libraries(app PRIVATE csmetrics::csmetrics_static)
CMAKE
echo 'int main() { return 0; }' > "$work/app.cc"
"$cmake" -S "$work" -B "$work/build" -G Ninja >/dev/null
for option in CSM_BUILD_TESTS CSM_BUILD_TOOLS CSM_BUILD_EXAMPLES CSM_BUILD_BENCH CSM_WERROR; do
  grep -qx "$option:BOOL=OFF" "$work/build/CMakeCache.txt" || { echo "$option is not OFF in a subproject"; exit 1; }
done
if grep -q -- -Werror "$work/build/build.ninja"; then echo "-Werror in a subproject's build"; exit 1; fi
if grep -qE '^build [^:]*(csm_[a-z]+_test|bin/csm|example_)[^:]*:' "$work/build/build.ninja"; then
  echo "a subproject builds tests, tools or examples"; exit 1
fi
grep -q '^build [^:]*libcsmetrics\.a:' "$work/build/build.ninja" || { echo "no libcsmetrics.a target"; exit 1; }
echo "subproject ok: the libraries only, no -Werror"
