#!/usr/bin/env bash
# Installs the built tree into a scratch prefix, then builds examples/vendor
# against that installation the ways a vendor would: CMake find_package and
# pkg-config, each with the shared and with the static library. Runs all four
# programs; the static ones must not need libcsmetrics.so. Then the C++ API:
# only the documented headers are installed, each compiles from the installed
# tree alone, and examples/cpp/*.cc build (csmetrics::csmetrics_static) and run.
set -euo pipefail
src="$1"; build="$2"; cmake="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
# Whether PROGRAM needs libcsmetrics.so. ldd's output is read whole first:
# under pipefail, `ldd | grep -q` is false when grep quits early (SIGPIPE),
# which would hide exactly the link this test looks for.
links_shared_library() {
  local out
  out=$(ldd "$1")
  grep -q libcsmetrics <<<"$out"
}

"$cmake" --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/csmetrics.h"
test -f "$prefix/include/csm/version.h"
libdir=$(dirname "$(find "$prefix" -name 'libcsmetrics.so' | head -1)")
test -f "$libdir/libcsmetrics.a"
test -f "$libdir/cmake/csmetrics/csmetricsConfig.cmake"
test -f "$libdir/pkgconfig/csmetrics.pc"
# Installed headers are the documented API: not the command line's own
# (io, render) and no internal/ directory.
if find "$prefix/include" \( -path '*/csm/io' -o -path '*/csm/render' -o -name internal \) | grep .; then
  echo "headers installed that are not part of the documented API"; exit 1
fi

# 1. CMake: find_package(csmetrics) and link csmetrics::csmetrics.
"$cmake" -S "$src/examples/vendor" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
"$cmake" --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake-build/vendor_app" | tee "$work/out1"

# 2. pkg-config: plain cc with the flags the .pc file gives.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c99 -Wall -Wextra -pedantic -Werror "$src/examples/vendor/vendor_app.c" \
  $(pkg-config --cflags csmetrics) $(pkg-config --libs csmetrics) -o "$work/vendor_app_pc"
LD_LIBRARY_PATH="$libdir" "$work/vendor_app_pc" | tee "$work/out2"

# 3. CMake, static: csmetrics::csmetrics_static brings its dependencies.
"$cmake" -S "$src/examples/vendor" -B "$work/cmake-static" -DCMAKE_PREFIX_PATH="$prefix" \
  -DVENDOR_STATIC=ON >/dev/null
"$cmake" --build "$work/cmake-static" >/dev/null
if links_shared_library "$work/cmake-static/vendor_app"; then
  echo "the static CMake build links libcsmetrics.so"; exit 1
fi
"$work/cmake-static/vendor_app" > "$work/out3"

# 4. pkg-config, static: libcsmetrics.a, then what `--static` adds
# (Requires.private / Libs.private: Abseil, date-tz, the C++ runtime).
cc -std=c99 -Wall -Wextra -pedantic -Werror "$src/examples/vendor/vendor_app.c" \
  $(pkg-config --cflags csmetrics) -Wl,-Bstatic $(pkg-config --libs csmetrics) -Wl,-Bdynamic \
  -Wl,--as-needed $(pkg-config --static --libs csmetrics) -o "$work/vendor_app_pc_static"
if links_shared_library "$work/vendor_app_pc_static"; then
  echo "the static pkg-config build links libcsmetrics.so"; exit 1
fi
"$work/vendor_app_pc_static" > "$work/out4"

# 5. The C++ API: every installed header compiles with only the installed
# tree (and the Debian dependencies) on the include path ...
(cd "$prefix/include" && find . -name '*.h' | sort | sed 's|^\./\(.*\)|#include "\1"|') \
  > "$work/all_headers.cc"
echo 'int main() { return 0; }' >> "$work/all_headers.cc"
c++ -std=c++20 -fsyntax-only -Wall -Wextra -I"$prefix/include" "$work/all_headers.cc"
# ... and examples/cpp builds against csmetrics::csmetrics_static and runs.
mkdir -p "$work/cpp-src"
cat > "$work/cpp-src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(vendor_cpp CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(csmetrics 0 REQUIRED)
file(GLOB examples ${EXAMPLES_DIR}/*.cc)
foreach(source IN LISTS examples)
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE csmetrics::csmetrics_static)
endforeach()
CMAKE
"$cmake" -S "$work/cpp-src" -B "$work/cpp-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DEXAMPLES_DIR="$src/examples/cpp" >/dev/null
"$cmake" --build "$work/cpp-build" >/dev/null
for source in "$src"/examples/cpp/*.cc; do
  program="$work/cpp-build/$(basename "$source" .cc)"
  if links_shared_library "$program"; then
    echo "$program links libcsmetrics.so"; exit 1
  fi
  "$program"
done

cmp "$work/out1" "$work/out2"
cmp "$work/out1" "$work/out3"
cmp "$work/out1" "$work/out4"
echo "install test ok"
