#!/bin/sh
# Runs every test: the unit tests (plain and ASan/UBSan builds), the CLI
# tests against both binaries, and a short fuzz smoke of every target.
# Closes with one line: "check: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."

passed=0 failed=0 skipped=0
failures=""
log=$(mktemp -d)
pg_dir=""
# shellcheck disable=SC2317  # called by the traps
cleanup() {
  [ -n "$pg_dir" ] && { scripts/pg-test.sh stop "$pg_dir/data"; rm -rf "$pg_dir"; }
  rm -rf "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note_fail() { failed=$((failed + $1)); failures="$failures $2"; }

# cmocka binaries print "[  PASSED  ] N test(s).", "[  FAILED  ] N test(s)"
# and "[  SKIPPED ] N test(s)".
run_unit() {  # $1 = binary, $2 = what to call this run (optional)
  name="$1${2:+ ($2)}"
  out="$log/$(echo "$name" | tr '/ ()' '____')"
  "$1" >"$out" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  p=${p:-0} f=${f:-0} s=${s:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or leaked
  passed=$((passed + p))
  skipped=$((skipped + s))
  if [ "$f" -ne 0 ]; then
    note_fail "$f" "$name"
    echo "---- $name failed:"; grep -v '^\[ *\(RUN\|OK\) ' "$out" | head -60
  fi
  echo "unit: $name: $p passed, $f failed, $s skipped"
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# PostgreSQL for the store's tests: a throwaway server of our own
# (scripts/pg-test.sh) on a free port, stopped by cleanup; or the one
# HERALD_PG_URL already names. Only a machine without the server installed
# (pg-test.sh's status 2) skips those tests; any other failure to start
# one is a failure.
if [ -z "${HERALD_PG_URL:-}" ]; then
  pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  pg_dir=$(mktemp -d)
  if url=$(scripts/pg-test.sh start "$pg_dir/data" "$pg_port" 2>"$log/pg-start"); then
    export HERALD_PG_URL="$url"
    echo "store: PostgreSQL tests against $url"
  else
    rc=$?
    why=$(sed 's/^pg-test: //' "$log/pg-start" | tail -n 1)
    scripts/pg-test.sh stop "$pg_dir/data" 2>/dev/null
    rm -rf "$pg_dir"
    pg_dir=""
    if [ "$rc" -eq 2 ]; then
      echo "store: PostgreSQL tests skipped: $why"
    else
      note_fail 1 "postgresql-server"
      echo "store: cannot start a PostgreSQL server for the tests: $why"
    fi
  fi
else
  echo "store: PostgreSQL tests against HERALD_PG_URL"
fi

for b in build/tests/test_* build-asan/tests/test_*; do
  [ -x "$b" ] && run_unit "$b"
done

# The store's tests once more, on PostgreSQL (test_store takes its
# database from HERALD_TEST_DB; without it, SQLite).
if [ -n "${HERALD_PG_URL:-}" ]; then
  for b in build/tests/test_store build-asan/tests/test_store; do
    [ -x "$b" ] || continue
    export HERALD_TEST_DB="$HERALD_PG_URL"
    run_unit "$b" postgresql
    unset HERALD_TEST_DB
  done
fi

# CLI tests (python's unittest): "Ran N tests" and "FAILED (failures=a, errors=b)".
for bin in build/herald build-asan/herald; do
  [ -x "$bin" ] || continue
  out="$log/cli-$(echo "$bin" | tr / _)"
  HERALD="$bin" python3 -m unittest discover -s tests/cli -p 'test_*.py' >"$out" 2>&1
  rc=$?
  ran=$(sed -n 's/^Ran \([0-9]*\) test.*/\1/p' "$out")
  ran=${ran:-0}
  f=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' "$out")
  e=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' "$out")
  s=$(sed -n 's/.*skipped=\([0-9]*\).*/\1/p' "$out")
  bad=$(( ${f:-0} + ${e:-0} ))
  [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
  skipped=$((skipped + ${s:-0}))
  passed=$((passed + ran - bad - ${s:-0}))
  if [ "$bad" -ne 0 ]; then
    note_fail "$bad" "cli($bin)"
    echo "---- cli tests with $bin failed:"; tail -80 "$out"
  fi
  echo "cli: $bin: $((ran - bad - ${s:-0})) passed, $bad failed, ${s:-0} skipped"
done

# Fuzz smoke: each target for a few seconds (make fuzz runs them long).
if ls build-fuzz/fuzz_* >/dev/null 2>&1; then
  out="$log/fuzz"
  if ./tests/fuzz-run.sh "${FUZZ_SMOKE_SECONDS:-15}" >"$out" 2>&1; then
    n=$(grep -c '^fuzz: [a-z_]* ok' "$out")
    passed=$((passed + n))
    grep '^fuzz:' "$out"
  else
    grep '^fuzz:' "$out"
    n=$(grep -c '^fuzz: .* FAILED' "$out")
    note_fail "${n:-1}" "fuzz"
    tail -60 "$out"
  fi
fi

# The web page in a real browser (tests/browser/run.sh; it skips cleanly
# without node, chromium or the npm packages) against build/herald serve.
out="$log/browser"
HERALD=build/herald ./tests/browser/run.sh >"$out" 2>&1
rc=$?
line=$(grep '^browser: [0-9]* passed' "$out" | tail -1)
p=$(echo "$line" | sed -n 's/^browser: \([0-9]*\) passed.*/\1/p')
f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
p=${p:-0} f=${f:-0} s=${s:-0}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
passed=$((passed + p))
skipped=$((skipped + s))
if [ "$f" -ne 0 ]; then
  note_fail "$f" "browser"
  grep -v '^browser: [0-9]* passed' "$out" | tail -80
fi
grep '^browser: skipped' "$out"
echo "browser: $p passed, $f failed, $s skipped"

[ -n "$failures" ] && echo "failed:$failures"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
