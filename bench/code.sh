#!/usr/bin/env bash
# Event coding: sentences/s on one core for the tagger, the actor matcher
# and the coder on sentences in memory (build/code-speed, from
# bench/code-speed.c), what the dictionaries, verbs and tagger cost to load
# and hold, and `herald code` end to end (ingest -> clean -> code, one
# process) over the whole text family of the benchmark corpus, with its
# peak RSS. Writes its section of bench/RESULTS.md between <!-- code -->
# and <!-- /code --> (replaced on each run, appended when absent); raw
# outputs go to bench/out/code/.
#
#   bench/code.sh [--reps N] [--load-reps N] [--e2e-reps N] [--subset MIB]
#                 [--no-e2e] [--no-perf] [--quick] [--no-results]
#
# Environment: HERALD (default build/herald), CODE_SPEED (default
# build/code-speed), CORPUS (default bench/corpus), SHARED (default
# ../shared).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

REPS=5
LOAD_REPS=11
E2E_REPS=3
SUBSET=25
SIZE=200
E2E=1
PERF=1
WRITE_RESULTS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --load-reps) LOAD_REPS=$2; shift 2 ;;
    --e2e-reps) E2E_REPS=$2; shift 2 ;;
    --subset) SUBSET=$2; shift 2 ;;
    --no-e2e) E2E=0; shift ;;
    --no-perf) PERF=0; shift ;;
    --quick) REPS=1; LOAD_REPS=3; E2E_REPS=1; SIZE=50; SUBSET=5; PERF=0
             WRITE_RESULTS=0; shift ;;
    --no-results) WRITE_RESULTS=0; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "code: unknown option $1" >&2; exit 2 ;;
  esac
done

HERALD=${HERALD:-build/herald}
CODE_SPEED=${CODE_SPEED:-build/code-speed}
CORPUS=${CORPUS:-bench/corpus}
SHARED=${SHARED:-../shared}
OUT=bench/out/code
RESULTS=${RESULTS:-bench/RESULTS.md}
mkdir -p "$OUT"
rm -f "$OUT"/*.out "$OUT"/*.err "$OUT"/*.time "$OUT"/e2e.tsv "$OUT"/perf.*
export LC_ALL=C.UTF-8

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
PIN=""
if command -v taskset > /dev/null 2>&1; then PIN="taskset -c 0"; fi

# --- the programs -----------------------------------------------------------
targets=()
[ "$HERALD" = build/herald ] && targets+=(build/herald)
[ "$CODE_SPEED" = build/code-speed ] && targets+=(build/code-speed)
if [ ${#targets[@]} -gt 0 ]; then
  make --no-print-directory "${targets[@]}" >&2 || exit 2
fi
for p in "$HERALD" "$CODE_SPEED"; do
  if [ ! -x "$p" ]; then echo "code: $p not found" >&2; exit 2; fi
done
# The state of the tree the programs were built from, taken now: other
# work may change it before the report.
export GIT_HEAD GIT_DIRTY
GIT_HEAD=$(git rev-parse --short HEAD 2>/dev/null)
GIT_DIRTY=$(git status --porcelain -- src cli include data 2>/dev/null | head -n 1)
# Run copies, so that a rebuild of build/ while this runs (other work in
# the same tree) cannot change the programs between runs.
mkdir -p "$OUT/bin"
cp "$HERALD" "$OUT/bin/herald" && cp "$CODE_SPEED" "$OUT/bin/code-speed" || exit 2
HERALD=$OUT/bin/herald
CODE_SPEED=$OUT/bin/code-speed
if [ ! -x /usr/bin/time ]; then
  echo "code: /usr/bin/time is missing (apt-get install time): no end-to-end run" >&2
  E2E=0
fi

# --- corpora ----------------------------------------------------------------
# 1. the text family of the benchmark corpus (bench/build-corpus.py): its
#    first shards up to SUBSET MiB in memory, all of it end to end;
# 2. a news sample, when ../shared holds it: the html-eval gold article
#    bodies (as JSON Lines) and the seed articles.
if [ "$SIZE" != 200 ]; then CORPUS="$CORPUS/size-$SIZE"; fi
python3 bench/build-corpus.py --size "$SIZE" --out "$CORPUS" --families text >&2 || exit 2
shards() {  # shards [MIB]: the text shards, all or the first up to MIB
  python3 - "$CORPUS/text" "${1:-0}" <<'EOF'
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
mapfile -t TEXT < <(shards "$SUBSET")
mapfile -t FULL < <(shards)
NEWS=()
NEWS_WHAT=()
GT=$SHARED/corpora/html-eval/ground-truth.json
if [ -f "$GT" ]; then
  python3 - "$GT" "$OUT/html-eval-gold.jsonl" <<'EOF' || exit 2
import json, sys
gt = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for k in sorted(gt):
        f.write(json.dumps({"url": gt[k].get("url"), "text": gt[k]["articleBody"]},
                           ensure_ascii=False) + "\n")
EOF
  NEWS+=("$OUT/html-eval-gold.jsonl")
  NEWS_WHAT+=("the $(wc -l < "$OUT/html-eval-gold.jsonl") gold article bodies of $SHARED/corpora/html-eval (as JSON Lines)")
fi
if [ -d "$SHARED/seeds" ] && ls "$SHARED"/seeds/*.txt > /dev/null 2>&1; then
  NEWS+=("$SHARED/seeds")
  NEWS_WHAT+=("the $(ls "$SHARED"/seeds/*.txt | wc -l) seed articles of $SHARED/seeds")
fi
[ ${#NEWS[@]} -eq 0 ] && echo "code: no news sample in $SHARED: news not measured" >&2

# --- measuring --------------------------------------------------------------
# q ARGS...: the arguments as one shell-quoted line (plain words left bare)
q() { local a out=""
  for a in "$@"; do
    if [[ $a =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then out+="${out:+ }$a"
    else out+="${out:+ }$(printf '%q' "$a")"; fi
  done
  printf '%s' "$out"; }
CMDS=$OUT/commands.tsv
: > "$CMDS"
# run NAME ARGS...: runs code-speed pinned, keeps its output in OUT/NAME.out
run() {
  local name=$1; shift
  local cmd="$PIN $(q "$CODE_SPEED" "$@")"
  printf '%s\t%s\n' "$name" "$cmd" >> "$CMDS"
  echo "code: $name: $cmd" >&2
  # shellcheck disable=SC2086
  $PIN "$CODE_SPEED" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  local rc=$?
  grep -v '^tsv' "$OUT/$name.out" >&2
  if [ $rc != 0 ]; then
    echo "code: $name failed (exit $rc):" >&2
    tail -5 "$OUT/$name.err" >&2
  fi
  return $rc
}

echo "code: warming the page cache" >&2
for s in "${FULL[@]}" "${NEWS[@]}"; do
  find "$s" -type f -print0 | xargs -0 cat > /dev/null
done

# loading: a fresh process, so that the first run's memory means something
run load -r "$LOAD_REPS" load || exit 1
# in memory: split, tag, match, code, interleaved
run code-text -r "$REPS" code "${TEXT[@]}" || exit 1
if [ ${#NEWS[@]} -gt 0 ]; then
  run code-news -r "$REPS" code "${NEWS[@]}" || exit 1
fi

# where coding's time goes: perf on the timed code passes alone (perf is
# enabled by code-speed through perf's control FIFOs)
PERF_NOTE=""
if [ "$PERF" = 1 ]; then
  if ! command -v perf > /dev/null 2>&1; then
    PERF_NOTE="perf is not installed: no profile"
  else
    rm -f "$OUT/perf.ctl" "$OUT/perf.ack"
    mkfifo "$OUT/perf.ctl" "$OUT/perf.ack"
    pcmd="perf record -F 999 -D -1 --control fifo:$OUT/perf.ctl,$OUT/perf.ack -o $OUT/perf.data -- $PIN $(q "$CODE_SPEED" -r 1 -t 10 -s code -C "$OUT/perf.ctl,$OUT/perf.ack" code "${TEXT[@]}")"
    printf 'perf\t%s\n' "$pcmd" >> "$CMDS"
    echo "code: perf: $pcmd" >&2
    # shellcheck disable=SC2086
    if perf record -F 999 -D -1 --control "fifo:$OUT/perf.ctl,$OUT/perf.ack" \
         -o "$OUT/perf.data" -- $PIN "$CODE_SPEED" -r 1 -t 10 -s code \
         -C "$OUT/perf.ctl,$OUT/perf.ack" code "${TEXT[@]}" \
         > "$OUT/perf-run.log" 2>&1 &&
       perf report -i "$OUT/perf.data" --no-children -F overhead,sym --stdio -q \
         --percent-limit 0.5 2> /dev/null | sed 's/ *$//' | grep -v '^$' \
         | head -30 > "$OUT/perf.top" && [ -s "$OUT/perf.top" ]; then
      printf 'perf-report\tperf report -i %s --no-children -F overhead,sym --stdio -q --percent-limit 0.5\n' \
        "$OUT/perf.data" >> "$CMDS"
      cat "$OUT/perf.top" >&2
    else
      PERF_NOTE="perf record failed ($(tail -1 "$OUT/perf-run.log")): no profile"
      rm -f "$OUT/perf.top"
    fi
    rm -f "$OUT/perf.ctl" "$OUT/perf.ack"
  fi
  [ -n "$PERF_NOTE" ] && echo "code: $PERF_NOTE" >&2
fi

# end to end: the whole text family, one process each, pinned; E2E_REPS
# runs, the four commands interleaved. Wall time from date(1) (ns), peak
# RSS and CPU time from /usr/bin/time. The cleaner marks paragraphs that
# recur across documents as boilerplate, and the coder skips those:
# `code-speed count` says how many sentences `herald code` really codes,
# and `herald code --no-clean` codes every sentence.
E2E_TSV=$OUT/e2e.tsv
if [ "$E2E" = 1 ]; then
  run count count "${FULL[@]}" || exit 1
  printf 'name\trep\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit\n' > "$E2E_TSV"
  e2e_names=(split clean code noclean)
  e2e_cmds=(
    "$(q "$HERALD" split --stats "${FULL[@]}")"
    "$(q "$HERALD" ingest --stats "${FULL[@]}")"
    "$(q "$HERALD" code --quiet "${FULL[@]}") > /dev/null"
    "$(q "$HERALD" code --no-clean --quiet "${FULL[@]}") > /dev/null"
  )
  for i in "${!e2e_names[@]}"; do
    printf 'e2e-%s\t%s %s\n' "${e2e_names[$i]}" "$PIN" "${e2e_cmds[$i]}" >> "$CMDS"
  done
  for rep in $(seq 1 "$E2E_REPS"); do
    for i in "${!e2e_names[@]}"; do
      n=${e2e_names[$i]}
      echo "code: end to end, run $rep/$E2E_REPS: $PIN ${e2e_cmds[$i]}" >&2
      tf=$OUT/e2e-$n-$rep.time
      t0=$(date +%s%N)
      # shellcheck disable=SC2086
      /usr/bin/time -f '%U %S %M' -o "$tf" $PIN bash -c "${e2e_cmds[$i]}" \
        > "$OUT/e2e-$n.out" 2> "$OUT/e2e-$n.err"
      rc=$?
      t1=$(date +%s%N)
      read -r u s m < <(tail -1 "$tf")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$rep" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')" \
        "$u" "$s" "$m" "$rc" >> "$E2E_TSV"
      tail -1 "$E2E_TSV" >&2
    done
  done
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)

# --- report -----------------------------------------------------------------
[ "$WRITE_RESULTS" = 1 ] || RESULTS=/dev/null
SHARED=$SHARED python3 - "$OUT" "$REPS" "$LOAD_REPS" "$E2E_REPS" "$RESULTS" "$PIN" \
  "$LOAD_START" "$LOAD_END" "$PERF_NOTE" "$CORPUS/text" \
  "$(printf '%s; ' "${NEWS_WHAT[@]}")" "${#TEXT[@]}" "${TEXT[@]}" "${FULL[@]}" <<'EOF'
import csv, json, os, re, statistics, subprocess, sys, time

(out, reps, load_reps, e2e_reps, results, pin, load0, load1, perf_note,
 text_dir, news_what, n_text) = sys.argv[1:13]
news_what = news_what.strip().rstrip(";")
n_text = int(n_text)
text_shards = sys.argv[13:13 + n_text]
full_shards = sys.argv[13 + n_text:]


def sh(c):
    try:
        return subprocess.run(c, shell=True, capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""


def tsv(name):
    p = os.path.join(out, name + ".out")
    if not os.path.exists(p):
        return []
    return [l.rstrip("\n").split("\t")[1:] for l in open(p)
            if l.startswith("tsv\t")]


def readable(name):
    p = os.path.join(out, name + ".out")
    if not os.path.exists(p):
        return ""
    return "".join(l for l in open(p) if not l.startswith("tsv\t")).rstrip()


commands = dict(l.rstrip("\n").split("\t", 1)
                for l in open(os.path.join(out, "commands.tsv")))

load, load_info = {}, {}
for r in tsv("load"):
    if r[0] == "load":
        load[r[1]] = {"wall": float(r[3]), "cpu": float(r[4]), "rss": int(r[5]),
                      "anon": int(r[6]), "file": int(r[7]), "runs": r[8]}
    else:
        load_info[r[0]] = r[1:]


def speed(name):
    corpus, found, st = None, None, {}
    for r in tsv(name):
        if r[0] == "corpus":
            corpus = dict(zip(("docs", "paras", "sents", "toks", "input",
                               "sent_bytes", "dated"), map(int, r[1:8])))
        elif r[0] == "found":
            found = dict(zip(("events", "with_event", "both", "q1", "q2", "q3",
                              "q4", "matches"), map(int, r[1:9])))
        elif r[0] == "stage":
            st[r[1]] = {"passes": int(r[3]), "wall": float(r[4]),
                        "cpu": float(r[5]), "sps": float(r[6]),
                        "sps_cpu": float(r[7]), "mbs": float(r[8]),
                        "mbs_cpu": float(r[9]), "runs": r[10]}
    return corpus, found, st


text_c, text_f, text_s = speed("code-text")
news_c, news_f, news_s = speed("code-news")

# end to end
e2e = {}
ep = os.path.join(out, "e2e.tsv")
if os.path.exists(ep):
    for r in csv.DictReader(open(ep), delimiter="\t"):
        e2e.setdefault(r["name"], []).append(r)


def e2e_fig(name):
    rs = e2e.get(name)
    if not rs:
        return None
    walls = [float(r["wall_s"]) for r in rs]
    cpus = [float(r["user_s"]) + float(r["sys_s"]) for r in rs]
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "rss": statistics.median([int(r["maxrss_kb"]) for r in rs]) / 1024,
            "runs": walls, "exits": sorted({r["exit"] for r in rs} - {"0"})}


def read(p):
    try:
        return open(p, errors="replace").read(1 << 20)
    except OSError:
        return ""


e_split, e_clean, e_code = e2e_fig("split"), e2e_fig("clean"), e2e_fig("code")
e_noclean = e2e_fig("noclean")
count = None
for r in tsv("count"):
    if r[0] == "count":
        count = dict(zip(("docs", "body", "boiler", "dup", "p_body", "p_boiler",
                          "p_dup", "t_body", "t_boiler", "t_dup"), map(int, r[1:11])))
coded = count["body"] + count["dup"] if count else None
sents = full_bytes = None
if e_split:
    m = re.search(r"(\d+) sentences", read(os.path.join(out, "e2e-split.out")))
    sents = int(m.group(1)) if m else None
if e2e:
    m = re.search(r"(\d+) bytes", read(os.path.join(out, "e2e-split.out")))
    full_bytes = int(m.group(1)) if m else None
cpu_model = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
except OSError:
    pass


def k(x):
    return "{:,.0f}".format(x)


label = {"tag": "tagging alone (`hr_tag`)",
         "match": "actor matching alone (`hr_match_sentence`)",
         "code": "**coding** (`hr_code_sentence`: tag + match + code)",
         "split": "splitting (context: `hr_split`)"}

o = []
w = o.append
w("<!-- code -->")
w("## Event coding: speed, the tagger's share, load time and memory\n")
w("Written by `bench/code.sh` (`make bench` runs it after `bench/actors.sh`); "
  "the program is `bench/code-speed.c`, and `bench/README.md` says how each "
  "figure is made.\n")
git = os.environ.get("GIT_HEAD", "")
dirty = os.environ.get("GIT_DIRTY", "")
w("- date: %s" % time.strftime("%Y-%m-%d %H:%M %Z"))
w("- machine: %s, %s logical CPUs (`nproc`), Linux %s; load average "
  "(1/5/15 min) at the start: %s, at the end: %s" % (
      cpu_model, sh("nproc"), sh("uname -r"), load0 or "?", load1 or "?"))
w("- herald: %s; %s" % (
    ("commit " + git + (" + uncommitted changes (src, cli, include, data)"
                        if dirty else "") + ", as built at the start")
    if git else "no commit yet",
    sh("cc --version | head -n 1")))
w("- one thread, pinned (`%s`), `LC_ALL=C.UTF-8`, files in the page cache. "
  "In memory: medians of %s runs, the stages interleaved in each run; "
  "loading: medians of %s runs; end to end: medians of %s runs, the four "
  "commands interleaved. Rates are \"by the wall clock / by CPU time\" (the "
  "thread's in memory, user+system end to end): when the two differ much, "
  "other work shared the core and the CPU figure is the one to trust; "
  "neither removes the slowdown from other work sharing caches and memory, "
  "which the spread of the runs (listed below the tables) shows. "
  "MB = 10^6 bytes. The programs run from copies made at the start "
  "(`bench/out/code/bin/`), so that a rebuild during the run cannot mix two "
  "builds." % (pin.strip() or "not pinned: no taskset", reps,
                        load_reps, e2e_reps))
w("")
w("Corpora:\n")
if text_c:
    w("- **text** (in memory): the first %s of the benchmark corpus's text "
      "family (`%s`): %s documents, %s sentences, %s tokens, %.1f MB of "
      "input, %.1f MB of sentence text." % (
          "shard" if len(text_shards) == 1 else "%d shards" % len(text_shards),
          " ".join(text_shards), k(text_c["docs"]), k(text_c["sents"]),
          k(text_c["toks"]), text_c["input"] / 1e6, text_c["sent_bytes"] / 1e6))
if news_c:
    w("- **news** (in memory): %s: %s documents, %s sentences, %s tokens, "
      "%.1f MB of sentence text." % (
          news_what, k(news_c["docs"]), k(news_c["sents"]), k(news_c["toks"]),
          news_c["sent_bytes"] / 1e6))
else:
    w("- **news**: not measured (no html-eval gold texts or seeds in %s)" %
      os.environ.get("SHARED", "../shared"))
if e_code:
    w("- **end to end**: the whole text family (`%s`, %d shards): %s MB of "
      "input, %s sentences (as `herald split --stats` counts them)." % (
          text_dir, len(full_shards),
          "%.1f" % (full_bytes / 1e6) if full_bytes else "?",
          k(sents) if sents else "?"))
    if count:
        allc = count["body"] + count["boiler"] + count["dup"]
        w("  After cleaning (`code-speed count`), %s of these sentences are "
          "in body paragraphs, %s in duplicate ones and %s (%.0f%%) in "
          "paragraphs marked boilerplate, which `herald code` skips: it codes "
          "%s sentences. The corpus recombines a limited pool of paragraphs, "
          "so most of them recur across documents and the cleaner takes them "
          "for boilerplate (reason `repeated-line`); real news would keep far "
          "more. Hence `herald code --no-clean` beside it, which codes every "
          "sentence. Tokens per sentence: %.1f in the sentences coded, %.1f "
          "in those skipped." % (k(count["body"]), k(count["dup"]), k(count["boiler"]),
                         100 * count["boiler"] / allc if allc else 0, k(coded),
                         (count["t_body"] + count["t_dup"]) / coded if coded else 0,
                         count["t_boiler"] / count["boiler"] if count["boiler"] else 0))
w("")

# the table
w("| what | corpus | sentences/s, wall / CPU | MB/s, wall / CPU | share of coding (CPU) | found per 1000 sentences |")
w("| --- | --- | ---: | ---: | ---: | --- |")


def found_txt(stage, f, c):
    if not f:
        return ""
    n = c["sents"]
    if stage == "code":
        return ("%.1f events (%.1f%% of sentences have one; %.0f%% of events "
                "with a source and a target)" % (
                    f["events"] * 1000 / n, f["with_event"] * 100 / n,
                    f["both"] * 100 / f["events"] if f["events"] else 0))
    if stage == "match":
        return "%.0f actors, agents and places" % (f["matches"] * 1000 / n)
    return ""


for stage in ("code", "tag", "match", "split"):
    for cname, c, f, st in (("text", text_c, text_f, text_s),
                            ("news", news_c, news_f, news_s)):
        if not c or stage not in st:
            continue
        s = st[stage]
        share = ""
        if stage in ("tag", "match") and "code" in st:
            share = "%.0f%%" % (100 * s["cpu"] / st["code"]["cpu"])
        elif stage == "code":
            share = "100%"
        w("| %s | %s | %s / %s | %.1f / %.1f | %s | %s |" % (
            label[stage], cname, k(s["sps"]), k(s["sps_cpu"]), s["mbs"],
            s["mbs_cpu"], share, found_txt(stage, f, c)))
E2E_ROWS = (("noclean", "**`herald code --no-clean`** end to end: ingest + code, "
                        "every sentence coded"),
            ("code", "**`herald code`** end to end: ingest + clean + code"),
            ("clean", "`herald ingest --stats`: ingest + clean"),
            ("split", "`herald split --stats`: ingest + split"))
for name, what in E2E_ROWS:
    f = globals()["e_" + name]
    if not f:
        continue
    rate = "%s / %s" % (k(sents / f["wall"]), k(sents / f["cpu"])) if sents else "?"
    if name == "code" and coded:
        rate += " (sentences coded: %s / %s)" % (k(coded / f["wall"]),
                                                 k(coded / f["cpu"]))
    mbs = ("%.1f / %.1f" % (full_bytes / 1e6 / f["wall"], full_bytes / 1e6 / f["cpu"])
           if full_bytes else "?")
    note = "peak RSS %.1f MB; %.1f s wall, %.1f s CPU%s" % (
        f["rss"], f["wall"], f["cpu"],
        " (exit %s)" % ",".join(f["exits"]) if f["exits"] else "")
    w("| %s | text, all | %s | %s | | %s |" % (what, rate, mbs, note))
w("")

# the goal and the shares, in words
goal = []
for cname, st in (("text", text_s), ("news", news_s)):
    if "code" in st:
        goal.append("%s in memory %s (CPU) / %s (wall)" % (
            cname, k(st["code"]["sps_cpu"]), k(st["code"]["sps"])))
if e_noclean and sents:
    goal.append("end to end without clean, every sentence coded, ingest "
                "included, %s (CPU) / %s (wall)" % (
                    k(sents / e_noclean["cpu"]), k(sents / e_noclean["wall"])))
    if e_split:
        d_cpu = e_noclean["cpu"] - e_split["cpu"]
        if d_cpu > 0:
            goal.append("coding's part of it (code --no-clean minus ingest+split, "
                        "CPU) %s" % k(sents / d_cpu))
if e_code and coded:
    goal.append("end to end with clean, by the %s sentences it codes, %s (CPU) / "
                "%s (wall)" % (k(coded), k(coded / e_code["cpu"]),
                               k(coded / e_code["wall"])))
if goal:
    w("Goal of issue 5: at least 20,000 sentences/s per core for coding, "
      "tagging included. Measured sentences/s: %s." % "; ".join(goal))
for cname, st in (("text", text_s), ("news", news_s)):
    if all(x in st for x in ("code", "tag", "match")):
        c = st["code"]["cpu"]
        w("\nWhere coding's time goes (%s, CPU time per pass): tagger %.0f%%, "
          "matcher %.0f%%, the rest (words, verb patterns, sources and "
          "targets) %.0f%%." % (cname, 100 * st["tag"]["cpu"] / c,
                                 100 * st["match"]["cpu"] / c,
                                 100 * (c - st["tag"]["cpu"] - st["match"]["cpu"]) / c))
w("")

# loading
if load:
    w("Loading what `herald code` needs before its first document "
      "(%s runs, medians; memory: what each step of the first run added to "
      "VmRSS, as heap + pages of the binary read):\n" % load_reps)
    w("| step | ms, wall / CPU | +RSS MB (heap + file) |")
    w("| --- | ---: | ---: |")
    names = {"dictionary": "actors + gazetteer (`hr_dict_new(0)` + finish)",
             "verbs": "verbs + CAMEO table (`hr_verbs_new(0)` + finish)",
             "tagger": "tagger (`hr_tagger_new`)",
             "coder": "coder (`hr_coder_new`: a matcher and its own tagger)",
             "total": "**total**: actors + verbs + coder"}
    for s in ("dictionary", "verbs", "tagger", "coder", "total"):
        if s in load:
            l = load[s]
            w("| %s | %.1f / %.1f | %.1f (%.1f + %.1f) |" % (
                names[s], l["wall"], l["cpu"], l["rss"] / 1024, l["anon"] / 1024,
                l["file"] / 1024))
    if "peak" in load_info:
        w("\nPeak during loading (VmHWM minus VmRSS before): %.1f MB. The "
          "tagger step builds a tagger of its own, for its time and memory; "
          "the coder then builds another, so the total counts one." %
          (int(load_info["peak"][0]) / 1024))
    w("")

w("Each run, in order (sentences/s by the wall clock): %s." % "; ".join(
    "%s %s: %s" % (cname, s, st[s]["runs"])
    for cname, st in (("text", text_s), ("news", news_s)) for s in st))
if e2e:
    w("End to end, seconds by the wall clock: %s." % "; ".join(
        "%s: %s" % (n, " ".join("%.1f" % x for x in e2e_fig(n)["runs"]))
        for n in ("split", "clean", "code", "noclean") if n in e2e))
w("")
if perf_note:
    w("**%s.**\n" % perf_note)
top = read(os.path.join(out, "perf.top")).rstrip()
if top:
    w("Profile of the timed coding passes (text, `perf record`, self time by "
      "function, the top ones; functions inlined at -O3 count in their "
      "caller):\n")
    w("```\n%s\n```\n" % top)
w("Commands (from the top of the repository):\n")
w("```")
for name, cmd in commands.items():
    w(cmd)
w("```")
for name, title in (("load", "loading"), ("code-text", "text"),
                    ("code-news", "news"), ("count", "sentences after cleaning")):
    t = readable(name)
    if t:
        w("\n`code-speed` printed (%s):\n\n```\n%s\n```" % (title, t))
for name in ("split", "clean"):
    t = read(os.path.join(out, "e2e-%s.out" % name)).strip()
    if t:
        w("\n`herald %s` printed (last run):\n\n```\n%s\n```" % (
            "split --stats" if name == "split" else "ingest --stats", t))
w("<!-- /code -->")
section = "\n".join(o) + "\n"

if results != "/dev/null":
    old = open(results).read() if os.path.exists(results) else ""
    m = re.search(r"<!-- code -->.*?<!-- /code -->\n?", old, re.S)
    if m:
        new = old[:m.start()] + section + old[m.end():]
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + section
    with open(results, "w") as f:
        f.write(new)
    print("code: wrote its section of %s" % results, file=sys.stderr)

# the table, for the terminal
print()
print("%-34s %-6s %21s %15s %8s %9s" % ("what", "corpus", "sentences/s w/c",
                                         "MB/s w/c", "share", "RSS MB"))
for stage in ("code", "tag", "match", "split"):
    for cname, st in (("text", text_s), ("news", news_s)):
        if stage not in st:
            continue
        s = st[stage]
        share = ("%.0f%%" % (100 * s["cpu"] / st["code"]["cpu"])
                 if stage in ("tag", "match") and "code" in st else "")
        print("%-34s %-6s %21s %15s %8s %9s" % (
            "in memory: " + stage, cname, "%.0f/%.0f" % (s["sps"], s["sps_cpu"]),
            "%.1f/%.1f" % (s["mbs"], s["mbs_cpu"]), share, ""))
for name, what in (("noclean", "end to end: ingest+code, no clean"),
                   ("code", "end to end: ingest+clean+code"),
                   ("code*", "  the same, by sentences coded"),
                   ("clean", "end to end: ingest+clean"),
                   ("split", "end to end: ingest+split")):
    f = globals()["e_" + name.rstrip("*")]
    n = coded if name == "code*" else sents
    if not f or not n:
        continue
    print("%-34s %-6s %21s %15s %8s %9.1f" % (
        what, "all", "%.0f/%.0f" % (n / f["wall"], n / f["cpu"]),
        "%.1f/%.1f" % (full_bytes / 1e6 / f["wall"], full_bytes / 1e6 / f["cpu"])
        if full_bytes and name != "code*" else "", "", f["rss"]))
if "total" in load:
    l = load["total"]
    print("%-34s %-6s %21s %15s %8s %9.1f" % (
        "loading: actors+verbs+coder", "", "%.0f/%.0f ms" % (l["wall"], l["cpu"]),
        "", "", l["rss"] / 1024))
EOF
