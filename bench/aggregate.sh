#!/usr/bin/env bash
# Aggregation: mentions per second and memory per million mentions of the
# aggregate stage (build/aggregate-speed, from bench/aggregate-speed.c, on
# synthetic resolved mentions), with and without the sentence texts, and
# `herald aggregate` end to end on the bundled examples. Each measurement
# is a fresh process; the figures are medians over the runs. Writes its
# section of bench/RESULTS.md between <!-- aggregate --> and
# <!-- /aggregate --> (replaced on each run, appended when absent); raw
# outputs go to bench/out/aggregate/.
#
#   bench/aggregate.sh [--reps N] [--mentions N] [--quick] [--no-results]
#
# Environment: HERALD (default build/herald), AGGREGATE_SPEED (default
# build/aggregate-speed).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

REPS=5
MENTIONS=1000000
WRITE_RESULTS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --mentions) MENTIONS=$2; shift 2 ;;
    --quick) REPS=1; MENTIONS=100000; WRITE_RESULTS=0; shift ;;
    --no-results) WRITE_RESULTS=0; shift ;;
    *) echo "usage: bench/aggregate.sh [--reps N] [--mentions N] [--quick] [--no-results]" >&2
       exit 2 ;;
  esac
done

HERALD=${HERALD:-build/herald}
AGGREGATE_SPEED=${AGGREGATE_SPEED:-build/aggregate-speed}
RESULTS=${RESULTS:-bench/RESULTS.md}
OUT=bench/out/aggregate
mkdir -p "$OUT"
if [ "$AGGREGATE_SPEED" = build/aggregate-speed ]; then
  make --no-print-directory build/aggregate-speed build/herald >&2 || exit 2
fi

: > "$OUT/runs.txt"
for i in $(seq "$REPS"); do
  for mode in text no-text; do
    flag=""
    [ "$mode" = no-text ] && flag=--no-text
    "$AGGREGATE_SPEED" -n "$MENTIONS" $flag >> "$OUT/runs.txt" || exit 1
  done
done
: > "$OUT/e2e.txt"
for i in $(seq "$REPS"); do
  /usr/bin/time -f "wall_s=%e rss_kib=%M" "$HERALD" aggregate --quiet examples/ \
    > "$OUT/examples-events.jsonl" 2>> "$OUT/e2e.txt" || exit 1
done

[ "$WRITE_RESULTS" = 1 ] || RESULTS=/dev/null
python3 - "$OUT" "$RESULTS" "$REPS" "$MENTIONS" <<'EOF'
import os, re, statistics, subprocess, sys, time
out, results, reps, mentions = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def kv(line):
    return dict(p.split("=", 1) for p in line.split())

runs = [kv(l) for l in open(os.path.join(out, "runs.txt")) if l.strip()]
e2e = [kv(l) for l in open(os.path.join(out, "e2e.txt")) if l.startswith("wall_s=")]
events = sum(1 for l in open(os.path.join(out, "examples-events.jsonl")) if l.strip())

def med(rows, key):
    return statistics.median(float(r[key]) for r in rows)

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
rows = []
for mode in ("yes", "no"):
    r = [x for x in runs if x["text"] == mode]
    rows.append((mode, len(r), int(r[0]["mentions"]), int(r[0]["events"]),
                 med(r, "mentions_per_s"), med(r, "add_s"), med(r, "events_s"),
                 med(r, "rss_mib"), med(r, "bytes_per_mention")))
o = []
w = o.append
w("<!-- aggregate -->")
w("## Aggregation: mentions per second and memory per million mentions\n")
w("Written by `bench/aggregate.sh` (`make bench` runs it after `bench/code.sh`); the program is "
  "`bench/aggregate-speed.c`, whose header says how the synthetic mentions are drawn. "
  "Each figure is the median of %d runs, each a fresh process, one thread." % reps)
w("- date: %s" % time.strftime("%Y-%m-%d %H:%M %Z"))
w("- machine: %s, %s logical CPUs (`nproc`), Linux %s; load average at the end: %s\n" % (
    cpu, sh("nproc"), sh("uname -r"), sh("cut -d' ' -f1-3 /proc/loadavg")))
w("| sentences kept | runs | mentions | events | mentions/s (CPU) | add (s, wall) "
  "| cluster (s, wall) | peak RSS (MiB) | bytes per mention |")
w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for mode, n, m, e, mps, add, ev, rss, bpm in rows:
    w("| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.0f | %.0f |" % (
        "yes" if mode == "yes" else "no (`HR_AGG_NO_TEXT`)", n, m, e, mps, add, ev, rss, bpm))
w("\n`herald aggregate --quiet examples/` end to end (ingest, clean, code, resolve, "
  "aggregate): median %.2f s wall, peak RSS %.0f MiB, %d events." % (
      med(e2e, "wall_s"), med(e2e, "rss_kib") / 1024, events))
w("<!-- /aggregate -->")
section = "\n".join(o) + "\n"
if results != "/dev/null":
    old = open(results).read() if os.path.exists(results) else ""
    m = re.search(r"<!-- aggregate -->.*?<!-- /aggregate -->\n?", old, re.S)
    new = (old[:m.start()] + section + old[m.end():]) if m else \
        old + ("\n" if old and not old.endswith("\n\n") else "") + section
    with open(results, "w") as f:
        f.write(new)
    print("aggregate: wrote its section of %s" % results, file=sys.stderr)
print()
print("%-10s %10s %9s %14s %9s %9s" % ("text", "mentions", "events", "mentions/s", "RSS MiB",
                                      "B/mention"))
for mode, n, m, e, mps, add, ev, rss, bpm in rows:
    print("%-10s %10d %9d %14.0f %9.0f %9.0f" % (mode, m, e, mps, rss, bpm))
EOF
