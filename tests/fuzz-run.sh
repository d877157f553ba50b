#!/bin/sh
# Runs every fuzz target for $1 seconds on a copy of its seed corpus.
# Prints "fuzz: NAME ok" or "fuzz: NAME FAILED" per target; a crash input
# is kept in build-fuzz/crashes/.
set -u
cd "$(dirname "$0")/.."
secs="${1:-15}"
status=0
mkdir -p build-fuzz/crashes
for bin in build-fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=${bin#build-fuzz/fuzz_}
  work=$(mktemp -d)
  [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null
  if "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1 \
       -artifact_prefix=build-fuzz/crashes/"$name"- "$work" >"$work.log" 2>&1; then
    echo "fuzz: $name ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$work.log" | grep -o '[0-9]*$' || echo '?') runs)"
  else
    echo "fuzz: $name FAILED"
    tail -40 "$work.log"
    status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
