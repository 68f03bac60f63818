#!/usr/bin/env bash
# Fails if the shared library exports any defined dynamic symbol that is not
# part of the C ABI (csm_*). The version node (CSMETRICS_0) is not a symbol.
set -euo pipefail
lib="$1"
# Symbol names without their version suffix (csm_version@@CSMETRICS_0).
all=$(nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//')
[ -n "$all" ] || { echo "no exported symbols in $lib"; exit 1; }
bad=$(printf '%s\n' "$all" | grep -v -E '^(csm_[A-Za-z0-9_]+|CSMETRICS_[0-9]+)$' || true)
if [ -n "$bad" ]; then
  echo "symbols exported that are not csm_*:"; printf '%s\n' "$bad" | head -50; exit 1
fi
printf '%s\n' "$all" | grep -q '^csm_version$' || { echo "csm_version missing"; exit 1; }
echo "exports ok: $(printf '%s\n' "$all" | grep -c '^csm_') csm_* symbols, nothing else"
