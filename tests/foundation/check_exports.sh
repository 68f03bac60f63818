#!/usr/bin/env bash
# check_exports.sh LIB [CLI_SUPPORT_ARCHIVE]
# Fails if the shared library exports any defined dynamic symbol that is not
# part of the C ABI (csm_*). The version node (CSMETRICS_0) is not a symbol.
# With the csm_cli_support archive, also fails if the library holds any code
# of the command line's own parts (docs/architecture.md, "Two libraries"): no
# csm::render or csm::io::import symbol, local ones included, and none of the
# functions the archive defines.
set -euo pipefail
lib="$1"
cli="${2:-}"
# Symbol names without their version suffix (csm_version@@CSMETRICS_0).
all=$(nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//')
[ -n "$all" ] || { echo "no exported symbols in $lib"; exit 1; }
bad=$(printf '%s\n' "$all" | grep -v -E '^(csm_[A-Za-z0-9_]+|CSMETRICS_[0-9]+)$' || true)
if [ -n "$bad" ]; then
  echo "symbols exported that are not csm_*:"; printf '%s\n' "$bad" | head -50; exit 1
fi
printf '%s\n' "$all" | grep -q '^csm_version$' || { echo "csm_version missing"; exit 1; }
echo "exports ok: $(printf '%s\n' "$all" | grep -c '^csm_') csm_* symbols, nothing else"

[ -n "$cli" ] || exit 0
# Every symbol of the library, the hidden ones too (the build tree's library
# is not stripped; a stripped one would make this check vacuous).
inside=$(nm --defined-only "$lib" | awk '{print $NF}' | sort -u)
[ "$(printf '%s\n' "$inside" | wc -l)" -gt 1000 ] || { echo "$lib has no symbol table (stripped?)"; exit 1; }
cli_ns=$(printf '%s\n' "$inside" | c++filt | grep -E 'csm::(render|io::import)::' || true)
if [ -n "$cli_ns" ]; then
  echo "csm::render / csm::io::import code in $lib:"; printf '%s\n' "$cli_ns" | head -20; exit 1
fi
# The archive's own (strong, global) functions: weak ones are inline code and
# templates that both libraries may instantiate.
cli_functions=$(nm --defined-only "$cli" 2>/dev/null | awk '$2 == "T" {print $3}' | sort -u)
[ -n "$cli_functions" ] || { echo "no functions in $cli"; exit 1; }
shared=$(comm -12 <(printf '%s\n' "$inside") <(printf '%s\n' "$cli_functions"))
if [ -n "$shared" ]; then
  echo "csm_cli_support functions inside $lib:"; printf '%s\n' "$shared" | c++filt | head -20; exit 1
fi
echo "no command-line code: none of $(printf '%s\n' "$cli_functions" | wc -l) csm_cli_support functions, no csm::render / csm::io::import symbol"
