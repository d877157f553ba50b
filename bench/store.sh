#!/usr/bin/env bash
# Store and run: `herald run` end to end (ingest, clean, code, resolve,
# aggregate, store) on the JSON Lines family of the benchmark corpus, into
# SQLite and into PostgreSQL (a throwaway server from scripts/pg-test.sh,
# skipped with a note when it cannot start): MB/s and documents/s on one
# core, peak RSS, the share of time in each stage, the size of the database
# per million mentions, and a second run on the same input (its time, and
# row counts and a content checksum before and after). Writes its section
# of bench/RESULTS.md between <!-- store --> and <!-- /store -->; raw
# outputs go to bench/out/store/.
#
#   bench/store.sh [--reps N] [--input PATH] [--quick] [--no-results]
#
# Environment: HERALD (default build/herald), CORPUS (default bench/corpus).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

REPS=3
WRITE_RESULTS=1
INPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --input) INPUT=$2; shift 2 ;;
    --quick) REPS=1; WRITE_RESULTS=0; QUICK=1; shift ;;
    --no-results) WRITE_RESULTS=0; shift ;;
    *) echo "usage: bench/store.sh [--reps N] [--input PATH] [--quick] [--no-results]" >&2
       exit 2 ;;
  esac
done
QUICK=${QUICK:-0}

HERALD=${HERALD:-build/herald}
CORPUS=${CORPUS:-bench/corpus}
RESULTS=${RESULTS:-bench/RESULTS.md}
OUT=bench/out/store
mkdir -p "$OUT"
make --no-print-directory build/herald >&2 || [ -x build/herald ] || exit 2
# a copy, so that a rebuild while the benchmark runs changes nothing
if [ "$HERALD" = build/herald ]; then
  mkdir -p "$OUT/bin"
  cp build/herald "$OUT/bin/herald"
  HERALD=$OUT/bin/herald
fi
if [ -z "$INPUT" ]; then
  python3 bench/build-corpus.py --out "$CORPUS" --families jsonl >&2 || exit 2
  INPUT=$CORPUS/jsonl
  # a quick run takes the first shard only
  [ "$QUICK" = 1 ] && INPUT=$(ls "$CORPUS"/jsonl/part-*.jsonl | head -n 1)
fi
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"
cat "$INPUT" > /dev/null 2>&1 || find "$INPUT" -type f -exec cat {} + > /dev/null

tmp=$(mktemp -d)
pgdir=$tmp/pg
PG_URL=""
PG_NOTE=""
if out=$(scripts/pg-test.sh start "$pgdir" 55491 2>&1); then
  PG_URL=$out
else
  PG_NOTE=$out
fi
cleanup() {
  [ -n "$PG_URL" ] && scripts/pg-test.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

# times: one line "what rep wall_s cpu_s rss_kib" per command
: > "$OUT/times.tsv"
timed() {  # what rep command...
  local what=$1 rep=$2
  shift 2
  local rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" $PIN "$@" > /dev/null 2> "$tmp/err" || rc=$?
  # 3: some input was skipped (reported); anything else is a failure
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    echo "store: $what failed ($rc):" >&2; tail -5 "$tmp/err" >&2; return 1
  fi
  # with a non-zero status, time writes a line about it first
  read -r wall user sys rss < <(tail -n 1 "$tmp/t")
  printf '%s\t%s\t%s\t%s\t%s\n' "$what" "$rep" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" "$rss" >> "$OUT/times.tsv"
  cp "$tmp/err" "$OUT/$what.err"
}

pg_db() {  # a fresh database on the throwaway server
  local name=$1
  psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1
  psql -q "$PG_URL" -c "CREATE DATABASE $name" >/dev/null 2>&1
  echo "${PG_URL%/*}/$name"
}

checksum_sqlite() {  # counts and a checksum of every table's sorted rows
  local db=$1 t
  for t in documents document_urls paragraphs mentions events event_mentions; do
    printf '%s=%s:%s ' "$t" "$(sqlite3 "$db" "SELECT COUNT(*) FROM $t")" \
      "$(sqlite3 "$db" "SELECT * FROM $t" | LC_ALL=C sort | md5sum | cut -c1-12)"
  done
}

for rep in $(seq "$REPS"); do
  timed ingest-clean "$rep" "$HERALD" ingest --stats --quiet "$INPUT" || exit 1
  timed code "$rep" "$HERALD" code --quiet "$INPUT" || exit 1
  rm -f "$tmp"/run.db*
  timed run-sqlite "$rep" "$HERALD" run --profile --db "$tmp/run.db" "$INPUT" || exit 1
  if [ "$rep" = "$REPS" ]; then
    checksum_sqlite "$tmp/run.db" > "$OUT/sqlite-before.txt"
    ls -l "$tmp"/run.db* > "$OUT/sqlite-files.txt"
    du -b "$tmp/run.db" | cut -f1 > "$OUT/sqlite-bytes.txt"
    sqlite3 "$tmp/run.db" "SELECT COUNT(*) FROM mentions" > "$OUT/mentions.txt"
    timed rerun-sqlite "$rep" "$HERALD" run --db "$tmp/run.db" "$INPUT" || exit 1
    checksum_sqlite "$tmp/run.db" > "$OUT/sqlite-after.txt"
  fi
  if [ -n "$PG_URL" ]; then
    url=$(pg_db "bench_$rep")
    timed run-postgresql "$rep" "$HERALD" run --profile --db "$url" "$INPUT" || exit 1
    if [ "$rep" = "$REPS" ]; then
      psql -At "$url" -c "SELECT pg_database_size(current_database())" > "$OUT/pg-bytes.txt"
      timed rerun-postgresql "$rep" "$HERALD" run --db "$url" "$INPUT" || exit 1
    fi
  fi
done

bytes=$(find "$INPUT" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
[ "$WRITE_RESULTS" = 1 ] || RESULTS=/dev/null
python3 - "$OUT" "$RESULTS" "$REPS" "$INPUT" "$bytes" "$PG_NOTE" <<'EOF'
import os, re, statistics, subprocess, sys, time
out, results, reps, inp, nbytes, pg_note = sys.argv[1:7]
nbytes = int(nbytes)
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "times.tsv")) if l.strip()]

def med(what, col):
    v = [float(r[col]) for r in rows if r[0] == what]
    return statistics.median(v) if v else None

def summary(what):
    p = os.path.join(out, what + ".err")
    t = open(p).read() if os.path.exists(p) else ""
    m = re.search(r"(\d+) documents from", t)
    s = re.search(r"(\d+) sentences coded, (\d+) mentions added; the database holds "
                  r"(\d+) documents, (\d+) URLs, (\d+) mentions, (\d+) events", t)
    return (int(m.group(1)) if m else 0), s

def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")
docs, s = summary("run-sqlite")
mentions = int(open(os.path.join(out, "mentions.txt")).read().strip() or 0)
o = []
w = o.append
w("<!-- store -->")
w("## Store and run: `herald run` end to end\n")
w("Written by `bench/store.sh` (`make bench`). Input: `%s` (%.1f MB, %d documents), "
  "one process, one core (`taskset -c 0`), files in the page cache; medians of %s "
  "runs; a fresh database each run. The PostgreSQL server is a throwaway one from "
  "`scripts/pg-test.sh` on the same machine, with `fsync=off`, not pinned." % (
      inp, nbytes / 1e6, docs, reps))
w("- date: %s" % time.strftime("%Y-%m-%d %H:%M %Z"))
w("- machine: %s, %s logical CPUs, load average at the end: %s\n" % (
    cpu, sh("nproc"), sh("cut -d' ' -f1-3 /proc/loadavg")))
w("| command | wall s | CPU s | MB/s (wall) | documents/s | peak RSS MiB |")
w("| --- | ---: | ---: | ---: | ---: | ---: |")
for what, label in (("ingest-clean", "`herald ingest --stats` (ingest + clean)"),
                    ("code", "`herald code` (+ code + resolve, JSON out)"),
                    ("run-sqlite", "`herald run --db FILE` (SQLite)"),
                    ("run-postgresql", "`herald run --db postgresql://...`"),
                    ("rerun-sqlite", "`herald run` again, same input (SQLite)"),
                    ("rerun-postgresql", "`herald run` again, same input (PostgreSQL)")):
    wall = med(what, 2)
    if wall is None:
        continue
    w("| %s | %.2f | %.2f | %.1f | %.0f | %.0f |" % (
        label, wall, med(what, 3), nbytes / 1e6 / wall, docs / wall, med(what, 4) / 1024))
if pg_note:
    w("\nPostgreSQL rows are missing: %s" % pg_note)
def stages(what):
    p = os.path.join(out, what + ".err")
    m = re.search(r"CPU seconds by stage: ingest ([\d.]+), clean ([\d.]+), code ([\d.]+), "
                  r"resolve ([\d.]+), store ([\d.]+), aggregate ([\d.]+)",
                  open(p).read() if os.path.exists(p) else "")
    return [float(x) for x in m.groups()] if m else None

for what, label in (("run-sqlite", "SQLite"), ("run-postgresql", "PostgreSQL")):
    st = stages(what)
    if st:
        tot = sum(st)
        w("\nCPU time of `herald run --profile` by stage (%s, last run, the process's own "
          "thread; the server's work is not counted): " % label + ", ".join(
              "%s %.1f s (%.0f%%)" % (n, v, 100 * v / tot) for n, v in zip(
                  ("ingest", "clean", "code", "resolve", "store", "aggregate"), st)) + ".")
if s:
    w("\nThe database holds %s documents, %s URLs, %s mentions, %s events." % s.groups()[2:6])
sb = os.path.join(out, "sqlite-bytes.txt")
if os.path.exists(sb) and mentions:
    b = int(open(sb).read().strip())
    ndocs = int(s.group(3)) if s else 0
    w("Size: SQLite %.1f MB, %.0f MB per million mentions, %.1f KB per document (the file "
      "holds the sentence text of every mention and a row for every paragraph's kind, so "
      "on a corpus with few events per document the per-mention figure is high)." % (
          b / 1e6, b / 1e6 / (mentions / 1e6), b / 1e3 / max(ndocs, 1)))
pb = os.path.join(out, "pg-bytes.txt")
if os.path.exists(pb) and mentions:
    b = int(open(pb).read().strip() or 0)
    w("PostgreSQL: %.1f MB (`pg_database_size`, which counts about 7.5 MB of an empty "
      "database), %.0f MB per million mentions." % (b / 1e6, b / 1e6 / (mentions / 1e6)))
before = open(os.path.join(out, "sqlite-before.txt")).read().strip()
after = open(os.path.join(out, "sqlite-after.txt")).read().strip()
w("\nSecond run on the same input (SQLite): %s. Row counts and content checksums "
  "(md5 of each table's sorted rows), before and after:\n" % (
      "nothing changed" if before == after else "**the content changed**"))
w("```\nbefore: %s\nafter:  %s\n```" % (before, after))
w("<!-- /store -->")
section = "\n".join(o) + "\n"
if results != "/dev/null":
    old = open(results).read() if os.path.exists(results) else ""
    m = re.search(r"<!-- store -->.*?<!-- /store -->\n?", old, re.S)
    new = (old[:m.start()] + section + old[m.end():]) if m else \
        old + ("\n" if old and not old.endswith("\n\n") else "") + section
    with open(results, "w") as f:
        f.write(new)
    print("store: wrote its section of %s" % results, file=sys.stderr)
print(section)
EOF
