#!/usr/bin/env bash
# Installs the built tree into a scratch prefix, then builds examples/vendor
# against that installation the ways a vendor would: CMake find_package and
# pkg-config, each with the shared and with the static library. Runs all four
# programs; the static ones must not need libcsmetrics.so.
set -euo pipefail
src="$1"; build="$2"; cmake="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

"$cmake" --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/csmetrics.h"
test -f "$prefix/include/csm/version.h"
libdir=$(dirname "$(find "$prefix" -name 'libcsmetrics.so' | head -1)")
test -f "$libdir/libcsmetrics.a"
test -f "$libdir/cmake/csmetrics/csmetricsConfig.cmake"
test -f "$libdir/pkgconfig/csmetrics.pc"

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
if ldd "$work/cmake-static/vendor_app" | grep -q libcsmetrics; then
  echo "the static CMake build links libcsmetrics.so"; exit 1
fi
"$work/cmake-static/vendor_app" > "$work/out3"

# 4. pkg-config, static: libcsmetrics.a, then what `--static` adds
# (Requires.private / Libs.private: Abseil, date-tz, the C++ runtime).
cc -std=c99 -Wall -Wextra -pedantic -Werror "$src/examples/vendor/vendor_app.c" \
  $(pkg-config --cflags csmetrics) -Wl,-Bstatic $(pkg-config --libs csmetrics) -Wl,-Bdynamic \
  -Wl,--as-needed $(pkg-config --static --libs csmetrics) -o "$work/vendor_app_pc_static"
if ldd "$work/vendor_app_pc_static" | grep -q libcsmetrics; then
  echo "the static pkg-config build links libcsmetrics.so"; exit 1
fi
"$work/vendor_app_pc_static" > "$work/out4"

cmp "$work/out1" "$work/out2"
cmp "$work/out1" "$work/out3"
cmp "$work/out1" "$work/out4"
echo "install test ok"
