# Shared by the csm end-to-end scripts (source it after setting `csm`): a
# scratch folder $work removed on exit, pass / failure counters, and
#   check NAME COMMAND...               the command must succeed
#   fails_with NAME CODE PATTERN CMD... exit status CODE and PATTERN on stderr
#   finish                              prints the tally; fails if any check did
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
