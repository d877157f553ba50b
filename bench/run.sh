#!/usr/bin/env bash
# Herald's benchmark: ingest and ingest+split throughput on one core, beside
# `cat` and `wc -w` over the same files as the ceiling, per input format.
# Builds the corpus first (bench/build-corpus.py, skipped when present),
# writes bench/RESULTS.md and the raw timings in bench/out/.
#
#   bench/run.sh [--reps N] [--size MIB] [--subset MIB] [--quick] [--no-results]
#
# Environment: HERALD (default build/herald), PARSER_SPEED (default
# build/html-parser-speed), CORPUS (default bench/corpus).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

REPS=5
SIZE=200
SUBSET=50
WRITE_RESULTS=1
FAMILIES="text jsonl html warc"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --subset) SUBSET=$2; shift 2 ;;
    --families) FAMILIES=$2; shift 2 ;;
    --quick) REPS=1; SIZE=50; SUBSET=25; WRITE_RESULTS=0; shift ;;
    --no-results) WRITE_RESULTS=0; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done

HERALD=${HERALD:-build/herald}
PARSER_SPEED=${PARSER_SPEED:-build/html-parser-speed}
CORPUS=${CORPUS:-bench/corpus}
OUT=bench/out
mkdir -p "$OUT"
# One locale for every command, so wc -w and herald both read UTF-8.
export LC_ALL=C.UTF-8

if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 2
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
PIN=""
if command -v taskset > /dev/null 2>&1; then PIN="taskset -c 0"; fi

# --- corpus ---------------------------------------------------------------
# A quick run uses a corpus of its own, so that it never replaces the full one.
if [ "$SIZE" != 200 ]; then CORPUS="$CORPUS/size-$SIZE"; fi
python3 bench/build-corpus.py --size "$SIZE" --out "$CORPUS" \
  --families "$(echo $FAMILIES | tr ' ' ,)" || exit 2

# shards FAMILY [MIB]: the shard paths of a family (all, or the first ones
# that add up to at least MIB of input).
shards() {
  python3 - "$CORPUS/$1" "${2:-0}" <<'EOF'
import json, sys, os
d, want = sys.argv[1], int(sys.argv[2]) << 20
m = json.load(open(os.path.join(d, "MANIFEST.json")))
raw = 0
for s in m["shards"]:
    print(os.path.join(d, s["path"]))
    raw += s["raw"]
    if want and raw >= want:
        break
EOF
}

# --- herald ---------------------------------------------------------------
have_herald=0
if [ -x "$HERALD" ] && "$HERALD" --help 2>&1 | grep -qw ingest; then
  if "$HERALD" --help 2>&1 | grep -qw split; then have_herald=1; fi
fi
if [ "$have_herald" = 0 ]; then
  echo "bench: $HERALD with 'ingest' and 'split' not found: ceilings only" >&2
fi
have_parser=0
if [ -x "$PARSER_SPEED" ]; then have_parser=1; fi

# --- measuring ------------------------------------------------------------
LOG=$OUT/timings.tsv
printf 'family\tset\ttool\trep\twall_s\ttime_e\tmaxrss_kb\tcpu_s\texit\tstdout\tstderr\n' > "$LOG"
tf=$OUT/time.tmp

# measure FAMILY SET TOOL REP COMMAND: runs the shell command pinned to one
# core, stdout and stderr kept (small: every command sends its bulk to
# /dev/null itself), and appends a line to the log.
measure() {
  local fam=$1 set=$2 tool=$3 rep=$4 cmd=$5
  local so=$OUT/$fam.$set.$tool.out se=$OUT/$fam.$set.$tool.err
  local t0 t1 rc
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %M %U %S' -o "$tf" $PIN sh -c "$cmd" > "$so" 2> "$se"
  rc=$?
  t1=$EPOCHREALTIME
  local e m u s
  read -r e m u s < <(tail -n 1 "$tf")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fam" "$set" "$tool" \
    "$rep" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}')" \
    "$e" "$m" "$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a+b}')" \
    "$rc" "$so" "$se" >> "$LOG"
  printf '  %-6s %-4s %-14s rep %d: %6.2fs %8s KB (exit %d)\n' "$fam" "$set" \
    "$tool" "$rep" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$m" "$rc"
}

q() { printf '%q ' "$@"; }

CMDS=$OUT/commands.tsv
printf 'family\tset\ttool\tcommand\n' > "$CMDS"

for fam in $FAMILIES; do
  mapfile -t full < <(shards "$fam")
  mapfile -t sub < <(shards "$fam" "$SUBSET")
  # (label, command) pairs, run interleaved in each repetition
  labels=()
  cmds=()
  add() { labels+=("$1"); cmds+=("$2"); printf '%s\t%s\t%s\t%s\n' "$fam" \
    "${1%%:*}" "${1#*:}" "$2" >> "$CMDS"; }
  case "$fam" in
    text|html)
      # thousands of files: the directories are the input
      ext=txt; [ "$fam" = html ] && ext=html
      files="find $(q "${full[@]}")-type f -name '*.$ext' -print0 | sort -z"
      add full:cat "$files | xargs -0 cat > /dev/null"
      add full:wc-w "$files | xargs -0 wc -w > /dev/null"
      ;;
    jsonl)
      add full:cat "cat $(q "${full[@]}")> /dev/null"
      add full:wc-w "wc -w $(q "${full[@]}")> /dev/null"
      ;;
    warc)
      # cat reads the compressed bytes; gzip -dc is the ceiling for anything
      # that must decompress; wc -w counts the decompressed text.
      add full:cat "cat $(q "${full[@]}")> /dev/null"
      add full:gunzip "gzip -dc $(q "${full[@]}")> /dev/null"
      add full:gunzip+wc-w "gzip -dc $(q "${full[@]}")| wc -w > /dev/null"
      ;;
  esac
  if [ "$have_herald" = 1 ]; then
    add full:ingest "$(q "$HERALD") ingest $(q "${full[@]}")> /dev/null"
    add full:split "$(q "$HERALD") split --stats $(q "${full[@]}")"
    add sub:ingest "$(q "$HERALD") ingest $(q "${sub[@]}")> /dev/null"
    add sub:split "$(q "$HERALD") split --stats $(q "${sub[@]}")"
  fi

  echo "bench: $fam: warming the page cache"
  for s in "${full[@]}"; do
    find "$s" -type f -print0 | xargs -0 cat > /dev/null
  done
  for rep in $(seq 1 "$REPS"); do
    for i in "${!labels[@]}"; do
      l=${labels[$i]}
      measure "$fam" "${l%%:*}" "${l#*:}" "$rep" "${cmds[$i]}"
    done
  done
  # The HTML parser's own speed (libxml2 SAX with empty callbacks, and
  # Herald's reader on pages already in memory): one run, which takes the
  # median of its own repetitions, on the subset.
  if [ "$fam" = html ] && [ "$have_parser" = 1 ]; then
    subfiles="find $(q "${sub[@]}")-type f -name '*.html' -print0 | sort -z"
    add sub:parser "$subfiles | xargs -0 $(q "$PARSER_SPEED") -n 1 -r $REPS"
    measure html sub parser 1 "${cmds[${#cmds[@]}-1]}"
  fi
done
rm -f "$tf"

[ "$WRITE_RESULTS" = 1 ] || RESULTS=/dev/null
RESULTS=${RESULTS:-bench/RESULTS.md}

# --- report ---------------------------------------------------------------
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
python3 - "$LOG" "$CMDS" "$CORPUS" "$SUBSET" "$REPS" "$RESULTS" "$HERALD" \
  "$have_herald" "$PIN" "$LOAD_START" "$LOAD_END" <<'EOF'
import csv, json, os, re, statistics, subprocess, sys, time

(log, cmds, corpus, subset, reps, results, herald, have_herald, pin,
 load0, load1) = sys.argv[1:]
subset = int(subset) << 20
rows = list(csv.DictReader(open(log), delimiter="\t"))
commands = {(r["family"], r["set"], r["tool"]): r["command"]
            for r in csv.DictReader(open(cmds), delimiter="\t")}

def manifest(fam):
    return json.load(open(os.path.join(corpus, fam, "MANIFEST.json")))

def set_bytes(m, which):
    raw = disk = 0
    for s in m["shards"]:
        raw += s["raw"]; disk += s["bytes"]
        if which == "sub" and raw >= subset:
            break
    return raw, disk

def read(p):
    try:
        with open(p, errors="replace") as f:
            return f.read(1 << 20)
    except OSError:
        return ""

def count(text, word):
    """A number next to `word` in a summary line, in any of the usual
    shapes: '123 sentences', 'sentences: 123', '"sentences":123'."""
    for pat in (r'"%s"\s*:\s*(\d+)' % word, r'\b%s\b\s*[:=]?\s*(\d+)' % word,
                r'(\d[\d,]*)\s+%s\b' % word):
        m = re.findall(pat, text, re.I)
        if m:
            return int(m[-1].replace(",", ""))
    return None

groups = {}
for r in rows:
    groups.setdefault((r["family"], r["set"], r["tool"]), []).append(r)

def mb(x):
    return x / 1e6

out = []
w = out.append
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
def sh(c):
    try:
        return subprocess.run(c, shell=True, capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""
mem = sh("free -g | awk '/^Mem:/{print $2\" GiB\"}'")
w("# Herald benchmark results\n")
w("Written by `make bench` (bench/run.sh); see bench/README.md for what "
  "each figure means.\n")
w("- date: %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"))
w("- machine: %s, %s logical CPUs (nproc), %s RAM; kernel %s" %
  (cpu, sh("nproc"), mem, sh("uname -r")))
w("- herald: %s" % (sh("git rev-parse --short HEAD") and
                   "commit %s%s" % (sh("git rev-parse --short HEAD"),
                   " (with uncommitted changes)" if sh("git status --porcelain -- src cli include") else "")))
w("- compiler: %s" % sh("cc --version | head -n 1"))
w("- every command pinned to one core (`%s`), locale C.UTF-8, files in the "
  "page cache (read once before timing); each figure is the median of %s "
  "runs interleaved with the others of its format; wall time measured "
  "around `/usr/bin/time -f '%%e %%M'`, which gives the peak RSS." %
  (pin.strip() or "no taskset", reps))
w("- MB = 10^6 bytes. Input bytes are counted after decompression (for "
  "WARC, the .warc.gz files are also given on disk).\n")

if have_herald != "1":
    w("**build/herald with `ingest` and `split` was not available: only the "
      "ceilings were measured.**\n")

summary = []
for fam in ("text", "jsonl", "html", "warc"):
    if not any(k[0] == fam for k in groups):
        continue
    m = manifest(fam)
    raw, disk = set_bytes(m, "full")
    sraw, sdisk = set_bytes(m, "sub")
    nfiles = sum(s["files"] for s in m["shards"])
    what = {"text": "%d plain-text files (one article each, 2-8 KB) in %d "
                    "folders" % (nfiles, len(m["shards"])),
            "jsonl": "%d JSON Lines files, %d articles" %
                     (nfiles, m.get("articles", 0)),
            "html": "%d HTML pages (%d distinct, repeated) in %d folders" %
                    (nfiles, m.get("distinct_pages", 0), len(m["shards"])),
            "warc": "%d .warc.gz files, %d response records (%d distinct "
                    "pages), gzip per record" %
                    (nfiles, m.get("records", 0), m.get("distinct_pages", 0))
            }[fam]
    w("## %s\n" % fam)
    w("Corpus: %s; %.1f MB of input%s; text from %s. Subset for the RSS "
      "check: the first %.1f MB.\n" %
      (what, mb(raw), (" (%.1f MB compressed)" % mb(disk)) if disk != raw
       else "", "../shared/corpora" if m["source"] == "shared"
       else "the built-in generator", mb(sraw)))
    w("| command | input | median time (s) | MB/s | sentences/s | peak RSS (MB) | runs (s) |")
    w("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for (f, st, tool), rs in groups.items():  # in the order they ran
        if f != fam:
            continue
        walls = [float(r["wall_s"]) for r in rs]
        med = statistics.median(walls)
        rss = statistics.median(int(r["maxrss_kb"]) for r in rs) / 1024.0
        b = raw if st == "full" else sraw
        sent = ""
        if tool == "split":
            n = count(read(rs[-1]["stdout"]) + "\n" + read(rs[-1]["stderr"]),
                      "sentences")
            if n is not None and med > 0:
                sent = "%.0f" % (n / med)
        bad = [r["exit"] for r in rs if r["exit"] != "0"]
        note = (" (exit %s)" % ",".join(sorted(set(bad)))) if bad else ""
        label = "`%s`%s" % (commands[(f, st, tool)], note)
        basis = "%.0f MB%s" % (mb(b), " (subset)" if st == "sub" else "")
        if fam == "warc" and tool == "cat":
            basis += "; %.0f MB read" % mb(disk if st == "full" else sdisk)
        w("| %s | %s | %.3f | %.1f | %s | %.1f | %s |" % (
            label, basis, med, mb(b) / med if med else 0, sent, rss,
            " ".join("%.2f" % x for x in walls)))
        summary.append((fam, st, tool, med, mb(b) / med if med else 0, sent,
                        rss))
    # what herald printed, once, so a reader sees where the counts come from
    for tool in ("split", "parser"):
        rs = groups.get((fam, "full", tool))
        if rs:
            txt = (read(rs[-1]["stdout"]).strip() + "\n" +
                   read(rs[-1]["stderr"]).strip()).strip()
            if txt:
                lines = txt.splitlines()
                w("\n`%s` printed (last run%s):\n\n```\n%s\n```" % (
                    tool, ", first 20 lines" if len(lines) > 20 else "",
                    "\n".join(lines[:20])))
    if ("sub" in {k[1] for k in groups if k[0] == fam}):
        full_rss = [s[6] for s in summary if s[0] == fam and s[1] == "full"
                    and s[2] in ("ingest", "split")]
        sub_rss = [s[6] for s in summary if s[0] == fam and s[1] == "sub"
                   and s[2] in ("ingest", "split")]
        if full_rss and sub_rss:
            w("\nPeak RSS of herald on %.0f MB vs %.0f MB: ingest %.1f vs "
              "%.1f MB, split %.1f vs %.1f MB." % (
                  mb(raw), mb(sraw), full_rss[0], sub_rss[0],
                  full_rss[-1], sub_rss[-1]))
    w("")

text = "\n".join(out) + "\n"
if results != "/dev/null":
    with open(results, "w") as f:
        f.write(text)
    print("bench: wrote %s" % results)
# a short table on the terminal
print("\n%-6s %-4s %-14s %9s %9s %12s %9s" % ("format", "set", "command",
      "time s", "MB/s", "sentences/s", "RSS MB"))
for fam, st, tool, med, rate, sent, rss in summary:
    print("%-6s %-4s %-14s %9.3f %9.1f %12s %9.1f" % (fam, st, tool, med,
          rate, sent, rss))
EOF
