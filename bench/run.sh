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
rm -f "$OUT"/*.out "$OUT"/*.err  # what an earlier run's commands printed
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

# q ARGS: the arguments quoted for sh -c, one space between them.
q() { local a out=""; for a in "$@"; do out+="${out:+ }$(printf '%q' "$a")"; done
  printf '%s' "$out"; }

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
      files="find $(q "${full[@]}") -type f -name '*.$ext' -print0 | sort -z"
      add full:cat "$files | xargs -0 cat > /dev/null"
      add full:wc-w "$files | xargs -0 wc -w > /dev/null"
      ;;
    jsonl)
      add full:cat "cat $(q "${full[@]}") > /dev/null"
      add full:wc-w "wc -w $(q "${full[@]}") > /dev/null"
      ;;
    warc)
      # cat reads the compressed bytes; gzip -dc is the ceiling for anything
      # that must decompress; wc -w counts the decompressed text.
      add full:cat "cat $(q "${full[@]}") > /dev/null"
      add full:gunzip "gzip -dc $(q "${full[@]}") > /dev/null"
      add full:gunzip+wc-w "gzip -dc $(q "${full[@]}") | wc -w > /dev/null"
      ;;
  esac
  if [ "$have_herald" = 1 ]; then
    # ingest alone (--no-clean), ingest+split, and ingest+clean (the
    # default of herald ingest), side by side in the same run
    add full:ingest "$(q "$HERALD") ingest --no-clean $(q "${full[@]}") > /dev/null"
    add full:split "$(q "$HERALD") split --stats $(q "${full[@]}")"
    add full:clean "$(q "$HERALD") ingest $(q "${full[@]}") > /dev/null"
    add sub:ingest "$(q "$HERALD") ingest --no-clean $(q "${sub[@]}") > /dev/null"
    add sub:split "$(q "$HERALD") split --stats $(q "${sub[@]}")"
    add sub:clean "$(q "$HERALD") ingest $(q "${sub[@]}") > /dev/null"
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
    subfiles="find $(q "${sub[@]}") -type f -name '*.html' -print0 | sort -z"
    add sub:parser "$subfiles | xargs -0 $(q "$PARSER_SPEED") -n 1 -r $REPS"
    measure html sub parser 1 "${cmds[${#cmds[@]}-1]}"
  fi
done
rm -f "$tf"

[ "$WRITE_RESULTS" = 1 ] || RESULTS=/dev/null
RESULTS=${RESULTS:-bench/RESULTS.md}

# --- report ---------------------------------------------------------------
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
python3 - "$LOG" "$CMDS" "$CORPUS" "$SUBSET" "$REPS" "$RESULTS" \
  "$have_herald" "$PIN" "$LOAD_START" "$LOAD_END" <<'EOF'
import csv, json, os, re, statistics, subprocess, sys, time

(log, cmds, corpus, subset, reps, results, have_herald, pin,
 load0, load1) = sys.argv[1:]
subset = int(subset) << 20
rows = list(csv.DictReader(open(log), delimiter="\t"))
commands = {(r["family"], r["set"], r["tool"]): r["command"]
            for r in csv.DictReader(open(cmds), delimiter="\t")}
groups = {}  # (family, set, tool) -> runs, in the order they ran
for r in rows:
    groups.setdefault((r["family"], r["set"], r["tool"]), []).append(r)


def manifest(fam):
    with open(os.path.join(corpus, fam, "MANIFEST.json")) as f:
        return json.load(f)


def set_bytes(m, which):
    """(decompressed, on disk) bytes of the whole corpus or the subset."""
    raw = disk = 0
    for s in m["shards"]:
        raw += s["raw"]
        disk += s["bytes"]
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
    """The number next to `word` in a summary: '123 sentences',
    'sentences: 123' or '"sentences":123'."""
    for pat in (r'"%s"\s*:\s*(\d+)' % word, r'(\d[\d,]*)\s+%s\b' % word,
                r'\b%s\b\s*[:=]?\s*(\d+)' % word):
        m = re.findall(pat, text, re.I)
        if m:
            return int(m[-1].replace(",", ""))
    return None


def sh(c):
    try:
        return subprocess.run(c, shell=True, capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""


def mb(x):
    return x / 1e6


def median(xs):
    return statistics.median(xs) if xs else 0.0


cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass

# figures per (family, set, tool)
fig = {}
for (fam, st, tool), rs in groups.items():
    m = manifest(fam)
    raw, disk = set_bytes(m, st)
    wall = median([float(r["wall_s"]) for r in rs])
    cpu_s = median([float(r["cpu_s"]) for r in rs])
    f = {"runs": [float(r["wall_s"]) for r in rs], "wall": wall,
         "cpu": cpu_s, "raw": raw, "disk": disk,
         "rss": median([int(r["maxrss_kb"]) for r in rs]) / 1024.0,
         "mbs": mb(raw) / wall if wall else 0.0,
         "mbs_cpu": mb(raw) / cpu_s if cpu_s else 0.0,
         "exits": sorted({r["exit"] for r in rs} - {"0"}),
         "out": (read(rs[-1]["stdout"]).strip() + "\n" +
                 read(rs[-1]["stderr"]).strip()).strip()}
    if tool == "split":
        n = count(f["out"], "sentences")
        f["sentences"] = n
        f["sps"] = n / wall if n is not None and wall else None
    fig[(fam, st, tool)] = f

out = []
w = out.append
git = sh("git rev-parse --short HEAD 2>/dev/null")
dirty = sh("git status --porcelain -- src cli include 2>/dev/null")
w("# Herald benchmark results\n")
w("Written by `make bench` (`bench/run.sh`); `bench/README.md` says how "
  "each figure is made.\n")
w("- date: %s" % time.strftime("%Y-%m-%d %H:%M %Z"))
w("- machine: %s, %s logical CPUs (`nproc`), %s RAM, Linux %s" %
  (cpu, sh("nproc"), sh("free -g | awk '/^Mem:/{print $2\" GiB\"}'"),
   sh("uname -r")))
w("- load average (1/5/15 min) at the start: %s; at the end: %s" %
  (load0 or "?", load1 or "?"))
w("- herald: %s; %s" % (
    ("commit " + git + (" + uncommitted changes" if dirty else ""))
    if git else "no commit yet", sh("cc --version | head -n 1")))
w("- every command pinned to one core (`%s`), `LC_ALL=C.UTF-8`, files in "
  "the page cache; each figure is the median of %s runs, interleaved with "
  "the other commands of its format. MB = 10^6 bytes of input after "
  "decompression. \"MB/s\" is by the wall clock; \"MB/s CPU\" divides by "
  "user+system time, which stays honest when other work shares the core." %
  (pin.strip() or "no taskset: not pinned", reps))
w("")
if have_herald != "1":
    w("**build/herald with `ingest` and `split` was not available: only the "
      "ceilings were measured.**\n")

# --- summary -------------------------------------------------------------
w("## Summary\n")
w("| format | input | herald ingest MB/s | ingest+split MB/s | sentences/s "
  "| ingest+clean MB/s | ceiling: cat / wc -w MB/s "
  "| peak RSS, full / 50 MB subset (MB) | ingest+clean peak RSS, full / subset (MB) |")
w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for fam in ("text", "jsonl", "html", "warc"):
    if (fam, "full", "cat") not in fig:
        continue
    c = fig[(fam, "full", "cat")]
    wc = fig.get((fam, "full", "wc-w")) or fig.get((fam, "full", "gunzip+wc-w"))
    ing = fig.get((fam, "full", "ingest"))
    spl = fig.get((fam, "full", "split"))
    sub = fig.get((fam, "sub", "split"))
    size = "%.0f MB" % mb(c["raw"])
    if c["disk"] != c["raw"]:
        size += " (%.0f MB gz)" % mb(c["disk"])
    ceil = "%.0f / %.0f" % (c["mbs"], wc["mbs"] if wc else 0)
    if fam == "warc":
        g = fig.get((fam, "full", "gunzip"))
        ceil = "gunzip %.0f / gunzip+wc %.0f" % (g["mbs"] if g else 0,
                                                  wc["mbs"] if wc else 0)
    cl = fig.get((fam, "full", "clean"))
    cls = fig.get((fam, "sub", "clean"))
    if ing and spl:
        rss = "%.1f / %.1f" % (max(ing["rss"], spl["rss"]),
                               max(sub["rss"], fig[(fam, "sub", "ingest")]["rss"])
                               if sub else 0)
        w("| %s | %s | %.0f | %.0f | %s | %s | %s | %s | %s |" % (
            fam, size, ing["mbs"], spl["mbs"],
            "%.0f" % spl["sps"] if spl.get("sps") else "?",
            "%.0f" % cl["mbs"] if cl else "-", ceil, rss,
            "%.1f / %.1f" % (cl["rss"], cls["rss"] if cls else 0) if cl else "-"))
    else:
        w("| %s | %s | - | - | - | - | %s | - | - |" % (fam, size, ceil))
p = fig.get(("html", "sub", "parser"))
if p:
    mm = re.search(r"^sax-empty\s+([\d.]+)\s+([\d.]+)", p["out"], re.M)
    hm = re.search(r"^herald\s+([\d.]+)\s+([\d.]+)", p["out"], re.M)
    if mm:
        w("\nThe HTML parser's own ceiling (libxml2 SAX parser with empty "
          "callbacks, pages already in memory, `build/html-parser-speed`): "
          "%s MB/s by the wall clock, %s MB/s of CPU time%s." % (
              mm.group(1), mm.group(2),
              ("; Herald's HTML reader on the same pages in memory: %s / %s "
               "MB/s" % (hm.group(1), hm.group(2))) if hm else ""))
t = fig.get(("text", "full", "split"))
if t:
    w("\nTarget for plain text: 300 MB/s of ingest+split per core; "
      "measured %.0f MB/s (%.0f MB/s of CPU time)." % (t["mbs"], t["mbs_cpu"]))
w("")

# --- per format ----------------------------------------------------------
for fam in ("text", "jsonl", "html", "warc"):
    keys = [k for k in groups if k[0] == fam]
    if not keys:
        continue
    m = manifest(fam)
    raw, disk = set_bytes(m, "full")
    sraw, _ = set_bytes(m, "sub")
    nfiles = sum(s["files"] for s in m["shards"])
    what = {
        "text": "%d plain-text files (one article each, 2-8 KB) in %d "
                "folders" % (nfiles, len(m["shards"])),
        "jsonl": "%d JSON Lines files, %d articles" % (
            nfiles, m.get("articles", 0)),
        "html": "%d HTML pages (%s distinct, repeated) in %d folders" % (
            nfiles, m.get("distinct_pages"), len(m["shards"])),
        "warc": "%d .warc.gz files, %d response records, gzip: %s" % (
            nfiles, m.get("records", 0), m.get("gzip", "?")),
    }[fam]
    w("## %s\n" % fam)
    w("Corpus: %s; %.1f MB of input%s; %s from %s. The subset for the RSS "
      "check is the first %.1f MB.\n" % (
          what, mb(raw),
          " (%.1f MB compressed)" % mb(disk) if disk != raw else "",
          "text" if fam in ("text", "jsonl") else "pages",
          "../shared/corpora" if m["source"] == "shared"
          else "the built-in generator", mb(sraw)))
    w("| command | input | median s | MB/s | MB/s CPU | sentences/s "
      "| peak RSS MB | runs (s) |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for k in keys:
        f = fig[k]
        basis = "%.1f MB%s" % (mb(f["raw"]), " subset" if k[1] == "sub" else "")
        if f["disk"] != f["raw"] and k[2] == "cat":
            basis += " (reads %.1f MB gz)" % mb(f["disk"])
        note = " (exit %s)" % ",".join(f["exits"]) if f["exits"] else ""
        sps = "%.0f" % f["sps"] if f.get("sps") else ""
        rate = "%.1f" % f["mbs"]
        rate_cpu = "%.1f" % f["mbs_cpu"] if f["cpu"] >= 0.05 else "-"
        if k[2] == "parser":  # four modes in one run: its own figures below
            rate = rate_cpu = "below"
        w("| `%s`%s | %s | %.3f | %s | %s | %s | %.1f | %s |" % (
            commands[k].replace("|", "\\|"), note, basis, f["wall"], rate,
            rate_cpu, sps, f["rss"], " ".join("%.2f" % x for x in f["runs"])))
    for k in keys:
        if k[2] in ("split", "parser") and fig[k]["out"] and k[1] == "full" \
                or k[2] == "parser":
            lines = fig[k]["out"].splitlines()
            w("\n`%s` printed%s:\n\n```\n%s\n```" % (
                k[2] if k[2] != "split" else "herald split --stats",
                " (first 20 lines)" if len(lines) > 20 else "",
                "\n".join(lines[:20])))
    w("")

text = "\n".join(out) + "\n"
if results != "/dev/null":
    with open(results, "w") as f:
        f.write(text)
    print("bench: wrote %s" % results)
print("\n%-6s %-4s %-14s %9s %9s %9s %12s %8s" % (
    "format", "set", "command", "median s", "MB/s", "MB/s CPU",
    "sentences/s", "RSS MB"))
for (fam, st, tool), f in fig.items():
    print("%-6s %-4s %-14s %9.3f %9.1f %9.1f %12s %8.1f" % (
        fam, st, tool, f["wall"], f["mbs"], f["mbs_cpu"],
        "%.0f" % f["sps"] if f.get("sps") else "", f["rss"]))
EOF

# --- clean: quality and the 2 GB memory run ---------------------------------
# Appended to RESULTS.md: extraction F1 (html-eval and the project's gold),
# near-duplicate quality, and ingest+clean on a 2 GB text corpus.
if [ "$WRITE_RESULTS" = 1 ] && [ "$have_herald" = 1 ]; then
  {
    echo "## Clean: extraction quality"
    echo
    echo "\`python3 bench/eval-extract.py --cmd \"$HERALD ingest --no-dedup\"\`"
    echo '(dedup off: repeated quotes are body text for this metric)'
    echo
    echo '```'
    python3 bench/eval-extract.py --cmd "$HERALD ingest --no-dedup" 2>&1 | sed -n '1,14p'
    echo '```'
    echo
    echo "The project's own gold set (\`--gold-dir tests/data/gold\`):"
    echo
    echo '```'
    python3 bench/eval-extract.py --cmd "$HERALD ingest --no-dedup" --gold-dir tests/data/gold 2>&1 | sed -n '1,3p'
    echo '```'
    echo
    echo "## Clean: near-duplicate quality and index memory"
    echo
    echo '`python3 bench/dedup-quality.py`'
    echo
    python3 bench/dedup-quality.py --out "$OUT" > "$OUT/dedup.log" 2>&1
    if [ -f "$OUT/dedup-quality.md" ]; then cat "$OUT/dedup-quality.md"; else tail -20 "$OUT/dedup.log"; fi
    echo
  } >> "$RESULTS"
  if [ "${BENCH_2G:-1}" = 1 ]; then
    big=${CORPUS_2G:-bench/corpus-2g}
    python3 bench/build-corpus.py --size 2048 --out "$big" --families text || exit 2
    find "$big/text" -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/clean-2g.time" $PIN "$HERALD" ingest --stats "$big"/text/s* > "$OUT/clean-2g.out" 2>&1
    read -r w2 u2 s2 r2 < "$OUT/clean-2g.time"
    bytes=$(du -sb "$big/text" | cut -f1)
    {
      echo "## Clean: ingest+clean on a 2 GB corpus"
      echo
      echo "\`$PIN $HERALD ingest --stats $big/text/s*\`: $(python3 -c "print('%.0f MB in %s s wall (%.0f MB/s; %.0f MB/s of CPU time), peak RSS %.0f MB' % ($bytes/1e6, '$w2', $bytes/1e6/$w2, $bytes/1e6/($u2+$s2), $r2/1024))")"
      echo
      echo '```'
      cat "$OUT/clean-2g.out"
      echo '```'
    } >> "$RESULTS"
  fi
fi
