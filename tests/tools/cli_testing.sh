# Shared by the csm end-to-end scripts (source it after setting `csm`): a
# scratch folder $work removed on exit, pass / failure counters, and
#   check NAME COMMAND...               the command must succeed
#   fails_with NAME CODE PATTERN CMD... exit status CODE and PATTERN on stderr
#   finish                              prints the tally; fails if any check did
#   real_data NAME                      sets $file to a real-data file (needs $src, $data)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass=0

check() {
  local name=$1
  shift
  if "$@" >"$work/out" 2>"$work/err"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $name"
    sed 's/^/  | /' "$work/err" "$work/out" | head -20
    failures=$((failures + 1))
  fi
}

fails_with() {
  local name=$1 code=$2 pattern=$3
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [[ $rc -eq $code ]] && grep -q -- "$pattern" "$work/err"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $name (exit $rc)"
    sed 's/^/  | /' "$work/err" | head -20
    failures=$((failures + 1))
  fi
}

finish() {
  echo "$(basename "$0"): $pass passed, $failures failed"
  [[ $failures -eq 0 ]]
}

# A real-data file: examples/data/NAME when bundled, else SHARED_DATA_DIR/NAME.
# Missing: skipped with a message, but a failure under CI (CI set), where
# every file must be there.
real_data() {  # real_data NAME : sets $file, or returns 1
  file="$src/examples/data/$1"
  [[ -f "$file" ]] || file="$data/$1"
  [[ -f "$file" ]] && return 0
  if [[ -n "${CI:-}" ]]; then
    echo "FAIL: $1 not found in $src/examples/data or $data (CI is set)"
    failures=$((failures + 1))
  else
    echo "skipped: $1 not found in $src/examples/data or $data"
  fi
  return 1
}
